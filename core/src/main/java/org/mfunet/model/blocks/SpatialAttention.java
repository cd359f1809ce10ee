package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.mfunet.model.layers.ConvNorm;
import org.mfunet.model.layers.MemoryOrder;

/**
 * Spatial (position) attention of the last decoder level (paper Fig. 4). One downsampling path (two
 * stride-2 3x3 conv + BatchNorm + ReLU steps, to 1/4 of each side) feeds three 1x1 projections: C/2
 * channels for Q and K, C for V. The paper downsamples the input before Q, K and V are formed; the
 * authors' code gives each of them its own copy of that path. One shared path is the paper's reading,
 * costs a third of the downsampling FLOPs and parameters, and the projections still let Q, K and V
 * differ. With {@code N = H/4 * W/4} positions,
 * {@code A = softmax_j(Q_i · K_j)} ({@code [N, N]}, formed a block of rows i at a time), {@code O_i = Σ_j A_ij V_j},
 * and O is brought back
 * to full size by a learned ×4 upsampling (1x1 conv + pixel shuffle, i.e. a stride-4 transposed conv).
 *
 * <p>Input {@code [B, C, H, W]} with H and W divisible by 4. Output {@code NDList(out, map)}:
 * {@code out = x + gamma * map}, and {@code map} the upsampled attention output {@code [B, C, H, W]}
 * (paper Fig. 5). {@code gamma} is a trainable scalar that starts at 0, so the block starts as the
 * identity; its gradient {@code Σ dL/dout · map} is non-zero from the first step.
 */
public final class SpatialAttention extends AbstractBlock {
    private static final Shape K3 = new Shape(3, 3);
    /**
     * Elements of one block of attention rows {@code [B, rows, N]}: the attention is computed for groups of
     * query positions in turn. The result is the same (each row's softmax and weighted sum is its own); the
     * largest arrays of the network, and their gradients in the backward pass, are then a group's, not the whole
     * {@code [B, N, N]} (430 MB at 4 × 288²). 16 M floats are 64 MB.
     */
    static final long CHUNK_ELEMENTS = 1L << 24;

    private final int channels;
    private final long chunkElements;
    private final SequentialBlock downsample;
    private final Conv2d query;
    private final Conv2d key;
    private final Conv2d value;
    private final Upsample upsample;
    private final Parameter gamma;

    /** @param channels C, the channels of the input map (at least 2) */
    public SpatialAttention(int channels) {
        this(channels, CHUNK_ELEMENTS);
    }

    /** As {@link #SpatialAttention(int)}, with another size of the blocks of attention rows (for tests). */
    SpatialAttention(int channels, long chunkElements) {
        this.channels = channels;
        this.chunkElements = chunkElements;
        downsample = addChildBlock("downsample", new SequentialBlock()
                .add(new ConvNorm(channels, 2, 1, true, K3))
                .add(new ConvNorm(channels, 2, 1, true, K3)));
        query = addChildBlock("query", projection(channels / 2));
        key = addChildBlock("key", projection(channels / 2));
        value = addChildBlock("value", projection(channels));
        upsample = addChildBlock("upsample", new Upsample(channels, 4, Upsample.Mode.PIXEL_SHUFFLE));
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(Initializer.ZEROS)
                .optRequiresGrad(true)
                .build());
    }

    private static Conv2d projection(int outChannels) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(outChannels).build();
    }

    /** The residual weight of the attention term. */
    public Parameter gamma() {
        return gamma;
    }

    /** Multiply-adds ×2 of the two attention matrix products for an input {@code [B, C, H, W]}. */
    public long matmulFlops(Shape input) {
        long n = input.get(2) / 4 * (input.get(3) / 4);
        return 2L * input.get(0) * n * n * (channels / 2 + channels);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList small = downsample.forward(ps, inputs, training);
        NDArray q = query.forward(ps, small, training).singletonOrThrow();
        NDArray k = key.forward(ps, small, training).singletonOrThrow();
        NDArray v = value.forward(ps, small, training).singletonOrThrow();
        Shape s = q.getShape();
        long b = s.get(0);
        long n = s.get(2) * s.get(3);
        NDArray queries = q.reshape(b, s.get(1), n).transpose(0, 2, 1);
        NDArray keys = k.reshape(b, s.get(1), n);
        NDArray values = v.reshape(b, channels, n).transpose(0, 2, 1);
        long rows = Math.max(1, Math.min(n, chunkElements / (b * n)));
        NDList parts = new NDList();
        for (long from = 0; from < n; from += rows) {
            long to = Math.min(n, from + rows);
            NDArray energy = queries.get(":, {}:{}, :", from, to).matMul(keys);
            NDArray attention = energy.softmax(2);
            // the softmax keeps only its output for the backward pass, so the energies can go at once
            energy.close();
            // [B, rows, N] x [B, N, C]: the gradient that reaches the softmax is then [B, rows, N] in storage order,
            // which its backward pass needs; the product V A^T would hand it a transposed one to copy first
            parts.add(attention.matMul(values));
        }
        NDArray positions = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);
        NDArray attended = MemoryOrder.forPass(training).fromPositions(positions, s.get(2), s.get(3));
        NDArray map = upsample.forward(ps, new NDList(attended), training).singletonOrThrow();
        NDArray g = ps.getValue(gamma, x.getDevice(), training);
        return new NDList(x.add(map.mul(g)), map);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        downsample.initialize(manager, dataType, inputShapes);
        Shape[] small = downsample.getOutputShapes(inputShapes);
        query.initialize(manager, dataType, small);
        key.initialize(manager, dataType, small);
        value.initialize(manager, dataType, small);
        upsample.initialize(manager, dataType, value.getOutputShapes(small));
    }
}
