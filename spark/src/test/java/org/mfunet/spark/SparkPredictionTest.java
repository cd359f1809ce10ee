package org.mfunet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.cli.CliRun;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;

/**
 * {@code predict --spark local[2]} against plain {@code predict} on four small synthetic cases and an ensemble of two
 * untrained tiny models (whatever they output, both paths must write it byte for byte).
 */
class SparkPredictionTest {
    private static final MfuNetConfig TINY = Presets.PAPER.withDepth(2).withBaseFilters(4).withInputSide(32);

    @TempDir
    static Path shared;
    static Path cohort;
    static List<String> models;
    /** What plain predict wrote for the cohort. */
    static Path plain;

    @TempDir
    Path dir;

    @BeforeAll
    static void cohortModelsAndPlainPredictions() {
        Engines.configure(false);
        cohort = TestCohorts.synthetic(shared.resolve("cohort"), 40, 48, 4, 11);
        models = List.of("--model", TestCohorts.untrainedModel(shared.resolve("a"), TINY, 1).toString(),
                "--model", TestCohorts.untrainedModel(shared.resolve("b"), TINY, 2).toString());
        plain = shared.resolve("plain");
        CliRun r = predict(false, cohort, plain);
        assertEquals(0, r.code(), r.err());
    }

    private static CliRun predict(boolean spark, Path input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("predict"));
        if (spark) {
            args.addAll(List.of("--spark", "local[2]"));
        }
        args.addAll(models);
        args.addAll(List.of("--input", input.toString(), "--out", out.toString(), "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    /** The segmentation files of a folder by name, with their bytes. */
    private static Map<String, byte[]> segmentations(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path f : list.filter(f -> SegmentationFiles.caseOf(f.getFileName().toString()).isPresent()).toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void assertSameAsPlain(Path out, List<String> cases) throws IOException {
        Map<String, byte[]> expected = new TreeMap<>(segmentations(plain));
        expected.keySet().retainAll(cases.stream().map(c -> c + SegmentationFiles.SEGMENTATION_SUFFIX).toList());
        Map<String, byte[]> actual = segmentations(out);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name + " differs from predict's"));
        Map<String, PredictionInputs> inputs = new TreeMap<>(PredictionInputs.read(plain));
        inputs.keySet().retainAll(cases);
        assertEquals(inputs, PredictionInputs.read(out));
    }

    /** The rows of cases.csv after its header, split into fields (quoted as RFC 4180). */
    private static List<List<String>> table(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(CaseTable.CSV));
        assertEquals(String.join(",", CaseTable.SCHEMA.fieldNames()), lines.get(0));
        return lines.subList(1, lines.size()).stream().map(SparkPredictionTest::fields).toList();
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        assertEquals(CaseTable.SCHEMA.size(), fields.size(), line);
        return fields;
    }

    private static List<String> leftovers(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void writesWhatPredictWritesAndARerunSkipsTheWrittenCases() throws IOException {
        Path out = dir.resolve("out");
        CliRun r = predict(true, cohort, out);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> all = List.of("synth_101", "synth_102", "synth_103", "synth_104");
        assertSameAsPlain(out, all);
        List<List<String>> rows = table(out);
        assertEquals(all, rows.stream().map(row -> row.get(0)).toList());
        assertTrue(rows.stream().allMatch(row -> row.get(1).equals(CaseTable.SEGMENTED) && row.get(12).isEmpty()), r.out());
        assertEquals(List.of("0", "0", "1", "1"), rows.stream().map(row -> row.get(10)).toList(), "two partitions");
        assertTrue(rows.stream().anyMatch(row -> Double.parseDouble(row.get(4)) > 0), "the volumes are the files' own");
        assertTrue(Files.isRegularFile(out.resolve(CaseTable.PARQUET).resolve("_SUCCESS")));
        String summary = Files.readString(out.resolve(CaseTable.SUMMARY));
        assertTrue(summary.contains("\"segmented\" : 4") && summary.contains("\"partitions\" : 2"), summary);
        assertTrue(r.out().contains("synth_103: from LGE + T2 + bSSFP on the grid of synth_103_C0.nii.gz, done in "), r.out());
        assertTrue(r.out().contains("4 of 4 cases written to " + out + " (4 segmented, 0 already there, 0 failed) on"
                + " local[2,4] in 2 partitions"), r.out());

        Map<String, Long> written = new TreeMap<>();
        for (String c : all) {
            written.put(c, Files.getLastModifiedTime(SegmentationFiles.segmentation(out, c)).toMillis());
        }
        CliRun again = predict(true, cohort, out);
        assertEquals(0, again.code(), again.err());
        assertTrue(table(out).stream().allMatch(row -> row.get(1).equals(CaseTable.EXISTING)), again.out());
        assertTrue(again.out().contains("synth_102: already written, not segmented again"), again.out());
        for (String c : all) {
            assertEquals(written.get(c), Files.getLastModifiedTime(SegmentationFiles.segmentation(out, c)).toMillis(), c);
        }
        assertSameAsPlain(out, all);
    }

    @Test
    void aTaskKilledMidCaseIsRetriedAndTheOutputsAreCompleteAndTheSame() throws IOException {
        Path out = dir.resolve("out");
        // partition 0 holds synth_101 and synth_102: its first attempt writes synth_101, then dies in synth_102
        System.setProperty(SparkPrediction.FAIL_FIRST_ATTEMPT, "synth_102");
        CliRun r;
        try {
            r = predict(true, cohort, out);
        } finally {
            System.clearProperty(SparkPrediction.FAIL_FIRST_ATTEMPT);
        }
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("; 1 task attempt(s) failed and were retried"), r.out());
        assertSameAsPlain(out, List.of("synth_101", "synth_102", "synth_103", "synth_104"));
        List<List<String>> rows = table(out);
        assertEquals(List.of(CaseTable.EXISTING, "1"), List.of(rows.get(0).get(1), rows.get(0).get(11)),
                "the retry found synth_101 written by the first attempt");
        assertEquals(List.of(CaseTable.SEGMENTED, "1"), List.of(rows.get(1).get(1), rows.get(1).get(11)));
        assertEquals(List.of(CaseTable.SEGMENTED, "0"), List.of(rows.get(2).get(1), rows.get(2).get(11)));
        assertEquals(List.of(), leftovers(out), "no half-written file");
    }

