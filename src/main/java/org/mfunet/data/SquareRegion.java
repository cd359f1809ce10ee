package org.mfunet.data;

import java.util.Arrays;

/**
 * A square window of {@code side × side} pixels centred on a {@code width × height} slice, used to crop
 * or pad slices to the network's input size and to paste predictions back into the original grid.
 *
 * <p>Centre: image pixel {@code (width / 2, height / 2)} (integer division, so the pixel right of the
 * middle for even sizes) lands on region pixel {@code (side / 2, side / 2)}. Region pixel {@code (u, v)}
 * is image pixel {@code (u + x0(), v + y0())}; a negative origin means the slice is padded. All planes
 * are flattened with x fastest: {@code [y][x]}, or {@code [channel][y][x]} for several channels.
 *
 * @param width  slice width (NIfTI x) in pixels
 * @param height slice height (NIfTI y) in pixels
 * @param side   side of the square region in pixels
 */
public record SquareRegion(int width, int height, int side) {
    public SquareRegion {
        if (width < 1 || height < 1 || side < 1) {
            throw new IllegalArgumentException("region " + side + " in slice " + width + " x " + height
                    + ": sizes must be positive");
        }
    }

    /** Image x of region column 0 (negative when the slice is narrower than the region). */
    public int x0() {
        return width / 2 - side / 2;
    }

    /** Image y of region row 0 (negative when the slice is shorter than the region). */
    public int y0() {
        return height / 2 - side / 2;
    }

    /**
     * Crops or pads image planes to the region.
     *
     * @param planes {@code [channels][height][width]}, x fastest
     * @param fill   value of region pixels outside the image
     * @return {@code [channels][side][side]}, x fastest
     */
    public float[] crop(float[] planes, int channels, float fill) {
        checkLength(planes.length, channels, width * height);
        float[] out = new float[channels * side * side];
        Arrays.fill(out, fill);
        copy(planes, out, channels, true);
        return out;
    }

    /** Crops or pads a class map {@code [height][width]} to {@code [side][side]}; 0 (background) outside the image. */
    public byte[] crop(byte[] plane) {
        checkLength(plane.length, 1, width * height);
        byte[] out = new byte[side * side];
        copy(plane, out, 1, true);
        return out;
    }

    /**
     * Exact inverse of {@link #crop(float[], int, float)} on the pixels the region covers: places region
     * planes back into the slice grid.
     *
     * @param planes {@code [channels][side][side]}, x fastest
     * @param fill   value of image pixels outside the region (e.g. 0 probability)
     * @return {@code [channels][height][width]}, x fastest
     */
    public float[] paste(float[] planes, int channels, float fill) {
        checkLength(planes.length, channels, side * side);
        float[] out = new float[channels * width * height];
        Arrays.fill(out, fill);
        copy(planes, out, channels, false);
        return out;
    }

    /** Places a region class map {@code [side][side]} back into {@code [height][width]}; 0 (background) outside. */
    public byte[] paste(byte[] plane) {
        checkLength(plane.length, 1, side * side);
        byte[] out = new byte[width * height];
        copy(plane, out, 1, false);
        return out;
    }

    /** Copies the overlap of image and region row by row; {@code src} and {@code dst} are arrays of one primitive type. */
    private void copy(Object src, Object dst, int channels, boolean imageToRegion) {
        int xStart = Math.max(0, x0());
        int xEnd = Math.min(width, x0() + side);
        int yStart = Math.max(0, y0());
        int yEnd = Math.min(height, y0() + side);
        if (xEnd <= xStart) {
            return;
        }
        int imagePlane = width * height;
        int regionPlane = side * side;
        for (int c = 0; c < channels; c++) {
            for (int y = yStart; y < yEnd; y++) {
                int imageIndex = c * imagePlane + y * width + xStart;
                int regionIndex = c * regionPlane + (y - y0()) * side + (xStart - x0());
                if (imageToRegion) {
                    System.arraycopy(src, imageIndex, dst, regionIndex, xEnd - xStart);
                } else {
                    System.arraycopy(src, regionIndex, dst, imageIndex, xEnd - xStart);
                }
            }
        }
    }

    private static void checkLength(int length, int channels, int planeSize) {
        if (channels < 1 || length != channels * planeSize) {
            throw new IllegalArgumentException("expected " + channels + " planes of " + planeSize
                    + " values, got " + length + " values");
        }
    }
}
