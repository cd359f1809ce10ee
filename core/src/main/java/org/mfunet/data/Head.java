package org.mfunet.data;

import org.mfunet.data.MyopsLabels;

/**
 * The three output heads of MFU-Net and the target class of each pixel for each head, derived from the
 * class indices of {@link MyopsLabels}.
 */
public enum Head {
    /** 0 background, 1 myocardium (normal, edema and scar), 2 LV, 3 RV. */
    ANATOMY(4),
    /** 1 where the pixel is scar (2221). */
    SCAR(2),
    /** 1 where the pixel is edema (1220) only, as in the authors' model. */
    EDEMA(2);

    private final int classes;

    Head(int classes) {
        this.classes = classes;
    }

    /** Number of output channels of the head. */
    public int classes() {
        return classes;
    }

    /** Target class of this head for a pixel of the given class index. */
    public int targetOf(int classIndex) {
        return switch (this) {
            case ANATOMY -> MyopsLabels.anatomyOf(classIndex);
            case SCAR -> classIndex == MyopsLabels.CLASS_SCAR ? 1 : 0;
            case EDEMA -> classIndex == MyopsLabels.CLASS_EDEMA ? 1 : 0;
        };
    }

    /**
     * One-hot target of a batch of class maps.
     *
     * @param classes {@code [batch][side][side]} class indices, x fastest
     * @return {@code [batch][classes()][side][side]} of 0/1 values, x fastest
     */
    public float[] oneHot(byte[] classes, int batch, int side) {
        int plane = side * side;
        if (classes.length != batch * plane) {
            throw new IllegalArgumentException("class maps must hold " + batch + " x " + side + " x " + side
                    + " values, have " + classes.length);
        }
        float[] out = new float[batch * this.classes * plane];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < plane; i++) {
                int c = targetOf(classes[b * plane + i]);
                out[(b * this.classes + c) * plane + i] = 1f;
            }
        }
        return out;
    }
}
