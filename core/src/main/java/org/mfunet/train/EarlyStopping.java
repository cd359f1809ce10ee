package org.mfunet.train;

import java.util.List;

/**
 * Ends a phase when its validation loss has not improved by at least {@code minDelta} for {@code patience}
 * epochs. It keeps no state of its own: the decision is a function of the phase's history, so it resumes
 * exactly from a checkpoint.
 */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final double minDelta;

    /** @param patience epochs without improvement tolerated; 0 disables early stopping */
    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public boolean stopPhase(EpochEnd end) {
        return end.phase().earlyStopping() && patience > 0 && epochsWithoutImprovement(end.phaseValidationLosses()) >= patience;
    }

    /** Epochs since the last one whose loss beat the best before it by at least minDelta (the first always does). */
    public int epochsWithoutImprovement(List<Double> losses) {
        double best = Double.POSITIVE_INFINITY;
        int since = 0;
        for (double loss : losses) {
            if (loss < best - minDelta) {
                best = loss;
                since = 0;
            } else {
                since++;
            }
        }
        return since;
    }
}
