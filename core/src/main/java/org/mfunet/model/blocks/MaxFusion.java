package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Max fusion (paper Sec. 2.1): the pixel-wise, channel-wise maximum of the per-sequence encoder
 * features of one level. Input: any number (at least one) of maps of equal shape {@code [B, C, H, W]}, one per
 * sequence present: a missing sequence is left out, not passed as zeros; output one {@code [B, C, H, W]} map. No
 * parameters; the gradient flows to the sequence that holds the maximum.
 */
public final class MaxFusion extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray fused = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            fused = fused.maximum(inputs.get(i));
        }
        return new NDList(fused);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
