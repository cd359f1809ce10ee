package org.mfunet.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 spoken over a plain socket, for requests that no well-behaved client sends: odd paths, slow bodies. */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * An answer.
     *
     * @param status  the status code
     * @param headers the header lines, lower-cased names
     * @param body    the body as text
     */
    record Response(int status, String headers, String body) {
    }

    /** Sends {@code GET path} exactly as written and reads the answer. */
    static Response get(int port, String path) throws IOException {
        try (Socket socket = open(port)) {
            send(socket.getOutputStream(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            return read(socket.getInputStream());
        }
    }

    /** A socket to the service on loopback, reads timing out after 30 s. */
    static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one answer: status line, headers, and a body of Content-Length bytes (or up to the end). */
    static Response read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head.isEmpty()) {
            throw new IOException("the connection closed without an answer");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String headers = head.toLowerCase(Locale.ROOT);
        int at = headers.indexOf("content-length:");
        byte[] body;
        if (at >= 0) {
            int end = headers.indexOf("\r\n", at);
            int length = Integer.parseInt(headers.substring(at + "content-length:".length(), end).strip());
            body = in.readNBytes(length);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
