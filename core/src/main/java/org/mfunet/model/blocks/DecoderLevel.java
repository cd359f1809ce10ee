package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mfunet.model.layers.ConvNorm;

/**
 * One decoder level: learned ×2 upsampling ({@link Upsample.Mode}) to {@code filters} channels,
 * concatenation with the skip features, then a conv block. Input {@code NDList(x, skip_1, ..., skip_n)} with
 * x {@code [B, C, H, W]} and the skips {@code [B, c_i, 2H, 2W]}, {@code Σ c_i = skipChannels}; output
 * {@code [B, filters, 2H, 2W]}. The upsampled map and the skips go to the conv block as separate maps (see
 * {@link ConvNorm}): in training no concatenated copy of them is kept for the backward pass. In inference
 * they are concatenated once, and the conv block convolves the concatenation.
 */
public final class DecoderLevel extends AbstractBlock {
    private final Upsample upsample;
    private final AbstractBlock block;

    public DecoderLevel(int skipChannels, int filters, Backbone backbone, Upsample.Mode upsampling) {
        upsample = addChildBlock("upsample", new Upsample(filters, 2, upsampling));
        block = addChildBlock("block", backbone.convBlock(filters + skipChannels, filters, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = new NDList(inputs.size());
        parts.add(upsample.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow());
        parts.addAll(inputs.subNDList(1));
        if (!training) {
            // Joined once here: the conv block's first convolution and shortcut would each join them again.
            return block.forward(ps, new NDList(NDArrays.concat(parts, 1)), false);
        }
        return block.forward(ps, parts, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return block.getOutputShapes(partShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        upsample.initialize(manager, dataType, inputShapes[0]);
        block.initialize(manager, dataType, partShapes(inputShapes));
    }

    /** Shapes of the conv block's input maps: the upsampled map, then the skips. */
    private Shape[] partShapes(Shape[] inputShapes) {
        Shape[] parts = inputShapes.clone();
        parts[0] = upsample.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        return parts;
    }
}
