package org.mfunet.train;

import java.util.List;
import java.util.function.Supplier;

/**
 * What listeners see at the end of an epoch.
 *
 * @param metrics    the epoch's metrics
 * @param phase      the phase it belonged to
 * @param history    metrics of every epoch so far, this one last
 * @param phaseEnds  true when this was the phase's last epoch (by count or early stopping)
 * @param checkpoint builds the checkpoint of the state after this epoch; it refers to the network's and
 *                   the optimiser's own arrays, so it must be used (written) before training goes on
 */
public record EpochEnd(EpochMetrics metrics, Phase phase, List<EpochMetrics> history, boolean phaseEnds,
                       Supplier<Checkpoint> checkpoint) {
    public EpochEnd {
        history = List.copyOf(history);
    }

    /** Validation totals of the epochs of the current phase, in order, this epoch last. */
    public List<Double> phaseValidationLosses() {
        return history.stream().filter(m -> m.phase() == metrics.phase()).map(EpochMetrics::validationTotal).toList();
    }
}
