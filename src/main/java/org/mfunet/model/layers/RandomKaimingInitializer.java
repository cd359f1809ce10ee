package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * He (Kaiming) normal initialisation, {@code N(0, 2 / fan_in)} with {@code fan_in} the product of all
 * but the first axis, drawn from an injected seeded {@link Random}: the same seed and the same order of
 * parameters give bit-identical weights, whatever the engine's own random state.
 */
public final class RandomKaimingInitializer implements Initializer {
    private final Random random;

    public RandomKaimingInitializer(Random random) {
        this.random = random;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = shape.size() / shape.get(0);
        double std = Math.sqrt(2.0 / fanIn);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
