package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One decoder level: learned ×2 upsampling ({@link Upsample.Mode}) to {@code filters} channels,
 * concatenation with the skip features, then a conv block. Input {@code NDList(x, skip_1, ..., skip_n)} with
 * x {@code [B, C, H, W]} and the skips {@code [B, c_i, 2H, 2W]}, {@code Σ c_i = skipChannels}; output
 * {@code [B, filters, 2H, 2W]}. The skips come as separate maps so that one concatenation builds the
 * block's input: a concatenated skip map, concatenated again, would be a second full-size copy.
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
        return block.forward(ps, new NDList(NDArrays.concat(parts, 1)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return block.getOutputShapes(new Shape[] {joinedShape(inputShapes)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        upsample.initialize(manager, dataType, inputShapes[0]);
        block.initialize(manager, dataType, joinedShape(inputShapes));
    }

    private Shape joinedShape(Shape[] inputShapes) {
        Shape up = upsample.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        long channels = up.get(1);
        for (int i = 1; i < inputShapes.length; i++) {
            channels += inputShapes[i].get(1);
        }
        return new Shape(up.get(0), channels, up.get(2), up.get(3));
    }
}
