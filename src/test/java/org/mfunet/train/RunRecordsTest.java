package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;

/** The run-folder records the report reads back: data.json and metrics.jsonl. */
class RunRecordsTest {
    @TempDir
    Path dir;

    @Test
    void dataFoldersRoundTripAsAbsolutePaths() {
        assertEquals(Optional.empty(), DataFolders.read(dir));
        new DataFolders(Path.of("images"), Path.of("labels")).write(dir);
        DataFolders read = DataFolders.read(dir).orElseThrow();
        assertEquals(Path.of("images").toAbsolutePath().normalize(), read.data());
        assertEquals(Path.of("labels").toAbsolutePath().normalize(), read.labels());
        new DataFolders(Path.of("images"), null).write(dir);
        assertEquals(null, DataFolders.read(dir).orElseThrow().labels());
    }

    @Test
    void metricsReadBackIncludingNaNDice() {
        EpochMetrics m = new EpochMetrics(1, 0, 0, 1e-4, Map.of("total", 2.0), Map.of("total", 1.5),
                Map.of("scar", Double.NaN, "lv", 0.5), 3.0);
        new MetricsJsonlListener(dir).onTrainingStart(List.of(), List.of(m, m));
        List<EpochMetrics> read = MetricsJsonlListener.read(dir);
        assertEquals(2, read.size());
        assertEquals(1.5, read.get(0).validationTotal());
        assertTrue(read.get(1).validationDice().get("scar").isNaN());
    }

    @Test
    void aBrokenMetricsLineIsNamed() throws IOException {
        EpochMetrics m = new EpochMetrics(1, 0, 0, 1e-4, Map.of("total", 2.0), Map.of("total", 1.5), Map.of(), 3.0);
        new MetricsJsonlListener(dir).onTrainingStart(List.of(), List.of(m));
        Files.writeString(dir.resolve(RunFiles.METRICS), "not json\n", StandardOpenOption.APPEND);
        MfunetException e = assertThrows(MfunetException.class, () -> MetricsJsonlListener.read(dir));
        assertEquals(dir.resolve(RunFiles.METRICS) + ": line 2 is not an epoch record", e.getMessage());
    }
}
