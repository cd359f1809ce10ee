package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfunet.MfunetException;

class ModelFilesTest {
    static final MfuNetConfig TINY = MfuNetTest.TINY;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @Test
    void reloadedNetworkGivesIdenticalOutputsIncludingBatchNormStatistics(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(5));
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            // A training pass moves the BatchNorm running statistics away from their initial values.
            net.forward(new ParameterStore(m, false), new NDList(x), true);
            float[] before = net.forward(new ParameterStore(m, false), new NDList(x), false).get(0).toFloatArray();
            ModelFiles.save(dir, net, TINY);
            try (NDManager other = NDManager.newBaseManager()) {
                MfuNet loaded = ModelFiles.load(dir, other);
                assertEquals(TINY, loaded.config());
                NDArray y = other.create(x.toFloatArray(), x.getShape());
                float[] after = loaded.forward(new ParameterStore(other, false), new NDList(y), false).get(0).toFloatArray();
                assertArrayEquals(before, after);
            }
            try (var files = Files.list(dir)) {
                assertEquals(2, files.count(), "temporary files left behind");
            }
        }
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of((UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 100), "truncated"),
                Arguments.of((UnaryOperator<byte[]>) b -> flip(b, b.length / 2), "checksum mismatch"),
                Arguments.of((UnaryOperator<byte[]>) b -> flip(b, 0), "no MFUNET header"),
                Arguments.of((UnaryOperator<byte[]>) b -> flip(b, 9), "format version"),
                Arguments.of((UnaryOperator<byte[]>) ModelFilesTest::hugeFirstAxis, "more than the file holds"));
    }

    /** Sets the first axis of the first parameter to 2^40, as a damaged or hostile file could. */
    private static byte[] hugeFirstAxis(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes.clone());
        int payload = 6 + 4 + 8;
        int nameLength = buf.getShort(payload + 4) & 0xFFFF;
        buf.putLong(payload + 4 + 2 + nameLength + 4, 1L << 40);
        return buf.array();
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 1;
        return copy;
    }

    @ParameterizedTest
    @MethodSource("damage")
    void damagedParameterFilesAreRefused(UnaryOperator<byte[]> corrupt, String expected, @TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(5));
            ModelFiles.save(dir, net, TINY);
            Path file = dir.resolve(ModelFiles.PARAMETERS_FILE);
            Files.write(file, corrupt.apply(Files.readAllBytes(file)));
            String message = assertThrows(MfunetException.class, () -> ModelFiles.load(dir, m)).getMessage();
            assertTrue(message.startsWith(file.toString()) && message.contains(expected), message);
        }
    }

    @Test
    void parametersOfAnotherConfigurationAreRefused(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(5));
            ModelFiles.save(dir, net, TINY);
            Files.writeString(dir.resolve(ModelFiles.CONFIG_FILE), TINY.withBaseFilters(6).toJson());
            String message = assertThrows(MfunetException.class, () -> ModelFiles.load(dir, m)).getMessage();
            assertTrue(message.contains("the configuration needs"), message);
        }
    }
}
