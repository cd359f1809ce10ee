package org.mfunet.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws plausible short-axis cardiac MR cases in the three MyoPS sequences from an injected seeded
 * generator (same generator state, same case, bit for bit).
 *
 * <p>Each slice shows a body ellipse with smooth texture, lungs, patchy epicardial fat, the LV blood pool
 * (ellipse), a myocardial ring of varying thickness and the RV crescent on the septal side, at a random
 * position, size and rotation that drift from base to apex. Pathology follows the MyoPS appearance so that
 * no single sequence suffices: scar is a sector of myocardium starting at the endocardium with varying
 * transmurality, bright only on LGE (healthy myocardium nulled, blood moderately bright); edema is a wider
 * full-thickness sector around it, bright only on T2 (T2 is bright over the whole edematous sector, scar
 * included, so edema = T2-bright minus LGE-bright); bSSFP shows anatomy with no pathology contrast and is the
 * sequence with clear myocardial borders. Each sequence gets its own smooth multiplicative bias field,
 * Rician noise and intensity scale, and T2 is shifted by 1-2 pixels against the labels, which follow
 * bSSFP and LGE as in MyoPS. About one case in five has no pathology.
 *
 * @param minSize smallest image width/height in pixels
 * @param maxSize largest image width/height in pixels
 */
public record RandomCardiacPhantom(int minSize, int maxSize) {
    /** Fraction of cases generated without scar or edema. */
    public static final double HEALTHY_FRACTION = 0.2;

    /** Image side (pixels) the anatomical sizes below refer to; smaller images get a proportionally smaller heart. */
    private static final double REFERENCE_SIDE = 320;

    private enum Tissue { AIR, BODY, LUNG, FAT, LV, RV, MYO, RV_WALL, EDEMA, SCAR, AORTA, SPINE }

    /** Base intensity of each tissue (order of {@link Tissue}) per sequence, before texture, bias and noise. */
    private static final Map<Sequence, double[]> CONTRAST = new EnumMap<>(Map.of(
            Sequence.BSSFP, new double[] {0, 0.40, 0.06, 0.75, 0.95, 0.90, 0.28, 0.30, 0.28, 0.28, 0.90, 0.30},
            Sequence.LGE, new double[] {0, 0.22, 0.03, 0.35, 0.45, 0.42, 0.05, 0.08, 0.05, 1.00, 0.42, 0.15},
            Sequence.T2, new double[] {0, 0.35, 0.05, 0.20, 0.45, 0.40, 0.28, 0.28, 0.80, 0.80, 0.40, 0.45}));

    /** Smallest image side that still holds the heart, lungs and spine. */
    public static final int MIN_SIZE = 32;

    public RandomCardiacPhantom {
        if (minSize < MIN_SIZE || maxSize < minSize) {
            throw new IllegalArgumentException("phantom sizes " + minSize + ".." + maxSize + ": need "
                    + MIN_SIZE + " <= min <= max");
        }
    }

