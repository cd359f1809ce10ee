package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticCohortTest {
    /** Test-sized images: 64-80 pixels of 3.75-5.94 mm, so the heart is only a few pixels across. */
    private static final SyntheticCohort SMALL = new SyntheticCohort(new RandomCardiacPhantom(64, 80));
    private static final int CASES = 20;
    /**
     * Pixels of 1.2-2 mm, fine enough for a wall of several pixels, so lesions are not broken up by the
     * pixel grid and the partial-volume blur leaves the wall's middle intact.
     */
    private static final SyntheticCohort FINE = new SyntheticCohort(new RandomCardiacPhantom(160, 256, 1.2, 2.0));

    @Test
    void sameSeedGivesIdenticalCasesAndAnotherSeedDiffers() {
        SyntheticCase a = SMALL.generate(2, 42);
        SyntheticCase b = SMALL.generate(2, 42);
        SyntheticCase other = SMALL.generate(2, 43);
        assertEquals("synth_103", a.name());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.spacingMm(), b.spacingMm());
        for (Sequence s : Sequence.values()) {
            assertArrayEquals(a.images().get(s), b.images().get(s), s.toString());
        }
        assertFalse(Arrays.equals(a.images().get(Sequence.LGE), other.images().get(Sequence.LGE)));
    }

    @Test
    void casesHaveMyopsShapesSpacingsAndLabelValues() {
        for (int i = 0; i < CASES; i++) {
            SyntheticCase c = SMALL.generate(i, 7);
            assertTrue(c.nx() >= 64 && c.nx() <= 80 && c.ny() >= 64 && c.ny() <= 80, c.name());
            assertTrue(c.nz() >= 1 && c.nz() <= 6, c.name());
            // The small phantom's spacings, 300 mm / 80 to 380 mm / 64, square in plane.
            assertTrue(c.spacingMm()[0] >= 3.75 && c.spacingMm()[0] <= 380.0 / 64 && c.spacingMm()[0] == c.spacingMm()[1],
                    c.name() + " spacing " + c.spacingMm()[0]);
            assertTrue(c.spacingMm()[2] >= 8 && c.spacingMm()[2] <= 12, c.name() + " thickness " + c.spacingMm()[2]);
            for (short v : c.labels()) {
                assertTrue(MyopsLabels.isValid(v), c.name() + " label " + v);
            }
            for (float[] image : c.images().values()) {
                for (float v : image) {
                    assertTrue(v >= 0 && v <= Short.MAX_VALUE && v == Math.rint(v), c.name() + " intensity " + v);
                }
            }
        }
    }

    /**
     * Scar lies in the myocardium starting at the endocardium: every scar region touches the LV, and no
     * scar or edema pixel touches anything but myocardium classes, LV, RV or background outside the heart
     * (which a transmural lesion reaches). Most cases are pathological, some are not.
     */
    @Test
    void pathologyLiesOnTheMyocardiumAndMostCasesHaveIt() {
        int pathological = 0;
        for (int i = 0; i < CASES; i++) {
            SyntheticCase c = FINE.generate(i, 7);
            int plane = c.nx() * c.ny();
            int slicesWithScar = 0;
            for (int z = 0; z < c.nz(); z++) {
                int scar = 0;
                int scarTouchingLv = 0;
                for (int y = 1; y < c.ny() - 1; y++) {
                    for (int x = 1; x < c.nx() - 1; x++) {
                        int i0 = z * plane + y * c.nx() + x;
                        int v = c.labels()[i0];
                        if (v != MyopsLabels.SCAR && v != MyopsLabels.EDEMA) {
                            continue;
                        }
                        int[] around = {c.labels()[i0 - 1], c.labels()[i0 + 1], c.labels()[i0 - c.nx()], c.labels()[i0 + c.nx()]};
                        assertTrue(Arrays.stream(around).anyMatch(n -> n == MyopsLabels.MYOCARDIUM || n == v
                                || n == MyopsLabels.SCAR || n == MyopsLabels.EDEMA), c.name() + " isolated lesion pixel");
                        if (v == MyopsLabels.SCAR) {
                            scar++;
                            scarTouchingLv += Arrays.stream(around).anyMatch(n -> n == MyopsLabels.LV) ? 1 : 0;
                        }
                    }
                }
                if (scar > 0) {
                    slicesWithScar++;
                    assertTrue(scarTouchingLv > 0, c.name() + " z" + z + ": scar must start at the endocardium");
                }
            }
            if (slicesWithScar > 0) {
                pathological++;
                assertTrue(slicesWithScar >= c.nz() - 1, c.name() + ": scar on " + slicesWithScar + " of " + c.nz() + " slices");
            }
        }
        assertTrue(pathological >= CASES / 2 && pathological < CASES, pathological + " of " + CASES + " pathological");
    }

    /**
     * Each pathology shows on its own sequence only, so the network needs all three. Medians over the
     * cohort's pathological slices, as ratios to healthy myocardium of the same case (scanner scales
     * differ); medians so partial-volume pixels at the borders do not blur the comparison.
     */
    @Test
    void scarIsBrightOnlyOnLgeAndEdemaOnlyOnT2() {
        double[][] ratio = new double[2][Sequence.values().length];
        int counted = 0;
        for (int i = 0; i < CASES / 2; i++) {
            SyntheticCase c = FINE.generate(i, 7);
            if (!hasClass(c, MyopsLabels.SCAR) || !hasClass(c, MyopsLabels.EDEMA)) {
                continue;
            }
            counted++;
            for (Sequence s : Sequence.values()) {
                double myo = median(c, s, MyopsLabels.MYOCARDIUM);
                ratio[0][s.ordinal()] += median(c, s, MyopsLabels.SCAR) / myo;
                ratio[1][s.ordinal()] += median(c, s, MyopsLabels.EDEMA) / myo;
            }
        }
        int lge = Sequence.LGE.ordinal();
        int t2 = Sequence.T2.ordinal();
        int bssfp = Sequence.BSSFP.ordinal();
        assertTrue(counted >= CASES / 4, counted + " pathological cases");
        // Scar is 1.15-2.2 times the blood pool, which is about nine times nulled myocardium.
        assertTrue(ratio[0][lge] / counted > 4, "scar/myocardium on LGE " + ratio[0][lge] / counted);
        // Nulled myocardium sits near the noise floor, so a little blur from the adjacent scar shows as a ratio.
        assertTrue(ratio[1][lge] / counted < 1.5, "edema/myocardium on LGE " + ratio[1][lge] / counted);
        assertTrue(ratio[1][t2] / counted > 2, "edema/myocardium on T2 " + ratio[1][t2] / counted);
        // Same intensity as myocardium; subendocardial scar picks up a little of the bright blood pool by blur.
        assertEquals(1, ratio[0][bssfp] / counted, 0.15, "scar/myocardium on bSSFP");
        assertEquals(1, ratio[1][bssfp] / counted, 0.1, "edema/myocardium on bSSFP");
    }

    private static boolean hasClass(SyntheticCase c, int label) {
        for (short v : c.labels()) {
            if (v == label) {
                return true;
            }
        }
        return false;
    }

    private static double median(SyntheticCase c, Sequence s, int label) {
        float[] image = c.images().get(s);
        double[] values = new double[image.length];
        int n = 0;
        for (int k = 0; k < image.length; k++) {
            if (c.labels()[k] == label) {
                values[n++] = image[k];
            }
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }
}
