package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sum of one or more bias-free "same"-padded convolutions, then BatchNorm, then optionally ReLU.
 * Input {@code [batch, channel, y, x]}, output {@code [batch, filters, y / stride, x / stride]}. The input may
 * also come as several maps that together are the channels of the input, in order (a decoder's upsampled map
 * and skips): in training each is convolved with its slice of the kernel and the results are summed, which
 * equals convolving their concatenation but keeps no concatenated copy alive for the backward pass.
 *
 * <p>A single 3x3 kernel is the plain conv step; kernels 3x3 + 3x1 + 1x3 are the side-convolution step.
 * Keeping convolution and normalisation in one layer is what lets inference fold the BatchNorm into the
 * convolution weights later (all kernels fit into the largest one).
 */
public final class ConvNorm extends AbstractBlock {
    /** BatchNorm's epsilon, stated here because folding needs the very value the layer normalises with. */
    public static final float EPSILON = 1e-5f;

    private final List<Conv2d> convs = new ArrayList<>();
    private final BatchNorm norm;
    private final boolean relu;
    private final List<Shape> paddings = new ArrayList<>();
    private final Shape stride;
    private final Shape dilation;
    private FoldedConv folded;

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
            paddings.add(padding);
            convs.add(addChildBlock("conv" + k.get(0) + "x" + k.get(1), Conv2d.builder()
                    .setKernelShape(k)
                    .setFilters(filters)
                    .optStride(new Shape(stride, stride))
                    .optPadding(padding)
                    .optDilation(new Shape(dilation, dilation))
                    .optBias(false)
                    .build()));
        }
        this.norm = addChildBlock("norm", BatchNorm.builder().optEpsilon(EPSILON).build());
        this.relu = relu;
        this.stride = new Shape(stride, stride);
        this.dilation = new Shape(dilation, dilation);
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

    /**
     * Folds the BatchNorm (running statistics) and the summed kernels into one convolution with bias:
     * {@code W' = Σ pad(W_k) · γ / √(var + ε)} per output channel, each kernel zero-padded, centred, to the
     * largest kernel shape, and {@code b' = β − mean · γ / √(var + ε)}. The folded arrays live in
     * {@code manager} without gradients; the layer's own parameters are left as they are.
     */
    public FoldedConv fold(NDManager manager) {
        long kh = 0;
        long kw = 0;
        for (Conv2d conv : convs) {
            kh = Math.max(kh, conv.getKernelShape().get(0));
            kw = Math.max(kw, conv.getKernelShape().get(1));
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray weight = null;
            for (Conv2d conv : convs) {
                NDArray w = copy(scope, conv.getParameters().get("weight").getArray());
                NDArray full = padCentred(padCentred(w, 2, kh), 3, kw);
                weight = weight == null ? full : weight.add(full);
            }
            NDArray gamma = normParameter(scope, "gamma");
            NDArray scale = gamma.div(normParameter(scope, "runningVar").add(EPSILON).sqrt());
            NDArray bias = normParameter(scope, "beta").sub(normParameter(scope, "runningMean").mul(scale));
            // stored in the order inference runs in (MemoryOrder.forPass), else copied at every call
            NDArray foldedWeight = MemoryOrder.channelsLast(weight.mul(scale.reshape(-1, 1, 1, 1)));
            foldedWeight.attach(manager);
            bias.attach(manager);
            Shape padding = new Shape((kh - 1) / 2 * dilation.get(0), (kw - 1) / 2 * dilation.get(1));
            return new FoldedConv(foldedWeight, bias, stride, padding, dilation, relu);
        }
    }

    private NDArray normParameter(NDManager scope, String name) {
        return copy(scope, norm.getParameters().get(name).getArray());
    }

    /** A copy in {@code scope}, outside the layer's gradient graph. */
    private static NDArray copy(NDManager scope, NDArray array) {
        NDArray a = array.duplicate();
        a.attach(scope);
        return a;
    }

    /** Zero-pads a kernel along {@code axis} (2 = y, 3 = x) on both sides to {@code size}; sizes are odd. */
    private static NDArray padCentred(NDArray kernel, int axis, long size) {
        long margin = (size - kernel.getShape().get(axis)) / 2;
        if (margin == 0) {
            return kernel;
        }
        long[] dims = kernel.getShape().getShape();
        dims[axis] = margin;
        NDArray zeros = kernel.getManager().zeros(new Shape(dims));
        return NDArrays.concat(new NDList(zeros, kernel, zeros), axis);
    }

    /**
     * Makes this layer run as its {@link #fold folded} convolution in inference; training it afterwards is
     * refused, since the folded kernel would no longer follow its parameters. The layer's own parameters are
     * released, so that a folded network holds its weights once (about 250 MB for the paper preset).
     */
    public void useFolded(NDManager manager) {
        folded = fold(manager);
        for (Pair<String, Parameter> parameter : getParameters()) {
            parameter.getValue().close();
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (folded != null) {
            if (training) {
                throw new IllegalStateException("a ConvNorm folded for inference cannot be trained");
            }
            // one convolution of the concatenation: at inference the copy is short-lived and one large kernel is faster
            return new NDList(folded.apply(inputs.size() == 1 ? inputs.head() : NDArrays.concat(inputs, 1)));
        }
        NDArray sum = null;
        for (int i = 0; i < convs.size(); i++) {
            NDArray y = convolve(ps, i, inputs, training);
            // In place: a convolution's backward pass needs its input and weight, not its output.
            sum = sum == null ? y : sum.addi(y);
        }
        NDArray out = norm.forward(ps, new NDList(sum), training).singletonOrThrow();
        return new NDList(relu ? Activation.relu(out) : out);
    }

    /** Convolution i of the sum over the input maps, each map with its slice of the kernel's input channels. */
    private NDArray convolve(ParameterStore ps, int i, NDList inputs, boolean training) {
        Conv2d conv = convs.get(i);
        if (inputs.size() == 1) {
            return conv.forward(ps, inputs, training).singletonOrThrow();
        }
        NDArray weight = ps.getValue(conv.getParameters().get("weight"), inputs.head().getDevice(), training);
        NDArray sum = null;
        long from = 0;
        for (NDArray part : inputs) {
            long to = from + part.getShape().get(1);
            NDArray slice = weight.get(new NDIndex(":, {}:{}", from, to));
            // The slice would otherwise live as long as the weight's manager: one leaked array per call.
            slice.attach(part.getManager());
            NDArray y = Conv2d.conv2d(part, slice, null, stride, paddings.get(i), dilation).singletonOrThrow();
            sum = sum == null ? y : sum.addi(y);
            from = to;
        }
        return sum;
    }

    /** The shape of the concatenation of the input maps. */
    private static Shape joined(Shape[] inputShapes) {
        Shape first = inputShapes[0];
        long channels = 0;
        for (Shape s : inputShapes) {
            channels += s.get(1);
        }
        return new Shape(first.get(0), channels, first.get(2), first.get(3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return convs.get(0).getOutputShapes(new Shape[] {joined(inputShapes)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Conv2d conv : convs) {
            conv.initialize(manager, dataType, joined(inputShapes));
        }
        norm.initialize(manager, dataType, getOutputShapes(inputShapes));
    }
}
