package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The memory order of feature maps whose logical shape stays {@code [batch, channel, y, x]} either way.
 * Values and shapes are the same in both orders, only the strides differ; copies out to Java (e.g.
 * {@code toFloatArray}) come in the logical order.
 *
 * <p>Why it matters on the CPU: PyTorch hands convolutions to oneDNN, which reorders a channels-first map into
 * its blocked layout and the result back, two full memory passes per convolution (about 30 % of a 64-channel
 * 3x3 convolution at 288²). A channels-last map goes in and out without them, and convolution, pooling, ReLU,
 * addition, maximum and concatenation keep the order, so a network whose input is channels-last stays so.
 * Inference therefore runs channels-last. Training does not: on this engine build oneDNN's weight-gradient
 * convolution on channels-last maps was 2.5 times slower than on channels-first ones (measured at 4 × 288²,
 * 64 channels), which outweighs the saved reorders.
 */
public enum MemoryOrder {
    /** {@code [B, C, H, W]} stored as it reads: PyTorch's default. */
    CHANNELS_FIRST,
    /** {@code [B, C, H, W]} stored as {@code [B, H, W, C]}. */
    CHANNELS_LAST;

    /** The order a forward pass runs in: channels-last for inference, channels-first for training (see above). */
    public static MemoryOrder forPass(boolean training) {
        return training ? CHANNELS_FIRST : CHANNELS_LAST;
    }

    /**
     * The single-channel map {@code x} marked with this order, without copying. A map {@code [B, 1, H, W]} is
     * stored the same way in both orders, and PyTorch reads its ordinary strides as channels-first; the
     * channels-last view has channels-last strides instead, so the first convolution already writes
     * channels-last output.
     *
     * @param x {@code [B, 1, H, W]} with contiguous rows
     * @return the same values, {@code [B, 1, H, W]}
     */
    public NDArray singleChannel(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 1) {
            throw new IllegalArgumentException("expected a single-channel map [B, 1, H, W], got " + s);
        }
        return this == CHANNELS_FIRST ? x : fromNhwc(x.reshape(s.get(0), s.get(2), s.get(3), 1));
    }

    /**
     * The values of {@code x} stored channels-last, e.g. a convolution kernel {@code [out, in, kh, kw]}: a kernel
     * in the order of its input is used as it is, where one in the other order is copied at every call (PyTorch
     * makes the kernel contiguous in the input's order before oneDNN sees it).
     *
     * @param x {@code [B, C, H, W]} in any order
     * @return the same values and shape in {@code x}'s manager: a new array, unless {@code x} is already stored
     *         channels-last, when it is a view of x
     */
    public static NDArray channelsLast(NDArray x) {
        return fromNhwc(storedAsShown(x.transpose(0, 2, 3, 1)));
    }

    /**
     * The map in this order whose pixels are the rows of {@code positions}, row-major: a view for
     * {@link #CHANNELS_LAST}, a copy for {@link #CHANNELS_FIRST}.
     *
     * @param positions {@code [B, H * W, C]}, stored in that order
     * @return {@code [B, C, H, W]}
     */
    public NDArray fromPositions(NDArray positions, long height, long width) {
        Shape s = positions.getShape();
        if (s.dimension() != 3 || s.get(1) != height * width) {
            throw new IllegalArgumentException("expected positions [B, " + height * width + ", C], got " + s);
        }
        if (this == CHANNELS_FIRST) {
            return storedAsShown(positions.transpose(0, 2, 1)).reshape(s.get(0), s.get(2), height, width);
        }
        return fromNhwc(positions.reshape(s.get(0), height, width, s.get(2)));
    }

    /**
     * {@code view} stored in the order of its axes as shown: a copy unless it already is. Flattening a transposed
     * view cannot be a view, so it copies in that order; a reshape to the view's own shape (or one that only splits
     * axes) would stay a view with the old strides.
     */
    private static NDArray storedAsShown(NDArray view) {
        return view.flatten().reshape(view.getShape());
    }

    /** A {@code [B, C, H, W]} view of an array stored as {@code [B, H, W, C]}: channels-last, no copy. */
    static NDArray fromNhwc(NDArray nhwc) {
        return nhwc.transpose(0, 3, 1, 2);
    }
}
