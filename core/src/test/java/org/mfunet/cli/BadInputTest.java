package org.mfunet.cli;

import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfunet.data.IntensityNormalisation;
import org.mfunet.data.Sequence;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;
import org.mfunet.model.Presets;
import org.mfunet.nifti.BrokenNifti;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.nifti.NiftiWriter;
import org.mfunet.train.Checkpoint;
import org.mfunet.train.ScheduleSpec;
import org.mfunet.train.TrainingConfig;

/**
 * Every kind of bad input through the real command line: exit code 1, one line {@code "error: <file>: <problem>"}
 * (with the case where there is one), no stack trace without {@code --debug}, and no output file left behind.
 */
class BadInputTest {
    /** Untrained and tiny: its output is as good as any for checking what happens around it. */
    private static final MfuNetConfig TINY = Presets.PAPER.withDepth(2).withBaseFilters(4).withInputSide(32);

    @TempDir
    static Path shared;
    /** Two good cases, synth_101 and synth_102. */
    static Path cohort;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void cohortAndModel() {
        Engines.configure(false);
        cohort = TestCohorts.synthetic(shared.resolve("cohort"), 40, 48, 2, 11);
        model = TestCohorts.untrainedModel(shared.resolve("model"), TINY, 1);
    }

    /** The single error line of a run without its "error: " prefix; fails unless stderr is exactly that line. */
    private static String errorLine(CliRun r) {
        String err = r.err();
        List<String> lines = err.strip().lines().toList();
        assertEquals(1, r.code(), err);
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("error: "), err);
        assertNoStackTrace(err);
        return lines.get(0).substring("error: ".length());
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.lines().anyMatch(l -> l.startsWith("\tat ")), err);
        assertFalse(err.matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), err);
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path copyOfCohort() throws IOException {
        return TestCohorts.copy(cohort, dir.resolve("input"));
    }

    // ---- file-format problems: mfunet info FILE ----

    static List<BrokenNifti> brokenFiles() {
        return BrokenNifti.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void infoRefusesABrokenFileInOneLine(BrokenNifti broken) throws IOException {
        Path file = broken.writeTo(dir);
        CliRun r = CliRun.of("info", file.toString());
        String line = errorLine(r);
        assertTrue(line.startsWith(file + ": ") && line.contains(broken.problem()), line);
        assertEquals("", r.out());
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path file = BrokenNifti.all().get(0).writeTo(dir);
        CliRun plain = CliRun.of("info", file.toString());
        errorLine(plain);
        CliRun debug = CliRun.of("info", "--debug", file.toString());
        assertEquals(1, debug.code());
        assertTrue(debug.err().startsWith("error: " + file + ": truncated: 0 bytes"), debug.err());
        assertTrue(debug.err().contains("org.mfunet.nifti.NiftiException: " + file), debug.err());
        assertTrue(debug.err().lines().anyMatch(l -> l.startsWith("\tat org.mfunet.nifti.NiftiReader")), debug.err());
    }

    // ---- case problems: mfunet predict ----

    /** Rewrites one file of case synth_101 in {@code input}. */
    @FunctionalInterface
    interface Damage {
        void apply(Path input) throws IOException;
    }

    private static Path file(Path input, Sequence s) {
        return input.resolve("synth_101_" + s.suffix() + ".nii.gz");
    }

    /** Replaces one voxel of a sequence with {@code value}, stored as float32 so NaN and infinity survive. */
    private static Damage voxel(Sequence s, float value) {
        return input -> {
            NiftiImage image = NiftiReader.read(file(input, s));
            float[] data = image.data().clone();
            data[data.length / 2] = value;
            NiftiHeader h = image.header();
            NiftiWriter.write(file(input, s), h, NiftiDatatype.FLOAT32, h.nx(), h.ny(), h.nz(), data);
        };
    }

    /** Rewrites a sequence on another grid made from its own header by {@code change}. */
    private static Damage regrid(Sequence s, UnaryOperator<NiftiHeader> change) {
        return input -> {
            NiftiHeader h = change.apply(NiftiReader.readHeader(file(input, s)));
            NiftiWriter.write(file(input, s), h, new float[(int) h.voxelCount()]);
        };
    }

    private static NiftiHeader shifted(NiftiHeader h) {
        double[][] affine = h.affine();
        affine[0][3] += 5;
        return NiftiHeader.create(h.nx(), h.ny(), h.nz(), Arrays.copyOf(h.pixdim(), 3), affine);
    }

    /** Sets {@code pixdim[index]} of a sequence's header to {@code value}, leaving everything else as it is. */
    private static Damage pixdim(Sequence s, int index, float value) {
        return input -> {
            byte[] nifti;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file(input, s)))) {
                nifti = in.readAllBytes();
            }
            ByteBuffer.wrap(nifti).order(ByteOrder.LITTLE_ENDIAN).putFloat(76 + 4 * index, value);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file(input, s)))) {
                out.write(nifti);
            }
        };
    }

    private static Damage bytes(Sequence s, byte[] content) {
        return input -> Files.write(file(input, s), content);
    }

    static Stream<Arguments> brokenCases() {
        return Stream.of(
                Arguments.of("NaN voxel", voxel(Sequence.LGE, Float.NaN), "synth_101_DE.nii.gz: 1 voxels are NaN or infinite"),
                Arguments.of("infinite voxel", voxel(Sequence.T2, Float.NEGATIVE_INFINITY),
                        "synth_101_T2.nii.gz: 1 voxels are NaN or infinite"),
                Arguments.of("dims differ", regrid(Sequence.T2, h -> h.withDims(h.nx() - 1, h.ny(), h.nz())),
                        "synth_101_T2.nii.gz are not on the same grid (dims "),
                Arguments.of("affines differ", regrid(Sequence.LGE, BadInputTest::shifted),
                        "synth_101_DE.nii.gz are not on the same grid (their affines differ by more than 0.01 mm)"),
                Arguments.of("4D file", regrid(Sequence.T2, h -> h.withDims(h.nx(), h.ny(), h.nz(), 2)),
                        "synth_101_T2.nii.gz: 4D image with 2 volumes; a 3D volume is needed"),
                Arguments.of("zero spacing", pixdim(Sequence.BSSFP, 1, 0f),
                        "synth_101_C0.nii.gz: pixdim[1] is 0.0; the voxel spacing must be a positive number of mm"),
                Arguments.of("negative spacing", pixdim(Sequence.BSSFP, 2, -0.8f),
                        "synth_101_C0.nii.gz: pixdim[2] is -0.800000011920929; the voxel spacing must be a positive"),
                Arguments.of("NaN spacing", pixdim(Sequence.BSSFP, 3, Float.NaN),
                        "synth_101_C0.nii.gz: pixdim[3] is NaN; the voxel spacing must be a positive number of mm"),
                Arguments.of("infinite spacing", pixdim(Sequence.BSSFP, 1, Float.POSITIVE_INFINITY),
                        "synth_101_C0.nii.gz: pixdim[1] is Infinity; the voxel spacing must be a positive number of mm"),
                Arguments.of("memory limit", bytes(Sequence.BSSFP, BrokenNifti.huge()),
                        "synth_101_C0.nii.gz: 32767 x 32767 x 32767 voxels need 134,205,440 MiB as floats, more than"
                                + " the limit of 2,048 MiB (raise it with -Dmfunet.maxVoxelBytes=BYTES)"),
                Arguments.of("corrupt gzip", bytes(Sequence.LGE, BrokenNifti.all().stream()
                                .filter(b -> b.name().equals("corrupt_gzip.nii.gz")).findFirst().orElseThrow()
                                .damage().apply(BrokenNifti.validBytes())),
                        "synth_101_DE.nii.gz: corrupt gzip data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCases")
    void predictSkipsTheBrokenCaseAndListsItAtTheEnd(String what, Damage damage, String expected) throws IOException {
        Path input = copyOfCohort();
        damage.apply(input);
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("1 of 2 cases written"), r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(List.of("error: 1 case(s) failed:"), lines.subList(0, 1), r.err());
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(1).startsWith("  synth_101: ") && lines.get(1).contains(expected), lines.get(1));
        assertNoStackTrace(r.err());
        assertEquals(List.of("sequences.json", "synth_102_seg.nii.gz"), listing(out));
    }

    /**
     * A pixel spacing so large for the model's (1000 mm, a header written in micrometres) that its grid would need a
     * slice larger than the limit: one line naming the file and the spacing, the other case goes on.
     */
    @Test
    void aSpacingThatWouldResampleBeyondTheLimitFailsTheCase() throws IOException {
        Path input = copyOfCohort();
        pixdim(Sequence.BSSFP, 1, 1000f).apply(input);
        Path coarse = TestCohorts.untrainedModel(dir.resolve("coarse-model"), TINY.withPixelSpacingMm(2), 1);
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", coarse.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(1).startsWith("  synth_101: " + file(input, Sequence.BSSFP) + ": pixdim 1000.00 x ")
                && lines.get(1).contains("at the model's 2.00000 mm (the limit is 4096); check the header's pixel spacing"),
                lines.get(1));
        assertEquals(List.of("sequences.json", "synth_102_seg.nii.gz"), listing(out));
    }

    @Test
    void constantImagePredictsAndNormalisesToZeros() throws IOException {
        Path input = copyOfCohort();
        NiftiImage lge = NiftiReader.read(file(input, Sequence.LGE));
        float[] constant = new float[lge.data().length];
        Arrays.fill(constant, 300);
        NiftiHeader h = lge.header();
        NiftiWriter.write(file(input, Sequence.LGE), h, NiftiDatatype.INT16, h.nx(), h.ny(), h.nz(), constant);
        assertTrue(Arrays.equals(new float[constant.length], IntensityNormalisation.normalise(Sequence.LGE, constant)));
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(List.of("sequences.json", "synth_101_seg.nii.gz", "synth_102_seg.nii.gz"), listing(out));
    }

    @Test
    void memoryLimitIsASystemProperty() throws IOException {
        Path out = dir.resolve("pred");
        String[] predict = {"predict", "--model", model.toString(), "--input", cohort.toString(), "--out", out.toString()};
        try {
            System.setProperty(NiftiReader.MAX_VOXEL_BYTES_PROPERTY, "1000");
            CliRun r = CliRun.of(predict);
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("error: 2 case(s) failed:"), r.err());
            assertTrue(r.err().contains("synth_101: " + cohort.resolve("synth_101_C0.nii.gz") + ": "), r.err());
            assertTrue(r.err().contains("more than the limit of 0 MiB"), r.err());
            assertEquals(List.of(), listing(out));
            System.setProperty(NiftiReader.MAX_VOXEL_BYTES_PROPERTY, "lots");
            CliRun bad = CliRun.of(predict);
            assertEquals(1, bad.code());
            assertTrue(bad.err().contains("  synth_101: -Dmfunet.maxVoxelBytes=lots: must be a positive number of bytes"),
                    bad.err());
        } finally {
            System.clearProperty(NiftiReader.MAX_VOXEL_BYTES_PROPERTY);
        }
    }

    @Test
    void aCaseWithoutItsLgeFailsAloneAndIsNamed() throws IOException {
        Path input = copyOfCohort();
        Files.delete(file(input, Sequence.LGE));
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals("error: 1 case(s) failed:\n  synth_101: case synth_101: missing the LGE sequence (synth_101_DE.nii[.gz]) in "
                + input + ", which every case needs; it has synth_101_C0.nii.gz, synth_101_T2.nii.gz, synth_101_gd.nii.gz",
                r.err().strip());
        assertEquals(List.of("sequences.json", "synth_102_seg.nii.gz"), listing(out));
    }

    /** Without a C0 the DE file gives the grid: a T2 on another grid fails the case, naming both files. */
    @Test
    void sequencesOfACaseWithoutBssfpOnDifferentGridsFailTheCaseAlone() throws IOException {
        Path input = copyOfCohort();
        Files.delete(file(input, Sequence.BSSFP));
        regrid(Sequence.T2, h -> h.withDims(h.nx() - 1, h.ny(), h.nz())).apply(input);
        Path out = dir.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(1).startsWith("  synth_101: case synth_101: " + file(input, Sequence.LGE) + " and "
                + file(input, Sequence.T2) + " are not on the same grid (dims "), lines.get(1));
        assertEquals(List.of("sequences.json", "synth_102_seg.nii.gz"), listing(out));
    }

    @Test
    void predictRefusesSequencesWithoutTheLgeOrUnknownOnes() {
        Path out = dir.resolve("pred");
        for (String[] row : new String[][] {
            {"T2,C0", "--sequences T2,C0: the sequences must include the LGE (DE), which every case needs"},
            {"LGE,PD", "--sequences: unknown sequence 'PD'; use LGE (or DE), T2, bSSFP (or C0)"}}) {
            CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", cohort.toString(), "--out",
                    out.toString(), "--sequences", row[0]);
            assertEquals(row[1], errorLine(r));
        }
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path out = dir.resolve("pred");
        Path inTheWay = Files.createDirectories(out.resolve("synth_101_seg.nii.gz"));
        Files.writeString(inTheWay.resolve("keep"), "x");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", cohort.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("  synth_101: " + inTheWay + ": cannot write"), r.err());
        assertNoStackTrace(r.err());
        assertEquals(List.of("sequences.json", "synth_101_seg.nii.gz", "synth_102_seg.nii.gz"), listing(out));
        assertEquals(List.of("keep"), listing(inTheWay));
    }

    // ---- damaged model and checkpoint ----

    static Stream<Arguments> damagedModels() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 100),
                        "parameters.mfunet: truncated or padded"),
                Arguments.of("altered", (UnaryOperator<byte[]>) b -> {
                    b[b.length / 2] ^= 1;
                    return b;
                }, "parameters.mfunet: SHA-256 checksum mismatch, the file is damaged"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedModels")
    void predictRefusesADamagedModel(String what, UnaryOperator<byte[]> damage, String expected)
            throws IOException {
        Path damaged = Files.createDirectories(dir.resolve("model"));
        for (String name : List.of(ModelFiles.CONFIG_FILE, ModelFiles.PARAMETERS_FILE)) {
            Files.copy(model.resolve(name), damaged.resolve(name));
        }
        Path params = damaged.resolve(ModelFiles.PARAMETERS_FILE);
        Files.write(params, damage.apply(Files.readAllBytes(params)));
        Path out = dir.resolve("pred");
        String line = errorLine(CliRun.of("predict", "--model", damaged.toString(), "--input", cohort.toString(), "--out",
                out.toString()));
        assertTrue(line.startsWith(damaged + "/" + expected), line);
        assertFalse(Files.exists(out));
    }

    /** A run folder with settings and an empty checkpoint after epoch 1, as a killed run leaves it; no split.json. */
    private Path killedRun(String name) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(RunFolder.of(run).modelSettings(), TINY.toJson());
        Files.writeString(RunFolder.of(run).trainingSettings(), TrainingConfig.CPU_SMALL.toJson());
        Files.writeString(RunFolder.of(run).schedule(), ScheduleSpec.of(ScheduleSpec.KFOLD, 0, 2, 1).toJson());
        new Checkpoint(new Checkpoint.Progress(1, 0, 1, 0, List.of()), Map.of(), Map.of(), Map.of())
                .write(RunFolder.of(run).lastCheckpoint());
        return run;
    }

    @Test
    void trainResumeRefusesADamagedCheckpoint() throws IOException {
        Path run = killedRun("run");
        Path last = RunFolder.of(run).lastCheckpoint();
        byte[] whole = Files.readAllBytes(last);
        Files.write(last, Arrays.copyOf(whole, whole.length - 5));
        List<String> before = listing(run);
        String line = errorLine(CliRun.of("train", "--resume", "--data", cohort.toString(), "--out", run.toString()));
        assertTrue(line.startsWith(last + ": checkpoint is truncated"), line);
        assertEquals(before, listing(run));
    }

    @Test
    void trainResumeRefusesARunWithoutRecordedFolds() throws IOException {
        Path run = killedRun("old-run");
        List<String> before = listing(run);
        String line = errorLine(CliRun.of("train", "--resume", "--data", cohort.toString(), "--out", run.toString()));
        assertEquals("--out " + run + ": no split.json: the run was started before its folds were recorded (they were"
                + " blocks of sorted case names), so it cannot resume on the same folds; start a new run", line);
        assertEquals(before, listing(run));
    }

    // ---- --spark without the Spark module (the core's tests run without it) ----

    @Test
    void sparkOptionsWithoutTheSparkModuleOrWithoutSparkSaySoInOneLine() throws IOException {
        Path out = dir.resolve("out");
        String[][] table = {
            {"--spark: the Spark module is not on the class path; run through ./mfunet, which builds it (mvn -pl spark -am"
                    + " package) the first time --spark is used", "predict", "--spark", "local[2]"},
            {"--plan lists the partitions of a --spark run: give --spark [MASTER] too", "predict", "--plan"},
        };
        for (String[] row : table) {
            List<String> args = new java.util.ArrayList<>(List.of(row).subList(1, row.length));
            args.addAll(List.of("--model", model.toString(), "--input", cohort.toString(), "--out", out.toString()));
            assertEquals(row[0], errorLine(CliRun.of(args)), String.join(" ", args));
            assertFalse(Files.exists(out), "nothing written");
        }
        assertEquals("--plan lists the tasks of a --spark run: give --spark [MASTER] too", errorLine(CliRun.of("cv",
                "--plan", "--data", cohort.toString(), "--out", out.toString())));
        assertEquals("--merge trains nothing, so it runs no Spark task: leave out --spark", errorLine(CliRun.of("cv",
                "--merge", "--spark", "--out", out.toString())));
        assertFalse(Files.exists(out), "nothing written");
    }

    // ---- label problems: mfunet evaluate and mfunet train ----

    @Test
    void evaluateListsLabelValuesOutsideTheMyopsSet() throws IOException {
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path truth = Files.createDirectories(dir.resolve("truth"));
        NiftiHeader grid = NiftiHeader.create(4, 1, 2, new double[] {1, 1, 10},
                new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}});
        NiftiWriter.write(pred.resolve("c_1_seg.nii.gz"), grid, new float[] {0, 200, 500, 600, 0, 0, 0, 0});
        Path gd = truth.resolve("c_1_gd.nii.gz");
        NiftiWriter.write(gd, grid, new float[] {0, 200, 7, 7, 0.5f, 2221, 1220, 0});
        Path json = dir.resolve("metrics.json");
        String line = errorLine(CliRun.of("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--json",
                json.toString()));
        assertEquals(gd + ": label values outside {0, 200, 500, 600, 1220, 2221}: 0.5 (1 voxels), 7 (2 voxels)", line);
        assertFalse(Files.exists(json));
    }

    @Test
    void trainRefusesBadLabelsBeforeWritingAnything() throws IOException {
        Path input = copyOfCohort();
        Path gd = input.resolve("synth_102_gd.nii.gz");
        NiftiImage labels = NiftiReader.read(gd);
        float[] values = labels.data().clone();
        values[0] = 3;
        NiftiHeader h = labels.header();
        NiftiWriter.write(gd, h, NiftiDatatype.INT16, h.nx(), h.ny(), h.nz(), values);
        Path modelJson = Files.writeString(dir.resolve("model.json"), TINY.toJson());
        Path run = dir.resolve("run");
        String line = errorLine(CliRun.of("train", "--data", input.toString(), "--out", run.toString(), "--model-config",
                modelJson.toString(), "--epochs", "1"));
        assertEquals(gd + ": label values outside {0, 200, 500, 600, 1220, 2221}: 3 (1 voxels)", line);
        assertFalse(Files.exists(run));
    }

    // ---- output folders ----

    @Test
    void synthRefusesAnOutputFolderUnderAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path out = file.resolve("cohort");
        String line = errorLine(CliRun.of("synth", "--out", out.toString(), "--cases", "1"));
        assertEquals(out + ": Not a directory", line);
        assertEquals(List.of("plain.txt"), listing(dir));
    }

    @Test
    void aFullDiskFailsTheCaseAndLeavesNoTemporaryFile() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()),
                "mounting a tmpfs is not permitted here");
        try {
            Path filler = mount.resolve("filler");
            try (var outStream = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    outStream.write(block);
                }
            } catch (IOException full) {
                // the folder is now full
            }
            CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", cohort.toString(), "--out", mount.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().startsWith("error: 2 case(s) failed:"), r.err());
            assertTrue(r.err().contains("  synth_101: " + mount.resolve("synth_101_seg.nii.gz") + ": cannot write"), r.err());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertNoStackTrace(r.err());
            assertEquals(List.of("filler"), listing(mount));
        } finally {
            exec("umount", mount.toString());
        }
    }

    private static boolean exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- engine noise ----

    @Test
    void predictPrintsNothingOnTheProcessStderr() throws Exception {
        Path out = dir.resolve("pred");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xss4m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "predict", "--model", model.toString(), "--input", cohort.toString(), "--out", out.toString(),
                "--threads", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "predict did not finish");
        assertEquals(0, p.exitValue(), Files.readString(stderr));
        // The one engine line the mfunet launcher drops (see its comment): printed on CPUs NNPACK does not
        // recognise, by the engine's C++ code, whose log level this engine build cannot lower.
        List<String> lines = Files.readAllLines(stderr).stream().filter(line -> !line.matches(
                "\\[W[0-9 :.]+NNPACK\\.cpp:[0-9]+\\] Could not initialize NNPACK! Reason: Unsupported hardware\\.")).toList();
        assertEquals(List.of(), lines);
        assertEquals(List.of("sequences.json", "synth_101_seg.nii.gz", "synth_102_seg.nii.gz"), listing(out));
    }
}
