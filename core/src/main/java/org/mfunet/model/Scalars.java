package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for arithmetic that a backward pass will see: use {@code x.mul(Scalars.of(m, 0.7))}, never
 * {@code x.mul(0.7f)}, where gradients flow.
 *
 * <p>DJL's PyTorch engine turns the number of {@code x.mul(0.7f)} (and of {@code div}, {@code pow},
 * {@code maximum}) into a 0-dim array over a Java direct buffer and closes that array right after the operation.
 * Autograd keeps the tensor, since the gradient of a product is multiplied by it, but its memory belongs to the
 * buffer, which the garbage collector frees. A collection between the forward and the backward pass let the
 * gradient read freed memory: training steps got NaN gradients, and were discarded, at random. An array that the
 * engine fills itself is in the engine's own memory, reference-counted, and lives as long as autograd needs it.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code value} as a 0-dim float32 array in {@code manager}, in engine-owned memory. */
    public static NDArray of(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value);
    }
}
