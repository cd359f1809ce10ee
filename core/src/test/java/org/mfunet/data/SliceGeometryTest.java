package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SliceGeometryTest {
    /** A disc of class 2 (LV) with a ring of class 1 (myocardium) one pixel wide around it, centred at (cx, cy). */
    private static byte[] ring(int nx, int ny, double cx, double cy, double radius) {
        byte[] classes = new byte[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double d = Math.hypot(x - cx, y - cy);
                classes[y * nx + x] = d < radius ? MyopsLabels.CLASS_LV : d < radius + 1.5 ? MyopsLabels.CLASS_MYOCARDIUM
                        : MyopsLabels.CLASS_BACKGROUND;
            }
        }
        return classes;
    }

    private static int count(byte[] classes, byte c) {
        int n = 0;
        for (byte v : classes) {
            n += v == c ? 1 : 0;
        }
        return n;
    }

    private static double[] centroid(byte[] classes, int nx, byte c) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == c) {
                sx += i % nx;
                sy += i / nx;
                n++;
            }
        }
        return new double[] {sx / n, sy / n};
    }

    @Test
    void sizesFollowTheFieldOfView() {
        assertEquals(256, SliceGeometry.resampledSize(512, 0.625, 1.25));
        assertEquals(333, SliceGeometry.resampledSize(512, 0.65, 1.0));
        assertEquals(1, SliceGeometry.resampledSize(2, 0.1, 5));
    }

    /**
     * A structure far from the centre of a large, non-square image comes back in the same place after going to a
     * coarser grid and back: the same centroid within half a pixel and the same pixel count within a few per cent.
     */
    @Test
    void offCentreLabelComesBackInTheSamePlace() {
        int nx = 480;
        int ny = 400;
        byte[] classes = ring(nx, ny, 400.3, 61.7, 20);
        SliceGeometry coarse = new SliceGeometry(nx, ny, SliceGeometry.resampledSize(nx, 0.7, 1.25),
                SliceGeometry.resampledSize(ny, 0.7, 1.25));
        byte[] onNetwork = coarse.classesToNetwork(classes, MyopsLabels.CLASSES);
        double[] there = centroid(onNetwork, coarse.width(), MyopsLabels.CLASS_LV);
        // Network pixel u has its centre at case x = (u + 0.5) * nx / width - 0.5.
        assertEquals(400.3, (there[0] + 0.5) * nx / coarse.width() - 0.5, 0.5);
        assertEquals(61.7, (there[1] + 0.5) * ny / coarse.height() - 0.5, 0.5);
        // Back as probabilities (one-hot of the network's classes), then the most probable class.
        float[] oneHot = new float[MyopsLabels.CLASSES * onNetwork.length];
        for (int i = 0; i < onNetwork.length; i++) {
            oneHot[onNetwork[i] * onNetwork.length + i] = 1;
        }
        float[] back = coarse.toCase(oneHot, MyopsLabels.CLASSES);
        byte[] returned = new byte[nx * ny];
        for (int i = 0; i < returned.length; i++) {
            int best = 0;
            for (int c = 1; c < MyopsLabels.CLASSES; c++) {
                best = back[c * returned.length + i] > back[best * returned.length + i] ? c : best;
            }
            returned[i] = (byte) best;
        }
        double[] home = centroid(returned, nx, MyopsLabels.CLASS_LV);
        assertEquals(400.3, home[0], 0.5);
        assertEquals(61.7, home[1], 0.5);
        assertEquals(1.0, count(returned, MyopsLabels.CLASS_LV) / (double) count(classes, MyopsLabels.CLASS_LV), 0.04);
    }

    /** Resampling to a finer and to a coarser spacing and back keeps a structure's area within a few per cent. */
    @Test
    void volumeSurvivesAChangeOfSpacingBothWays() {
        int nx = 300;
        int ny = 260;
        byte[] classes = ring(nx, ny, 90.5, 170.2, 24);
        for (double factor : new double[] {0.5, 0.8, 1.3, 2.0}) {
            SliceGeometry g = new SliceGeometry(nx, ny, (int) Math.round(nx * factor), (int) Math.round(ny * factor));
            byte[] onNetwork = g.classesToNetwork(classes, MyopsLabels.CLASSES);
            double area = count(onNetwork, MyopsLabels.CLASS_LV) / (factor * factor);
            assertEquals(1.0, area / count(classes, MyopsLabels.CLASS_LV), 0.05, "LV area at factor " + factor);
            // The ring is 1.5 px thin; one-hot interpolation keeps it, nearest sampling would break it at factor 0.5.
            double ringArea = count(onNetwork, MyopsLabels.CLASS_MYOCARDIUM) / (factor * factor);
            assertTrue(ringArea / count(classes, MyopsLabels.CLASS_MYOCARDIUM) > 0.6, "ring at factor " + factor);
        }
    }

    @Test
    void identityCopies() {
        SliceGeometry same = SliceGeometry.identity(3, 2);
        float[] planes = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(planes, same.toNetwork(planes, 1));
        assertArrayEquals(planes, same.toCase(planes, 1));
    }
}
