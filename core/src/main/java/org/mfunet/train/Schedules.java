package org.mfunet.train;

import java.util.ArrayList;
import java.util.List;
import org.mfunet.MfunetException;

/**
 * The two training schedules: one fold of a k-fold cross-validation, and the paper's alternating
 * cross-validation (Sec. 3.2). Folds are those of the cohort's {@link Splits}.
 */
public final class Schedules {
    /** Number of folds, as in the paper. */
    public static final int FOLDS = 5;
    private static final int[] ALTERNATING_EPOCHS = {50, 40, 30, 20, 15};
    private static final double[] ALTERNATING_RATES = {1e-4, 9e-5, 8e-5, 6e-5, 5e-5};
    private static final int FINAL_EPOCHS = 10;
    private static final double FINAL_RATE = 4e-5;

    private Schedules() {
    }

    /** Train on the split's training cases, validate on its validation cases, with early stopping. */
    public static List<Phase> kfold(Split split, int epochs, double learningRate) {
        return List.of(new Phase("fold " + split.fold(), epochs, learningRate, split.train(), split.validation(), true));
    }

    /**
     * Five phases of 50, 40, 30, 20, 15 epochs at 1e-4 ... 5e-5, phase i validating on the test cases of fold i and
     * training on all others, then 10 epochs on all cases at 4e-5. The final phase has no held-out case: it is
     * measured on its own training cases, with no early stopping, and its last epoch is the run's best model (see
     * {@link CheckpointListener}). Epoch counts are multiplied by {@code epochsScale} and rounded, at least 1.
     */
    public static List<Phase> alternating(Splits splits, double epochsScale) {
        if (!(epochsScale > 0)) {
            throw new MfunetException("--epochs-scale must be positive, got " + epochsScale);
        }
        List<Phase> phases = new ArrayList<>();
        for (int k = 0; k < FOLDS; k++) {
            Split fold = splits.trainingFold(k);
            phases.add(new Phase("phase " + (k + 1), scaled(ALTERNATING_EPOCHS[k], epochsScale), ALTERNATING_RATES[k],
                    fold.train(), fold.validation(), true));
        }
        List<String> all = splits.cases();
        phases.add(new Phase("final", scaled(FINAL_EPOCHS, epochsScale), FINAL_RATE, all, all, false));
        return phases;
    }

    private static int scaled(int epochs, double scale) {
        return Math.max(1, (int) Math.round(epochs * scale));
    }
}
