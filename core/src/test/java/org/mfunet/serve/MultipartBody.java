package org.mfunet.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A multipart/form-data request body built for tests, as a browser or curl would send it. */
final class MultipartBody {
    static final String BOUNDARY = "----mfunetTestBoundary7MA4YWxkTrZu0gW";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Adds a file field. */
    MultipartBody file(String field, String filename, byte[] content) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        bytes.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** Adds a file field with the content of {@code file}. */
    MultipartBody file(String field, Path file) {
        try {
            return file(field, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a plain (non-file) field. */
    MultipartBody value(String field, String value) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    /** The body, closed with the final boundary. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes.toByteArray());
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** The body without its final boundary: a truncated upload. */
    byte[] unterminated() {
        return bytes.toByteArray();
    }

    static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private void write(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
