package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.MfunetException;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.Sequence;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.SequencePresence;

/** Recomputing the encoders gives the gradients and running statistics of the ordinary backward pass. */
class EncoderRecomputationTest {
    private static final int SIDE = 32;
    private static final int BATCH = 2;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /**
     * With {@code partial}, three samples that lack the bSSFP, nothing and the T2: each of those encoders then runs on two
     * of the three samples.
     */
    @ParameterizedTest
    @CsvSource({"residual, true, true, 2, false", "residual, true, true, 1, false", "sideconv, false, false, 2, false",
        "dilation, true, false, 1, false", "residual, true, true, 2, true", "sideconv, false, true, 1, true"})
    void gradientsAndRunningStatisticsEqualThoseOfTheOrdinaryBackwardPass(String backbone, boolean maxFusion,
                                                                          boolean attention, int levels, boolean partial) {
        MfuNetConfig config = new MfuNetConfig(2, 4, backbone, maxFusion, attention, SIDE, 0, "transposed", 0, 0);
        PatchBatch batch = PatchBatch.random(BATCH, SIDE, new Random(3));
        if (partial) {
            batch = PatchBatch.random(3, SIDE, new Random(3)).withSequences(List.of(EnumSet.of(Sequence.LGE, Sequence.T2),
                    Sequence.all(), EnumSet.of(Sequence.LGE, Sequence.BSSFP)));
        }
        SegmentationLoss loss = TrainingConfig.PAPER.loss();
        try (NDManager manager = NDManager.newBaseManager()) {
            MfuNet ordinary = new MfuNet(config);
            ordinary.initialize(manager, new Random(11));
            MfuNet recomputed = new MfuNet(config);
            recomputed.initialize(manager, new Random(11));
            ParameterStore store = new ParameterStore(manager, false);

            float ordinaryLoss;
            try (NDManager scratch = manager.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = ordinary.forward(store, Trainer.input(scratch, batch), true);
                SegmentationLoss.Terms terms = loss.compute(out, batch.classes());
                collector.backward(terms.total());
                ordinaryLoss = terms.total().getFloat();
            }
            float recomputedLoss;
            try (NDManager scratch = manager.newSubManager()) {
                NDList input = Trainer.input(scratch, batch);
                assertEquals(partial ? 2 : 1, input.size());
                SequencePresence presence = partial ? SequencePresence.of(input.get(1), batch.batch())
                        : SequencePresence.complete(batch.batch());
                recomputedLoss = EncoderRecomputation.backward(recomputed, store, loss, input.get(0), presence,
                        batch.classes(), levels).total().getFloat();
            }
            assertEquals(ordinaryLoss, recomputedLoss, 1e-6f * Math.abs(ordinaryLoss));

            Map<String, float[]> expectedGradients = gradients(ordinary);
            Map<String, float[]> actualGradients = gradients(recomputed);
            assertEquals(expectedGradients.keySet(), actualGradients.keySet());
            assertTrue(expectedGradients.keySet().stream().anyMatch(k -> k.contains("encoder_t2_")),
                    "encoder parameters must have gradients: " + expectedGradients.keySet());
            for (String name : expectedGradients.keySet()) {
                float[] expected = expectedGradients.get(name);
                float[] actual = actualGradients.get(name);
                float scale = maxAbs(expected);
                // attention starts with gamma 0, so its inner parameters have zero gradients at the first step
                assertTrue(scale > 0 || name.contains("attention"), name + " has an all-zero gradient");
                assertTrue(maxAbsDifference(expected, actual) <= 1e-4f * scale,
                        name + ": gradients differ by " + maxAbsDifference(expected, actual) + " of " + scale);
            }

            Map<String, float[]> expectedStatistics = runningStatistics(ordinary);
            Map<String, float[]> actualStatistics = runningStatistics(recomputed);
            assertFalse(expectedStatistics.isEmpty());
            for (String name : expectedStatistics.keySet()) {
                float[] expected = expectedStatistics.get(name);
                assertTrue(maxAbsDifference(expected, actualStatistics.get(name)) <= 1e-6f * Math.max(1, maxAbs(expected)),
                        name + " differs after the step: BatchNorm statistics updated twice?");
            }
        }
    }

    @Test
    void aNetworkThatIsNotAnMfuNetIsRefusedByName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = StandInNetwork.create(manager, SIDE);
            ParameterStore store = new ParameterStore(manager, false);
            try (AdamOptimizer adam = AdamOptimizer.standard(manager)) {
                MfunetException e = assertThrows(MfunetException.class, () -> Trainer.step(block, store,
                        TrainingConfig.PAPER.loss(), adam, PatchBatch.random(BATCH, SIDE, new Random(1)), 1e-3, 2));
                assertTrue(e.getMessage().contains("recomputeLevels"), e.getMessage());
            }
        }
    }

    private static Map<String, float[]> gradients(MfuNet net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                out.put(p.getKey(), a.getGradient().toFloatArray());
            }
        }
        return out;
    }

    private static Map<String, float[]> runningStatistics(MfuNet net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float maxAbsDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
