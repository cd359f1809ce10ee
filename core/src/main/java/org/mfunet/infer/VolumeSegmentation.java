package org.mfunet.infer;

import java.util.Objects;
import org.mfunet.data.MyopsLabels;

/**
 * The three predictions of the network for one volume, before label composition. All arrays are
 * {@code [nz][ny][nx]} flattened, x fastest (NIfTI order); a single slice has {@code nz = 1}. Arrays are
 * held, not copied, so equality is by identity.
 *
 * @param nx      voxels along x
 * @param ny      voxels along y
 * @param nz      slices
 * @param anatomy anatomy class of each voxel as in {@link MyopsLabels#anatomyOf}:
 *                0 background, 1 myocardium, 2 LV blood pool, 3 RV blood pool
 * @param scar    true where scar is predicted
 * @param edema   true where edema is predicted
 */
public record VolumeSegmentation(int nx, int ny, int nz, byte[] anatomy, boolean[] scar, boolean[] edema) {

    public VolumeSegmentation {
        Objects.requireNonNull(anatomy, "anatomy");
        Objects.requireNonNull(scar, "scar");
        Objects.requireNonNull(edema, "edema");
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, got " + nx + " x " + ny + " x " + nz);
        }
        long n = (long) nx * ny * nz;
        if (anatomy.length != n || scar.length != n || edema.length != n) {
            throw new IllegalArgumentException("anatomy, scar and edema must each hold " + n + " values, have "
                    + anatomy.length + ", " + scar.length + " and " + edema.length);
        }
        for (byte a : anatomy) {
            if (a < MyopsLabels.ANATOMY_BACKGROUND || a >= MyopsLabels.ANATOMY_CLASSES) {
                throw new IllegalArgumentException("anatomy classes must be 0..3, found " + a);
            }
        }
    }
}
