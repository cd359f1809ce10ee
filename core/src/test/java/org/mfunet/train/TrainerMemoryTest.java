package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.TestSlices;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;

/** Native memory stays flat: after the first epoch no step or validation leaves arrays in the network's manager. */
class TrainerMemoryTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @Test
    void arraysInTheNetworkManagerDoNotGrowWithEpochs() {
        MfuNetConfig model = Presets.PAPER.withDepth(2).withBaseFilters(4).withInputSide(32);
        List<String> cases = List.of("c0", "c1", "c2", "c3", "c4");
        List<PreparedSlice> slices = cases.stream()
                .flatMap(c -> IntStream.range(0, 2).mapToObj(z -> TestSlices.heart(c, z, 32, true))).toList();
        TrainingConfig config = TrainingConfig.CPU_SMALL.withStepsPerEpoch(1).withPatience(0);
        List<Integer> counts = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(model);
            net.initialize(manager, new Random(1));
            TrainingListener counter = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochEnd end) {
                    counts.add(manager.getManagedArrays().size());
                }
            };
            new Trainer(net, manager, config, model.inputSide(), model.sideMultiple(), CaseValidation.NONE, List.of(counter))
                    .run(Schedules.kfold(Splits.draw(cases, Splits.DEFAULT_SEED).trainingFold(0), 3, 1e-3), slices, null);
        }
        assertEquals(3, counts.size());
        assertEquals(counts.get(0), counts.get(2), "arrays held after epochs 1, 2, 3: " + counts);
    }
}
