package org.mfunet.data;

/**
 * Aligns one sequence's slice to another's by a whole-pixel in-plane translation: the breath-holds of LGE, T2 and bSSFP
 * differ, so the same slice of each is often shifted by a few millimetres against the others, and against the labels,
 * which follow the case's grid sequence ({@link MyopsCase#gridSequence()}). Edema is visible only on T2 and scar only
 * on LGE, so such a shift moves those structures' borders by as much.
 *
 * <p>The shift is the one, within the search range, that maximises the normalised cross-correlation of the two
 * slices' gradient magnitudes (Sobel after a 3 × 3 binomial smoothing) over the pixels that stay inside both at every
 * shift searched. Gradient magnitude does not depend on polarity, so it matches edges across sequences whose tissues
 * differ in brightness (bright blood on bSSFP, dark blood on black-blood T2). Ties keep the smaller shift, and a slice
 * with no edges (constant) is not moved. The whole slice takes part: a limitation where the chest wall and the heart
 * moved differently between breath-holds, which the small search range keeps in check.
 */
public final class SequenceAlignment {
    /** Fewest pixels, per side, of the region compared at every shift. */
    static final int MIN_OVERLAP = 8;

    private final int nx;
    private final int ny;
    private final int rx;
    private final int ry;
    private final int width;
    private final int height;
    /** The reference's gradient magnitude, or null when there is nothing to search or no edge to match. */
    private final float[] reference;
    private final double referenceMean;

    /**
     * Prepares the search against one reference slice, whose gradient is then computed once for every sequence
     * aligned to it.
     *
     * @param reference {@code ny × nx} plane, x fastest
     * @param radiusX   largest |dx| searched; reduced where the slice is too narrow to compare at that shift
     * @param radiusY   largest |dy| searched; likewise
     */
    public SequenceAlignment(float[] reference, int nx, int ny, int radiusX, int radiusY) {
        this.nx = nx;
        this.ny = ny;
        this.rx = Math.max(0, Math.min(radiusX, (nx - MIN_OVERLAP) / 2));
        this.ry = Math.max(0, Math.min(radiusY, (ny - MIN_OVERLAP) / 2));
        this.width = nx - 2 * rx;
        this.height = ny - 2 * ry;
        float[] gradient = rx == 0 && ry == 0 ? null : gradientMagnitude(reference, nx, ny);
        double sum = 0;
        double sumSquares = 0;
        if (gradient != null) {
            for (int y = ry; y < ny - ry; y++) {
                for (int x = rx; x < nx - rx; x++) {
                    double v = gradient[y * nx + x];
                    sum += v;
                    sumSquares += v * v;
                }
            }
        }
        double count = (double) width * height;
        this.referenceMean = sum / count;
        boolean edges = sumSquares / count - referenceMean * referenceMean > 0;
        this.reference = edges ? gradient : null;
    }

    /**
     * Pixels to search on either side along one axis: {@code maxShiftMm} in pixels, rounded up; 0 when
     * {@code maxShiftMm} is 0.
     */
    public static int searchRadius(double maxShiftMm, double spacingMm) {
        if (maxShiftMm == 0) {
            return 0;
        }
        return (int) Math.ceil(maxShiftMm / spacingMm - 1e-9);
    }

    /**
     * The shift {@code (dx, dy)} that best aligns {@code moving} to the reference: {@code moving(x + dx, y + dy)}
     * matches {@code reference(x, y)}; of equally good shifts the one nearest (0, 0).
     */
    public int[] shiftOf(float[] moving) {
        if (reference == null) {
            return new int[] {0, 0};
        }
        float[] m = gradientMagnitude(moving, nx, ny);
        int bestX = 0;
        int bestY = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int dy = -ry; dy <= ry; dy++) {
            for (int dx = -rx; dx <= rx; dx++) {
                double score = score(m, dx, dy);
                boolean nearer = Math.max(Math.abs(dx), Math.abs(dy)) < Math.max(Math.abs(bestX), Math.abs(bestY));
                if (score > best || score == best && nearer) {
                    best = score;
                    bestX = dx;
                    bestY = dy;
                }
            }
        }
        return best == Double.NEGATIVE_INFINITY ? new int[] {0, 0} : new int[] {bestX, bestY};
    }

    /** The plane moved by {@code (dx, dy)}: {@code out(x, y) = in(x + dx, y + dy)}, the nearest edge pixel outside. */
    public static float[] shifted(float[] plane, int nx, int ny, int dx, int dy) {
        float[] out = new float[plane.length];
        for (int y = 0; y < ny; y++) {
            int sy = Math.max(0, Math.min(ny - 1, y + dy));
            for (int x = 0; x < nx; x++) {
                int sx = Math.max(0, Math.min(nx - 1, x + dx));
                out[y * nx + x] = plane[sy * nx + sx];
            }
        }
        return out;
    }

    /**
     * The covariance of the reference region with the moving gradient's region shifted by (dx, dy), over the moving
     * region's standard deviation: it ranks shifts as their Pearson correlation does (the reference's deviation is the
     * same at every shift); minus infinity where the moving region is flat.
     */
    private double score(float[] m, int dx, int dy) {
        double sumM = 0;
        double sumMM = 0;
        double sumRM = 0;
        for (int y = ry; y < ry + height; y++) {
            int row = y * nx;
            int movingRow = (y + dy) * nx + dx;
            for (int x = rx; x < rx + width; x++) {
                double mv = m[movingRow + x];
                sumM += mv;
                sumMM += mv * mv;
                // sum((r - mean_r) * m) = sum((r - mean_r) * (m - mean_m))
                sumRM += (reference[row + x] - referenceMean) * mv;
            }
        }
        double count = (double) width * height;
        double movingVariance = sumMM / count - (sumM / count) * (sumM / count);
        return movingVariance > 0 ? sumRM / Math.sqrt(movingVariance * count) : Double.NEGATIVE_INFINITY;
    }

    /** Sobel gradient magnitude after a 3 × 3 binomial smoothing, edges replicated. */
    static float[] gradientMagnitude(float[] plane, int nx, int ny) {
        float[] smooth = new float[plane.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double v = 0;
                for (int j = -1; j <= 1; j++) {
                    for (int i = -1; i <= 1; i++) {
                        v += (2 - Math.abs(i)) * (2 - Math.abs(j)) * at(plane, nx, ny, x + i, y + j);
                    }
                }
                smooth[y * nx + x] = (float) (v / 16);
            }
        }
        float[] out = new float[plane.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double gx = 0;
                double gy = 0;
                for (int k = -1; k <= 1; k++) {
                    int w = 2 - Math.abs(k);
                    gx += w * (at(smooth, nx, ny, x + 1, y + k) - at(smooth, nx, ny, x - 1, y + k));
                    gy += w * (at(smooth, nx, ny, x + k, y + 1) - at(smooth, nx, ny, x + k, y - 1));
                }
                out[y * nx + x] = (float) Math.hypot(gx, gy);
            }
        }
        return out;
    }

    private static float at(float[] plane, int nx, int ny, int x, int y) {
        return plane[Math.max(0, Math.min(ny - 1, y)) * nx + Math.max(0, Math.min(nx - 1, x))];
    }
}
