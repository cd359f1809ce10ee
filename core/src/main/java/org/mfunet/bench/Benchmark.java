package org.mfunet.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.PatchBatch;
import org.mfunet.infer.Predictor;
import org.mfunet.infer.SliceInference;
import org.mfunet.infer.SlidingWindow;
import org.mfunet.infer.TileNetwork;
import org.mfunet.model.InferenceNetwork;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelSummary;
import org.mfunet.train.AdamOptimizer;
import org.mfunet.train.SegmentationLoss;
import org.mfunet.train.Trainer;
import org.mfunet.train.TrainingConfig;

/**
 * Runs a {@link BenchPlan}: inference of the folded network, the matrix-multiply peak, the project's real
 * training step ({@link Trainer#step}: forward, loss, backward, Adam) with whole encoders recomputed, then as the
 * preset trains at the full size and at dynamic-resampling sizes, then with every activation kept, and a leak
 * check. The peak resident size is reset before each
 * phase, so each reports its own peak; phases run from the leanest to the hungriest, since the native allocator
 * keeps freed memory for reuse and the resident size never falls back. Inputs are seeded random images and
 * labels ({@link PatchBatch#random}): speed and memory do not depend on the pixel values.
 */
public final class Benchmark {
    private static final long SEED = 20200;
    private static final double LEARNING_RATE = 1e-4;
    private static final int MATMUL_REPEATS = 20;
    private static final int TRAINING_WARMUP = 2;

    private Benchmark() {
    }

