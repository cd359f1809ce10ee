package org.mfunet.train;

import java.util.List;
import org.mfunet.RunFolder;

/**
 * Keeps {@code metrics.jsonl} ({@link MetricsFile}). The file is rewritten from the history each epoch, so after a
 * resume it holds exactly the checkpointed epochs and what follows.
 */
public final class MetricsJsonlListener implements TrainingListener {
    private final RunFolder run;

    public MetricsJsonlListener(RunFolder run) {
        this.run = run;
    }

    @Override
    public void onTrainingStart(List<Phase> phases, List<EpochMetrics> history) {
        MetricsFile.write(run, history);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        MetricsFile.write(run, end.history());
    }
}
