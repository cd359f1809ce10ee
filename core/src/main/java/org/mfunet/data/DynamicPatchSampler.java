package org.mfunet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Dynamic resampling (paper Sec. 3.1), drawing all its choices from the injected seeded {@link Random}.
 *
 * <p>Each call picks a patch side, then a batch size that keeps the pixel budget {@code baseBatch · tile²}
 * (paper: ⌊4 · 288² / d²⌋), then that many patches, each from a random slice. With probability ρc a patch is
 * centred on a random scar or edema pixel (myocardium or LV when the slice has none), otherwise placed uniformly
 * anywhere in the slice, background included, so the network learns what is not heart. Slices are whole resampled
 * slices of any size ({@link SlicePreparation}); a patch stays inside its slice where the slice is large enough, and
 * where the slice is smaller than the patch it is placed at random over the slice and the part outside is padding
 * ({@link SlicePreparation#PAD_VALUE}, background class), as the sliding window pads such slices in prediction. The
 * paper's sides are 96 + 16i, i = 1..12 for its 288 tile; for another tile they are scaled by tile / 288 and rounded to
 * a multiple of {@code multiple} (2^depth of the network, so every level pools evenly), at least one multiple and at
 * most the tile. With resampling off, each batch is {@code baseBatch} patches of the tile's side, placed the same way.
 *
 * <p>Unlabelled slices (for unsupervised pretraining) have no pixel to centre on, so their patches are placed
 * uniformly, and their patch class maps are background.
 */
public final class DynamicPatchSampler {
    /** The paper's reference tile, against which its side list is written. */
    private static final int PAPER_TILE = 288;

    private final List<PreparedSlice> slices;
    private final int tile;
    private final int baseBatch;
    private final double rhoC;
    private final boolean resampling;
    private final int[] sides;
    private final int[][] pathologyPixels;
    private final int[][] heartPixels;

    /**
     * @param slices     training slices, whole, of any size
     * @param tile       the network's input side (its prediction tile), pixels
     * @param baseBatch  batch size of whole tiles (4 in the paper)
     * @param rhoC       probability of centring a patch on the region of interest, in [0, 1]
     * @param resampling false for patches of the tile's side only
     * @param multiple   patch sides are multiples of this (2^depth)
     */
    public DynamicPatchSampler(List<PreparedSlice> slices, int tile, int baseBatch, double rhoC, boolean resampling,
                               int multiple) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("the sampler needs at least one training slice");
        }
        if (tile <= 0 || baseBatch <= 0 || multiple <= 0 || !(rhoC >= 0 && rhoC <= 1)) {
            throw new IllegalArgumentException("tile, baseBatch and multiple must be positive and rhoC in [0, 1]");
        }
        this.slices = List.copyOf(slices);
        this.tile = tile;
        this.baseBatch = baseBatch;
        this.rhoC = rhoC;
        this.resampling = resampling;
        this.sides = sidesFor(tile, multiple);
        this.pathologyPixels = new int[slices.size()][];
        this.heartPixels = new int[slices.size()][];
        for (int i = 0; i < slices.size(); i++) {
            byte[] c = slices.get(i).labelled() ? slices.get(i).classes() : new byte[0];
            pathologyPixels[i] = pixelsOf(c, MyopsLabels.CLASS_EDEMA, MyopsLabels.CLASS_SCAR);
            heartPixels[i] = pixelsOf(c, MyopsLabels.CLASS_MYOCARDIUM, MyopsLabels.CLASS_LV);
        }
    }

    /** The candidate patch sides for a tile: the paper's 96 + 16i (i = 1..12) scaled and rounded as above. */
    public static int[] sidesFor(int tile, int multiple) {
        return IntStream.rangeClosed(1, 12)
                .map(i -> {
                    double scaled = tile * (96.0 + 16 * i) / PAPER_TILE;
                    int rounded = (int) Math.round(scaled / multiple) * multiple;
                    return Math.min(tile, Math.max(multiple, rounded));
                })
                .toArray();
    }

    /** Batch size of a patch side: ⌊baseBatch · tile² / side²⌋, at least 1. */
    public int batchFor(int side) {
        return batchFor(baseBatch, tile, side);
    }

    /** Batch size of a patch side for a base batch and tile side: ⌊baseBatch · tile² / side²⌋, at least 1. */
    public static int batchFor(int baseBatch, int tile, int side) {
        return (int) Math.max(1, (long) baseBatch * tile * tile / ((long) side * side));
    }

    /** The network's input side, pixels. */
    public int tile() {
        return tile;
    }

    /** Draws the next batch from {@code random}. */
    public PatchBatch sample(Random random) {
        int side = resampling ? sides[random.nextInt(sides.length)] : tile;
        int batch = resampling ? batchFor(side) : baseBatch;
        int plane = side * side;
        float[] images = new float[batch * 3 * plane];
        byte[] classes = new byte[batch * plane];
        List<PatchOrigin> origins = new ArrayList<>(batch);
        List<Set<Sequence>> sequences = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int index = random.nextInt(slices.size());
            PatchOrigin origin = place(index, side, random);
            copyPatch(slices.get(index), origin, images, classes, b);
            origins.add(origin);
            sequences.add(slices.get(index).sequences());
        }
        return new PatchBatch(batch, side, images, classes, origins, sequences);
    }

    private PatchOrigin place(int index, int side, Random random) {
        PreparedSlice slice = slices.get(index);
        int spanX = slice.width() - side;
        int spanY = slice.height() - side;
        if (random.nextDouble() < rhoC) {
            boolean pathology = pathologyPixels[index].length > 0;
            int[] candidates = pathology ? pathologyPixels[index] : heartPixels[index];
            if (candidates.length > 0) {
                int pixel = candidates[random.nextInt(candidates.length)];
                int x0 = clamp(pixel % slice.width() - side / 2, spanX);
                int y0 = clamp(pixel / slice.width() - side / 2, spanY);
                return new PatchOrigin(slice.caseName(), slice.z(), x0, y0, side,
                        pathology ? PatchOrigin.Centre.PATHOLOGY : PatchOrigin.Centre.HEART);
            }
        }
        int x0 = uniform(spanX, random);
        int y0 = uniform(spanY, random);
        return new PatchOrigin(slice.caseName(), slice.z(), x0, y0, side, PatchOrigin.Centre.RANDOM);
    }

    /** A corner between 0 and span (span ≥ 0: the patch fits) or between span and 0 (span < 0: the slice fits). */
    private static int uniform(int span, Random random) {
        return span >= 0 ? random.nextInt(span + 1) : span + random.nextInt(-span + 1);
    }

    /** Limits a corner to [0, span] when the patch fits the slice, else to [span, 0]. */
    private static int clamp(int v, int span) {
        return span >= 0 ? Math.max(0, Math.min(span, v)) : Math.max(span, Math.min(0, v));
    }

    /**
     * One tile per slice, deterministic: centred on the middle of the slice's labelled heart (the box of its
     * non-background classes), or on the slice's centre when it has none, and placed as the sampler places patches
     * (inside the slice where it fits, else overhanging into padding). What validation measures its loss on.
     */
    public static PatchBatch centredTiles(List<PreparedSlice> slices, int tile) {
        int plane = tile * tile;
        float[] images = new float[slices.size() * 3 * plane];
        byte[] classes = new byte[slices.size() * plane];
        List<PatchOrigin> origins = new ArrayList<>(slices.size());
        List<Set<Sequence>> sequences = new ArrayList<>(slices.size());
        for (int b = 0; b < slices.size(); b++) {
            PreparedSlice slice = slices.get(b);
            sequences.add(slice.sequences());
            int w = slice.width();
            int cx = w / 2;
            int cy = slice.height() / 2;
            if (slice.labelled()) {
                int x0 = Integer.MAX_VALUE;
                int y0 = Integer.MAX_VALUE;
                int x1 = -1;
                int y1 = -1;
                for (int i = 0; i < slice.classes().length; i++) {
                    if (slice.classes()[i] != MyopsLabels.CLASS_BACKGROUND) {
                        x0 = Math.min(x0, i % w);
                        x1 = Math.max(x1, i % w);
                        y0 = Math.min(y0, i / w);
                        y1 = Math.max(y1, i / w);
                    }
                }
                if (x1 >= 0) {
                    cx = (x0 + x1 + 1) / 2;
                    cy = (y0 + y1 + 1) / 2;
                }
            }
            PatchOrigin origin = new PatchOrigin(slice.caseName(), slice.z(), clamp(cx - tile / 2, w - tile),
                    clamp(cy - tile / 2, slice.height() - tile), tile, PatchOrigin.Centre.HEART);
            copyPatch(slice, origin, images, classes, b);
            origins.add(origin);
        }
        return new PatchBatch(slices.size(), tile, images, classes, origins, sequences);
    }

    /** The heart-centred tile of {@link #centredTiles} of one slice, as a square slice of its own. */
    public static PreparedSlice centredTile(PreparedSlice slice, int tile) {
        PatchBatch b = centredTiles(List.of(slice), tile);
        return new PreparedSlice(slice.caseName(), slice.z(), tile, tile, b.images(), slice.labelled() ? b.classes() : null,
                slice.sequences());
    }

    private static void copyPatch(PreparedSlice slice, PatchOrigin o, float[] images, byte[] classes, int b) {
        int s = o.side();
        int w = slice.width();
        int h = slice.height();
        int xStart = Math.max(0, -o.x0());
        int xEnd = Math.min(s, w - o.x0());
        for (int c = 0; c < 3; c++) {
            int patch = (b * 3 + c) * s * s;
            Arrays.fill(images, patch, patch + s * s, SlicePreparation.PAD_VALUE);
            for (int y = 0; y < s; y++) {
                int sy = o.y0() + y;
                if (sy >= 0 && sy < h && xEnd > xStart) {
                    System.arraycopy(slice.image(), (c * h + sy) * w + o.x0() + xStart, images, patch + y * s + xStart,
                            xEnd - xStart);
                }
            }
        }
        if (!slice.labelled()) {
            return;
        }
        for (int y = 0; y < s; y++) {
            int sy = o.y0() + y;
            if (sy >= 0 && sy < h && xEnd > xStart) {
                System.arraycopy(slice.classes(), sy * w + o.x0() + xStart, classes, (b * s + y) * s + xStart, xEnd - xStart);
            }
        }
    }

    private static int[] pixelsOf(byte[] classes, byte first, byte second) {
        return IntStream.range(0, classes.length).filter(i -> classes[i] == first || classes[i] == second).toArray();
    }
}
