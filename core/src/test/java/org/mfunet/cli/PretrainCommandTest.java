package org.mfunet.cli;

import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.EncoderFiles;
import org.mfunet.model.MfuNet;
import org.mfunet.model.ModelFiles;
import org.mfunet.pretrain.PretrainingConfig;
import org.mfunet.train.TrainingConfig;

class PretrainCommandTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path modelJson;
    static Path pretrainingJson;
    static Path trainingJson;

    @BeforeAll
    static void cohort() throws IOException {
        TestCohorts.TrainingInputs inputs = TestCohorts.trainingInputs(shared);
        data = inputs.data();
        modelJson = inputs.modelJson();
        trainingJson = inputs.trainingJson();
        pretrainingJson = Files.writeString(shared.resolve("pretraining.json"),
                PretrainingConfig.preset("cpu-small").withStepsPerEpoch(1).toJson());
    }

    private static String[] pretrain(Path out) {
        return pretrain(out, 2);
    }

    private static String[] pretrain(Path out, int epochs) {
        return new String[] {"pretrain", "--data", data.toString(), "--out", out.toString(), "--model-config",
            modelJson.toString(), "--config", pretrainingJson.toString(), "--epochs", Integer.toString(epochs),
            "--threads", "1", "--seed", "3"};
    }

    private static String[] train(Path out, Path modelConfig, Path encoders) {
        return new String[] {"train", "--data", data.toString(), "--out", out.toString(), "--model-config",
            modelConfig.toString(), "--config", trainingJson.toString(), "--epochs", "1", "--threads", "1",
            "--init-encoders", encoders.toString()};
    }

    @Test
    void casesWithoutAllThreeSequencesAreLeftOutAndNamed(@TempDir Path dir) throws IOException {
        Path cohort = TestCohorts.copy(data, dir.resolve("cohort"));
        Files.delete(cohort.resolve("synth_102_T2.nii.gz"));
        String[] args = pretrain(dir.resolve("pre"), 1);
        args[2] = cohort.toString();
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pretraining leaves out 1 case(s) without all three sequences: synth_102"), r.out());
        assertTrue(r.out().contains("of 4 cases"), r.out());
    }

    @Test
    void pretrainedEncodersStartATrainingRun(@TempDir Path dir) throws IOException {
        Path pre = dir.resolve("pre");
        CliRun pretrained = CliRun.of(pretrain(pre));
        assertEquals(0, pretrained.code(), pretrained.err());
        assertEquals("", pretrained.err());
        assertTrue(pretrained.out().contains("pretrained 2 epochs; reconstruction L1 "), pretrained.out());
        assertEquals(2, Files.readAllLines(RunFolder.of(pre).metrics()).size());
        assertTrue(Files.readString(pre.resolve("pretraining.json")).contains("\"seed\" : 3"));
        Path encoders = pre.resolve("encoders");
        assertTrue(Files.isRegularFile(encoders.resolve(EncoderFiles.ENCODERS_FILE)));

        Path run = dir.resolve("run");
        CliRun trained = CliRun.of(train(run, modelJson, encoders));
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.out().contains("trained 1 epochs"), trained.out());
        assertTrue(Files.readString(RunFolder.of(run).initEncoders())
                .contains(encoders.resolve(EncoderFiles.ENCODERS_FILE).toAbsolutePath().toString()));
        assertTrue(Files.isRegularFile(run.resolve("best").resolve("parameters.mfunet")));
    }

    @Test
    void theTrainedNetworkStartsFromThePretrainedEncoderWeights(@TempDir Path dir) throws IOException {
        Path pre = dir.resolve("pre");
        assertEquals(0, CliRun.of(pretrain(pre)).code());
        Path encoders = pre.resolve("encoders");
        // A learning rate so small that one Adam step moves no weight by more than 1e-9.
        String still = TrainingConfig.CPU_SMALL.withStepsPerEpoch(1).withPatience(0).toJson()
                .replaceFirst("\"learningRate\" : [0-9.Ee-]+", "\"learningRate\" : 1.0E-9");
        Path stillJson = Files.writeString(dir.resolve("still.json"), still);
        Path run = dir.resolve("run");
        String[] args = train(run, modelJson, encoders);
        args[java.util.Arrays.asList(args).indexOf("--config") + 1] = stillJson.toString();
        CliRun trained = CliRun.of(args);
        assertEquals(0, trained.code(), trained.err());

        try (NDManager manager = NDManager.newBaseManager()) {
            MfuNet after = ModelFiles.load(run.resolve("last"), manager);
            MfuNet pretrained = new MfuNet(after.config());
            pretrained.initialize(manager, new Random(1));
            MfuNet random = new MfuNet(after.config());
            random.initialize(manager, new Random(TrainingConfig.CPU_SMALL.seed()));
            EncoderFiles.read(encoders, after.config()).copyInto(pretrained);
            assertTrue(maxEncoderWeightDifference(after, pretrained) < 1e-6);
            assertTrue(maxEncoderWeightDifference(after, random) > 1e-2);
        }
    }

    /** Largest absolute difference over the encoders' convolution kernels of two networks of one configuration. */
    private static float maxEncoderWeightDifference(MfuNet a, MfuNet b) {
        List<Pair<String, Parameter>> pa = a.getParameters().stream().toList();
        List<Pair<String, Parameter>> pb = b.getParameters().stream().toList();
        float max = 0;
        int kernels = 0;
        for (int i = 0; i < pa.size(); i++) {
            String name = pa.get(i).getKey();
            if (name.contains("encoder_") && name.endsWith("_weight")) {
                NDArray diff = pa.get(i).getValue().getArray().sub(pb.get(i).getValue().getArray()).abs();
                max = Math.max(max, diff.max().getFloat());
                kernels++;
            }
        }
        assertTrue(kernels >= 3 * 4, "encoder kernels found: " + kernels);
        return max;
    }

    @Test
    void mismatchedEncodersAndBadOptionsGetOneLineAndNoRunFolder(@TempDir Path dir) throws IOException {
        Path pre = dir.resolve("pre");
        assertEquals(0, CliRun.of(pretrain(pre)).code());
        Path deeper = Files.writeString(dir.resolve("deeper.json"),
                TestCohorts.TINY_MODEL_JSON.replace("\"depth\":2", "\"depth\":3"));
        Path run = dir.resolve("run");
        CliRun mismatch = CliRun.of(train(run, deeper, pre.resolve("encoders")));
        assertEquals(1, mismatch.code());
        assertEquals("error: " + pre.resolve("encoders").resolve("config.json")
                + ": encoders pretrained with depth 2, the network has depth 3", mismatch.err().strip());
        assertFalse(Files.exists(run));

        CliRun again = CliRun.of(pretrain(pre));
        assertEquals(1, again.code());
        assertEquals("error: --out " + pre + " already holds a run: choose another folder", again.err().strip());
        CliRun epochs = CliRun.of(pretrain(dir.resolve("other"), 0));
        assertEquals(1, epochs.code());
        assertEquals("error: --epochs must be positive, got 0", epochs.err().strip());
        CliRun missing = CliRun.of(train(run, modelJson, dir.resolve("nowhere")));
        assertEquals(1, missing.code());
        assertEquals("error: " + dir.resolve("nowhere") + ": not pretrained encoders (needs config.json and"
                + " encoders.mfunet, as written by mfunet pretrain into RUN/encoders)", missing.err().strip());
    }
}
