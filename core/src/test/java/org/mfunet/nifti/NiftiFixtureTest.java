package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture written by nibabel reads as nibabel reads it: dims, type, codes, affine, scaled values. */
class NiftiFixtureTest {

    static List<Path> fixtures() {
        List<Path> images = Fixtures.images();
        assertEquals(14, images.size(), "fixtures in " + Fixtures.folder());
        return images;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void headerMatchesNibabel(Path file) {
        JsonNode expected = Fixtures.sidecar(file);
        NiftiHeader h = NiftiReader.readHeader(file);
        assertArrayEquals(ints(expected.get("dims")), h.dims());
        assertEquals(expected.get("datatype").asText(), h.datatype().typeName());
        assertEquals(expected.get("byte_order").asText(),
                h.byteOrder().toString().equals("BIG_ENDIAN") ? "big-endian" : "little-endian");
        assertEquals(expected.get("qform_code").asInt(), h.qformCode());
        assertEquals(expected.get("sform_code").asInt(), h.sformCode());
        assertArrayEquals(doubles(expected.get("pixdim")), h.pixdim());
        assertEquals(expected.get("scl_slope").asDouble(), h.effectiveSlope());
        assertEquals(expected.get("scl_inter").asDouble(), h.effectiveInter());
        double[][] affine = h.affine();
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(doubles(expected.get("affine").get(r)), affine[r], 1e-5, "affine row " + r);
        }
        if (h.sformCode() > 0) {
            assertArrayEquals(doubles(expected.get("sform").get(0)), h.srowX());
            assertArrayEquals(doubles(expected.get("sform").get(2)), h.srowZ());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void valuesMatchNibabel(Path file) {
        JsonNode expected = Fixtures.sidecar(file).get("values");
        List<Float> seen = new ArrayList<>();
        NiftiReader.stream(file, (values, n) -> {
            for (int i = 0; i < n; i++) {
                seen.add(values[i]);
            }
        });
        assertEquals(expected.size(), seen.size());
        for (int i = 0; i < seen.size(); i++) {
            JsonNode e = expected.get(i);
            if (e.isNull()) {
                assertTrue(Float.isNaN(seen.get(i)), "voxel " + i + " is NaN in nibabel");
            } else {
                float want = (float) e.asDouble();
                assertEquals(want, seen.get(i), Math.ulp(want), "voxel " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readGivesTheVolumeOrRefusesFourD(Path file) {
        NiftiHeader h = NiftiReader.readHeader(file);
        if (h.nt() > 1) {
            NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(file));
            assertEquals(file + ": 4D image with 2 volumes; a 3D volume is needed", e.getMessage());
            return;
        }
        NiftiImage image = NiftiReader.read(file);
        JsonNode values = Fixtures.sidecar(file).get("values");
        int nx = image.nx();
        int ny = image.ny();
        // The last voxel checks the x-fastest index formula against nibabel's 'F' order.
        int last = values.size() - 1;
        float want = values.get(last).isNull() ? Float.NaN : (float) values.get(last).asDouble();
        assertEquals(want, image.get(nx - 1, ny - 1, image.nz() - 1), Math.ulp(want));
        assertEquals(image.data()[1], image.get(1, 0, 0));
        assertEquals(image.data()[nx], image.get(0, 1, 0));
        assertEquals(image.data().length, values.size());
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
