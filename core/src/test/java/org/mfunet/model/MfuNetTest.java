package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfunet.MfunetException;

class MfuNetTest {
    static final MfuNetConfig TINY = new MfuNetConfig(2, 4, "residual", true, true, 32, 0, "transposed", 0, 0);

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (String backbone : new String[] {"residual", "dilation", "sideconv"}) {
            for (boolean fusion : new boolean[] {true, false}) {
                for (boolean attention : new boolean[] {true, false}) {
                    all.add(Arguments.of(backbone, fusion, attention));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyVariantGivesLogitsOfTheInputSize(String backbone, boolean fusion, boolean attention) {
        MfuNetConfig config = TINY.withBackbone(backbone).withMaxFusion(fusion).withAttention(attention);
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(config);
            net.initialize(m, new Random(1));
            // 32 x 48: any multiple of 2^depth = 4 works, not only the configured square side.
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 48));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), true);
            assertEquals(3, out.size());
            assertEquals(new Shape(2, 4, 32, 48), out.get(0).getShape());
            assertEquals(new Shape(2, 2, 32, 48), out.get(1).getShape());
            assertEquals(new Shape(2, 2, 32, 48), out.get(2).getShape());
            assertEquals(attention, net.attention().isPresent());
        }
    }

    @Test
    void inputSidesNotMultipleOfTwoToTheDepthAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(1));
            NDList bad = new NDList(m.zeros(new Shape(1, 3, 30, 32)));
            MfunetException e = assertThrows(MfunetException.class,
                    () -> net.forward(new ParameterStore(m, false), bad, false));
            assertTrue(e.getMessage().contains("multiples of 2^depth = 4"), e.getMessage());
            NDList twoChannels = new NDList(m.zeros(new Shape(1, 2, 32, 32)));
            assertThrows(MfunetException.class, () -> net.forward(new ParameterStore(m, false), twoChannels, false));
        }
    }

    @Test
    void gradientsReachAllEncodersAndTheAttentionGammaAtZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(2));
            Parameter gamma = net.attention().orElseThrow().gamma();
            assertEquals(0f, gamma.getArray().getFloat(0));
            try (NDManager step = m.newSubManager();
                 GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray x = step.randomNormal(new Shape(2, 3, 32, 32));
                NDList out = net.forward(new ParameterStore(step, false), new NDList(x), true);
                NDArray loss = out.get(0).square().mean().add(out.get(1).square().mean()).add(out.get(2).square().mean());
                gc.backward(loss);
            }
            assertTrue(gamma.getArray().getGradient().abs().sum().getFloat() > 0, "gamma gradient is zero");
            for (String encoder : new String[] {"encoder_lge", "encoder_t2", "encoder_bssfp"}) {
                double norm = 0;
                for (Pair<String, Parameter> p : net.getParameters()) {
                    if (p.getKey().contains(encoder) && p.getValue().requiresGradient()) {
                        norm += p.getValue().getArray().getGradient().abs().sum().getFloat();
                    }
                }
                assertTrue(norm > 0, encoder + " receives no gradient");
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalParametersAndOtherSeedDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = flatParameters(m, 7);
            float[] b = flatParameters(m, 7);
            float[] c = flatParameters(m, 8);
            assertArrayEquals(a, b);
            assertTrue(!java.util.Arrays.equals(a, c));
        }
    }

    private static float[] flatParameters(NDManager m, long seed) {
        MfuNet net = new MfuNet(TINY);
        net.initialize(m, new Random(seed));
        List<Float> values = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                values.add(v);
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void tapsReturnFusedAndPerSequenceFeaturesOfTheChosenLevel() {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(TINY);
            net.initialize(m, new Random(3));
            NDArray x = m.randomNormal(new Shape(1, 3, 32, 32));
            MfuNet.Taps taps = net.forwardWithTaps(new ParameterStore(m, false), new NDList(x), 1);
            assertEquals(new Shape(1, 8, 16, 16), taps.fused().getShape());
            assertEquals(new Shape(1, 8, 16, 16), taps.lge().getShape());
            assertEquals(new Shape(1, 4, 32, 32), taps.attentionMap().getShape());
            NDArray expectedMax = taps.lge().maximum(taps.t2()).maximum(taps.bssfp());
            assertEquals(0f, expectedMax.sub(taps.fused()).abs().max().getFloat());
            NDList plain = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(0f, plain.get(1).sub(taps.logits().get(1)).abs().max().getFloat());
            MfuNet noFusion = new MfuNet(TINY.withMaxFusion(false).withAttention(false));
            noFusion.initialize(m, new Random(3));
            MfuNet.Taps bare = noFusion.forwardWithTaps(new ParameterStore(m, false), new NDList(x), 0);
            assertNull(bare.fused());
            assertNull(bare.attentionMap());
            assertNotNull(bare.t2());
            assertThrows(MfunetException.class, () -> net.forwardWithTaps(new ParameterStore(m, false), new NDList(x), 2));
        }
    }

    @Test
    void probabilitiesSumToOneOverClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 2, 1, 1));
            NDArray p = MfuNet.probabilities(new NDList(logits)).singletonOrThrow();
            assertArrayEquals(new float[] {0.25f, 0.75f}, p.toFloatArray(), 1e-6f);
        }
    }
}
