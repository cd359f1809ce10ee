package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sum of one or more bias-free "same"-padded convolutions, then BatchNorm, then optionally ReLU.
 * Input {@code [batch, channel, y, x]}, output {@code [batch, filters, y / stride, x / stride]}.
 *
 * <p>A single 3x3 kernel is the plain conv step; kernels 3x3 + 3x1 + 1x3 are the side-convolution step.
 * Keeping convolution and normalisation in one layer is what lets inference fold the BatchNorm into the
 * convolution weights later (all kernels fit into the largest one).
 */
public final class ConvNorm extends AbstractBlock {
    private final List<Conv2d> convs = new ArrayList<>();
    private final BatchNorm norm;
    private final boolean relu;

    /**
     * @param filters  output channels
     * @param stride   1, or 2 to halve each side
     * @param dilation dilation of every kernel (1 = ordinary convolution)
     * @param relu     whether ReLU follows the normalisation
     * @param kernels  kernel shapes (height, width), odd sides; their outputs are summed
     */
    public ConvNorm(int filters, int stride, int dilation, boolean relu, Shape... kernels) {
        if (kernels.length == 0) {
            throw new IllegalArgumentException("ConvNorm needs at least one kernel");
        }
        for (int i = 0; i < kernels.length; i++) {
            Shape k = kernels[i];
            Shape padding = new Shape((k.get(0) - 1) / 2 * dilation, (k.get(1) - 1) / 2 * dilation);
            convs.add(addChildBlock("conv" + k.get(0) + "x" + k.get(1), Conv2d.builder()
                    .setKernelShape(k)
                    .setFilters(filters)
                    .optStride(new Shape(stride, stride))
                    .optPadding(padding)
                    .optDilation(new Shape(dilation, dilation))
                    .optBias(false)
                    .build()));
        }
        this.norm = addChildBlock("norm", BatchNorm.builder().build());
        this.relu = relu;
    }

    /** The summed convolutions, for inference-time folding and FLOP counting. */
    public List<Conv2d> convolutions() {
        return Collections.unmodifiableList(convs);
    }

    /** The normalisation that follows the convolutions. */
    public BatchNorm normalisation() {
        return norm;
    }

    /** Whether ReLU follows the normalisation. */
    public boolean hasRelu() {
        return relu;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray sum = convs.get(0).forward(ps, inputs, training).singletonOrThrow();
        for (int i = 1; i < convs.size(); i++) {
            // In place: a convolution's backward pass needs its input and weight, not its output.
            sum.addi(convs.get(i).forward(ps, inputs, training).singletonOrThrow());
        }
        NDArray out = norm.forward(ps, new NDList(sum), training).singletonOrThrow();
        return new NDList(relu ? Activation.relu(out) : out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return convs.get(0).getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Conv2d conv : convs) {
            conv.initialize(manager, dataType, inputShapes);
        }
        norm.initialize(manager, dataType, getOutputShapes(inputShapes));
    }
}
