package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InferenceNetworkTest {
    static final MfuNetConfig TINY = MfuNetTest.TINY;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    static Stream<Arguments> variants() {
        return MfuNetTest.variants().flatMap(v -> Stream.of("transposed", "nearest-conv")
                .map(upsampling -> Arguments.of(v.get()[0], v.get()[1], v.get()[2], upsampling)));
    }

    /**
     * A network whose BatchNorm statistics and affine terms are far from the identity and whose attention
     * weight is non-zero, so that folding errors and a skipped attention term would show.
     */
    static MfuNet trainedLike(MfuNetConfig config, NDManager m, long seed) {
        MfuNet net = new MfuNet(config);
        net.initialize(m, new Random(seed));
        Random random = new Random(seed + 1);
        for (Pair<String, Parameter> p : net.getParameters()) {
            String name = p.getKey();
            NDArray a = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < values.length; i++) {
                double u = random.nextDouble();
                values[i] = (float) (name.endsWith("gamma") ? 0.5 + 0.5 * u
                        : name.endsWith("runningVar") ? 0.5 + 2 * u
                        : name.endsWith("beta") || name.endsWith("runningMean") || name.endsWith("bias") ? u - 0.5
                        : 0);
            }
            a.addi(m.create(values, a.getShape()));
        }
        return net;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void foldedOutputEqualsTheEvalModeOutput(String backbone, boolean fusion, boolean attention, String upsampling) {
        MfuNetConfig config = TINY.withBackbone(backbone).withMaxFusion(fusion).withAttention(attention)
                .withUpsampling(upsampling);
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = trainedLike(config, m, 7);
            NDArray x = m.randomNormal(new Shape(1, 3, 16, 16));
            NDList expected = net.forward(new ParameterStore(m, false), new NDList(x), false);
            try (InferenceNetwork folded = InferenceNetwork.of(net, m)) {
                NDList actual = folded.predict(x);
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).getShape(), actual.get(i).getShape());
                    float scale = expected.get(i).abs().max().getFloat();
                    float error = expected.get(i).sub(actual.get(i)).abs().max().getFloat();
                    assertTrue(scale > 0.1f, "outputs should not vanish: " + scale);
                    // Float32 rounding through ~30 folded layers with random BatchNorm statistics reached 1.0e-4 of
                    // the largest logit in one run of many; a folding mistake is off by a large share of it.
                    assertTrue(error <= 1e-3f * scale, "head " + i + ": max error " + error + " of " + scale);
                }
            }
        }
    }

    @Test
    void foldingLeavesTheTrainedNetworkUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = trainedLike(TINY, m, 3);
            float[] before = net.getParameters().get(0).getValue().getArray().toFloatArray();
            try (InferenceNetwork folded = InferenceNetwork.of(net, m)) {
                assertEquals(TINY, folded.config());
            }
            Parameter first = net.getParameters().get(0).getValue();
            assertEquals(List.of(before.length), List.of(first.getArray().toFloatArray().length));
            assertEquals(0, first.getArray().sub(m.create(before, first.getArray().getShape())).abs().max().getFloat());
            assertTrue(first.getArray().hasGradient());
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 32, 32))), true);
            assertEquals(3, out.size());
        }
    }

    @Test
    void aSavedNetworkLoadsFoldedAndPredictsAsTheOriginal(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = trainedLike(TINY, m, 11);
            ModelFiles.save(dir, net, TINY);
            NDArray x = m.randomNormal(new Shape(1, 3, 32, 32));
            NDArray expected = net.forward(new ParameterStore(m, false), new NDList(x), false).get(0);
            try (InferenceNetwork loaded = InferenceNetwork.load(dir, m)) {
                NDArray actual = loaded.predict(x).get(0);
                assertFalse(actual.hasGradient());
                float error = expected.sub(actual).abs().max().getFloat();
                assertTrue(error <= 1e-3f * expected.abs().max().getFloat(), "max error " + error);
            }
        }
    }
}
