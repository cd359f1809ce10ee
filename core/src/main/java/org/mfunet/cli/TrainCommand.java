package org.mfunet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.data.SequenceDropout;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.train.ScheduleSpec;
import org.mfunet.train.Splits;
import org.mfunet.train.TrainingConfig;
import org.mfunet.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet train --data DIR --out RUN ...}: trains MFU-Net the paper's way, or resumes a run. */
@Command(name = "train", header = "Train MFU-Net on labelled MyoPS cases, or resume a run.", description = "Train MFU-Net on labelled MyoPS cases (dynamic resampling, Tversky + focal"
        + " loss, Adam with exponential decay, early stopping); writes checkpoints, metrics.jsonl, curves.png and"
        + " the final models RUN/last and RUN/best.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of MyoPS cases"
            + " (<prefix>_<id>_DE[_C0][_T2]_gd.nii[.gz]; a case may lack its C0 or T2).")
    Path data;

    @Option(names = "--labels", paramLabel = "DIR", description = "Separate folder of the _gd label files.")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder (must not hold a run unless --resume).")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "cpu-small", completionCandidates = PresetNames.class,
            description = "Network and training preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "Training settings JSON (as training.json of a run); replaces the preset's.")
    Path config;

    @Option(names = "--model-config", paramLabel = "FILE", description = "Network settings JSON (as model.json of a run); replaces the preset's.")
    Path modelConfig;

    @Option(names = "--spacing", paramLabel = "MM", description = "In-plane pixel spacing the network works at, mm"
            + " (default: the preset's; the paper preset takes the training cohort's median).")
    Double spacing;

    @Option(names = "--alignment", paramLabel = "MM", description = "Largest in-plane shift searched when aligning each"
            + " slice's LGE and T2 to its bSSFP, mm; 0 for cohorts already registered (default: the preset's, "
            + Presets.ALIGNMENT_MM + " mm).")
    Double alignment;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "kfold",
            description = "kfold (one fold of 5) or alternating (paper Sec. 3.2) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--fold", paramLabel = "K", defaultValue = "0", description = "Validation fold of kfold, 0..4 (default: ${DEFAULT-VALUE}).")
    int fold;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "" + Splits.DEFAULT_SEED,
            description = "Seed of the random five folds of the cohort (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of a kfold run (default: the config's, times --epochs-scale).")
    Integer epochs;

    @Option(names = "--epochs-scale", paramLabel = "F", defaultValue = "1", description = "Factor on every phase's epoch count (default: ${DEFAULT-VALUE}).")
    double epochsScale;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint with its recorded settings.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of all random choices (default: the config's).")
    Long seed;

    @Option(names = "--sequence-dropout", paramLabel = "T2,BSSFP", split = ",", hideParamSyntax = true,
            description = "Probabilities with which a training patch loses its T2 and, apart, its bSSFP (never its"
            + " LGE), e.g. 0,0 for none (default: the config's; 0.35,0.35 in cpu-small-dropout, none in paper and"
            + " cpu-small).")
    List<Double> sequenceDropout;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--init-encoders", paramLabel = "DIR", description = "Start the three encoders from pretrained ones"
            + " (RUN/encoders of mfunet pretrain; same depth, baseFilters and backbone); ignored with --resume.")
    Path initEncoders;

    @Mixin
    RecomputeOption recompute;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        threads.apply();
        MfuNetConfig model = modelConfig != null ? MfuNetConfig.fromJson(modelConfig) : Presets.byName(preset);
        if (spacing != null) {
            if (!(spacing > 0) || spacing.isInfinite()) {
                throw new MfunetException("--spacing " + spacing + ": give a positive number of mm");
            }
            model = model.withPixelSpacingMm(spacing);
        }
        if (alignment != null) {
            if (!(alignment >= 0) || alignment.isInfinite()) {
                throw new MfunetException("--alignment " + alignment + ": give 0 or a positive number of mm");
            }
            model = model.withAlignmentMm(alignment);
        }
        TrainingConfig training = config != null ? TrainingConfig.fromJson(config) : TrainingConfig.preset(preset);
        if (seed != null) {
            training = training.withSeed(seed);
        }
        if (sequenceDropout != null) {
            training = training.withSequenceDropout(sequenceDropout(sequenceDropout));
        }
        if (epochs != null && schedule.equalsIgnoreCase(ScheduleSpec.ALTERNATING)) {
            throw new MfunetException("--epochs applies to the kfold schedule; scale the alternating one with --epochs-scale");
        }
        int kfoldEpochs = epochs != null ? epochs : Math.max(1, (int) Math.round(training.epochs() * epochsScale));
        ScheduleSpec spec = new ScheduleSpec(schedule, fold, kfoldEpochs, epochsScale, splitSeed, false);
        var console = this.spec.commandLine().getOut();
        TrainingRun.Result result = TrainingRun.train(TrainingRun.Request.of(data, out, model, training, spec)
                .withLabels(labels).withResume(resume).withDevice(device.name)
                .withInitEncoders(initEncoders).withRecomputeLevels(recompute.requested()), console);
        console.printf("trained %d epochs; models in %s and %s%n", result.epochs(), result.run().lastModel(),
                result.run().bestModel());
        return 0;
    }

    private static SequenceDropout sequenceDropout(List<Double> values) {
        if (values.size() != 2 || values.stream().anyMatch(p -> !(p >= 0 && p <= 1))) {
            throw new MfunetException("--sequence-dropout " + values.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + ": give two probabilities in [0, 1], for the T2"
                    + " and the bSSFP, e.g. 0.25,0.25");
        }
        return new SequenceDropout(values.get(0), values.get(1));
    }
}
