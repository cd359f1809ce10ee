package org.mfunet.infer;

import java.util.Objects;

/**
 * Settings of a prediction run.
 *
 * @param postprocess       keep pathology inside the predicted myocardium and the largest connected
 *                          component of each structure (the reference's postprocessing)
 * @param saveProbabilities also write {@code <case>_prob.nii.gz}: a 4D float32 volume of the six
 *                          probability maps (background, myocardium, LV, RV, scar, edema)
 * @param composition       how the heads' predictions become labels
 */
public record PredictionOptions(boolean postprocess, boolean saveProbabilities, Composition composition) {
    /** The tool's test-time settings: nested composition, postprocessing on, labels only. */
    public static final PredictionOptions DEFAULT = new PredictionOptions(true, false, Composition.NESTED);

    public PredictionOptions {
        Objects.requireNonNull(composition, "composition");
    }

    /**
     * MyoPS label values of a case from its probabilities: the hard segmentation, the composition, the postprocessing
     * if on, then the labels. The one path from probabilities to labels of {@code predict} and of validation.
     *
     * @return {@code [nz][ny][nx]} label values, x fastest
     */
    public int[] labels(CaseProbabilities probabilities) {
        VolumeSegmentation segmentation = composition.apply(probabilities.segmentation());
        if (postprocess) {
            segmentation = Postprocessing.apply(segmentation);
        }
        return LabelComposer.compose(segmentation);
    }

    public PredictionOptions withPostprocess(boolean value) {
        return new PredictionOptions(value, saveProbabilities, composition);
    }

    public PredictionOptions withSaveProbabilities(boolean value) {
        return new PredictionOptions(postprocess, value, composition);
    }

    public PredictionOptions withComposition(Composition value) {
        return new PredictionOptions(postprocess, saveProbabilities, value);
    }
}
