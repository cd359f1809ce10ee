package org.mfunet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;

/**
 * The five-fold splits of a cohort, drawn once with a recorded seed and kept as {@code splits.json} (as nnU-Net's
 * {@code splits_final.json}): the cases are shuffled by the seed and cut into five test folds that partition the
 * cohort; within fold k, a seeded fifth of the other cases (at least one) validates and the rest trains. A random
 * draw, not blocks of sorted names, so that a centre or a scanner whose cases share a name prefix is spread over the
 * folds.
 *
 * @param seed  the seed the folds were drawn with
 * @param folds the {@value Schedules#FOLDS} folds, fold k at index k
 */
public record Splits(long seed, List<Split> folds) {
    /** Seed of the splits when none is given: splits stay the same across training seeds and variants. */
    public static final long DEFAULT_SEED = 2020;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Splits {
        folds = List.copyOf(folds);
        if (folds.size() != Schedules.FOLDS) {
            throw new IllegalArgumentException("splits need " + Schedules.FOLDS + " folds, have " + folds.size());
        }
    }

    /**
     * Draws the splits of a cohort.
     *
     * @param caseNames the labelled cases, in any order; at least {@value Schedules#FOLDS}
     * @throws MfunetException when the cohort is too small
     */
    public static Splits draw(List<String> caseNames, long seed) {
        List<String> cases = new ArrayList<>(caseNames.stream().distinct().sorted().toList());
        if (cases.size() < Schedules.FOLDS) {
            throw new MfunetException("cross-validation needs at least " + Schedules.FOLDS + " labelled cases, found "
                    + cases.size());
        }
        Random random = new Random(seed);
        Collections.shuffle(cases, random);
        List<Split> folds = new ArrayList<>();
        for (int k = 0; k < Schedules.FOLDS; k++) {
            List<String> test = cases.subList(k * cases.size() / Schedules.FOLDS, (k + 1) * cases.size() / Schedules.FOLDS);
            List<String> rest = new ArrayList<>(cases.stream().filter(c -> !test.contains(c)).sorted().toList());
            Collections.shuffle(rest, new Random(seed * 31 + k));
            int validationCount = Math.max(1, rest.size() / Schedules.FOLDS);
            folds.add(new Split(seed, k, rest.subList(validationCount, rest.size()), rest.subList(0, validationCount), test));
        }
        return new Splits(seed, folds);
    }

    /** Fold {@code k}. */
    public Split fold(int k) {
        if (k < 0 || k >= Schedules.FOLDS) {
            throw new MfunetException("--fold must be 0.." + (Schedules.FOLDS - 1) + ", got " + k);
        }
        return folds.get(k);
    }

    /**
     * Fold {@code k} for a training run outside a cross-validation: its test cases validate and every other case
     * trains, so nothing is held out and the validation fold is the same as the cross-validation's test fold.
     */
    public Split trainingFold(int k) {
        Split f = fold(k);
        List<String> train = new ArrayList<>(f.train());
        train.addAll(f.validation());
        return new Split(seed, k, train, f.test(), List.of());
    }

    /** All cases, sorted. */
    public List<String> cases() {
        return folds.get(0).cases();
    }

    /** Writes {@code splits.json}, atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, JsonFiles.toJson(JSON, this));
    }

    /**
     * Reads {@code splits.json}.
     *
     * @throws MfunetException naming the file when it is not a record of splits
     */
    public static Splits read(Path file) {
        return JsonFiles.read(JSON, file, Splits.class, "splits record");
    }
}
