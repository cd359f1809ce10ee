package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.RandomCardiacPhantom;
import org.mfunet.data.SyntheticCohort;
import org.mfunet.eval.CrossValidation;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.eval.Variant;

class CvCommandTest {
    @TempDir
    Path dir;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void oneFoldJobTrainsPredictsEvaluatesAndMergesIntoATable() throws Exception {
        Path data = dir.resolve("data");
        new SyntheticCohort(new RandomCardiacPhantom(64, 72)).write(data, 5, 11);
        Path out = dir.resolve("cv");
        StringWriter stdout = new StringWriter();
        StringWriter err = new StringWriter();

        int code = run(stdout, err, "cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1",
                "--threads", "2");

        assertEquals(0, code, err.toString());
        Path fold = CrossValidation.foldDir(out, Variant.full("residual"), 1);
        // Five cases, five folds: fold 1 holds out the second case by name.
        assertTrue(Files.isRegularFile(fold.resolve("predictions").resolve("synth_102_seg.nii.gz")));
        var evaluation = EvaluationTables.readJson(fold.resolve(CrossValidation.EVALUATION));
        assertEquals(1, evaluation.cases().size());
        assertEquals("synth_102", evaluation.cases().get(0).caseName());
        String table = Files.readString(out.resolve("table1.md"));
        assertTrue(table.contains("| ✓ | ✓ | ✓ |") && table.contains("| 1 (folds missing: [0, 2, 3, 4]) |"), table);

        StringWriter again = new StringWriter();
        assertEquals(0, run(again, err, "cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1"));
        assertTrue(again.toString().contains("training already finished"), again.toString());

        StringWriter merged = new StringWriter();
        assertEquals(0, run(merged, err, "cv", "--merge", "--out", out.toString()));
        assertTrue(merged.toString().contains("| ✓ | ✓ | ✓ |"), merged.toString());
    }

    @Test
    void mergeWithoutFinishedFoldsSaysSo() throws Exception {
        Path out = Files.createDirectories(dir.resolve("empty"));
        StringWriter err = new StringWriter();
        assertEquals(1, run(new StringWriter(), err, "cv", "--merge", "--out", out.toString()));
        assertEquals("error: --out " + out + ": no finished fold (<variant>/fold<k>/evaluation.json) to merge", err.toString().trim());
    }
}
