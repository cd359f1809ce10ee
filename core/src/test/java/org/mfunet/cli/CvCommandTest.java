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
import org.mfunet.data.Structure;
import org.mfunet.train.EpochMetrics;
import org.mfunet.train.MetricsFile;
import org.mfunet.train.Split;
import org.mfunet.train.Splits;
import java.util.List;

class CvCommandTest {
    @TempDir
    Path dir;

    /** Five labelled synthetic cases: one per fold. */
    private Path cohort() throws java.io.IOException {
        return TestCohorts.synthetic(dir.resolve("data"), 64, 72, 5, 11);
    }

    @Test
    void oneFoldJobTrainsPredictsEvaluatesAndMergesIntoATable() throws Exception {
        Path data = cohort();
        Path out = dir.resolve("cv");

        CliRun first = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1",
                "--threads", "2", "--drop-sequences");

        assertEquals(0, first.code(), first.err());
        Path fold = CrossValidation.foldDir(out, Variant.full("residual"), 1);
        // Five cases, five folds: fold 1 holds out one case, validates on one of the other four, trains on three.
        Split split = Splits.read(out.resolve(RunFolder.SPLITS)).fold(1);
        assertEquals(1, split.test().size());
        assertEquals(split, Split.read(CrossValidation.runOf(fold).split()), "the run records the fold it trained on");
        String heldOut = split.test().get(0);
        assertTrue(!split.validation().contains(heldOut) && !split.train().contains(heldOut));
        assertTrue(Files.isRegularFile(fold.resolve("predictions").resolve(heldOut + "_seg.nii.gz")));
        var evaluation = EvaluationTables.readJson(fold.resolve(RunFolder.EVALUATION));
        assertEquals(1, evaluation.cases().size());
        assertEquals(heldOut, evaluation.cases().get(0).caseName());
        String table = Files.readString(out.resolve("table1.md"));
        assertTrue(table.contains("| ✓ | ✓ | ✓ |") && table.contains("| 1 (folds missing: [0, 2, 3, 4]) |"), table);
        // The validation case, segmented by the model it chose, scores what training recorded for that model.
        var validation = EvaluationTables.readJson(fold.resolve(CrossValidation.VALIDATION).resolve(RunFolder.EVALUATION));
        assertEquals(split.validation(), validation.cases().stream().map(c -> c.caseName()).toList());
        EpochMetrics best = MetricsFile.readBestModel(CrossValidation.runOf(fold));
        for (Structure s : Structure.values()) {
            var dice = validation.summary().get(s).dice();
            double recorded = best.validationDice().get(s.key());
            if (dice.n() == 0) {
                assertTrue(Double.isNaN(recorded), s.key() + ": " + recorded);
            } else {
                assertEquals(dice.mean(), recorded, 1e-9, s.key());
            }
        }
        String validationTable = Files.readString(out.resolve(CrossValidation.VALIDATION_TABLES));
        assertTrue(validationTable.contains("Validation and held-out Dice of residual-max-att-res, folds 1 ")
                && validationTable.contains("| validation | 1 |") && validationTable.contains("| held out | 1 |")
                && validationTable.contains("| held out − validation | |"), validationTable);
        // --drop-sequences: the same held-out case from fewer sequences, and the robustness table of them all
        Path lgeOnly = CrossValidation.reducedDir(fold, java.util.EnumSet.of(org.mfunet.data.Sequence.LGE));
        assertEquals(fold.resolve("sequences-lge"), lgeOnly);
        assertEquals(heldOut, EvaluationTables.readJson(lgeOnly.resolve(RunFolder.EVALUATION)).cases().get(0).caseName());
        String sequences = Files.readString(out.resolve(CrossValidation.SEQUENCE_TABLES));
        assertTrue(sequences.contains("Robustness of residual-max-att-res"), sequences);
        for (String row : List.of("| LGE + T2 + bSSFP | 1 |", "| LGE + bSSFP | 1 |", "| LGE + T2 | 1 |", "| LGE | 1 |")) {
            assertTrue(sequences.contains(row), row + "\n" + sequences);
        }
        assertTrue(first.out().contains(sequences.lines().findFirst().orElseThrow()), first.out());

