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
 * concatenation with the skip features, then a conv block. Input {@code NDList(x, skip)} with
 * x {@code [B, C, H, W]} and skip {@code [B, skipChannels, 2H, 2W]}; output {@code [B, filters, 2H, 2W]}.
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
        NDArray up = upsample.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray joined = NDArrays.concat(new NDList(up, inputs.get(1)), 1);
        return block.forward(ps, new NDList(joined), training);
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
        return new Shape(up.get(0), up.get(1) + inputShapes[1].get(1), up.get(2), up.get(3));
    }
}
