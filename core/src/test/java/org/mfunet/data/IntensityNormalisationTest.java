package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IntensityNormalisationTest {
    private static final float TOL = 1e-6f;

    @Test
    void scalesMinToMinusOneAndMaxToOne() {
        float[][][] table = {
            {{0, 5, 10}, {-1, 0, 1}},
            {{-4, -2, 4}, {-1, -0.5f, 1}},
            {{7, 7, 7, 7}, {0, 0, 0, 0}},
            {{3}, {0}},
        };
        for (float[][] row : table) {
            assertArrayEquals(row[1], IntensityNormalisation.scaleToUnitRange(row[0]), TOL);
        }
    }

    @Test
    void percentileInterpolatesLinearlyBetweenRanks() {
        float[] sorted = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        double[][] table = {{0, 0}, {5, 5}, {50, 50}, {95, 95}, {100, 100}, {12.5, 12.5}};
        for (double[] row : table) {
            assertEquals(row[1], IntensityNormalisation.percentile(sorted, row[0]), TOL, "p" + row[0]);
        }
        assertEquals(2.5f, IntensityNormalisation.percentile(new float[] {1, 4}, 50), TOL);
        assertEquals(4f, IntensityNormalisation.percentile(new float[] {4}, 95), TOL);
    }

    @Test
    void bssfpIsClippedToItsFifthToNinetyFifthPercentileBeforeScaling() {
        // 21 values 0..20 shuffled, plus the bright outlier replacing 20: p5 = rank 1 -> 1, p95 = rank 19 -> 19.
        float[] volume = new float[21];
        for (int i = 0; i < 21; i++) {
            volume[i] = (i * 8) % 21;
        }
        volume[indexOf(volume, 20)] = 1000;
        float[] out = IntensityNormalisation.normalise(Sequence.BSSFP, volume);
        for (int i = 0; i < volume.length; i++) {
            float clipped = Math.max(1, Math.min(19, volume[i]));
            assertEquals((clipped - 1) / 18 * 2 - 1, out[i], TOL, "voxel " + i);
        }
    }

    @Test
    void lgeAndT2AreOnlyScaled() {
        float[] volume = {0, 1, 2, 3, 1000};
        float[] expected = {-1, -0.998f, -0.996f, -0.994f, 1};
        assertArrayEquals(expected, IntensityNormalisation.normalise(Sequence.LGE, volume), TOL);
        assertArrayEquals(expected, IntensityNormalisation.normalise(Sequence.T2, volume), TOL);
        assertArrayEquals(new float[] {0, 0}, IntensityNormalisation.normalise(Sequence.BSSFP, new float[] {5, 5}), TOL);
    }

    private static int indexOf(float[] values, float v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new AssertionError(v);
    }
}
