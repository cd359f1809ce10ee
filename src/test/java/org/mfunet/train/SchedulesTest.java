package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.MfunetException;

class SchedulesTest {
    private static final List<String> SEVEN = List.of("g", "c", "a", "e", "b", "f", "d");

    @ParameterizedTest(name = "fold {0}")
    @CsvSource({"0, a", "1, b", "2, c d", "3, e", "4, f g"})
    void foldsAreContiguousBlocksOfSortedNames(int k, String names) {
        // 7 cases: fold k holds sorted[7k/5 .. 7(k+1)/5) = [0,1) [1,2) [2,4) [4,5) [5,7)
        assertEquals(List.of(names.split(" ")), Schedules.fold(SEVEN, k));
    }

    @Test
    void kfoldTrainsOnTheOtherFolds() {
        Phase phase = Schedules.kfold(SEVEN, 2, 12, 1e-3).get(0);
        assertEquals(List.of("a", "b", "e", "f", "g"), phase.trainCases());
        assertEquals(List.of("c", "d"), phase.validationCases());
        assertEquals(12, phase.epochs());
    }

    @Test
    void alternatingFollowsThePaper() {
        List<Phase> phases = Schedules.alternating(SEVEN, 1);
        assertEquals(List.of(50, 40, 30, 20, 15, 10), phases.stream().map(Phase::epochs).toList());
        assertEquals(List.of(1e-4, 9e-5, 8e-5, 6e-5, 5e-5, 4e-5), phases.stream().map(Phase::initialRate).toList());
        assertEquals(List.of("e"), phases.get(3).validationCases());
        assertEquals(7, phases.get(5).trainCases().size());
        assertEquals(false, phases.get(5).earlyStopping());
    }

    @Test
    void epochCountsScaleWithAFloorOfOne() {
        assertEquals(List.of(5, 4, 3, 2, 2, 1), Schedules.alternating(SEVEN, 0.1).stream().map(Phase::epochs).toList());
        assertEquals(List.of(1, 1, 1, 1, 1, 1), Schedules.alternating(SEVEN, 0.001).stream().map(Phase::epochs).toList());
    }

    @Test
    void tooFewCasesOrBadFoldAreRefused() {
        assertEquals("cross-validation needs at least 5 labelled cases, found 3",
                assertThrows(MfunetException.class, () -> Schedules.fold(List.of("a", "b", "c"), 0)).getMessage());
        assertEquals("--fold must be in 0..4, got 5", assertThrows(MfunetException.class, () -> Schedules.fold(SEVEN, 5)).getMessage());
    }

    @ParameterizedTest(name = "epoch {0} of 10")
    @CsvSource({"0, 7.943282e-5", "4, 3.162278e-5", "9, 1.0e-5"})
    void learningRateDecaysTenfoldOverAPhase(int epoch, double expected) {
        // 1e-4 * 10^(-(e+1)/10)
        Phase phase = new Phase("p", 10, 1e-4, List.of("a"), List.of("b"), true);
        assertEquals(expected, phase.learningRate(epoch), 1e-11);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'1.0 0.9 0.8', 0",
        "'1.0 0.998 0.997', 2",
        "'1.0 0.99 0.994 0.98 0.99', 1",
        "'0.5 0.6 0.7 0.8', 3",
    })
    void earlyStoppingCountsEpochsWithoutAnImprovementOfMinDelta(String losses, int expected) {
        List<Double> values = java.util.Arrays.stream(losses.split(" ")).map(Double::valueOf).toList();
        assertEquals(expected, new EarlyStopping(3, 0.005).epochsWithoutImprovement(values));
    }
}
