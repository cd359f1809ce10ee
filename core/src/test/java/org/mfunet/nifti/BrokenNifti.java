package org.mfunet.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * A NIfTI file broken in one known way: the bytes of the valid 5x4x3 uint8 fixture ({@code uint8.nii},
 * little-endian, 60 data bytes at offset 352) with one damage applied, and a fragment of the message the
 * reader must give. Shared by the reader's tests and the command-line tests.
 *
 * @param name    file name to write it under (its ending says whether it is gzip-compressed)
 * @param damage  turns the valid bytes into the broken file's bytes (may modify its argument)
 * @param problem text the reader's one-line message must contain after {@code "<file>: "}
 */
public record BrokenNifti(String name, UnaryOperator<byte[]> damage, String problem) {
    /** Every broken file the reader must refuse. */
    public static List<BrokenNifti> all() {
        return List.of(
                new BrokenNifti("empty.nii", b -> new byte[0], "truncated: 0 bytes"),
                new BrokenNifti("short_header.nii", b -> Arrays.copyOf(b, 100),
                        "truncated: 100 bytes, a NIfTI-1 header needs 348"),
                new BrokenNifti("short_data.nii", b -> Arrays.copyOf(b, 400), "only 48 bytes are there"),
                new BrokenNifti("short_data.nii.gz", b -> gzip(Arrays.copyOf(b, 400)), "only 48 bytes are there"),
                new BrokenNifti("cut_gzip.nii.gz", b -> Arrays.copyOf(gzip(b), gzip(b).length - 30),
                        "truncated gzip data"),
                new BrokenNifti("corrupt_gzip.nii.gz", b -> {
                    byte[] g = gzip(b);
                    g[g.length - 6] ^= 0x55; // inside the CRC/length trailer
                    return g;
                }, "corrupt gzip data"),
                new BrokenNifti("bad_magic.nii", putBytes(344, (byte) 'x', (byte) 'y', (byte) 'z', (byte) 0),
                        "bad magic \"xyz\\x00\""),
                new BrokenNifti("pair.nii", putBytes(344, (byte) 'n', (byte) 'i', (byte) '1', (byte) 0), "pair files"),
                new BrokenNifti("not_nifti.nii", putBytes(0, (byte) 'h', (byte) 'e', (byte) 'l', (byte) 'o'),
                        "not a NIfTI-1 file"),
                new BrokenNifti("nifti2.nii", putShort(0, 540), "NIfTI-2 files are not supported"),
                new BrokenNifti("complex.nii", putShort(70, 32), "unsupported datatype 32 (complex64)"),
                new BrokenNifti("rgb.nii", putShort(70, 128), "unsupported datatype 128 (RGB24)"),
                new BrokenNifti("zero_dim.nii", putShort(42, 0), "dim[1] = 0; dimensions must be positive"),
                new BrokenNifti("negative_dim.nii", putShort(44, -3), "dim[2] = -3; dimensions must be positive"),
                new BrokenNifti("rank5.nii", putShort(40, 5), "dim[0] = 5; only 2D, 3D and 4D"),
                new BrokenNifti("offset_past_end.nii", putFloat(108, 1e6f),
                        "vox_offset 1000000 is beyond the end of the file"),
                new BrokenNifti("offset_past_end.nii.gz", b -> gzip(putFloat(108, 1e6f).apply(b)),
                        "vox_offset 1000000 is beyond the end of the data"),
                new BrokenNifti("offset_too_small.nii", putFloat(108, 100f), "vox_offset 100.0 is invalid"),
                new BrokenNifti("offset_nan.nii", putFloat(108, Float.NaN), "vox_offset NaN is invalid"));
    }

    /** The valid fixture's bytes. */
    public static byte[] validBytes() {
        try {
            return Files.readAllBytes(Fixtures.folder().resolve("uint8.nii"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 3D header claiming 32767^3 voxels (gzip, so no file length betrays it) over the fixture's 60 bytes. */
    public static byte[] huge() {
        return gzip(putShort(42, 32767).andThen(putShort(44, 32767)).andThen(putShort(46, 32767)).apply(validBytes()));
    }

    /** The fixture declared as 4D with 7 volumes. */
    public static byte[] volumes() {
        return putShort(40, 4).andThen(putShort(48, 7)).apply(validBytes());
    }

    /** Writes the broken file into {@code dir} under its name; returns its path. */
    public Path writeTo(Path dir) throws IOException {
        return Files.write(dir.resolve(name), damage.apply(validBytes()));
    }

    @Override
    public String toString() {
        return name;
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
}
