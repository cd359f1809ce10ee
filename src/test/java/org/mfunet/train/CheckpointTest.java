package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Checkpoint sample() {
        EpochMetrics metrics = new EpochMetrics(1, 0, 0, 9.0e-5, Map.of("total", 1.5, "scar", 0.25),
                Map.of("total", 1.25), Map.of("scar", Double.NaN, "lv", 0.5), 2.0);
        return new Checkpoint(new Checkpoint.Progress(42, 0, 1, 7, List.of(metrics)),
                Map.of("conv_weight", new NamedTensor(new long[] {2, 1, 1, 2}, new float[] {1, -2, 3.5f, 0})),
                Map.of("conv_weight", new NamedTensor(new long[] {4}, new float[] {0.1f, 0.2f, 0.3f, 0.4f})),
                Map.of("conv_weight", new NamedTensor(new long[] {}, new float[] {7})));
    }

    @Test
    void roundTripKeepsEverything() {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        Checkpoint back = Checkpoint.read(file);
        assertEquals(sample().progress().history().get(0).trainLoss(), back.progress().history().get(0).trainLoss());
        assertTrue(Double.isNaN(back.progress().history().get(0).validationDice().get("scar")));
        assertEquals(7, back.progress().adamSteps());
        assertEquals(1, back.progress().nextPhaseEpoch());
        assertArrayEquals(new long[] {2, 1, 1, 2}, back.weights().get("conv_weight").shape());
        assertArrayEquals(new float[] {1, -2, 3.5f, 0}, back.weights().get("conv_weight").data());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, back.adamFirst().get("conv_weight").data());
        assertArrayEquals(new float[] {7}, back.adamSecond().get("conv_weight").data());
        assertEquals(List.of("last.ckpt"), list());
    }

    @Test
    void alteredByteIsRefused() throws IOException {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 1;
        Files.write(file, bytes);
        assertEquals(file + ": checkpoint is corrupted (SHA-256 checksum mismatch)",
                assertThrows(MfunetException.class, () -> Checkpoint.read(file)).getMessage());
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertTrue(assertThrows(MfunetException.class, () -> Checkpoint.read(file)).getMessage()
                .contains("checkpoint is truncated"));
    }

    @Test
    void otherFilesAndVersionsAreRefused() throws IOException {
        Path file = dir.resolve("x.ckpt");
        Files.writeString(file, "not a checkpoint at all, just some text in a file");
        assertEquals(file + ": not an mfunet checkpoint",
                assertThrows(MfunetException.class, () -> Checkpoint.read(file)).getMessage());
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, 99);
        Files.write(file, bytes);
        assertTrue(assertThrows(MfunetException.class, () -> Checkpoint.read(file)).getMessage()
                .contains("checkpoint version 99 is not supported"));
    }

    private List<String> list() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
