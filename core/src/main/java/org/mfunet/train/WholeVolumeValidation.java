package org.mfunet.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.SlicePreparation;
import org.mfunet.data.Structure;
import org.mfunet.eval.SegmentationMetrics;
import org.mfunet.infer.CaseInference;
import org.mfunet.infer.PredictionOptions;
import org.mfunet.infer.SliceInference;
import org.mfunet.infer.TileNetwork;

/**
 * Validation as {@code evaluate} will score: each validation case segmented whole on its own grid by the code of
 * {@code predict} ({@link CaseInference}, then {@link PredictionOptions#DEFAULT}: nested-lv composition and
 * postprocessing), the 3D Dice of every {@link Structure} against its labels by the Dice of {@code evaluate}, and the
 * mean over the cases where the structure is present in the prediction or the truth (as {@code evaluate} averages).
 *
 * @param cases       the labelled cases by name (those not validated on are never read)
 * @param preparation the network's preprocessing
 * @param inference   the network's whole-slice inference
 */
public record WholeVolumeValidation(Map<String, CaseVolumes> cases, SlicePreparation preparation,
                                    SliceInference inference) implements CaseValidation {
    public WholeVolumeValidation {
        cases = Map.copyOf(cases);
    }

    @Override
    public Map<String, Double> dice(List<String> names, TileNetwork network) {
        Map<Structure, List<Double>> values = new LinkedHashMap<>();
        for (String name : names) {
            CaseVolumes volumes = cases.get(name);
            if (volumes == null || !volumes.labelled()) {
                throw new MfunetException("validation case " + name + " has no labels");
            }
            int[] predicted = PredictionOptions.DEFAULT.labels(
                    CaseInference.probabilities(volumes, preparation, network, inference));
            int[] truth = volumes.labelValues();
            for (Structure s : Structure.values()) {
                values.computeIfAbsent(s, k -> new ArrayList<>()).add(SegmentationMetrics.dice(s.mask(predicted), s.mask(truth)));
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        values.forEach((s, v) -> mean.put(s.key(), v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d))
                .average().orElse(Double.NaN)));
        return mean;
    }
}
