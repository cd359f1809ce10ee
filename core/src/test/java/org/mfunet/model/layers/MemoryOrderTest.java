package org.mfunet.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mfunet.model.Engines;

/**
 * Runs in its own test process (tag {@code engine-profiler}, a surefire execution of its own): after the engine's
 * profiler has run, backward passes in the same process were no longer deterministic (15 of 15 repeated pretraining
 * runs differed from the first, none without the profiler).
 */
@Tag("engine-profiler")
class MemoryOrderTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /**
     * The kernel of a channels-last input must itself be stored channels-last, or PyTorch copies it before every
     * convolution (about 40 ms per paper-size slice). The engine's profiler shows such copies as aten::clone.
     */
    @Test
    void aChannelsLastKernelIsUsedWithoutACopyPerConvolution(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray kernel = m.randomNormal(new Shape(4, 8, 3, 3));
            // [1, 8, 6, 6] stored as [1, 6, 6, 8]
            NDArray x = m.randomNormal(new Shape(1, 6, 6, 8)).transpose(0, 3, 1, 2);
            Shape one = new Shape(1, 1);
            NDArray stored = MemoryOrder.channelsLast(kernel);
            assertArrayEquals(kernel.toFloatArray(), stored.toFloatArray());

            List<String> channelsLast = copiesDuring(dir.resolve("last.json"),
                    () -> Conv2d.conv2d(x, stored, null, one, one, one));
            List<String> channelsFirst = copiesDuring(dir.resolve("first.json"),
                    () -> Conv2d.conv2d(x, kernel, null, one, one, one));

            assertEquals(List.of(), channelsLast);
            // the check can see a copy: a channels-first kernel with the same input is copied
            assertTrue(channelsFirst.contains("[4, 8, 3, 3]"), "copies: " + channelsFirst);
        }
    }

    @ParameterizedTest
    @EnumSource(MemoryOrder.class)
    void aMapFromPositionsHoldsRowIOfTheInputAtPixelIAndIsStoredInTheOrder(MemoryOrder order, @TempDir Path dir)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            // [1, 6, 2]: position p (pixel y = p / 3, x = p % 3) has channels (10p, 10p + 1)
            float[] rows = new float[12];
            for (int p = 0; p < 6; p++) {
                rows[2 * p] = 10 * p;
                rows[2 * p + 1] = 10 * p + 1;
            }
            NDArray map = order.fromPositions(m.create(rows, new Shape(1, 6, 2)), 2, 3);
            assertEquals(new Shape(1, 2, 2, 3), map.getShape());
            assertArrayEquals(new float[] {0, 10, 20, 30, 40, 50, 1, 11, 21, 31, 41, 51}, map.toFloatArray());

            // stored in the order: a kernel stored in it convolves the map without copying either
            NDArray kernel = m.randomNormal(new Shape(4, 2, 3, 3));
            NDArray stored = order == MemoryOrder.CHANNELS_LAST ? MemoryOrder.channelsLast(kernel) : kernel;
            Shape one = new Shape(1, 1);
            assertEquals(List.of(), copiesDuring(dir.resolve("trace.json"),
                    () -> Conv2d.conv2d(map, stored, null, one, one, one)));
        }
    }

    /** The shapes of the arrays the engine cloned while {@code work} ran. */
    private static List<String> copiesDuring(Path trace, Runnable work) throws Exception {
        JniUtils.startProfile(false, true, false);
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(trace.toString());
        }
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<String> shapes = new ArrayList<>();
        for (JsonNode event : events) {
            if ("aten::clone".equals(event.path("name").asText())) {
                shapes.add(event.path("shape").path(0).toString().replace(",", ", "));
            }
        }
        return shapes;
    }
}
