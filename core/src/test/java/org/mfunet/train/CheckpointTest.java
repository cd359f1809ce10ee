package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.model.Engines;

class CheckpointTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** 70,000 values: more than one 64 KiB chunk of the stream. */
    private static final int LONG = 70_000;

    private Checkpoint sample() {
        EpochMetrics metrics = new EpochMetrics(1, 0, 0, 9.0e-5, Map.of("total", 1.5, "scar", 0.25),
                Map.of("total", 1.25), Map.of("scar", Double.NaN, "lv", 0.5), 2.0);
        Map<String, NDArray> weights = new LinkedHashMap<>();
        weights.put("conv_weight", manager.create(new float[] {1, -2, 3.5f, 0}, new Shape(2, 1, 1, 2)));
        weights.put("long", manager.arange((float) LONG).reshape(LONG / 100, 100));
        // a transposed view is not contiguous: written in its logical order all the same
        weights.put("transposed", manager.arange(6f).reshape(2, 3).transpose());
        return new Checkpoint(new Checkpoint.Progress(42, 0, 1, 7, List.of(metrics)), weights,
                Map.of("conv_weight", manager.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f})),
                Map.of("conv_weight", manager.create(new float[] {7}, new Shape())));
    }

    @Test
    void roundTripKeepsEverything() {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        Checkpoint back = Checkpoint.read(file, manager);
        assertEquals(sample().progress().history().get(0).trainLoss(), back.progress().history().get(0).trainLoss());
        assertTrue(Double.isNaN(back.progress().history().get(0).validationDice().get("scar")));
        assertEquals(7, back.progress().adamSteps());
        assertEquals(1, back.progress().nextPhaseEpoch());
        assertEquals(List.of("conv_weight", "long", "transposed"), List.copyOf(back.weights().keySet()));
        assertEquals(new Shape(2, 1, 1, 2), back.weights().get("conv_weight").getShape());
        assertArrayEquals(new float[] {1, -2, 3.5f, 0}, back.weights().get("conv_weight").toFloatArray());
        float[] counting = new float[LONG];
        for (int i = 0; i < LONG; i++) {
            counting[i] = i;
        }
        assertEquals(new Shape(LONG / 100, 100), back.weights().get("long").getShape());
        assertArrayEquals(counting, back.weights().get("long").toFloatArray());
        assertEquals(new Shape(3, 2), back.weights().get("transposed").getShape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, back.weights().get("transposed").toFloatArray());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, back.adamFirst().get("conv_weight").toFloatArray());
        assertEquals(new Shape(), back.adamSecond().get("conv_weight").getShape());
        assertArrayEquals(new float[] {7}, back.adamSecond().get("conv_weight").toFloatArray());
        assertEquals(List.of("last.ckpt"), list());
    }

    @Test
    void anEntryLargerThanTheFileIsRefusedBeforeItIsAllocated() throws IOException {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        // the first weight's first axis, after header, JSON, section count, name and rank
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int json = buf.getInt(20);
        int at = 20 + 4 + json + 4 + 2 + "conv_weight".length() + 4;
        assertEquals(2, buf.getLong(at));
        buf.putLong(at, 1L << 40);
        rechecksum(bytes);
        Files.write(file, bytes);
        String message = assertThrows(MfunetException.class, () -> Checkpoint.read(file, manager)).getMessage();
        assertTrue(message.startsWith(file + ": malformed checkpoint") && message.contains("more than the file holds"),
                message);
    }

    /** Recomputes the trailing SHA-256, so that a deliberate change gets past the checksum. */
    private static void rechecksum(byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, bytes.length - 32);
            System.arraycopy(sha.digest(), 0, bytes, bytes.length - 32, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alteredByteIsRefused() throws IOException {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 1;
        Files.write(file, bytes);
        assertEquals(file + ": checkpoint is corrupted (SHA-256 checksum mismatch)",
                assertThrows(MfunetException.class, () -> Checkpoint.read(file, manager)).getMessage());
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("last.ckpt");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertTrue(assertThrows(MfunetException.class, () -> Checkpoint.read(file, manager)).getMessage()
                .contains("checkpoint is truncated"));
    }

    @Test
    void otherFilesAndVersionsAreRefused() throws IOException {
        Path file = dir.resolve("x.ckpt");
        Files.writeString(file, "not a checkpoint at all, just some text in a file");
        assertEquals(file + ": not an mfunet checkpoint",
                assertThrows(MfunetException.class, () -> Checkpoint.read(file, manager)).getMessage());
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, 99);
        Files.write(file, bytes);
        assertTrue(assertThrows(MfunetException.class, () -> Checkpoint.read(file, manager)).getMessage()
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
