package org.mfunet.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mfunet.model.Engines;

class ResamplingTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /** [1, 1, 2, 3] map, values 1..6 row by row. */
    private static NDArray map(NDManager m) {
        return m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
    }

    @ParameterizedTest
    @EnumSource(MemoryOrder.class)
    void nearestRepeatsEachPixelIntoAFactorByFactorBlock(MemoryOrder order) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray up = Resampling.nearest(map(m), 2, order);
            assertEquals(new Shape(1, 1, 4, 6), up.getShape());
            assertArrayEquals(new float[] {
                1, 1, 2, 2, 3, 3,
                1, 1, 2, 2, 3, 3,
                4, 4, 5, 5, 6, 6,
                4, 4, 5, 5, 6, 6}, up.toFloatArray());
        }
    }

    @ParameterizedTest
    @EnumSource(MemoryOrder.class)
    void pixelShuffleSendsChannelCTimesFourPlusIfPlusJToOffsetIJ(MemoryOrder order) {
        try (NDManager m = NDManager.newBaseManager()) {
            // [1, 8, 1, 1]: output channel 0 takes channels 0..3, channel 1 takes 4..7
            NDArray x = m.create(new float[] {10, 11, 12, 13, 20, 21, 22, 23}, new Shape(1, 8, 1, 1));
            NDArray up = Resampling.pixelShuffle(x, 2, order);
            assertEquals(new Shape(1, 2, 2, 2), up.getShape());
            assertArrayEquals(new float[] {10, 11, 12, 13, 20, 21, 22, 23}, up.toFloatArray());
            // [1, 4, 1, 2]: two pixels side by side, each becomes a 2x2 block
            NDArray wide = m.create(new float[] {1, 5, 2, 6, 3, 7, 4, 8}, new Shape(1, 4, 1, 2));
            assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, Resampling.pixelShuffle(wide, 2, order).toFloatArray());
        }
    }

    @Test
    void resamplingGivesTheSameValuesForChannelsFirstAndChannelsLastInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray first = m.randomNormal(new Shape(2, 8, 3, 5));
            NDArray last = MemoryOrder.channelsLast(first);
            assertArrayEquals(first.toFloatArray(), last.toFloatArray());
            for (MemoryOrder order : MemoryOrder.values()) {
                assertArrayEquals(Resampling.pixelShuffle(first, 2, order).toFloatArray(),
                        Resampling.pixelShuffle(last, 2, order).toFloatArray());
                assertArrayEquals(Resampling.nearest(first, 2, order).toFloatArray(),
                        Resampling.nearest(last, 2, order).toFloatArray());
            }
        }
    }

    @Test
    void aChannelsLastInputOrKernelConvolvesToTheSameValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 1, 6, 7));
            NDArray w1 = m.randomNormal(new Shape(4, 1, 3, 3));
            NDArray w2 = m.randomNormal(new Shape(3, 4, 3, 3));
            Shape one = new Shape(1, 1);
            NDArray expected = Conv2d.conv2d(Conv2d.conv2d(x, w1, null, one, one, one).singletonOrThrow(),
                    w2, null, one, one, one).singletonOrThrow();
            NDArray hidden = Conv2d.conv2d(MemoryOrder.CHANNELS_LAST.singleChannel(x), MemoryOrder.channelsLast(w1), null, one, one, one)
                    .singletonOrThrow();
            NDArray actual = Conv2d.conv2d(hidden, MemoryOrder.channelsLast(w2), null, one, one, one).singletonOrThrow();
            assertEquals(expected.getShape(), actual.getShape());
            assertEquals(0f, expected.sub(actual).abs().max().getFloat(), 1e-5f);
        }
    }
}
