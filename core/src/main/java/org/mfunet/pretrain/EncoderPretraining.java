package org.mfunet.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.RandomAugmentation;
import org.mfunet.data.SlicePreparation;
import org.mfunet.model.EncoderFiles;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ReconstructionNet;
import org.mfunet.train.AdamOptimizer;
import org.mfunet.train.DataFolders;
import org.mfunet.train.Trainer;

/**
 * Unsupervised pretraining of MFU-Net's sequence encoders in a run folder: every step draws a batch of
 * (dynamically resampled, augmented) patches of the cohort's slices, ignoring any labels, and trains a
 * {@link ReconstructionNet} to reconstruct its three sequences with the {@link ReconstructionLoss} and Adam
 * (constant learning rate). The folder ({@link RunFolder}) gets {@code model.json}, {@code pretraining.json},
 * {@code data.json},
 * {@code metrics.jsonl} (one {@link PretrainingEpoch} per line, rewritten each epoch) and finally the encoders in
 * {@code RUN/encoders} ({@link EncoderFiles}), which {@code train --init-encoders} reads. Every random
 * choice of epoch e is drawn from a generator seeded by (seed, e), so a seed fixes the run. There is no resume:
 * pretraining runs are short.
 */
public final class EncoderPretraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EncoderPretraining() {
    }

    /**
     * What to pretrain.
     *
     * @param data        folder of MyoPS cases; label files, if any, are not used
     * @param out         run folder; must not hold a pretraining run
     * @param model       network settings (depth, baseFilters and backbone shape the encoders; inputSide the slices)
     * @param pretraining pretraining settings
     * @param device      "auto", "cpu", "gpu" or "gpu:N"
     */
    public record Request(Path data, Path out, MfuNetConfig model, PretrainingConfig pretraining, String device) {
    }

    /**
     * What a finished run reports.
     *
     * @param history  the metrics of every epoch
     * @param encoders the folder of the pretrained encoders
     */
    public record Result(List<PretrainingEpoch> history, Path encoders) {
        public Result {
            history = List.copyOf(history);
        }
    }

    /** Runs the pretraining; one line per epoch goes to {@code out}. */
    public static Result run(Request request, PrintWriter out) {
        RunFolder dir = RunFolder.of(request.out());
        MfuNetConfig model = request.model();
        PretrainingConfig settings = request.pretraining();
        refuseExistingRun(dir);
        // Bad data is refused before the run folder gets any file.
        List<CaseVolumes> cases = unlabelledCases(request.data(), out);
        if (model.pixelSpacingMm() == 0) {
            model = model.withPixelSpacingMm(CaseVolumes.medianInPlaneSpacing(cases));
        }
        SlicePreparation preparation = new SlicePreparation(model.pixelSpacingMm(), model.alignmentMm());
        List<PreparedSlice> slices = new ArrayList<>();
        cases.forEach(c -> slices.addAll(preparation.prepare(c)));
        startRunFolder(dir, model, settings, request.data());
        Device device = Engines.device(request.device());
        int steps = settings.stepsPerEpoch() > 0 ? settings.stepsPerEpoch() : Math.max(1, slices.size() / settings.baseBatch());
        DynamicPatchSampler sampler = new DynamicPatchSampler(slices, model.inputSide(), settings.baseBatch(), 0, settings.resampling(),
                model.sideMultiple());
        RandomAugmentation augmentation = new RandomAugmentation(settings.augmentation());
        out.println(String.format(Locale.ROOT, "pretraining encoders: %d epochs of %d steps, lr %.1e, on %d slices of %d cases",
                settings.epochs(), steps, settings.learningRate(), slices.size(),
                slices.stream().map(PreparedSlice::caseName).distinct().count()));
        out.flush();
        try (NDManager manager = Engines.engine().newBaseManager(device);
             AdamOptimizer adam = AdamOptimizer.standard(manager)) {
            ReconstructionNet net = new ReconstructionNet(model);
            net.initialize(manager, new Random(settings.seed()));
            ParameterStore store = new ParameterStore(manager, false);
            List<PretrainingEpoch> history = new ArrayList<>();
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long started = System.nanoTime();
                Random random = new Random(Trainer.epochSeed(settings.seed(), epoch));
                double[] sums = new double[3];
                for (int step = 0; step < steps; step++) {
                    float[] losses = step(net, store, adam, augmentation, sampler, random, settings.learningRate(), epoch);
                    for (int s = 0; s < sums.length; s++) {
                        sums[s] += losses[s];
                    }
                }
                double lge = sums[0] / steps;
                double t2 = sums[1] / steps;
                double bssfp = sums[2] / steps;
                history.add(new PretrainingEpoch(epoch, settings.learningRate(), (lge + t2 + bssfp) / 3, lge, t2, bssfp,
                        (System.nanoTime() - started) / 1e9));
                JsonFiles.writeLines(JSON, dir.metrics(), history);
                report(out, history.get(history.size() - 1), settings.epochs());
            }
            Path encoders = dir.encoders();
            EncoderFiles.save(encoders, net);
            return new Result(history, encoders);
        }
    }

    /**
     * One Adam step on a fresh batch; a batch whose gradients are not finite is discarded (the optimiser leaves the
     * weights alone) and another drawn.
     *
     * @return the per-sequence L1 of the batch that was applied: (LGE, T2, bSSFP)
     */
    private static float[] step(ReconstructionNet net, ParameterStore store, AdamOptimizer adam,
                                RandomAugmentation augmentation, DynamicPatchSampler sampler, Random random, double lr,
                                int epoch) {
        for (int discarded = 0; discarded < Trainer.MAX_DISCARDED_IN_A_ROW; discarded++) {
            PatchBatch batch = augmentation.apply(sampler.sample(random), random);
            try (NDManager scratch = store.getManager().newSubManager()) {
                NDArray x = scratch.create(batch.images(), new Shape(batch.batch(), 3, batch.side(), batch.side()));
                float[] losses;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray reconstruction = net.forward(store, new NDList(x), true).singletonOrThrow();
                    NDArray perSequence = ReconstructionLoss.perSequence(reconstruction, x);
                    collector.backward(perSequence.mean());
                    losses = perSequence.toFloatArray();
                }
                if (adam.update(net.getParameters(), lr)) {
                    return losses;
                }
            }
        }
        throw new MfunetException("epoch " + epoch + ": " + Trainer.MAX_DISCARDED_IN_A_ROW + " batches in a row gave"
                + " non-finite gradients, pretraining diverged (try a lower learning rate)");
    }

    private static void report(PrintWriter out, PretrainingEpoch e, int epochs) {
        out.println(String.format(Locale.ROOT, "pretrain epoch %d/%d  L1 %.4f (LGE %.4f  T2 %.4f  bSSFP %.4f)  %.1fs",
                e.epoch(), epochs, e.loss(), e.lge(), e.t2(), e.bssfp(), e.seconds()));
        out.flush();
    }

    /**
     * Reads the epochs recorded in {@code RUN/metrics.jsonl} of a pretraining run, in file order.
     *
     * @throws MfunetException naming the file and line that is not an epoch record
     */
    public static List<PretrainingEpoch> readMetrics(RunFolder run) {
        return JsonFiles.readLines(JSON, run.metrics(), PretrainingEpoch.class,
                "a pretraining epoch record");
    }

    private static void refuseExistingRun(RunFolder dir) {
        for (Path recorded : List.of(dir.pretrainingSettings(), dir.metrics(), dir.encoders(), dir.trainingSettings())) {
            if (Files.exists(recorded)) {
                throw new MfunetException("--out " + dir.dir() + " already holds a run: choose another folder");
            }
        }
    }

    private static void startRunFolder(RunFolder dir, MfuNetConfig model, PretrainingConfig settings, Path data) {
        try {
            Files.createDirectories(dir.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(dir.modelSettings(), model.toJson());
        AtomicFiles.writeString(dir.pretrainingSettings(), settings.toJson());
        new DataFolders(data, null).write(dir);
    }

    /**
     * Every case of the folder that has all three sequences, without its labels, which pretraining never reads. The
     * reconstruction needs every sequence, so cases without one are left out, and said so on {@code out}.
     *
     * @throws MfunetException naming the folder when no case has all three
     */
    private static List<CaseVolumes> unlabelledCases(Path data, PrintWriter out) {
        List<CaseVolumes> cases = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (MyopsCase c : MyopsCohort.scan(data, null)) {
            if (c.complete()) {
                cases.add(CaseVolumes.load(new MyopsCase(c.prefix(), c.id(), c.images(), null)));
            } else {
                partial.add(c.name());
            }
        }
        if (cases.isEmpty()) {
            throw new MfunetException("--data " + data + ": pretraining rebuilds all three sequences, and no case has"
                    + " all three (LGE, T2 and bSSFP)");
        }
        if (!partial.isEmpty()) {
            out.println("pretraining leaves out " + partial.size() + " case(s) without all three sequences: "
                    + String.join(", ", partial));
        }
        return cases;
    }
}
