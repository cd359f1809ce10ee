package org.mfunet.infer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Locale;
import org.mfunet.AtomicFiles;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.DicomStudy;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.SeriesRules;
import org.mfunet.data.StudyVolumes;

/**
 * Predicts a list of cases into a folder: {@code <prefix>_<id>_seg.nii.gz} with MyoPS label values on the grid and
 * header of the case's C0 file (its DE file when it has no C0), written by {@link SegmentationFiles}, and in the
 * folder's {@link PredictionInputs} record the sequences each case was segmented from and the file whose grid it took.
 * A case that cannot be read or written is recorded and the others go on.
 */
public final class CohortPrediction {
    /** SoftwareVersions of the Segmentation objects: the jar's version, or {@code development}. */
    private static final String VERSION = Objects.requireNonNullElse(
            CohortPrediction.class.getPackage().getImplementationVersion(), "development");

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
     * @param progress receives one line per case, naming the sequences it was segmented from and its grid file
     */
    public static Outcome run(Predictor predictor, List<MyopsCase> cases, Path outDir, PredictionOptions options,
            Consumer<String> progress) {
        return each(cases, MyopsCase::name, outDir, progress, (c, start) -> {
            Written done = predictCase(predictor, c, outDir, options);
            return new Done(done.segmentation(), List.of(doneLine(c.name(), done.inputs(), seconds(start))));
        });
    }

    /** What one case or study of a run left: its segmentation file and the lines that report it. */
    private record Done(Path segmentation, List<String> lines) {
    }

    /** Segments one case or study of a run, started at {@code start} ({@link System#nanoTime()}). */
    @FunctionalInterface
    private interface Work<T> {
        Done apply(T item, long start);
    }

