package org.mfunet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.mfunet.MfunetException;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.Head;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.RandomAugmentation;
import org.mfunet.data.RandomSequenceDropout;
import org.mfunet.data.Sequence;
import org.mfunet.infer.Predictor;
import org.mfunet.infer.TileNetwork;
import org.mfunet.model.InPlace;
import org.mfunet.model.MfuNet;
import org.mfunet.model.SequencePresence;

/**
 * Runs the epochs of a schedule: per step a dynamically resampled, augmented batch, the three-head loss and an
 * Adam update; per epoch a validation, then the listeners. Validation has two parts: the loss of the three heads on one
 * tile per validation slice centred on its heart ({@link DynamicPatchSampler#centredTiles}), which early stopping and
 * the choice of the best epoch use, and the Dice of every structure on whole validation cases by {@link CaseValidation}
 * (in a run, {@link WholeVolumeValidation}: what {@code evaluate} will show). Every random choice of epoch e
 * (sampler, augmentation, sequence dropout, engine RNG for dropout) is seeded from (seed, e), so a run resumed from
 * the checkpoint of epoch e − 1 continues exactly as the uninterrupted run.
 *
 * <p>After the augmentation, a training batch loses sequences as {@link TrainingConfig#sequenceDropout()} says (drawn
 * from the same seeded stream; nothing is drawn when it is off, so such runs draw what they always drew).
 *
 * <p>The block takes {@code NDList(x [B,3,H,W])}, or {@code NDList(x, flags [B,3])} where a patch lacks a sequence
 * (a case without it, or sequence dropout), and returns {@code NDList(anatomy [B,4,H,W], scar [B,2,H,W],
 * edema [B,2,H,W])} logits; it must be initialised. Each step and each validation batch run in a sub-manager
 * closed at once, so native memory stays flat.
 */
public final class Trainer {
    private final Block block;
    private final NDManager manager;
    private final TrainingConfig config;
    private final int tile;
    private final int sideMultiple;
    private final CaseValidation caseValidation;
    private final List<TrainingListener> listeners;
    private final SegmentationLoss loss;
    private final RandomAugmentation augmentation;
    private final RandomSequenceDropout sequenceDropout;

    /**
     * @param block        the initialised network
     * @param manager      the manager holding the network's parameters
     * @param tile         the network's input side (largest patch, validation tile), pixels
     * @param sideMultiple patch sides are multiples of this (2^depth of the network)
     * @param caseValidation scores whole validation cases each epoch
     * @param listeners    called in this order
     */
    public Trainer(Block block, NDManager manager, TrainingConfig config, int tile, int sideMultiple,
                   CaseValidation caseValidation, List<TrainingListener> listeners) {
        this.block = block;
        this.manager = manager;
        this.config = config;
        this.tile = tile;
        this.sideMultiple = sideMultiple;
        this.caseValidation = caseValidation;
        this.listeners = List.copyOf(listeners);
        this.loss = config.loss();
        this.augmentation = new RandomAugmentation(config.augmentation());
        this.sequenceDropout = new RandomSequenceDropout(config.sequenceDropout());
    }

