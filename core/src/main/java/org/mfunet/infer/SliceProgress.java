package org.mfunet.infer;

/**
 * Told as each slice of a case starts through a network, so that a long segmentation can show where it is (the
 * {@code serve} command's status). Called on the thread that segments.
 */
@FunctionalInterface
public interface SliceProgress {
    /** Ignores progress: what {@code predict} and validation use. */
    SliceProgress NONE = (model, models, slice, slices) -> {
    };

    /**
     * @param model  0-based index of the ensemble's model now running
     * @param models number of models in the ensemble
     * @param slice  0-based index (NIfTI z) of the slice about to be segmented
     * @param slices number of slices of the case
     */
    void sliceStarted(int model, int models, int slice, int slices);
}
