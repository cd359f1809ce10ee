package org.mfunet.data;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One preprocessed short-axis slice, ready for the network: the normalised sequences resampled to the model's pixel
 * spacing, the whole slice, with its class map if labelled.
 *
 * @param caseName  {@code <prefix>_<id>} of the case it came from
 * @param z         slice index in the case volume
 * @param width     pixels along x
 * @param height    pixels along y
 * @param image     {@code [3][height][width]} flattened: channel (LGE, T2, bSSFP), then y, then x (x fastest);
 *                  values in [-1, 1]; the channel of a sequence the case lacks holds {@link SlicePreparation#PAD_VALUE}
 *                  and means nothing
 * @param classes   {@code [height][width]} class indices of {@link MyopsLabels} (x fastest), or null if unlabelled
 * @param sequences the sequences whose channels hold images; the LGE always among them
 */
public record PreparedSlice(String caseName, int z, int width, int height, float[] image, byte[] classes,
                            Set<Sequence> sequences) {
    public PreparedSlice {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(image, "image");
        if (width <= 0 || height <= 0 || image.length != 3 * width * height) {
            throw new IllegalArgumentException("image must hold 3 x " + height + " x " + width + " values, has " + image.length);
        }
        if (classes != null && classes.length != width * height) {
            throw new IllegalArgumentException("classes must hold " + height + " x " + width + " values, has " + classes.length);
        }
        if (!sequences.contains(Sequence.REQUIRED)) {
            throw new IllegalArgumentException("slice " + z + " of " + caseName + " has no " + Sequence.REQUIRED);
        }
        sequences = Collections.unmodifiableSet(EnumSet.copyOf(sequences));
    }

    /** A slice with all three sequences. */
    public PreparedSlice(String caseName, int z, int width, int height, float[] image, byte[] classes) {
        this(caseName, z, width, height, image, classes, Sequence.all());
    }

    /** True when the slice has a class map. */
    public boolean labelled() {
        return classes != null;
    }
}
