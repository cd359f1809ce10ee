package org.mfunet.train;

import java.util.Collections;
import java.util.List;
import org.mfunet.RunFolder;

/**
 * Writes {@code last.ckpt} after every epoch and {@code best.ckpt} whenever the validation loss is the lowest of
 * its phase so far (phases of the alternating schedule validate on different folds, so their losses are not
 * compared). A phase without early stopping has no held-out cases to select on (the alternating schedule's final
 * phase trains on every case): each of its epochs replaces {@code best.ckpt}, so the run's best model is its last.
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
        if (!end.phase().earlyStopping() || losses.get(losses.size() - 1) <= Collections.min(losses)) {
            checkpoint.write(run.bestCheckpoint());
        }
        checkpoint.write(run.lastCheckpoint());
    }
}
