package org.mfunet.data;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hides sequences from training patches as a {@link SequenceDropout} says, drawing from the injected seeded
 * {@link Random}: per patch, first the T2, then the bSSFP, each with its own probability. A hidden sequence leaves the
 * patch's {@link PatchBatch#sequences()}, so the network treats it as a sequence the case never had; its channel keeps
 * its pixels, which the network does not look at. The LGE is never hidden.
 */
public final class RandomSequenceDropout {
    private final SequenceDropout config;

    public RandomSequenceDropout(SequenceDropout config) {
        this.config = config;
    }

    /**
     * The batch with sequences hidden; {@code in} itself, drawing nothing from {@code random}, when the dropout is off,
     * so that runs without it draw what they always drew.
     */
    public PatchBatch apply(PatchBatch in, Random random) {
        if (!config.enabled()) {
            return in;
        }
        List<Set<Sequence>> kept = new ArrayList<>(in.batch());
        for (Set<Sequence> sequences : in.sequences()) {
            EnumSet<Sequence> patch = EnumSet.copyOf(sequences);
            for (Sequence s : List.of(Sequence.T2, Sequence.BSSFP)) {
                if (random.nextDouble() < config.probability(s)) {
                    patch.remove(s);
                }
            }
            kept.add(patch);
        }
        return in.withSequences(kept);
    }
}
