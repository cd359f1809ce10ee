package org.mfunet.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.SyntheticCohort;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.report.ReportBuilder;
import org.mfunet.train.ScheduleSpec;
import org.mfunet.train.TrainingConfig;
import org.mfunet.train.TrainingRun;

/**
 * Synthetic cohort → training → prediction of held-out cases → evaluation → report, in one folder:
 *
 * <pre>
 * OUT/cohort/train/           cases the network trains and validates on (fold 0 of their 5 seeded folds validates)
 * OUT/cohort/test/            held-out cases, never seen in training
 * OUT/run/                    the training run (settings, metrics.jsonl, curves.png, checkpoints, best/)
 * OUT/run/predictions/        segmentations of the test cases
 * OUT/run/evaluation.json     their metrics
 * OUT/run/report/index.html   the report
 * </pre>
 */
public final class DemoPipeline {
    private DemoPipeline() {
    }

    /**
     * Size of a demo.
     *
     * @param trainCases cases to train and validate on
     * @param testCases  held-out cases
     * @param seed       seed of the cohort and of training
     * @param cohort     generator of the synthetic cases
     * @param model      network settings
     * @param training   training settings (its epochs are the demo's)
     */
    public record Settings(int trainCases, int testCases, long seed, SyntheticCohort cohort, MfuNetConfig model,
                           TrainingConfig training) {
        public Settings {
            if (trainCases < 5) {
                throw new MfunetException("the demo needs at least 5 training cases (5 folds), got " + trainCases);
            }
            if (testCases < 1) {
                throw new MfunetException("the demo needs at least 1 test case, got " + testCases);
            }
        }

        /** The demo of the README: 20 training and 5 test cases, the {@code cpu-small} preset, 2 cores in minutes. */
        public static final Settings DEFAULT = new Settings(20, 5, 42, SyntheticCohort.DEFAULT, Presets.CPU_SMALL,
                TrainingConfig.CPU_SMALL.withSeed(42));

        public Settings withEpochs(int epochs) {
            return new Settings(trainCases, testCases, seed, cohort, model, training.withEpochs(epochs));
        }

        public Settings withSeed(long value) {
            return new Settings(trainCases, testCases, value, cohort, model, training.withSeed(value));
        }
    }

    /**
     * What the demo produced.
     *
     * @param evaluation metrics of the held-out cases
     * @param report     the report's index.html
     * @param seconds    wall time of the whole pipeline
     */
    public record Result(CohortEvaluation evaluation, Path report, double seconds) {
    }

    /**
     * Runs the demo into {@code out}, which must not exist or be empty. Progress lines go to {@code console}. The
     * engine's threads are the caller's to set ({@link org.mfunet.model.Engines#threads}) before the engine loads.
     */
    public static Result run(Path out, Settings settings, PrintWriter console) {
        long start = System.nanoTime();
        requireEmpty(out);
        Path train = out.resolve("cohort").resolve("train");
        Path test = out.resolve("cohort").resolve("test");
        step(console, "1/4 writing the synthetic cohort: %d training and %d test cases", settings.trainCases(), settings.testCases());
        writeCohort(settings, train, test);

        step(console, "2/4 training %s (%d epochs, validation on fold 0 of the training cases)",
                describe(settings.model()), settings.training().epochs());
        RunFolder run = RunFolder.of(out.resolve("run"));
        TrainingRun.train(TrainingRun.Request.of(train, run.dir(), settings.model(), settings.training(),
                ScheduleSpec.of(ScheduleSpec.KFOLD, 0, settings.training().epochs(), 1.0)), console);

        step(console, "3/4 segmenting and evaluating the %d held-out cases", settings.testCases());
        CohortEvaluation evaluation = HeldOutEvaluation.run(run, MyopsCohort.scan(test, null), run.dir(), "auto", "demo",
                line -> console.println("  " + line));

        step(console, "4/4 writing the report");
        ReportBuilder.Result report = ReportBuilder.build(ReportBuilder.Request.of(run.dir()).withData(test, null));
        console.println();
        console.print(EvaluationTables.markdown(evaluation));
        double seconds = (System.nanoTime() - start) / 1e9;
        console.printf(Locale.ROOT, "%nreport: %s%ndemo finished in %.0f s%n", report.index(), seconds);
        return new Result(evaluation, report.index(), seconds);
    }

    /** Writes train + test cases with one seed, then moves the last cases into the test folder. */
    private static void writeCohort(Settings settings, Path train, Path test) {
        List<MyopsCase> all = settings.cohort().write(train, settings.trainCases() + settings.testCases(), settings.seed());
        try {
            Files.createDirectories(test);
            for (MyopsCase c : all.subList(settings.trainCases(), all.size())) {
                try (Stream<Path> files = Files.list(train)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(c.name() + "_")).toList()) {
                        Files.move(f, test.resolve(f.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireEmpty(Path out) {
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new MfunetException("--out " + out + " is not empty: choose another folder or remove it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (Files.exists(out)) {
            throw new MfunetException("--out " + out + " is a file, not a folder");
        }
    }

    private static String describe(MfuNetConfig m) {
        return String.format(Locale.ROOT, "MFU-Net (depth %d, %d base filters, %s, %d px)", m.depth(), m.baseFilters(),
                m.backbone(), m.inputSide());
    }

    private static void step(PrintWriter console, String format, Object... args) {
        console.printf(Locale.ROOT, "[demo] " + format + "%n", args);
        console.flush();
    }
}
