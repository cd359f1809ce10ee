package org.mfunet.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's practical float32 peak on this machine: the rate of a large square matrix multiply,
 * the best-tuned kernel the engine has. Achieved rates of the network are reported as a share of it.
 */
public final class MatmulRate {
    private MatmulRate() {
    }

    /**
     * Measures {@code repeats} products of two {@code n × n} float32 matrices after one warm-up and
     * returns the best rate in GFLOP/s (2·n³ floating-point operations per product).
     */
    public static double measure(Device device, int n, int repeats) {
        if (n < 1 || repeats < 1) {
            throw new IllegalArgumentException("n and repeats must be positive");
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            double best = Double.MAX_VALUE;
            for (int i = 0; i <= repeats; i++) {
                try (NDManager step = manager.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(step);
                    // Reading one value forces the product to complete on asynchronous devices.
                    c.getFloat(0, 0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i > 0) {
                        best = Math.min(best, seconds);
                    }
                }
            }
            return 2.0 * n * n * (double) n / best / 1e9;
        }
    }
}
