package org.mfunet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A training batch of square patches.
 *
 * @param batch     number of patches B
 * @param side      patch side s in pixels
 * @param images    {@code [B][3][s][s]} flattened (channels LGE, T2, bSSFP; x fastest), values as in
 *                  {@link PreparedSlice}
 * @param classes   {@code [B][s][s]} class indices of {@link MyopsLabels}, x fastest
 * @param origins   where each patch came from, B entries
 * @param sequences per patch the sequences its channels hold (the network ignores the others), B entries, each with
 *                  the LGE
 */
public record PatchBatch(int batch, int side, float[] images, byte[] classes, List<PatchOrigin> origins,
                         List<Set<Sequence>> sequences) {
    public PatchBatch {
        int plane = side * side;
        if (batch <= 0 || side <= 0 || images.length != batch * 3 * plane || classes.length != batch * plane
                || origins.size() != batch || sequences.size() != batch) {
            throw new IllegalArgumentException("patch batch arrays must match " + batch + " x " + side + " x " + side);
        }
        origins = List.copyOf(origins);
        List<Set<Sequence>> copies = new ArrayList<>(batch);
        for (Set<Sequence> s : sequences) {
            if (!s.contains(Sequence.REQUIRED)) {
                throw new IllegalArgumentException("every patch needs its " + Sequence.REQUIRED + ", got " + s);
            }
            copies.add(Collections.unmodifiableSet(EnumSet.copyOf(s)));
        }
        sequences = List.copyOf(copies);
    }

    /** A batch whose patches all have the three sequences. */
    public PatchBatch(int batch, int side, float[] images, byte[] classes, List<PatchOrigin> origins) {
        this(batch, side, images, classes, origins, Collections.nCopies(batch, Sequence.all()));
    }

    /**
     * The network's second input: per patch the presence flags of {@link Sequence#presence}, {@code [B][3]} flattened.
     */
    public float[] presence() {
        float[] flags = new float[batch * 3];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(Sequence.presence(sequences.get(b)), 0, flags, b * 3, 3);
        }
        return flags;
    }

    /** The same patches with other sequences per patch (images, classes and origins shared, not copied). */
    public PatchBatch withSequences(List<Set<Sequence>> value) {
        return new PatchBatch(batch, side, images, classes, origins, value);
    }

    /**
     * Seeded standard-normal images and uniformly drawn class indices (background to scar), for measurements
     * and tests where speed, memory or equality, not the pixel values, matter.
     */
    public static PatchBatch random(int batch, int side, Random random) {
        int plane = side * side;
        float[] images = new float[batch * 3 * plane];
        byte[] classes = new byte[batch * plane];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (byte) random.nextInt(MyopsLabels.CLASS_SCAR + 1);
        }
        List<PatchOrigin> origins = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            origins.add(new PatchOrigin("random", 0, 0, 0, side, PatchOrigin.Centre.RANDOM));
        }
        return new PatchBatch(batch, side, images, classes, origins);
    }
}
