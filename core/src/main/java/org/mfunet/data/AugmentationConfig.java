package org.mfunet.data;

/**
 * Switches and ranges of the joint augmentation.
 *
 * @param flips          random horizontal and vertical flips (each with probability 1/2)
 * @param rotate90       random rotation by a multiple of 90°
 * @param maxAngle       extra rotation drawn uniformly in [−maxAngle, maxAngle], degrees; 0 for none
 * @param maxShift       shift drawn uniformly up to this fraction of the side in x and y, in [0, 0.5)
 * @param maxGamma       per-sequence gamma drawn log-uniformly in [1/maxGamma, maxGamma]; 1 for none
 * @param maxNoise       per-sequence Gaussian noise σ drawn uniformly in [0, maxNoise] (image units); 0 for none
 */
public record AugmentationConfig(boolean flips, boolean rotate90, double maxAngle, double maxShift,
                                 double maxGamma, double maxNoise) {
    /** The authors' geometric set (flips, rotations, 15 % shifts) with mild intensity changes. */
    public static final AugmentationConfig DEFAULT = new AugmentationConfig(true, true, 15, 0.15, 1.4, 0.03);
    /** No augmentation at all. */
    public static final AugmentationConfig NONE = new AugmentationConfig(false, false, 0, 0, 1, 0);

    public AugmentationConfig {
        if (!(maxAngle >= 0 && maxAngle <= 180)) {
            throw new IllegalArgumentException("augmentation maxAngle must be in [0, 180] degrees, got " + maxAngle);
        }
        if (!(maxShift >= 0 && maxShift < 0.5)) {
            throw new IllegalArgumentException("augmentation maxShift must be in [0, 0.5), got " + maxShift);
        }
        if (!(maxGamma >= 1)) {
            throw new IllegalArgumentException("augmentation maxGamma must be at least 1, got " + maxGamma);
        }
        if (!(maxNoise >= 0)) {
            throw new IllegalArgumentException("augmentation maxNoise must be non-negative, got " + maxNoise);
        }
    }
}
