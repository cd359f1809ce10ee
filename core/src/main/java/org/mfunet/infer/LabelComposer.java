package org.mfunet.infer;

import org.mfunet.data.MyopsLabels;

/**
 * Composes MyoPS label values from a prediction by the vocabulary's rule ({@link MyopsLabels#classOf(int, boolean,
 * boolean)}): 200 myocardium, 500 LV, 600 RV from the anatomy map, then 1220 edema and 2221 scar on myocardium voxels
 * only, scar overriding edema. Pathology predicted outside the myocardium is dropped.
 */
public final class LabelComposer {
    private LabelComposer() {
    }

    /**
     * MyoPS label value of every voxel.
     *
     * @return {@code [nz][ny][nx]} flattened, x fastest: 0, 200, 500, 600, 1220 or 2221
     */
    public static int[] compose(VolumeSegmentation prediction) {
        byte[] anatomy = prediction.anatomy();
        int[] labels = new int[anatomy.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = MyopsLabels.valueOf(MyopsLabels.classOf(anatomy[i], prediction.scar()[i], prediction.edema()[i]));
        }
        return labels;
    }
}