    /**
     * Measures the plan on the CPU. The engine must not have loaded yet when threads are to be set
     * ({@link org.mfunet.model.Engines#threads}).
     *
     * @param threads  engine threads that were asked for, reported as is
     * @param progress receives one line per finished measurement
     */
    public static BenchResult run(BenchPlan plan, int threads, Consumer<String> progress) {
        double loadStart = loadAverage();
        MfuNetConfig config = plan.config();
        int side = config.inputSide();
        double forward = ModelSummary.of(config).gflops();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // Inference first, its peak taken from the start, as in a predict process: the native allocator keeps
            // freed memory for reuse, so whatever ran before would count in the peak of what runs after.
            ResidentMemory.resetPeak();
            double inferS;
            BenchResult.WholeSlice wholeSlice;
            try (InferenceNetwork folded = foldedNetwork(config, manager)) {
                inferS = inference(folded, manager, side, plan.repeats());
                wholeSlice = wholeSlice(folded, manager, plan.repeats(), inferS);
            }
            double inferPeak = ResidentMemory.peakMb();
            progress.accept(String.format(Locale.ROOT, "inference %d^2: %.3f s/slice, peak %.0f MiB", side, inferS,
                    inferPeak));
            progress.accept(String.format(Locale.ROOT, "whole %d^2 slice: plain window %.3f s (%d tiles), localised"
                    + " %.3f s (coarse pass %.3f s + %d tiles of a %d px heart box) = %.1f tiles' time",
                    BenchResult.WholeSlice.SIDE, wholeSlice.plainS(), wholeSlice.plainTiles(), wholeSlice.localisedS(),
                    wholeSlice.coarseS(), wholeSlice.localisedTiles(), wholeSlice.heartBoxPx(), wholeSlice.tilesPerSlice()));
            // A product takes a tenth of a second: the best of many is the peak, where the best of a few caught
            // a slow moment of this shared machine (98 against 143 GFLOP/s in two runs a minute apart).
            double peak = MatmulRate.measure(Device.cpu(), plan.matmulSide(),
                    Math.max(MATMUL_REPEATS, plan.repeats()));
            progress.accept(String.format(Locale.ROOT, "matmul %d^2: %.1f GFLOP/s", plan.matmulSide(), peak));

            MfuNet net = new MfuNet(config);
            net.initialize(manager, new Random(SEED));

            Random random = new Random(SEED);
            SegmentationLoss loss = TrainingConfig.PAPER.loss();
            ParameterStore store = new ParameterStore(manager, false);
            try (AdamOptimizer adam = AdamOptimizer.standard(manager)) {
                // From the least memory to the most, for the same reason: whole encoders recomputed, the preset's
                // setting, then every activation kept.
                BenchResult.Recomputation wholeEncoders = variant(plan, stepperWith(net, store, loss, adam, random,
                        config.depth()), "whole encoders recomputed", progress);

                ResidentMemory.resetPeak();
                Stepper stepper = stepperWith(net, store, loss, adam, random, plan.recomputeLevels());
                double trainS = median(plan.repeats(), stepper, side, plan.baseBatch());
                progress.accept(String.format(Locale.ROOT, "training step %d x %d^2, %d levels recomputed: %.3f s",
                        plan.baseBatch(), side, plan.recomputeLevels(), trainS));
                List<BenchResult.SizeStep> sizes = new ArrayList<>();
                for (int s : representativeSides(config)) {
                    int batch = DynamicPatchSampler.batchFor(plan.baseBatch(), side, s);
                    double stepS = s == side && batch == plan.baseBatch() ? trainS
                            : median(plan.repeats(), stepper, s, batch);
                    sizes.add(new BenchResult.SizeStep(s, batch, stepS, 3 * gflopAt(config, s) * batch / stepS));
                    progress.accept(String.format(Locale.ROOT, "training step %d x %d^2: %.3f s", batch, s, stepS));
                }
                double trainPeak = ResidentMemory.peakMb();
                BenchResult.Recomputation keepAll = plan.recomputeLevels() == 0 ? new BenchResult.Recomputation(trainS,
                        trainPeak) : variant(plan, stepperWith(net, store, loss, adam, random, 0),
                        "all activations kept", progress);

                double early = Double.NaN;
                for (int step = 1; step <= plan.leakLate(); step++) {
                    stepper.step(plan.leakSide(), plan.leakBatch());
                    if (step == plan.leakEarly()) {
                        early = nativeResidentMb();
                    }
                }
                double late = nativeResidentMb();
                BenchResult.LeakCheck leak = new BenchResult.LeakCheck(plan.leakSide(), plan.leakBatch(),
                        plan.leakEarly(), plan.leakLate(), early, late);
                progress.accept(String.format(Locale.ROOT, "leak check %d x %d^2: %.0f MiB after step %d,"
                        + " %.0f MiB after step %d", plan.leakBatch(), plan.leakSide(), early, plan.leakEarly(), late,
                        plan.leakLate()));
                double trainFlops = 3 * forward * plan.baseBatch();
                return new BenchResult(plan.name(), config, MachineInfo.current(), threads, loadStart, loadAverage(),
                        BenchResult.FLOPS_CONVENTION, forward, peak,
                        inferS, forward / inferS, forward / inferS / peak, inferPeak, wholeSlice,
                        plan.baseBatch(), side, plan.recomputeLevels(), trainS, trainFlops / trainS,
                        trainFlops / trainS / peak, trainPeak, List.copyOf(sizes), wholeEncoders, keepAll, leak,
                        100 * (late - early) / early);
            }
        }
    }

    /**
     * Resident size after a garbage collection, so that the Java heap growing into its reserve (batches are
     * built on the heap) is not taken for a leak of native memory.
     */
    private static double nativeResidentMb() {
        System.gc();
        return ResidentMemory.currentMb();
    }

    /** The smallest, a middle and the largest dynamic-resampling side of the configuration's region. */
    static int[] representativeSides(MfuNetConfig config) {
        int[] all = DynamicPatchSampler.sidesFor(config.inputSide(), config.sideMultiple());
        return Arrays.stream(new int[] {all[0], all[all.length / 2], all[all.length - 1]}).distinct().toArray();
    }

    private static double gflopAt(MfuNetConfig config, int side) {
        return side == config.inputSide() ? ModelSummary.of(config).gflops()
                : ModelSummary.of(config.withInputSide(side)).gflops();
    }

    /** A freshly initialised network of the configuration, folded in place as predict folds a network it read. */
    private static InferenceNetwork foldedNetwork(MfuNetConfig config, NDManager manager) {
        NDManager own = manager.newSubManager();
        MfuNet net = new MfuNet(config);
        net.initialize(own, new Random(SEED));
        return InferenceNetwork.adopt(net, own);
    }

    private static double inference(InferenceNetwork folded, NDManager manager, int side, int repeats) {
        float[] pixels = PatchBatch.random(1, side, new Random(SEED)).images();
        double[] times = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            try (NDManager slice = manager.newSubManager()) {
                long start = System.nanoTime();
                NDArray x = slice.create(pixels, new Shape(1, 3, side, side));
                NDList logits = folded.predict(x);
                logits.get(0).getFloat(0, 0, 0, 0);
                if (r >= 0) {
                    times[r] = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        return medianOf(times);
    }

    /** The whole-slice measurement of {@link BenchResult.WholeSlice}, median of the repeats. */
    private static BenchResult.WholeSlice wholeSlice(InferenceNetwork folded, NDManager manager, int repeats, double tileS) {
        int n = BenchResult.WholeSlice.SIDE;
        int tile = folded.config().inputSide();
        float[] image = PatchBatch.random(1, n, new Random(SEED)).images();
        TileNetwork network = Predictor.tileNetwork(folded, manager, false);
        SliceInference plain = new SliceInference(new SlidingWindow(tile, SlidingWindow.HALF), false);
        SliceInference localised = SliceInference.of(tile);
        double spacing = folded.config().pixelSpacingMm() > 0 ? folded.config().pixelSpacingMm()
                : BenchResult.WholeSlice.DEFAULT_SPACING_MM;
        int heart = (int) Math.round(BenchResult.WholeSlice.HEART_MM / spacing);
        int margin = (int) Math.ceil(SliceInference.MARGIN_FRACTION * tile);
        int x0 = (int) (0.6 * n) - heart / 2;
        int y0 = (int) (0.4 * n) - heart / 2;
        SlidingWindow.Box box = new SlidingWindow.Box(x0, y0, x0 + heart, y0 + heart).grow(margin, margin, margin, margin, n, n);
        double[] plainS = new double[repeats];
        double[] coarseS = new double[repeats];
        double[] boxS = new double[repeats];
        int plainTiles = 0;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            plainTiles = plain.run(image, n, n, network).tiles();
            plainS[r] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            localised.coarseHeart(image, n, n, network);
            coarseS[r] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            localised.window().probabilities(image, n, n, network, box);
            boxS[r] = (System.nanoTime() - start) / 1e9;
        }
        double localisedS = medianOf(coarseS) + medianOf(boxS);
        return new BenchResult.WholeSlice(medianOf(plainS), plainTiles, medianOf(coarseS), box.width(), localisedS,
                localised.window().tileCount(box, n, n), localisedS / tileS);
    }

    /** Training steps of the project's trainer with {@code levels} encoder levels recomputed. */
    private static Stepper stepperWith(MfuNet net, ParameterStore store, SegmentationLoss loss, AdamOptimizer adam,
                                       Random random, int levels) {
        return (side, batch) -> Trainer.step(net, store, loss, adam, PatchBatch.random(batch, side, random),
                LEARNING_RATE, levels);
    }

    /** The full-size step of another recomputation setting, with its own peak. */
    private static BenchResult.Recomputation variant(BenchPlan plan, Stepper stepper, String what,
                                                     Consumer<String> progress) {
        ResidentMemory.resetPeak();
        int side = plan.config().inputSide();
        double stepS = median(plan.repeats(), stepper, side, plan.baseBatch());
        double peakMb = ResidentMemory.peakMb();
        progress.accept(String.format(Locale.ROOT, "training step %d x %d^2, %s: %.3f s, peak %.0f MiB",
                plan.baseBatch(), side, what, stepS, peakMb));
        return new BenchResult.Recomputation(stepS, peakMb);
    }

    /** One training step on a random batch of that size. */
    private interface Stepper {
        void step(int side, int batch);
    }

    /**
     * Median time of {@code repeats} steps after {@value #TRAINING_WARMUP} warm-up steps: the first steps of a size
     * still grow the allocator's pool (page faults), which the thousands of steps of a training run do not pay.
     */
    private static double median(int repeats, Stepper stepper, int side, int batch) {
        for (int w = 0; w < TRAINING_WARMUP; w++) {
            stepper.step(side, batch);
        }
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            stepper.step(side, batch);
            times[r] = (System.nanoTime() - start) / 1e9;
        }
        return medianOf(times);
    }

    private static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
