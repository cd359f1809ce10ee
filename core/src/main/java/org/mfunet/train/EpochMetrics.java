package org.mfunet.train;

import java.util.HashMap;
import java.util.Map;
import org.mfunet.data.Structure;

/**
 * What one epoch measured; one line of {@code metrics.jsonl}.
 *
 * @param epoch          1-based epoch of the whole run
 * @param phase          0-based phase of the schedule
 * @param phaseEpoch     0-based epoch within the phase
 * @param learningRate   learning rate used during the epoch
 * @param trainLoss      mean training loss over the epoch's steps: per head (unweighted) and "total" (weighted)
 * @param validationLoss loss on the validation slices, same keys
 * @param validationDice Dice over all validation pixels, keyed by {@link Structure#key()}: "scar", "edema",
 *                       "myo", "lv", "rv" (NaN when reference and prediction are both empty); files written before
 *                       the keys were shared with evaluation say "myocardium" for "myo" and are read as "myo"
 * @param seconds        wall-clock time of the epoch, the only field that differs between identical runs
 */
public record EpochMetrics(int epoch, int phase, int phaseEpoch, double learningRate, Map<String, Double> trainLoss,
                           Map<String, Double> validationLoss, Map<String, Double> validationDice, double seconds) {
    /** Key of the weighted total in the loss maps. */
    public static final String TOTAL = "total";
    /** The key of the myocardium's Dice in metrics files written before it was {@link Structure#MYO}'s. */
    private static final String LEGACY_MYOCARDIUM = "myocardium";

    public EpochMetrics {
        trainLoss = Map.copyOf(trainLoss);
        validationLoss = Map.copyOf(validationLoss);
        validationDice = new HashMap<>(validationDice);
        Double myocardium = validationDice.remove(LEGACY_MYOCARDIUM);
        if (myocardium != null) {
            validationDice.putIfAbsent(Structure.MYO.key(), myocardium);
        }
        validationDice = Map.copyOf(validationDice);
    }

    /** The same epoch with the Dice of the whole validation cases. */
    public EpochMetrics withValidationDice(Map<String, Double> dice) {
        return new EpochMetrics(epoch, phase, phaseEpoch, learningRate, trainLoss, validationLoss, dice, seconds);
    }

    /** Weighted total validation loss, the early-stopping and best-model criterion. */
    public double validationTotal() {
        return validationLoss.get(TOTAL);
    }
}
