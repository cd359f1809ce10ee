package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken file gives a NiftiException "<file>: <problem>" naming the problem; writers leave nothing. */
class NiftiBadInputTest {
    @TempDir
    Path dir;

    static Stream<BrokenNifti> brokenFiles() {
        return Stream.concat(BrokenNifti.all().stream(), Stream.of(
                new BrokenNifti("huge.nii.gz", b -> BrokenNifti.huge(), "more than the limit of 2,048 MiB"),
                new BrokenNifti("volumes.nii", b -> BrokenNifti.volumes(),
                        "4D image with 7 volumes; a 3D volume is needed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void readerNamesFileAndProblem(BrokenNifti broken) throws IOException {
        Path file = broken.writeTo(dir);
        NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(broken.problem()), e.getMessage());
    }

    @Test
    void missingFileAndFolder() {
        Path missing = dir.resolve("nope.nii.gz");
        assertEquals(missing + ": no such file",
                assertThrows(NiftiException.class, () -> NiftiReader.read(missing)).getMessage());
        assertEquals(dir + ": is a folder, not a NIfTI file",
                assertThrows(NiftiException.class, () -> NiftiReader.readHeader(dir)).getMessage());
    }

    @Test
    void memoryLimitIsCheckedBeforeReading() {
        Path file = Fixtures.folder().resolve("uint8.nii");
        NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(file, 100));
        assertTrue(e.getMessage().contains("5 x 4 x 3 voxels"), e.getMessage());
        assertEquals(60, NiftiReader.read(file, 240).data().length);
    }

    @Test
    void nanVoxelsAreReadAsStored() {
        NiftiImage image = NiftiReader.read(Fixtures.folder().resolve("nan_float32.nii.gz"));
        // make_fixtures.py sets numpy's flat[2] (C order) of the 5x4x3 array: voxel (0, 0, 2).
        assertTrue(Float.isNaN(image.get(0, 0, 2)));
        assertTrue(Float.isFinite(image.get(1, 0, 2)));
    }

    static Stream<Arguments> writerFailures() {
        return Stream.of(
                Arguments.of("out.nii", new float[] {1, 2, 40000, 4}, NiftiDatatype.INT16,
                        "value 40000.0 at voxel (0, 1, 0) cannot be stored as int16 (range -32768 to 32767)"),
                Arguments.of("out.nii.gz", new float[] {1, Float.NaN, 3, 4}, NiftiDatatype.UINT8,
                        "value NaN at voxel (1, 0, 0) cannot be stored as uint8"),
                Arguments.of("out.nii", new float[] {-1, 0, 0, 0}, NiftiDatatype.UINT32, "value -1.0 at voxel (0, 0, 0) cannot be stored as uint32"),
                Arguments.of("out.img", new float[] {1, 2, 3, 4}, NiftiDatatype.FLOAT32, "output name must end in .nii or .nii.gz"),
                Arguments.of("out.nii", new float[] {1, 2, 3}, NiftiDatatype.FLOAT32, "got 3 voxel values"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("writerFailures")
    void writerRefusesAndLeavesNothing(String name, float[] data, NiftiDatatype type, String problem) throws IOException {
        NiftiHeader reference = NiftiHeader.create(2, 2, 1, new double[] {1, 1, 1},
                new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        Path target = dir.resolve(name);
        NiftiException e = assertThrows(NiftiException.class,
                () -> NiftiWriter.write(target, reference, type, 2, 2, 1, data));
        assertEquals(target + ": " + problem, e.getMessage().substring(0, Math.min(e.getMessage().length(),
                (target + ": " + problem).length())));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void writerFailsCleanlyWhenTheFolderCannotTakeTheFile() throws IOException {
        NiftiHeader reference = NiftiHeader.create(1, 1, 1, new double[] {1, 1, 1},
                new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "x");
        Path target = notAFolder.resolve("out.nii");
        NiftiException e = assertThrows(NiftiException.class,
                () -> NiftiWriter.write(target, reference, NiftiDatatype.UINT8, 1, 1, 1, new float[] {1}));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        // A folder in the way of the final rename: the temporary file must not survive.
        Path occupied = Files.createDirectories(dir.resolve("taken.nii"));
        Files.writeString(occupied.resolve("inside"), "x");
        assertThrows(NiftiException.class,
                () -> NiftiWriter.write(occupied, reference, NiftiDatatype.UINT8, 1, 1, 1, new float[] {1}));
        assertEquals(List.of("plain.txt", "taken.nii"), listing(dir));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
