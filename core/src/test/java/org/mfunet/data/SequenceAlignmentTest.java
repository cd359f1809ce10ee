package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceAlignmentTest {
    static final int NX = 48;
    static final int NY = 40;

    /**
     * A bright disc (blood) in a dark ring (myocardium) on a mid-grey body whose edge lies 20 pixels right of the
     * centre (cx, cy), air beyond; the blood dark on demand, as on black-blood T2.
     */
    static float[] heart(double cx, double cy, boolean darkBlood) {
        float[] plane = new float[NX * NY];
        for (int y = 0; y < NY; y++) {
            for (int x = 0; x < NX; x++) {
                double r = Math.hypot(x - cx, y - cy);
                double blood = darkBlood ? 10 : 90;
                plane[y * NX + x] = (float) (r < 6 ? blood : r < 10 ? 30 : x < cx + 20 ? 60 : 0);
            }
        }
        return plane;
    }

    @Test
    void findsTheShiftOfTheMovingSliceWhateverItsPolarity() {
        float[] reference = heart(20, 18, false);
        // the moving sequence shows the heart 2 pixels to the right and 1 up, with dark blood: moving(x + 2, y - 1)
        // is where reference(x, y) is
        float[] moving = heart(22, 17, true);
        assertArrayEquals(new int[] {2, -1}, new SequenceAlignment(reference, NX, NY, 3, 3).shiftOf(moving));
        // moved back, it matches the dark-blood heart drawn at the reference's place, except along the image edges
        // that the shift filled with edge pixels
        float[] aligned = SequenceAlignment.shifted(moving, NX, NY, 2, -1);
        float[] expected = heart(20, 18, true);
        for (int y = 1; y < NY; y++) {
            for (int x = 0; x < NX - 2; x++) {
                assertEquals(expected[y * NX + x], aligned[y * NX + x], "pixel " + x + ", " + y);
            }
        }
    }

    @Test
    void searchesNoFurtherThanTheRadius() {
        float[] reference = heart(20, 18, false);
        float[] moving = heart(24, 18, false);
        // the best shift within 2 pixels is the one nearest the true 4
        assertArrayEquals(new int[] {2, 0}, new SequenceAlignment(reference, NX, NY, 2, 2).shiftOf(moving));
        assertArrayEquals(new int[] {4, 0}, new SequenceAlignment(reference, NX, NY, 4, 4).shiftOf(moving));
    }

    @Test
    void leavesSlicesWithoutEdgesWhereTheyAre() {
        float[] flat = new float[NX * NY];
        java.util.Arrays.fill(flat, 5);
        assertArrayEquals(new int[] {0, 0}, new SequenceAlignment(heart(20, 18, false), NX, NY, 3, 3).shiftOf(flat));
        assertArrayEquals(new int[] {0, 0}, new SequenceAlignment(flat, NX, NY, 3, 3).shiftOf(heart(22, 18, false)));
        assertArrayEquals(new int[] {0, 0}, new SequenceAlignment(heart(20, 18, false), NX, NY, 0, 0).shiftOf(heart(22, 18, false)));
    }

    @Test
    void searchRadiusCoversTheDistanceInPixels() {
        assertEquals(0, SequenceAlignment.searchRadius(0, 1.25));
        assertEquals(2, SequenceAlignment.searchRadius(4, 2.0));
        assertEquals(4, SequenceAlignment.searchRadius(4, 1.25));
        assertEquals(7, SequenceAlignment.searchRadius(4, 0.62));
    }
}
