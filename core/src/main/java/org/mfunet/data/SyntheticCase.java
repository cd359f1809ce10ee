package org.mfunet.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One generated case in memory, before it is written as NIfTI files.
 *
 * @param name      {@code <prefix>_<id>}
 * @param nx        width in voxels
 * @param ny        height in voxels
 * @param nz        number of short-axis slices
 * @param spacingMm voxel size (x, y, z) in millimetres
 * @param images    per sequence {@code [z][y][x]} flattened (x fastest), whole-number intensities in [0, 32767]
 * @param labels    {@code [z][y][x]} flattened (x fastest), MyoPS label values (0, 200, 500, 600, 1220, 2221)
 */
public record SyntheticCase(String name, int nx, int ny, int nz, double[] spacingMm,
                            Map<Sequence, float[]> images, short[] labels) {
    public SyntheticCase {
        Objects.requireNonNull(name, "name");
        int voxels = nx * ny * nz;
        if (spacingMm.length != 3 || labels.length != voxels || images.size() != Sequence.values().length
                || images.values().stream().anyMatch(a -> a.length != voxels)) {
            throw new IllegalArgumentException("case " + name + ": arrays do not match " + nx + " x " + ny + " x " + nz);
        }
        images = Map.copyOf(new EnumMap<>(images));
    }
}
