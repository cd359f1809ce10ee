package org.mfunet.eval;

import org.mfunet.data.Structure;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Cohort statistics per {@link Structure}: mean and standard deviation of Dice over the cases where the
 * structure is not empty in both prediction and reference, of HD95 over the cases where it is defined
 * (both masks non-empty), and the number of cases left out because both masks were empty.
 *
 * @param structures summary of each structure, iterated in {@link Structure} order
 */
public record EvaluationSummary(Map<Structure, StructureSummary> structures) {
    public EvaluationSummary {
        EnumMap<Structure, StructureSummary> copy = new EnumMap<>(Structure.class);
        copy.putAll(structures);
        if (copy.size() != Structure.values().length) {
            throw new IllegalArgumentException("summary must cover all structures, has " + copy.keySet());
        }
        structures = Collections.unmodifiableMap(copy);
    }

    /** Summarises the cases; an empty list gives n = 0 and NaN statistics. */
    public static EvaluationSummary of(List<CaseEvaluation> cases) {
        EnumMap<Structure, StructureSummary> map = new EnumMap<>(Structure.class);
        for (Structure s : Structure.values()) {
            int empty = (int) cases.stream().filter(c -> c.get(s).empty()).count();
            map.put(s, new StructureSummary(
                    Statistic.of(cases, c -> c.get(s).dice()),
                    Statistic.of(cases, c -> c.get(s).hd95()),
                    empty));
        }
        return new EvaluationSummary(map);
    }

    /** Summary of one structure. */
    public StructureSummary get(Structure structure) {
        return structures.get(structure);
    }

    /**
     * Summary of one structure over a cohort.
     *
     * @param dice  Dice statistics over cases with a defined Dice
     * @param hd95  HD95 statistics (mm) over cases with a defined HD95
     * @param empty number of cases where prediction and reference were both empty (excluded)
     */
    public record StructureSummary(Statistic dice, Statistic hd95, int empty) {
        public StructureSummary {
            if (empty < 0) {
                throw new IllegalArgumentException("empty count must not be negative, got " + empty);
            }
        }
    }

    /**
     * Mean and population standard deviation (divisor n, as {@code numpy.std}) of the defined values.
     *
     * @param mean mean, NaN when n = 0
     * @param std  population standard deviation, NaN when n = 0
     * @param n    number of values that entered the statistic
     */
    public record Statistic(double mean, double std, int n) {
        public Statistic {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative, got " + n);
            }
        }

        /** Statistic of the non-NaN values of {@code metric} over the cases. */
        public static Statistic of(List<CaseEvaluation> cases, ToDoubleFunction<CaseEvaluation> metric) {
            double[] values = cases.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length == 0) {
                return new Statistic(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Statistic(mean, Math.sqrt(squares / values.length), values.length);
        }
    }
}
