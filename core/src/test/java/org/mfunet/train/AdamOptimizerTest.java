package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfunet.model.Engines;

class AdamOptimizerTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /** Loss Σ w² of a 1 x 2 weight starting at (1, 2), so g = 2w. */
    private static void step(Block block, AdamOptimizer adam, double lr) {
        NDArray w = block.getParameters().get("weight").getArray();
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            collector.backward(w.square().sum());
        }
        adam.update(block.getParameters(), lr);
    }

    private static Block block(NDManager manager) {
        Block block = Linear.builder().setUnits(1).optBias(false).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        block.getParameters().get("weight").getArray().set(new float[] {1f, 2f});
        return block;
    }

    @Test
    void twoStepsMatchHandComputedAdam() {
        try (NDManager manager = NDManager.newBaseManager(); AdamOptimizer adam = AdamOptimizer.standard(manager)) {
            Block block = block(manager);
            // step 1: m̂ = g, v̂ = g², so each weight moves by lr against the sign of its gradient
            step(block, adam, 0.1);
            assertArrayEquals(new float[] {0.9f, 1.9f}, block.getParameters().get("weight").getArray().toFloatArray(), 1e-6f);
            // step 2: g = (1.8, 3.8), m = (.36, .74), v = (.007236, .030424)
            step(block, adam, 0.1);
            assertArrayEquals(new float[] {0.8004123f, 1.8001665f},
                    block.getParameters().get("weight").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.36f, 0.74f}, adam.firstMoments().get("weight").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.007236f, 0.030424f}, adam.secondMoments().get("weight").toFloatArray(), 1e-7f);
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void aStepWithANonFiniteGradientIsSkippedAndLeavesNoTrace() {
        try (NDManager manager = NDManager.newBaseManager(); AdamOptimizer adam = AdamOptimizer.standard(manager)) {
            Block block = block(manager);
            step(block, adam, 0.1);
            NDArray w = block.getParameters().get("weight").getArray();
            float[] before = w.toFloatArray();
            try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                // d/dw of w·(0, inf) is (0, inf); summed with 0·inf in the loss, the gradient is not finite
                collector.backward(w.mul(manager.create(new float[] {0f, Float.POSITIVE_INFINITY}, new Shape(1, 2))).sum());
            }
            assertEquals(false, adam.update(block.getParameters(), 0.1));
            assertArrayEquals(before, w.toFloatArray());
            assertArrayEquals(new float[] {0f, 0f}, w.getGradient().toFloatArray());
            assertEquals(1, adam.steps());
            step(block, adam, 0.1);
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void gradientsAboveTheBoundAreScaledToIt() {
        try (NDManager manager = NDManager.newBaseManager(); AdamOptimizer adam = new AdamOptimizer(0.9, 0.999, 1e-8, 1, manager)) {
            Block block = block(manager);
            // g = 2w = (2, 4), norm √20, clipped to (2, 4)/√20; the first Adam step moves by lr·sign(g) either way,
            // so the first moment shows the clipping: m = 0.1·g_clipped
            step(block, adam, 0.1);
            double norm = Math.sqrt(20);
            assertArrayEquals(new float[] {(float) (0.1 * 2 / norm), (float) (0.1 * 4 / norm)},
                    adam.firstMoments().get("weight").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        try (NDManager manager = NDManager.newBaseManager();
             AdamOptimizer a = AdamOptimizer.standard(manager);
             AdamOptimizer b = AdamOptimizer.standard(manager)) {
            Block one = block(manager);
            Block two = block(manager);
            step(one, a, 0.1);
            step(two, b, 0.1);
            b.restore(a.firstMoments(), a.secondMoments(), a.steps());
            step(one, a, 0.05);
            step(two, b, 0.05);
            assertArrayEquals(one.getParameters().get("weight").getArray().toFloatArray(),
                    two.getParameters().get("weight").getArray().toFloatArray());
        }
    }
}
