package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

/**
 * One convolution with bias, optionally followed by ReLU: what a {@link ConvNorm} becomes for inference once
 * its BatchNorm and summed kernels are folded into a single kernel. Holds no gradient.
 *
 * @param weight   {@code [outChannels, inChannels, kh, kw]}
 * @param bias     {@code [outChannels]}
 * @param stride   (y, x)
 * @param padding  (y, x)
 * @param dilation (y, x)
 * @param relu     whether ReLU follows
 */
public record FoldedConv(NDArray weight, NDArray bias, Shape stride, Shape padding, Shape dilation, boolean relu) {

    /** {@code [B, inChannels, H, W]} to {@code [B, outChannels, H / stride, W / stride]}, in the manager of x. */
    public NDArray apply(NDArray x) {
        NDArray y = Conv2d.conv2d(x, weight, bias, stride, padding, dilation).singletonOrThrow();
        if (!relu) {
            return y;
        }
        NDArray activated = Activation.relu(y);
        y.close();
        return activated;
    }
}
