package org.mfunet.data;

/**
 * How the slices of one case map onto the network's pixel grid: a case slice of {@code nx × ny} pixels is resampled
 * in-plane to {@code width × height} pixels at (about) the model's pixel spacing, and predictions made on that grid
 * are resampled back. Both directions keep the field of view: the outer edges of the first and last pixels coincide,
 * so resampled pixel {@code u} has its centre at case coordinate {@code (u + 0.5) · nx / width − 0.5} (as
 * {@code scipy.ndimage.zoom(grid_mode=True)} and nnU-Net's resizing do). Values between pixel centres are bilinear,
 * with the border pixels' values continued outwards.
 *
 * <p>Images are resampled linearly. Class maps are resampled as one-hot maps, each class interpolated linearly and the
 * most probable class kept, so a structure one or two pixels thin survives a change of spacing in either direction
 * (nearest-neighbour sampling would break it into dashes). Predicted probabilities are resampled back linearly and only
 * then turned into classes, so the label volume is decided on the case's own grid.
 *
 * <p>All planes are {@code [y][x]} flattened, x fastest, several channels one after another.
 *
 * @param nx     slice width of the case, pixels
 * @param ny     slice height of the case, pixels
 * @param width  slice width on the network's grid, pixels
 * @param height slice height on the network's grid, pixels
 */
public record SliceGeometry(int nx, int ny, int width, int height) {
    public SliceGeometry {
        if (nx < 1 || ny < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("slice sizes must be positive: " + nx + " x " + ny + " to " + width + " x " + height);
        }
    }

    /** The same grid on both sides: no resampling. */
    public static SliceGeometry identity(int nx, int ny) {
        return new SliceGeometry(nx, ny, nx, ny);
    }

    /**
     * Pixels along one axis after resampling {@code n} pixels of {@code spacingMm} to {@code targetMm}: the field of
     * view divided by the target spacing, rounded, at least 1.
     */
    public static int resampledSize(int n, double spacingMm, double targetMm) {
        return (int) Math.max(1, Math.round(n * spacingMm / targetMm));
    }

    /** True when both grids are the same and resampling copies. */
    public boolean isIdentity() {
        return nx == width && ny == height;
    }

    /** Planes of the case grid ({@code [channels][ny][nx]}) resampled linearly to {@code [channels][height][width]}. */
    public float[] toNetwork(float[] planes, int channels) {
        return resample(planes, channels, nx, ny, width, height);
    }

    /** Planes of the network grid ({@code [channels][height][width]}) resampled linearly to {@code [channels][ny][nx]}. */
    public float[] toCase(float[] planes, int channels) {
        return resample(planes, channels, width, height, nx, ny);
    }

    /** A class map of the case grid resampled to the network grid by one-hot interpolation (ties keep the lower class). */
    public byte[] classesToNetwork(byte[] classes, int classCount) {
        if (isIdentity()) {
            check(classes.length, 1, nx, ny);
            return classes.clone();
        }
        float[] oneHot = new float[classCount * nx * ny];
        int plane = nx * ny;
        for (int i = 0; i < plane; i++) {
            int c = classes[i];
            if (c < 0 || c >= classCount) {
                throw new IllegalArgumentException("class " + c + " outside 0.." + (classCount - 1));
            }
            oneHot[c * plane + i] = 1;
        }
        float[] resampled = toNetwork(oneHot, classCount);
        int out = width * height;
        byte[] result = new byte[out];
        for (int i = 0; i < out; i++) {
            int best = 0;
            for (int c = 1; c < classCount; c++) {
                if (resampled[c * out + i] > resampled[best * out + i]) {
                    best = c;
                }
            }
            result[i] = (byte) best;
        }
        return result;
    }

    private static float[] resample(float[] planes, int channels, int inW, int inH, int outW, int outH) {
        check(planes.length, channels, inW, inH);
        if (inW == outW && inH == outH) {
            return planes.clone();
        }
        Axis xs = Axis.of(inW, outW);
        Axis ys = Axis.of(inH, outH);
        float[] out = new float[channels * outW * outH];
        for (int c = 0; c < channels; c++) {
            int in = c * inW * inH;
            int o = c * outW * outH;
            for (int v = 0; v < outH; v++) {
                int row0 = in + ys.low[v] * inW;
                int row1 = in + ys.high[v] * inW;
                float ty = ys.weight[v];
                for (int u = 0; u < outW; u++) {
                    float tx = xs.weight[u];
                    float top = planes[row0 + xs.low[u]] * (1 - tx) + planes[row0 + xs.high[u]] * tx;
                    float bottom = planes[row1 + xs.low[u]] * (1 - tx) + planes[row1 + xs.high[u]] * tx;
                    out[o + v * outW + u] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return out;
    }

    /** Per output pixel the two input pixels around its centre and the weight of the higher one. */
    private record Axis(int[] low, int[] high, float[] weight) {
        static Axis of(int in, int out) {
            int[] low = new int[out];
            int[] high = new int[out];
            float[] weight = new float[out];
            double scale = (double) in / out;
            for (int u = 0; u < out; u++) {
                double source = Math.max(0, Math.min(in - 1, (u + 0.5) * scale - 0.5));
                int l = (int) Math.floor(source);
                low[u] = l;
                high[u] = Math.min(in - 1, l + 1);
                weight[u] = (float) (source - l);
            }
            return new Axis(low, high, weight);
        }
    }

    private static void check(int length, int channels, int w, int h) {
        if (channels < 1 || length != (long) channels * w * h) {
            throw new IllegalArgumentException("expected " + channels + " planes of " + w + " x " + h + ", got "
                    + length + " values");
        }
    }
}
