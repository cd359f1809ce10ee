package org.mfunet.data;

import java.util.Random;

/**
 * Joint augmentation of a patch batch, drawing its parameters from the injected seeded {@link Random}: one
 * geometric transform per patch (flips, rotation by a multiple of 90° plus a small angle, integer shift)
 * applied alike to the three sequences (bilinear) and the class map (nearest neighbour), then per-sequence
 * intensity changes (gamma on the [-1, 1] range, Gaussian noise). Pixels that come from outside the patch
 * are −1 in the images and background in the class map. Flips and 90° rotations alone are exact
 * permutations of the pixels.
 */
public final class RandomAugmentation {
    private final AugmentationConfig config;

    public RandomAugmentation(AugmentationConfig config) {
        this.config = config;
    }

    /** A new batch with every patch transformed; the input is not modified. */
    public PatchBatch apply(PatchBatch in, Random random) {
        int s = in.side();
        int plane = s * s;
        float[] images = new float[in.images().length];
        byte[] classes = new byte[in.classes().length];
        for (int b = 0; b < in.batch(); b++) {
            Transform t = drawTransform(s, random);
            warp(in, b, t, images, classes);
            for (int c = 0; c < 3; c++) {
                changeIntensity(images, (b * 3 + c) * plane, plane, random);
            }
        }
        return new PatchBatch(in.batch(), s, images, classes, in.origins(), in.sequences());
    }

    /** Inverse map from output to input pixel: source = centre + M · (out − centre − shift). */
    private record Transform(double m00, double m01, double m10, double m11, int shiftX, int shiftY) {
    }

    private Transform drawTransform(int side, Random random) {
        int quarter = config.rotate90() ? random.nextInt(4) : 0;
        double angle = config.maxAngle() > 0 ? Math.toRadians((2 * random.nextDouble() - 1) * config.maxAngle()) : 0;
        // exact cos/sin for the quarter turns keep 90° rotations free of rounding
        double[] qc = {1, 0, -1, 0};
        double[] qs = {0, 1, 0, -1};
        double c = qc[quarter] * Math.cos(angle) - qs[quarter] * Math.sin(angle);
        double sn = qs[quarter] * Math.cos(angle) + qc[quarter] * Math.sin(angle);
        double fx = config.flips() && random.nextBoolean() ? -1 : 1;
        double fy = config.flips() && random.nextBoolean() ? -1 : 1;
        int maxShift = (int) Math.floor(config.maxShift() * side);
        int sx = maxShift > 0 ? random.nextInt(2 * maxShift + 1) - maxShift : 0;
        int sy = maxShift > 0 ? random.nextInt(2 * maxShift + 1) - maxShift : 0;
        return new Transform(fx * c, fx * sn, -fy * sn, fy * c, sx, sy);
    }

    private static void warp(PatchBatch in, int b, Transform t, float[] images, byte[] classes) {
        int s = in.side();
        int plane = s * s;
        double centre = (s - 1) / 2.0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = x - centre - t.shiftX();
                double dy = y - centre - t.shiftY();
                double srcX = centre + t.m00() * dx + t.m01() * dy;
                double srcY = centre + t.m10() * dx + t.m11() * dy;
                int out = y * s + x;
                int nx = (int) Math.round(srcX);
                int ny = (int) Math.round(srcY);
                classes[b * plane + out] = inside(nx, ny, s) ? in.classes()[b * plane + ny * s + nx] : 0;
                for (int c = 0; c < 3; c++) {
                    int base = (b * 3 + c) * plane;
                    images[base + out] = bilinear(in.images(), base, s, srcX, srcY);
                }
            }
        }
    }

    private static boolean inside(int x, int y, int s) {
        return x >= 0 && y >= 0 && x < s && y < s;
    }

    private static float bilinear(float[] image, int base, int s, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double ax = x - x0;
        double ay = y - y0;
        double v = (1 - ay) * ((1 - ax) * pixel(image, base, s, x0, y0) + ax * pixel(image, base, s, x0 + 1, y0))
                + ay * ((1 - ax) * pixel(image, base, s, x0, y0 + 1) + ax * pixel(image, base, s, x0 + 1, y0 + 1));
        return (float) v;
    }

    private static double pixel(float[] image, int base, int s, int x, int y) {
        return inside(x, y, s) ? image[base + y * s + x] : -1;
    }

    private void changeIntensity(float[] images, int offset, int length, Random random) {
        double gamma = config.maxGamma() > 1 ? Math.exp((2 * random.nextDouble() - 1) * Math.log(config.maxGamma())) : 1;
        double sigma = config.maxNoise() > 0 ? random.nextDouble() * config.maxNoise() : 0;
        if (gamma == 1 && sigma == 0) {
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            double unit = Math.max(0, Math.min(1, (images[i] + 1) / 2));
            double v = 2 * Math.pow(unit, gamma) - 1;
            images[i] = (float) (sigma > 0 ? v + sigma * random.nextGaussian() : v);
        }
    }
}