    /** Draws one case; consumes {@code random} deterministically. */
    public SyntheticCase generate(String name, SplittableRandom random) {
        int nx = random.nextInt(minSize, maxSize + 1);
        int ny = random.nextInt(minSize, maxSize + 1);
        int nz = random.nextInt(3, 6);
        double inPlane = random.nextDouble(0.75, 1.0);
        double[] spacing = {inPlane, inPlane, random.nextDouble(10, 12)};
        Anatomy anatomy = new Anatomy(nx, ny, inPlane, random);
        Pathology pathology = random.nextDouble() < HEALTHY_FRACTION ? null : new Pathology(nz, random);
        // Scanner units differ per sequence, as in MyoPS, so no fixed intensity means the same tissue.
        Map<Sequence, Double> scale = new EnumMap<>(Sequence.class);
        scale.put(Sequence.BSSFP, random.nextDouble(600, 1200));
        scale.put(Sequence.LGE, random.nextDouble(150, 400));
        scale.put(Sequence.T2, random.nextDouble(1000, 2500));

        int plane = nx * ny;
        short[] labels = new short[plane * nz];
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            images.put(s, new float[plane * nz]);
        }
        for (int z = 0; z < nz; z++) {
            Slice slice = anatomy.slice(z, nz, pathology, random);
            float[] fat = smoothNoise(nx, ny, 5 * anatomy.unit, random);
            float[] texture = smoothNoise(nx, ny, 8 * anatomy.unit, random);
            Tissue[] aligned = slice.tissues(0, 0, fat);
            for (int i = 0; i < plane; i++) {
                labels[z * plane + i] = (short) label(aligned[i]);
            }
            int dx = random.nextInt(-2, 3);
            int dy = random.nextInt(-2, 3);
            if (dx == 0 && dy == 0) {
                dx = random.nextBoolean() ? 1 : -1;
            }
            for (Sequence s : Sequence.values()) {
                Tissue[] tissues = s == Sequence.T2 ? slice.tissues(dx, dy, fat) : aligned;
                double[] image = render(tissues, CONTRAST.get(s), texture, nx, ny);
                float[] bias = smoothNoise(nx, ny, Math.max(nx, ny) / 2.0, random);
                double sigma = random.nextDouble(0.025, 0.045);
                float[] out = images.get(s);
                for (int i = 0; i < plane; i++) {
                    double v = image[i] * (1 + 0.25 * bias[i]);
                    double re = v + sigma * random.nextGaussian();
                    double im = sigma * random.nextGaussian();
                    double magnitude = Math.sqrt(re * re + im * im);
                    out[z * plane + i] = (float) Math.min(Short.MAX_VALUE, Math.rint(magnitude * scale.get(s)));
                }
            }
        }
        return new SyntheticCase(name, nx, ny, nz, spacing, images, labels);
    }

    private static int label(Tissue t) {
        return switch (t) {
            case LV -> MyopsLabels.LV;
            case RV -> MyopsLabels.RV;
            case MYO -> MyopsLabels.MYOCARDIUM;
            case EDEMA -> MyopsLabels.EDEMA;
            case SCAR -> MyopsLabels.SCAR;
            default -> 0;
        };
    }

    /** Tissue intensities with texture, blurred slightly as the partial-volume effect of a real acquisition. */
    private static double[] render(Tissue[] tissues, double[] contrast, float[] texture, int nx, int ny) {
        double[] image = new double[tissues.length];
        for (int i = 0; i < image.length; i++) {
            Tissue t = tissues[i];
            double grain = switch (t) {
                case BODY, FAT, SPINE -> 0.15;
                case LUNG -> 0.6;
                case LV, RV, AORTA -> 0.05;
                case MYO, RV_WALL, EDEMA, SCAR -> 0.08;
                case AIR -> 0;
            };
            image[i] = contrast[t.ordinal()] * (1 + grain * texture[i]);
        }
        return blur(blur(image, nx, ny), nx, ny);
    }

    /** Separable [1 2 1] / 4 smoothing with edge replication; {@code [y][x]}, x fastest. */
    private static double[] blur(double[] in, int nx, int ny) {
        double[] tmp = new double[in.length];
        double[] out = new double[in.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int i = y * nx + x;
                tmp[i] = 0.25 * in[y * nx + Math.max(0, x - 1)] + 0.5 * in[i] + 0.25 * in[y * nx + Math.min(nx - 1, x + 1)];
            }
        }
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int i = y * nx + x;
                out[i] = 0.25 * tmp[Math.max(0, y - 1) * nx + x] + 0.5 * tmp[i] + 0.25 * tmp[Math.min(ny - 1, y + 1) * nx + x];
            }
        }
        return out;
    }

    /**
     * Smooth value noise in about [-1, 1]: random values on a grid of {@code cell} pixels, interpolated
     * with a smoothstep so the field has no visible grid edges. {@code [y][x]}, x fastest.
     */
    static float[] smoothNoise(int nx, int ny, double cell, SplittableRandom random) {
        int gx = (int) Math.ceil(nx / cell) + 2;
        int gy = (int) Math.ceil(ny / cell) + 2;
        double[] grid = new double[gx * gy];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = random.nextDouble(-1, 1);
        }
        float[] out = new float[nx * ny];
        for (int y = 0; y < ny; y++) {
            double fy = y / cell;
            int cy = (int) fy;
            double ty = smoothstep(fy - cy);
            for (int x = 0; x < nx; x++) {
                double fx = x / cell;
                int cx = (int) fx;
                double tx = smoothstep(fx - cx);
                double top = grid[cy * gx + cx] * (1 - tx) + grid[cy * gx + cx + 1] * tx;
                double bottom = grid[(cy + 1) * gx + cx] * (1 - tx) + grid[(cy + 1) * gx + cx + 1] * tx;
                out[y * nx + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }

    /** {@link Math#hypot} without its overflow care, which costs several times more and is never needed here. */
    private static double hypot(double a, double b) {
        return Math.sqrt(a * a + b * b);
    }

    private static double smoothstep(double t) {
        return t * t * (3 - 2 * t);
    }

    /** Smallest absolute difference of two angles, in [0, pi]. */
    private static double angleBetween(double a, double b) {
        double d = Math.abs(a - b) % (2 * Math.PI);
        return d > Math.PI ? 2 * Math.PI - d : d;
    }

    /** Per-case anatomy: body, lungs and a heart whose size, place and rotation drift from base to apex. */
    private static final class Anatomy {
        final int nx;
        final int ny;
        /** Pixels per "reference millimetre": scales the heart with the image size and voxel size. */
        final double unit;
        final double bodyX;
        final double bodyY;
        final double bodyA;
        final double bodyB;
        final double heartX;
        final double heartY;
        final double rotation;
        final double lvRadius;
        final double eccentricity;
        final double wall;
        final double wallVariation;
        final double wallPhase;
        final double rvSize;

        Anatomy(int nx, int ny, double inPlaneMm, SplittableRandom random) {
            this.nx = nx;
            this.ny = ny;
            // The heart takes the same share of the field of view whatever the voxel size, as in a cardiac
            // region of interest; its place and size vary within that share.
            unit = Math.min(nx, ny) / REFERENCE_SIDE;
            bodyX = nx / 2.0 + random.nextDouble(-0.03, 0.03) * nx;
            bodyY = ny / 2.0 + random.nextDouble(-0.03, 0.03) * ny;
            bodyA = random.nextDouble(0.42, 0.50) * nx;
            bodyB = random.nextDouble(0.30, 0.36) * ny;
            // RV towards the image's -x side as in the usual short-axis view, rotated by up to 50 degrees.
            rotation = Math.toRadians(random.nextDouble(-50, 50));
            lvRadius = random.nextDouble(20, 26) * unit;
            eccentricity = random.nextDouble(0, 0.12);
            wall = random.nextDouble(7, 10) * unit;
            wallVariation = random.nextDouble(0, 0.3);
            wallPhase = random.nextDouble(0, 2 * Math.PI);
            rvSize = random.nextDouble(0.9, 1.2);
            // Centre the whole heart, LV and RV together, near the image centre (as MyoPS crops are): along the
            // heart's axis it reaches from the RV's free wall at -1.85·outer·rvSize to the LV's at +outer.
            double outer = lvRadius + wall;
            double axisMiddle = (outer - 1.85 * outer * rvSize) / 2;
            double jitter = 0.03 * Math.min(nx, ny);
            heartX = nx / 2.0 - axisMiddle * Math.cos(rotation) + random.nextDouble(-jitter, jitter);
            heartY = ny / 2.0 - axisMiddle * Math.sin(rotation) + random.nextDouble(-jitter, jitter);
        }

        Slice slice(int z, int nz, Pathology pathology, SplittableRandom random) {
            double apical = nz == 1 ? 0 : (double) z / (nz - 1);
            double shrink = (1 - 0.35 * apical) * random.nextDouble(0.95, 1.05);
            return new Slice(this,
                    heartX + random.nextDouble(-2, 2) * unit,
                    heartY + random.nextDouble(-2, 2) * unit,
                    rotation + Math.toRadians(random.nextDouble(-5, 5)),
                    lvRadius * shrink,
                    wall * random.nextDouble(0.9, 1.1),
                    rvSize * (1 - 0.4 * apical),
                    pathology == null ? null : pathology.lesion(z, random));
        }
    }

    /**
     * Per-case pathology: a scar centred at one angle of the heart's frame, present on a contiguous run of
     * slices through the middle of the stack (at most one end slice spared).
     */
    private static final class Pathology {
        final double centre;
        final double halfWidth;
        final double transmurality;
        final double edemaMargin;
        final int firstZ;
        final int lastZ;

        Pathology(int nz, SplittableRandom random) {
            centre = random.nextDouble(0, 2 * Math.PI);
            halfWidth = Math.toRadians(random.nextDouble(15, 60));
            transmurality = random.nextDouble(0.3, 1.0);
            edemaMargin = Math.toRadians(random.nextDouble(15, 45));
            int spared = random.nextInt(3);
            firstZ = spared == 1 ? 1 : 0;
            lastZ = spared == 2 ? nz - 2 : nz - 1;
        }

        Lesion lesion(int z, SplittableRandom random) {
            if (z < firstZ || z > lastZ) {
                return null;
            }
            double width = halfWidth * random.nextDouble(0.6, 1.2);
            return new Lesion(centre + Math.toRadians(random.nextDouble(-10, 10)), width,
                    Math.min(1, transmurality * random.nextDouble(0.8, 1.2)), width + edemaMargin);
        }
    }

    /** Scar and edema of one slice: angles in the heart's frame, transmurality as a fraction of the wall. */
    private record Lesion(double centre, double scarHalfWidth, double transmurality, double edemaHalfWidth) {
    }

    /** Geometry of one slice; {@link #tissues} evaluates it per pixel, optionally shifted. */
    private record Slice(Anatomy anatomy, double cx, double cy, double rotation, double radius, double wall,
                         double rvSize, Lesion lesion) {

        /** Tissue of every pixel {@code [y][x]} when the whole scene is moved by (dx, dy) pixels. */
        Tissue[] tissues(int dx, int dy, float[] fatPattern) {
            int nx = anatomy.nx;
            int ny = anatomy.ny;
            Tissue[] out = new Tissue[nx * ny];
            double cos = Math.cos(rotation);
            double sin = Math.sin(rotation);
            double a = radius * (1 + anatomy.eccentricity);
            double b = radius * (1 - anatomy.eccentricity);
            double outer = radius + wall;
            double rvCentre = -outer * 0.9 * rvSize;
            double rvA = outer * 0.95 * rvSize;
            double rvB = outer * 1.5 * rvSize;
            double rvWall = 2.5 * anatomy.unit;
            double fatWidth = 4 * anatomy.unit;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double px = x - dx;
                    double py = y - dy;
                    double u = (px - cx) * cos + (py - cy) * sin;
                    double v = -(px - cx) * sin + (py - cy) * cos;
                    double rho = hypot(u, v);
                    double phi = Math.atan2(v, u);
                    double endo = a * b / hypot(b * Math.cos(phi), a * Math.sin(phi));
                    double thickness = wall * (1 + anatomy.wallVariation * Math.cos(phi - anatomy.wallPhase));
                    double epi = endo + thickness;
                    double rvDistance = hypot((u - rvCentre) / rvA, v / rvB);
                    Tissue t;
                    if (rho < endo) {
                        t = Tissue.LV;
                    } else if (rho < epi) {
                        t = myocardium(phi, (rho - endo) / thickness);
                    } else if (rvDistance < 1) {
                        t = Tissue.RV;
                    } else if (rvDistance < 1 + rvWall / rvA) {
                        t = Tissue.RV_WALL;
                    } else if ((rho < epi + fatWidth || rvDistance < 1 + (rvWall + fatWidth) / rvA)
                            && fatPattern[y * nx + x] > 0.2) {
                        t = Tissue.FAT;
                    } else {
                        t = background(px, py, rho, outer, fatPattern[y * nx + x]);
                    }
                    out[y * nx + x] = t;
                }
            }
            return out;
        }

        private Tissue myocardium(double phi, double depth) {
            if (lesion == null) {
                return Tissue.MYO;
            }
            double off = angleBetween(phi, lesion.centre());
            if (off < lesion.scarHalfWidth()) {
                // Transmurality tapers towards the sector's edges, as infarcts spread from the subendocardium.
                double reach = lesion.transmurality() * Math.sqrt(Math.cos(0.5 * Math.PI * off / lesion.scarHalfWidth()));
                if (depth < Math.max(0.15, reach)) {
                    return Tissue.SCAR;
                }
            }
            return off < lesion.edemaHalfWidth() ? Tissue.EDEMA : Tissue.MYO;
        }

        private Tissue background(double px, double py, double rho, double heartOuter, double edge) {
            double bx = (px - anatomy.bodyX) / anatomy.bodyA;
            double by = (py - anatomy.bodyY) / anatomy.bodyB;
            if (bx * bx + by * by >= 1) {
                return Tissue.AIR;
            }
            // Posterior (image +y): the vertebral body and, beside it, the descending aorta.
            double unit = anatomy.unit;
            if (hypot(px - anatomy.bodyX, py - anatomy.bodyY - 0.72 * anatomy.bodyB) < 15 * unit) {
                return Tissue.SPINE;
            }
            if (hypot(px - anatomy.bodyX - 0.14 * anatomy.bodyA, py - anatomy.bodyY - 0.45 * anatomy.bodyB) < 11 * unit) {
                return Tissue.AORTA;
            }
            double lx = (Math.abs(bx) - 0.58) / 0.24;
            double ly = (by - 0.05) / 0.55;
            boolean lung = lx * lx + ly * ly < 1 + 0.12 * edge && rho > heartOuter * 1.5;
            return lung ? Tissue.LUNG : Tissue.BODY;
        }
    }
}
