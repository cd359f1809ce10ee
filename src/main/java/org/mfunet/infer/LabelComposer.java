package org.mfunet.infer;

import org.mfunet.data.MyopsLabels;

/**
 * Composes MyoPS label values from a prediction: 200 myocardium, 500 LV, 600 RV from the anatomy map, then
 * 1220 edema and 2221 scar on myocardium voxels only, scar overriding edema (the order in which the
 * reference pastes labels). Pathology predicted outside the myocardium is dropped.
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
            labels[i] = switch (anatomy[i]) {
                case VolumeSegmentation.MYOCARDIUM -> prediction.scar()[i] ? MyopsLabels.SCAR
                        : prediction.edema()[i] ? MyopsLabels.EDEMA : MyopsLabels.MYOCARDIUM;
                case VolumeSegmentation.LV -> MyopsLabels.LV;
                case VolumeSegmentation.RV -> MyopsLabels.RV;
                default -> 0;
            };
        }
        return labels;
    }
}
