package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;

class MyopsCohortTest {
    @TempDir
    Path dir;

    private Path touch(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        return Files.createFile(folder.resolve(name));
    }

    private void touchCase(Path folder, String name, String ext, String... suffixes) throws IOException {
        for (String s : suffixes) {
            touch(folder, name + "_" + s + ext);
        }
    }

    @Test
    void findsCasesWithLabelsInTheSameFolderSortedByName() throws IOException {
        touchCase(dir, "myops_training_102", ".nii.gz", "C0", "DE", "T2", "gd");
        touchCase(dir, "myops_training_101", ".nii", "C0", "DE", "T2");
        touch(dir, "notes.txt");

        List<MyopsCase> cases = MyopsCohort.scan(dir, null);

        assertEquals(List.of("myops_training_101", "myops_training_102"), cases.stream().map(MyopsCase::name).toList());
        MyopsCase first = cases.get(0);
        assertEquals("myops_training", first.prefix());
        assertEquals("101", first.id());
        assertEquals(dir.resolve("myops_training_101_DE.nii"), first.image(Sequence.LGE));
        assertEquals(dir.resolve("myops_training_101_C0.nii"), first.image(Sequence.BSSFP));
        assertNull(first.labels());
        assertEquals(dir.resolve("myops_training_102_gd.nii.gz"), cases.get(1).labels());
    }

    @Test
    void findsLabelsInTheOfficialSeparateFolder() throws IOException {
        Path images = dir.resolve("train25");
        Path labels = dir.resolve("train25_myops_gd");
        touchCase(images, "myops_training_101", ".nii.gz", "C0", "DE", "T2");
        touchCase(labels, "myops_training_101", ".nii.gz", "gd");

        MyopsCase c = MyopsCohort.scan(images, labels).get(0);

        assertEquals(labels.resolve("myops_training_101_gd.nii.gz"), c.labels());
        assertEquals(images.resolve("myops_training_101_T2.nii.gz"), c.image(Sequence.T2));
    }

    @Test
    void aCaseNeedsItsLgeOnlyAndTakesTheGridOfTheFirstOfC0DeAndT2ItHas() throws IOException {
        touchCase(dir, "x_1", ".nii.gz", "C0", "DE", "T2", "gd");
        touchCase(dir, "x_2", ".nii.gz", "DE", "T2", "gd");
        touchCase(dir, "x_3", ".nii.gz", "C0", "DE");
        touchCase(dir, "x_4", ".nii.gz", "DE");
        touchCase(dir, "x_5", ".nii.gz", "C0", "T2", "gd");

        MyopsCohort.Listing listing = MyopsCohort.list(dir, null);

        assertEquals(List.of("x_1", "x_2", "x_3", "x_4"), listing.cases().stream().map(MyopsCase::name).toList());
        String[][] expected = {
            {"LGE + T2 + bSSFP", "BSSFP"}, {"LGE + T2", "LGE"}, {"LGE + bSSFP", "BSSFP"}, {"LGE", "LGE"}};
        for (int i = 0; i < expected.length; i++) {
            MyopsCase c = listing.cases().get(i);
            assertEquals(expected[i][0], Sequence.describe(c.sequences()), c.name());
            assertEquals(Sequence.valueOf(expected[i][1]), c.gridSequence(), c.name());
            assertEquals(c.sequences().size() == 3, c.complete());
        }
        assertNull(listing.cases().get(1).image(Sequence.BSSFP));
        assertEquals(java.util.Map.of("x_5", "case x_5: missing the LGE sequence (x_5_DE.nii[.gz]) in " + dir
                + ", which every case needs; it has x_5_C0.nii.gz, x_5_T2.nii.gz, x_5_gd.nii.gz"), listing.incomplete());
        MyopsCase lgeOnly = listing.cases().get(0).withOnly(java.util.EnumSet.of(Sequence.LGE, Sequence.T2));
        assertEquals(Sequence.LGE, lgeOnly.gridSequence());
        assertEquals(listing.cases().get(0).labels(), lgeOnly.labels());
    }

