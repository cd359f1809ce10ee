package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.TestCohorts;
import org.mfunet.dicom.DicomTools;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.model.Presets;
import org.mfunet.nifti.NiftiImage;

/**
 * {@code predict} on DICOM through the real command line: two synthetic cases written as DICOM studies by
 * docs/nifti_to_dicom.py (pydicom) segment to the same labels as from their NIfTI files, with a SEG object and a
 * record per study; a broken study fails alone.
 */
class DicomPredictCommandTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path cohort;
    static Path dicom;
    static Path truth;

    @TempDir
    Path dir;

    @BeforeAll
    static void cohortAsNiftiAndDicom() {
        String python = DicomTools.python();
        model = TestCohorts.untrainedModel(shared.resolve("model"),
                Presets.PAPER.withDepth(2).withBaseFilters(4).withInputSide(32), 1);
        cohort = TestCohorts.synthetic(shared.resolve("cohort"), 64, 80, 2, 11);
        dicom = shared.resolve("dicom");
        truth = shared.resolve("truth");
        DicomTools.Result r = DicomTools.run(List.of(python, "../docs/nifti_to_dicom.py", cohort.toString(),
                dicom.toString(), "--truth", truth.toString()));
        assertEquals(0, r.exitCode(), r.output());
    }

    private static CliRun predict(Path input, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", model.toString(), "--input",
                input.toString(), "--out", out.toString(), "--threads", "1", "--plain-window"));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    @Test
    void dicomStudiesSegmentAsTheirNiftiCasesDoWithASegObjectEach() throws IOException {
        Path fromNifti = dir.resolve("from-nifti");
        Path fromDicom = dir.resolve("from-dicom");
        assertEquals(0, predict(cohort, fromNifti).code());

        CliRun r = predict(dicom, fromDicom);

        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        for (String c : List.of("synth_101", "synth_102")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(c + ": from LGE #3 \"LGE PSIR SAX\" (")
                    && l.contains("T2 #2 \"T2 STIR SAX\"") && l.contains("bSSFP #1 \"bSSFP cine SAX\"")
                    && l.contains("on the grid of the LGE")), r.out());
            Path folder = fromDicom.resolve(c);
            assertTrue(Files.isRegularFile(folder.resolve(c + "_seg.dcm")));
            assertTrue(Files.isRegularFile(folder.resolve("series.json")));
            NiftiImage a = SegmentationFiles.readLabels(SegmentationFiles.segmentation(fromNifti, c));
            NiftiImage b = SegmentationFiles.readLabels(SegmentationFiles.segmentation(folder, c));
            assertSameVoxelsInSpace(a, b);
        }
        assertTrue(r.out().contains("2 of 2 studies written to " + fromDicom), r.out());
        List<CaseEvaluation> niftiDice = CohortEvaluator.evaluate(fromNifti, cohort).cases();
        List<CaseEvaluation> dicomDice = CohortEvaluator.evaluate(fromDicom, truth).cases();
        assertEquals(niftiDice, dicomDice, "the same Dice, case by case, from NIfTI and from DICOM");
    }

    /** The two label volumes hold the same labels at the same places (slices possibly in reverse order). */
    private static void assertSameVoxelsInSpace(NiftiImage a, NiftiImage b) {
        assertEquals(List.of(a.nx(), a.ny(), a.nz()), List.of(b.nx(), b.ny(), b.nz()));
        double[][] fa = a.header().affine();
        double[][] fb = b.header().affine();
        boolean reversed = Math.abs(fa[2][2] + fb[2][2]) < 1e-3 && Math.abs(fa[2][2]) > 1e-3;
        for (int z = 0; z < a.nz(); z++) {
            int zb = reversed ? a.nz() - 1 - z : z;
            for (int r = 0; r < 3; r++) {
                double expected = fa[r][3] + fa[r][2] * z;
                double got = fb[r][3] + fb[r][2] * zb;
                assertEquals(expected, got, 1e-3, "slice " + z + " lies where it did");
            }
            int plane = a.nx() * a.ny();
            assertTrue(Arrays.equals(a.data(), z * plane, (z + 1) * plane, b.data(), zb * plane, (zb + 1) * plane),
                    "labels of slice " + z);
        }
    }

    @Test
    void aBrokenStudyFailsAloneWithoutOutputAndTheRunEndsWithExitCode1() throws IOException {
        Path input = dir.resolve("in");
        copyTree(dicom, input);
        Path lge = input.resolve("synth_102/LGE");
        Path victim;
        try (Stream<Path> files = Files.list(lge)) {
            victim = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(input.resolve("README.txt"), "exported for a test");
        Path out = dir.resolve("out");

        CliRun r = predict(input, out);

        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("ignored 1 file(s) that are not DICOM Part 10"), r.out());
        assertTrue(r.out().contains("synth_102: FAILED: " + victim + ": truncated: the file ends inside"), r.out());
        assertTrue(r.out().contains("1 of 2 studies written to " + out), r.out());
        assertTrue(r.err().startsWith("error: 1 study(s) failed:\n  synth_102: " + victim + ": truncated"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("synth_101/synth_101_seg.dcm")));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of("synth_101"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aStudyWithoutItsLgeSaysWhatItHasAndANamedSeriesMustExist() throws IOException {
        Path input = dir.resolve("in");
        copyTree(dicom.resolve("synth_101"), input.resolve("synth_101"));
        try (Stream<Path> files = Files.walk(input.resolve("synth_101/LGE"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        CliRun r = predict(input, dir.resolve("out"));
        assertEquals(1, r.code());
        assertTrue(r.out().contains("synth_101: FAILED: study synth_101: no LGE series"), r.out());
        assertTrue(r.out().contains("#2 \"T2 STIR SAX\""), r.out());
        assertFalse(Files.exists(dir.resolve("out/synth_101")));

        CliRun named = predict(input, dir.resolve("out2"), "--series", "LGE=1.2.3.4");
        assertEquals(1, named.code(), named.err());
        assertEquals("error: --series LGE=1.2.3.4: no image series with that SeriesInstanceUID under " + input,
                named.err().strip());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
