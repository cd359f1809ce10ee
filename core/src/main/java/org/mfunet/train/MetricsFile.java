package org.mfunet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;

/** {@code metrics.jsonl} of a training run: one {@link EpochMetrics} per line, keys sorted. */
public final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private MetricsFile() {
    }

    /**
     * Reads the epochs recorded in the run, in file order.
     *
     * @throws MfunetException naming the file and line that is not an epoch record
     */
    public static List<EpochMetrics> read(RunFolder run) {
        return JsonFiles.readLines(JSON, run.metrics(), EpochMetrics.class, "an epoch record");
    }

    /** The best model's epoch record ({@link RunFolder#bestModelMetrics()}), its validation Dice filled in. */
    public static EpochMetrics readBestModel(RunFolder run) {
        return JsonFiles.read(JSON, run.bestModelMetrics(), EpochMetrics.class, "best-model record");
    }

    /** Writes the best model's epoch record, atomically. */
    public static void writeBestModel(RunFolder run, EpochMetrics best) {
        AtomicFiles.writeString(run.bestModelMetrics(), JsonFiles.toJson(JSON, best) + "\n");
    }

    /** Replaces the run's metrics file with {@code history}, atomically. */
    public static void write(RunFolder run, List<EpochMetrics> history) {
        JsonFiles.writeLines(JSON, run.metrics(), history);
    }
}
