package org.mfunet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EuclideanDistanceTransformTest {

    static Stream<Arguments> randomMasks() {
        return Stream.of(
                Arguments.of(new VoxelGrid(7, 5, 4, 0.7, 1.3, 10), 0.1, 1L),
                Arguments.of(new VoxelGrid(9, 9, 1, 1, 1, 1), 0.05, 2L),
                Arguments.of(new VoxelGrid(1, 1, 12, 1, 1, 2.5), 0.2, 3L),
                Arguments.of(new VoxelGrid(6, 8, 5, 0.5, 0.5, 12), 0.02, 4L),
                Arguments.of(new VoxelGrid(10, 3, 3, 3, 0.25, 1), 0.5, 5L));
    }

    @ParameterizedTest
    @MethodSource("randomMasks")
    void matchesBruteForceOnSeededRandomMasks(VoxelGrid grid, double density, long seed) {
        Random random = new Random(seed);
        boolean[] features = new boolean[grid.voxelCount()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble() < density;
        }
        features[random.nextInt(features.length)] = true;
        assertArrayEquals(bruteForce(features, grid), EuclideanDistanceTransform.squaredDistances(features, grid), 1e-9);
    }

    @Test
    void noFeatureGivesInfinityEverywhere() {
        double[] d = EuclideanDistanceTransform.squaredDistances(new boolean[6], new VoxelGrid(3, 2, 1, 1, 1, 1));
        for (double v : d) {
            assertEquals(Double.POSITIVE_INFINITY, v);
        }
    }

    @Test
    void singleFeatureGivesAnisotropicSquaredDistances() {
        VoxelGrid grid = new VoxelGrid(2, 2, 2, 1, 2, 10);
        boolean[] features = new boolean[8];
        features[0] = true;
        assertArrayEquals(new double[] {0, 1, 4, 5, 100, 101, 104, 105},
                EuclideanDistanceTransform.squaredDistances(features, grid), 1e-12);
    }

    private static double[] bruteForce(boolean[] features, VoxelGrid grid) {
        double[] d = new double[features.length];
        for (int i = 0; i < d.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < d.length; j++) {
                if (features[j]) {
                    best = Math.min(best, squaredDistance(i, j, grid));
                }
            }
            d[i] = best;
        }
        return d;
    }

    private static double squaredDistance(int i, int j, VoxelGrid grid) {
        int nx = grid.nx();
        int ny = grid.ny();
        double dx = (i % nx - j % nx) * grid.sx();
        double dy = ((i / nx) % ny - (j / nx) % ny) * grid.sy();
        double dz = (i / (nx * ny) - j / (nx * ny)) * grid.sz();
        return dx * dx + dy * dy + dz * dz;
    }
}
