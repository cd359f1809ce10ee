package org.mfunet.serve;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.VoxelGrid;
import org.mfunet.nifti.NiftiImage;

/**
 * What the service reports of a segmented case: the predicted volume of each structure in ml and, when labels came
 * with the case, the Dice of each structure as {@code evaluate} computes it.
 *
 * @param volumesMl predicted ml of myo (myocardium with scar and edema), lv, rv, scar and edema, to 0.001 ml
 * @param dice      Dice per structure key, null where prediction and labels are both empty; null when unlabelled
 */
record CaseMeasures(Map<String, Double> volumesMl, Map<String, Double> dice) {
    /** The structures whose volumes are reported, in this order. */
    static final List<Structure> VOLUMES = List.of(Structure.MYO, Structure.LV, Structure.RV, Structure.SCAR,
            Structure.EDEMA);

    /**
     * Measures a segmentation file.
     *
     * @param labels the case's label file, or null
     */
    static CaseMeasures of(String caseName, Path segmentation, Path labels) {
        NiftiImage image = SegmentationFiles.readLabels(segmentation);
        VoxelGrid grid = CohortEvaluator.grid(image.header(), segmentation);
        int[] values = SegmentationFiles.values(image);
        Map<String, Double> volumes = new LinkedHashMap<>();
        for (Structure s : VOLUMES) {
            long voxels = 0;
            for (int v : values) {
                if (s.contains(v)) {
                    voxels++;
                }
            }
            volumes.put(s.key(), Math.round(voxels * grid.voxelMillilitres() * 1000) / 1000.0);
        }
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
