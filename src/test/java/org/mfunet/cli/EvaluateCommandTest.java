package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiWriter;

class EvaluateCommandTest {
    /** 4 x 1 x 2 volumes, spacing 1 x 1 x 10 mm. */
    static final float[] TRUTH_101 = {2221, 2221, 200, 500, 1220, 200, 200, 600};
    static final float[] PRED_101 = {2221, 1220, 200, 500, 1220, 200, 200, 600};
    static final float[] CASE_102 = {200, 200, 500, 0, 200, 200, 500, 0};

    @TempDir
    Path dir;
    Path pred;
    Path truth;

    @BeforeEach
    void folders() throws IOException {
        pred = Files.createDirectory(dir.resolve("pred"));
        truth = Files.createDirectory(dir.resolve("images"));
    }

    @Test
    void printsTableAndWritesJsonAndCsv() throws IOException {
        write(pred.resolve("myops_training_101_seg.nii.gz"), 2, PRED_101);
        write(truth.resolve("myops_training_101_gd.nii.gz"), 2, TRUTH_101);
        write(truth.resolve("myops_training_101_C0.nii.gz"), 2, new float[8]);
        write(pred.resolve("myops_training_102_seg.nii"), 2, CASE_102);
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        Path json = dir.resolve("metrics.json");
        Path csv = dir.resolve("metrics.csv");

        CliRun r = run("--json", json.toString(), "--csv", csv.toString());

        assertEquals(0, r.code(), r.err());
        String table = r.out();
        assertTrue(table.contains("| myops_training_101 | 0.667 |"), table);
        assertTrue(table.contains("| myops_training_102 | n/a |"), table);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        // case 101: the scar voxel predicted as edema costs scar and edema, not scar+edema
        JsonNode case101 = root.get("cases").get(0);
        assertEquals(1.0, case101.get("scar_edema").get("dice").asDouble(), 1e-12);
        assertEquals(2.0 / 3, case101.get("edema").get("dice").asDouble(), 1e-12);
        assertEquals(1, case101.get("edema").get("fp").asInt());
        assertEquals(1, root.get("summary").get("scar").get("empty").asInt());
        assertEquals(0.01, root.get("cases").get(0).get("lv").get("truth_ml").asDouble(), 1e-12);
        assertEquals(1 + 2 * 6, Files.readAllLines(csv).size());
        assertEquals("", r.err());
    }

    @Test
    void refusesPredictionWithoutTruth() throws IOException {
        write(pred.resolve("myops_training_103_seg.nii.gz"), 2, CASE_102);
        assertOneLineError("myops_training_103_seg.nii.gz: no ground truth myops_training_103_gd.nii[.gz]");
    }

    @Test
    void listsTruthCasesWithoutPrediction() throws IOException {
        write(pred.resolve("myops_training_102_seg.nii.gz"), 2, CASE_102);
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        write(truth.resolve("myops_training_104_gd.nii.gz"), 2, CASE_102);
        write(truth.resolve("myops_training_105_gd.nii.gz"), 2, CASE_102);
        assertOneLineError("2 ground-truth case(s): myops_training_104, myops_training_105");
    }

    @Test
    void refusesGridMismatchNamingBothFiles() throws IOException {
        write(pred.resolve("myops_training_102_seg.nii.gz"), 1, new float[4]);
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        String line = assertOneLineError("is 4 x 1 x 1 voxels but");
        assertTrue(line.contains("myops_training_102_seg.nii.gz") && line.contains("myops_training_102_gd.nii.gz"), line);
    }

    @Test
    void refusesValuesThatAreNotMyopsLabels() throws IOException {
        write(pred.resolve("myops_training_102_seg.nii.gz"), 2, new float[] {0, 1, 0, 0, 0, 0, 0, 0});
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        assertOneLineError("myops_training_102_seg.nii.gz: label values outside {0, 200, 500, 600, 1220, 2221}: 1 (1 voxels)");
    }

    @Test
    void refusesEmptyPredictionFolder() {
        assertOneLineError("no predictions named <case>_seg.nii");
    }

    private CliRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--pred", pred.toString(), "--truth", truth.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    private String assertOneLineError(String expected) {
        CliRun r = run();
        String message = r.err();
        assertEquals(1, r.code(), message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(expected), message);
        assertEquals("", r.out());
        return message;
    }

    private static void write(Path file, int nz, float[] data) {
        double[][] affine = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}};
        NiftiWriter.write(file, NiftiHeader.create(4, 1, nz, new double[] {1, 1, 10}, affine), data);
    }
}
