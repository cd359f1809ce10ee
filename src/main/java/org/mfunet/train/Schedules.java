package org.mfunet.train;

import java.util.ArrayList;
import java.util.List;
import org.mfunet.MfunetException;

/**
 * The two training schedules: one fold of a k-fold cross-validation, and the paper's alternating
 * cross-validation (Sec. 3.2). Folds are contiguous blocks of the case names in sorted order.
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

    /** The cases of fold {@code k} (0-based) of {@link #FOLDS}: a contiguous block of the sorted names. */
    public static List<String> fold(List<String> caseNames, int k) {
        List<String> sorted = caseNames.stream().sorted().toList();
        if (sorted.size() < FOLDS) {
            throw new MfunetException("cross-validation needs at least " + FOLDS + " labelled cases, found " + sorted.size());
        }
        if (k < 0 || k >= FOLDS) {
            throw new MfunetException("--fold must be in 0.." + (FOLDS - 1) + ", got " + k);
        }
        return sorted.subList(k * sorted.size() / FOLDS, (k + 1) * sorted.size() / FOLDS);
    }

    /** Train on all folds but {@code k}, validate on fold {@code k}, with early stopping. */
    public static List<Phase> kfold(List<String> caseNames, int k, int epochs, double learningRate) {
        List<String> validation = fold(caseNames, k);
        return List.of(new Phase("fold " + k, epochs, learningRate, without(caseNames, validation), validation, true));
    }

    /**
     * Five phases of 50, 40, 30, 20, 15 epochs at 1e-4 ... 5e-5, phase i validating on fold i, then 10 epochs on
     * all cases at 4e-5 (validated on all cases, no early stopping). Epoch counts are multiplied by
     * {@code epochsScale} and rounded, at least 1.
     */
    public static List<Phase> alternating(List<String> caseNames, double epochsScale) {
        if (!(epochsScale > 0)) {
            throw new MfunetException("--epochs-scale must be positive, got " + epochsScale);
        }
        List<Phase> phases = new ArrayList<>();
        for (int k = 0; k < FOLDS; k++) {
            List<String> validation = fold(caseNames, k);
            phases.add(new Phase("phase " + (k + 1), scaled(ALTERNATING_EPOCHS[k], epochsScale), ALTERNATING_RATES[k],
                    without(caseNames, validation), validation, true));
        }
        List<String> all = caseNames.stream().sorted().toList();
        phases.add(new Phase("final", scaled(FINAL_EPOCHS, epochsScale), FINAL_RATE, all, all, false));
        return phases;
    }

    private static int scaled(int epochs, double scale) {
        return Math.max(1, (int) Math.round(epochs * scale));
    }

    private static List<String> without(List<String> all, List<String> removed) {
        return all.stream().sorted().filter(c -> !removed.contains(c)).toList();
    }
}
