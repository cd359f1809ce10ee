package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RandomAugmentationTest {
    private static final int SIDE = 32;

    private static PatchBatch batchOf(PreparedSlice... slices) {
        int plane = SIDE * SIDE;
        float[] images = new float[slices.length * 3 * plane];
        byte[] classes = new byte[slices.length * plane];
        List<PatchOrigin> origins = new ArrayList<>();
        for (int b = 0; b < slices.length; b++) {
            System.arraycopy(slices[b].image(), 0, images, b * 3 * plane, 3 * plane);
            System.arraycopy(slices[b].classes(), 0, classes, b * plane, plane);
            origins.add(new PatchOrigin(slices[b].caseName(), 0, 0, 0, SIDE, PatchOrigin.Centre.RANDOM));
        }
        return new PatchBatch(slices.length, SIDE, images, classes, origins);
    }

    /** The eight flips/quarter turns of a square map, computed directly. */
    private static List<byte[]> dihedral(byte[] m) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            byte[] r = new byte[m.length];
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int sx = (t & 1) == 0 ? x : SIDE - 1 - x;
                    int sy = (t & 2) == 0 ? y : SIDE - 1 - y;
                    r[y * SIDE + x] = (t & 4) == 0 ? m[sy * SIDE + sx] : m[sx * SIDE + sy];
                }
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void flipsAndQuarterTurnsAreExactPermutations() {
        PatchBatch in = batchOf(TestSlices.heart("a", 0, SIDE, true));
        RandomAugmentation aug = new RandomAugmentation(new AugmentationConfig(true, true, 0, 0, 1, 0));
        List<byte[]> expected = dihedral(in.classes());
        Random random = new Random(2);
        Set<Integer> seen = new TreeSet<>();
        for (int n = 0; n < 40; n++) {
            PatchBatch out = aug.apply(in, random);
            int match = -1;
            for (int t = 0; t < 8; t++) {
                if (Arrays.equals(expected.get(t), out.classes())) {
                    match = t;
                }
            }
            assertTrue(match >= 0, "result is not a flip or quarter turn of the input");
            seen.add(match);
            float[] sortedIn = in.images().clone();
            float[] sortedOut = out.images().clone();
            Arrays.sort(sortedIn);
            Arrays.sort(sortedOut);
            assertArrayEquals(sortedIn, sortedOut);
        }
        assertEquals(8, seen.size(), "all eight transforms should occur in 40 draws");
    }

    @Test
    void imagesAndLabelsMoveTogether() {
        PatchBatch in = batchOf(TestSlices.heart("a", 0, SIDE, true), TestSlices.heart("b", 0, SIDE, false));
        RandomAugmentation aug = new RandomAugmentation(new AugmentationConfig(true, true, 0, 0.15, 1, 0));
        PatchBatch out = aug.apply(in, new Random(9));
        int plane = SIDE * SIDE;
        for (int b = 0; b < out.batch(); b++) {
            for (int i = 0; i < plane; i++) {
                float v = out.images()[b * 3 * plane + i];
                byte c = out.classes()[b * plane + i];
                assertTrue(v == 0.1f * c || (c == 0 && v == -1f), "image and label disagree at pixel " + i);
            }
        }
    }

    @Test
    void fullAugmentationKeepsTheLabelSet() {
        PatchBatch in = batchOf(TestSlices.heart("a", 0, SIDE, true));
        RandomAugmentation aug = new RandomAugmentation(AugmentationConfig.DEFAULT);
        Random random = new Random(4);
        for (int n = 0; n < 30; n++) {
            PatchBatch out = aug.apply(in, random);
            assertEquals(labelSet(in.classes()), labelSet(out.classes()));
        }
    }

    @Test
    void sameSeedSameResultDifferentSeedDifferentResult() {
        PatchBatch in = batchOf(TestSlices.heart("a", 0, SIDE, true));
        RandomAugmentation aug = new RandomAugmentation(AugmentationConfig.DEFAULT);
        assertArrayEquals(aug.apply(in, new Random(1)).images(), aug.apply(in, new Random(1)).images());
        assertFalse(Arrays.equals(aug.apply(in, new Random(1)).images(), aug.apply(in, new Random(2)).images()));
    }

    private static Set<Byte> labelSet(byte[] classes) {
        Set<Byte> set = new TreeSet<>();
        for (byte c : classes) {
            set.add(c);
        }
        return set;
    }
}
