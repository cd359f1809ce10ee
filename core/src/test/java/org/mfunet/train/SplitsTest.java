package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfunet.MfunetException;

class SplitsTest {
    private static List<String> cohort(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("myops_%03d", i)).toList();
    }

    @ParameterizedTest(name = "{0} cases")
    @ValueSource(ints = {5, 7, 20, 25, 101})
    void theThreeListsAreDisjointAndTheTestFoldsPartitionTheCohort(int n) {
        List<String> cases = cohort(n);
        Splits splits = Splits.draw(cases, 42);
        List<String> tested = new ArrayList<>();
        for (int k = 0; k < Schedules.FOLDS; k++) {
            Split fold = splits.fold(k);
            Set<String> train = new HashSet<>(fold.train());
            Set<String> validation = new HashSet<>(fold.validation());
            Set<String> test = new HashSet<>(fold.test());
            assertTrue(train.stream().noneMatch(validation::contains), "fold " + k + ": train and validation overlap");
            assertTrue(train.stream().noneMatch(test::contains), "fold " + k + ": train and test overlap");
            assertTrue(validation.stream().noneMatch(test::contains), "fold " + k + ": validation and test overlap");
            assertEquals(n, train.size() + validation.size() + test.size(), "fold " + k + " covers the cohort");
            assertTrue(!validation.isEmpty() && !test.isEmpty(), "fold " + k);
            assertEquals(Math.max(1, (n - test.size()) / Schedules.FOLDS), validation.size());
            tested.addAll(fold.test());
        }
        assertEquals(cases, tested.stream().sorted().toList(), "every case is tested exactly once");
    }

    @Test
    void foldsAreDrawnBySeedNotInBlocksOfSortedNames() {
        List<String> cases = cohort(25);
        List<String> reversed = new ArrayList<>(cases);
        java.util.Collections.reverse(reversed);
        assertEquals(Splits.draw(cases, 7), Splits.draw(reversed, 7), "the same seed gives the same folds, in any input order");
        assertNotEquals(Splits.draw(cases, 7), Splits.draw(cases, 8));
        List<List<String>> blocks = IntStream.range(0, 5).mapToObj(k -> cases.subList(5 * k, 5 * k + 5)).toList();
        assertTrue(IntStream.range(0, 5).anyMatch(k -> !blocks.get(k).equals(Splits.draw(cases, 7).fold(k).test())));
    }

    @Test
    void aTrainingFoldValidatesOnTheTestCasesAndTrainsOnEveryOther() {
        Splits splits = Splits.draw(cohort(12), 3);
        Split training = splits.trainingFold(1);
        assertEquals(splits.fold(1).test(), training.validation());
        assertEquals(List.of(), training.test());
        assertEquals(12, training.train().size() + training.validation().size());
    }

    @Test
    void splitsAndASplitSurviveTheirFiles(@TempDir Path dir) {
        Splits splits = Splits.draw(cohort(9), 5);
        splits.write(dir.resolve("splits.json"));
        assertEquals(splits, Splits.read(dir.resolve("splits.json")));
        splits.fold(3).write(dir.resolve("split.json"));
        assertEquals(splits.fold(3), Split.read(dir.resolve("split.json")));
    }

    @Test
    void aCaseInTwoListsOrTooFewCasesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Split(1, 0, List.of("a", "b"), List.of("b"), List.of("c")));
        assertEquals("cross-validation needs at least 5 labelled cases, found 3",
                assertThrows(MfunetException.class, () -> Splits.draw(List.of("a", "b", "c"), 1)).getMessage());
        assertEquals("--fold must be 0..4, got 5",
                assertThrows(MfunetException.class, () -> Splits.draw(cohort(7), 1).fold(5)).getMessage());
    }
}