        CliRun again = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "1", "--epochs", "1");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("training already finished"), again.out());

        CliRun merged = CliRun.of("cv", "--merge", "--out", out.toString());
        assertEquals(0, merged.code());
        assertTrue(merged.out().contains("| ✓ | ✓ | ✓ |"), merged.out());

        CliRun otherSeed = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "2", "--epochs", "1",
                "--split-seed", "9");
        assertEquals(1, otherSeed.code());
        assertTrue(otherSeed.err().contains(RunFolder.SPLITS + ": the folds of this cross-validation were drawn with"
                + " --split-seed 2020"), otherSeed.err());

        // A fold trained on other splits (its held-out case among its training cases) must not be pooled.
        new Split(split.seed(), 1, split.train().subList(1, split.train().size()),
                split.validation(), List.of(split.train().get(0))).write(CrossValidation.runOf(fold).split());
        CliRun leaked = CliRun.of("cv", "--merge", "--out", out.toString());
        assertEquals(1, leaked.code());
        assertEquals("error: " + CrossValidation.runOf(fold).split() + ": fold 1 was trained on other splits than "
                + RunFolder.SPLITS + " of its cross-validation; folds of different splits cannot be pooled", leaked.err().trim());
    }

    @Test
    void severalSeedsRepeatTheFoldsOnTheSameSplitsAndReportTheSpread() throws Exception {
        Path data = cohort();
        Path out = dir.resolve("cv-seeds");
        CliRun r = CliRun.of("cv", "--data", data.toString(), "--out", out.toString(), "--fold", "0", "--epochs", "1",
                "--seeds", "1,2");
        assertEquals(0, r.code(), r.err());
        double[] myocardium = new double[2];
        for (int i = 0; i < 2; i++) {
            Path seedDir = out.resolve("seed" + (i + 1));
            Path fold = CrossValidation.foldDir(seedDir, Variant.full("residual"), 0);
            assertTrue(Files.readString(CrossValidation.runOf(fold).trainingSettings()).contains("\"seed\" : " + (i + 1)));
            myocardium[i] = EvaluationTables.readJson(fold.resolve(RunFolder.EVALUATION)).summary()
                    .get(org.mfunet.data.Structure.MYO).dice().mean();
        }
        assertEquals(Files.readString(out.resolve("seed1").resolve(RunFolder.SPLITS)),
                Files.readString(out.resolve("seed2").resolve(RunFolder.SPLITS)), "every seed on the same splits");
        String table = Files.readString(out.resolve("seeds.md"));
        String expected = String.format(java.util.Locale.ROOT, "| residual-max-att-res | %.1f [%.1f, %.1f] spread %.1f |",
                50 * (myocardium[0] + myocardium[1]), 100 * Math.min(myocardium[0], myocardium[1]),
                100 * Math.max(myocardium[0], myocardium[1]), 100 * Math.abs(myocardium[0] - myocardium[1]));
        assertTrue(table.contains(expected), expected + "\n" + table);
        assertTrue(r.out().contains(table.lines().findFirst().orElseThrow()), r.out());

        CliRun both = CliRun.of("cv", "--merge", "--out", out.toString(), "--seed", "3", "--seeds", "1,2");
        assertEquals(1, both.code());
        assertEquals("error: --seed and --seeds exclude each other: give the seeds to repeat with --seeds", both.err().trim());
    }

    @Test
    void mergeWithoutFinishedFoldsSaysSo() throws Exception {
        Path out = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.of("cv", "--merge", "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals("error: --out " + out + ": no finished fold (<variant>/fold<k>/evaluation.json) to merge", r.err().trim());
    }
}
