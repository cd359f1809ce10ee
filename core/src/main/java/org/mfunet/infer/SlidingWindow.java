package org.mfunet.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mfunet.data.SlicePreparation;

/**
 * Sliding-window inference over a whole slice, as nnU-Net and MONAI's {@code sliding_window_inference} do: square
 * tiles of the network's input side overlap by at least {@code overlap} of a tile, each tile's probabilities are
 * weighted by a Gaussian that favours tile centres (σ = tile / 8, where the network has most context), and every pixel
 * gets the weighted mean of the tiles that cover it, so the weights of each pixel sum to one. A slice smaller than a
 * tile is padded with {@link SlicePreparation#PAD_VALUE} (centred) and cropped back.
 *
 * <p>The window can be limited to a box of the slice ({@link Box}); pixels outside it are certain background with no
 * pathology, which is how {@link SliceInference} tiles only around the heart.
 *
 * @param tile    side of a tile, pixels (the network's input side)
 * @param overlap fraction of a tile that neighbouring tiles share at least, in [0, 1)
 */
public record SlidingWindow(int tile, double overlap) {
    /** nnU-Net's and MONAI's usual overlap: half a tile. */
    public static final double HALF = 0.5;

    public SlidingWindow {
        if (tile < 1 || !(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("sliding window: tile " + tile + " must be positive and overlap "
                    + overlap + " in [0, 1)");
        }
    }

    /** A rectangle of pixels {@code [x0, x1) × [y0, y1)}. */
    public record Box(int x0, int y0, int x1, int y1) {
        public Box {
            if (x1 <= x0 || y1 <= y0) {
                throw new IllegalArgumentException("empty box " + x0 + ".." + x1 + " x " + y0 + ".." + y1);
            }
        }

        /** The whole of a {@code width × height} slice. */
        public static Box whole(int width, int height) {
            return new Box(0, 0, width, height);
        }

        public int width() {
            return x1 - x0;
        }

        public int height() {
            return y1 - y0;
        }

        /** This box grown by the given pixels on each side and limited to a {@code width × height} slice. */
        public Box grow(int left, int top, int right, int bottom, int width, int height) {
            return new Box(Math.max(0, x0 - left), Math.max(0, y0 - top), Math.min(width, x1 + right),
                    Math.min(height, y1 + bottom));
        }
    }

    /**
     * Tile corners along one axis of {@code length} pixels starting at {@code start} within {@code [0, extent)}: the
     * fewest tiles whose step is at most {@code (1 - overlap) · tile}, spread evenly from the first to the last
     * position; one tile when the length fits.
     */
    public List<Integer> positions(int start, int length, int extent) {
        int from = Math.max(0, Math.min(start, extent - tile));
        int to = Math.max(from, Math.min(start + length, extent) - tile);
        double step = Math.max(1, tile * (1 - overlap));
        int count = (int) Math.ceil((to - from) / step) + 1;
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(count == 1 ? from : (int) Math.round(from + (double) i * (to - from) / (count - 1)));
        }
        return out;
    }

    /** Number of tiles the window runs over a box of a padded slice of {@code width × height}. */
    public int tileCount(Box box, int width, int height) {
        int w = Math.max(width, tile);
        int h = Math.max(height, tile);
        Box padded = padded(box, width, height);
        return positions(padded.x0(), padded.width(), w).size() * positions(padded.y0(), padded.height(), h).size();
    }

    /** Tile weight of each pixel {@code [tile][tile]}: a Gaussian of σ = tile / 8 around the centre, largest 1. */
    public float[] gaussian() {
        float[] g = new float[tile * tile];
        double sigma = tile / 8.0;
        double centre = (tile - 1) / 2.0;
        for (int y = 0; y < tile; y++) {
            for (int x = 0; x < tile; x++) {
                double d2 = (x - centre) * (x - centre) + (y - centre) * (y - centre);
                g[y * tile + x] = (float) Math.exp(-d2 / (2 * sigma * sigma));
            }
        }
        // No zero weights: a pixel near a corner that only one tile reaches still gets that tile's value.
        float smallest = Float.MAX_VALUE;
        for (float v : g) {
            smallest = v > 0 ? Math.min(smallest, v) : smallest;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.max(g[i], smallest);
        }
        return g;
    }