    /**
     * Trains through the phases, starting after the state of {@code resume} when given (its arrays are closed once
     * they are restored).
     *
     * @param slices labelled prepared slices of all cases named in the phases
     * @return the metrics of every epoch of the run
     */
    public List<EpochMetrics> run(List<Phase> phases, List<PreparedSlice> slices, Checkpoint resume) {
        List<EpochMetrics> history = new ArrayList<>();
        int startPhase = 0;
        int startEpoch = 0;
        try (AdamOptimizer adam = AdamOptimizer.standard(manager)) {
            if (resume != null) {
                restore(resume, adam);
                history.addAll(resume.progress().history());
                startPhase = resume.progress().nextPhase();
                startEpoch = resume.progress().nextPhaseEpoch();
            }
            List<EpochMetrics> restored = List.copyOf(history);
            listeners.forEach(l -> l.onTrainingStart(phases, restored));
            for (int p = startPhase; p < phases.size(); p++) {
                Phase phase = phases.get(p);
                List<PreparedSlice> train = casesOf(slices, phase.trainCases(), phase.name() + " training");
                List<PreparedSlice> validation = casesOf(slices, phase.validationCases(), phase.name() + " validation");
                DynamicPatchSampler sampler = new DynamicPatchSampler(train, tile, config.baseBatch(), config.rhoC(),
                        config.resampling(), sideMultiple);
                int steps = config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : Math.max(1, train.size() / config.baseBatch());
                for (int e = p == startPhase ? startEpoch : 0; e < phase.epochs(); e++) {
                    int epoch = history.size() + 1;
                    long started = System.nanoTime();
                    Random random = new Random(epochSeed(config.seed(), epoch));
                    Engine.getInstance().setRandomSeed(random.nextInt());
                    double lr = phase.learningRate(e);
                    int phaseIndex = p;
                    int phaseEpoch = e;
                    listeners.forEach(l -> l.onEpochStart(epoch, phase, phaseEpoch, steps));
                    Map<String, Double> trainLoss = trainEpoch(sampler, steps, random, adam, lr);
                    Map<String, Double> validationLoss = validationLoss(validation);
                    requireFinite(trainLoss, epoch, "training");
                    requireFinite(validationLoss, epoch, "validation");
                    history.add(new EpochMetrics(epoch, p, e, lr, trainLoss, validationLoss, Map.of(),
                            (System.nanoTime() - started) / 1e9));
                    EpochEnd probe = new EpochEnd(history.get(history.size() - 1), phase, history, false, () -> {
                        throw new IllegalStateException("the checkpoint exists only after the stop decision");
                    });
                    boolean stop = listeners.stream().anyMatch(l -> l.stopPhase(probe));
                    boolean phaseEnds = stop || e == phase.epochs() - 1;
                    // Whole validation cases are scored every validationDiceEvery epochs and always when a phase ends,
                    // so the model a phase leaves behind has its Dice.
                    Map<String, Double> dice = phaseEnds || config.scoresDiceAt(epoch)
                            ? caseDice(phase.validationCases()) : Map.of();
                    EpochMetrics metrics = new EpochMetrics(epoch, p, e, lr, trainLoss, validationLoss, dice,
                            (System.nanoTime() - started) / 1e9);
                    history.set(history.size() - 1, metrics);
                    List<EpochMetrics> snapshot = List.copyOf(history);
                    EpochEnd end = new EpochEnd(metrics, phase, snapshot, phaseEnds, () -> new Checkpoint(
                            new Checkpoint.Progress(config.seed(), phaseEnds ? phaseIndex + 1 : phaseIndex,
                                    phaseEnds ? 0 : phaseEpoch + 1, adam.steps(), snapshot),
                            weights(), adam.firstMoments(), adam.secondMoments()));
                    listeners.forEach(l -> l.onEpochEnd(end));
                    if (stop) {
                        break;
                    }
                }
            }
        }
        List<EpochMetrics> done = List.copyOf(history);
        listeners.forEach(l -> l.onTrainingEnd(done));
        return done;
    }

