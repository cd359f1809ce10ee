package org.mfunet.cli;

import org.mfunet.MfunetException;
import org.mfunet.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --recompute-levels} and {@code --recompute-encoders} options of the commands that train; mixed in
 * with {@code @Mixin}. Both set {@link TrainingConfig#recomputeLevels()}.
 */
public final class RecomputeOption {
    @Option(names = "--recompute-levels", paramLabel = "N", description = "Recompute the activations of each"
            + " encoder's first N levels in the backward pass instead of keeping them: the same gradients, less memory,"
            + " a little more time; 0 keeps them all (default: the training config's; presets: 2 for paper, 0 for"
            + " cpu-small). Also applies with --resume.")
    Integer levels;

    @Option(names = "--recompute-encoders", description = "Recompute whole encoders (all levels): the least memory,"
            + " the slowest step. Also applies with --resume.")
    boolean encoders;

    /** The requested setting, or null to keep the configuration's. */
    public Integer requested() {
        if (encoders && levels != null) {
            throw new MfunetException("--recompute-levels and --recompute-encoders exclude each other");
        }
        if (levels != null && levels < 0) {
            throw new MfunetException("--recompute-levels must be 0 or more, got " + levels);
        }
        if (encoders) {
            return TrainingConfig.ALL_LEVELS;
        }
        return levels;
    }
}
