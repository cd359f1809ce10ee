package org.mfunet;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The layout of a run folder: every path that training, pretraining and the steps after them (prediction,
 * evaluation, report) keep in a run comes from here, and no other code spells a file name of the run.
 *
 * <pre>
 * RUN/model.json            network settings             RUN/metrics.jsonl       one line per epoch
 * RUN/training.json         training settings            RUN/curves.png          training curves
 * RUN/schedule.json         the schedule                 RUN/last.ckpt, best.ckpt  checkpoints
 * RUN/split.json            cases trained, validated on  RUN/splits.json         the cohort's folds (alternating)
 * RUN/data.json             the data folders trained on  RUN/last/, RUN/best/    saved models
 * RUN/init-encoders.json    pretrained encoders used     RUN/best-model.json     best model's epoch, validation Dice
 * RUN/pretraining.json      pretraining settings         RUN/predictions/        segmentations of held-out cases
 * RUN/encoders/             pretrained encoders          RUN/evaluation.json     their metrics
 *                                                        RUN/report/             the HTML report
 * </pre>
 *
 * @param dir the run folder
 */
public record RunFolder(Path dir) {
    /** Name of a folder of predicted segmentations, in a run or beside one (a cross-validation fold). */
    public static final String PREDICTIONS = "predictions";
    /** Name of a cohort's folds ({@code Splits}), in an alternating run or a cross-validation folder. */
    public static final String SPLITS = "splits.json";
    /** Name of the metrics file of the predictions in {@link #PREDICTIONS}, in the same folder. */
    public static final String EVALUATION = "evaluation.json";

    public RunFolder {
        Objects.requireNonNull(dir, "dir");
    }

    /** The run folder {@code dir}. */
    public static RunFolder of(Path dir) {
        return new RunFolder(dir);
    }

    /** Network settings the run trained with ({@code model.json}). */
    public Path modelSettings() {
        return dir.resolve("model.json");
    }

    /** Training settings ({@code training.json}). */
    public Path trainingSettings() {
        return dir.resolve("training.json");
    }

    /** The schedule of phases and folds ({@code schedule.json}). */
    public Path schedule() {
        return dir.resolve("schedule.json");
    }

    /** The cases a k-fold run trained, validated and held out ({@code split.json}). */
    public Path split() {
        return dir.resolve("split.json");
    }

    /** The cohort's folds an alternating run validated on in turn ({@code splits.json}). */
    public Path splits() {
        return dir.resolve(SPLITS);
    }

    /** The data folders the run trained on ({@code data.json}). */
    public Path dataFolders() {
        return dir.resolve("data.json");
    }

    /** The pretrained encoder file the network started from ({@code init-encoders.json}). */
    public Path initEncoders() {
        return dir.resolve("init-encoders.json");
    }

    /** Settings of a pretraining run ({@code pretraining.json}). */
    public Path pretrainingSettings() {
        return dir.resolve("pretraining.json");
    }

    /** The pretrained encoders of a pretraining run ({@code encoders/}). */
    public Path encoders() {
        return dir.resolve("encoders");
    }

    /** One JSON object per completed epoch ({@code metrics.jsonl}). */
    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    /**
     * The epoch of the best model, the one {@code predict} uses, with its Dice on the whole validation cases
     * ({@code best-model.json}, one epoch record as in {@link #metrics()}).
     */
    public Path bestModelMetrics() {
        return dir.resolve("best-model.json");
    }

    /** Training curves ({@code curves.png}). */
    public Path curves() {
        return dir.resolve("curves.png");
    }

    /** Checkpoint of the last completed epoch, the one a resume starts from ({@code last.ckpt}). */
    public Path lastCheckpoint() {
        return dir.resolve("last.ckpt");
    }

    /** Checkpoint of the epoch with the lowest validation loss ({@code best.ckpt}). */
    public Path bestCheckpoint() {
        return dir.resolve("best.ckpt");
    }

    /** Saved model of the last epoch ({@code last/}). */
    public Path lastModel() {
        return dir.resolve("last");
    }

    /** Saved model of the best epoch ({@code best/}). */
    public Path bestModel() {
        return dir.resolve("best");
    }

    /** The saved models in the order a run is used for prediction: best first, then last. */
    public List<Path> savedModels() {
        return List.of(bestModel(), lastModel());
    }

    /** Segmentations of held-out cases ({@code predictions/}). */
    public Path predictions() {
        return dir.resolve(PREDICTIONS);
    }

    /** Metrics of the held-out segmentations ({@code evaluation.json}). */
    public Path evaluation() {
        return dir.resolve(EVALUATION);
    }

    /** The HTML report ({@code report/}). */
    public Path report() {
        return dir.resolve("report");
    }
}
