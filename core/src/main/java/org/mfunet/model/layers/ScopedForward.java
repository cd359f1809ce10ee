package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Runs a block so that its intermediate arrays are released as soon as it returns: only its outputs stay, in
 * the manager of its first input.
 *
 * <p>In inference the freed memory is reused by the next block (arrays left to a long-lived manager made the
 * engine allocate, and page-fault, fresh memory, and convolutions ran at about half speed). In training,
 * releasing an array only drops this program's handle: the engine's autograd graph keeps every tensor the
 * backward pass needs (a convolution's input, BatchNorm's input, ReLU's output) and frees the rest, such as
 * BatchNorm outputs consumed by ReLU, residual sums and attention energies. Without this, every intermediate
 * of the step stayed alive until the step ended, as Python's reference counting would not allow.
 */
public final class ScopedForward {
    private ScopedForward() {
    }

    /**
     * {@code block.forward(ps, inputs, training)}, with the block's intermediates released on return. An array may
     * appear more than once among the inputs (a network that lacks a sequence passes its fused features in the place of
     * the missing sequence's).
     */
    public static NDList forward(Block block, ParameterStore ps, NDList inputs, boolean training) {
        NDManager parent = inputs.head().getManager();
        try (NDManager scope = parent.newSubManager()) {
            // Attached once each: attached twice, an array would count the scope as its home and close with it.
            Set<NDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(inputs);
            new NDList(distinct.toArray(NDArray[]::new)).tempAttach(scope);
            NDList out = block.forward(ps, inputs, training);
            out.attach(parent);
            return out;
        }
    }
}