    /**
     * The normalised weight each tile gives each pixel of a {@code width × height} slice: per tile
     * {@code [height][width]}, zero outside the tile, summing to one over the tiles at every pixel of {@code box}.
     * What {@link #probabilities} combines; exposed so that its coverage can be checked.
     */
    public List<float[]> weights(Box box, int width, int height) {
        Padding pad = new Padding(width, height);
        Box inPad = padded(box, width, height);
        List<int[]> corners = corners(inPad, pad.w, pad.h);
        float[] g = gaussian();
        float[] sum = new float[pad.w * pad.h];
        for (int[] c : corners) {
            addTile(sum, g, 1, c, pad.w);
        }
        List<float[]> out = new ArrayList<>();
        for (int[] c : corners) {
            float[] w = new float[width * height];
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    int sx = c[0] + x - pad.left;
                    int sy = c[1] + y - pad.top;
                    if (sx >= 0 && sy >= 0 && sx < width && sy < height && sx >= box.x0() && sx < box.x1()
                            && sy >= box.y0() && sy < box.y1()) {
                        int i = (c[1] + y) * pad.w + c[0] + x;
                        w[sy * width + sx] = g[y * tile + x] / sum[i];
                    }
                }
            }
            out.add(w);
        }
        return out;
    }

    /**
     * Probabilities of every pixel of a slice.
     *
     * @param image {@code [3][height][width]}, x fastest
     * @param box   the part of the slice to tile; outside it, background with certainty
     * @return {@code [6][height][width]} in the channel order of {@link CaseProbabilities}
     */
    public float[] probabilities(float[] image, int width, int height, TileNetwork network, Box box) {
        return probabilities(image, width, height, network, box, new TileCache());
    }

    /** As {@link #probabilities(float[], int, int, TileNetwork, Box)}, reusing and filling {@code cache}. */
    float[] probabilities(float[] image, int width, int height, TileNetwork network, Box box, TileCache cache) {
        if (tile % network.sideMultiple() != 0) {
            throw new IllegalArgumentException("tile " + tile + " is not a multiple of " + network.sideMultiple());
        }
        Padding pad = new Padding(width, height);
        float[] padded = pad.image(image);
        Box inPad = padded(box, width, height);
        List<int[]> corners = corners(inPad, pad.w, pad.h);
        float[] g = gaussian();
        int channels = CaseProbabilities.CHANNELS;
        int plane = pad.w * pad.h;
        float[] sum = new float[channels * plane];
        float[] weight = new float[plane];
        for (int[] c : corners) {
            float[] p = cache.get(c[0], c[1], () -> network.probabilities(crop(padded, pad.w, pad.h, c), tile, tile));
            for (int ch = 0; ch < channels; ch++) {
                for (int y = 0; y < tile; y++) {
                    int row = ch * plane + (c[1] + y) * pad.w + c[0];
                    int tileRow = (ch * tile + y) * tile;
                    for (int x = 0; x < tile; x++) {
                        sum[row + x] += p[tileRow + x] * g[y * tile + x];
                    }
                }
            }
            addTile(weight, g, 1, c, pad.w);
        }
        float[] out = new float[channels * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = y * width + x;
                boolean inside = x >= box.x0() && x < box.x1() && y >= box.y0() && y < box.y1();
                int i = (y + pad.top) * pad.w + x + pad.left;
                if (!inside || weight[i] == 0) {
                    out[o] = 1;
                    continue;
                }
                for (int ch = 0; ch < channels; ch++) {
                    out[ch * width * height + o] = sum[ch * plane + i] / weight[i];
                }
            }
        }
        return out;
    }

    private List<int[]> corners(Box box, int w, int h) {
        List<int[]> out = new ArrayList<>();
        for (int y0 : positions(box.y0(), box.height(), h)) {
            for (int x0 : positions(box.x0(), box.width(), w)) {
                out.add(new int[] {x0, y0});
            }
        }
        return out;
    }

    private Box padded(Box box, int width, int height) {
        Padding pad = new Padding(width, height);
        return new Box(box.x0() + pad.left, box.y0() + pad.top, box.x1() + pad.left, box.y1() + pad.top);
    }

    private void addTile(float[] plane, float[] g, float scale, int[] c, int w) {
        for (int y = 0; y < tile; y++) {
            for (int x = 0; x < tile; x++) {
                plane[(c[1] + y) * w + c[0] + x] += scale * g[y * tile + x];
            }
        }
    }

    private float[] crop(float[] padded, int w, int h, int[] c) {
        float[] out = new float[3 * tile * tile];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < tile; y++) {
                System.arraycopy(padded, (ch * h + c[1] + y) * w + c[0], out, (ch * tile + y) * tile, tile);
            }
        }
        return out;
    }

    /** A slice padded (centred) to at least one tile in each direction. */
    private final class Padding {
        final int width;
        final int height;
        final int w;
        final int h;
        final int left;
        final int top;

        Padding(int width, int height) {
            this.width = width;
            this.height = height;
            w = Math.max(width, tile);
            h = Math.max(height, tile);
            left = (w - width) / 2;
            top = (h - height) / 2;
        }

        float[] image(float[] image) {
            if (image.length != 3 * width * height) {
                throw new IllegalArgumentException("image must hold 3 x " + height + " x " + width + " values, has "
                        + image.length);
            }
            if (w == width && h == height) {
                return image;
            }
            float[] out = new float[3 * w * h];
            Arrays.fill(out, SlicePreparation.PAD_VALUE);
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(image, (ch * height + y) * width, out, (ch * h + y + top) * w + left, width);
                }
            }
            return out;
        }
    }
}