    /** Runs {@code work} on every item into {@code outDir}, recording a failed item and going on with the others. */
    private static <T> Outcome each(List<T> items, Function<T, String> name, Path outDir, Consumer<String> progress,
                                    Work<T> work) {
        createFolder(outDir);
        List<Path> written = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (T item : items) {
            try {
                Done done = work.apply(item, System.nanoTime());
                written.add(done.segmentation());
                done.lines().forEach(progress);
            } catch (MfunetException | UncheckedIOException e) {
                String reason = failureReason(e);
                failures.put(name.apply(item), reason);
                progress.accept(name.apply(item) + ": FAILED: " + reason);
            }
        }
        return new Outcome(written, failures);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The one-line reason a case failed, from what {@link #segmentCase} threw for it: a {@link MfunetException} (bad
     * input) or an {@link UncheckedIOException} (unreadable or unwritable file). Other exceptions are not about the
     * case and end the run.
     */
    public static String failureReason(RuntimeException e) {
        return e instanceof UncheckedIOException u ? u.getCause().toString() : e.getMessage();
    }

    /** The line that reports a segmented case: its name, what it was segmented from and how long it took. */
    public static String doneLine(String caseName, PredictionInputs inputs, double seconds) {
        return String.format(Locale.ROOT, "%s: from %s on the grid of %s, done in %.1f s", caseName,
                Sequence.describe(inputs.sequences()), inputs.grid(), seconds);
    }

    /**
     * What one case left in the folder.
     *
     * @param segmentation its label file
     * @param inputs       what it was segmented from, as recorded
     */
    public record Written(Path segmentation, PredictionInputs inputs) {
    }

    /**
     * Segments one case from the sequences of {@code options} that it has, writes its label file (and probabilities if
     * asked) and records its inputs.
     */
    public static Written predictCase(Predictor predictor, MyopsCase source, Path outDir, PredictionOptions options) {
        return predictCase(predictor, source, outDir, options, SliceProgress.NONE);
    }

    /** As {@link #predictCase(Predictor, MyopsCase, Path, PredictionOptions)}, telling {@code progress} each slice. */
    public static Written predictCase(Predictor predictor, MyopsCase source, Path outDir, PredictionOptions options,
                                      SliceProgress progress) {
        Written done = segmentCase(predictor, source, outDir, options, progress);
        PredictionInputs.record(outDir, source.name(), done.inputs());
        return done;
    }

    /**
     * As {@link #predictCase(Predictor, MyopsCase, Path, PredictionOptions, SliceProgress)} but leaves the folder's
     * {@link PredictionInputs} record to the caller: for workers that segment cases of one folder side by side, whose
     * driver records them all at the end. Each file is written atomically, so a worker killed mid-case leaves no half
     * file.
     */
    public static Written segmentCase(Predictor predictor, MyopsCase source, Path outDir, PredictionOptions options,
                                      SliceProgress progress) {
        CaseVolumes volumes = CaseVolumes.load(source.withOnly(options.sequences()));
        segment(predictor, volumes, outDir, source.name(), options, progress);
        return new Written(SegmentationFiles.segmentation(outDir, source.name()), PredictionInputs.of(volumes));
    }

    /**
     * Segments a case and writes {@code <name>_seg.nii.gz} (and {@code <name>_prob.nii.gz} if asked) on its grid.
     *
     * @return the label values written, {@code [nz][ny][nx]}, x fastest
     */
    private static int[] segment(Predictor predictor, CaseVolumes volumes, Path folder, String name,
                                 PredictionOptions options, SliceProgress progress) {
        CaseProbabilities probabilities = predictor.probabilities(volumes, progress);
        int[] labels = options.labels(probabilities);
        SegmentationFiles.writeLabels(SegmentationFiles.segmentation(folder, name), volumes.grid(), labels);
        if (options.saveProbabilities()) {
            SegmentationFiles.writeProbabilities(SegmentationFiles.probabilities(folder, name), volumes.grid(),
                    probabilities.maps(), CaseProbabilities.NAMES);
        }
        return labels;
    }

    /**
     * Segments every DICOM study into a folder of its own under {@code outDir} (created if missing): its
     * {@code <study>_seg.nii.gz} on the LGE's grid, its DICOM Segmentation {@code <study>_seg.dcm} and its
     * {@value StudyVolumes#RECORD}. A study's folder appears whole or not at all; a study that fails is recorded and the
     * others go on.
     *
     * @param progress receives per study a line naming the series used, then its notes (choices, resampling)
     */
    public static Outcome runStudies(Predictor predictor, List<DicomStudy> studies, SeriesRules rules, Path outDir,
                                     PredictionOptions options, Consumer<String> progress) {
        return each(studies, DicomStudy::name, outDir, progress, (study, start) -> {
            Path folder = outDir.resolve(study.name());
            List<String> lines = new ArrayList<>();
            AtomicFiles.replaceFolder(folder, temp -> {
                StudyVolumes loaded = study.load(rules, options.sequences());
                int[] labels = segment(predictor, loaded.volumes(), temp, study.name(), options, SliceProgress.NONE);
                loaded.writeSegmentation(temp, labels, VERSION);
                loaded.record(temp);
                lines.add(String.format(Locale.ROOT, "%s: from %s on the grid of the LGE, done in %.1f s", study.name(),
                        loaded.describeSeries(), seconds(start)));
                loaded.notes().forEach(n -> lines.add("  " + study.name() + ": " + n));
            });
            return new Done(SegmentationFiles.segmentation(folder, study.name()), lines);
        });
    }

    /**
     * True when {@code outDir} already holds every file {@link #segmentCase} writes for the case (files are written
     * atomically, so one that exists is whole): a rerun skips such a case.
     */
    public static boolean finished(MyopsCase source, Path outDir, PredictionOptions options) {
        return Files.isRegularFile(SegmentationFiles.segmentation(outDir, source.name()))
                && (!options.saveProbabilities()
                        || Files.isRegularFile(SegmentationFiles.probabilities(outDir, source.name())));
    }

    /**
     * Creates the output folder if missing and checks that it is writable.
     *
     * @throws MfunetException naming the folder when it cannot be created or written
     */
    public static void createFolder(Path outDir) {
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
