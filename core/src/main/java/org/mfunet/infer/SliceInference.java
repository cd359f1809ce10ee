package org.mfunet.infer;

import java.util.Arrays;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.SliceGeometry;
import org.mfunet.data.SlicePreparation;

/**
 * Probabilities of a whole slice at a cost close to that of the tiles around the heart, without missing what the plain
 * sliding window over the whole slice would find.
 *
 * <p>A slice that the plain window covers with at most {@value #PLAIN_TILES} tiles gets the plain window. A larger one
 * first gets a coarse pass: the slice at half the resolution, padded to the network's multiple, through the network in
 * one piece (a quarter of the slice's pixels). Its heart, every pixel whose most probable anatomy class is not
 * background or whose scar or edema probability exceeds one half, gives a box, grown by {@link #MARGIN_FRACTION} of a
 * tile on each side, and only that box is tiled at full resolution. The box then grows towards any side where the
 * full-resolution heart still reaches within {@value #EDGE} pixels of it (and the slice goes on), by half a tile per
 * round, reusing tiles already run, until the heart lies inside or the box is the whole slice. When the coarse pass
 * finds no heart the whole slice is tiled. This is the two-stage approach of the MyoPS 2020 winners with the one
 * network doing both stages.
 *
 * @param window   the sliding window
 * @param localise use the coarse pass on large slices; false always tiles the whole slice
 */
public record SliceInference(SlidingWindow window, boolean localise) {
    /** Slices the plain window covers with at most this many tiles skip the coarse pass. */
    public static final int PLAIN_TILES = 2;
    /** Margin around the coarse heart, as a fraction of the tile. */
    public static final double MARGIN_FRACTION = 0.125;
    /** Full-resolution heart this close to the box's edge (pixels) grows the box. */
    public static final int EDGE = 2;

    /** The default: half-tile overlap, localised. */
    public static SliceInference of(int tile) {
        return new SliceInference(new SlidingWindow(tile, SlidingWindow.HALF), true);
    }

    /**
     * What one slice cost.
     *
     * @param probabilities {@code [6][height][width]}
     * @param tiles         full-resolution tiles run
     * @param coarse        whether the coarse pass ran
     */
    public record Result(float[] probabilities, int tiles, boolean coarse) {
    }

    /** Probabilities of a slice {@code [3][height][width]}. */
    public Result run(float[] image, int width, int height, TileNetwork network) {
        SlidingWindow.Box whole = SlidingWindow.Box.whole(width, height);
        TileCache cache = new TileCache();
        if (!localise || window.tileCount(whole, width, height) <= PLAIN_TILES) {
            float[] p = window.probabilities(image, width, height, network, whole, cache);
            return new Result(p, cache.computed(), false);
        }
        SlidingWindow.Box box = coarseHeart(image, width, height, network);
        if (box == null) {
            float[] p = window.probabilities(image, width, height, network, whole, cache);
            return new Result(p, cache.computed(), true);
        }
        int step = window.tile() / 2;
        while (true) {
            float[] p = window.probabilities(image, width, height, network, box, cache);
            boolean[] heart = heart(p, width * height);
            int left = touches(heart, width, box, Side.LEFT) && box.x0() > 0 ? step : 0;
            int top = touches(heart, width, box, Side.TOP) && box.y0() > 0 ? step : 0;
            int right = touches(heart, width, box, Side.RIGHT) && box.x1() < width ? step : 0;
            int bottom = touches(heart, width, box, Side.BOTTOM) && box.y1() < height ? step : 0;
            if (left + top + right + bottom == 0) {
                return new Result(p, cache.computed(), true);
            }
            box = box.grow(left, top, right, bottom, width, height);
        }
    }

    /** The heart's box from the half-resolution pass, with the margin, in full-resolution pixels; null if none. */
    public SlidingWindow.Box coarseHeart(float[] image, int width, int height, TileNetwork network) {
        int unit = network.sideMultiple();
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        SliceGeometry half = new SliceGeometry(width, height, cw, ch);
        float[] small = half.toNetwork(image, 3);
        int pw = roundUp(cw, unit);
        int ph = roundUp(ch, unit);
        float[] padded = new float[3 * pw * ph];
        Arrays.fill(padded, SlicePreparation.PAD_VALUE);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(small, (c * ch + y) * cw, padded, (c * ph + y) * pw, cw);
            }
        }
        float[] p = network.probabilities(padded, ph, pw);
        int plane = pw * ph;
        boolean[] heart = heart(p, plane);
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                if (heart[y * pw + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return null;
        }
        int margin = (int) Math.ceil(MARGIN_FRACTION * window.tile());
        double sx = (double) width / cw;
        double sy = (double) height / ch;
        return new SlidingWindow.Box((int) Math.floor(x0 * sx), (int) Math.floor(y0 * sy),
                (int) Math.ceil((x1 + 1) * sx), (int) Math.ceil((y1 + 1) * sy))
                .grow(margin, margin, margin, margin, width, height);
    }

    private static int roundUp(int v, int unit) {
        return Math.max(unit, (v + unit - 1) / unit * unit);
    }

    /** Pixels whose anatomy is not background or whose scar or edema probability exceeds one half. */
    private static boolean[] heart(float[] p, int plane) {
        boolean[] heart = new boolean[plane];
        for (int i = 0; i < plane; i++) {
            float background = p[i];
            boolean anatomy = false;
            for (int c = 1; c < MyopsLabels.ANATOMY_CLASSES; c++) {
                anatomy |= p[c * plane + i] > background;
            }
            heart[i] = anatomy || p[CaseProbabilities.SCAR * plane + i] > 0.5f || p[CaseProbabilities.EDEMA * plane + i] > 0.5f;
        }
        return heart;
    }

    private enum Side { LEFT, TOP, RIGHT, BOTTOM }

    /** Whether the heart reaches within {@link #EDGE} pixels of one side of the box. */
    private static boolean touches(boolean[] heart, int width, SlidingWindow.Box box, Side side) {
        int xFrom = side == Side.RIGHT ? Math.max(box.x0(), box.x1() - EDGE) : box.x0();
        int xTo = side == Side.LEFT ? Math.min(box.x1(), box.x0() + EDGE) : box.x1();
        int yFrom = side == Side.BOTTOM ? Math.max(box.y0(), box.y1() - EDGE) : box.y0();
        int yTo = side == Side.TOP ? Math.min(box.y1(), box.y0() + EDGE) : box.y1();
        for (int y = yFrom; y < yTo; y++) {
            for (int x = xFrom; x < xTo; x++) {
                if (heart[y * width + x]) {
                    return true;
                }
            }
        }
        return false;
    }
}
