package org.mfunet.train;

import org.mfunet.AtomicFiles;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Objects;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.Sequence;
import org.mfunet.data.SlicePreparation;
import org.mfunet.infer.SliceInference;
import org.mfunet.model.EncoderFiles;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;

/**
 * A training run in a folder: records {@code model.json}, {@code training.json}, {@code schedule.json}, the cases it
 * trains and validates on ({@code split.json}, or the folds of an alternating run in {@code splits.json}) and
 * {@code data.json} (the data folders), {@code init-encoders.json} when pretrained encoders started the network,
 * trains with progress, metrics, curves, checkpoints and early stopping, and finally saves the last and the
 * best weights as model folders {@code RUN/last} and {@code RUN/best} ({@link ModelFiles} format); {@link RunFolder} names every file.
 * {@code --resume} continues from {@code last.ckpt} with the settings recorded in the folder.
 */
public final class TrainingRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingRun() {
    }

    /**
     * What to train. Build it with {@link #of} and the {@code withX} copies.
     *
     * @param data     folder of MyoPS images (and labels unless {@code labels} is given)
     * @param labels   separate folder of {@code _gd} files, or null
     * @param out      run folder
     * @param model    network settings (ignored on resume)
     * @param training training settings (ignored on resume)
     * @param schedule schedule (ignored on resume)
     * @param resume   continue the run in {@code out}
     * @param device   "auto", "cpu", "gpu" or "gpu:N"
     * @param initEncoders folder of pretrained encoders ({@link EncoderFiles}) that replace the encoders' random
     *                 initialisation, or null; ignored on resume, where the checkpoint holds the weights
     * @param recomputeLevels replaces {@link TrainingConfig#recomputeLevels()}, also on resume (it changes memory and
     *                 time, not the result); null keeps the setting
     */
    public record Request(Path data, Path labels, RunFolder out, MfuNetConfig model, TrainingConfig training,
                         ScheduleSpec schedule, boolean resume, String device, Path initEncoders, Integer recomputeLevels) {
        public Request {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(device, "device");
        }

        /** A new run of {@code schedule} on the images (and labels) of {@code data}, on the "auto" device. */
        public static Request of(Path data, Path out, MfuNetConfig model, TrainingConfig training, ScheduleSpec schedule) {
            return new Request(data, null, RunFolder.of(out), model, training, schedule, false, "auto", null, null);
        }

        public Request withLabels(Path value) {
            return new Request(data, value, out, model, training, schedule, resume, device, initEncoders,
                    recomputeLevels);
        }

        public Request withResume(boolean value) {
            return new Request(data, labels, out, model, training, schedule, value, device, initEncoders,
                    recomputeLevels);
        }

        public Request withDevice(String value) {
            return new Request(data, labels, out, model, training, schedule, resume, value, initEncoders,
                    recomputeLevels);
        }

        public Request withInitEncoders(Path value) {
            return new Request(data, labels, out, model, training, schedule, resume, device, value,
                    recomputeLevels);
        }

        public Request withRecomputeLevels(Integer value) {
            return new Request(data, labels, out, model, training, schedule, resume, device, initEncoders,
                    value);
        }
    }

    /**
     * What a finished run reports.
     *
     * @param epochs the epochs of the whole run
     * @param best   the metrics of the best model's epoch (the model {@code predict} uses), its validation Dice filled
     *               in on the whole validation cases when that epoch had not scored them
     * @param run    the run folder
     */
    public record Result(int epochs, EpochMetrics best, RunFolder run) {
    }

    /** Runs or resumes training; per-epoch lines go to {@code out}. */
    public static Result train(Request request, PrintWriter out) {
        RunFolder run = request.out();
        MfuNetConfig model;
        TrainingConfig training;
        ScheduleSpec schedule;
        if (request.resume()) {
            if (!Files.isRegularFile(run.lastCheckpoint())) {
                throw new MfunetException("--out " + run.dir() + ": no " + run.lastCheckpoint().getFileName() + " to resume from");
            }
            model = MfuNetConfig.fromJson(run.modelSettings());
            training = TrainingConfig.fromJson(run.trainingSettings());
            schedule = ScheduleSpec.fromJson(run.schedule());
        } else {
            model = request.model();
            training = request.training();
            schedule = request.schedule();
            refuseExistingRun(run);
        }
        if (request.recomputeLevels() != null) {
            training = training.withRecomputeLevels(request.recomputeLevels());
        }
        if (training.recomputeLevels() > model.depth()) {
            throw new MfunetException("cannot recompute " + training.recomputeLevels() + " encoder levels: the network's"
                    + " encoders have " + model.depth() + " (--recompute-levels, or recomputeLevels of the training config)");
        }
        // Damaged checkpoints and bad data are refused before the run folder gets any file.
        if (request.resume()) {
            Checkpoint.verify(run.lastCheckpoint());
        }
        if (request.resume() && request.initEncoders() != null) {
            out.println("note: --init-encoders is ignored with --resume: the checkpoint holds the weights");
        }
        EncoderFiles.Pretrained encoders = request.resume() || request.initEncoders() == null ? null
                : EncoderFiles.read(request.initEncoders(), model);
        Map<String, CaseVolumes> cases = labelledCases(request.data(), request.labels());
        List<String> partial = cases.values().stream().filter(c -> !c.source().complete())
                .map(c -> c.source().name() + " (" + Sequence.describe(c.sequences()) + ")").toList();
        if (!partial.isEmpty()) {
            out.println(partial.size() + " of " + cases.size() + " cases lack a sequence and train with those they have: "
                    + String.join(", ", partial));
        }
        if (model.pixelSpacingMm() == 0) {
            double median = CaseVolumes.medianInPlaneSpacing(cases.values());
            model = model.withPixelSpacingMm(median);
            out.println(String.format(Locale.ROOT, "pixel spacing: %.3f mm, the median of the %d training cases", median,
                    cases.size()));
        }
        SlicePreparation preparation = new SlicePreparation(model.pixelSpacingMm(), model.alignmentMm());
        List<PreparedSlice> slices = new ArrayList<>();
        cases.values().forEach(c -> slices.addAll(preparation.prepare(c)));
        List<String> names = List.copyOf(cases.keySet());
        if (request.resume()) {
            requireRecordedFolds(run, schedule, names);
        }
        List<Phase> phases = schedule.phases(names, training.learningRate());
        if (!request.resume()) {
            startRunFolder(run, model, training, schedule);
            if (schedule.kind().equals(ScheduleSpec.KFOLD)) {
                schedule.split(names).write(run.split());
            } else {
                schedule.splits(names).write(run.splits());
            }
            new DataFolders(request.data(), request.labels()).write(run);
            if (encoders != null) {
                recordInitialisation(run, encoders.file());
            }
        }
        Device device = Engines.device(request.device());
        try (NDManager manager = Engines.engine().newBaseManager(device)) {
            Engine.getInstance().setRandomSeed((int) Trainer.epochSeed(training.seed(), 0));
            MfuNet net = new MfuNet(model);
            net.initialize(manager, new Random(training.seed()));
            if (encoders != null) {
                encoders.copyInto(net);
            }
            List<TrainingListener> listeners = List.of(ProgressListener.forConsole(out), new EarlyStopping(training.patience(),
                    training.minDelta()), new MetricsJsonlListener(run), new CurvesListener(run), new CheckpointListener(run));
            Checkpoint resume = request.resume() ? Checkpoint.read(run.lastCheckpoint(), manager) : null;
            CaseValidation validation = new WholeVolumeValidation(cases, preparation, SliceInference.of(model.inputSide()));
            List<EpochMetrics> history = new Trainer(net, manager, training, model.inputSide(), model.sideMultiple(),
                    validation, listeners).run(phases, slices, resume);
            ModelFiles.save(run.lastModel(), net, model);
            try (NDManager bestScope = manager.newSubManager()) {
                Checkpoint best = Checkpoint.read(run.bestCheckpoint(), bestScope);
                Trainer.loadWeights(net, best.weights());
                ModelFiles.save(run.bestModel(), net, model);
                List<EpochMetrics> bestHistory = best.progress().history();
                EpochMetrics bestEpoch = bestHistory.get(bestHistory.size() - 1);
                if (bestEpoch.validationDice().isEmpty()) {
                    // Dice is scored every few epochs; the model predict will use is scored here if its epoch was not.
                    bestEpoch = bestEpoch.withValidationDice(Trainer.caseDice(net, manager, model.sideMultiple(),
                            validation, phases.get(bestEpoch.phase()).validationCases()));
                }
                MetricsFile.writeBestModel(run, bestEpoch);
                out.println("best model: " + ProgressListener.bestModelSummary(bestEpoch) + " (what predict uses)");
                return new Result(history.size(), bestEpoch, run);
            }
        }
    }

    /** A resumed run must go on with the folds it recorded, not folds drawn from other cases or in another way. */
    private static void requireRecordedFolds(RunFolder run, ScheduleSpec schedule, List<String> names) {
        boolean kfold = schedule.kind().equals(ScheduleSpec.KFOLD);
        Path file = kfold ? run.split() : run.splits();
        if (!Files.isRegularFile(file)) {
            throw new MfunetException("--out " + run.dir() + ": no " + file.getFileName() + ": the run was started before"
                    + " its folds were recorded (they were blocks of sorted case names), so it cannot resume on the same"
                    + " folds; start a new run");
        }
        boolean same = kfold ? Split.read(file).sameCases(schedule.split(names))
                : Splits.read(file).equals(schedule.splits(names));
        if (!same) {
            throw new MfunetException(file + ": the run was trained on other folds than the data gives now; resume it"
                    + " with the data it was started on");
        }
    }

    private static void refuseExistingRun(RunFolder run) {
        for (Path recorded : List.of(run.lastCheckpoint(), run.trainingSettings(), run.modelSettings(), run.metrics())) {
            if (Files.exists(recorded)) {
                throw new MfunetException("--out " + run.dir() + " already holds a training run: add --resume to continue it"
                        + " or choose another folder");
            }
        }
    }

    private static void startRunFolder(RunFolder run, MfuNetConfig model, TrainingConfig training, ScheduleSpec schedule) {
        try {
            Files.createDirectories(run.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(run.modelSettings(), model.toJson());
        AtomicFiles.writeString(run.trainingSettings(), training.toJson());
        AtomicFiles.writeString(run.schedule(), schedule.toJson());
    }

    /** Records in {@link RunFolder#initEncoders()} the absolute encoder file the network started from. */
    private static void recordInitialisation(RunFolder run, Path encodersFile) {
        try {
            AtomicFiles.writeString(run.initEncoders(), JSON.writeValueAsString(
                    Map.of("encoders", encodersFile.toAbsolutePath().normalize().toString())));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The labelled cases of the data folder by name, in name order, loaded and checked. */
    private static Map<String, CaseVolumes> labelledCases(Path data, Path labels) {
        Map<String, CaseVolumes> cases = new LinkedHashMap<>();
        for (MyopsCase c : MyopsCohort.scan(data, labels)) {
            if (c.labelled()) {
                cases.put(c.name(), CaseVolumes.load(c));
            }
        }
        if (cases.isEmpty()) {
            throw new MfunetException("--data " + data + ": no labelled case to train on (labels are <prefix>_<id>_gd.nii[.gz])");
        }
        return cases;
    }
}
