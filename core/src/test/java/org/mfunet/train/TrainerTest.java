package org.mfunet.train;

import org.mfunet.AtomicFiles;
import org.mfunet.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.TestSlices;
import org.mfunet.model.Engines;

class TrainerTest {
    private static final int SIDE = 32;
    private static final List<String> CASES = List.of("c0", "c1", "c2", "c3", "c4");
    private static final List<PreparedSlice> SLICES = CASES.stream()
            .flatMap(c -> IntStream.range(0, 2).mapToObj(z -> TestSlices.heart(c, z, SIDE, z == 0))).toList();
    private static final TrainingConfig CONFIG = TrainingConfig.CPU_SMALL.withEpochs(4).withStepsPerEpoch(2).withSeed(5)
            .withPatience(0);

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /** Stands for a kill: fails right after the listeners before it have handled the given epoch. */
    private record KillAfter(int epoch) implements TrainingListener {
        @Override
        public void onEpochEnd(EpochEnd end) {
            if (end.metrics().epoch() == epoch) {
                throw new IllegalStateException("killed");
            }
        }
    }

    private static List<EpochMetrics> train(Path run, Checkpoint resume, int initSeed, TrainingListener... extra) {
        return train(CONFIG, Schedules.kfold(Splits.draw(CASES, Splits.DEFAULT_SEED).trainingFold(0), CONFIG.epochs(), CONFIG.learningRate()), run, resume, initSeed, extra);
    }

