package org.mfunet.data;

/**
 * Where a training patch came from: its slice, its top-left corner and side in the slice's pixel grid, and
 * why it was placed there (for the dynamic-resampling figure). A corner is negative where the patch is larger than
 * its slice and overhangs it into padding.
 *
 * @param caseName case of the slice
 * @param z        slice index in the case volume
 * @param x0       first column of the patch in the slice, pixels
 * @param y0       first row of the patch in the slice, pixels
 * @param side     patch side, pixels
 * @param centre   how the patch position was chosen
 */
public record PatchOrigin(String caseName, int z, int x0, int y0, int side, Centre centre) {
    /** How a patch position was chosen. */
    public enum Centre {
        /** Centred on a random scar or edema pixel. */
        PATHOLOGY,
        /** Centred on a random myocardium or LV pixel because the slice has no pathology. */
        HEART,
        /** Uniformly random position (also the fallback when a slice holds no heart at all). */
        RANDOM
    }

    public PatchOrigin {
        if (side <= 0) {
            throw new IllegalArgumentException("patch must have a positive side, got " + side);
        }
    }

    /** True when the sampler chose to centre the patch on the region of interest. */
    public boolean centred() {
        return centre == Centre.PATHOLOGY || centre == Centre.HEART;
    }
}
