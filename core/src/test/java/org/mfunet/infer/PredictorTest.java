package org.mfunet.infer;

import org.mfunet.data.SegmentationFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.cli.CliRun;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Sequence;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.Engines;
import org.mfunet.model.InferenceNetwork;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;

class PredictorTest {
    /** A network small enough to run in milliseconds; its untrained output is as good as any for I/O checks. */
    private static final MfuNetConfig TINY = Presets.CPU_SMALL.withDepth(2).withBaseFilters(4).withInputSide(48);

    @TempDir
    static Path dir;
    static Path cohort;
    static Path modelA;
    static Path modelB;

    @BeforeAll
    static void makeCohortAndModels() {
        Engines.configure(false);
        cohort = TestCohorts.synthetic(dir.resolve("cohort"), 56, 64, 2, 5);
        modelA = TestCohorts.untrainedModel(dir.resolve("a"), TINY, 1);
        modelB = TestCohorts.untrainedModel(dir.resolve("b"), TINY, 2);
    }

    @Test
    void writesLabelsOnTheGridAndHeaderOfTheC0File() {
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", modelA.toString(), "--input", cohort.toString(), "--out", out.toString(),
                "--save-probabilities");
        assertEquals(0, r.code(), r.err());
        for (MyopsCase c : MyopsCohort.scan(cohort, null)) {
            NiftiHeader c0 = NiftiReader.readHeader(c.image(Sequence.BSSFP));
            NiftiImage seg = NiftiReader.read(SegmentationFiles.segmentation(out, c.name()));
            assertArrayEquals(c0.dims(), seg.header().dims());
            assertArrayEquals(c0.pixdim(), seg.header().pixdim());
            assertArrayEquals(c0.srowX(), seg.header().srowX());
            assertArrayEquals(c0.srowZ(), seg.header().srowZ());
            assertArrayEquals(c0.quatern(), seg.header().quatern());
            assertArrayEquals(c0.qoffset(), seg.header().qoffset());
            assertEquals(c0.qformCode(), seg.header().qformCode());
            assertEquals(c0.sformCode(), seg.header().sformCode());
            for (float v : seg.data()) {
                assertTrue(MyopsLabels.isValid((int) v), "label " + v);
            }
            NiftiHeader prob = NiftiReader.readHeader(SegmentationFiles.probabilities(out, c.name()));
            assertArrayEquals(new int[] {c0.nx(), c0.ny(), c0.nz(), CaseProbabilities.CHANNELS}, prob.dims());
        }
    }

    @Test
    void probabilitiesAreDistributionsOverTheWholeSlice() {
        CaseVolumes volumes = CaseVolumes.load(MyopsCohort.scan(cohort, null).get(0));
        try (Predictor predictor = Predictor.open(List.of(modelA), Device.cpu(), true)) {
            CaseProbabilities p = predictor.probabilities(volumes);
            int voxels = volumes.nx() * volumes.ny() * volumes.nz();
            for (int i = 0; i < voxels; i += 7) {
                float sum = 0;
                for (int c = 0; c < 4; c++) {
                    sum += p.maps()[c * voxels + i];
                }
                assertEquals(1f, sum, 1e-4f);
                assertTrue(p.maps()[CaseProbabilities.SCAR * voxels + i] >= 0 && p.maps()[CaseProbabilities.SCAR * voxels + i] <= 1);
            }
            // The phantom is larger than the 48-pixel tile, and the window reaches its corners too: an untrained
            // network is nowhere certain, so no voxel is left as background by default.
            assertTrue(volumes.nx() > 48 && volumes.ny() > 48);
            assertTrue(p.maps()[0] < 1f && p.maps()[voxels - 1] < 1f);
        }
    }

    @Test
    void ensembleIsTheMeanOfItsModels() {
        CaseVolumes volumes = CaseVolumes.load(MyopsCohort.scan(cohort, null).get(1));
        float[] a;
        float[] b;
        float[] both;
        try (Predictor p = Predictor.open(List.of(modelA), Device.cpu(), false)) {
            a = p.probabilities(volumes).maps();
        }
        try (Predictor p = Predictor.open(List.of(modelB), Device.cpu(), false)) {
            b = p.probabilities(volumes).maps();
        }
        try (Predictor p = Predictor.open(List.of(modelA, modelB), Device.cpu(), false)) {
            assertEquals(2, p.modelCount());
            both = p.probabilities(volumes).maps();
        }
        assertFalse(java.util.Arrays.equals(a, b));
        for (int i = 0; i < both.length; i++) {
            assertEquals((a[i] + b[i]) / 2, both[i], 1e-5f);
        }
    }

    @Test
    void flipAugmentationMakesThePredictionFlipEquivariant() {
        // Averaging over the flip group gives the same answer for an image and its mirror image, up to
        // the mirroring; a plain network does not, which the second assertion confirms.
        int side = 48;
        float[] image = new float[3 * side * side];
        Random random = new Random(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        float[] mirrored = mirrorX(image, 3, side);
        try (NDManager manager = NDManager.newBaseManager()) {
            InferenceNetwork net = InferenceNetwork.load(modelA, manager);
            Function<NDList, NDList> logits = inputs -> net.predict(inputs.singletonOrThrow());
            Set<Sequence> all = Sequence.all();
            float[] tta = Predictor.imageProbabilities(logits, manager, image, side, side, true, all);
            float[] ttaOfMirror = Predictor.imageProbabilities(logits, manager, mirrored, side, side, true, all);
            assertArrayEquals(mirrorX(tta, CaseProbabilities.CHANNELS, side), ttaOfMirror, 1e-5f);
            float[] plain = Predictor.imageProbabilities(logits, manager, image, side, side, false, all);
            float[] plainOfMirror = Predictor.imageProbabilities(logits, manager, mirrored, side, side, false, all);
            assertFalse(java.util.Arrays.equals(mirrorX(plain, CaseProbabilities.CHANNELS, side), plainOfMirror));
        }
    }

    /** Mirrors {@code [channels][side][side]} planes (x fastest) along x. */
    private static float[] mirrorX(float[] planes, int channels, int side) {
        float[] out = new float[planes.length];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    out[(c * side + y) * side + x] = planes[(c * side + y) * side + side - 1 - x];
                }
            }
        }
        return out;
    }

    @Test
    void aBrokenCaseFailsAloneAndTheRunExitsNonZero() throws IOException {
        Path input = TestCohorts.copy(cohort, dir.resolve("mixed"));
        Files.write(input.resolve("synth_101_DE.nii.gz"), new byte[] {31, -117, 8, 0, 1, 2});
        Path out = dir.resolve("mixed-pred");
        CliRun r = CliRun.of("predict", "--model", modelA.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("synth_101: ") && r.err().contains("synth_101_DE.nii.gz"), r.err());
        assertTrue(Files.exists(SegmentationFiles.segmentation(out, "synth_102")));
        assertFalse(Files.exists(SegmentationFiles.segmentation(out, "synth_101")));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("sequences.json", "synth_102_seg.nii.gz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary or partial files");
        }
    }

    @Test
    void refusesAFolderThatIsNoModel() {
        CliRun r = CliRun.of("predict", "--model", cohort.toString(), "--input", cohort.toString(), "--out",
                dir.resolve("x").toString());
        assertEquals(1, r.code());
        assertEquals("error: " + cohort + ": neither a saved model (config.json) nor a training run with a best/ or last/ model",
                r.err().trim());
    }
}
