package org.mfunet.serve;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.StructureVolumes;

/**
 * What the service reports of a segmented case: the predicted volume of each structure in ml and, when labels came
 * with the case, the Dice of each structure as {@code evaluate} computes it.
 *
 * @param volumesMl predicted ml of myo (myocardium with scar and edema), lv, rv, scar and edema, to 0.001 ml
 * @param dice      Dice per structure key, null where prediction and labels are both empty; null when unlabelled
 */
record CaseMeasures(Map<String, Double> volumesMl, Map<String, Double> dice) {
    /**
     * Measures a segmentation file.
     *
     * @param labels the case's label file, or null
     */
    static CaseMeasures of(String caseName, Path segmentation, Path labels) {
        Map<String, Double> volumes = StructureVolumes.millilitres(segmentation);
        Map<String, Double> dice = null;
        if (labels != null) {
            CaseEvaluation evaluation = CohortEvaluator.evaluateCase(caseName, segmentation, labels);
            dice = new LinkedHashMap<>();
            for (Structure s : Structure.values()) {
                double d = evaluation.get(s).dice();
                dice.put(s.key(), Double.isNaN(d) ? null : d);
            }
        }
        return new CaseMeasures(volumes, dice);
    }
}
