package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The network can learn: a small one memorises two synthetic slices whose scar is a bright LGE blob. */
class OverfitTest {
    static final int SIDE = 64;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @Test
    void smallNetworkOverfitsTwoSlicesToScarDiceAboveNinetyPercent() {
        MfuNetConfig config = new MfuNetConfig(2, 8, "residual", true, true, SIDE, 0, "transposed", 0, 0);
        float[] images = new float[2 * 3 * SIDE * SIDE];
        float[] scar = new float[2 * SIDE * SIDE];
        Random noise = new Random(11);
        int[][] centres = {{20, 24}, {40, 36}};
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int dy = y - centres[n][0];
                    int dx = x - centres[n][1];
                    boolean blob = dy * dy + dx * dx <= 36;
                    scar[(n * SIDE + y) * SIDE + x] = blob ? 1 : 0;
                    for (int c = 0; c < 3; c++) {
                        float base = (float) (noise.nextGaussian() * 0.1);
                        images[((n * 3 + c) * SIDE + y) * SIDE + x] = c == 0 && blob ? 1 + base : base;
                    }
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(config);
            net.initialize(m, new Random(1));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
            NDArray x = m.create(images, new Shape(2, 3, SIDE, SIDE));
            NDArray target = m.create(scar, new Shape(2, 1, SIDE, SIDE));
            double dice = 0;
            for (int step = 0; step < 150 && dice <= 0.95; step++) {
                try (NDManager sub = m.newSubManager(); GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray xs = x.duplicate();
                    xs.attach(sub);
                    NDArray scarLogits = net.forward(new ParameterStore(sub, false), new NDList(xs), true).get(1);
                    NDArray t = target.duplicate();
                    t.attach(sub);
                    NDArray twoClass = t.neg().add(1).concat(t, 1);
                    NDArray crossEntropy = scarLogits.logSoftmax(1).mul(twoClass).sum(new int[] {1}).mean().neg();
                    gc.backward(crossEntropy);
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        if (p.getValue().requiresGradient()) {
                            NDArray w = p.getValue().getArray();
                            adam.update(p.getValue().getId(), w, w.getGradient());
                        }
                    }
                    NDArray predicted = scarLogits.argMax(1).toType(DataType.FLOAT32, false).reshape(2, 1, SIDE, SIDE);
                    float overlap = predicted.mul(t).sum().getFloat();
                    dice = 2 * overlap / (predicted.sum().getFloat() + t.sum().getFloat());
                }
            }
            assertTrue(dice > 0.9, "training scar Dice " + dice);
        }
    }
}
