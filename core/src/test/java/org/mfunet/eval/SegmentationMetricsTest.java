package org.mfunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentationMetricsTest {

    static Stream<Arguments> diceCases() {
        return Stream.of(
                Arguments.of("half overlap", "1100", "1010", 0.5),
                Arguments.of("identical", "0110", "0110", 1.0),
                Arguments.of("disjoint", "1000", "0001", 0.0),
                Arguments.of("truth empty", "1000", "0000", 0.0),
                Arguments.of("prediction empty", "0000", "0100", 0.0),
                Arguments.of("both empty", "0000", "0000", Double.NaN),
                Arguments.of("one of three", "1000", "1110", 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diceCases")
    void diceMatchesHandComputedValue(String name, String predicted, String truth, double expected) {
        assertEquals(expected, SegmentationMetrics.dice(mask(predicted), mask(truth)), 1e-12);
    }

    static Stream<Arguments> hd95Cases() {
        return Stream.of(
                // single voxels one slice apart: the slice spacing is the distance both ways
                Arguments.of("slice apart", new VoxelGrid(1, 1, 2, 1, 1, 10), "10", "01", 10.0),
                // diagonal in y and z: sqrt(3² + 10²)
                Arguments.of("anisotropic diagonal", new VoxelGrid(1, 2, 2, 1, 3, 10), "1000", "0001", Math.sqrt(109)),
                Arguments.of("identical", new VoxelGrid(3, 1, 1, 0.7, 1, 1), "110", "110", 0.0),
                // distances {0, 6} from the prediction and {0} from the truth: rank 0.95 * 2 = 1.9 of [0, 0, 6]
                Arguments.of("interpolated percentile", new VoxelGrid(10, 1, 1, 2, 1, 1), "1001000000", "1000000000", 5.4),
                // pooled [0, 0, 1, 1]: rank 2.85 lies between two ones
                Arguments.of("pooled both ways", new VoxelGrid(4, 1, 1, 1, 1, 1), "1010", "1100", 1.0),
                Arguments.of("truth empty", new VoxelGrid(2, 1, 1, 1, 1, 1), "10", "00", Double.NaN),
                Arguments.of("both empty", new VoxelGrid(2, 1, 1, 1, 1, 1), "00", "00", Double.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hd95Cases")
    void hd95MatchesHandComputedValue(String name, VoxelGrid grid, String predicted, String truth, double expected) {
        assertEquals(expected, SegmentationMetrics.hd95(mask(predicted), mask(truth), grid), 1e-9);
    }

    @Test
    void hd95UsesSurfacesNotInteriors() {
        // a 3x3 square and the same square shifted by one voxel in x (spacing 2 mm): surface voxels of each
        // lie at 0 mm (shared columns) or 2 mm (the column left out of the other), so the 95th percentile is 2
        VoxelGrid grid = new VoxelGrid(5, 3, 1, 2, 1, 1);
        boolean[] a = new boolean[15];
        boolean[] b = new boolean[15];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                a[x + 5 * y] = true;
                b[x + 1 + 5 * y] = true;
            }
        }
        assertEquals(2.0, SegmentationMetrics.hd95(a, b, grid), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void hd95MatchesBruteForceSurfaceDistancesOnSeededRandomMasks(long seed) {
        Random random = new Random(seed);
        VoxelGrid grid = new VoxelGrid(9, 7, 4, 0.8, 1.1, 10);
        boolean[] a = new boolean[grid.voxelCount()];
        boolean[] b = new boolean[grid.voxelCount()];
        // blobs away from the origin so that the bounding-box crop is exercised
        for (int i = 0; i < a.length; i++) {
            int x = i % 9;
            int y = (i / 9) % 7;
            a[i] = x >= 3 && y >= 2 && random.nextDouble() < 0.6;
            b[i] = x >= 2 && y >= 3 && random.nextDouble() < 0.6;
        }
        assertEquals(bruteForceHd95(a, b, grid), SegmentationMetrics.hd95(a, b, grid), 1e-9);
    }

    private static double bruteForceHd95(boolean[] a, boolean[] b, VoxelGrid grid) {
        boolean[] sa = SegmentationMetrics.surface(a, grid);
        boolean[] sb = SegmentationMetrics.surface(b, grid);
        List<Double> distances = new ArrayList<>();
        distances.addAll(nearest(sa, sb, grid));
        distances.addAll(nearest(sb, sa, grid));
        return SegmentationMetrics.percentile(distances.stream().mapToDouble(Double::doubleValue).toArray(), 95);
    }

    private static List<Double> nearest(boolean[] from, boolean[] to, VoxelGrid grid) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            if (!from[i]) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < to.length; j++) {
                if (to[j]) {
                    double dx = (i % grid.nx() - j % grid.nx()) * grid.sx();
                    double dy = ((i / grid.nx()) % grid.ny() - (j / grid.nx()) % grid.ny()) * grid.sy();
                    double dz = (i / (grid.nx() * grid.ny()) - j / (grid.nx() * grid.ny())) * grid.sz();
                    best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
                }
            }
            out.add(best);
        }
        return out;
    }

    @Test
    void evaluateCountsVoxelsAndVolumes() {
        VoxelGrid grid = new VoxelGrid(4, 1, 1, 1, 2, 5);
        StructureMetrics m = SegmentationMetrics.evaluate(mask("1100"), mask("1011"), grid);
        assertEquals(1, m.truePositives());
        assertEquals(1, m.falsePositives());
        assertEquals(2, m.falseNegatives());
        assertEquals(0.4, m.dice(), 1e-12);
        assertEquals(0.02, m.predictedMl(), 1e-12);
        assertEquals(0.03, m.truthMl(), 1e-12);
        assertFalse(m.empty());
    }

    @Test
    void bothEmptyIsFlaggedAndUndefined() {
        StructureMetrics m = SegmentationMetrics.evaluate(mask("00"), mask("00"), new VoxelGrid(2, 1, 1, 1, 1, 1));
        assertTrue(m.empty());
        assertTrue(Double.isNaN(m.dice()));
        assertTrue(Double.isNaN(m.hd95()));
        assertEquals(0.0, m.predictedMl());
    }

    @Test
    void surfaceIsTheShellOfACubeAndEverythingOnTheGridEdge() {
        VoxelGrid inner = new VoxelGrid(5, 5, 5, 1, 1, 1);
        boolean[] cube = new boolean[125];
        for (int z = 1; z < 4; z++) {
            for (int y = 1; y < 4; y++) {
                for (int x = 1; x < 4; x++) {
                    cube[x + 5 * (y + 5 * z)] = true;
                }
            }
        }
        boolean[] shell = SegmentationMetrics.surface(cube, inner);
        assertEquals(26, SegmentationMetrics.count(shell));
        assertFalse(shell[2 + 5 * (2 + 5 * 2)]);

        // a single slice has no voxel with both z neighbours inside, so every voxel is on the surface
        boolean[] slice = new boolean[9];
        Arrays.fill(slice, true);
        assertEquals(9, SegmentationMetrics.count(SegmentationMetrics.surface(slice, new VoxelGrid(3, 3, 1, 1, 1, 1))));
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        assertEquals(5.4, SegmentationMetrics.percentile(new double[] {6, 0, 0}, 95), 1e-12);
        assertEquals(3.0, SegmentationMetrics.percentile(new double[] {3}, 95), 1e-12);
        assertEquals(2.5, SegmentationMetrics.percentile(new double[] {1, 2, 3, 4}, 50), 1e-12);
    }

    @Test
    void rejectsMasksThatDoNotFitTheGrid() {
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationMetrics.evaluate(mask("10"), mask("100"), new VoxelGrid(2, 1, 1, 1, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.dice(mask("10"), mask("100")));
    }

    static boolean[] mask(String bits) {
        boolean[] m = new boolean[bits.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = bits.charAt(i) == '1';
        }
        return m;
    }
}
