package org.mfunet.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs a block so that, in inference, its intermediate arrays are freed as soon as it returns: only its
 * outputs stay, in the manager of its first input. Freed memory is reused by the next block; arrays left to
 * a long-lived manager made the engine allocate (and page-fault) fresh memory and convolutions ran at about
 * half speed. In training everything is kept, as the backward pass needs it.
 */
public final class ScopedForward {
    private ScopedForward() {
    }

    /** {@code block.forward(ps, inputs, training)}, with the intermediates of an inference pass freed at once. */
    public static NDList forward(Block block, ParameterStore ps, NDList inputs, boolean training) {
        if (training) {
            return block.forward(ps, inputs, true);
        }
        NDManager parent = inputs.head().getManager();
        try (NDManager scope = parent.newSubManager()) {
            inputs.tempAttach(scope);
            NDList out = block.forward(ps, inputs, false);
            out.attach(parent);
            return out;
        }
    }
}
