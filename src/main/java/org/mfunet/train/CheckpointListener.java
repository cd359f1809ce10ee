package org.mfunet.train;

import java.util.Collections;
import java.util.List;
import org.mfunet.RunFolder;

/**
 * Writes {@code last.ckpt} after every epoch and {@code best.ckpt} whenever the validation loss is the lowest of
 * its phase so far (phases of the alternating schedule validate on different folds, so their losses are not
 * compared).
 */
public final class CheckpointListener implements TrainingListener {
    private final RunFolder run;

    public CheckpointListener(RunFolder run) {
        this.run = run;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        Checkpoint checkpoint = end.checkpoint().get();
        List<Double> losses = end.phaseValidationLosses();
        if (losses.get(losses.size() - 1) <= Collections.min(losses)) {
            checkpoint.write(run.bestCheckpoint());
        }
        checkpoint.write(run.lastCheckpoint());
    }
}
