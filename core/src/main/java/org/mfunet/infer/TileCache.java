package org.mfunet.infer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Tile probabilities of one slice by tile corner, so a window that grows does not run a tile twice. */
final class TileCache {
    private final Map<Long, float[]> tiles = new HashMap<>();
    private int computed;

    float[] get(int x0, int y0, Supplier<float[]> compute) {
        return tiles.computeIfAbsent(((long) x0 << 32) | (y0 & 0xffffffffL), k -> {
            computed++;
            return compute.get();
        });
    }

    /** Tiles the network ran for this slice. */
    int computed() {
        return computed;
    }
}
