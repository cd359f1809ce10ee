package org.mfunet.infer;

/**
 * Settings of a prediction run.
 *
 * @param postprocess       keep pathology inside the predicted myocardium and the largest connected
 *                          component of each structure (the reference's postprocessing)
 * @param saveProbabilities also write {@code <case>_prob.nii.gz}: a 4D float32 volume of the six
 *                          probability maps (background, myocardium, LV, RV, scar, edema)
 */
public record PredictionOptions(boolean postprocess, boolean saveProbabilities) {
    /** The reference's test-time settings: postprocessing on, labels only. */
    public static final PredictionOptions DEFAULT = new PredictionOptions(true, false);
}
