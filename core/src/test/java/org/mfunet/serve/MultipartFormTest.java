package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    /** A part's name, file name and content as read back. */
    record Read(String name, String filename, byte[] content) {
    }

    @Test
    void partsComeBackWholeHoweverTheBodyArrives() throws IOException {
        byte[] binary = new byte[200_000];
        new Random(4).nextBytes(binary);
        // Content that holds the delimiter's first bytes, a near-miss that must stay content.
        byte[] tricky = ("line\r\n--" + MultipartBody.BOUNDARY.substring(0, 10) + "x\r\n--").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new MultipartBody().file("lge", "a \\\"b\\\".nii.gz", binary).value("note", "ünïcode")
                .file("t2", "t.nii", tricky).file("empty", "e.nii", new byte[0]).bytes();
        for (int chunk : new int[] {1, 7, 4096, Integer.MAX_VALUE}) {
            List<Read> parts = readAll(new Trickle(body, chunk), MultipartBody.BOUNDARY);
            assertEquals(4, parts.size(), "chunk " + chunk);
            assertEquals("lge", parts.get(0).name());
            assertEquals("a \"b\".nii.gz", parts.get(0).filename());
            assertArrayEquals(binary, parts.get(0).content(), "chunk " + chunk);
            assertEquals("note", parts.get(1).name());
            assertNull(parts.get(1).filename());
            assertEquals("ünïcode", new String(parts.get(1).content(), StandardCharsets.UTF_8));
            assertArrayEquals(tricky, parts.get(2).content(), "chunk " + chunk);
            assertEquals(0, parts.get(3).content().length);
        }
    }

    @Test
    void aPreambleAndAnEpilogueAreIgnored() throws IOException {
        byte[] form = new MultipartBody().value("a", "1").bytes();
        byte[] body = concat("This is the preamble.\r\n".getBytes(StandardCharsets.US_ASCII), form,
                "epilogue".getBytes(StandardCharsets.US_ASCII));
        List<Read> parts = readAll(new ByteArrayInputStream(body), MultipartBody.BOUNDARY);
        assertEquals(1, parts.size());
        assertEquals("1", new String(parts.get(0).content(), StandardCharsets.US_ASCII));
    }

    @Test
    void theBoundaryIsTakenFromTheContentType() {
        assertEquals("abc", MultipartForm.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b:c", MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\""));
        for (String bad : new String[] {null, "text/plain", "multipart/form-data", "multipart/form-data; boundary=",
                "multipart/form-data; boundary=" + "x".repeat(71), "multipart/mixed; boundary=abc"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> MultipartForm.boundary(bad)).status(), bad);
        }
    }

    @Test
    void malformedBodiesAre400s() {
        String b = MultipartBody.BOUNDARY;
        String[][] cases = {
            {"", "the body ends before its closing boundary"},
            {"--" + b + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + b + "--", "a part has no Content-Disposition"},
            {"--" + b + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--" + b + "--", "is not form-data"},
            {"--" + b + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "ends before its closing boundary"},
            {"--" + b + "\r\nContent-Disposition: form-data; name=\"a\"", "ends inside the headers of a part"},
            {"--" + b + "junk\r\n", "unexpected text after a boundary"},
            {"--" + b + "\r\nX: " + "y".repeat(9000) + "\r\n\r\n", "longer than 8192 bytes"},
        };
        for (String[] c : cases) {
            ApiException e = assertThrows(ApiException.class, () -> readAll(
                    new ByteArrayInputStream(c[0].getBytes(StandardCharsets.ISO_8859_1)), b), c[1]);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("malformed multipart/form-data body: ")
                    && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    private static List<Read> readAll(InputStream in, String boundary) throws IOException {
        MultipartForm form = new MultipartForm(in, boundary);
        List<Read> parts = new ArrayList<>();
        for (MultipartForm.Part p = form.next(); p != null; p = form.next()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            form.copyBody(content);
            parts.add(new Read(p.name(), p.filename(), content.toByteArray()));
        }
        return parts;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Gives at most {@code chunk} bytes a read, as a slow network does. */
    private static final class Trickle extends ByteArrayInputStream {
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
