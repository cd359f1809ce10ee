package org.mfunet.data;

import java.util.Optional;

/**
 * A MyoPS evaluation structure: the set of label values whose union forms its mask, the key used in JSON, CSV,
 * training metrics and table headers, and, where one head predicts it alone, that head and its target class. {@link #SCAR} and {@link #SCAR_EDEMA} are the official MyoPS 2020
 * metrics.
 */
public enum Structure {
    SCAR("scar", "scar", Head.SCAR, 1, MyopsLabels.SCAR),
    SCAR_EDEMA("scar_edema", "scar + edema", null, 0, MyopsLabels.EDEMA, MyopsLabels.SCAR),
    EDEMA("edema", "edema", Head.EDEMA, 1, MyopsLabels.EDEMA),
    MYO("myo", "myocardium", Head.ANATOMY, MyopsLabels.ANATOMY_MYOCARDIUM, MyopsLabels.MYOCARDIUM, MyopsLabels.EDEMA,
            MyopsLabels.SCAR),
    LV("lv", "LV", Head.ANATOMY, MyopsLabels.ANATOMY_LV, MyopsLabels.LV),
    RV("rv", "RV", Head.ANATOMY, MyopsLabels.ANATOMY_RV, MyopsLabels.RV);

    private final String key;
    private final String title;
    private final Head head;
    private final int headClass;
    private final int[] labels;

    Structure(String key, String title, Head head, int headClass, int... labels) {
        this.key = key;
        this.title = title;
        this.head = head;
        this.headClass = headClass;
        this.labels = labels;
    }

    /** The head that predicts this structure alone; empty for {@link #SCAR_EDEMA}, the union of two heads. */
    public Optional<Head> head() {
        return Optional.ofNullable(head);
    }

    /** The target class of {@link #head()} that is this structure (e.g. 2 for LV in the anatomy head). */
    public int headClass() {
        return headClass;
    }

    /** Lower-case key used in JSON, CSV and table headers, e.g. {@code scar_edema}. */
    public String key() {
        return key;
    }

    /** Name for people, e.g. {@code "scar + edema"} or {@code "LV"}. */
    public String title() {
        return title;
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
