package org.mfunet.train;

/**
 * Weights λ of the three heads in the total loss; each multiplies the head's Tversky plus focal loss.
 * The paper uses anatomy 1, scar 3, edema 5 (the authors' code used 7 for edema).
 */
public record LossWeights(double anatomy, double scar, double edema) {
    public static final LossWeights PAPER = new LossWeights(1, 3, 5);
    /**
     * The {@code cpu-small} preset's: anatomy 3 instead of 1. With the paper's weights the anatomy head carries 1/9 of
     * the loss and the decoder it shares with the pathology heads learns mostly for scar and edema; in the preset's
     * short run the RV (as bright as the aorta in every sequence) was then found late or only in part on two of five
     * seeds (docs/architecture.md#stable-anatomy).
     */
    public static final LossWeights CPU_SMALL = new LossWeights(3, 3, 5);

    public LossWeights {
        if (!(anatomy >= 0 && scar >= 0 && edema >= 0) || anatomy + scar + edema == 0) {
            throw new IllegalArgumentException("loss weights must be non-negative and not all zero, got "
                    + anatomy + ", " + scar + ", " + edema);
        }
    }
}
