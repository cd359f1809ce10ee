package org.mfunet.data;

import java.util.Arrays;

/**
 * Per-volume intensity normalisation of the reference implementation: the bSSFP volume is first clipped
 * to its 5th-95th percentile (its bright fat and flow artefacts would otherwise squeeze the heart into a
 * few grey levels), then every sequence is min-max scaled to [-1, 1]. Pure functions; inputs are never
 * modified. Arrays are whole volumes in any order (the statistics ignore position).
 */
public final class IntensityNormalisation {
    /** Percentiles the bSSFP volume is clipped to before scaling. */
    public static final double BSSFP_LOW_PERCENTILE = 5;
    public static final double BSSFP_HIGH_PERCENTILE = 95;

    private IntensityNormalisation() {
    }

    /**
     * Normalises one sequence's volume as the network expects it.
     *
     * @param volume intensities of the whole volume (any units), finite
     * @return a new array of the same length with values in [-1, 1] (all 0 for a constant volume)
     */
    public static float[] normalise(Sequence sequence, float[] volume) {
        if (sequence == Sequence.BSSFP) {
            float[] sorted = volume.clone();
            Arrays.sort(sorted);
            return scaleToUnitRange(clip(volume, percentile(sorted, BSSFP_LOW_PERCENTILE),
                    percentile(sorted, BSSFP_HIGH_PERCENTILE)));
        }
        return scaleToUnitRange(volume);
    }

    /**
     * Percentile with linear interpolation between the two nearest ranks (NumPy's default): rank
     * {@code p / 100 * (n - 1)} of the sorted values.
     *
     * @param sorted values in ascending order, at least one
     * @param p      percentile in [0, 100]
     */
    public static float percentile(float[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " values");
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return (float) (sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]));
    }

    /** A copy of {@code values} with each value limited to [lo, hi]. */
    public static float[] clip(float[] values, float lo, float hi) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(lo, Math.min(hi, values[i]));
        }
        return out;
    }

    /**
     * Min-max scaling to [-1, 1]: the minimum maps to -1, the maximum to 1. A constant array maps to 0
     * rather than dividing by zero.
     */
    public static float[] scaleToUnitRange(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[values.length];
        if (!(max > min)) {
            return out;
        }
        double scale = 2.0 / ((double) max - min);
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) ((values[i] - (double) min) * scale - 1);
        }
        return out;
    }
}
