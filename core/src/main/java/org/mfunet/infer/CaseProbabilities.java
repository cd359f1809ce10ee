package org.mfunet.infer;

import org.mfunet.data.MyopsLabels;

/**
 * Per-voxel class probabilities of one case in its own grid.
 *
 * <p>{@code maps} is {@code [channel][z][y][x]} flattened, x fastest, with the channels
 * {@code P(background), P(myocardium), P(LV), P(RV)} (the anatomy softmax, summing to 1),
 * then {@code P(scar)} and {@code P(edema)} (each from its own two-class head).
 *
 * @param nx   voxels along x
 * @param ny   voxels along y
 * @param nz   slices
 * @param maps {@code [6][nz][ny][nx]} probabilities
 */
public record CaseProbabilities(int nx, int ny, int nz, float[] maps) {
    /** Number of channels: four anatomy classes, scar, edema. */
    public static final int CHANNELS = 6;
    /** Channel of P(scar). */
    public static final int SCAR = 4;
    /** Channel of P(edema). */
    public static final int EDEMA = 5;
    /** Names of the channels, in order, for files and figures: the anatomy classes', then scar and edema. */
    public static final String[] NAMES = {MyopsLabels.nameOf(0), MyopsLabels.nameOf(1), MyopsLabels.nameOf(2),
        MyopsLabels.nameOf(3), MyopsLabels.nameOf(MyopsLabels.CLASS_SCAR), MyopsLabels.nameOf(MyopsLabels.CLASS_EDEMA)};

    public CaseProbabilities {
        if (maps.length != CHANNELS * nx * ny * nz) {
            throw new IllegalArgumentException("maps must hold 6 x " + nz + " x " + ny + " x " + nx + " values, has " + maps.length);
        }
    }

    /** Voxel-wise sum with another case's probabilities on the same grid (for ensembling). */
    public CaseProbabilities plus(CaseProbabilities other) {
        if (other.nx != nx || other.ny != ny || other.nz != nz) {
            throw new IllegalArgumentException("grids differ");
        }
        float[] sum = maps.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.maps[i];
        }
        return new CaseProbabilities(nx, ny, nz, sum);
    }

    /** All probabilities times {@code factor}. */
    public CaseProbabilities scaled(float factor) {
        float[] out = maps.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return new CaseProbabilities(nx, ny, nz, out);
    }

    /**
     * The hard segmentation: the most probable anatomy class of each voxel, scar and edema where their
     * probability exceeds one half.
     */
    public VolumeSegmentation segmentation() {
        int voxels = nx * ny * nz;
        byte[] anatomy = new byte[voxels];
        boolean[] scar = new boolean[voxels];
        boolean[] edema = new boolean[voxels];
        for (int i = 0; i < voxels; i++) {
            int best = 0;
            for (int c = 1; c < MyopsLabels.ANATOMY_CLASSES; c++) {
                if (maps[c * voxels + i] > maps[best * voxels + i]) {
                    best = c;
                }
            }
            anatomy[i] = (byte) best;
            scar[i] = maps[SCAR * voxels + i] > 0.5f;
            edema[i] = maps[EDEMA * voxels + i] > 0.5f;
        }
        return new VolumeSegmentation(nx, ny, nz, anatomy, scar, edema);
    }
}
