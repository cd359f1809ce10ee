package org.mfunet.data;

import java.util.Objects;

/**
 * One preprocessed short-axis slice, ready for the network: the three normalised sequences cropped or
 * padded to a square of {@code side} pixels around the image centre, with its class map if labelled.
 *
 * @param caseName {@code <prefix>_<id>} of the case it came from
 * @param z        slice index in the case volume
 * @param side     width and height in pixels
 * @param image    {@code [3][side][side]} flattened: channel (LGE, T2, bSSFP), then y, then x (x fastest);
 *                 values in [-1, 1]
 * @param classes  {@code [side][side]} class indices of {@link MyopsLabels} (x fastest), or null if unlabelled
 */
public record PreparedSlice(String caseName, int z, int side, float[] image, byte[] classes) {
    public PreparedSlice {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(image, "image");
        if (side <= 0 || image.length != 3 * side * side) {
            throw new IllegalArgumentException("image must hold 3 x " + side + " x " + side + " values, has " + image.length);
        }
        if (classes != null && classes.length != side * side) {
            throw new IllegalArgumentException("classes must hold " + side + " x " + side + " values, has " + classes.length);
        }
    }

    /** True when the slice has a class map. */
    public boolean labelled() {
        return classes != null;
    }
}
