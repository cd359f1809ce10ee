package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Channels-last memory order for feature maps that keep their logical shape {@code [batch, channel, y, x]}.
 *
 * <p>Why: on the CPU, PyTorch hands convolutions to oneDNN, which reorders a channels-first map into its
 * blocked layout and the result back, two full memory passes per convolution (about 30 % of a 64-channel
 * 3x3 convolution at 288²). A channels-last map goes in and comes out without those passes, and
 * convolution, pooling, ReLU, addition, maximum and concatenation all keep the order, so a network whose
 * input is channels-last stays channels-last. Values and shapes are the same in either order; only the
 * strides differ, and copies out to Java (e.g. {@code toFloatArray}) come in the logical order.
 */
public final class ChannelsLast {
    private ChannelsLast() {
    }

    /**
     * A view of {@code x} marked channels-last. For a single-channel map {@code [B, 1, H, W]}, which is stored
     * the same way in both orders, PyTorch reads the ordinary strides as channels-first; this view has the
     * channels-last strides instead, so the first convolution already produces channels-last output.
     *
     * @param x {@code [B, 1, H, W]}, with contiguous rows
     * @return the same values, {@code [B, 1, H, W]}, no copy
     */
    public static NDArray ofSingleChannel(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 1) {
            throw new IllegalArgumentException("expected a single-channel map [B, 1, H, W], got " + s);
        }
        return fromNhwc(x.reshape(s.get(0), s.get(2), s.get(3), 1));
    }

    /**
     * A copy of {@code x} stored channels-last, e.g. a convolution kernel {@code [out, in, kh, kw]}: a kernel
     * in the order of its input is used as it is, where a channels-first one is copied at every call.
     *
     * @param x {@code [B, C, H, W]} in any memory order
     * @return the same values and shape, in a new array of {@code x}'s manager
     */
    public static NDArray copyOf(NDArray x) {
        Shape s = x.getShape();
        return fromNhwc(x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2), s.get(3), s.get(1)));
    }

    /**
     * A {@code [B, C, H, W]} view of an array stored as {@code [B, H, W, C]}: channels-last order, no copy.
     *
     * @param nhwc {@code [B, H, W, C]}
     */
    public static NDArray fromNhwc(NDArray nhwc) {
        return nhwc.transpose(0, 3, 1, 2);
    }
}
