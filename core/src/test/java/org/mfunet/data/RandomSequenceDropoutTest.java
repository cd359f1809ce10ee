package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomSequenceDropoutTest {
    private static final int PATCHES = 4000;

    private static PatchBatch batch(int size) {
        return PatchBatch.random(size, 4, new Random(1));
    }

    @ParameterizedTest
    @CsvSource({"0.25, 0.25", "0.5, 0", "0, 1", "1, 1"})
    void dropsT2AndBssfpIndependentlyWithTheirProbabilitiesAndNeverTheLge(double t2, double bssfp) {
        PatchBatch out = new RandomSequenceDropout(new SequenceDropout(t2, bssfp)).apply(batch(PATCHES), new Random(7));
        int withoutT2 = 0;
        int withoutBssfp = 0;
        int withoutBoth = 0;
        for (Set<Sequence> s : out.sequences()) {
            assertTrue(s.contains(Sequence.LGE), "the LGE is never dropped");
            withoutT2 += s.contains(Sequence.T2) ? 0 : 1;
            withoutBssfp += s.contains(Sequence.BSSFP) ? 0 : 1;
            withoutBoth += s.size() == 1 ? 1 : 0;
        }
        // Binomial standard deviations are at most sqrt(4000 / 4) ≈ 32 patches; 5 of them bound the counts.
        assertEquals(t2 * PATCHES, withoutT2, 160);
        assertEquals(bssfp * PATCHES, withoutBssfp, 160);
        assertEquals(t2 * bssfp * PATCHES, withoutBoth, 160);
    }

    @Test
    void theSameSeedDropsTheSameSequencesAndTheImagesStayAsTheyAre() {
        RandomSequenceDropout dropout = new RandomSequenceDropout(new SequenceDropout(0.25, 0.25));
        PatchBatch in = batch(50);
        PatchBatch a = dropout.apply(in, new Random(3));
        PatchBatch b = dropout.apply(in, new Random(3));
        assertEquals(a.sequences(), b.sequences());
        assertTrue(a.sequences().stream().anyMatch(s -> s.size() < 3));
        assertSame(in.images(), a.images());
        assertSame(in.classes(), a.classes());
        assertEquals(1, a.presence()[0], "LGE flag of the first patch");
    }

    @Test
    void offItReturnsTheBatchAndDrawsNothing() {
        PatchBatch in = batch(5);
        Random random = new Random(3);
        assertSame(in, new RandomSequenceDropout(SequenceDropout.NONE).apply(in, random));
        assertEquals(new Random(3).nextLong(), random.nextLong(), "no number was drawn");
    }

    @Test
    void aSequenceTheCaseLacksStaysAbsentAndFlagsFollowTheChannelOrder() {
        PatchBatch in = batch(2).withSequences(List.of(EnumSet.of(Sequence.LGE, Sequence.BSSFP), Sequence.all()));
        PatchBatch out = new RandomSequenceDropout(new SequenceDropout(0, 0.0001)).apply(in, new Random(1));
        assertEquals(EnumSet.of(Sequence.LGE, Sequence.BSSFP), out.sequences().get(0));
        assertEquals(List.of(1f, 0f, 1f, 1f, 1f, 1f), boxed(out.presence()));
        assertThrows(IllegalArgumentException.class, () -> new SequenceDropout(-0.1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> in.withSequences(List.of(EnumSet.of(Sequence.T2), Sequence.all())));
    }

    private static List<Float> boxed(float[] values) {
        List<Float> out = new java.util.ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
