package org.mfunet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;

/**
 * Which cases one training run trains on, validates on (early stopping and the choice of the best epoch) and leaves
 * for testing: one fold of {@link Splits}, recorded as {@code split.json} in the run folder. The three lists are
 * disjoint; the test cases never influence training or model selection.
 *
 * @param seed       seed the cohort's splits were drawn with
 * @param fold       the fold, 0..{@value Schedules#FOLDS} - 1
 * @param train      cases trained on, sorted
 * @param validation cases validated on, sorted
 * @param test       held-out cases, sorted; empty for a run that is not part of a cross-validation
 */
public record Split(long seed, int fold, List<String> train, List<String> validation, List<String> test) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Split {
        train = List.copyOf(train).stream().sorted().toList();
        validation = List.copyOf(validation).stream().sorted().toList();
        test = List.copyOf(test).stream().sorted().toList();
        Set<String> seen = new HashSet<>();
        for (List<String> part : List.of(train, validation, test)) {
            for (String name : part) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("split of fold " + fold + ": case " + name + " is in two of train,"
                            + " validation and test");
                }
            }
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("split of fold " + fold + " needs training and validation cases");
        }
    }

    /** Every case of the split, sorted. */
    public List<String> cases() {
        return Stream.of(train, validation, test).flatMap(List::stream).sorted().toList();
    }

    /** Writes the split as JSON, atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, JsonFiles.toJson(JSON, this));
    }

    /**
     * Reads a split written by {@link #write}.
     *
     * @throws MfunetException naming the file when it is not a split
     */
    public static Split read(Path file) {
        return JsonFiles.read(JSON, file, Split.class, "split");
    }

    /** The same split: same cases in each part (the seed and fold number aside). */
    public boolean sameCases(Split other) {
        Objects.requireNonNull(other, "other");
        return train.equals(other.train) && validation.equals(other.validation) && test.equals(other.test);
    }
}