    @Test
    void refusesBadFolders() throws IOException {
        touchCase(dir.resolve("a"), "myops_training_101", ".nii.gz", "C0", "T2", "gd");
        touchCase(dir.resolve("b"), "myops_training_101", ".nii", "C0", "DE", "T2");
        touch(dir.resolve("b"), "myops_training_101_T2.nii.gz");
        touchCase(dir.resolve("c"), "myops_training_101", ".nii", "C0", "DE", "T2");
        touchCase(dir.resolve("d"), "myops_training_102", ".nii", "gd");
        Files.createDirectories(dir.resolve("empty"));
        String[][] table = {
            {"a", null, "case myops_training_101: missing the LGE sequence (myops_training_101_DE.nii[.gz]) in "
                    + dir.resolve("a") + ", which every case needs; it has myops_training_101_C0.nii.gz,"
                    + " myops_training_101_T2.nii.gz, myops_training_101_gd.nii.gz"},
            {"b", null, dir.resolve("b/myops_training_101_T2.nii.gz") + ": duplicate of "
                    + dir.resolve("b/myops_training_101_T2.nii") + "; keep only one of them"},
            {"c", "d", dir.resolve("d/myops_training_102_gd.nii") + ": labels of case myops_training_102 have no images in "
                    + dir.resolve("c")},
            {"empty", null, dir.resolve("empty") + ": no MyoPS case found (expected files named"
                    + " <prefix>_<id>_DE, with _C0 and _T2 where acquired, .nii or .nii.gz)"},
            {"missing", null, dir.resolve("missing") + ": no such folder"},
        };
        for (String[] row : table) {
            Path labels = row[1] == null ? null : dir.resolve(row[1]);
            MfunetException e = assertThrows(MfunetException.class, () -> MyopsCohort.scan(dir.resolve(row[0]), labels));
            assertEquals(row[2], e.getMessage(), row[0]);
        }
    }

    @Test
    void aListFileNamesCasesByTheirLgeFilesFromAnyFolder() throws IOException {
        touchCase(dir.resolve("site-a"), "synth_102", ".nii.gz", "C0", "DE", "T2");
        touchCase(dir.resolve("site-a"), "synth_109", ".nii.gz", "C0", "DE", "T2");
        touchCase(dir.resolve("site-b"), "synth_101", ".nii", "DE", "T2");
        Path list = Files.writeString(dir.resolve("cases.txt"), "# held-out cases\nsite-a/synth_102_DE.nii.gz\n\n"
                + dir.resolve("site-b/synth_101_DE.nii") + "\n");

        MyopsCohort.Listing listing = MyopsCohort.listInput(list);

        assertEquals(List.of("synth_101", "synth_102"), listing.cases().stream().map(MyopsCase::name).toList());
        assertEquals(dir.resolve("site-b/synth_101_T2.nii"), listing.cases().get(0).image(Sequence.T2));
        assertEquals(dir.resolve("site-a/synth_102_C0.nii.gz"), listing.cases().get(1).image(Sequence.BSSFP));
        assertEquals(List.of("synth_102", "synth_109"), MyopsCohort.listInput(dir.resolve("site-a")).cases().stream()
                .map(MyopsCase::name).toList(), "a folder is listed whole");
    }

    @Test
    void refusesBadListFiles() throws IOException {
        touchCase(dir, "synth_101", ".nii.gz", "C0", "DE", "T2");
        String[][] table = {
            {"synth_101_C0.nii.gz", ":1: synth_101_C0.nii.gz is not a case's LGE file (<prefix>_<id>_DE.nii[.gz])"},
            {"notes.txt", ":1: notes.txt is not a case's LGE file (<prefix>_<id>_DE.nii[.gz])"},
            {"# nothing\n", ": the list of cases names no case (one LGE file per line)"},
            {"synth_101_DE.nii.gz\nsynth_102_DE.nii.gz", ":2: synth_102_DE.nii.gz: no such file"},
            {"synth_101_DE.nii.gz\n./synth_101_DE.nii.gz", ":2: case synth_101 is listed again (first on line 1);"
                    + " its predictions would overwrite each other"},
        };
        for (String[] row : table) {
            Path list = Files.writeString(dir.resolve("list.txt"), row[0]);
            MfunetException e = assertThrows(MfunetException.class, () -> MyopsCohort.listInput(list));
            assertEquals(list + row[1], e.getMessage(), row[0]);
        }
        MfunetException missing = assertThrows(MfunetException.class, () -> MyopsCohort.listInput(dir.resolve("no.txt")));
        assertEquals(dir.resolve("no.txt") + ": no such folder or list of cases", missing.getMessage());
    }
}
