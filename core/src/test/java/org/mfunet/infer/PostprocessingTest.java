package org.mfunet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostprocessingTest {

    static Stream<Arguments> components() {
        return Stream.of(
                // 3 x 3 x 1: diagonal contact joins in-plane
                Arguments.of("in-plane diagonal", 3, 3, 1, "100" + "010" + "001", new int[] {1, 0, 0, 0, 1, 0, 0, 0, 1}),
                Arguments.of("separate in-plane", 3, 1, 1, "101", new int[] {1, 0, 2}),
                // 2 x 1 x 2: same (x, y) in adjacent slices joins
                Arguments.of("through-plane", 2, 1, 2, "10" + "10", new int[] {1, 0, 1, 0}),
                // 2 x 1 x 2: a diagonal step between slices does not
                Arguments.of("diagonal across slices", 2, 1, 2, "10" + "01", new int[] {1, 0, 0, 2}),
                // 1 x 1 x 3: non-adjacent slices do not join
                Arguments.of("slice gap", 1, 1, 3, "101", new int[] {1, 0, 2}),
                Arguments.of("empty", 2, 1, 1, "00", new int[] {0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void labelsComponents(String name, int nx, int ny, int nz, String mask, int[] expected) {
        assertArrayEquals(expected, Postprocessing.componentLabels(mask(mask), nx, ny, nz));
    }

    static Stream<Arguments> largest() {
        return Stream.of(
                Arguments.of("larger second", 6, 1, 1, "100111", "000111"),
                Arguments.of("tie keeps first", 5, 1, 1, "11011", "11000"),
                Arguments.of("joined across slices beats in-plane", 3, 1, 2, "101" + "100", "100" + "100"),
                Arguments.of("empty stays empty", 3, 1, 1, "000", "000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largest")
    void keepsLargestComponent(String name, int nx, int ny, int nz, String mask, String expected) {
        assertArrayEquals(mask(expected), Postprocessing.largestComponent(mask(mask), nx, ny, nz));
    }

    @Test
    void applyCleansAnatomyThenKeepsPathologyInsideTheKeptMyocardium() {
        // 7 x 1 x 1 line: myocardium at 0-2 and a stray voxel at 6, LV at 4, RV at 5
        byte[] anatomy = {1, 1, 1, 0, 2, 3, 1};
        // scar: two separate pieces inside the kept myocardium (0 and 2), both kept, and one at 6 (stray myocardium,
        // removed); edema: one voxel on the LV (outside myocardium, removed) and one at 1
        VolumeSegmentation in = new VolumeSegmentation(7, 1, 1, anatomy, mask("1010001"), mask("0100100"));
        VolumeSegmentation out = Postprocessing.apply(in);
        assertArrayEquals(new byte[] {1, 1, 1, 0, 2, 3, 0}, out.anatomy());
        assertArrayEquals(mask("1010000"), out.scar());
        assertArrayEquals(mask("0100000"), out.edema());
        assertArrayEquals(new byte[] {1, 1, 1, 0, 2, 3, 1}, in.anatomy());
    }

    @Test
    void fillsHolesSliceBySliceButNotBaysOpenToTheBorder() {
        // 5 x 5 x 1: a ring with a one-pixel hole in the middle, and a bay at the right edge open to the border.
        String ring = "00000"
                + "01110"
                + "01011"
                + "01110"
                + "00000";
        String filled = "00000"
                + "01110"
                + "01111"
                + "01110"
                + "00000";
        assertArrayEquals(mask(filled), Postprocessing.fillHoles(mask(ring), 5, 5, 1));
        String bay = "00000"
                + "01110"
                + "01000"
                + "01110"
                + "00000";
        assertArrayEquals(mask(bay), Postprocessing.fillHoles(mask(bay), 5, 5, 1));
        // Two slices: the hole of the first is filled, the second (no ring) unchanged.
        assertArrayEquals(mask(filled + "00000".repeat(4) + "00100"),
                Postprocessing.fillHoles(mask(ring + "00000".repeat(4) + "00100"), 5, 5, 2));
    }

    @Test
    void applyGivesTheLvNoHoles() {
        // 7 x 7 x 1: myocardium (1) ring around an LV (2) with a background pixel and an RV (3) pixel inside it.
        byte[] anatomy = {
            1, 1, 1, 1, 1, 1, 1,
            1, 2, 2, 2, 2, 2, 1,
            1, 2, 2, 2, 2, 2, 1,
            1, 2, 2, 0, 3, 2, 1,
            1, 2, 2, 2, 2, 2, 1,
            1, 2, 2, 2, 2, 2, 1,
            1, 1, 1, 1, 1, 1, 1};
        VolumeSegmentation out = Postprocessing.apply(new VolumeSegmentation(7, 7, 1, anatomy, new boolean[49], new boolean[49]));
        byte[] expected = anatomy.clone();
        expected[3 * 7 + 3] = 2;
        expected[3 * 7 + 4] = 2;
        assertArrayEquals(expected, out.anatomy());
    }

    /**
     * Slice 0: a closed myocardial ring around an LV with an RV pixel against the wall and a hole, and LV outside the
     * ring (joined to slice 1's LV, so the component rule keeps it): the RV pixel becomes LV (the hole too, by hole
     * filling), the outside LV background.
     * Slice 1: a ring open at the top right (a C, as at the base) keeps its LV as predicted, through the gap too.
     */
    @Test
    void applyPutsTheLvInsideAClosedMyocardialRing() {
        byte[] anatomy = {
            1, 1, 1, 1, 1, 0, 0,
            1, 2, 2, 2, 1, 2, 2,
            1, 2, 0, 2, 1, 2, 2,
            1, 3, 2, 2, 1, 0, 0,
            1, 1, 1, 1, 1, 0, 0,
            0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0,

            1, 1, 1, 1, 1, 0, 0,
            1, 2, 2, 2, 2, 2, 2,
            1, 2, 2, 2, 2, 2, 2,
            1, 2, 2, 2, 1, 0, 0,
            1, 1, 1, 1, 1, 0, 0,
            0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0};
        VolumeSegmentation out = Postprocessing.apply(new VolumeSegmentation(7, 7, 2, anatomy, new boolean[98], new boolean[98]));
        byte[] expected = anatomy.clone();
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                expected[y * 7 + x] = 2;
            }
            for (int x = 5; x <= 6; x++) {
                expected[y * 7 + x] = 0;
            }
        }
        assertArrayEquals(expected, out.anatomy());
    }

    /** A small hole in a thick myocardial wall, with no LV in it, is not a cavity: the LV beside the wall stays. */
    @Test
    void aSmallHoleInTheWallIsNoCavity() {
        byte[] anatomy = {
            1, 1, 1, 1, 1, 2, 2,
            1, 0, 1, 1, 1, 2, 2,
            1, 1, 1, 1, 1, 2, 2};
        VolumeSegmentation out = Postprocessing.apply(new VolumeSegmentation(7, 3, 1, anatomy, new boolean[21], new boolean[21]));
        assertArrayEquals(anatomy, out.anatomy());
    }

    /** An RV look-alike elsewhere in the body, larger than the real RV, loses to the RV against the myocardium. */
    @Test
    void keepsTheBloodPoolAgainstTheMyocardiumNotTheLargest() {
        // 9 x 1 x 1: RV (3) at 0, myocardium at 1-2, LV at 3-4, background, a larger RV at 6-8.
        byte[] anatomy = {3, 1, 1, 2, 2, 0, 3, 3, 3};
        VolumeSegmentation out = Postprocessing.apply(new VolumeSegmentation(9, 1, 1, anatomy, new boolean[9], new boolean[9]));
        assertArrayEquals(new byte[] {3, 1, 1, 2, 2, 0, 0, 0, 0}, out.anatomy());
        // With no component against the reference, the largest one stays.
        assertArrayEquals(mask("000111"), Postprocessing.componentTouching(mask("100111"), mask("000000"), 6, 1, 1));
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> Postprocessing.componentLabels(new boolean[5], 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Postprocessing.restrictTo(new boolean[2], new boolean[3]));
        assertThrows(IllegalArgumentException.class,
                () -> new VolumeSegmentation(2, 1, 1, new byte[] {0, 4}, new boolean[2], new boolean[2]));
    }

    static boolean[] mask(String bits) {
        boolean[] m = new boolean[bits.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = bits.charAt(i) == '1';
        }
        return m;
    }
}
