package org.mfunet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reading the project's JSON settings files and JSON-lines records with errors a user can act on: one line
 * naming the file (or option) and what is wrong, never a Jackson stack trace.
 */
public final class JsonFiles {
    private JsonFiles() {
    }

    /**
     * Parses a settings object, e.g. a training config.
     *
     * @param source names the file or option in error messages
     * @param what   what the text should be, e.g. "training config"
     * @throws MfunetException "SOURCE: not a valid WHAT: reason", the reason being a record's own validation
     *                         message when that is what failed
     */
    public static <T> T parse(ObjectMapper json, String text, Class<T> type, String source, String what) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
            throw new MfunetException(source + ": not a valid " + what + ": " + message);
        }
    }

    /** As {@link #parse}, reading the file; a missing file is "FILE: no such WHAT file". */
    public static <T> T read(ObjectMapper json, Path file, Class<T> type, String what) {
        return read(json, file, type, what, UnaryOperator.identity());
    }

    /** As {@link #read}, with the text passed through {@code upgrade} (earlier versions of a format) first. */
    public static <T> T read(ObjectMapper json, Path file, Class<T> type, String what, UnaryOperator<String> upgrade) {
        try {
            return parse(json, upgrade.apply(Files.readString(file)), type, file.toString(), what);
        } catch (NoSuchFileException e) {
            throw new MfunetException(file + ": no such " + what + " file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one record per non-blank line, in file order.
     *
     * @param what a record's description with its article, e.g. "an epoch record"
     * @throws MfunetException naming the file and the first line that is not such a record
     */
    public static <T> List<T> readLines(ObjectMapper json, Path file, Class<T> type, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new MfunetException(file + ": cannot read (" + e.getMessage() + ")");
        }
        List<T> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(json.readValue(lines.get(i), type));
            } catch (IOException | IllegalArgumentException e) {
                throw new MfunetException(file + ": line " + (i + 1) + " is not " + what);
            }
        }
        return records;
    }

    /** {@code value} as JSON text in the mapper's style. */
    public static String toJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code file} with one JSON record per line, in order, atomically (the form {@link #readLines} reads). */
    public static void writeLines(ObjectMapper json, Path file, List<?> records) {
        StringBuilder text = new StringBuilder();
        try {
            for (Object r : records) {
                text.append(json.writeValueAsString(r)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(file, text.toString());
    }
}
