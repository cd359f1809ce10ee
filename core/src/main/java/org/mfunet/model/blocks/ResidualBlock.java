package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mfunet.model.layers.ConvNorm;

/**
 * Residual conv block: {@code relu(bn(conv3x3(relu(bn(conv3x3(x))))) + shortcut(x))}, the shortcut
 * being the identity, or a 1x1 conv + BatchNorm when the channel count changes.
 * {@code [B, inChannels, H, W]} to {@code [B, filters, H, W]}; the input may come as several maps that
 * together hold the inChannels channels (see {@link ConvNorm}).
 */
public final class ResidualBlock extends AbstractBlock {
    private static final Shape K3 = new Shape(3, 3);

    private final ConvNorm first;
    private final ConvNorm second;
    private final ConvNorm shortcut;

    /**
     * @param firstDilation  dilation of the first 3x3 convolution
     * @param secondDilation dilation of the second 3x3 convolution
     */
    public ResidualBlock(int inChannels, int filters, int firstDilation, int secondDilation) {
        first = addChildBlock("first", new ConvNorm(filters, 1, firstDilation, true, K3));
        second = addChildBlock("second", new ConvNorm(filters, 1, secondDilation, false, K3));
        shortcut = inChannels == filters ? null
                : addChildBlock("shortcut", new ConvNorm(filters, 1, 1, false, new Shape(1, 1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList main = second.forward(ps, first.forward(ps, inputs, training), training);
        NDArray skip = shortcut == null ? inputs.singletonOrThrow()
                : shortcut.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(Activation.relu(main.singletonOrThrow().add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return first.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
