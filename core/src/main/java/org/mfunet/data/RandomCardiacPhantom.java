package org.mfunet.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws plausible short-axis cardiac MR cases in the three MyoPS sequences from an injected seeded
 * generator (same generator state, same case, bit for bit), with anatomy sized in millimetres.
 *
 * <p><b>Grid.</b> Each case draws an in-plane spacing in [{@code minSpacingMm}, {@code maxSpacingMm}] (square
 * pixels) and a field of view of 300-420 mm across x; the width is that field over the spacing, clamped to
 * [{@code minSize}, {@code maxSize}] pixels. About half the cases are square; the others are 75-100 % as
 * high as wide (a reduced phase field of view). Slices are 8-12 mm thick; a case has 3-6 slices, or 1-2 for
 * about one case in eight.
 *
 * <p><b>Anatomy.</b> Each slice shows a body ellipse filling most of the image (a chest 1.3-1.6 times as wide
 * as deep), with smooth texture, lungs kept 8 mm from the heart, the vertebral body and beside it the
 * descending aorta (which moves back to make room for a heart placed low, and is left out in the few cases
 * where the heart still covers it), patchy epicardial fat (about 4 mm), the LV blood pool (an ellipse of
 * 35-60 mm equivalent diameter, mildly eccentric), a myocardial ring of 6-12 mm mean thickness varying by up
 * to ±30 % around it, and the RV: an ellipse about as wide as the LV cavity and 1.3-1.8 times as long,
 * overlapping the septum so that the visible cavity is a crescent wrapping the septal side, behind a wall of
 * about 3 mm. The heart is rotated by up to 50 degrees (RV towards the image's -x side) and placed anywhere in
 * the body: its centre is drawn up to a quarter of the field of view off the image centre in x and y, then
 * pulled in just enough that the whole heart with its fat stays inside the body, clear of the spine and at
 * least a few pixels inside the image. Towards the apex the LV shrinks by up to 35 % and the RV by more; the
 * heart drifts by up to 2 mm and 5 degrees from slice to slice.
 *
 * <p><b>Contrast.</b> Pathology follows the MyoPS appearance so that no single sequence suffices: scar is
 * a sector of myocardium starting at the endocardium with varying transmurality, bright only on LGE
 * (healthy myocardium nulled, blood moderately bright, and scar 1.15-2.2 times as bright as the blood pool
 * in a given case, so it is sometimes hard to tell from the blood next to it, as subendocardial scar is);
 * edema is a wider full-thickness sector around it, bright only on T2 (T2 is bright over the whole
 * edematous sector, scar included, so edema = T2-bright minus LGE-bright); bSSFP shows anatomy with no
 * pathology contrast and is the sequence with clear myocardial borders. Each sequence of each slice gets its
 * own smooth multiplicative bias field (up to ±25 % across the image), Rician noise and intensity scale,
 * and a partial-volume blur. The labels follow bSSFP; T2 is misregistered against them by 0-2 pixels in x
 * and y (never both zero) and LGE by 0-1 pixel in x and y. About one case in five has no pathology.
 *
 * @param minSize      smallest image width/height in pixels
 * @param maxSize      largest image width/height in pixels
 * @param minSpacingMm smallest in-plane spacing in millimetres; spacings under {@value #MIN_FIELD_OF_VIEW_MM}
 *                     mm / {@code maxSize}, whose field of view could not hold a heart, are not drawn
 * @param maxSpacingMm largest in-plane spacing in millimetres
 */
public record RandomCardiacPhantom(int minSize, int maxSize, double minSpacingMm, double maxSpacingMm) {
    /** Fraction of cases generated without scar or edema. */
    public static final double HEALTHY_FRACTION = 0.2;

    /** Fraction of cases with only 1-2 slices. */
    public static final double FEW_SLICES_FRACTION = 0.125;

    /** Smallest image side the phantom accepts, in pixels. */
    public static final int MIN_SIZE = 16;

    /** Smallest field of view (mm) that holds the heart, lungs and spine. */
    public static final double MIN_FIELD_OF_VIEW_MM = 200;

    private enum Tissue { AIR, BODY, LUNG, FAT, LV, RV, MYO, RV_WALL, EDEMA, SCAR, AORTA, SPINE }

    /**
     * Base intensity of each tissue (order of {@link Tissue}) per sequence, before texture, bias and noise;
     * LGE scar is replaced per case by a multiple of the LGE blood pool.
     */
    private static final Map<Sequence, double[]> CONTRAST = new EnumMap<>(Map.of(
            Sequence.BSSFP, new double[] {0, 0.40, 0.06, 0.75, 0.95, 0.90, 0.28, 0.30, 0.28, 0.28, 0.90, 0.30},
            Sequence.LGE, new double[] {0, 0.22, 0.03, 0.35, 0.45, 0.42, 0.05, 0.08, 0.05, 1.00, 0.42, 0.15},
            Sequence.T2, new double[] {0, 0.35, 0.05, 0.20, 0.45, 0.40, 0.28, 0.28, 0.80, 0.80, 0.40, 0.45}));

    /**
     * Validates the sizes and spacings.
     *
     * @throws IllegalArgumentException if a size is under {@value #MIN_SIZE}, a spacing is not positive and
     *         finite, a minimum exceeds its maximum, or the largest field of view ({@code maxSize} times
     *         {@code maxSpacingMm}) is under {@value #MIN_FIELD_OF_VIEW_MM} mm
     */
    public RandomCardiacPhantom {
        if (minSize < MIN_SIZE || maxSize < minSize) {
            throw new IllegalArgumentException("phantom sizes " + minSize + ".." + maxSize + ": need "
                    + MIN_SIZE + " <= min <= max");
        }
        if (!(minSpacingMm > 0) || !(maxSpacingMm >= minSpacingMm) || !Double.isFinite(maxSpacingMm)) {
            throw new IllegalArgumentException("phantom spacings " + minSpacingMm + ".." + maxSpacingMm
                    + " mm: need 0 < min <= max, finite");
        }
        if (maxSize * maxSpacingMm < MIN_FIELD_OF_VIEW_MM) {
            throw new IllegalArgumentException("phantom sizes up to " + maxSize + " px at spacings up to "
                    + maxSpacingMm + " mm give at most " + maxSize * maxSpacingMm + " mm across: need at least "
                    + MIN_FIELD_OF_VIEW_MM + " mm to hold a heart");
        }
    }

    /**
     * A phantom for small test images: spacings from 300 mm / {@code maxSize} to 380 mm / {@code minSize}, so
     * the field of view is about 300-420 mm whatever the size (a 48-64 pixel image has 5-8 mm pixels and a
     * heart a few pixels thick).
     */
    public RandomCardiacPhantom(int minSize, int maxSize) {
        this(minSize, maxSize, 300.0 / maxSize, 380.0 / minSize);
    }

    /** Draws one case; consumes {@code random} deterministically. */
    public SyntheticCase generate(String name, SplittableRandom random) {
        double inPlane = uniform(random, Math.max(minSpacingMm, MIN_FIELD_OF_VIEW_MM / maxSize), maxSpacingMm);
        double fieldOfView = random.nextDouble(300, 420);
        int nx = clamp((int) Math.round(fieldOfView / inPlane), minSize, maxSize);
        int ny = random.nextBoolean() ? nx : clamp((int) Math.round(nx * random.nextDouble(0.75, 1.0)), minSize, maxSize);
        int nz = random.nextDouble() < FEW_SLICES_FRACTION ? random.nextInt(1, 3) : random.nextInt(3, 7);
        double[] spacing = {inPlane, inPlane, random.nextDouble(8, 12)};
        Anatomy anatomy = new Anatomy(nx, ny, inPlane, random);
        Pathology pathology = random.nextDouble() < HEALTHY_FRACTION ? null : new Pathology(nz, random);
        // Scanner units differ per sequence, as in MyoPS, so no fixed intensity means the same tissue.
        Map<Sequence, Double> scale = new EnumMap<>(Sequence.class);
        scale.put(Sequence.BSSFP, random.nextDouble(600, 1200));
        scale.put(Sequence.LGE, random.nextDouble(150, 400));
        scale.put(Sequence.T2, random.nextDouble(1000, 2500));
        Map<Sequence, double[]> contrast = new EnumMap<>(CONTRAST);
        double[] lge = CONTRAST.get(Sequence.LGE).clone();
        lge[Tissue.SCAR.ordinal()] = lge[Tissue.LV.ordinal()] * random.nextDouble(1.15, 2.2);
        contrast.put(Sequence.LGE, lge);

        int plane = nx * ny;
        short[] labels = new short[plane * nz];
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            images.put(s, new float[plane * nz]);
        }
        for (int z = 0; z < nz; z++) {
            Slice slice = anatomy.slice(z, nz, pathology, random);
            float[] fat = smoothNoise(nx, ny, Math.max(1, 5 / inPlane), random);
            float[] texture = smoothNoise(nx, ny, Math.max(1, 8 / inPlane), random);
            Tissue[] aligned = slice.tissues(0, 0, fat);
            for (int i = 0; i < plane; i++) {
                labels[z * plane + i] = (short) label(aligned[i]);
            }
            int t2x = random.nextInt(-2, 3);
            int t2y = random.nextInt(-2, 3);
            if (t2x == 0 && t2y == 0) {
                t2x = random.nextBoolean() ? 1 : -1;
            }
            int lgeX = random.nextInt(-1, 2);
            int lgeY = random.nextInt(-1, 2);
            for (Sequence s : Sequence.values()) {
                Tissue[] tissues = switch (s) {
                    case BSSFP -> aligned;
                    case LGE -> lgeX == 0 && lgeY == 0 ? aligned : slice.tissues(lgeX, lgeY, fat);
                    case T2 -> slice.tissues(t2x, t2y, fat);
                };
                double[] image = render(tissues, contrast.get(s), texture, nx, ny);
                float[] bias = smoothNoise(nx, ny, Math.max(nx, ny) / 2.0, random);
                double sigma = random.nextDouble(0.025, 0.045);
                double toScanner = scale.get(s);
                float[] out = images.get(s);
                for (int i = 0; i < plane; i++) {
                    double v = image[i] * (1 + 0.25 * bias[i]);
                    double re = v + sigma * random.nextGaussian();
                    double im = sigma * random.nextGaussian();
                    double magnitude = Math.sqrt(re * re + im * im);
                    out[z * plane + i] = (float) Math.min(Short.MAX_VALUE, Math.rint(magnitude * toScanner));
                }
            }
        }
        return new SyntheticCase(name, nx, ny, nz, spacing, images, labels);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
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

    /**
     * Per-case anatomy, drawn in millimetres and kept in pixels: body, lungs, spine, aorta and a heart whose
     * size, place and rotation drift from base to apex.
     */
    private static final class Anatomy {
        /** Largest relative change of the LV radius and of the wall from slice to slice. */
        private static final double SIZE_JITTER = 0.03;
        private static final double WALL_JITTER = 0.05;
        /** Largest move (mm) and turn (degrees) of the heart from slice to slice. */
        private static final double DRIFT_MM = 2;
        private static final double TURN_DEGREES = 5;
        /** Body tissue (mm) kept between the heart's fat and the lungs. */
        private static final double LUNG_GAP_MM = 8;
        private static final double SPINE_RADIUS_MM = 18;
        private static final double AORTA_RADIUS_MM = 12;

        final int nx;
        final int ny;
        final double pxPerMm;
        final double bodyX;
        final double bodyY;
        final double bodyA;
        final double bodyB;
        final double rotation;
        /** LV cavity radius at the base (pixels). */
        final double lvRadius;
        final double eccentricity;
        /** Mean myocardial thickness (pixels); it varies by {@code ±wallVariation} around the ring. */
        final double wall;
        final double wallVariation;
        final double wallPhase;
        /** RV ellipse: semi-axis across the septum in LV cavity radii, along it in semi-axes across. */
        final double rvWidth;
        final double rvLength;
        /** RV cavity depth from the septum's epicardium to the free wall, in RV semi-axes across. */
        final double rvDepth;
        final double rvWall;
        final double fatWidth;
        final double lungGap;
        final double heartX;
        final double heartY;
        /** Centres and radii (pixels) of the vertebral body and descending aorta; radius 0 where the heart lies over them. */
        final double spineX;
        final double spineY;
        final double spineRadius;
        final double aortaX;
        final double aortaY;
        final double aortaRadius;

        Anatomy(int nx, int ny, double spacingMm, SplittableRandom random) {
            this.nx = nx;
            this.ny = ny;
            pxPerMm = 1 / spacingMm;
            bodyX = nx / 2.0 + random.nextDouble(-0.03, 0.03) * nx;
            bodyY = ny / 2.0 + random.nextDouble(-0.03, 0.03) * ny;
            bodyA = random.nextDouble(0.42, 0.50) * nx;
            // A chest 1.3-1.6 times as wide as deep, as deep as the image allows.
            bodyB = Math.min(bodyA * random.nextDouble(0.62, 0.75), 0.46 * ny);
            // RV towards the image's -x side as in the usual short-axis view, rotated by up to 50 degrees.
            rotation = Math.toRadians(random.nextDouble(-50, 50));
            lvRadius = random.nextDouble(36, 58) / 2 * pxPerMm;
            eccentricity = random.nextDouble(0, 0.08);
            wall = random.nextDouble(6, 12) * pxPerMm;
            wallVariation = random.nextDouble(0, 0.3);
            wallPhase = random.nextDouble(0, 2 * Math.PI);
            rvWidth = random.nextDouble(0.9, 1.2);
            rvLength = random.nextDouble(1.3, 1.8);
            rvDepth = random.nextDouble(0.8, 1.1);
            rvWall = random.nextDouble(2.5, 3.5) * pxPerMm;
            fatWidth = 4 * pxPerMm;
            lungGap = LUNG_GAP_MM * pxPerMm;

            // Posterior (image +y): the vertebral body and, beside it, the descending aorta.
            spineX = bodyX;
            spineY = bodyY + 0.72 * bodyB;
            double spine = SPINE_RADIUS_MM * pxPerMm;
            double aorta = AORTA_RADIUS_MM * pxPerMm;
            aortaX = bodyX + spine + aorta + 0.02 * bodyA;

            // The heart's centre is drawn up to a quarter of the image off its centre, kept where the heart fits
            // in the image, then pulled towards the body's centre until the heart lies inside the body and
            // clear of the spine. A heart too big for that from the body's centre starts further forward.
            double[][] outline = zone((DRIFT_MM + 2) * pxPerMm + 3).outline();
            HeartZone heart = zone(DRIFT_MM * pxPerMm);
            double loX = 0;
            double hiX = nx - 1;
            double loY = 0;
            double hiY = ny - 1;
            for (double[] p : outline) {
                loX = Math.max(loX, -p[0]);
                hiX = Math.min(hiX, nx - 1 - p[0]);
                loY = Math.max(loY, -p[1]);
                hiY = Math.min(hiY, ny - 1 - p[1]);
            }
            if (loX > hiX) {
                loX = hiX = (loX + hiX) / 2;
            }
            if (loY > hiY) {
                loY = hiY = (loY + hiY) / 2;
            }
            double wantX = clamp(nx / 2.0 + random.nextDouble(-0.25, 0.25) * nx, loX, hiX);
            double wantY = clamp(ny / 2.0 + random.nextDouble(-0.25, 0.25) * ny, loY, hiY);
            double anchorX = clamp(bodyX, loX, hiX);
            double anchorY = clamp(bodyY, loY, hiY);
            for (double y = anchorY; y >= Math.max(loY, bodyY - 0.5 * bodyB); y--) {
                if (fits(outline, heart, anchorX, y)) {
                    anchorY = y;
                    break;
                }
            }
            double inside = 0;
            double outside = 1;
            if (fits(outline, heart, wantX, wantY)) {
                inside = 1;
            } else {
                for (int i = 0; i < 24; i++) {
                    double t = (inside + outside) / 2;
                    if (fits(outline, heart, anchorX + t * (wantX - anchorX), anchorY + t * (wantY - anchorY))) {
                        inside = t;
                    } else {
                        outside = t;
                    }
                }
            }
            heartX = anchorX + inside * (wantX - anchorX);
            heartY = anchorY + inside * (wantY - anchorY);

            // The aorta moves back towards the spine's level to make room for a heart placed low; the spine or
            // aorta is left out where the heart would still cover it (a heart too big to place clear of them).
            spineRadius = heart.overlaps(spineX - heartX, spineY - heartY, spine) ? 0 : spine;
            double aortaAt = bodyY + 0.42 * bodyB;
            while (aortaAt < spineY && heart.overlaps(aortaX - heartX, aortaAt - heartY, aorta)) {
                aortaAt += 1;
            }
            aortaY = Math.min(aortaAt, spineY);
            aortaRadius = heart.overlaps(aortaX - heartX, aortaY - heartY, aorta) ? 0 : aorta;
        }

        /**
         * The RV ellipse of a slice, in the heart's frame: its septal edge lies inside the LV's wall or
         * cavity, so that the visible cavity wraps the septum.
         *
         * @param radius LV cavity radius (pixels)
         * @param wall   mean myocardial thickness (pixels)
         * @param rvSize apical shrink of the RV (1 at the base)
         */
        RvShape rv(double radius, double wall, double rvSize) {
            double across = radius * rvWidth * rvSize;
            return new RvShape(across - (radius + wall + across * rvDepth), across, across * rvLength);
        }

        /**
         * Where the heart with its fat may reach around the LV's centre in any slice, at the base's largest
         * size and the extreme rotations, grown by {@code margin} pixels (for the slices' drift, and where the
         * heart must stay inside the image, for the sequences' misregistration and one pixel more).
         */
        private HeartZone zone(double margin) {
            double radius = lvRadius * (1 + SIZE_JITTER);
            double thickest = wall * (1 + WALL_JITTER);
            double lvReach = radius * (1 + eccentricity) + thickest * (1 + wallVariation) + fatWidth + margin;
            RvShape rv = rv(radius, thickest, 1).grown(rvWall + fatWidth + margin);
            double turn = Math.toRadians(TURN_DEGREES);
            return new HeartZone(lvReach, rv, new double[] {rotation - turn, rotation, rotation + turn});
        }

        /**
         * Whether a heart centred at (cx, cy) lies inside the body, its {@code outline} (image offsets) within
         * the body's ellipse, and its region {@code heart} clear of the spine.
         */
        private boolean fits(double[][] outline, HeartZone heart, double cx, double cy) {
            return insideBody(outline, cx, cy)
                    && !heart.overlaps(spineX - cx, spineY - cy, SPINE_RADIUS_MM * pxPerMm);
        }

        private boolean insideBody(double[][] outline, double cx, double cy) {
            for (double[] p : outline) {
                double bx = (cx + p[0] - bodyX) / bodyA;
                double by = (cy + p[1] - bodyY) / bodyB;
                if (bx * bx + by * by > 1) {
                    return false;
                }
            }
            return true;
        }

        Slice slice(int z, int nz, Pathology pathology, SplittableRandom random) {
            double apical = nz == 1 ? 0 : (double) z / (nz - 1);
            double drift = DRIFT_MM * pxPerMm;
            return new Slice(this,
                    heartX + random.nextDouble(-drift, drift),
                    heartY + random.nextDouble(-drift, drift),
                    rotation + Math.toRadians(random.nextDouble(-TURN_DEGREES, TURN_DEGREES)),
                    lvRadius * (1 - 0.35 * apical) * random.nextDouble(1 - SIZE_JITTER, 1 + SIZE_JITTER),
                    wall * random.nextDouble(1 - WALL_JITTER, 1 + WALL_JITTER),
                    1 - 0.4 * apical,
                    pathology == null ? null : pathology.lesion(z, random));
        }
    }

    /**
     * An ellipse in the heart's frame (pixels): centre on the u axis, semi-axes along u and v.
     */
    private record RvShape(double centre, double across, double along) {
        /** Elliptic distance of (u, v): below 1 inside. */
        double distance(double u, double v) {
            return hypot((u - centre) / across, v / along);
        }

        RvShape grown(double by) {
            return new RvShape(centre, across + by, along + by);
        }
    }

    /**
     * The region a heart may cover, in pixels around the LV's centre: a circle of radius {@code lvReach}
     * and the ellipse {@code rv} in the heart's frame, at each of {@code rotations} (radians).
     */
    private record HeartZone(double lvReach, RvShape rv, double[] rotations) {
        private static final int POINTS = 48;

        /** Image offsets {x, y} of points around the circle and the ellipse at every rotation. */
        double[][] outline() {
            double[][] out = new double[rotations.length * 2 * POINTS][];
            int n = 0;
            for (double r : rotations) {
                double cos = Math.cos(r);
                double sin = Math.sin(r);
                for (int k = 0; k < POINTS; k++) {
                    double a = 2 * Math.PI * k / POINTS;
                    double[][] uv = {
                        {lvReach * Math.cos(a), lvReach * Math.sin(a)},
                        {rv.centre() + rv.across() * Math.cos(a), rv.along() * Math.sin(a)},
                    };
                    for (double[] p : uv) {
                        out[n++] = new double[] {p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos};
                    }
                }
            }
            return out;
        }

        /** Whether a disc of {@code radius} at image offset (x, y) from the LV's centre meets the region. */
        boolean overlaps(double x, double y, double radius) {
            if (covers(x, y)) {
                return true;
            }
            for (int k = 0; k < POINTS; k++) {
                double a = 2 * Math.PI * k / POINTS;
                if (covers(x + radius * Math.cos(a), y + radius * Math.sin(a))) {
                    return true;
                }
            }
            return false;
        }

        private boolean covers(double x, double y) {
            for (double r : rotations) {
                double u = x * Math.cos(r) + y * Math.sin(r);
                double v = -x * Math.sin(r) + y * Math.cos(r);
                if (hypot(u, v) < lvReach || rv.distance(u, v) < 1) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Per-case pathology: a scar centred at one angle of the heart's frame, present on a contiguous run of
     * slices through the middle of the stack (at most one end slice spared, none of a single slice).
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
            int spared = nz > 1 ? random.nextInt(3) : 0;
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

    /**
     * Geometry of one slice (pixels, radians); {@link #tissues} evaluates it per pixel, optionally shifted.
     *
     * @param radius LV cavity radius
     * @param wall   mean myocardial thickness
     * @param rvSize apical shrink of the RV (1 at the base)
     */
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
            RvShape rv = anatomy.rv(radius, wall, rvSize);
            double rvWall = anatomy.rvWall / rv.across();
            double fatWidth = anatomy.fatWidth;
            // Beyond these the lungs may start; beyond the last no part of the heart or its fat lies.
            double lvClear = a + wall * (1 + anatomy.wallVariation) + fatWidth + anatomy.lungGap;
            double rvClear = 1 + (anatomy.rvWall + fatWidth + anatomy.lungGap) / rv.across();
            double far = Math.max(lvClear, -rv.centre() + rvClear * Math.max(rv.across(), rv.along()));
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    // The scene point seen at (x, y); the fat pattern moves with it.
                    int px = x - dx;
                    int py = y - dy;
                    double edge = fatPattern[clamp(py, 0, ny - 1) * nx + clamp(px, 0, nx - 1)];
                    double u = (px - cx) * cos + (py - cy) * sin;
                    double v = -(px - cx) * sin + (py - cy) * cos;
                    double rho = hypot(u, v);
                    if (rho >= far) {
                        out[y * nx + x] = background(px, py, true, edge);
                        continue;
                    }
                    double phi = Math.atan2(v, u);
                    double endo = a * b / hypot(b * Math.cos(phi), a * Math.sin(phi));
                    double thickness = wall * (1 + anatomy.wallVariation * Math.cos(phi - anatomy.wallPhase));
                    double epi = endo + thickness;
                    double rvDistance = rv.distance(u, v);
                    Tissue t;
                    if (rho < endo) {
                        t = Tissue.LV;
                    } else if (rho < epi) {
                        t = myocardium(phi, (rho - endo) / thickness);
                    } else if (rvDistance < 1) {
                        t = Tissue.RV;
                    } else if (rvDistance < 1 + rvWall) {
                        t = Tissue.RV_WALL;
                    } else if ((rho < epi + fatWidth || rvDistance < 1 + rvWall + fatWidth / rv.across()) && edge > 0.2) {
                        t = Tissue.FAT;
                    } else {
                        t = background(px, py, rho > lvClear && rvDistance > rvClear, edge);
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

        /** Tissue outside the heart and its fat; lungs only where {@code clearOfHeart}. */
        private Tissue background(double px, double py, boolean clearOfHeart, double edge) {
            double bx = (px - anatomy.bodyX) / anatomy.bodyA;
            double by = (py - anatomy.bodyY) / anatomy.bodyB;
            if (bx * bx + by * by >= 1) {
                return Tissue.AIR;
            }
            if (hypot(px - anatomy.spineX, py - anatomy.spineY) < anatomy.spineRadius) {
                return Tissue.SPINE;
            }
            if (hypot(px - anatomy.aortaX, py - anatomy.aortaY) < anatomy.aortaRadius) {
                return Tissue.AORTA;
            }
            double lx = (Math.abs(bx) - 0.58) / 0.24;
            double ly = (by - 0.05) / 0.55;
            boolean lung = clearOfHeart && lx * lx + ly * ly < 1 + 0.12 * edge;
            return lung ? Tissue.LUNG : Tissue.BODY;
        }
    }
}
