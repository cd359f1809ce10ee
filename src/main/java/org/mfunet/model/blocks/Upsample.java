package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mfunet.model.layers.ConvNorm;
import org.mfunet.model.layers.Resampling;

/**
 * Learned upsampling by an integer factor, {@code [B, C, H, W]} to {@code [B, filters, H*f, W*f]},
 * standing in for the transposed convolution that DJL's PyTorch engine lacks.
 */
public final class Upsample extends AbstractBlock {

    /** How the upsampling is learned. */
    public enum Mode {
        /** Nearest-neighbour enlargement, then 3x3 conv + BatchNorm (linear), as the authors' decoder. */
        NEAREST_CONV,
        /** 1x1 conv (with bias) to {@code filters * factor²} channels, then pixel shuffle. */
        PIXEL_SHUFFLE
    }

    private final Mode mode;
    private final int factor;
    private final Block conv;

    public Upsample(int filters, int factor, Mode mode) {
        this.mode = mode;
        this.factor = factor;
        this.conv = mode == Mode.NEAREST_CONV
                ? addChildBlock("conv", new ConvNorm(filters, 1, 1, false, new Shape(3, 3)))
                : addChildBlock("conv", Conv2d.builder().setKernelShape(new Shape(1, 1))
                        .setFilters(filters * factor * factor).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (mode == Mode.NEAREST_CONV) {
            NDArray big = Resampling.nearest(inputs.singletonOrThrow(), factor);
            return conv.forward(ps, new NDList(big), training);
        }
        NDArray deep = conv.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(Resampling.pixelShuffle(deep, factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long filters = conv.getOutputShapes(inputShapes)[0].get(1) / (mode == Mode.NEAREST_CONV ? 1 : (long) factor * factor);
        return new Shape[] {new Shape(s.get(0), filters, s.get(2) * factor, s.get(3) * factor)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (mode == Mode.NEAREST_CONV) {
            Shape s = inputShapes[0];
            conv.initialize(manager, dataType, new Shape(s.get(0), s.get(1), s.get(2) * factor, s.get(3) * factor));
        } else {
            conv.initialize(manager, dataType, inputShapes);
        }
    }
}
