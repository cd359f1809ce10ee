package org.mfunet.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.Sequence;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.infer.CohortPrediction;
import org.mfunet.infer.PredictionOptions;
import org.mfunet.infer.Predictor;
import org.mfunet.model.Engines;

/**
 * Predicts labelled cases with a trained run and evaluates the predictions against their own labels: the step
 * that cross-validation folds and the demo share, with the same prediction and the same metrics as the
 * {@code predict} and {@code evaluate} commands.
 */
public final class HeldOutEvaluation {
    private HeldOutEvaluation() {
    }

    /**
     * Segments {@code cases} with the run's model into {@code folder}/{@value RunFolder#PREDICTIONS}, evaluates
     * them and writes the metrics to {@code folder}/{@value RunFolder#EVALUATION}.
     *
     * @param run      the trained run (its best model, else its last)
     * @param cases    labelled cases, evaluated in this order
     * @param folder   where the predictions and the evaluation go
     * @param device   "auto", "cpu", "gpu" or "gpu:N"
     * @param what     names the job in the message when a case fails, e.g. {@code "demo"}
     * @param progress receives one line per case
     * @throws MfunetException when a case cannot be predicted
     */
    public static CohortEvaluation run(RunFolder run, List<MyopsCase> cases, Path folder, String device, String what,
            Consumer<String> progress) {
        return run(run, cases, folder, Sequence.all(), device, what, progress);
    }

    /**
     * As {@link #run(RunFolder, List, Path, String, String, Consumer)} with the network shown only {@code sequences} of
     * each case ({@link PredictionOptions#sequences()}): the others are ignored as if the case lacked them.
     */
    public static CohortEvaluation run(RunFolder run, List<MyopsCase> cases, Path folder, Set<Sequence> sequences,
            String device, String what, Consumer<String> progress) {
        Path predictions = folder.resolve(RunFolder.PREDICTIONS);
        CohortPrediction.Outcome outcome;
        try (Predictor predictor = Predictor.open(List.of(run.dir()), Engines.device(device), false)) {
            outcome = CohortPrediction.run(predictor, cases, predictions,
                    PredictionOptions.DEFAULT.withSequences(sequences), progress);
        }
        if (!outcome.failures().isEmpty()) {
            throw new MfunetException(what + ": prediction failed for " + String.join(", ", outcome.failures().keySet()));
        }
        CohortEvaluation evaluation = CohortEvaluator.evaluate(cases, predictions);
        try {
            EvaluationTables.writeJson(evaluation, folder.resolve(RunFolder.EVALUATION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return evaluation;
    }
}
