package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Parameter-free resizing of feature maps {@code [batch, channel, y, x]}. The PyTorch engine of DJL
 * has no transposed convolution, so learned upsampling is built from these plus ordinary convolutions.
 * Each writes its output in the {@link MemoryOrder} asked for, whatever the order of the input, so the
 * convolutions that follow run in the order of the pass.
 */
public final class Resampling {
    private Resampling() {
    }

    /** Nearest-neighbour upsampling: {@code [B, C, H, W]} to {@code [B, C, H*factor, W*factor]}. */
    public static NDArray nearest(NDArray x, int factor, MemoryOrder order) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (order == MemoryOrder.CHANNELS_FIRST) {
            return x.reshape(b, c, h, 1, w, 1)
                    .broadcast(b, c, h, factor, w, factor)
                    .reshape(b, c, h * factor, w * factor);
        }
        NDArray blocks = x.transpose(0, 2, 3, 1).reshape(b, h, 1, w, 1, c).broadcast(b, h, factor, w, factor, c);
        return MemoryOrder.fromNhwc(blocks.reshape(b, h * factor, w * factor, c));
    }

    /**
     * Pixel shuffle: {@code [B, C*factor², H, W]} to {@code [B, C, H*factor, W*factor]}, channel
     * {@code c*factor² + i*factor + j} going to offset (i, j) of each output block. After a 1x1
     * convolution this is exactly a transposed convolution with kernel = stride = factor.
     */
    public static NDArray pixelShuffle(NDArray x, int factor, MemoryOrder order) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / ((long) factor * factor);
        long h = s.get(2);
        long w = s.get(3);
        if (order == MemoryOrder.CHANNELS_FIRST) {
            return x.reshape(b, c, factor, factor, h, w)
                    .transpose(0, 1, 4, 2, 5, 3)
                    .reshape(b, c, h * factor, w * factor);
        }
        NDArray blocks = x.transpose(0, 2, 3, 1).reshape(b, h, w, c, factor, factor).transpose(0, 1, 4, 2, 5, 3);
        return MemoryOrder.fromNhwc(blocks.reshape(b, h * factor, w * factor, c));
    }

    /** 2x2 max pooling with stride 2: {@code [B, C, H, W]} to {@code [B, C, H/2, W/2]}. */
    public static NDArray maxPool2(NDArray x) {
        Shape two = new Shape(2, 2);
        return x.getNDArrayInternal().maxPool(two, two, new Shape(0, 0), false);
    }
}
