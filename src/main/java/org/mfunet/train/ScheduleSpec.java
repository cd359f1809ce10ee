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
 * phases.
 *
 * @param kind        "kfold" or "alternating"
 * @param fold        validation fold of a k-fold run, 0..4
 * @param epochs      epochs of a k-fold run (already scaled or overridden)
 * @param epochsScale factor on the alternating schedule's epoch counts
 */
public record ScheduleSpec(String kind, int fold, int epochs, double epochsScale) {
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
    }

    /** The phases over the given labelled cases. */
    public List<Phase> phases(List<String> caseNames, double learningRate) {
        return kind.equals(KFOLD)
                ? Schedules.kfold(caseNames, fold, epochs, learningRate)
                : Schedules.alternating(caseNames, epochsScale);
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
