package org.mfunet.eval;

import org.mfunet.data.Structure;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics of every {@link Structure} for one case.
 *
 * @param caseName {@code <prefix>_<id>} of the case, e.g. {@code myops_training_101}
 * @param metrics  metrics of each structure; holds all of them, iterated in {@link Structure} order
 */
public record CaseEvaluation(String caseName, Map<Structure, StructureMetrics> metrics) {
    public CaseEvaluation {
        Objects.requireNonNull(caseName, "caseName");
        EnumMap<Structure, StructureMetrics> copy = new EnumMap<>(Structure.class);
        copy.putAll(metrics);
        if (copy.size() != Structure.values().length) {
            throw new IllegalArgumentException("case " + caseName + " must have metrics for all structures, has " + copy.keySet());
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /**
     * Evaluates every structure of a predicted label volume against the reference.
     *
     * @param caseName        name of the case
     * @param predictedLabels MyoPS label values {@code [nz][ny][nx]} flattened, x fastest
     * @param truthLabels     reference label values, same layout
     * @param grid            dimensions and spacing (mm) of both volumes
     */
    public static CaseEvaluation of(String caseName, int[] predictedLabels, int[] truthLabels, VoxelGrid grid) {
        EnumMap<Structure, StructureMetrics> metrics = new EnumMap<>(Structure.class);
        for (Structure s : Structure.values()) {
            metrics.put(s, SegmentationMetrics.evaluate(s.mask(predictedLabels), s.mask(truthLabels), grid));
        }
        return new CaseEvaluation(caseName, metrics);
    }

    /** Metrics of one structure. */
    public StructureMetrics get(Structure structure) {
        return metrics.get(structure);
    }
}
