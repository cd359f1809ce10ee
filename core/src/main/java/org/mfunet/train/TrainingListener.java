package org.mfunet.train;

import java.util.List;
import java.util.Map;

/**
 * Observer of a {@link Trainer}: progress display, metric files, plots, checkpoints and early stopping are
 * listeners, so the trainer stays small. All methods run on the training thread.
 */
public interface TrainingListener {
    /** Before the first epoch; {@code history} holds the epochs restored from a checkpoint. */
    default void onTrainingStart(List<Phase> phases, List<EpochMetrics> history) {
    }

    /** Before each epoch; {@code epoch} is 1-based over the run. */
    default void onEpochStart(int epoch, Phase phase, int phaseEpoch, int steps) {
    }

    /** After each optimiser step with the running mean losses of the epoch (keys as in {@link EpochMetrics}). */
    default void onStep(int step, Map<String, Double> runningLoss) {
    }

    /**
     * Asked once per epoch, before {@link #onEpochEnd}; true ends the current phase after this epoch. The
     * checkpoint of {@code end} cannot be built yet (it depends on this decision).
     */
    default boolean stopPhase(EpochEnd end) {
        return false;
    }

    /** After each epoch, with its metrics, the stop decision and the state to checkpoint. */
    default void onEpochEnd(EpochEnd end) {
    }

    /** After the last epoch. */
    default void onTrainingEnd(List<EpochMetrics> history) {
    }
}
