package org.mfunet.train;

import org.mfunet.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;

/**
 * The data a run was trained on, stored as {@code data.json} in the run folder so later steps (the report)
 * find the cohort without being told again.
 *
 * @param data   absolute folder of the MyoPS images
 * @param labels absolute folder of the {@code _gd} files, or null when they sit next to the images
 */
public record DataFolders(Path data, Path labels) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DataFolders {
        Objects.requireNonNull(data, "data");
        data = data.toAbsolutePath().normalize();
        labels = labels == null ? null : labels.toAbsolutePath().normalize();
    }

    /** Writes {@code RUN/data.json} atomically. */
    public void write(RunFolder run) {
        try {
            AtomicFiles.writeString(run.dataFolders(), JSON.writeValueAsString(new Stored(data.toString(),
                    labels == null ? null : labels.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code RUN/data.json}; empty when the run did not record it.
     *
     * @throws MfunetException naming the file when it is not a data record
     */
    public static Optional<DataFolders> read(RunFolder run) {
        Path file = run.dataFolders();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            if (stored.data() == null) {
                throw new MfunetException(file + ": names no data folder");
            }
            return Optional.of(new DataFolders(Path.of(stored.data()), stored.labels() == null ? null : Path.of(stored.labels())));
        } catch (IOException e) {
            throw new MfunetException(file + ": not a valid data record: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** JSON form: plain strings, so the file reads the same on every platform. */
    private record Stored(String data, String labels) {
    }
}
