package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default phantom's geometry and contrast in millimetres, measured on its labels and images. */
class RandomCardiacPhantomTest {
    private static final int CASES = 30;
    private static final long SEED = 42;
    /** The default cohort's first cases, generated once: a 512-pixel case takes a fraction of a second. */
    private static List<SyntheticCase> cohort;

    @BeforeAll
    static void generate() {
        cohort = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cohort.add(SyntheticCohort.DEFAULT.generate(i, SEED));
        }
    }

    @Test
    void refusesSizesAndSpacingsThatCannotHoldAHeart() {
        assertThrows(IllegalArgumentException.class, () -> new RandomCardiacPhantom(15, 64));
        assertThrows(IllegalArgumentException.class, () -> new RandomCardiacPhantom(64, 48));
        assertThrows(IllegalArgumentException.class, () -> new RandomCardiacPhantom(160, 512, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new RandomCardiacPhantom(160, 512, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomCardiacPhantom(160, 512, 0.6, Double.NaN));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new RandomCardiacPhantom(16, 100, 0.5, 1.9));
        assertTrue(small.getMessage().contains("100") && small.getMessage().contains("1.9")
                && small.getMessage().contains("190"), small.getMessage());
        assertDoesNotThrow(() -> new RandomCardiacPhantom(16, 100, 0.5, 2.0));
    }

    @Test
    void twoSizesGiveAFieldOfViewOfAbout300To420Mm() {
        RandomCardiacPhantom small = new RandomCardiacPhantom(48, 64);
        assertEquals(300.0 / 64, small.minSpacingMm(), 1e-12);
        assertEquals(380.0 / 48, small.maxSpacingMm(), 1e-12);
    }

    @Test
    void gridsHaveScannerSpacingsSizesAndShapes() {
        int nonSquare = 0;
        int fewSlices = 0;
        for (SyntheticCase c : cohort) {
            double s = c.spacingMm()[0];
            assertTrue(s >= 0.6 && s <= 2.0 && s == c.spacingMm()[1], c.name() + " spacing " + s);
            assertTrue(c.spacingMm()[2] >= 8 && c.spacingMm()[2] <= 12, c.name() + " thickness " + c.spacingMm()[2]);
            assertTrue(c.nx() >= 160 && c.nx() <= 512 && c.ny() >= 160 && c.ny() <= 512, c.name() + " " + c.nx() + " x " + c.ny());
            // A 300-420 mm field of view across x, give or take the rounding to whole pixels.
            assertTrue(c.nx() * s >= 300 - s && c.nx() * s <= 420 + s, c.name() + " field of view " + c.nx() * s);
            assertTrue(c.ny() <= c.nx() && c.ny() >= 0.75 * c.nx() - 1, c.name() + " " + c.nx() + " x " + c.ny());
            assertTrue(c.nz() >= 1 && c.nz() <= 6, c.name() + " " + c.nz() + " slices");
            nonSquare += c.nx() != c.ny() ? 1 : 0;
            fewSlices += c.nz() <= 2 ? 1 : 0;
        }
        assertTrue(nonSquare > 0 && nonSquare < CASES, nonSquare + " of " + CASES + " not square");
        assertTrue(fewSlices > 0 && fewSlices <= CASES / 3, fewSlices + " of " + CASES + " with 1-2 slices");
    }

    /**
     * On each case's slice with the largest LV (the base; slices shrink towards the apex): the LV cavity's
     * equivalent diameter, and the wall's mean thickness as the difference of the equivalent radii of the
     * epicardium and the endocardium (the ring's area over pi (r_in + r_out)).
     */
    @Test
    void lvCavityAndWallHaveAdultSizesInMillimetres() {
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (SyntheticCase c : cohort) {
            int z = largestLvSlice(c);
            double pixel = c.spacingMm()[0] * c.spacingMm()[1];
            double lv = count(c, z, MyopsLabels.LV) * pixel;
            double wall = (count(c, z, MyopsLabels.MYOCARDIUM) + count(c, z, MyopsLabels.SCAR)
                    + count(c, z, MyopsLabels.EDEMA)) * pixel;
            double endo = Math.sqrt(lv / Math.PI);
            double epi = Math.sqrt((lv + wall) / Math.PI);
            assertTrue(2 * endo >= 30 && 2 * endo <= 62, c.name() + " LV cavity " + 2 * endo + " mm across");
            assertTrue(epi - endo >= 5 && epi - endo <= 13, c.name() + " wall " + (epi - endo) + " mm");
            smallest = Math.min(smallest, 2 * endo);
            largest = Math.max(largest, 2 * endo);
        }
        assertTrue(largest - smallest > 10, "LV cavities " + smallest + " to " + largest + " mm across");
    }

    /**
     * The LV's centroid lies well off the image centre in a good share of the cases, and no label touches
     * the image's border.
     */
    @Test
    void heartLiesAnywhereInTheBodyAndWholeInTheImage() {
        int offCentre = 0;
        double farthest = 0;
        for (SyntheticCase c : cohort) {
            int nx = c.nx();
            int ny = c.ny();
            int plane = nx * ny;
            double sumX = 0;
            double sumY = 0;
            int lv = 0;
            for (int z = 0; z < c.nz(); z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int v = c.labels()[z * plane + y * nx + x];
                        if (v != 0) {
                            assertTrue(x > 0 && x < nx - 1 && y > 0 && y < ny - 1,
                                    c.name() + " label " + v + " on the border at z" + z + " (" + x + ", " + y + ")");
                        }
                        if (v == MyopsLabels.LV) {
                            sumX += x;
                            sumY += y;
                            lv++;
                        }
                    }
                }
            }
            // Fractions of the field of view, which is nx (ny) times the spacing.
            double off = Math.max(Math.abs(sumX / lv - (nx - 1) / 2.0) / nx, Math.abs(sumY / lv - (ny - 1) / 2.0) / ny);
            offCentre += off > 0.10 ? 1 : 0;
            farthest = Math.max(farthest, off);
        }
        assertTrue(offCentre >= CASES / 5, offCentre + " of " + CASES + " hearts more than 10 % of the field off centre");
        assertTrue(farthest <= 0.27, "heart " + farthest + " of the field off centre");
    }

    /**
     * LGE scar is 1.15-2.2 times as bright as the blood pool, so sometimes only a little brighter than the
     * blood next to it and sometimes clearly. Medians of each case's core pixels (two pixels from any other
     * label, out of reach of the partial-volume blur and of LGE's misregistration of up to one pixel).
     */
    @Test
    void lgeScarIsSometimesOnlyALittleBrighterThanTheBloodPool() {
        double dimmest = Double.MAX_VALUE;
        double brightest = 0;
        int measured = 0;
        for (SyntheticCase c : cohort) {
            double[] scar = core(c, Sequence.LGE, MyopsLabels.SCAR);
            if (scar.length < 5) {
                continue;
            }
            measured++;
            double ratio = median(scar) / median(core(c, Sequence.LGE, MyopsLabels.LV));
            dimmest = Math.min(dimmest, ratio);
            brightest = Math.max(brightest, ratio);
        }
        assertTrue(measured >= 3, measured + " cases with a scar core");
        assertTrue(dimmest < 1.5, "dimmest scar/blood on LGE " + dimmest);
        assertTrue(brightest > 1.5, "brightest scar/blood on LGE " + brightest);
    }

    private static int largestLvSlice(SyntheticCase c) {
        int best = 0;
        for (int z = 1; z < c.nz(); z++) {
            if (count(c, z, MyopsLabels.LV) > count(c, best, MyopsLabels.LV)) {
                best = z;
            }
        }
        return best;
    }

    private static int count(SyntheticCase c, int z, int label) {
        int plane = c.nx() * c.ny();
        int n = 0;
        for (int i = z * plane; i < (z + 1) * plane; i++) {
            n += c.labels()[i] == label ? 1 : 0;
        }
        return n;
    }

    private static int count(SyntheticCase c, int label) {
        int n = 0;
        for (int z = 0; z < c.nz(); z++) {
            n += count(c, z, label);
        }
        return n;
    }

    /** Intensities of {@code sequence} at the pixels whose 5 x 5 neighbourhood in their slice is all {@code label}. */
    private static double[] core(SyntheticCase c, Sequence sequence, int label) {
        int nx = c.nx();
        int ny = c.ny();
        float[] image = c.images().get(sequence);
        double[] values = new double[image.length];
        int n = 0;
        for (int z = 0; z < c.nz(); z++) {
            for (int y = 2; y < ny - 2; y++) {
                for (int x = 2; x < nx - 2; x++) {
                    boolean inside = true;
                    for (int dy = -2; dy <= 2 && inside; dy++) {
                        for (int dx = -2; dx <= 2 && inside; dx++) {
                            inside = c.labels()[(z * ny + y + dy) * nx + x + dx] == label;
                        }
                    }
                    if (inside) {
                        values[n++] = image[(z * ny + y) * nx + x];
                    }
                }
            }
        }
        return Arrays.copyOf(values, n);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
