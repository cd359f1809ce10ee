package org.mfunet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SliceInferenceTest {
    /**
     * Stands in for a trained network with context: LV where the mean of LGE over a 9 × 9 neighbourhood (inside the
     * tile) is bright, scar where a second, smaller blob is bright on T2. Tile borders change what it sees, as they do
     * for a real network.
     */
    private static final TileNetwork BLOBS = new TileNetwork() {
        @Override
        public float[] probabilities(float[] image, int height, int width) {
            int plane = height * width;
            float[] out = new float[6 * plane];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double lge = mean(image, 0, width, height, x, y);
                    double t2 = mean(image, plane, width, height, x, y);
                    double lv = 1 / (1 + Math.exp(-8 * lge));
                    int i = y * width + x;
                    out[i] = (float) (1 - lv);
                    out[2 * plane + i] = (float) lv;
                    out[4 * plane + i] = (float) (1 / (1 + Math.exp(-8 * t2)));
                }
            }
            return out;
        }

        @Override
        public int sideMultiple() {
            return 16;
        }


        @Override

        public TileNetwork forSequences(java.util.Set<org.mfunet.data.Sequence> sequences) {

            return this;

        }
    };

    private static double mean(float[] image, int offset, int width, int height, int x, int y) {
        double sum = 0;
        int n = 0;
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int sx = x + dx;
                int sy = y + dy;
                if (sx >= 0 && sy >= 0 && sx < width && sy < height) {
                    sum += image[offset + sy * width + sx];
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** A dark slice with a bright LGE disc and a small bright T2 disc next to it at (cx, cy). */
    private static float[] heart(int width, int height, int cx, int cy) {
        int plane = width * height;
        float[] image = new float[3 * plane];
        Arrays.fill(image, -1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (Math.hypot(x - cx, y - cy) < 22) {
                    image[y * width + x] = 1;
                }
                if (Math.hypot(x - cx - 14, y - cy) < 6) {
                    image[plane + y * width + x] = 1;
                }
            }
        }
        return image;
    }

    private static boolean[] mask(float[] p, int channel, int plane, boolean anatomy) {
        boolean[] m = new boolean[plane];
        for (int i = 0; i < plane; i++) {
            m[i] = anatomy ? p[channel * plane + i] > p[i] : p[channel * plane + i] > 0.5f;
        }
        return m;
    }

    private static double dice(boolean[] a, boolean[] b) {
        int both = 0;
        int sum = 0;
        for (int i = 0; i < a.length; i++) {
            both += a[i] && b[i] ? 1 : 0;
            sum += (a[i] ? 1 : 0) + (b[i] ? 1 : 0);
        }
        return sum == 0 ? 1 : 2.0 * both / sum;
    }

    /**
     * Hearts far off the centre of large slices, one near a corner: the localised window finds every structure the
     * plain window over the whole slice finds, nearly pixel for pixel, with far fewer tiles.
     */
    @ParameterizedTest(name = "{0} x {1}, heart at ({2}, {3})")
    @CsvSource({"300, 260, 240, 60", "320, 320, 40, 280", "256, 200, 128, 100", "400, 180, 360, 150"})
    void localisedWindowFindsWhatThePlainWindowFinds(int width, int height, int cx, int cy) {
        float[] image = heart(width, height, cx, cy);
        SlidingWindow window = new SlidingWindow(64, SlidingWindow.HALF);
        SliceInference.Result plain = new SliceInference(window, false).run(image, width, height, BLOBS);
        SliceInference.Result localised = new SliceInference(window, true).run(image, width, height, BLOBS);
        int plane = width * height;
        for (int[] channel : new int[][] {{2, 1}, {4, 0}}) {
            boolean[] p = mask(plain.probabilities(), channel[0], plane, channel[1] == 1);
            boolean[] l = mask(localised.probabilities(), channel[0], plane, channel[1] == 1);
            boolean anyPlain = false;
            for (boolean v : p) {
                anyPlain |= v;
            }
            assertTrue(anyPlain, "the plain window finds channel " + channel[0]);
            assertTrue(dice(p, l) > 0.99, "channel " + channel[0] + " Dice " + dice(p, l));
        }
        assertTrue(localised.coarse());
        assertFalse(plain.coarse());
        assertTrue(localised.tiles() <= plain.tiles() / 2, localised.tiles() + " tiles vs " + plain.tiles());
    }

    /** With no heart anywhere the coarse pass finds nothing and the whole slice is tiled: nothing is skipped blindly. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"300, 260"})
    void noHeartMeansTheWholeSlice(int width, int height) {
        float[] image = new float[3 * width * height];
        Arrays.fill(image, -1);
        SlidingWindow window = new SlidingWindow(64, SlidingWindow.HALF);
        SliceInference.Result localised = new SliceInference(window, true).run(image, width, height, BLOBS);
        assertEquals(window.tileCount(SlidingWindow.Box.whole(width, height), width, height), localised.tiles());
    }
}
