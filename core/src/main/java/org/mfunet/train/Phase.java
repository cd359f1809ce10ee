package org.mfunet.train;

import java.util.List;

/**
 * One phase of a training schedule: the cases it trains and validates on, its length and initial learning rate
 * (decayed within the phase by {@link #learningRate(int)}).
 *
 * @param name            short label for progress and curves
 * @param epochs          number of epochs
 * @param initialRate     lr0
 * @param trainCases      case names trained on
 * @param validationCases case names validated on
 * @param earlyStopping   whether the validation loss may end the phase early
 */
public record Phase(String name, int epochs, double initialRate, List<String> trainCases, List<String> validationCases,
                    boolean earlyStopping) {
    public Phase {
        if (epochs <= 0 || !(initialRate > 0)) {
            throw new IllegalArgumentException("phase " + name + " needs positive epochs and learning rate");
        }
        if (trainCases.isEmpty() || validationCases.isEmpty()) {
            throw new IllegalArgumentException("phase " + name + " needs training and validation cases");
        }
        trainCases = List.copyOf(trainCases);
        validationCases = List.copyOf(validationCases);
    }

    /** lr(e) = lr0 · exp(−ln 10 · (e + 1) / epochs): ten-fold decay over the phase, as in the authors' code. */
    public double learningRate(int phaseEpoch) {
        return initialRate * Math.exp(-Math.log(10) * (phaseEpoch + 1) / epochs);
    }
}
