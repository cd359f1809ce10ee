package org.mfunet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mfunet.MfunetException;

/**
 * The schedule a run was started with, stored as {@code schedule.json} so {@code --resume} rebuilds the same
 * phases. Folds come from the cohort's {@link Splits}, drawn with {@code splitSeed}.
 *
 * @param kind        "kfold" or "alternating"
 * @param fold        the fold of a k-fold run, 0..4
 * @param epochs      epochs of a k-fold run (already scaled or overridden)
 * @param epochsScale factor on the alternating schedule's epoch counts
 * @param splitSeed   seed of the cohort's splits; files written before splits were drawn read as 0
 * @param holdOut     a k-fold run inside a cross-validation: fold k's test cases are held out and a fifth of the
 *                    others validates; otherwise fold k's test cases validate and all others train
 */
public record ScheduleSpec(String kind, int fold, int epochs, double epochsScale, long splitSeed, boolean holdOut) {
    public static final String KFOLD = "kfold";
    public static final String ALTERNATING = "alternating";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ScheduleSpec {
        kind = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals(KFOLD) && !kind.equals(ALTERNATING)) {
            throw new MfunetException("--schedule must be kfold or alternating, got '" + kind + "'");
        }
        if (epochs <= 0) {
            throw new MfunetException("--epochs must be positive, got " + epochs);
        }
        if (!(epochsScale > 0)) {
            throw new MfunetException("--epochs-scale must be positive, got " + epochsScale);
        }
        if (holdOut && !kind.equals(KFOLD)) {
            throw new IllegalArgumentException("only a kfold schedule holds a test fold out");
        }
    }

    /** A schedule of a run outside a cross-validation, on the splits of {@link Splits#DEFAULT_SEED}. */
    public static ScheduleSpec of(String kind, int fold, int epochs, double epochsScale) {
        return new ScheduleSpec(kind, fold, epochs, epochsScale, Splits.DEFAULT_SEED, false);
    }

    /** Fold {@code fold} of a cross-validation: its test cases held out, validation drawn from the other folds. */
    public static ScheduleSpec crossValidationFold(int fold, int epochs, long splitSeed) {
        return new ScheduleSpec(KFOLD, fold, epochs, 1.0, splitSeed, true);
    }

    /** The cohort's splits. */
    public Splits splits(List<String> caseNames) {
        return Splits.draw(caseNames, splitSeed);
    }

    /** The split of a k-fold run. */
    public Split split(List<String> caseNames) {
        if (!kind.equals(KFOLD)) {
            throw new IllegalStateException("an " + kind + " schedule validates on every fold in turn");
        }
        Splits splits = splits(caseNames);
        return holdOut ? splits.fold(fold) : splits.trainingFold(fold);
    }

    /** The phases over the given labelled cases. */
    public List<Phase> phases(List<String> caseNames, double learningRate) {
        return kind.equals(KFOLD)
                ? Schedules.kfold(split(caseNames), epochs, learningRate)
                : Schedules.alternating(splits(caseNames), epochsScale);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScheduleSpec fromJson(Path file) {
        try {
            return JSON.readValue(file.toFile(), ScheduleSpec.class);
        } catch (IOException e) {
            throw new MfunetException(file + ": not a valid schedule record: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
