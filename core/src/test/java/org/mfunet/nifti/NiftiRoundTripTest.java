package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Write then read: every type, both byte orders, plain and gzip; scaling; geometry kept bit for bit. */
class NiftiRoundTripTest {
    private static final double[][] AFFINE = {
        {0, -0.8, 0, 12.5}, {0.75, 0, 0, -30}, {0, 0, -10, 44}, {0, 0, 0, 1}
    };

    @TempDir
    Path dir;

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (NiftiDatatype type : NiftiDatatype.values()) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                for (String ext : List.of(".nii", ".nii.gz")) {
                    cases.add(Arguments.of(type, order, ext));
                }
            }
        }
        return cases;
    }

    /** Extremes of each type that a float holds exactly, and a few ordinary values. */
    private static float[] sample(NiftiDatatype type) {
        return switch (type) {
            case UINT8 -> new float[] {0, 255, 1, 128, 7, 200};
            case INT8 -> new float[] {-128, 127, -1, 0, 5, 64};
            case INT16 -> new float[] {-32768, 32767, -1, 0, 1000, -999};
            case UINT16 -> new float[] {0, 65535, 1, 40000, 2, 3};
            case INT32 -> new float[] {-2147483648f, 2147483520f, -1, 0, 123456, -7};
            case UINT32 -> new float[] {0, 4294967040f, 1, 3000000000f, 8, 9};
            case FLOAT32 -> new float[] {-Float.MAX_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, 1e-30f, 0.1f};
            case FLOAT64 -> new float[] {Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, -0.5f, 3.25f};
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void valuesAndGeometrySurvive(NiftiDatatype type, ByteOrder order, String ext) {
        NiftiHeader reference = NiftiHeader.create(3, 2, 1, new double[] {0.75, 0.8, 10}, AFFINE).withByteOrder(order);
        Path file = dir.resolve("out" + ext);
        float[] data = sample(type);
        NiftiWriter.write(file, reference, type, 3, 2, 1, data);

        NiftiImage back = NiftiReader.read(file);
        assertArrayEquals(data, back.data());
        assertEquals(type, back.header().datatype());
        assertEquals(order, back.header().byteOrder());
        assertEquals(NiftiHeader.DATA_OFFSET, back.header().voxOffset());
        assertEquals(NiftiWriter.DESCRIPTION, back.header().description());
        assertGeometryIdentical(reference, back.header());
        assertEquals(ext.endsWith(".gz"), isGzip(file));
    }

    @Test
    void fixtureGeometryIsCopiedBitForBit() {
        for (Path fixture : Fixtures.images()) {
            NiftiHeader reference = NiftiReader.readHeader(fixture);
            if (reference.nt() > 1) {
                continue;
            }
            Path out = dir.resolve("copy_" + fixture.getFileName());
            float[] zeros = new float[reference.nx() * reference.ny() * reference.nz()];
            NiftiWriter.write(out, reference, NiftiDatatype.UINT8, reference.nx(), reference.ny(), reference.nz(), zeros);
            NiftiHeader written = NiftiReader.readHeader(out);
            assertGeometryIdentical(reference, written);
            assertArrayEquals(reference.dims(), written.dims(), fixture.toString());
            assertEquals(reference.byteOrder(), written.byteOrder());
        }
    }

    /** qform, sform, codes, pixdim (with qfac) and units: the raw bytes, not just the decoded values. */
    private static void assertGeometryIdentical(NiftiHeader expected, NiftiHeader actual) {
        byte[] e = expected.withByteOrder(ByteOrder.LITTLE_ENDIAN).toBytes();
        byte[] a = actual.withByteOrder(ByteOrder.LITTLE_ENDIAN).toBytes();
        assertArrayEquals(Arrays.copyOfRange(e, 76, 108), Arrays.copyOfRange(a, 76, 108), "pixdim");
        assertArrayEquals(Arrays.copyOfRange(e, 123, 124), Arrays.copyOfRange(a, 123, 124), "xyzt_units");
        assertArrayEquals(Arrays.copyOfRange(e, 252, 328), Arrays.copyOfRange(a, 252, 328), "qform/sform");
    }

    @ParameterizedTest(name = "slope {0} inter {1}: value {2} stored as {3}")
    @CsvSource({
        "0.5, -10, 0, 20",
        "0.5, -10, -10, 0",
        "0.5, -10, 5.25, 30",   // 30.5 rounds to even
        "2, 100, 100, 0",
        "2, 100, -65436, -32768",
        "0, 0, 7, 7",           // slope 0 means no scaling
        "NaN, 3, -4, -4",       // so does NaN
    })
    void scalingMapsValuesToStoredIntegers(double slope, double inter, float value, short stored) throws IOException {
        NiftiHeader header = NiftiHeader.create(1, 1, 1, new double[] {1, 1, 1}, AFFINE)
                .withDatatype(NiftiDatatype.INT16).withScaling(slope, inter);
        Path file = dir.resolve("scaled.nii");
        NiftiWriter.write(file, header, new float[] {value});
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(stored, raw.getShort(NiftiHeader.DATA_OFFSET));
        float expected = header.hasScaling() ? (float) (stored * (double) (float) slope + (float) inter) : stored;
        assertEquals(expected, NiftiReader.read(file).get(0, 0, 0));
    }

    @Test
    void twoDimensionalImagesHaveOneSlice() {
        NiftiHeader header = NiftiHeader.create(2, 3, 1, new double[] {1, 2, 3}, AFFINE).withDims(2, 3);
        Path file = dir.resolve("flat.nii.gz");
        NiftiWriter.write(file, header, new float[] {1, 2, 3, 4, 5, 6});
        NiftiImage back = NiftiReader.read(file);
        assertArrayEquals(new int[] {2, 3}, back.header().dims());
        assertEquals(1, back.nz());
        assertArrayEquals(new double[] {1, 2}, back.header().pixdim());
        assertEquals(6, back.get(1, 2, 0));
    }

    private static boolean isGzip(Path file) {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }
}
