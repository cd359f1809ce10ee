package org.mfunet.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Dynamic resampling (paper Sec. 3.1), drawing all its choices from the injected seeded {@link Random}.
 *
 * <p>Each call picks a patch side, then a batch size that keeps the pixel budget {@code baseBatch · region²}
 * (paper: ⌊4 · 288² / d²⌋), then that many patches, each from a random slice. With probability ρc a patch is
 * centred on a random scar or edema pixel (myocardium or LV when the slice has none), otherwise placed
 * uniformly; it is always clamped inside the slice. The paper's sides are 96 + 16i, i = 1..12 for a 288
 * region; for another region they are scaled by region / 288 and rounded to a multiple of
 * {@code multiple} (2^depth of the network, so every level pools evenly), at least one multiple and at most
 * the region. With resampling off, each batch is {@code baseBatch} whole slices.
 *
 * <p>Unlabelled slices (for unsupervised pretraining) have no pixel to centre on, so their patches are placed
 * uniformly, and their patch class maps are background.
 */
public final class DynamicPatchSampler {
    /** The paper's reference region, against which its side list is written. */
    private static final int PAPER_REGION = 288;

    private final List<PreparedSlice> slices;
    private final int region;
    private final int baseBatch;
    private final double rhoC;
    private final boolean resampling;
    private final int[] sides;
    private final int[][] pathologyPixels;
    private final int[][] heartPixels;

    /**
     * @param slices     training slices, all of the same side (the region)
     * @param baseBatch  batch size of whole slices (4 in the paper)
     * @param rhoC       probability of centring a patch on the region of interest, in [0, 1]
     * @param resampling false for whole slices only
     * @param multiple   patch sides are multiples of this (2^depth)
     */
    public DynamicPatchSampler(List<PreparedSlice> slices, int baseBatch, double rhoC, boolean resampling, int multiple) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("the sampler needs at least one training slice");
        }
        if (baseBatch <= 0 || multiple <= 0 || !(rhoC >= 0 && rhoC <= 1)) {
            throw new IllegalArgumentException("baseBatch and multiple must be positive and rhoC in [0, 1]");
        }
        this.slices = List.copyOf(slices);
        this.region = slices.get(0).side();
        for (PreparedSlice s : slices) {
            if (s.side() != region) {
                throw new IllegalArgumentException("training slice " + s.caseName() + " z=" + s.z()
                        + " must be " + region + " pixels wide");
            }
        }
        this.baseBatch = baseBatch;
        this.rhoC = rhoC;
        this.resampling = resampling;
        this.sides = sidesFor(region, multiple);
        this.pathologyPixels = new int[slices.size()][];
        this.heartPixels = new int[slices.size()][];
        for (int i = 0; i < slices.size(); i++) {
            byte[] c = slices.get(i).labelled() ? slices.get(i).classes() : new byte[0];
            pathologyPixels[i] = pixelsOf(c, MyopsLabels.CLASS_EDEMA, MyopsLabels.CLASS_SCAR);
            heartPixels[i] = pixelsOf(c, MyopsLabels.CLASS_MYOCARDIUM, MyopsLabels.CLASS_LV);
        }
    }

    /** The candidate patch sides for a region: the paper's 96 + 16i (i = 1..12) scaled and rounded as above. */
    public static int[] sidesFor(int region, int multiple) {
        return IntStream.rangeClosed(1, 12)
                .map(i -> {
                    double scaled = region * (96.0 + 16 * i) / PAPER_REGION;
                    int rounded = (int) Math.round(scaled / multiple) * multiple;
                    return Math.min(region, Math.max(multiple, rounded));
                })
                .toArray();
    }

    /** Batch size of a patch side: ⌊baseBatch · region² / side²⌋, at least 1. */
    public int batchFor(int side) {
        return batchFor(baseBatch, region, side);
    }

    /** Batch size of a patch side for a base batch and region side: ⌊baseBatch · region² / side²⌋, at least 1. */
    public static int batchFor(int baseBatch, int region, int side) {
        return (int) Math.max(1, (long) baseBatch * region * region / ((long) side * side));
    }

    /** Side of the slices, pixels. */
    public int region() {
        return region;
    }

    /** Draws the next batch from {@code random}. */
    public PatchBatch sample(Random random) {
        int side = resampling ? sides[random.nextInt(sides.length)] : region;
        int batch = resampling ? batchFor(side) : baseBatch;
        int plane = side * side;
        float[] images = new float[batch * 3 * plane];
        byte[] classes = new byte[batch * plane];
        List<PatchOrigin> origins = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int index = random.nextInt(slices.size());
            PatchOrigin origin = place(index, side, random);
            copyPatch(slices.get(index), origin, images, classes, b);
            origins.add(origin);
        }
        return new PatchBatch(batch, side, images, classes, origins);
    }

    private PatchOrigin place(int index, int side, Random random) {
        PreparedSlice slice = slices.get(index);
        if (!resampling) {
            return new PatchOrigin(slice.caseName(), slice.z(), 0, 0, side, PatchOrigin.Centre.WHOLE);
        }
        int span = region - side;
        if (random.nextDouble() < rhoC) {
            boolean pathology = pathologyPixels[index].length > 0;
            int[] candidates = pathology ? pathologyPixels[index] : heartPixels[index];
            if (candidates.length > 0) {
                int pixel = candidates[random.nextInt(candidates.length)];
                int x0 = clamp(pixel % region - side / 2, span);
                int y0 = clamp(pixel / region - side / 2, span);
                return new PatchOrigin(slice.caseName(), slice.z(), x0, y0, side,
                        pathology ? PatchOrigin.Centre.PATHOLOGY : PatchOrigin.Centre.HEART);
            }
        }
        int x0 = random.nextInt(span + 1);
        int y0 = random.nextInt(span + 1);
        return new PatchOrigin(slice.caseName(), slice.z(), x0, y0, side, PatchOrigin.Centre.RANDOM);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private void copyPatch(PreparedSlice slice, PatchOrigin o, float[] images, byte[] classes, int b) {
        int s = o.side();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                System.arraycopy(slice.image(), (c * region + o.y0() + y) * region + o.x0(),
                        images, ((b * 3 + c) * s + y) * s, s);
            }
        }
        if (!slice.labelled()) {
            return;
        }
        for (int y = 0; y < s; y++) {
            System.arraycopy(slice.classes(), (o.y0() + y) * region + o.x0(), classes, (b * s + y) * s, s);
        }
    }

    private static int[] pixelsOf(byte[] classes, byte first, byte second) {
        return IntStream.range(0, classes.length).filter(i -> classes[i] == first || classes[i] == second).toArray();
    }
}
