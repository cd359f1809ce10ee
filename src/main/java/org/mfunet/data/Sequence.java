package org.mfunet.data;

/**
 * The three MR sequences of a MyoPS case, in the network's channel order: LGE, T2, bSSFP.
 * {@link #suffix()} is the file-name suffix of the MyoPS release ({@code _DE}, {@code _T2}, {@code _C0}).
 */
public enum Sequence {
    LGE("DE"),
    T2("T2"),
    BSSFP("C0");

    private final String suffix;

    Sequence(String suffix) {
        this.suffix = suffix;
    }

    /** File-name suffix after {@code <prefix>_<id>_}, e.g. {@code DE}. */
    public String suffix() {
        return suffix;
    }
}
