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
import java.util.Arrays;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.model.layers.ConvNorm;
import org.mfunet.model.layers.MemoryOrder;
import org.mfunet.model.layers.Resampling;

/**
 * Learned upsampling by an integer factor, {@code [B, C, H, W]} to {@code [B, filters, H*f, W*f]},
 * standing in for the transposed convolution that DJL's PyTorch engine lacks.
 */
public final class Upsample extends AbstractBlock {

    /** How the upsampling is learned; {@link #id()} is the name used in configurations. */
    public enum Mode {
        /**
         * Nearest-neighbour enlargement, then 3x3 conv + BatchNorm (linear), as the authors' decoder. At the
         * enlarged size it costs about 9 times the multiply-adds of {@link #PIXEL_SHUFFLE}.
         */
        NEAREST_CONV("nearest-conv"),
        /**
         * 1x1 conv (with bias) to {@code filters * factor²} channels, then pixel shuffle: exactly a transposed
         * convolution with kernel = stride = factor, the paper's "deconvolution".
         */
        PIXEL_SHUFFLE("transposed");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** The name used in configurations. */
        public String id() {
            return id;
        }

        /** The mode of that {@link #id()}; the message lists the valid names otherwise. */
        public static Mode fromId(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new MfunetException("upsampling '" + id + "' is unknown: use one of "
                    + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", ")));
        }
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
            NDArray big = Resampling.nearest(inputs.singletonOrThrow(), factor, MemoryOrder.forPass(training));
            return conv.forward(ps, new NDList(big), training);
        }
        NDArray deep = conv.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(Resampling.pixelShuffle(deep, factor, MemoryOrder.forPass(training)));
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
