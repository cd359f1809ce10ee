package org.mfunet.infer;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.mfunet.data.Sequence;

/**
 * Settings of a prediction run; serialisable, so that a cluster's workers can be sent them.
 *
 * @param postprocess       keep pathology inside the predicted myocardium and the largest connected
 *                          component of each structure (the reference's postprocessing)
 * @param saveProbabilities also write {@code <case>_prob.nii.gz}: a 4D float32 volume of the six
 *                          probability maps (background, myocardium, LV, RV, scar, edema)
 * @param composition       how the heads' predictions become labels
 * @param sequences         the sequences prediction may use, the LGE among them: a case's other sequences are not read,
 *                          as if it had never had them (to measure what a model does without them)
 */
public record PredictionOptions(boolean postprocess, boolean saveProbabilities, Composition composition,
                                Set<Sequence> sequences) implements Serializable {
    /** The tool's test-time settings: nested-lv composition, postprocessing on, labels only, every sequence a case has. */
    public static final PredictionOptions DEFAULT = new PredictionOptions(true, false, Composition.NESTED_LV, Sequence.all());

    public PredictionOptions {
        Objects.requireNonNull(composition, "composition");
        if (!sequences.contains(Sequence.REQUIRED)) {
            throw new IllegalArgumentException("prediction needs the " + Sequence.REQUIRED + ", got " + sequences);
        }
        sequences = Collections.unmodifiableSet(EnumSet.copyOf(sequences));
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
        return new PredictionOptions(value, saveProbabilities, composition, sequences);
    }

    public PredictionOptions withSaveProbabilities(boolean value) {
        return new PredictionOptions(postprocess, value, composition, sequences);
    }

    public PredictionOptions withComposition(Composition value) {
        return new PredictionOptions(postprocess, saveProbabilities, value, sequences);
    }

    public PredictionOptions withSequences(Set<Sequence> value) {
        return new PredictionOptions(postprocess, saveProbabilities, composition, value);
    }
}