    @Test
    void aBadCaseIsAFailedRowAndTheOthersAreWritten() throws IOException {
        Path input = TestCohorts.copy(cohort, dir.resolve("input"));
        Path damaged = input.resolve("synth_102_T2.nii.gz");
        byte[] whole = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.move(input.resolve("synth_104_DE.nii.gz"), input.resolve("synth_104_LGE.nii.gz.bak"));
        Files.copy(input.resolve("synth_104_C0.nii.gz"), input.resolve("synth_105_C0.nii.gz"));
        Path list = Files.writeString(dir.resolve("cases.txt"), "input/synth_101_DE.nii.gz\ninput/synth_102_DE.nii.gz\n"
                + "input/synth_103_DE.nii.gz\n");
        Path out = dir.resolve("out");

        CliRun fromFolder = predict(true, input, out);

        assertEquals(1, fromFolder.code(), fromFolder.out());
        assertSameAsPlain(out, List.of("synth_101", "synth_103"));
        List<List<String>> rows = table(out);
        assertEquals(List.of("synth_101", "synth_102", "synth_103", "synth_104", "synth_105"),
                rows.stream().map(row -> row.get(0)).toList());
        assertEquals(List.of(CaseTable.SEGMENTED, CaseTable.FAILED, CaseTable.SEGMENTED, CaseTable.FAILED,
                CaseTable.FAILED), rows.stream().map(row -> row.get(1)).toList());
        assertTrue(rows.get(1).get(12).startsWith(damaged.toString()), rows.get(1).toString());
        assertTrue(rows.get(3).get(12).startsWith("case synth_104: missing the LGE sequence"), rows.get(3).toString());
        List<String> err = fromFolder.err().strip().lines().toList();
        assertEquals("error: 3 case(s) failed:", err.get(0));
        assertTrue(err.get(1).startsWith("  synth_102: " + damaged), fromFolder.err());
        assertEquals(4, err.size(), fromFolder.err());
        assertTrue(fromFolder.out().contains("2 of 5 cases written"), fromFolder.out());

        Path fromList = dir.resolve("from-list");
        CliRun listed = predict(true, list, fromList);
        assertEquals(1, listed.code(), listed.out());
        assertEquals(List.of("synth_101", "synth_102", "synth_103"), table(fromList).stream().map(row -> row.get(0)).toList());
        assertSameAsPlain(fromList, List.of("synth_101", "synth_103"));
    }

    @Test
    void thePlanListsTheCasesOfEachPartitionAndWritesNothing() throws IOException {
        Path out = dir.resolve("out");
        CliRun r = predict(true, cohort, out, "--plan");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                plan: 4 cases in 2 partitions on local[2,4], each partition one task that opens 2 model(s) once; nothing is run
                partition 0 (2 cases): synth_101, synth_102
                partition 1 (2 cases): synth_103, synth_104
                """, r.out());
        assertFalse(Files.exists(out));

        Files.createDirectories(out);
        Files.copy(SegmentationFiles.segmentation(plain, "synth_103"), SegmentationFiles.segmentation(out, "synth_103"));
        assertTrue(predict(true, cohort, out, "--plan").out().contains("partition 1 (2 cases): synth_103 (written,"
                + " skipped), synth_104"));
    }
}
