package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.RunFolder;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Sequence;
import org.mfunet.data.SequenceDropout;
import org.mfunet.data.TestCohorts;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.train.TrainingConfig;

/** Cases without their T2 or bSSFP through the real command line: a model trained on complete cases segments them. */
class MissingSequencesCommandTest {
    @TempDir
    static Path shared;
    static TestCohorts.TrainingInputs inputs;
    /** A run trained for one epoch on complete cases, without sequence dropout. */
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnCompleteCases() throws IOException {
        inputs = TestCohorts.trainingInputs(shared);
        Path withoutDropout = Files.writeString(shared.resolve("no-dropout.json"), TrainingConfig.CPU_SMALL
                .withStepsPerEpoch(1).withPatience(0).withSequenceDropout(SequenceDropout.NONE).toJson());
        run = shared.resolve("run");
        CliRun r = CliRun.of(train(inputs.data(), run, withoutDropout));
        assertEquals(0, r.code(), r.err());
    }

    private static List<String> train(Path data, Path out, Path config) {
        return List.of("train", "--data", data.toString(), "--out", out.toString(), "--model-config",
                inputs.modelJson().toString(), "--config", config.toString(), "--epochs", "1", "--threads", "1",
                "--seed", "3");
    }

    /** Copies cases 101 and 102 of the training cohort into a new folder, without their labels. */
    private Path twoCases(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String c : List.of("synth_101", "synth_102")) {
            for (Sequence s : Sequence.values()) {
                String file = c + "_" + s.suffix() + ".nii.gz";
                Files.copy(inputs.data().resolve(file), folder.resolve(file));
            }
        }
        return folder;
    }

    private static Path image(Path folder, String caseName, Sequence s) {
        return folder.resolve(caseName + "_" + s.suffix() + ".nii.gz");
    }

    /** The probability file of a case, header and voxels, uncompressed. */
    private static byte[] probabilities(Path predictions, String caseName) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SegmentationFiles.probabilities(predictions, caseName)))) {
            return in.readAllBytes();
        }
    }

    private static CliRun predict(Path input, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", run.toString(), "--input",
                input.toString(), "--out", out.toString(), "--save-probabilities", "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    @Test
    void aModelTrainedOnCompleteCasesSegmentsACaseWithOnlyLgeAndOneWithLgeAndBssfp() throws IOException {
        Path complete = twoCases("complete");
        Path partial = twoCases("partial");
        Files.delete(image(partial, "synth_101", Sequence.T2));
        Files.delete(image(partial, "synth_101", Sequence.BSSFP));
        Files.delete(image(partial, "synth_102", Sequence.T2));
        Path fromAll = dir.resolve("from-all");
        Path fromPartial = dir.resolve("from-partial");
        assertEquals(0, predict(complete, fromAll).code());

        CliRun r = predict(partial, fromPartial);

        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("synth_101: from LGE on the grid of synth_101_DE.nii.gz, done in "), r.out());
        assertTrue(r.out().contains("synth_102: from LGE + bSSFP on the grid of synth_102_C0.nii.gz, done in "), r.out());
        assertTrue(r.out().contains("2 of 2 cases written"), r.out());
        NiftiHeader lgeGrid = NiftiReader.readHeader(image(partial, "synth_101", Sequence.LGE));
        NiftiImage segmentation = NiftiReader.read(SegmentationFiles.segmentation(fromPartial, "synth_101"));
        assertTrue(lgeGrid.sameGrid(segmentation.header(), 1e-6), "on the grid of the DE file");
        assertEquals(Map.of("synth_101", new PredictionInputs(EnumSet.of(Sequence.LGE), "synth_101_DE.nii.gz"),
                "synth_102", new PredictionInputs(EnumSet.of(Sequence.LGE, Sequence.BSSFP), "synth_102_C0.nii.gz")),
                PredictionInputs.read(fromPartial));
        for (String c : List.of("synth_101", "synth_102")) {
            assertFalse(Arrays.equals(probabilities(fromAll, c), probabilities(fromPartial, c)),
                    c + ": fewer sequences, other probabilities");
        }

        // --sequences shows the network the same as files that are not there.
        Path ignored = dir.resolve("ignored");
        CliRun withoutT2 = predict(complete, ignored, "--sequences", "lge,C0");
        assertEquals(0, withoutT2.code(), withoutT2.err());
        assertTrue(withoutT2.out().contains("synth_101: from LGE + bSSFP on the grid of synth_101_C0.nii.gz"), withoutT2.out());
        assertArrayEquals(probabilities(fromPartial, "synth_102"), probabilities(ignored, "synth_102"));
    }

    @Test
    void evaluateSummarisesHeldOutCasesByTheirSequences() throws IOException {
        Path partial = twoCases("partial");
        Files.delete(image(partial, "synth_102", Sequence.BSSFP));
        for (String c : List.of("synth_101", "synth_102")) {
            Files.copy(inputs.data().resolve(c + "_gd.nii.gz"), partial.resolve(c + "_gd.nii.gz"));
        }
        Path out = dir.resolve("pred");
        assertEquals(0, predict(partial, out).code());

        CliRun r = CliRun.of("evaluate", "--pred", out.toString(), "--truth", partial.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| LGE + T2 + bSSFP | 1 |"), r.out());
        assertTrue(r.out().contains("| LGE + T2 | 1 |"), r.out());
    }

    /** Cases that genuinely lack sequences train with the others, with sequence dropout on (as cpu-small-dropout has it). */
    @Test
    void trainsOnACohortWhereSomeCasesLackSequences() throws IOException {
        Path cohort = TestCohorts.copy(inputs.data(), dir.resolve("cohort"));
        Files.delete(image(cohort, "synth_101", Sequence.T2));
        Files.delete(image(cohort, "synth_102", Sequence.T2));
        Files.delete(image(cohort, "synth_102", Sequence.BSSFP));
        Files.delete(image(cohort, "synth_103", Sequence.BSSFP));
        Path partialRun = dir.resolve("run");
        List<String> args = new java.util.ArrayList<>(train(cohort, partialRun, inputs.trainingJson()));
        args.addAll(List.of("--sequence-dropout", "0.25,0.5"));

        CliRun r = CliRun.of(args);

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 of 5 cases lack a sequence and train with those they have: synth_101 (LGE + bSSFP),"
                + " synth_102 (LGE), synth_103 (LGE + T2)"), r.out());
        assertTrue(Files.readString(RunFolder.of(partialRun).trainingSettings())
                .matches("(?s).*\"sequenceDropout\" : \\{\\s*\"t2\" : 0.25,\\s*\"bssfp\" : 0.5\\s*}.*"));
        String metrics = Files.readString(RunFolder.of(partialRun).metrics());
        assertTrue(metrics.matches("(?s).*\"trainLoss\":\\{[^}]*\"total\":[0-9.]+\\}.*"), metrics);
        assertTrue(Files.isRegularFile(RunFolder.of(partialRun).bestModel().resolve("parameters.mfunet")));
    }
}
