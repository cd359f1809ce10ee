package org.mfunet.cli;

import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.TestCohorts;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.experiment.Variant;

class CvCommandTest {
    @TempDir
    Path dir;

    @Test
    void oneFoldJobTrainsPredictsEvaluatesAndMergesIntoATable() throws Exception {
        Path data = TestCohorts.synthetic(dir.resolve("data"), 64, 72, 5, 11);
        Path out = dir.resolve("cv");

        CliRun first = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1",
                "--threads", "2");

        assertEquals(0, first.code(), first.err());
        Path fold = CrossValidation.foldDir(out, Variant.full("residual"), 1);
        // Five cases, five folds: fold 1 holds out the second case by name.
        assertTrue(Files.isRegularFile(fold.resolve("predictions").resolve("synth_102_seg.nii.gz")));
        var evaluation = EvaluationTables.readJson(fold.resolve(RunFolder.EVALUATION));
        assertEquals(1, evaluation.cases().size());
        assertEquals("synth_102", evaluation.cases().get(0).caseName());
        String table = Files.readString(out.resolve("table1.md"));
        assertTrue(table.contains("| ✓ | ✓ | ✓ |") && table.contains("| 1 (folds missing: [0, 2, 3, 4]) |"), table);

        CliRun again = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("training already finished"), again.out());

        CliRun merged = CliRun.of("cv", "--merge", "--out", out.toString());
        assertEquals(0, merged.code());
        assertTrue(merged.out().contains("| ✓ | ✓ | ✓ |"), merged.out());
    }

    @Test
    void mergeWithoutFinishedFoldsSaysSo() throws Exception {
        Path out = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.of("cv", "--merge", "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals("error: --out " + out + ": no finished fold (<variant>/fold<k>/evaluation.json) to merge", r.err().trim());
    }
}
