package org.mfunet.infer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.SegmentationFiles;

/**
 * Predicts a list of cases into a folder: {@code <prefix>_<id>_seg.nii.gz} with MyoPS label values on
 * the grid and header of the case's C0 file, written by {@link SegmentationFiles}. A case that cannot be read or written is recorded and the
 * others go on.
 */
public final class CohortPrediction {
    private CohortPrediction() {
    }

    /**
     * The outcome of a run.
     *
     * @param written  segmentation files written, in case order
     * @param failures case name to the one-line reason it failed, in case order
     */
    public record Outcome(List<Path> written, Map<String, String> failures) {
    }

    /**
     * Segments every case into {@code outDir} (created if missing).
     *
     * @param progress receives one line per case
     */
    public static Outcome run(Predictor predictor, List<MyopsCase> cases, Path outDir, PredictionOptions options,
            Consumer<String> progress) {
        createFolder(outDir);
        List<Path> written = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (MyopsCase c : cases) {
            long start = System.nanoTime();
            try {
                written.add(predictCase(predictor, c, outDir, options));
                progress.accept(String.format(java.util.Locale.ROOT, "%s: done in %.1f s", c.name(),
                        (System.nanoTime() - start) / 1e9));
            } catch (MfunetException | UncheckedIOException e) {
                String reason = e instanceof UncheckedIOException u ? u.getCause().toString() : e.getMessage();
                failures.put(c.name(), reason);
                progress.accept(c.name() + ": FAILED: " + reason);
            }
        }
        return new Outcome(written, failures);
    }

    /** Segments one case and writes its label file (and probabilities if asked); returns the label file. */
    public static Path predictCase(Predictor predictor, MyopsCase source, Path outDir, PredictionOptions options) {
        return predictCase(predictor, source, outDir, options, SliceProgress.NONE);
    }

    /** As {@link #predictCase(Predictor, MyopsCase, Path, PredictionOptions)}, telling {@code progress} each slice. */
    public static Path predictCase(Predictor predictor, MyopsCase source, Path outDir, PredictionOptions options,
                                   SliceProgress progress) {
        CaseVolumes volumes = CaseVolumes.load(source);
        CaseProbabilities probabilities = predictor.probabilities(volumes, progress);
        Path target = SegmentationFiles.segmentation(outDir, source.name());
        SegmentationFiles.writeLabels(target, volumes.grid(), options.labels(probabilities));
        if (options.saveProbabilities()) {
            SegmentationFiles.writeProbabilities(SegmentationFiles.probabilities(outDir, source.name()), volumes.grid(),
                    probabilities.maps(), CaseProbabilities.NAMES);
        }
        return target;
    }

    private static void createFolder(Path outDir) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new MfunetException(outDir + ": cannot create the output folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(outDir)) {
            throw new MfunetException(outDir + ": output folder is not writable");
        }
    }
}
