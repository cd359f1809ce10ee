package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * He (Kaiming) normal initialisation, {@code N(0, 2 / fan_in)} with {@code fan_in} the product of all
 * but the first axis, drawn from an injected seeded {@link Random}: the same seed and the same order of
 * parameters give bit-identical weights, whatever the engine's own random state.
 *
 * <p>Values are drawn into one native staging buffer, reused from parameter to parameter, and copied into
 * engine-owned memory: drawing each parameter into a Java array put the whole network on the heap once (250 MB
 * for the paper preset), which the JVM then kept in its resident size.
 */
public final class RandomKaimingInitializer implements Initializer {
    private final Random random;
    private final NativeStaging staging = new NativeStaging();

    public RandomKaimingInitializer(Random random) {
        this.random = random;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = shape.size() / shape.get(0);
        double std = Math.sqrt(2.0 / fanIn);
        FloatBuffer values = staging.values(shape.size());
        while (values.hasRemaining()) {
            values.put((float) (random.nextGaussian() * std));
        }
        return staging.copy(manager, shape, dataType);
    }
}
