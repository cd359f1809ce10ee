package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The qform formulas against affines worked out by hand, and the qform that create() derives. */
class NiftiGeometryTest {
    private static final double H = Math.sqrt(0.5);

    static Stream<Arguments> quaternions() {
        return Stream.of(
                // identity rotation, spacing (2, 3, 4), qfac 1
                Arguments.of(new double[] {0, 0, 0, 1}, new double[][] {
                    {2, 0, 0, 10}, {0, 3, 0, 20}, {0, 0, 4, 30}}),
                // qfac -1 flips the z column
                Arguments.of(new double[] {0, 0, 0, -1}, new double[][] {
                    {2, 0, 0, 10}, {0, 3, 0, 20}, {0, 0, -4, 30}}),
                // 90 degrees about z: a = d = sqrt(1/2); x -> +y, y -> -x
                Arguments.of(new double[] {0, 0, H, 1}, new double[][] {
                    {0, -3, 0, 10}, {2, 0, 0, 20}, {0, 0, 4, 30}}),
                // 180 degrees about x: b = 1, a = 0; y and z reversed
                Arguments.of(new double[] {1, 0, 0, 1}, new double[][] {
                    {2, 0, 0, 10}, {0, -3, 0, 20}, {0, 0, -4, 30}}),
                // 90 degrees about y: a = c = sqrt(1/2); x -> -z, z -> +x
                Arguments.of(new double[] {0, H, 0, 1}, new double[][] {
                    {0, 0, 4, 10}, {0, 3, 0, 20}, {-2, 0, 0, 30}}));
    }

    @ParameterizedTest
    @MethodSource("quaternions")
    void qformAffineMatchesHandComputation(double[] bcdQfac, double[][] expected) {
        double[][] m = Quaternion.of(bcdQfac[0], bcdQfac[1], bcdQfac[2], bcdQfac[3])
                .affine(new double[] {2, 3, 4}, new double[] {10, 20, 30});
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(expected[r], m[r], 1e-12, "row " + r);
        }
        assertArrayEquals(new double[] {0, 0, 0, 1}, m[3]);
    }

    @ParameterizedTest
    @MethodSource("quaternions")
    void createDerivesTheQformOfTheAffine(double[] ignored, double[][] rows) {
        double[][] affine = {rows[0], rows[1], rows[2], {0, 0, 0, 1}};
        NiftiHeader h = NiftiHeader.create(4, 5, 6, new double[] {2, 3, 4}, affine);
        assertEquals(1, h.qformCode());
        assertEquals(1, h.sformCode());
        double[] q = h.quatern();
        double[][] fromQform = Quaternion.of(q[0], q[1], q[2], h.qfac()).affine(h.pixdim(), h.qoffset());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(affine[r], fromQform[r], 1e-6, "qform row " + r);
            assertArrayEquals(affine[r], h.affine()[r], 1e-6, "sform row " + r);
        }
    }

    @Test
    void affinePrefersSformThenQformThenSpacing() {
        NiftiHeader h = NiftiReader.readHeader(Fixtures.folder().resolve("qform_only.nii"));
        assertEquals(0, h.sformCode());
        double[] q = h.quatern();
        assertArrayEquals(Quaternion.of(q[0], q[1], q[2], h.qfac()).affine(h.pixdim(), h.qoffset())[0],
                h.affine()[0]);
        NiftiHeader s = NiftiReader.readHeader(Fixtures.folder().resolve("int16.nii.gz"));
        assertEquals(2, s.sformCode());
        assertArrayEquals(s.srowY(), s.affine()[1]);
    }

    @Test
    void sameGridComparesShapeAndAffine() {
        double[][] a = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double[][] moved = {{1, 0, 0, 0.01}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double[] one = {1, 1, 1};
        NiftiHeader h = NiftiHeader.create(4, 4, 2, one, a);
        assertTrue(h.sameGrid(NiftiHeader.create(4, 4, 2, one, moved), 0.02));
        assertFalse(h.sameGrid(NiftiHeader.create(4, 4, 2, one, moved), 0.001));
        assertFalse(h.sameGrid(NiftiHeader.create(4, 4, 3, one, a), 1));
        assertTrue(h.sameGrid(h.withDatatype(NiftiDatatype.UINT8).withDescription("x"), 0));
    }

    @Test
    void datatypeCodesAndNames() {
        List<String> names = Stream.of(NiftiDatatype.values()).map(NiftiDatatype::typeName).toList();
        assertEquals(List.of("uint8", "int8", "int16", "uint16", "int32", "uint32", "float32", "float64"), names);
        int[] codes = Stream.of(NiftiDatatype.values()).mapToInt(NiftiDatatype::code).toArray();
        assertArrayEquals(new int[] {2, 256, 4, 512, 8, 768, 16, 64}, codes);
        assertEquals(NiftiDatatype.UINT16, NiftiDatatype.fromCode(512, null));
    }
}
