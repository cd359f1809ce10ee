package org.mfunet.train;

import java.util.Arrays;

/**
 * A float32 tensor held on the Java heap, for checkpoints.
 *
 * @param shape dimensions, outermost first
 * @param data  values in row-major order (last dimension fastest)
 */
public record NamedTensor(long[] shape, float[] data) {
    public NamedTensor {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (Arrays.stream(shape).anyMatch(d -> d < 0) || n != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " cannot hold " + data.length + " values");
        }
    }
}
