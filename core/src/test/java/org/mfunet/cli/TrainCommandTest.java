package org.mfunet.cli;

import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.data.TestCohorts;
import org.mfunet.train.Checkpoint;
import org.mfunet.train.EpochMetrics;
import org.mfunet.train.MetricsFile;
import org.mfunet.train.ProgressListener;
import org.mfunet.train.Split;
import org.mfunet.train.TrainingConfig;

class TrainCommandTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path modelJson;
    static Path trainingJson;

    @TempDir
    Path dir;

    @BeforeAll
    static void cohort() throws IOException {
        TestCohorts.TrainingInputs inputs = TestCohorts.trainingInputs(shared);
        data = inputs.data();
        modelJson = inputs.modelJson();
        trainingJson = inputs.trainingJson();
    }

    private static List<String> args(Path out, int epochs, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--model-config", modelJson.toString(), "--config", trainingJson.toString(), "--epochs",
                Integer.toString(epochs), "--threads", "1", "--seed", "3"));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> withoutSeconds(Path run) throws IOException {
        return Files.readAllLines(RunFolder.of(run).metrics()).stream()
                .map(l -> l.replaceAll("\"seconds\":[0-9.Ee-]+", "")).toList();
    }

    @Test
    void trainsRecordsSettingsAndRefusesToOverwriteARun() throws IOException {
        Path run = dir.resolve("run");
        CliRun first = CliRun.of(args(run, 2, "--alignment", "3"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("trained 2 epochs"), first.out());
        assertEquals("", first.err());
        for (String file : List.of("model.json", "training.json", "schedule.json", "metrics.jsonl", "curves.png",
                "last.ckpt", "best.ckpt", "last/config.json", "best/parameters.mfunet")) {
            assertTrue(Files.exists(run.resolve(file)), file);
        }
        assertEquals(2, Files.readAllLines(RunFolder.of(run).metrics()).size());
        assertTrue(Files.readString(RunFolder.of(run).trainingSettings()).contains("\"seed\" : 3"));
        assertTrue(Files.readString(run.resolve("model.json")).contains("\"alignmentMm\" : 3.0"),
                "the run records the alignment its model was trained with");

        CliRun again = CliRun.of(args(run, 2));
        assertEquals(1, again.code());
        assertEquals("error: --out " + run + " already holds a training run: add --resume to continue it or choose"
                + " another folder", again.err().strip());
    }

    /**
     * The line {@code train} ends with gives the Dice of the model {@code predict} uses, and {@code predict} with that
     * model then {@code evaluate} on the validation cases give the same numbers. The run is made so that the best
     * epoch is one that did not score the whole validation cases (a learning rate high enough that the second epoch's
     * validation loss is far above the first's, an early stop after it, whole-case Dice only at the phase's end), so
     * the line comes from the scoring at the end of the run.
     */
    @Test
    void bestModelDiceIsWhatPredictAndEvaluateGiveOnTheValidationCases() throws IOException {
        Path run = dir.resolve("run");
        Path config = Files.writeString(dir.resolve("training.json"), TrainingConfig.fromJson(trainingJson)
                .withLearningRate(0.05).withValidationDiceEvery(100).withPatience(1).withMinDelta(1000).toJson());
        List<String> args = args(run, 6, "--alignment", "3");
        args.set(args.indexOf(trainingJson.toString()), config.toString());
        CliRun train = CliRun.of(args);
        assertEquals(0, train.code(), train.err());
        Matcher line = Pattern.compile("best model: epoch (\\d+), validation loss \\S+  Dice scar (\\S+) s\\+e (\\S+)"
                + " edema (\\S+) myo (\\S+) lv (\\S+) rv (\\S+) \\(what predict uses\\)").matcher(train.out());
        assertTrue(line.find(), train.out());
        List<String> metrics = Files.readAllLines(RunFolder.of(run).metrics());
        assertEquals(2, metrics.size(), "the run should stop early after its second epoch");
        int best = Integer.parseInt(line.group(1));
        assertTrue(metrics.get(best - 1).contains("\"validationDice\":{}"),
                "the best epoch should be one that did not score whole cases: " + metrics.get(best - 1));

        EpochMetrics recorded = MetricsFile.readBestModel(RunFolder.of(run));
        assertEquals(best, recorded.epoch(), "best-model.json records the printed epoch");
        assertEquals("best model: " + ProgressListener.bestModelSummary(recorded) + " (what predict uses)", line.group(),
                "best-model.json records the printed Dice");

        Path validation = Files.createDirectories(dir.resolve("validation"));
        List<String> cases = Split.read(RunFolder.of(run).split()).validation();
        assertFalse(cases.isEmpty());
        try (var files = Files.list(data)) {
            for (Path f : files.filter(f -> cases.stream().anyMatch(c -> f.getFileName().toString().startsWith(c + "_"))).toList()) {
                Files.copy(f, validation.resolve(f.getFileName()));
            }
        }
        Path predictions = dir.resolve("predictions");
        assertEquals(0, CliRun.of("predict", "--model", run.toString(), "--input", validation.toString(), "--out",
                predictions.toString(), "--threads", "1").code());
        Path json = dir.resolve("evaluation.json");
        assertEquals(0, CliRun.of("evaluate", "--truth", validation.toString(), "--pred", predictions.toString(),
                "--json", json.toString()).code());
        JsonNode summary = new ObjectMapper().readTree(json.toFile()).get("summary");
        String[] keys = {"scar", "scar_edema", "edema", "myo", "lv", "rv"};
        for (int i = 0; i < keys.length; i++) {
            double printed = Double.parseDouble(line.group(i + 2));
            JsonNode mean = summary.get(keys[i]).get("dice").get("mean");
            if (Double.isNaN(printed)) {
                assertTrue(mean == null || mean.isNull() || Double.isNaN(mean.asDouble()), keys[i] + ": " + mean);
            } else {
                assertEquals(printed, mean.asDouble(), 0.0005, keys[i]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"--recompute-encoders, '', -1", "--recompute-levels, 1, 1"})
    void recomputedEncodersTrainTheSameCurve(String option, String value, int recorded) throws IOException {
        Path plain = dir.resolve("plain");
        Path recomputed = dir.resolve("recomputed");
        assertEquals(0, CliRun.of(args(plain, 2)).code());
        CliRun outcome = CliRun.of(value.isEmpty() ? args(recomputed, 2, option) : args(recomputed, 2, option, value));
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(Files.readString(RunFolder.of(recomputed).trainingSettings()).contains("\"recomputeLevels\" : " + recorded));
        List<String> expected = withoutSeconds(plain);
        List<String> actual = withoutSeconds(recomputed);
        assertEquals(2, actual.size());
        for (int line = 0; line < expected.size(); line++) {
            double[] a = numbers(expected.get(line));
            double[] b = numbers(actual.get(line));
            assertEquals(a.length, b.length, actual.get(line));
            assertTrue(a.length > 10, "too few numbers in " + actual.get(line));
            for (int i = 0; i < a.length; i++) {
                // the same gradients up to float rounding; the curves agree to far better than this
                assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), "epoch " + (line + 1) + ": " + actual.get(line));
            }
        }
    }

    private static double[] numbers(String json) {
        return java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([Ee]-?[0-9]+)?").matcher(json.replaceAll("\"[a-z_0-9]+\"", ""))
                .results().mapToDouble(m -> Double.parseDouble(m.group())).toArray();
    }

    @Test
    void badOptionsGetOneLine() {
        CliRun schedule = CliRun.of(args(dir.resolve("a"), 2, "--schedule", "weekly"));
        assertEquals(1, schedule.code());
        assertEquals("error: --schedule must be kfold or alternating, got 'weekly'", schedule.err().strip());
        CliRun epochs = CliRun.of(args(dir.resolve("a"), 2, "--schedule", "alternating"));
        assertEquals(1, epochs.code());
        assertEquals("error: --epochs applies to the kfold schedule; scale the alternating one with --epochs-scale",
                epochs.err().strip());
        CliRun resume = CliRun.of(args(dir.resolve("b"), 2, "--resume"));
        assertEquals(1, resume.code());
        assertEquals("error: --out " + dir.resolve("b") + ": no last.ckpt to resume from", resume.err().strip());
        int depth = 2;
        CliRun deep = CliRun.of(args(dir.resolve("c"), 2, "--recompute-levels", String.valueOf(depth + 1)));
        assertEquals(1, deep.code());
        assertEquals("error: cannot recompute " + (depth + 1) + " encoder levels: the network's encoders have " + depth
                + " (--recompute-levels, or recomputeLevels of the training config)", deep.err().strip());
        assertFalse(Files.exists(dir.resolve("c")), "a refused run must not create its folder");
        CliRun negative = CliRun.of(args(dir.resolve("c"), 2, "--recompute-levels", "-1"));
        assertEquals("error: --recompute-levels must be 0 or more, got -1", negative.err().strip());
        CliRun both = CliRun.of(args(dir.resolve("c"), 2, "--recompute-levels", "1", "--recompute-encoders"));
        assertEquals("error: --recompute-levels and --recompute-encoders exclude each other", both.err().strip());
        CliRun dropout = CliRun.of(args(dir.resolve("c"), 2, "--sequence-dropout", "0.25,1.5"));
        assertEquals("error: --sequence-dropout 0.25,1.5: give two probabilities in [0, 1], for the T2 and the bSSFP,"
                + " e.g. 0.25,0.25", dropout.err().strip());
        CliRun one = CliRun.of(args(dir.resolve("c"), 2, "--sequence-dropout", "0.25"));
        assertEquals("error: --sequence-dropout 0.25: give two probabilities in [0, 1], for the T2 and the bSSFP,"
                + " e.g. 0.25,0.25", one.err().strip());
        CliRun alignment = CliRun.of(args(dir.resolve("c"), 2, "--alignment", "-2"));
        assertEquals(1, alignment.code());
        assertEquals("error: --alignment -2.0: give 0 or a positive number of mm", alignment.err().strip());
        assertFalse(Files.exists(dir.resolve("c")), "a refused run must not create its folder");
    }

    /** Starts {@code mfunet train} in a separate JVM, as a user would. */
    private Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Every run here is a separate JVM with one engine thread, because float sums (and so the curves) are
     * reproducible only with the same thread count, and this test JVM's engine may already run with another.
     */
    @Test
    void killedProcessResumesWithTheSameHistoryAsAnUninterruptedRun() throws Exception {
        int epochs = 6;
        Path killed = dir.resolve("killed");
        Path whole = dir.resolve("whole");
        Process reference = start(args(whole, epochs), dir.resolve("whole.log"));
        Process process = start(args(killed, epochs), dir.resolve("killed.log"));
        Path last = RunFolder.of(killed).lastCheckpoint();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(last) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int done;
        try (NDManager m = NDManager.newBaseManager()) {
            done = Checkpoint.read(last, m).progress().history().size();
        }
        assertTrue(done >= 1 && done < epochs, "the process should have been killed mid-run, after epoch " + done);

        Process resumed = start(args(killed, epochs, "--resume"), dir.resolve("resumed.log"));
        assertTrue(resumed.waitFor(60, TimeUnit.SECONDS) && resumed.exitValue() == 0, Files.readString(dir.resolve("resumed.log")));
        assertTrue(Files.readString(dir.resolve("resumed.log")).contains("resuming after epoch " + done));
        assertTrue(reference.waitFor(60, TimeUnit.SECONDS) && reference.exitValue() == 0, Files.readString(dir.resolve("whole.log")));

        List<String> lines = withoutSeconds(killed);
        assertEquals(IntStream.rangeClosed(1, epochs).boxed().toList(),
                lines.stream().map(l -> Integer.valueOf(l.replaceAll(".*\"epoch\":(\\d+),.*", "$1"))).toList());
        assertEquals(withoutSeconds(whole), lines);
    }
}
