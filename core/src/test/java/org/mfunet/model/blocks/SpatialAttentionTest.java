package org.mfunet.model.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfunet.model.Engines;
import org.mfunet.model.InPlace;
import org.mfunet.model.layers.RandomKaimingInitializer;

/** Attention formed a block of rows at a time gives the map and input gradient of the whole [B, N, N] at once. */
class SpatialAttentionTest {
    private static final Shape INPUT = new Shape(2, 4, 16, 16);

    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blocksOfRowsGiveTheSameMapAndGradientAsTheWholeMatrix(boolean training) {
        // N = 4 x 4 = 16 positions, batch 2: 2 x 16 x 16 = 512 elements at once, or 3 rows (96) per block
        try (NDManager manager = NDManager.newBaseManager()) {
            SpatialAttention whole = initialised(new SpatialAttention(4, 512), manager);
            SpatialAttention blocks = initialised(new SpatialAttention(4, 96), manager);
            List<Pair<String, Parameter>> from = whole.getParameters().stream().toList();
            List<Pair<String, Parameter>> to = blocks.getParameters().stream().toList();
            for (int i = 0; i < from.size(); i++) {
                InPlace.copy(to.get(i).getValue().getArray(), from.get(i).getValue().getArray());
            }
            NDArray x = manager.randomNormal(INPUT);
            NDArray weights = manager.randomNormal(INPUT);
            float[][] maps = new float[2][];
            float[][] gradients = new float[2][];
            SpatialAttention[] both = {whole, blocks};
            for (int k = 0; k < 2; k++) {
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray input = x.duplicate();
                    input.attach(scratch);
                    input.setRequiresGradient(true);
                    ParameterStore store = new ParameterStore(scratch, false);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray map = both[k].forward(store, new NDList(input), training).get(1);
                        maps[k] = map.toFloatArray();
                        collector.backward(map.mul(weights).sum());
                    }
                    gradients[k] = input.getGradient().toFloatArray();
                }
            }
            assertEquals(INPUT.size(), maps[0].length);
            assertArrayEquals(maps[0], maps[1], 1e-5f);
            assertArrayEquals(gradients[0], gradients[1], 1e-5f);
        }
    }

    private static SpatialAttention initialised(SpatialAttention block, NDManager manager) {
        block.setInitializer(new RandomKaimingInitializer(new Random(5)), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, INPUT);
        return block;
    }
}
