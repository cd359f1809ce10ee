package org.mfunet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file completely or not at all: the bytes go to a temporary file in the target's folder, which
 * then replaces the target in one atomic rename. A reader never sees half a file, and a failure leaves no
 * temporary file behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What goes into a file, written to a stream (buffered by the caller when it writes small pieces). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the parts, in order, as the new content of {@code target}; creates missing parent folders. */
    public static void write(Path target, byte[]... parts) {
        write(target, out -> {
            for (byte[] part : parts) {
                out.write(part);
            }
        });
    }

    /**
     * Writes what {@code content} writes as the new content of {@code target}; creates missing parent folders.
     * When {@code content} throws, the target is left as it was.
     */
    public static void write(Path target, Content content) {
        Path file = target.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    content.writeTo(out);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What goes into a folder, written into the (empty, existing) folder given. */
    @FunctionalInterface
    public interface FolderContent {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Replaces the folder {@code target} with what {@code content} writes: the content goes into a temporary sibling
     * folder, which is then renamed into place, so a reader sees the old folder or the new one, never a mix. When
     * {@code content} throws, the target is left as it was and the temporary folder is removed.
     */
    public static void replaceFolder(Path target, FolderContent content) {
        Path folder = target.toAbsolutePath().normalize();
        String pid = Long.toString(ProcessHandle.current().pid());
        Path temp = folder.resolveSibling("." + folder.getFileName() + ".tmp-" + pid);
        Path old = folder.resolveSibling("." + folder.getFileName() + ".old-" + pid);
        try {
            try {
                deleteTree(temp);
                Files.createDirectories(temp);
                content.writeInto(temp);
                if (Files.exists(folder)) {
                    Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } finally {
                deleteTree(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
