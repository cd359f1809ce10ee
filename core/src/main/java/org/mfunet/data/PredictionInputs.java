package org.mfunet.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.mfunet.AtomicFiles;
import org.mfunet.MfunetException;

/**
 * What one case of a folder of predictions was segmented from: the sequences the network saw and the image whose grid
 * and header the segmentation took. A folder keeps them for all its cases in {@value #FILE} beside the segmentations
 * ({@code {"<case>": {"sequences": ["LGE", "bSSFP"], "grid": "<case>_C0.nii.gz"}}}): {@code predict} adds each case as it
 * writes it, and {@code evaluate} groups the cases by their sequences.
 *
 * @param sequences the sequences the network saw, the LGE among them
 * @param grid      file name of the image whose grid the segmentation is on, e.g. {@code synth_101_C0.nii.gz}
 */
public record PredictionInputs(Set<Sequence> sequences, String grid) {
    /** Name of the record in a folder of predictions. */
    public static final String FILE = "sequences.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PredictionInputs {
        Objects.requireNonNull(grid, "grid");
        if (!sequences.contains(Sequence.REQUIRED)) {
            throw new IllegalArgumentException("a prediction is made from the LGE and any others, got " + sequences);
        }
        sequences = Collections.unmodifiableSet(EnumSet.copyOf(sequences));
    }

    /** The inputs of a loaded case: its sequences and its grid file. */
    public static PredictionInputs of(CaseVolumes volumes) {
        return of(volumes.source());
    }

    /** The inputs a case is segmented from, known from its file names alone: its sequences and its grid file. */
    public static PredictionInputs of(MyopsCase source) {
        return new PredictionInputs(source.sequences(), source.image(source.gridSequence()).getFileName().toString());
    }

    /** The record of a folder of predictions. */
    public static Path file(Path folder) {
        return folder.resolve(FILE);
    }

    /**
     * Adds (or replaces) one case in the folder's record, written atomically.
     *
     * @throws MfunetException naming the record when an existing one cannot be read
     */
    public static void record(Path folder, String caseName, PredictionInputs inputs) {
        record(folder, Map.of(caseName, inputs));
    }

    /**
     * Adds (or replaces) several cases in the folder's record in one atomic write: how a driver records the cases its
     * workers segmented, since workers that each rewrote the shared record would lose one another's cases.
     *
     * @throws MfunetException naming the record when an existing one cannot be read
     */
    public static void record(Path folder, Map<String, PredictionInputs> cases) {
        Map<String, PredictionInputs> all = new TreeMap<>(read(folder));
        all.putAll(cases);
        ObjectNode root = JSON.createObjectNode();
        all.forEach((name, in) -> {
            ObjectNode node = root.putObject(name);
            in.sequences().forEach(s -> node.withArray("sequences").add(s.title()));
            node.put("grid", in.grid());
        });
        try {
            AtomicFiles.writeString(file(folder), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record of a folder of predictions by case name, sorted; empty when the folder has none (predictions made
     * before it was kept, or by another tool).
     *
     * @throws MfunetException naming the file when it is not such a record
     */
    public static Map<String, PredictionInputs> read(Path folder) {
        Path file = file(folder);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MfunetException(file + ": not a readable record of prediction inputs ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MfunetException(file + ": a record of prediction inputs must be a JSON object of cases");
        }
        Map<String, PredictionInputs> cases = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode sequences = entry.getValue().get("sequences");
            JsonNode grid = entry.getValue().get("grid");
            if (sequences == null || !sequences.isArray() || grid == null || !grid.isTextual()) {
                throw new MfunetException(file + ": case " + entry.getKey() + " needs a \"sequences\" list and a \"grid\"");
            }
            List<String> names = new ArrayList<>();
            sequences.forEach(n -> names.add(n.asText()));
            cases.put(entry.getKey(), new PredictionInputs(Sequence.parseSet(names, file + ": case " + entry.getKey()),
                    grid.asText()));
        }
        return Collections.unmodifiableMap(cases);
    }
}
