package org.mfunet.bench;

import org.mfunet.MfunetException;
import org.mfunet.model.MfuNetConfig;

/**
 * What one benchmark run measures.
 *
 * @param name        preset name (or the configuration file) reported with the results
 * @param config      the network measured; training steps at batch {@code baseBatch} × {@code inputSide}²
 * @param baseBatch   batch of the full-size training step; dynamic-resampling sizes get ⌊baseBatch · side₀² / side²⌋
 * @param repeats     timed repetitions of each inference and training measurement (after one warm-up pass of
 *                    inference, two training steps)
 * @param leakEarly   training step after which the first resident size of the leak check is read
 * @param leakLate    training step after which the second one is read (greater than leakEarly)
 * @param leakSide    patch side of the leak-check steps, pixels (a multiple of 2^depth)
 * @param leakBatch   batch of the leak-check steps
 * @param matmulSide  side of the square matrices of the peak-rate measurement
 * @param recomputeLevels encoder levels recomputed in the measured training steps, as the preset trains
 *                    ({@code TrainingConfig.recomputeLevels}, 0 to the depth)
 */
public record BenchPlan(String name, MfuNetConfig config, int baseBatch, int repeats, int leakEarly, int leakLate,
                        int leakSide, int leakBatch, int matmulSide, int recomputeLevels) {
    /** Steps of the leak check (issue 7): resident size after step 200 against after step 20. */
    public static final int LEAK_EARLY = 20;
    public static final int LEAK_LATE = 200;

    public BenchPlan {
        if (baseBatch < 1 || repeats < 1 || leakBatch < 1 || matmulSide < 1) {
            throw new MfunetException("benchmark: batch, repeats, leak batch and matrix side must be positive");
        }
        if (recomputeLevels < 0 || recomputeLevels > config.depth()) {
            throw new MfunetException("benchmark: recomputed levels " + recomputeLevels + " must be 0 to "
                    + config.depth());
        }
        if (leakEarly < 1 || leakLate <= leakEarly) {
            throw new MfunetException("benchmark: leak-check steps " + leakEarly + " and " + leakLate
                    + " must satisfy 1 <= early < late");
        }
        if (leakSide < config.sideMultiple() || leakSide % config.sideMultiple() != 0) {
            throw new MfunetException("benchmark: leak-check side " + leakSide + " must be a positive multiple of "
                    + config.sideMultiple());
        }
    }

    /**
     * The standard plan: batch 4, 3 repeats, 2048² matrices, leak check over steps 20 to 200 at the smallest
     * dynamic-resampling side with batch 1. At that side a step of the paper network costs about a twentieth
     * of a full batch-4 step, so 200 steps fit in minutes; the leak check concerns the training loop's
     * memory handling, which does not depend on the patch size.
     */
    public static BenchPlan standard(String name, MfuNetConfig config, int smallestSide) {
        return new BenchPlan(name, config, 4, 3, LEAK_EARLY, LEAK_LATE, smallestSide, 1, 2048, 0);
    }

    public BenchPlan withRepeats(int value) {
        return new BenchPlan(name, config, baseBatch, value, leakEarly, leakLate, leakSide, leakBatch, matmulSide,
                recomputeLevels);
    }

    public BenchPlan withLeakSteps(int early, int late) {
        return new BenchPlan(name, config, baseBatch, repeats, early, late, leakSide, leakBatch, matmulSide,
                recomputeLevels);
    }

    public BenchPlan withMatmulSide(int value) {
        return new BenchPlan(name, config, baseBatch, repeats, leakEarly, leakLate, leakSide, leakBatch, value,
                recomputeLevels);
    }

    public BenchPlan withRecomputeLevels(int value) {
        return new BenchPlan(name, config, baseBatch, repeats, leakEarly, leakLate, leakSide, leakBatch, matmulSide,
                value);
    }
}
