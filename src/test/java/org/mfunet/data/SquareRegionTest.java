package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SquareRegionTest {
    @Test
    void originPutsTheImageCentreOnTheRegionCentre() {
        int[][] table = {
            // width, height, side, x0, y0
            {5, 5, 3, 1, 1},
            {4, 4, 2, 1, 1},
            {4, 5, 3, 1, 1},
            {3, 2, 5, -1, -1},
            {2, 3, 4, -1, -1},
            {384, 320, 288, 48, 16},
            {255, 300, 288, -17, 6},
        };
        for (int[] row : table) {
            SquareRegion r = new SquareRegion(row[0], row[1], row[2]);
            assertEquals(row[3], r.x0(), "x0 " + r);
            assertEquals(row[4], r.y0(), "y0 " + r);
        }
    }

    @Test
    void cropsOddSliceToEvenSide() {
        // 5 x 3 image, values 10*y + x; side 2: x0 = 2 - 1 = 1, y0 = 1 - 1 = 0.
        SquareRegion r = new SquareRegion(5, 3, 2);
        assertArrayEquals(new float[] {1, 2, 11, 12}, r.crop(grid(5, 3), 1, -1), 0);
    }

    @Test
    void padsEvenSliceToOddSide() {
        // 2 x 2 image in a 3 x 3 region: x0 = 1 - 1 = 0, y0 = 0.
        SquareRegion r = new SquareRegion(2, 2, 3);
        assertArrayEquals(new float[] {0, 1, -1, 10, 11, -1, -1, -1, -1}, r.crop(grid(2, 2), 1, -1), 0);
        // 2 x 2 image in a 4 x 4 region: x0 = 1 - 2 = -1.
        SquareRegion r4 = new SquareRegion(2, 2, 4);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0}, r4.crop(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void pasteInvertsCropInsideTheRegionAndFillsOutside() {
        int[][] sizes = {{5, 5, 3}, {6, 4, 3}, {4, 6, 4}, {3, 3, 4}, {2, 5, 3}, {7, 3, 6}, {1, 1, 2}};
        for (int[] s : sizes) {
            SquareRegion r = new SquareRegion(s[0], s[1], s[2]);
            int channels = 2;
            float[] image = new float[channels * s[0] * s[1]];
            byte[] classes = new byte[s[0] * s[1]];
            for (int i = 0; i < image.length; i++) {
                image[i] = i + 1;
            }
            for (int i = 0; i < classes.length; i++) {
                classes[i] = (byte) (i % 5 + 1);
            }
            float[] back = r.paste(r.crop(image, channels, -7), channels, 0);
            byte[] backClasses = r.paste(r.crop(classes));
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < s[1]; y++) {
                    for (int x = 0; x < s[0]; x++) {
                        boolean inside = x >= r.x0() && x < r.x0() + s[2] && y >= r.y0() && y < r.y0() + s[2];
                        int i = c * s[0] * s[1] + y * s[0] + x;
                        assertEquals(inside ? image[i] : 0, back[i], 0, r + " c" + c + " x" + x + " y" + y);
                        if (c == 0) {
                            assertEquals(inside ? classes[i] : 0, backClasses[i], r + " x" + x + " y" + y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void cropOfPasteIsIdentityWhenTheRegionFitsInTheImage() {
        SquareRegion r = new SquareRegion(6, 5, 3);
        float[] region = grid(3, 3);
        assertArrayEquals(region, r.crop(r.paste(region, 1, 0), 1, 0), 0);
    }

    private static float[] grid(int w, int h) {
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = 10 * y + x;
            }
        }
        return v;
    }
}
