package org.mfunet.train;

import org.mfunet.data.Head;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.model.Engines;

/**
 * Hand-computed case: one image of 1 x 2 pixels, two classes. Pixel 0 has logits (0, 0), p = (.5, .5),
 * target class 1; pixel 1 has logits (ln 3, 0), p = (.75, .25), target class 0.
 * Class 0: TP .75, FP .5, FN .25. Class 1: TP .5, FP .25, FN .5.
 */
class SegmentationLossTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    private static NDArray logits(NDManager m) {
        return m.create(new float[] {0f, (float) Math.log(3), 0f, 0f}, new Shape(1, 2, 1, 2));
    }

    private static NDArray target(NDManager m) {
        return m.create(new float[] {0f, 1f, 1f, 0f}, new Shape(1, 2, 1, 2));
    }

    @ParameterizedTest(name = "{0} beta={1}")
    @CsvSource({
        // STANDARD: 1 - mean(.75/(.75+.3*.5+.7*.25), .5/(.5+.3*.25+.7*.5))
        "STANDARD, 0.7, 0.3808925",
        "STANDARD, 0.5, 0.3809524",
        // PAPER adds TP+FP+FN (= sum of prediction + sum of target - TP) to each denominator
        "PAPER,    0.7, 0.7394264",
        "PAPER,    0.5, 0.7394958",
    })
    void tverskyMatchesHandComputedValue(TverskyForm form, double beta, double expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationLoss loss = new SegmentationLoss(LossWeights.PAPER, beta, form, 4, 2);
            assertEquals(expected, loss.tversky(logits(m), target(m)).getFloat(), 1e-5);
        }
    }

    @ParameterizedTest(name = "gamma={0}")
    @CsvSource({
        // mean of .5^g * ln 2 and .25^g * -ln .75
        "0, 0.4904146",
        "2, 0.0956335",
        "4, 0.0222227",
    })
    void focalMatchesHandComputedValue(double gamma, double expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(expected, SegmentationLoss.focal(logits(m), target(m), gamma).getFloat(), 1e-5);
        }
    }

    @ParameterizedTest(name = "class {0}")
    @CsvSource({
        "0, 0, 0, 0",
        "1, 1, 0, 0",
        "2, 2, 0, 0",
        "3, 3, 0, 0",
        "4, 1, 0, 1",
        "5, 1, 1, 0",
    })
    void headTargetsFollowMyopsClasses(int classIndex, int anatomy, int scar, int edema) {
        assertEquals(anatomy, Head.ANATOMY.targetOf(classIndex));
        assertEquals(scar, Head.SCAR.targetOf(classIndex));
        assertEquals(edema, Head.EDEMA.targetOf(classIndex));
    }

    @Test
    void oneHotLaysOutBatchClassYX() {
        // batch 2 of 1x1 maps: scar then LV
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 1, 0}, Head.ANATOMY.oneHot(new byte[] {5, 2}, 2, 1));
        assertArrayEquals(new float[] {0, 1, 1, 0}, Head.SCAR.oneHot(new byte[] {5, 2}, 2, 1));
    }

    @Test
    void totalIsWeightedSumOfHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            // uniform logits everywhere: every head's loss is known in closed form
            NDList out = new NDList(m.zeros(new Shape(1, 4, 2, 2)), m.zeros(new Shape(1, 2, 2, 2)),
                    m.zeros(new Shape(1, 2, 2, 2)));
            SegmentationLoss loss = new SegmentationLoss(new LossWeights(1, 3, 5), 0.7, TverskyForm.STANDARD, 4, 2);
            SegmentationLoss.Terms terms = loss.compute(out, new byte[] {5, 4, 0, 0});
            double expected = 0;
            for (Head h : Head.values()) {
                expected += loss.weightOf(h) * terms.perHead().get(h).getFloat();
            }
            assertEquals(expected, terms.total().getFloat(), 1e-5);
            // scar head, p = .5 everywhere: background TP 1.5 FP .5 FN 1.5, scar TP .5 FP 1.5 FN .5
            double ti = (1.5 / (1.5 + 0.3 * 0.5 + 0.7 * 1.5) + 0.5 / (0.5 + 0.3 * 1.5 + 0.7 * 0.5)) / 2;
            double focal = Math.pow(0.5, 2) * Math.log(2);
            assertEquals(1 - ti + focal, terms.perHead().get(Head.SCAR).getFloat(), 1e-5);
        }
    }

    /** Gradient of the whole loss with respect to seeded logits, optionally after a collection and reuse of freed memory. */
    private static float[] logitGradients(boolean collectBeforeBackward) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            int batch = 2;
            int side = 8;
            NDList logits = new NDList(m.randomNormal(new Shape(batch, 4, side, side)),
                    m.randomNormal(new Shape(batch, 2, side, side)), m.randomNormal(new Shape(batch, 2, side, side)));
            logits.forEach(a -> a.setRequiresGradient(true));
            byte[] classes = new byte[batch * side * side];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = (byte) (i % 6);
            }
            SegmentationLoss loss = TrainingConfig.PAPER.loss();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total = loss.compute(logits, classes).total();
                if (collectBeforeBackward) {
                    System.gc();
                    // Engine allocations of the sizes freed small buffers come in, filled with NaN: memory the backward
                    // pass must not read.
                    try (NDManager noise = m.newSubManager()) {
                        for (int i = 0; i < 200; i++) {
                            noise.full(new Shape(1 + i % 16), Float.NaN);
                        }
                    }
                }
                collector.backward(total);
            }
            float[] all = new float[0];
            for (NDArray a : logits) {
                float[] g = a.getGradient().toFloatArray();
                float[] joined = java.util.Arrays.copyOf(all, all.length + g.length);
                System.arraycopy(g, 0, joined, all.length, g.length);
                all = joined;
            }
            return all;
        }
    }

    @Test
    void gradientsDoNotDependOnAGarbageCollectionBeforeTheBackwardPass() {
        float[] expected = logitGradients(false);
        for (int repeat = 0; repeat < 5; repeat++) {
            assertArrayEquals(expected, logitGradients(true), "repeat " + repeat);
        }
    }
}