    private static List<EpochMetrics> train(TrainingConfig config, List<Phase> phases, Path run, Checkpoint resume,
                                            int initSeed, TrainingListener... extra) {
        List<TrainingListener> listeners = new ArrayList<>(List.of(new EarlyStopping(config.patience(), config.minDelta()),
                new MetricsJsonlListener(RunFolder.of(run)), new CheckpointListener(RunFolder.of(run))));
        listeners.addAll(List.of(extra));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(initSeed);
            Block block = StandInNetwork.create(manager, SIDE);
            return new Trainer(block, manager, config, SIDE, 4, CaseValidation.NONE, listeners).run(phases, SLICES, resume);
        }
    }

    private static List<String> withoutSeconds(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceAll("\"seconds\":[0-9.Ee-]+", "")).toList();
    }

    @Test
    void resumedRunWritesTheSameMetricsAsAnUninterruptedOne() throws IOException {
        Path whole = Files.createDirectory(dir.resolve("whole"));
        Path killed = Files.createDirectory(dir.resolve("killed"));
        List<EpochMetrics> history = train(whole, null, 1);
        assertEquals(4, history.size());
        assertThrows(IllegalStateException.class, () -> train(killed, null, 1, new KillAfter(2)));
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint last = Checkpoint.read(RunFolder.of(killed).lastCheckpoint(), m);
            assertEquals(2, last.progress().history().size());
            train(killed, last, 99);
        }
        List<String> expected = withoutSeconds(RunFolder.of(whole).metrics());
        assertEquals(4, expected.size());
        assertEquals(expected, withoutSeconds(RunFolder.of(killed).metrics()));
        assertTrue(Files.exists(RunFolder.of(killed).bestCheckpoint()));
    }

    @Test
    void alternatingPhasesStopEarlyAndResumeAcrossAPhaseBoundary() throws IOException {
        // patience 1 with an unreachable minDelta: every phase with early stopping ends after its second epoch
        TrainingConfig config = CONFIG.withPatience(1).withMinDelta(1000);
        List<Phase> phases = Schedules.alternating(Splits.draw(CASES, Splits.DEFAULT_SEED), 0.1);
        Path whole = Files.createDirectory(dir.resolve("alt-whole"));
        Path killed = Files.createDirectory(dir.resolve("alt-killed"));
        List<EpochMetrics> history = train(config, phases, whole, null, 1);
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5), history.stream().map(EpochMetrics::phase).toList());
        assertEquals(9e-5 * Math.pow(10, -1.0 / 4), history.get(2).learningRate(), 1e-12);
        assertEquals(4e-5 / 10, history.get(10).learningRate(), 1e-12);
        assertThrows(IllegalStateException.class, () -> train(config, phases, killed, null, 1, new KillAfter(4)));
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint last = Checkpoint.read(RunFolder.of(killed).lastCheckpoint(), m);
            assertEquals(2, last.progress().nextPhase());
            assertEquals(0, last.progress().nextPhaseEpoch());
            train(config, phases, killed, last, 2);
        }
        assertEquals(withoutSeconds(RunFolder.of(whole).metrics()), withoutSeconds(RunFolder.of(killed).metrics()));
    }

    @Test
    void divergedRunStopsBeforeCheckpointing() throws IOException {
        Path run = Files.createDirectory(dir.resolve("nan"));
        List<PreparedSlice> poisoned = new ArrayList<>(SLICES);
        for (int i = 0; i < poisoned.size(); i++) {
            PreparedSlice s = poisoned.get(i);
            float[] image = s.image().clone();
            java.util.Arrays.fill(image, Float.NaN);
            poisoned.set(i, new PreparedSlice(s.caseName(), s.z(), s.width(), s.height(), image, s.classes()));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Trainer trainer = new Trainer(StandInNetwork.create(manager, SIDE), manager, CONFIG, SIDE, 4, CaseValidation.NONE,
                    List.of(new CheckpointListener(RunFolder.of(run))));
            var phases = Schedules.kfold(Splits.draw(CASES, Splits.DEFAULT_SEED).trainingFold(0), CONFIG.epochs(), CONFIG.learningRate());
            assertEquals("epoch 1: the training loss is not finite, training diverged (last.ckpt holds the epoch before;"
                    + " try a lower learning rate)",
                    assertThrows(MfunetException.class, () -> trainer.run(phases, poisoned, null)).getMessage());
        }
        assertTrue(Files.notExists(RunFolder.of(run).lastCheckpoint()));
    }

    @Test
    void progressPrintsOneLinePerEpochWithoutATerminal() {
        StringWriter text = new StringWriter();
        try (NDManager manager = NDManager.newBaseManager()) {
            new Trainer(StandInNetwork.create(manager, SIDE), manager, CONFIG.withEpochs(2), SIDE, 4, CaseValidation.NONE,
                    List.of(new ProgressListener(new PrintWriter(text), null)))
                    .run(Schedules.kfold(Splits.draw(CASES, Splits.DEFAULT_SEED).trainingFold(0), 2, CONFIG.learningRate()), SLICES, null);
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of("fold 0: 2 epochs from lr 1.0e-03, training on 4 cases, validating on 1"), lines.subList(0, 1));
        assertEquals(3, lines.size());
        // No case-level validation here (CaseValidation.NONE), so no Dice on the line.
        assertTrue(lines.get(2).matches("epoch 2/2 \\(fold 0 2/2\\) lr 1\\.00e-04  train [0-9.]+  val [0-9.]+  [0-9.]+s"),
                lines.get(2));
    }

    /** Whole validation cases are scored every validationDiceEvery epochs and at the end of the phase. */
    @Test
    void caseDiceEveryNEpochsAndAtThePhaseEnd() {
        List<List<String>> scored = new ArrayList<>();
        CaseValidation counting = (cases, network) -> {
            scored.add(cases);
            return java.util.Map.of("myo", 0.5);
        };
        TrainingConfig config = CONFIG.withEpochs(5).withValidationDiceEvery(2);
        List<EpochMetrics> history;
        try (NDManager manager = NDManager.newBaseManager()) {
            history = new Trainer(StandInNetwork.create(manager, SIDE), manager, config, SIDE, 4, counting, List.of())
                    .run(Schedules.kfold(Splits.draw(CASES, Splits.DEFAULT_SEED).trainingFold(0), 5, config.learningRate()),
                            SLICES, null);
        }
        assertEquals(List.of(false, true, false, true, true),
                history.stream().map(m -> m.validationDice().containsKey("myo")).toList());
        assertEquals(3, scored.size());
        assertEquals(Splits.draw(CASES, Splits.DEFAULT_SEED).trainingFold(0).validation(), scored.get(0));
    }

    @Test
    void curvesAreDrawnFromTheHistory() throws IOException {
        Path run = Files.createDirectory(dir.resolve("curves"));
        List<EpochMetrics> history = train(run, null, 1);
        AtomicFiles.write(RunFolder.of(run).curves(), TrainingCurves.png(history));
        var image = ImageIO.read(RunFolder.of(run).curves().toFile());
        assertEquals(1800, image.getWidth());
        assertEquals(420, image.getHeight());
    }
}
