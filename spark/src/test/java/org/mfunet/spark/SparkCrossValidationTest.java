package org.mfunet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.RunFolder;
import org.mfunet.cli.CliRun;
import org.mfunet.data.TestCohorts;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.experiment.Variant;

/**
 * {@code cv --spark local[2]} against sequential {@code cv}: fold 0 of five small synthetic cases, two epochs, two
 * training seeds, so two tasks that train side by side; the first attempt of each dies after its second epoch, before
 * that epoch's checkpoint, and the retry resumes from the first epoch's.
 */
class SparkCrossValidationTest {
    @TempDir
    Path dir;

    private static CliRun cv(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("cv", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "2", "--fold", "0", "--seeds", "1,2", "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    /** The consoles of the tasks under a cross-validation folder, for failure messages. */
    private static String logs(Path out) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path log : files.filter(f -> f.getFileName().toString().equals(FoldTask.LOG)).sorted().toList()) {
                text.append(log).append(":\n").append(Files.readString(log));
            }
        }
        return text.toString();
    }

    @Test
    void sparkTasksGiveTheTablesOfTheSequentialRun() throws IOException {
        Path data = TestCohorts.synthetic(dir.resolve("data"), 40, 48, 5, 11);
        Path sequential = dir.resolve("sequential");
        Path spark = dir.resolve("spark");

        CliRun plan = cv(data, spark, "--spark", "local[2]", "--plan");
        assertEquals(0, plan.code(), plan.err());
        String fold = Variant.full("residual").id() + " fold 0 in ";
        assertEquals("plan: 2 cross-validation tasks on local[2,4], one per partition; nothing is run\n"
                + "task 0: " + fold + spark.resolve("seed1") + " (new)\n"
                + "task 1: " + fold + spark.resolve("seed2") + " (new)\n", plan.out());
        assertFalse(Files.exists(spark), "the plan writes nothing");

        CliRun one = cv(data, sequential);
        assertEquals(0, one.code(), one.err());
        System.setProperty(FoldTask.FAIL_FIRST_ATTEMPT, "epoch 2/");
        CliRun many;
        try {
            many = cv(data, spark, "--spark", "local[2]");
        } finally {
            System.clearProperty(FoldTask.FAIL_FIRST_ATTEMPT);
        }
        assertEquals(0, many.code(), many.err() + "\n" + many.out() + "\n" + logs(spark));
        assertEquals("", many.err());

        assertTrue(many.out().contains("2 cross-validation tasks on local[2,4] in "), many.out());
        assertTrue(many.out().contains("; 2 task attempt(s) failed and were retried"), many.out());
        for (String seed : List.of("seed1", "seed2")) {
            Path foldDir = CrossValidation.foldDir(spark.resolve(seed), Variant.full("residual"), 0);
            assertTrue(many.out().contains(fold + spark.resolve(seed) + ": done in "), many.out());
            String log = Files.readString(foldDir.resolve(FoldTask.LOG));
            assertTrue(log.contains("== attempt 0 ==") && log.contains("== attempt 1 ==")
                    && log.contains("resuming after epoch 1"), log);
            assertEquals(Files.readString(sequential.resolve(seed).resolve("table1.md")),
                    Files.readString(spark.resolve(seed).resolve("table1.md")), seed);
            assertEquals(Files.readString(CrossValidation.foldDir(sequential.resolve(seed), Variant.full("residual"), 0)
                    .resolve(RunFolder.EVALUATION)), Files.readString(foldDir.resolve(RunFolder.EVALUATION)), seed);
        }
        assertEquals(Files.readString(sequential.resolve("seeds.md")), Files.readString(spark.resolve("seeds.md")));
        assertTrue(many.out().contains(Files.readString(spark.resolve("seeds.md")).lines().findFirst().orElseThrow()));

        CliRun after = cv(data, spark, "--spark", "local[2]", "--plan");
        assertTrue(after.out().contains("task 1: " + fold + spark.resolve("seed2")
                + " (finished: evaluates its held-out cases again)"), after.out());
    }
}
