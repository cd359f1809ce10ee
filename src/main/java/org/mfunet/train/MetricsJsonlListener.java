package org.mfunet.train;

import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.mfunet.MfunetException;

/**
 * Keeps {@code metrics.jsonl}: one JSON object per completed epoch ({@link EpochMetrics}, keys sorted). The
 * file is rewritten from the history each epoch, so after a resume it holds exactly the checkpointed epochs
 * and what follows.
 */
public final class MetricsJsonlListener implements TrainingListener {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final Path file;

    public MetricsJsonlListener(Path runDir) {
        this.file = runDir.resolve(RunFiles.METRICS);
    }

    @Override
    public void onTrainingStart(List<Phase> phases, List<EpochMetrics> history) {
        write(history);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        write(end.history());
    }

    /**
     * Reads the epochs recorded in {@code RUN/metrics.jsonl}, in file order.
     *
     * @throws MfunetException naming the file and line that is not an epoch record
     */
    public static List<EpochMetrics> read(Path runDir) {
        return JsonFiles.readLines(JSON, runDir.resolve(RunFiles.METRICS), EpochMetrics.class, "an epoch record");
    }

    private void write(List<EpochMetrics> history) {
        StringBuilder text = new StringBuilder();
        try {
            for (EpochMetrics m : history) {
                text.append(JSON.writeValueAsString(m)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(file, text.toString());
    }
}
