package org.mfunet.train;

/**
 * Weights λ of the three heads in the total loss; each multiplies the head's Tversky plus focal loss.
 * The paper uses anatomy 1, scar 3, edema 5 (the authors' code used 7 for edema).
 */
public record LossWeights(double anatomy, double scar, double edema) {
    public static final LossWeights PAPER = new LossWeights(1, 3, 5);

    public LossWeights {
        if (!(anatomy >= 0 && scar >= 0 && edema >= 0) || anatomy + scar + edema == 0) {
            throw new IllegalArgumentException("loss weights must be non-negative and not all zero, got "
                    + anatomy + ", " + scar + ", " + edema);
        }
    }
}
