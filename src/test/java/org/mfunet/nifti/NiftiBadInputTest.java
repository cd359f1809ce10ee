package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken file gives a NiftiException "<file>: <problem>" naming the problem; writers leave nothing. */
class NiftiBadInputTest {
    @TempDir
    Path dir;

    /** A valid little-endian 5x4x3 uint8 .nii (60 data bytes at offset 352). */
    private static byte[] validPlain() {
        try {
            return Files.readAllBytes(Fixtures.folder().resolve("uint8.nii"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UnaryOperator<byte[]> putShort(int offset, int value) {
        return b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
            return b;
        };
    }

    private static UnaryOperator<byte[]> putFloat(int offset, float value) {
        return b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
            return b;
        };
    }

    private static UnaryOperator<byte[]> putBytes(int offset, byte... bytes) {
        return b -> {
            System.arraycopy(bytes, 0, b, offset, bytes.length);
            return b;
        };
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Arguments broken(String name, Function<byte[], byte[]> damage, String problem) {
        return Arguments.of(name, damage, problem);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("empty.nii", b -> new byte[0], "truncated: 0 bytes"),
                broken("short_header.nii", b -> Arrays.copyOf(b, 100),
                        "truncated: 100 bytes, a NIfTI-1 header needs 348"),
                broken("short_data.nii", b -> Arrays.copyOf(b, 400),
                        "only 48 bytes are there"),
                broken("short_data.nii.gz", b -> gzip(Arrays.copyOf(b, 400)),
                        "only 48 bytes are there"),
                broken("cut_gzip.nii.gz", b -> Arrays.copyOf(gzip(b), gzip(b).length - 30),
                        "truncated gzip data"),
                broken("corrupt_gzip.nii.gz", b -> {
                    byte[] g = gzip(b);
                    g[g.length - 6] ^= 0x55; // inside the CRC/length trailer
                    return g;
                }, "corrupt gzip data"),
                broken("bad_magic.nii", putBytes(344, (byte) 'x', (byte) 'y', (byte) 'z', (byte) 0), "bad magic \"xyz\\x00\""),
                broken("pair.nii", putBytes(344, (byte) 'n', (byte) 'i', (byte) '1', (byte) 0), "pair files"),
                broken("not_nifti.nii", putBytes(0, (byte) 'h', (byte) 'e', (byte) 'l', (byte) 'o'),
                        "not a NIfTI-1 file"),
                broken("nifti2.nii", putShort(0, 540), "NIfTI-2 files are not supported"),
                broken("complex.nii", putShort(70, 32), "unsupported datatype 32 (complex64)"),
                broken("rgb.nii", putShort(70, 128), "unsupported datatype 128 (RGB24)"),
                broken("zero_dim.nii", putShort(42, 0), "dim[1] = 0; dimensions must be positive"),
                broken("negative_dim.nii", putShort(44, -3), "dim[2] = -3; dimensions must be positive"),
                broken("rank5.nii", putShort(40, 5), "dim[0] = 5; only 2D, 3D and 4D"),
                broken("offset_past_end.nii", putFloat(108, 1e6f), "vox_offset 1000000 is beyond the end of the file"),
                broken("offset_past_end.nii.gz", b -> gzip(putFloat(108, 1e6f).apply(b)),
                        "vox_offset 1000000 is beyond the end of the data"),
                broken("offset_too_small.nii", putFloat(108, 100f), "vox_offset 100.0 is invalid"),
                broken("offset_nan.nii", putFloat(108, Float.NaN), "vox_offset NaN is invalid"),
                broken("huge.nii.gz", b -> gzip(putShort(42, 32767).andThen(putShort(44, 32767))
                        .andThen(putShort(46, 32767)).apply(b)), "more than the limit of 2,048 MiB"),
                broken("volumes.nii", putShort(40, 4).andThen(putShort(48, 7)),
                        "4D image with 7 volumes; a 3D volume is needed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void readerNamesFileAndProblem(String name, Function<byte[], byte[]> damage, String problem) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, damage.apply(validPlain()));
        NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
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
