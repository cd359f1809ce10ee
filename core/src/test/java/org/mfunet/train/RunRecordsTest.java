package org.mfunet.train;

import org.mfunet.RunFolder;
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
        assertEquals(Optional.empty(), DataFolders.read(RunFolder.of(dir)));
        new DataFolders(Path.of("images"), Path.of("labels")).write(RunFolder.of(dir));
        DataFolders read = DataFolders.read(RunFolder.of(dir)).orElseThrow();
        assertEquals(Path.of("images").toAbsolutePath().normalize(), read.data());
        assertEquals(Path.of("labels").toAbsolutePath().normalize(), read.labels());
        new DataFolders(Path.of("images"), null).write(RunFolder.of(dir));
        assertEquals(null, DataFolders.read(RunFolder.of(dir)).orElseThrow().labels());
    }

    @Test
    void metricsReadBackIncludingNaNDice() {
        EpochMetrics m = new EpochMetrics(1, 0, 0, 1e-4, Map.of("total", 2.0), Map.of("total", 1.5),
                Map.of("scar", Double.NaN, "lv", 0.5), 3.0);
        new MetricsJsonlListener(RunFolder.of(dir)).onTrainingStart(List.of(), List.of(m, m));
        List<EpochMetrics> read = MetricsFile.read(RunFolder.of(dir));
        assertEquals(2, read.size());
        assertEquals(1.5, read.get(0).validationTotal());
        assertTrue(read.get(1).validationDice().get("scar").isNaN());
    }

    @Test
    void aBrokenMetricsLineIsNamed() throws IOException {
        EpochMetrics m = new EpochMetrics(1, 0, 0, 1e-4, Map.of("total", 2.0), Map.of("total", 1.5), Map.of(), 3.0);
        new MetricsJsonlListener(RunFolder.of(dir)).onTrainingStart(List.of(), List.of(m));
        Files.writeString(RunFolder.of(dir).metrics(), "not json\n", StandardOpenOption.APPEND);
        MfunetException e = assertThrows(MfunetException.class, () -> MetricsFile.read(RunFolder.of(dir)));
        assertEquals(RunFolder.of(dir).metrics() + ": line 2 is not an epoch record", e.getMessage());
    }
}
