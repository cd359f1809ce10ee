package org.mfunet.eval;

/**
 * Agreement of a predicted mask with a reference mask for one structure of one case.
 *
 * <p>Convention for empty masks: when both are empty, {@link #dice} and {@link #hd95} are NaN and
 * {@link #empty()} is true (the case is left out of cohort means and counted apart); when exactly one is
 * empty, Dice is 0 and HD95 is NaN (no surface to measure to), written as {@code null} in JSON.
 *
 * @param truePositives  voxels in both masks
 * @param falsePositives voxels predicted but not in the reference
 * @param falseNegatives voxels in the reference but not predicted
 * @param dice           {@code 2 TP / (2 TP + FP + FN)} in [0, 1], NaN when both masks are empty
 * @param hd95           95th percentile of the symmetric surface distances in mm, NaN when a mask is empty
 * @param predictedMl    volume of the predicted mask in ml
 * @param truthMl        volume of the reference mask in ml
 */
public record StructureMetrics(long truePositives, long falsePositives, long falseNegatives, double dice, double hd95,
                               double predictedMl, double truthMl) {
    public StructureMetrics {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("voxel counts must not be negative, got TP " + truePositives + ", FP "
                    + falsePositives + ", FN " + falseNegatives);
        }
        if (!Double.isNaN(dice) && (dice < 0 || dice > 1)) {
            throw new IllegalArgumentException("dice must lie in [0, 1] or be NaN, got " + dice);
        }
        if (!Double.isNaN(hd95) && hd95 < 0) {
            throw new IllegalArgumentException("hd95 must not be negative, got " + hd95);
        }
    }

    /** True when both the prediction and the reference are empty for this structure. */
    public boolean empty() {
        return truePositives == 0 && falsePositives == 0 && falseNegatives == 0;
    }
}
