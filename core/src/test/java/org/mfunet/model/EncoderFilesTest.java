package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

class EncoderFilesTest {
    static final MfuNetConfig TINY = MfuNetTest.TINY;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @ParameterizedTest
    @MethodSource("backbones")
    void reconstructionHasTheInputShapeAndMfuNetsEncoderParameters(String backbone) {
        MfuNetConfig config = TINY.withBackbone(backbone);
        try (NDManager m = NDManager.newBaseManager()) {
            ReconstructionNet net = new ReconstructionNet(config);
            net.initialize(m, new Random(1));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 32, 48))), true);
            assertEquals(new Shape(2, 3, 32, 48), out.singletonOrThrow().getShape());
            MfuNet mfu = new MfuNet(config);
            mfu.initialize(m, new Random(1));
            assertEquals(shapes(mfu.encoders()), shapes(net.encoders()));
        }
    }

    static Stream<String> backbones() {
        return Stream.of("residual", "dilation", "sideconv");
    }

    @Test
    void copiesEveryEncoderParameterBitForBitAndNothingElse(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            ReconstructionNet pretrained = new ReconstructionNet(TINY);
            pretrained.initialize(m, new Random(1));
            // a training-mode pass moves the BatchNorm running statistics away from their initial 0 and 1
            pretrained.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 32, 32))), true);
            EncoderFiles.save(dir, pretrained);

            MfuNet net = new MfuNet(TINY.withAttention(false).withInputSide(64));
            net.initialize(m, new Random(2));
            Map<String, float[]> before = values(net.getParameters());
            Map<String, float[]> expected = encoderValues(pretrained.encoders());
            assertFalse(Arrays.equals(expected.values().iterator().next(),
                    encoderValues(net.encoders()).values().iterator().next()), "seeds 1 and 2 should differ");

            EncoderFiles.Pretrained read = EncoderFiles.read(dir, net.config());
            assertEquals(dir.resolve(EncoderFiles.ENCODERS_FILE), read.file());
            read.copyInto(net);

            Map<String, float[]> after = encoderValues(net.encoders());
            assertEquals(expected.keySet(), after.keySet());
            expected.forEach((name, values) -> assertArrayEquals(values, after.get(name), name));
            int others = 0;
            for (Map.Entry<String, float[]> e : values(net.getParameters()).entrySet()) {
                if (!e.getKey().contains("encoder_")) {
                    assertArrayEquals(before.get(e.getKey()), e.getValue(), e.getKey());
                    others++;
                }
            }
            assertTrue(others > 10, "bottleneck, decoder and heads keep their values: " + others);
        }
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of((UnaryOperator<MfuNetConfig>) c -> c.withDepth(3), "depth 2, the network has depth 3"),
                Arguments.of((UnaryOperator<MfuNetConfig>) c -> c.withBaseFilters(8),
                        "baseFilters 4, the network has baseFilters 8"),
                Arguments.of((UnaryOperator<MfuNetConfig>) c -> c.withBackbone("sideconv"),
                        "backbone residual, the network has backbone sideconv"));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void encodersOfAnotherShapeAreRefusedNamingTheSetting(UnaryOperator<MfuNetConfig> change, String message,
                                                          @TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            ReconstructionNet pretrained = new ReconstructionNet(TINY);
            pretrained.initialize(m, new Random(1));
            EncoderFiles.save(dir, pretrained);
        }
        MfunetException e = assertThrows(MfunetException.class, () -> EncoderFiles.read(dir, change.apply(TINY)));
        assertEquals(dir.resolve(ModelFiles.CONFIG_FILE) + ": encoders pretrained with " + message, e.getMessage());
    }

    @Test
    void aFolderWithoutEncodersIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ModelFiles.CONFIG_FILE), TINY.toJson());
        MfunetException e = assertThrows(MfunetException.class, () -> EncoderFiles.read(dir, TINY));
        assertEquals(dir + ": not pretrained encoders (needs config.json and encoders.mfunet, as written by mfunet"
                + " pretrain into RUN/encoders)", e.getMessage());
    }

    private static Map<String, Shape> shapes(Map<String, ? extends Block> encoders) {
        Map<String, Shape> out = new LinkedHashMap<>();
        encoders.forEach((name, encoder) -> encoder.getParameters()
                .forEach(p -> out.put(name + "/" + p.getKey(), p.getValue().getArray().getShape())));
        return out;
    }

    private static Map<String, float[]> encoderValues(Map<String, ? extends Block> encoders) {
        Map<String, float[]> out = new LinkedHashMap<>();
        encoders.forEach((name, encoder) -> values(encoder.getParameters())
                .forEach((k, v) -> out.put(name + "/" + k, v)));
        return out;
    }

    private static Map<String, float[]> values(Iterable<Pair<String, Parameter>> params) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : params) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
