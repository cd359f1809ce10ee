package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
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

    /** Predictions that record their sequences are also summarised per subset, in the table and the JSON. */
    @Test
    void summarisesTheCasesByTheSequencesTheirPredictionsRecord() throws IOException {
        write(pred.resolve("myops_training_101_seg.nii.gz"), 2, PRED_101);
        write(truth.resolve("myops_training_101_gd.nii.gz"), 2, TRUTH_101);
        write(pred.resolve("myops_training_102_seg.nii.gz"), 2, CASE_102);
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        PredictionInputs.record(pred, "myops_training_101", new PredictionInputs(Sequence.all(), "myops_training_101_C0.nii.gz"));
        PredictionInputs.record(pred, "myops_training_102", new PredictionInputs(EnumSet.of(Sequence.LGE),
                "myops_training_102_DE.nii.gz"));
        Path json = dir.resolve("metrics.json");

        CliRun r = run("--json", json.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("By the sequences the cases were segmented from (" + pred.resolve("sequences.json")
                + "):\n\n| sequences | cases | scar Dice |"), r.out());
        assertTrue(r.out().contains("| LGE + T2 + bSSFP | 1 | 0.667 ± 0.000 | 1.000 ± 0.000 |"), r.out());
        assertTrue(r.out().contains("| LGE | 1 | n/a | n/a | n/a | 1.000 ± 0.000 |"), r.out());
        JsonNode bySequences = new ObjectMapper().readTree(json.toFile()).get("by_sequences");
        assertEquals(2.0 / 3, bySequences.get("lge-t2-bssfp").get("scar").get("mean").asDouble(), 1e-12);
        assertEquals("myops_training_102", bySequences.get("lge").get("cases").get(0).asText());
        assertTrue(bySequences.get("lge").get("scar").get("mean").isNull());
    }

    /** Several folders of predictions of the same cases give one row per folder and recorded sequences. */
    @Test
    void severalPredictionFoldersGiveOneTableOfThemAll() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        for (Path folder : List.of(pred, other)) {
            write(folder.resolve("myops_training_101_seg.nii.gz"), 2, PRED_101);
            write(folder.resolve("myops_training_102_seg.nii.gz"), 2, CASE_102);
        }
        write(truth.resolve("myops_training_101_gd.nii.gz"), 2, TRUTH_101);
        write(truth.resolve("myops_training_102_gd.nii.gz"), 2, CASE_102);
        for (String name : List.of("myops_training_101", "myops_training_102")) {
            PredictionInputs.record(pred, name, new PredictionInputs(EnumSet.of(Sequence.LGE, Sequence.BSSFP), name + "_C0.nii"));
        }

        CliRun r = run("--pred", other.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| predictions | sequences | cases | scar Dice |"), r.out());
        assertTrue(r.out().contains("| " + pred + " | LGE + bSSFP | 2 | 0.667 ± 0.000 |"), r.out());
        assertTrue(r.out().contains("| " + other + " | not recorded | 2 | 0.667 ± 0.000 |"), r.out());
        CliRun json = run("--pred", other.toString(), "--json", dir.resolve("m.json").toString());
        assertEquals(1, json.code());
        assertEquals("error: --json and --csv take a single --pred folder; got 2", json.err().strip());
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
