package org.mfunet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlidingWindowTest {
    @Test
    void positionsSpreadEvenlyWithAtLeastTheOverlap() {
        SlidingWindow w = new SlidingWindow(128, 0.5);
        assertEquals(List.of(0), w.positions(0, 100, 128));
        assertEquals(List.of(0, 64, 128), w.positions(0, 256, 256));
        // 300 - 128 = 172 over steps of at most 64: 2.7 -> 3 steps, 4 tiles.
        assertEquals(List.of(0, 57, 115, 172), w.positions(0, 300, 300));
    }

    /** Over images of ragged sizes every pixel is covered and the normalised tile weights sum to one at each. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"37, 53", "64, 64", "65, 130", "200, 77", "151, 151"})
    void weightsCoverEveryPixelAndSumToOne(int width, int height) {
        SlidingWindow w = new SlidingWindow(64, 0.5);
        List<float[]> weights = w.weights(SlidingWindow.Box.whole(width, height), width, height);
        assertEquals(w.tileCount(SlidingWindow.Box.whole(width, height), width, height), weights.size());
        for (int i = 0; i < width * height; i++) {
            double sum = 0;
            int covering = 0;
            for (float[] tile : weights) {
                sum += tile[i];
                covering += tile[i] > 0 ? 1 : 0;
            }
            assertTrue(covering >= 1, "pixel " + i + " is not covered");
            assertEquals(1.0, sum, 1e-5, "weights of pixel " + i);
        }
    }

    /**
     * A network that returns the same probabilities wherever it looks gives those probabilities at every pixel, and a
     * box limits the work to its tiles with background outside.
     */
    @Test
    void constantNetworkGivesItsOutputEverywhereAndBackgroundOutsideABox() {
        float[] constant = {0.1f, 0.2f, 0.3f, 0.4f, 0.7f, 0.2f};
        int[] calls = {0};
        TileNetwork network = new TileNetwork() {
            @Override
            public float[] probabilities(float[] image, int height, int width) {
                calls[0]++;
                float[] out = new float[6 * height * width];
                for (int c = 0; c < 6; c++) {
                    java.util.Arrays.fill(out, c * height * width, (c + 1) * height * width, constant[c]);
                }
                return out;
            }

            @Override
            public int sideMultiple() {
                return 4;
            }


            @Override

            public TileNetwork forSequences(java.util.Set<org.mfunet.data.Sequence> sequences) {

                return this;

            }
        };
        SlidingWindow w = new SlidingWindow(32, 0.5);
        int width = 100;
        int height = 70;
        float[] p = w.probabilities(new float[3 * width * height], width, height, network, SlidingWindow.Box.whole(width, height));
        for (int i = 0; i < width * height; i++) {
            for (int c = 0; c < 6; c++) {
                assertEquals(constant[c], p[c * width * height + i], 1e-5f);
            }
        }
        assertEquals(w.tileCount(SlidingWindow.Box.whole(width, height), width, height), calls[0]);
        SlidingWindow.Box box = new SlidingWindow.Box(10, 10, 40, 30);
        calls[0] = 0;
        float[] boxed = w.probabilities(new float[3 * width * height], width, height, network, box);
        assertEquals(1, calls[0]);
        assertEquals(0.1f, boxed[20 * width + 20], 1e-5f);
        assertEquals(1f, boxed[60 * width + 90]);
        assertEquals(0f, boxed[4 * width * height + 60 * width + 90]);
    }
}
