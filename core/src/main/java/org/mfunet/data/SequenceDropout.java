package org.mfunet.data;

/**
 * Sequence dropout in training: with what probability each optional sequence is hidden from a training patch, so
 * that one network learns to segment from every subset of the sequences that holds the LGE. The LGE is never dropped.
 * {@link RandomSequenceDropout} applies it.
 *
 * @param t2    probability of hiding the T2 of a patch, in [0, 1]
 * @param bssfp probability of hiding the bSSFP of a patch, in [0, 1]; drawn independently of the T2
 */
public record SequenceDropout(double t2, double bssfp) {
    /** No dropout: every patch keeps the sequences its case has. */
    public static final SequenceDropout NONE = new SequenceDropout(0, 0);

    public SequenceDropout {
        if (!(t2 >= 0 && t2 <= 1) || !(bssfp >= 0 && bssfp <= 1)) {
            throw new IllegalArgumentException("sequence dropout probabilities t2 and bssfp must be in [0, 1], got "
                    + t2 + " and " + bssfp);
        }
    }

    /** True when some sequence may be dropped. */
    public boolean enabled() {
        return t2 > 0 || bssfp > 0;
    }

    /** The probability of hiding {@code sequence} from a patch: 0 for the LGE. */
    public double probability(Sequence sequence) {
        return switch (sequence) {
            case LGE -> 0;
            case T2 -> t2;
            case BSSFP -> bssfp;
        };
    }
}
