package org.mfunet.model.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mfunet.model.layers.ConvNorm;

/**
 * Side-convolution block: two steps, each {@code relu(bn(conv3x3(x) + conv3x1(x) + conv1x3(x)))}.
 * {@code [B, C, H, W]} to {@code [B, filters, H, W]}.
 */
public final class SideConvBlock extends AbstractBlock {
    private static final Shape[] KERNELS = {new Shape(3, 3), new Shape(3, 1), new Shape(1, 3)};

    private final ConvNorm first;
    private final ConvNorm second;

    public SideConvBlock(int filters) {
        first = addChildBlock("first", new ConvNorm(filters, 1, 1, true, KERNELS));
        second = addChildBlock("second", new ConvNorm(filters, 1, 1, true, KERNELS));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return second.forward(ps, first.forward(ps, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return first.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
    }
}
