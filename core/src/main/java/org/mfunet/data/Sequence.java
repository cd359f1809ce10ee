package org.mfunet.data;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;

/**
 * The three MR sequences of a MyoPS case, in the network's channel order: LGE, T2, bSSFP.
 * {@link #suffix()} is the file-name suffix of the MyoPS release ({@code _DE}, {@code _T2}, {@code _C0}).
 * A case needs its LGE; T2 and bSSFP may be absent ({@link #REQUIRED}).
 */
public enum Sequence {
    LGE("DE", "LGE"),
    T2("T2", "T2"),
    BSSFP("C0", "bSSFP");

    /** The sequence every case must have: the pathology is segmented from it. */
    public static final Sequence REQUIRED = LGE;
    /**
     * The order in which a case's files are asked for the grid its outputs take: bSSFP (C0), then LGE (DE), then T2,
     * the first one present.
     */
    public static final List<Sequence> GRID_ORDER = List.of(BSSFP, LGE, T2);

    private final String suffix;
    private final String title;

    Sequence(String suffix, String title) {
        this.suffix = suffix;
        this.title = title;
    }

    /** File-name suffix after {@code <prefix>_<id>_}, e.g. {@code DE}. */
    public String suffix() {
        return suffix;
    }

    /** Name as people write it: {@code LGE}, {@code T2}, {@code bSSFP}. */
    public String title() {
        return title;
    }

    /** All three sequences, a new modifiable set. */
    public static EnumSet<Sequence> all() {
        return EnumSet.allOf(Sequence.class);
    }

    /**
     * A set of sequences as people read it, in channel order: {@code LGE + T2 + bSSFP}, {@code LGE}.
     */
    public static String describe(Set<Sequence> sequences) {
        return sequences.isEmpty() ? "none" : EnumSet.copyOf(sequences).stream().map(Sequence::title)
                .collect(Collectors.joining(" + "));
    }

    /**
     * A short identifier of a set of sequences for folder and JSON names, in channel order: {@code lge-t2-bssfp},
     * {@code lge}.
     */
    public static String id(Set<Sequence> sequences) {
        return EnumSet.copyOf(sequences).stream().map(s -> s.title().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("-"));
    }

    /**
     * One sequence by a name a user may write: its title or its MyoPS suffix, in any case ({@code LGE} or {@code DE},
     * {@code T2}, {@code bSSFP} or {@code C0}).
     *
     * @param option names the option or file in the error message
     * @throws MfunetException naming the option and the names allowed
     */
    public static Sequence parse(String name, String option) {
        String key = name.strip();
        for (Sequence s : values()) {
            if (key.equalsIgnoreCase(s.title) || key.equalsIgnoreCase(s.suffix)) {
                return s;
            }
        }
        throw new MfunetException(option + ": unknown sequence '" + name + "'; use LGE (or DE), T2, bSSFP (or C0)");
    }

    /**
     * A set of sequences from names as {@link #parse} reads them; it must hold the LGE.
     *
     * @throws MfunetException naming the option when a name is unknown, the list is empty or lacks the LGE
     */
    public static Set<Sequence> parseSet(List<String> names, String option) {
        EnumSet<Sequence> set = EnumSet.noneOf(Sequence.class);
        for (String name : names) {
            set.add(parse(name, option));
        }
        if (!set.contains(REQUIRED)) {
            throw new MfunetException(option + " " + String.join(",", names)
                    + ": the sequences must include the LGE (DE), which every case needs");
        }
        return Collections.unmodifiableSet(set);
    }

    /**
     * The network's presence flags of a set of sequences: 1 for a sequence present, 0 for one absent, in channel
     * order (LGE, T2, bSSFP), as the network's second input takes them per sample.
     */
    public static float[] presence(Set<Sequence> sequences) {
        float[] flags = new float[values().length];
        for (Sequence s : sequences) {
            flags[s.ordinal()] = 1;
        }
        return flags;
    }
}
