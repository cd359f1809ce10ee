package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        List<TrainingListener> listeners = new ArrayList<>(List.of(new MetricsJsonlListener(run), new CheckpointListener(run)));
        listeners.addAll(List.of(extra));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(initSeed);
            Block block = StandInNetwork.create(manager, SIDE);
            return new Trainer(block, manager, CONFIG, 4, listeners)
                    .run(Schedules.kfold(CASES, 0, CONFIG.epochs(), CONFIG.learningRate()), SLICES, resume);
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
        Checkpoint last = Checkpoint.read(killed.resolve(RunFiles.LAST));
        assertEquals(2, last.progress().history().size());
        train(killed, last, 99);
        List<String> expected = withoutSeconds(whole.resolve(RunFiles.METRICS));
        assertEquals(4, expected.size());
        assertEquals(expected, withoutSeconds(killed.resolve(RunFiles.METRICS)));
        assertTrue(Files.exists(killed.resolve(RunFiles.BEST)));
    }

    @Test
    void curvesAreDrawnFromTheHistory() throws IOException {
        Path run = Files.createDirectory(dir.resolve("curves"));
        List<EpochMetrics> history = train(run, null, 1);
        new CurvesListener(run).write(history);
        var image = ImageIO.read(run.resolve(RunFiles.CURVES).toFile());
        assertEquals(1800, image.getWidth());
        assertEquals(420, image.getHeight());
    }
}
