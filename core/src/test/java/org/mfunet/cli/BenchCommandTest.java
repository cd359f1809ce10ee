package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelSummary;

class BenchCommandTest {
    static final MfuNetConfig TINY = new MfuNetConfig(2, 4, "residual", true, true, 32, 0, "transposed", 0, 0);

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @Test
    void jsonHoldsEveryFigureAndTheModelSummaryFlops(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, TINY.toJson());
        Path json = dir.resolve("out").resolve("bench.json");
        CliRun run = CliRun.of("bench", "--config", config.toString(), "--repeats", "1",
                "--leak-steps", "2,4", "--matmul-side", "64", "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("RSS growth"), run.out());

        JsonNode r = new ObjectMapper().readTree(json.toFile());
        for (String key : List.of("matmul_gflops", "train_step_s", "train_gflops", "infer_slice_s", "infer_gflops",
                "train_peak_rss_mb", "infer_peak_rss_mb", "forward_gflop")) {
            double v = r.get(key).asDouble();
            assertTrue(Double.isFinite(v) && v > 0, key + " = " + v);
        }
        assertTrue(Double.isFinite(r.get("rss_growth_pct").asDouble()));
        // a --config network is measured with the paper's training settings, which recompute two encoder levels
        assertEquals(2, r.get("train_recompute_levels").asInt());
        for (String variant : List.of("recompute_encoders", "keep_activations")) {
            assertTrue(r.get(variant).get("step_s").asDouble() > 0 && r.get(variant).get("peak_rss_mb").asDouble() > 0,
                    variant + ": " + r.get(variant));
        }
        assertEquals(config.toString(), r.get("preset").asText());
        assertTrue(r.get("machine").get("cores").asInt() >= 1);
        assertTrue(r.get("machine").has("cpu_model"));

        double forward = ModelSummary.of(TINY).gflops();
        assertEquals(forward, r.get("forward_gflop").asDouble(), 1e-12);
        assertEquals(forward, r.get("infer_gflops").asDouble() * r.get("infer_slice_s").asDouble(), 1e-9);
        assertEquals(3 * forward * 4, r.get("train_gflops").asDouble() * r.get("train_step_s").asDouble(), 1e-9);
        JsonNode sizes = r.get("dynamic_sizes");
        // sides of a 32 region at multiples of 4: 12, 24, 32 with batches floor(4 * 32² / side²)
        assertEquals(List.of(12, 24, 32), List.of(sizes.get(0).get("side").asInt(), sizes.get(1).get("side").asInt(),
                sizes.get(2).get("side").asInt()));
        assertEquals(List.of(28, 7, 4), List.of(sizes.get(0).get("batch").asInt(), sizes.get(1).get("batch").asInt(),
                sizes.get(2).get("batch").asInt()));
        assertEquals(2, r.get("leak_check").get("early_step").asInt());
        assertEquals(4, r.get("leak_check").get("late_step").asInt());
        assertEquals(1, r.get("leak_check").get("batch").asInt());
    }

    @Test
    void badLeakStepsAreOneLine() {
        CliRun run = CliRun.of("bench", "--preset", "cpu-small", "--leak-steps", "20,10");
        assertEquals(1, run.code());
        assertEquals("error: benchmark: leak-check steps 20 and 10 must satisfy 1 <= early < late", run.err().strip());
    }
}
