package org.mfunet.report;

import org.mfunet.RunFolder;
import org.mfunet.AtomicFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.cli.CliRun;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.model.ModelFiles;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.nifti.NiftiWriter;
import org.mfunet.train.DataFolders;
import org.mfunet.train.EpochMetrics;
import org.mfunet.train.MetricsFile;
import org.mfunet.train.MetricsJsonlListener;
import org.mfunet.train.TrainingConfig;

/** Builds reports from a hand-made run folder (tiny untrained network, two epochs of metrics) and a tiny cohort. */
class ReportBuilderTest {
    private static final MfuNetConfig TINY = Presets.PAPER.withDepth(2).withBaseFilters(4).withInputSide(64);
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]*)\"");
    private static final String[] SECTIONS = {"run", "overlays", "attention", "fusion", "patches", "curves", "dice"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void configureEngine() {
        Engines.configure(false);
    }

    /**
     * A run folder with model.json, training.json, data.json, metrics.jsonl, best-model.json (epoch 2) and best/ of an
     * untrained network.
     */
    private static Path run(Path root, MfuNetConfig config, Path cohort) {
        Path run = root.resolve("run");
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        AtomicFiles.writeString(RunFolder.of(run).modelSettings(), config.toJson());
        AtomicFiles.writeString(RunFolder.of(run).trainingSettings(), TrainingConfig.CPU_SMALL.toJson());
        new DataFolders(cohort, null).write(RunFolder.of(run));
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            Map<String, Double> loss = Map.of("anatomy", 1.0 / e, "scar", 0.5 / e, "edema", 0.25 / e, "total", 2.0 / e);
            history.add(new EpochMetrics(e, 0, e - 1, 1e-3 / e, loss, loss,
                    Map.of("scar", 0.1 * e, "edema", Double.NaN, "myocardium", 0.3 * e, "lv", 0.4, "rv", 0.2), 1.0));
        }
        new MetricsJsonlListener(RunFolder.of(run)).onTrainingStart(List.of(), history);
        MetricsFile.writeBestModel(RunFolder.of(run), history.get(1).withValidationDice(Map.of("scar", 0.7,
                "scar_edema", 0.8, "edema", 0.75, "myo", 0.9, "lv", 0.95, "rv", 0.85)));
        try (NDManager manager = Engines.engine().newBaseManager()) {
            MfuNet net = new MfuNet(config);
            net.initialize(manager, new Random(5));
            ModelFiles.save(run.resolve("best"), net, config);
        }
        return run;
    }

    private static Path cohort(Path root) {
        return TestCohorts.synthetic(root.resolve("cohort"), 64, 72, 3, 11);
    }

    /** Copies a case's ground truth as its prediction, so every non-empty structure has Dice 1. */
    private static void perfectPrediction(Path cohort, Path predictions, String caseName) throws IOException {
        Files.createDirectories(predictions);
        NiftiImage truth = NiftiReader.read(cohort.resolve(caseName + "_gd.nii.gz"));
        NiftiWriter.write(predictions.resolve(caseName + "_seg.nii.gz"), truth.header(), truth.data());
    }

    private static String html(ReportBuilder.Result result) throws IOException {
        return Files.readString(result.index());
    }

    @Test
    void everySectionWithLocalImagesAndTheDiceOfAPerfectPrediction() throws IOException {
        Path root = dir.resolve("full");
        Path cohort = cohort(root);
        Path run = run(root, TINY, cohort);
        perfectPrediction(cohort, run.resolve(RunFolder.PREDICTIONS), "synth_101");

        ReportBuilder.Result result = ReportBuilder.build(new ReportBuilder.Request(run, null, null, null, null));

        assertEquals(run.resolve("report").resolve("index.html").toAbsolutePath().normalize(), result.index());
        assertEquals(List.of(), result.notes());
        String html = html(result);
        for (String id : SECTIONS) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        Matcher img = IMG.matcher(html);
        int images = 0;
        while (img.find()) {
            String src = img.group(1);
            assertTrue(src.startsWith("figures/") && src.endsWith(".png"), src);
            assertTrue(Files.isRegularFile(result.index().resolveSibling(src)), src);
            images++;
        }
        assertEquals(result.figures(), images);
        // one overlay, three attention slices, fusion, patches, curves
        assertEquals(7, images);
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<link") || html.contains("<script"));
        assertTrue(html.contains("Best model, the one predict uses: epoch 2, validation loss 1.0000  Dice scar 0.700"
                + " s+e 0.800 edema 0.750 myo 0.900 lv 0.950 rv 0.850 (Dice on the whole validation cases)"), "best model");
        assertTrue(html.contains("<td>synth_101</td>"));
        assertTrue(html.contains("<td>1.000 ± 0.000</td>"), "myocardium Dice of a copied truth");
        try (var left = Files.list(root.resolve("run"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".report")), "temporary folder left");
        }
    }

    /** Cases without T2 or bSSFP: every figure is drawn, on the LGE where the usual background is missing. */
    @Test
    void casesThatLackSequencesAreDrawnOnWhatTheyHave() throws IOException {
        Path root = dir.resolve("partial");
        Path cohort = cohort(root);
        Files.delete(cohort.resolve("synth_101_T2.nii.gz"));
        Files.delete(cohort.resolve("synth_101_C0.nii.gz"));
        Files.delete(cohort.resolve("synth_102_C0.nii.gz"));
        Path run = run(root, TINY, cohort);
        perfectPrediction(cohort, run.resolve(RunFolder.PREDICTIONS), "synth_101");

        ReportBuilder.Result result = ReportBuilder.build(new ReportBuilder.Request(run, null, null, null, null));

        assertEquals(List.of(), result.notes());
        assertEquals(7, result.figures());
        String html = html(result);
        assertTrue(html.contains("on LGE where a case lacks the bSSFP or the T2"), html);
        assertTrue(html.contains("<td>1.000 ± 0.000</td>"), "myocardium Dice of a copied truth");
    }

    @Test
    void missingPredictionsAndAttentionAreStatedNotFatal() throws IOException {
        Path root = dir.resolve("bare");
        Path cohort = cohort(root);
        Path run = run(root, TINY.withAttention(false), cohort);
        Path out = root.resolve("out");

        ReportBuilder.Result result = ReportBuilder.build(new ReportBuilder.Request(run, cohort, null, null, out));

        String html = html(result);
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("No predictions: no predictions folder")), result.notes()::toString);
        assertTrue(html.contains("Attention is off in this model"));
        assertTrue(html.contains("No evaluation.json in the run and no predictions"));
        assertTrue(html.contains("<section id=\"fusion\">") && html.contains("figures/fusion.png"));
    }

    @Test
    void anEmptyPredictionFolderIsNamed() throws IOException {
        Path root = dir.resolve("empty-pred");
        Path cohort = cohort(root);
        Path run = run(root, TINY, cohort);
        Path predictions = Files.createDirectories(root.resolve("pred"));

        ReportBuilder.Result result = ReportBuilder.build(new ReportBuilder.Request(run, null, null, predictions, root.resolve("r")));

        assertTrue(html(result).contains("No predictions found in " + predictions.toAbsolutePath().normalize()));
    }

    @Test
    void aFolderThatIsNotARunIsRefused() throws IOException {
        Path notRun = Files.createDirectories(dir.resolve("not-a-run"));

        MfunetException e = assertThrows(MfunetException.class,
                () -> ReportBuilder.build(new ReportBuilder.Request(notRun, null, null, null, null)));

        assertEquals(notRun + ": not a training run folder (needs model.json or metrics.jsonl)", e.getMessage());
        assertFalse(Files.exists(notRun.resolve("report")));
    }

    @Test
    void commandExitsNonZeroWithOneLineForABadRun() {
        Path missing = dir.resolve("no-such-run");

        CliRun r = CliRun.of("report", missing.toString());

        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(missing + ": not a training run folder"), r.err());
    }
}
