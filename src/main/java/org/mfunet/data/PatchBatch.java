package org.mfunet.data;

import java.util.List;

/**
 * A training batch of square patches.
 *
 * @param batch   number of patches B
 * @param side    patch side s in pixels
 * @param images  {@code [B][3][s][s]} flattened (channels LGE, T2, bSSFP; x fastest), values as in {@link PreparedSlice}
 * @param classes {@code [B][s][s]} class indices of {@link MyopsLabels}, x fastest
 * @param origins where each patch came from, B entries
 */
public record PatchBatch(int batch, int side, float[] images, byte[] classes, List<PatchOrigin> origins) {
    public PatchBatch {
        int plane = side * side;
        if (batch <= 0 || side <= 0 || images.length != batch * 3 * plane || classes.length != batch * plane
                || origins.size() != batch) {
            throw new IllegalArgumentException("patch batch arrays must match " + batch + " x " + side + " x " + side);
        }
        origins = List.copyOf(origins);
    }
}
