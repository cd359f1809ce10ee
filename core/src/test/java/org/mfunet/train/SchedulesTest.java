package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulesTest {
    private static final List<String> SEVEN = List.of("g", "c", "a", "e", "b", "f", "d");

    private static final Splits SPLITS = Splits.draw(SEVEN, 11);

    @Test
    void kfoldTrainsAndValidatesOnItsSplit() {
        Split split = SPLITS.trainingFold(2);
        Phase phase = Schedules.kfold(split, 12, 1e-3).get(0);
        assertEquals(split.train(), phase.trainCases());
        assertEquals(SPLITS.fold(2).test(), phase.validationCases());
        assertEquals(12, phase.epochs());
        assertEquals("fold 2", phase.name());
    }

    @Test
    void alternatingFollowsThePaperOnTheCohortsFolds() {
        List<Phase> phases = Schedules.alternating(SPLITS, 1);
        assertEquals(List.of(50, 40, 30, 20, 15, 10), phases.stream().map(Phase::epochs).toList());
        assertEquals(List.of(1e-4, 9e-5, 8e-5, 6e-5, 5e-5, 4e-5), phases.stream().map(Phase::initialRate).toList());
        for (int k = 0; k < Schedules.FOLDS; k++) {
            assertEquals(SPLITS.fold(k).test(), phases.get(k).validationCases(), "phase " + (k + 1));
            assertEquals(7, phases.get(k).trainCases().size() + phases.get(k).validationCases().size());
        }
        assertEquals(7, phases.get(5).trainCases().size());
        assertEquals(false, phases.get(5).earlyStopping());
    }

    @Test
    void epochCountsScaleWithAFloorOfOne() {
        assertEquals(List.of(5, 4, 3, 2, 2, 1), Schedules.alternating(SPLITS, 0.1).stream().map(Phase::epochs).toList());
        assertEquals(List.of(1, 1, 1, 1, 1, 1), Schedules.alternating(SPLITS, 0.001).stream().map(Phase::epochs).toList());
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
