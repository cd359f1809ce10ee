package org.mfunet.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578) read part by part as it streams in, so that no part is ever held in
 * memory: {@link #next()} gives a part's field name and file name, {@link #copyBody} streams its content to wherever
 * the caller wants it. Malformed bodies end as a 400 {@link ApiException}; size and time limits are the caller's
 * stream's ({@link RequestBody}).
 */
final class MultipartForm {
    /** Longest header block of one part. */
    static final int MAX_HEADER_BYTES = 8192;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,./:=? -]{0,69}[0-9A-Za-z'()+_,./:=?-]");
    private static final Pattern NAME = parameter("name");
    private static final Pattern FILENAME = parameter("filename");

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int start;
    private int end;
    private boolean finished;

    /**
     * One part of the form.
     *
     * @param name     the field name
     * @param filename the file name the client gave, or null for a plain field
     */
    record Part(String name, String filename) {
    }

    /**
     * Reads a form from {@code in}.
     *
     * @param boundary from the request's {@code Content-Type}, see {@link #boundary}
     */
    MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // Every delimiter but the first follows a line break; one put in front lets a single search find them all.
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /**
     * The boundary of a {@code multipart/form-data} content type.
     *
     * @throws ApiException 400 when the content type is another one or has no valid boundary
     */
    static String boundary(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("multipart/form-data")) {
            throw new ApiException(400, "expected a multipart/form-data body (the fields lge, t2 and bssfp as files),"
                    + " got " + (contentType == null ? "no Content-Type" : "Content-Type " + parts[0].strip()));
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length());
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (BOUNDARY.matcher(value).matches()) {
                    return value;
                }
            }
        }
        throw new ApiException(400, "the multipart/form-data Content-Type has no valid boundary");
    }

    /**
     * Moves to the next part, skipping what is left of the current one (or the preamble).
     *
     * @return the part, or null after the closing delimiter
     * @throws ApiException 400 when the body is not well-formed multipart
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        copyUntilDelimiter(OutputStream.nullOutputStream());
        if (!ensure(2)) {
            throw malformed("the body ends after a boundary");
        }
        if (buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true;
            return null;
        }
        String afterDelimiter = readLine();
        if (!afterDelimiter.isBlank()) {
            throw malformed("unexpected text after a boundary");
        }
        String name = null;
        String filename = null;
        int headerBytes = 0;
        boolean disposition = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw malformed("the headers of a part are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                String value = line.substring(colon + 1).strip();
                if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                    throw malformed("a part's Content-Disposition is not form-data");
                }
                disposition = true;
                name = value(NAME, value);
                filename = value(FILENAME, value);
            }
        }
        if (!disposition || name == null) {
            throw malformed("a part has no Content-Disposition: form-data header with a field name");
        }
        return new Part(name, filename);
    }

    /** Streams the current part's content to {@code out}, up to the next delimiter. */
    void copyBody(OutputStream out) throws IOException {
        copyUntilDelimiter(out);
        // The delimiter just read belongs to the next part: step back so next() finds it.
        start -= delimiter.length;
    }

    private void copyUntilDelimiter(OutputStream out) throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                out.write(buffer, start, at - start);
                start = at + delimiter.length;
                return;
            }
            // The last delimiter.length - 1 bytes may be the start of a delimiter: keep them for the next search.
            int safe = end - (delimiter.length - 1);
            if (safe > start) {
                out.write(buffer, start, safe - start);
                start = safe;
            }
            if (!fill()) {
                throw malformed("the body ends before its closing boundary");
            }
        }
    }

    private int indexOfDelimiter() {
        int last = end - delimiter.length;
        for (int i = start; i <= last; i++) {
            if (buffer[i] == delimiter[0]) {
                int k = 1;
                while (k < delimiter.length && buffer[i + k] == delimiter[k]) {
                    k++;
                }
                if (k == delimiter.length) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A header line without its CRLF, decoded as UTF-8 (browsers send file names so). */
    private String readLine() throws IOException {
        int from = start;
        while (true) {
            for (int i = from; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 2;
                    return line;
                }
            }
            if (end - start > MAX_HEADER_BYTES) {
                throw malformed("a header line of a part is longer than " + MAX_HEADER_BYTES + " bytes");
            }
            from = Math.max(start, end - 1);
            int shift = start;
            if (!fill()) {
                throw malformed("the body ends inside the headers of a part");
            }
            from -= shift - start;
        }
    }

    /** True when at least {@code n} unread bytes are buffered, reading more as needed. */
    private boolean ensure(int n) throws IOException {
        while (end - start < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the front and reads more after them; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            throw new IllegalStateException("multipart buffer full");
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private static Pattern parameter(String name) {
        return Pattern.compile("(?i);\\s*" + name + "\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");
    }

    private static String value(Pattern parameter, String disposition) {
        Matcher m = parameter.matcher(disposition);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
    }

    private static ApiException malformed(String problem) {
        return new ApiException(400, "malformed multipart/form-data body: " + problem);
    }
}
