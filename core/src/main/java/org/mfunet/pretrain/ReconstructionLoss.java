package org.mfunet.pretrain;

import ai.djl.ndarray.NDArray;

/**
 * The pretraining loss: mean absolute error (L1) between reconstructed and input sequences, in the preprocessed
 * intensity space ([-1, 1] before augmentation noise). L1 rather than the squared error because it does not let
 * the few very bright pixels (blood pool and scar in LGE) dominate the average.
 */
public final class ReconstructionLoss {
    private static final int SEQUENCES = 3;

    private ReconstructionLoss() {
    }

    /**
     * Mean absolute error of each sequence.
     *
     * @param reconstruction {@code [B, 3, H, W]}, channels (LGE, T2, bSSFP)
     * @param target         the same shape and channels
     * @return {@code [3]}: per channel the mean of |reconstruction − target| over batch and pixels; their mean is
     *         the loss, since every channel has the same number of pixels
     */
    public static NDArray perSequence(NDArray reconstruction, NDArray target) {
        // DJL's PyTorch engine averages over one axis at a time only: channels first, then all the rest flattened
        return reconstruction.sub(target).abs().swapAxes(0, 1).reshape(SEQUENCES, -1).mean(new int[] {1});
    }
}
