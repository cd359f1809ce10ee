package org.mfunet.eval;

import org.mfunet.data.MyopsLabels;

/**
 * A MyoPS evaluation structure: the set of label values whose union forms its mask, and the key used in
 * JSON and CSV output. {@link #SCAR} and {@link #SCAR_EDEMA} are the official MyoPS 2020 metrics.
 */
public enum Structure {
    SCAR("scar", MyopsLabels.SCAR),
    SCAR_EDEMA("scar_edema", MyopsLabels.EDEMA, MyopsLabels.SCAR),
    EDEMA("edema", MyopsLabels.EDEMA),
    MYO("myo", MyopsLabels.MYOCARDIUM, MyopsLabels.EDEMA, MyopsLabels.SCAR),
    LV("lv", MyopsLabels.LV),
    RV("rv", MyopsLabels.RV);

    private final String key;
    private final int[] labels;

    Structure(String key, int... labels) {
        this.key = key;
        this.labels = labels;
    }

    /** Lower-case key used in JSON, CSV and table headers, e.g. {@code scar_edema}. */
    public String key() {
        return key;
    }

    /** The MyoPS label values that make up this structure. */
    public int[] labels() {
        return labels.clone();
    }

    /** True if a voxel with this MyoPS label value belongs to the structure. */
    public boolean contains(int labelValue) {
        for (int label : labels) {
            if (label == labelValue) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mask of the structure.
     *
     * @param labelValues MyoPS label values of a volume, any layout (NIfTI order, x fastest, in practice)
     * @return a mask of the same length and layout, true where the voxel belongs to the structure
     */
    public boolean[] mask(int[] labelValues) {
        boolean[] mask = new boolean[labelValues.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = contains(labelValues[i]);
        }
        return mask;
    }
}