    /** Seed of every random stream of an epoch: a SplitMix64 mix of the run seed and the epoch. */
    public static long epochSeed(long seed, int epoch) {
        long z = seed + epoch * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Discarded steps in a row after which the run counts as diverged. */
    public static final int MAX_DISCARDED_IN_A_ROW = 20;

    private Map<String, Double> trainEpoch(DynamicPatchSampler sampler, int steps, Random random, AdamOptimizer adam, double lr) {
        ParameterStore store = new ParameterStore(manager, false);
        Map<String, Double> sums = new LinkedHashMap<>();
        int discardedInARow = 0;
        for (int step = 1; step <= steps; ) {
            PatchBatch batch = sequenceDropout.apply(augmentation.apply(sampler.sample(random), random), random);
            Map<String, Double> losses = step(block, store, loss, adam, batch, lr, config.recomputeLevels());
            if (losses.isEmpty()) {
                // A batch whose gradients are not finite is discarded and another drawn; many in a row mean the
                // network itself has diverged, which the NaN total reports to the caller.
                if (++discardedInARow >= MAX_DISCARDED_IN_A_ROW) {
                    sums.put(EpochMetrics.TOTAL, Double.NaN);
                    return sums;
                }
                continue;
            }
            discardedInARow = 0;
            losses.forEach((k, v) -> sums.merge(k, v, Double::sum));
            int done = step;
            Map<String, Double> running = new LinkedHashMap<>();
            sums.forEach((k, v) -> running.put(k, v / done));
            listeners.forEach(l -> l.onStep(done, running));
            step++;
        }
        sums.replaceAll((k, v) -> v / steps);
        return sums;
    }

    /** Stops before a diverged state reaches the checkpoints, so --resume can continue from the last good epoch. */
    private static void requireFinite(Map<String, Double> losses, int epoch, String which) {
        if (!Double.isFinite(losses.get(EpochMetrics.TOTAL))) {
            throw new MfunetException("epoch " + epoch + ": the " + which + " loss is not finite, training diverged"
                    + " (last.ckpt holds the epoch before; try a lower learning rate)");
        }
    }

    /**
     * One optimisation step: forward pass of {@code batch} in training mode, the loss, backward pass and an
     * Adam update with learning rate {@code lr}. All arrays of the step live in a sub-manager of the store's
     * manager, closed before returning, and the gradients are zeroed by the update.
     *
     * @param block             the initialised network, {@code NDList(x [B,3,H,W])} to the three logit maps, and
     *                          {@code NDList(x, flags [B,3])} when some patch lacks a sequence ({@link #input})
     * @param recomputeLevels   how many of each encoder's first levels recompute their activations in the backward
     *                          pass instead of keeping them ({@link EncoderRecomputation}): 0 for none, at most the
     *                          encoders' depth, {@link TrainingConfig#ALL_LEVELS} for whole encoders; other than 0 the
     *                          block must be an {@link MfuNet}
     * @return the loss of the batch: per head (lower-case head name) and {@value EpochMetrics#TOTAL}; empty
     *         when the gradients were not finite and the update was skipped
     */
    public static Map<String, Double> step(Block block, ParameterStore store, SegmentationLoss loss, AdamOptimizer adam,
                                           PatchBatch batch, double lr, int recomputeLevels) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (NDManager scratch = store.getManager().newSubManager()) {
            NDList input = input(scratch, batch);
            if (recomputeLevels != 0) {
                if (!(block instanceof MfuNet net)) {
                    throw new MfunetException("recomputeLevels needs an MFU-Net, not a " + block.getClass().getSimpleName());
                }
                NDArray x = input.get(0);
                SequencePresence presence = input.size() > 1 ? SequencePresence.of(input.get(1), batch.batch())
                        : SequencePresence.complete(batch.batch());
                accumulate(values, EncoderRecomputation.backward(net, store, loss, x, presence, batch.classes(),
                        recomputeLevels == TrainingConfig.ALL_LEVELS ? net.config().depth() : recomputeLevels), 1);
            } else {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = block.forward(store, input, true);
                    SegmentationLoss.Terms terms = loss.compute(out, batch.classes());
                    collector.backward(terms.total());
                    accumulate(values, terms, 1);
                }
            }
            if (!adam.update(block.getParameters(), lr)) {
                values.clear();
            }
        }
        return values;
    }

    /**
     * The network's input of a batch, in {@code manager}: {@code NDList(x [B,3,s,s])} when every patch has every
     * sequence, else {@code NDList(x, flags [B,3])} with the {@link PatchBatch#presence()} flags.
     */
    static NDList input(NDManager manager, PatchBatch batch) {
        NDArray x = manager.create(batch.images(), new Shape(batch.batch(), 3, batch.side(), batch.side()));
        if (batch.sequences().stream().allMatch(s -> s.size() == Sequence.values().length)) {
            return new NDList(x);
        }
        return new NDList(x, manager.create(batch.presence(), new Shape(batch.batch(), 3)));
    }

    private static void accumulate(Map<String, Double> sums, SegmentationLoss.Terms terms, int weight) {
        terms.perHead().forEach((head, value) -> sums.merge(head.name().toLowerCase(Locale.ROOT),
                (double) value.getFloat() * weight, Double::sum));
        sums.merge(EpochMetrics.TOTAL, (double) terms.total().getFloat() * weight, Double::sum);
    }

    /** Loss (mean over slices) on one heart-centred tile per slice, batches of baseBatch, inference mode. */
    private Map<String, Double> validationLoss(List<PreparedSlice> slices) {
        ParameterStore store = new ParameterStore(manager, false);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int from = 0; from < slices.size(); from += config.baseBatch()) {
            PatchBatch part = DynamicPatchSampler.centredTiles(
                    slices.subList(from, Math.min(slices.size(), from + config.baseBatch())), tile);
            try (NDManager scratch = manager.newSubManager()) {
                NDList out = block.forward(store, input(scratch, part), false);
                accumulate(sums, loss.compute(out, part.classes()), part.batch());
            }
        }
        sums.replaceAll((k, v) -> v / slices.size());
        return sums;
    }

    private Map<String, Double> caseDice(List<String> cases) {
        return caseDice(block, manager, sideMultiple, caseValidation, cases);
    }

    /**
     * Dice of every structure on whole validation cases by {@link CaseValidation}, the network in inference mode.
     *
     * @param block        the network
     * @param manager      the manager holding its parameters
     * @param sideMultiple tile sides are multiples of this
     */
    public static Map<String, Double> caseDice(Block block, NDManager manager, int sideMultiple,
                                               CaseValidation validation, List<String> cases) {
        ParameterStore store = new ParameterStore(manager, false);
        TileNetwork network = Predictor.tileNetwork(inputs -> block.forward(store, inputs, false), sideMultiple, manager,
                false);
        return new LinkedHashMap<>(validation.dice(cases, network));
    }

    private static List<PreparedSlice> casesOf(List<PreparedSlice> slices, List<String> cases, String what) {
        List<PreparedSlice> chosen = slices.stream().filter(s -> cases.contains(s.caseName()) && s.labelled()).toList();
        if (chosen.isEmpty()) {
            throw new MfunetException(what + ": no labelled slices in cases " + cases);
        }
        return chosen;
    }

    /**
     * The network's parameters (trainable and running statistics) by name: the network's own arrays, which the next
     * step changes.
     */
    public Map<String, NDArray> weights() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray());
        }
        return out;
    }

    /** Restores network and optimiser from {@code checkpoint}, then closes its arrays, which are no longer needed. */
    private void restore(Checkpoint checkpoint, AdamOptimizer adam) {
        loadWeights(block, checkpoint.weights());
        adam.restore(checkpoint.adamFirst(), checkpoint.adamSecond(), checkpoint.progress().adamSteps());
        for (Map<String, NDArray> section : List.of(checkpoint.weights(), checkpoint.adamFirst(), checkpoint.adamSecond())) {
            section.values().forEach(NDArray::close);
        }
    }

    /** Copies saved weights into a block's parameters, which must have the same names and shapes. */
    public static void loadWeights(Block block, Map<String, NDArray> saved) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray t = saved.get(p.getKey());
            NDArray a = p.getValue().getArray();
            if (t == null || !t.getShape().equals(a.getShape())) {
                throw new MfunetException("checkpoint does not match the network: parameter " + p.getKey()
                        + (t == null ? " is missing" : " has shape " + t.getShape() + ", network has " + a.getShape()));
            }
            InPlace.copy(a, t);
        }
    }
}
