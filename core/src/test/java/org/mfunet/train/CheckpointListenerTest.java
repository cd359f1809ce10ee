package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.RunFolder;
import org.mfunet.model.Engines;

class CheckpointListenerTest {
    private static EpochMetrics epoch(int epoch, int phase, double validationLoss) {
        return new EpochMetrics(epoch, phase, epoch - 1, 1e-3, Map.of(EpochMetrics.TOTAL, 1.0),
                Map.of(EpochMetrics.TOTAL, validationLoss), Map.of(), 0);
    }

    /** Runs the listener over one phase's epochs with these validation losses; returns the epoch best.ckpt holds. */
    private static int bestEpoch(Path dir, boolean earlyStopping, double... losses) {
        Engines.configure(false);
        Phase phase = new Phase("p", losses.length, 1e-3, List.of("a"), List.of("b"), earlyStopping);
        RunFolder run = RunFolder.of(dir);
        CheckpointListener listener = new CheckpointListener(run);
        List<EpochMetrics> history = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int e = 1; e <= losses.length; e++) {
                history.add(epoch(e, 0, losses[e - 1]));
                Checkpoint checkpoint = new Checkpoint(new Checkpoint.Progress(1, 0, e, e, history),
                        Map.of("w", m.ones(new ai.djl.ndarray.types.Shape(2))), Map.of(), Map.of());
                listener.onEpochEnd(new EpochEnd(history.get(e - 1), phase, history, e == losses.length, () -> checkpoint));
            }
            return Checkpoint.read(run.bestCheckpoint(), m).progress().history().size();
        }
    }

    @Test
    void aPhaseThatValidatesOnHeldOutCasesKeepsItsLowestValidationLoss(@TempDir Path dir) {
        assertEquals(2, bestEpoch(dir, true, 3.0, 1.0, 2.0));
    }

    @Test
    void aPhaseWithoutHeldOutCasesKeepsItsLastEpoch(@TempDir Path dir) {
        assertEquals(3, bestEpoch(dir, false, 3.0, 1.0, 2.0));
    }
}
