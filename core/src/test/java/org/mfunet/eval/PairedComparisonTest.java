package org.mfunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairedComparisonTest {
    private static double[] values(String spaced) {
        return java.util.Arrays.stream(spaced.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * Exact two-sided p by counting sign patterns: with ranks 1..5, W+ = 15 only when all are positive (1 of 32
     * patterns), W+ >= 14 for 2 of 32 ({1..5} and {2,3,4,5}); zeros are dropped; ranks {1.5, 1.5, 3} reach W+ = 6 in
     * 1 of 8 patterns.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1 2 3 4 5, 0.0625",
        "-1 2 3 4 5, 0.125",
        "0 1 2 3 4 5, 0.0625",
        "-1 -2 -3 -4 -5, 0.0625",
        "1 1 2, 0.25",
        "0 0, 1",
    })
    void wilcoxonMatchesTheCountedDistribution(String differences, double p) {
        assertEquals(p, PairedComparison.wilcoxon(values(differences)), 1e-12);
    }

    @Test
    void theNormalApproximationTakesOverForManyPairs() {
        double[] allPositive = IntStream.rangeClosed(1, 60).mapToDouble(i -> i).toArray();
        assertTrue(PairedComparison.wilcoxon(allPositive) < 1e-6);
        double[] balanced = IntStream.rangeClosed(1, 60).mapToDouble(i -> i % 2 == 0 ? i : -i).toArray();
        // W+ = 930 against a mean of 915 and an sd of 135.8: z = 0.107, p = 0.915
        assertEquals(0.915, PairedComparison.wilcoxon(balanced), 0.002);
    }

    @Test
    void theBootstrapIntervalHoldsTheMeanDifferenceAndStaysWithinTheData() {
        double[] a = {0.9, 0.8, 0.7, 0.6};
        double[] b = {0.8, 0.6, 0.4, 0.2};
        PairedComparison c = PairedComparison.of(a, b, new Random(1));
        assertEquals(4, c.n());
        assertEquals(0.25, c.meanDifference(), 1e-12);
        assertTrue(c.low() <= 0.25 && 0.25 <= c.high(), c.toString());
        assertTrue(c.low() >= 0.1 - 1e-12 && c.high() <= 0.4 + 1e-12, c.toString());
        assertTrue(c.high() - c.low() > 0.05, "a spread of differences gives an interval of some width: " + c);
        assertEquals(c, PairedComparison.of(a, b, new Random(1)), "the same seed gives the same interval");
    }

    @Test
    void aConstantDifferenceHasAPointIntervalAndEmptyPairsAreLeftOut() {
        PairedComparison constant = PairedComparison.of(new double[] {0.5, 0.6, 0.7}, new double[] {0.3, 0.4, 0.5},
                new Random(2));
        assertEquals(0.2, constant.low(), 1e-12);
        assertEquals(0.2, constant.high(), 1e-12);
        PairedComparison partial = PairedComparison.of(new double[] {0.9, Double.NaN, 0.8},
                new double[] {0.7, 0.5, Double.NaN}, new Random(3));
        assertEquals(1, partial.n());
        assertEquals(0.2, partial.meanDifference(), 1e-12);
        assertEquals(0, PairedComparison.of(new double[] {Double.NaN}, new double[] {1}, new Random(4)).n());
    }
}
