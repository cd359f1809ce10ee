package org.mfunet.pretrain;

import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.data.AugmentationConfig;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.EncoderFiles;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;

class EncoderPretrainingTest {
    private static final MfuNetConfig TINY = new MfuNetConfig(2, 4, "residual", true, true, 64, 0, "transposed", 0, 0);
    private static final PretrainingConfig FAST = new PretrainingConfig(3e-3, 6, 4, true, AugmentationConfig.DEFAULT,
            6, 5);

    @TempDir
    static Path shared;
    /** Images only: the label files of the synthetic cohort are deleted. */
    static Path imagesOnly;

    @BeforeAll
    static void cohort() throws IOException {
        Engines.configure(false);
        imagesOnly = TestCohorts.synthetic(shared.resolve("images"), 64, 80, 3, 7);
        try (Stream<Path> files = Files.list(imagesOnly)) {
            for (Path label : files.filter(f -> f.getFileName().toString().contains("_gd.")).toList()) {
                Files.delete(label);
            }
        }
    }

    private static EncoderPretraining.Result run(Path out, PretrainingConfig settings) {
        return EncoderPretraining.run(new EncoderPretraining.Request(imagesOnly, out, TINY, settings, "cpu"),
                new PrintWriter(new StringWriter()));
    }

    @Test
    void reconstructionLossFallsOnImagesWithoutLabelsAndTheRunFolderIsComplete(@TempDir Path dir) {
        EncoderPretraining.Result result = run(dir, FAST);
        List<PretrainingEpoch> history = result.history();
        assertEquals(FAST.epochs(), history.size());
        double first = history.get(0).loss();
        double last = history.get(history.size() - 1).loss();
        assertTrue(last < 0.7 * first, "L1 fell from " + first + " to " + last);
        assertEquals(history.stream().map(EncoderPretrainingTest::withoutSeconds).toList(),
                EncoderPretraining.readMetrics(RunFolder.of(dir)).stream().map(EncoderPretrainingTest::withoutSeconds).toList());
        RunFolder folder = RunFolder.of(dir);
        for (Path file : List.of(folder.modelSettings(), folder.pretrainingSettings(), folder.dataFolders(),
                folder.encoders().resolve(ModelFiles.CONFIG_FILE), folder.encoders().resolve(EncoderFiles.ENCODERS_FILE))) {
            assertTrue(Files.isRegularFile(file), file.toString());
        }
        assertEquals(dir.resolve("encoders"), result.encoders());
        assertEquals(FAST, PretrainingConfig.fromJson(RunFolder.of(dir).pretrainingSettings()));
        // The model records the spacing it was pretrained at: the median of the cohort, as training takes it.
        MfuNetConfig recorded = MfuNetConfig.fromJson(RunFolder.of(dir).modelSettings());
        assertEquals(TINY, recorded.withPixelSpacingMm(0));
        assertTrue(recorded.pixelSpacingMm() > 0);

        MfunetException again = assertThrows(MfunetException.class, () -> run(dir, FAST));
        assertEquals("--out " + dir + " already holds a run: choose another folder", again.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameLossesAndAnotherSeedOthers(@TempDir Path dir) {
        PretrainingConfig shortRun = FAST.withEpochs(2).withStepsPerEpoch(2);
        List<PretrainingEpoch> a = run(dir.resolve("a"), shortRun).history();
        List<PretrainingEpoch> b = run(dir.resolve("b"), shortRun).history();
        List<PretrainingEpoch> c = run(dir.resolve("c"), shortRun.withSeed(6)).history();
        assertEquals(a.stream().map(EncoderPretrainingTest::withoutSeconds).toList(),
                b.stream().map(EncoderPretrainingTest::withoutSeconds).toList());
        assertTrue(a.get(0).loss() != c.get(0).loss());
    }

    private static PretrainingEpoch withoutSeconds(PretrainingEpoch e) {
        return new PretrainingEpoch(e.epoch(), e.learningRate(), e.loss(), e.lge(), e.t2(), e.bssfp(), 0);
    }
}
