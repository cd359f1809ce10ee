package org.mfunet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Names of the files in a run folder and the atomic write they all use. */
public final class RunFiles {
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.jsonl";
    public static final String CURVES = "curves.png";
    public static final String MODEL = "model.json";
    public static final String TRAINING = "training.json";
    public static final String SCHEDULE = "schedule.json";

    private RunFiles() {
    }

    /** Writes a file through a temporary file in the same folder and an atomic move. */
    public static void writeAtomically(Path file, byte[] content) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text variant of {@link #writeAtomically(Path, byte[])}, UTF-8. */
    public static void writeAtomically(Path file, String content) {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
