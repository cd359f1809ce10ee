package org.mfunet.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;
import org.mfunet.train.DataFolders;
import org.mfunet.train.MetricsFile;
import org.mfunet.train.ProgressListener;

/**
 * What a report draws on, found once: the run, the cases of its data folder (given, or recorded by the run), the
 * predictions of those cases and the network settings. What is missing or unreadable becomes a note instead of an
 * error, so the report can still show the rest.
 *
 * @param run         the run folder
 * @param facts       lines describing the run and what was found, for the report's first section
 * @param notes       statements of what is missing or could not be read
 * @param cases       the loaded cases by name, in cohort order
 * @param predictions the folder of predictions, or null
 * @param predicted   class maps ({@link MyopsLabels} class indices, {@code [z][y][x]}, x fastest) of the loaded
 *                    cases' predictions, in file-name order
 * @param model       the network settings, or null when they cannot be read
 * @param modelNote   why {@code model} is null, or null
 */
record ReportInputs(RunFolder run, List<String> facts, List<String> notes, Map<String, CaseVolumes> cases,
                    Path predictions, Map<String, byte[]> predicted, MfuNetConfig model, String modelNote) {
    ReportInputs {
        facts = List.copyOf(facts);
        notes = List.copyOf(notes);
        cases = Collections.unmodifiableMap(new LinkedHashMap<>(cases));
        predicted = Collections.unmodifiableMap(new LinkedHashMap<>(predicted));
    }

    /** Finds and reads what the request names, or the run recorded. */
    static ReportInputs find(ReportBuilder.Request request) {
        RunFolder run = RunFolder.of(request.run());
        List<String> facts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DataFolders recorded = null;
        try {
            recorded = DataFolders.read(run).orElse(null);
        } catch (MfunetException e) {
            notes.add(e.getMessage());
        }
        Path data = request.data() != null ? request.data() : recorded == null ? null : recorded.data();
        Path labels = request.data() != null ? request.labels() : recorded == null ? null : recorded.labels();
        Path predictions = request.predictions() != null ? request.predictions()
                : Files.isDirectory(run.predictions()) ? run.predictions() : null;
        facts.add("Run folder: " + absolute(run.dir()));
        facts.add("Data: " + (data == null ? "none" : absolute(data)) + (labels == null ? "" : ", labels: " + absolute(labels))
                + (request.data() == null && data != null ? " (recorded by the run)" : ""));
        facts.add("Predictions: " + (predictions == null ? "none" : absolute(predictions)));
        if (Files.isRegularFile(run.bestModelMetrics())) {
            try {
                facts.add("Best model, the one predict uses: " + ProgressListener.bestModelSummary(MetricsFile.readBestModel(run))
                        + " (Dice on the whole validation cases)");
            } catch (MfunetException e) {
                notes.add(e.getMessage());
            }
        }
        Map<String, CaseVolumes> cases = new LinkedHashMap<>();
        if (data == null) {
            notes.add("No data folder: the run recorded none (" + run.dataFolders().getFileName() + ") and none was given"
                    + " with --data, so the figures that need images are left out.");
        } else {
            try {
                for (MyopsCase c : MyopsCohort.scan(data, labels)) {
                    cases.put(c.name(), CaseVolumes.load(c));
                }
            } catch (MfunetException e) {
                notes.add("Cannot read the cohort: " + e.getMessage());
            }
        }
        Map<String, byte[]> predicted = predictions == null ? Map.of() : readPredictions(predictions, cases, notes);
        MfuNetConfig model = null;
        String modelNote = null;
        try {
            model = MfuNetConfig.fromJson(run.modelSettings());
            facts.add(String.format(Locale.ROOT, "Network: depth %d, %d base filters, %s blocks, max fusion %s,"
                    + " attention %s, input %d px", model.depth(), model.baseFilters(), model.backbone(),
                    onOff(model.maxFusion()), onOff(model.attention()), model.inputSide()));
        } catch (MfunetException e) {
            modelNote = e.getMessage();
        }
        return new ReportInputs(run, facts, notes, cases, predictions, predicted, model, modelNote);
    }

    /** The saved model the network figures use: best, else last; empty when the run has none. */
    Optional<Path> savedModel() {
        return run.savedModels().stream().filter(ReportInputs::isSavedModel).findFirst();
    }

    private static boolean isSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelFiles.PARAMETERS_FILE));
    }

    /** Class maps of the predictions of loaded cases, in file-name order; unreadable files become notes. */
    private static Map<String, byte[]> readPredictions(Path folder, Map<String, CaseVolumes> cases, List<String> notes) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.sorted().toList();
        } catch (IOException e) {
            notes.add(folder + ": cannot list the predictions (" + e.getMessage() + ")");
            return out;
        }
        for (Path file : files) {
            Optional<String> name = SegmentationFiles.caseOf(file.getFileName().toString());
            CaseVolumes truth = name.map(cases::get).orElse(null);
            if (truth == null) {
                continue;
            }
            try {
                int[] values = SegmentationFiles.readValues(file, truth.nx(), truth.ny(), truth.nz());
                out.put(name.get(), MyopsLabels.classesOf(values));
            } catch (MfunetException e) {
                notes.add("Prediction skipped: " + e.getMessage());
            }
        }
        return out;
    }

    static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
