package org.mfunet.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The paired comparison of two methods on the same cases: the mean per-case difference {@code a - b}, its 95 %
 * confidence interval by a percentile bootstrap over cases, and the two-sided p-value of the Wilcoxon signed-rank
 * test. Pairs with a NaN on either side (a structure empty in prediction and truth) are left out.
 *
 * @param n              pairs compared
 * @param meanDifference mean of {@code a - b}; NaN when {@code n} is 0
 * @param low            lower end of the 95 % bootstrap interval of the mean difference
 * @param high           upper end of that interval
 * @param p              two-sided Wilcoxon signed-rank p-value (exact up to {@value #EXACT_LIMIT} non-zero differences,
 *                       else the normal approximation with tie and continuity corrections); 1 when every difference
 *                       is 0, NaN when {@code n} is 0
 */
public record PairedComparison(int n, double meanDifference, double low, double high, double p) {
    /** Resamples of the bootstrap. */
    public static final int RESAMPLES = 2000;
    /** Largest number of non-zero differences for which the exact distribution of the statistic is used. */
    public static final int EXACT_LIMIT = 50;

    /**
     * Compares {@code a} with {@code b}, element i of each being the same case.
     *
     * @param random draws the bootstrap resamples; a seeded generator gives the same interval every time
     */
    public static PairedComparison of(double[] a, double[] b, Random random) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values differ in count: " + a.length + " and " + b.length);
        }
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                differences.add(a[i] - b[i]);
            }
        }
        double[] d = differences.stream().mapToDouble(Double::doubleValue).toArray();
        if (d.length == 0) {
            return new PairedComparison(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] interval = bootstrapInterval(d, random);
        return new PairedComparison(d.length, mean(d), interval[0], interval[1], wilcoxon(d));
    }

    /** The 2.5th and 97.5th percentiles of the means of {@value #RESAMPLES} resamples of {@code d} with replacement. */
    static double[] bootstrapInterval(double[] d, Random random) {
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[random.nextInt(d.length)];
            }
            means[r] = sum / d.length;
        }
        Arrays.sort(means);
        return new double[] {percentile(means, 0.025), percentile(means, 0.975)};
    }

    /** Linear interpolation between order statistics of sorted values. */
    private static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /**
     * Two-sided p-value of the Wilcoxon signed-rank test of differences {@code d}: zeros are dropped (Wilcoxon's
     * method), tied absolute values get their average rank.
     */
    static double wilcoxon(double[] d) {
        double[] nonZero = Arrays.stream(d).filter(x -> x != 0).toArray();
        int n = nonZero.length;
        if (n == 0) {
            return 1;
        }
        double[] ranks = averageRanks(nonZero);
        double wPlus = 0;
        for (int i = 0; i < n; i++) {
            if (nonZero[i] > 0) {
                wPlus += ranks[i];
            }
        }
        return n <= EXACT_LIMIT ? exactP(ranks, wPlus) : normalP(ranks, wPlus);
    }

    /** Ranks of |x| from 1, ties sharing the mean of their ranks. */
    private static double[] averageRanks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(Math.abs(x[i]), Math.abs(x[j])));
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && Math.abs(x[order[end + 1]]) == Math.abs(x[order[start]])) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /**
     * Exact two-sided p: under the null hypothesis every rank is positive or negative with probability one half, so
     * the distribution of W+ is counted over the 2^n sign patterns. Average ranks are halves at most, so doubled
     * ranks are integers.
     */
    private static double exactP(double[] ranks, double wPlus) {
        int total = 0;
        int[] doubled = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            doubled[i] = (int) Math.round(2 * ranks[i]);
            total += doubled[i];
        }
        double[] ways = new double[total + 1];
        ways[0] = 1;
        for (int r : doubled) {
            for (int s = total; s >= r; s--) {
                ways[s] += ways[s - r];
            }
        }
        int w = (int) Math.round(2 * wPlus);
        double all = Math.pow(2, ranks.length);
        double atMost = 0;
        double atLeast = 0;
        for (int s = 0; s <= total; s++) {
            if (s <= w) {
                atMost += ways[s];
            }
            if (s >= w) {
                atLeast += ways[s];
            }
        }
        return Math.min(1, 2 * Math.min(atMost, atLeast) / all);
    }

    /** Normal approximation of W+ with the variance reduced for ties and a continuity correction of one half. */
    private static double normalP(double[] ranks, double wPlus) {
        int n = ranks.length;
        double mean = n * (n + 1) / 4.0;
        double sumSquares = 0;
        for (double r : ranks) {
            sumSquares += r * r;
        }
        double sd = Math.sqrt(sumSquares / 4);
        double z = (Math.abs(wPlus - mean) - 0.5) / sd;
        return Math.min(1, 2 * (1 - standardNormal(Math.max(0, z))));
    }

    /** Φ(z) by the complementary error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    private static double standardNormal(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }
}
