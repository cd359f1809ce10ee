package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiWriter;

class CaseVolumesTest {
    private static final double[] SPACING = {1, 1, 10};
    private static final double[][] AFFINE = {{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}};
    private static final NiftiHeader GRID = NiftiHeader.create(3, 2, 1, SPACING, AFFINE);

    @TempDir
    Path dir;

    /** Writes a 3 x 2 x 1 case whose files hold the given voxels; T2 and labels may use another header. */
    private MyopsCase writeCase(NiftiHeader t2Grid, float[] t2, NiftiHeader labelGrid, float[] labels) {
        Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            Path file = dir.resolve("c_1_" + s.suffix() + ".nii");
            boolean isT2 = s == Sequence.T2;
            NiftiWriter.write(file, isT2 ? t2Grid : GRID, NiftiDatatype.FLOAT32, isT2 ? t2Grid.nx() : 3,
                    isT2 ? t2Grid.ny() : 2, 1, isT2 ? t2 : new float[] {1, 2, 3, 4, 5, 6});
            images.put(s, file);
        }
        Path gd = dir.resolve("c_1_gd.nii");
        NiftiWriter.write(gd, labelGrid, NiftiDatatype.INT16, labelGrid.nx(), labelGrid.ny(), 1, labels);
        return new MyopsCase("c", "1", images, gd);
    }

    @Test
    void loadsImagesAndTurnsLabelValuesIntoClasses() {
        MyopsCase c = writeCase(GRID, new float[] {6, 5, 4, 3, 2, 1}, GRID, new float[] {0, 200, 500, 600, 1220, 2221});
        CaseVolumes v = CaseVolumes.load(c);
        assertEquals(3, v.nx());
        assertEquals(2, v.ny());
        assertEquals(1, v.nz());
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, v.images().get(Sequence.T2));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, v.slice(Sequence.LGE, 0));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, v.classSlice(0));
    }

    /**
     * Without a C0 the case is on the grid of its DE file, and the files it has must agree with that one: a T2 on
     * another grid is named with the DE file.
     */
    @Test
    void aCaseWithoutBssfpIsOnTheGridOfItsLgeAndItsFilesMustAgreeWithIt() {
        MyopsCase full = writeCase(GRID, new float[] {6, 5, 4, 3, 2, 1}, GRID, new float[] {0, 200, 500, 600, 1220, 2221});
        CaseVolumes v = CaseVolumes.load(full.withOnly(java.util.EnumSet.of(Sequence.LGE, Sequence.T2)));
        assertEquals(java.util.EnumSet.of(Sequence.LGE, Sequence.T2), v.sequences());
        assertEquals(java.util.Set.of(Sequence.LGE, Sequence.T2), v.images().keySet());
        assertEquals(dir.resolve("c_1_DE.nii"), v.gridFile());
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, v.images().get(Sequence.T2));
        java.util.List<PreparedSlice> slices = new SlicePreparation(0, 0).prepare(v);
        assertEquals(v.sequences(), slices.get(0).sequences());
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1},
                java.util.Arrays.copyOfRange(slices.get(0).image(), 12, 18), "the missing bSSFP channel is padding");

        MyopsCase wrongT2 = writeCase(NiftiHeader.create(2, 3, 1, SPACING, AFFINE), new float[6], GRID,
                new float[] {0, 200, 500, 600, 1220, 2221});
        MfunetException e = assertThrows(MfunetException.class,
                () -> CaseVolumes.load(wrongT2.withOnly(java.util.EnumSet.of(Sequence.LGE, Sequence.T2))));
        assertEquals("case c_1: " + dir.resolve("c_1_DE.nii") + " and " + dir.resolve("c_1_T2.nii")
                + " are not on the same grid (dims 3 x 2 x 1 vs 2 x 3 x 1)", e.getMessage());
    }

    @Test
    void refusesMismatchedGridsBadLabelsAndNonFiniteVoxels() {
        float[] ok = {1, 2, 3, 4, 5, 6};
        float[] labels = {0, 200, 500, 600, 1220, 2221};
        NiftiHeader wide = NiftiHeader.create(2, 3, 1, SPACING, AFFINE);
        double[][] moved = {{-1, 0, 0, 0.5}, {0, -1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}};
        NiftiHeader shifted = NiftiHeader.create(3, 2, 1, SPACING, moved);
        Path c0 = dir.resolve("c_1_C0.nii");
        Object[][] table = {
            {wide, ok, GRID, labels, "case c_1: " + c0 + " and " + dir.resolve("c_1_T2.nii")
                    + " are not on the same grid (dims 3 x 2 x 1 vs 2 x 3 x 1)"},
            {GRID, ok, shifted, labels, "case c_1: " + c0 + " and " + dir.resolve("c_1_gd.nii")
                    + " are not on the same grid (their affines differ by more than 0.01 mm)"},
            {GRID, ok, GRID, new float[] {0, 3, 1000, 3, 200, 201}, dir.resolve("c_1_gd.nii")
                    + ": label values outside {0, 200, 500, 600, 1220, 2221}: 3 (2 voxels), 201 (1 voxels), 1000 (1 voxels)"},
            {GRID, new float[] {1, Float.NaN, 3, Float.POSITIVE_INFINITY, 5, 6}, GRID, labels,
                dir.resolve("c_1_T2.nii") + ": 2 voxels are NaN or infinite"},
        };
        for (Object[] row : table) {
            MyopsCase c = writeCase((NiftiHeader) row[0], (float[]) row[1], (NiftiHeader) row[2], (float[]) row[3]);
            MfunetException e = assertThrows(MfunetException.class, () -> CaseVolumes.load(c));
            assertEquals(row[4], e.getMessage());
        }
    }
}
