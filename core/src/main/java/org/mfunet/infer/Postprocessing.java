package org.mfunet.infer;

import org.mfunet.data.MyopsLabels;

/**
 * Pure postprocessing of a predicted volume, following the anatomy: keep the largest connected component of
 * myocardium and, of LV and RV, the component that lies against that myocardium (the largest when none does), make
 * RV inside the cavity a closed myocardial ring encloses LV and LV outside it background, fill the holes of the LV and RV
 * blood pools slice by slice (a cavity has no islands), and keep
 * scar and edema only inside the kept myocardium. Unlike the MFU-Net reference, every piece of scar and edema inside
 * the myocardium is kept, not only the largest: an infarct often shows as separate pieces on slices 10 mm apart, and on
 * the synthetic cohort's held-out cases keeping the largest piece lost a real one (scar Dice 0.730 against 0.781 with
 * every piece kept; docs/geometry.md). Pathology far from the heart is still removed, as the myocardium's stray
 * components are.
 *
 * <p>Connectivity: 8-connected within a slice, and across slices only between voxels at the same (x, y) of
 * adjacent slices. MyoPS slices are 10-12 mm thick for less than 1 mm in-plane, so a diagonal step between
 * slices spans a gap no structure is known to bridge, while in-plane diagonal contact keeps the thin
 * myocardial ring and patchy scar in one piece. A structure whose slices do not overlap in-plane therefore
 * counts as several components. Ties between components of equal size keep the one reached first in
 * x-fastest voxel order, so results are deterministic.
 */
public final class Postprocessing {
    private Postprocessing() {
    }

    /** Applies the whole postprocessing to a prediction and returns a new one; the input is not modified. */
    public static VolumeSegmentation apply(VolumeSegmentation prediction) {
        int nx = prediction.nx();
        int ny = prediction.ny();
        int nz = prediction.nz();
        byte[] anatomy = new byte[prediction.anatomy().length];
        boolean[] myocardium = largestComponent(classMask(prediction.anatomy(), MyopsLabels.ANATOMY_MYOCARDIUM), nx, ny, nz);
        for (byte c = MyopsLabels.ANATOMY_MYOCARDIUM; c <= MyopsLabels.ANATOMY_RV; c++) {
            boolean[] kept = c == MyopsLabels.ANATOMY_MYOCARDIUM ? myocardium
                    : componentTouching(classMask(prediction.anatomy(), c), myocardium, nx, ny, nz);
            for (int i = 0; i < kept.length; i++) {
                if (kept[i]) {
                    anatomy[i] = c;
                }
            }
        }
        fillRingWithLv(anatomy, myocardium, nx, ny, nz);
        for (byte cavity : new byte[] {MyopsLabels.ANATOMY_LV, MyopsLabels.ANATOMY_RV}) {
            boolean[] filled = fillHoles(classMask(anatomy, cavity), nx, ny, nz);
            for (int i = 0; i < filled.length; i++) {
                if (filled[i]) {
                    anatomy[i] = cavity;
                }
            }
        }
        myocardium = classMask(anatomy, MyopsLabels.ANATOMY_MYOCARDIUM);
        boolean[] scar = restrictTo(prediction.scar(), myocardium);
        boolean[] edema = restrictTo(prediction.edema(), myocardium);
        return new VolumeSegmentation(nx, ny, nz, anatomy, scar, edema);
    }

    /**
     * The LV blood pool inside the myocardial ring. On each slice, the regions the kept myocardium encloses are found;
     * an enclosed region is the LV cavity when the network put at least as much LV as RV in it, and some (a hole in a
     * thick wall holds none; a ring that closes around the RV, as the base's can, holds mostly RV). RV inside a cavity
     * becomes LV, and when a slice has a cavity, LV outside every cavity becomes background: a blood pool outside a
     * closed ring is not the LV. Background inside a cavity stays: on the synthetic cohort it was mostly a thin rim of
     * true myocardium between the predicted wall and pool, which LV would have made worse (its holes are filled
     * next). Slices whose myocardium is open
     * (the basal outflow tract, a C-shaped ring) or absent keep their LV as predicted.
     *
     * @param anatomy    anatomy classes {@code [nz][ny][nx]}, x fastest; changed in place
     * @param myocardium the kept myocardium, same layout
     */
    static void fillRingWithLv(byte[] anatomy, boolean[] myocardium, int nx, int ny, int nz) {
        boolean[] enclosed = fillHoles(myocardium, nx, ny, nz);
        int plane = nx * ny;
        boolean[] interior = new boolean[plane];
        for (int z = 0; z < nz; z++) {
            int base = z * plane;
            for (int i = 0; i < plane; i++) {
                interior[i] = enclosed[base + i] && !myocardium[base + i];
            }
            int[] regions = componentLabels(interior, nx, ny, 1);
            int count = 0;
            for (int r : regions) {
                count = Math.max(count, r);
            }
            if (count == 0) {
                continue;
            }
            int[] lv = new int[count + 1];
            int[] rv = new int[count + 1];
            for (int i = 0; i < plane; i++) {
                lv[regions[i]] += anatomy[base + i] == MyopsLabels.ANATOMY_LV ? 1 : 0;
                rv[regions[i]] += anatomy[base + i] == MyopsLabels.ANATOMY_RV ? 1 : 0;
            }
            boolean[] cavity = new boolean[count + 1];
            boolean any = false;
            for (int r = 1; r <= count; r++) {
                cavity[r] = lv[r] > 0 && lv[r] >= rv[r];
                any |= cavity[r];
            }
            if (!any) {
                continue;
            }
            for (int i = 0; i < plane; i++) {
                if (cavity[regions[i]] && anatomy[base + i] == MyopsLabels.ANATOMY_RV) {
                    anatomy[base + i] = MyopsLabels.ANATOMY_LV;
                } else if (!cavity[regions[i]] && anatomy[base + i] == MyopsLabels.ANATOMY_LV) {
                    anatomy[base + i] = MyopsLabels.ANATOMY_BACKGROUND;
                }
            }
        }
    }

    /**
     * A mask with its holes filled, slice by slice: every pixel outside the mask that cannot reach the slice's border
     * through pixels outside the mask (4-connected) joins it, so a blood pool has no islands inside.
     *
     * @param mask {@code [nz][ny][nx]} flattened, x fastest
     * @return a new mask of the same layout
     */
    public static boolean[] fillHoles(boolean[] mask, int nx, int ny, int nz) {
        if (nx <= 0 || ny <= 0 || nz <= 0 || mask.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("mask of " + mask.length + " values does not fit " + nx + " x " + ny + " x " + nz);
        }
        int plane = nx * ny;
        boolean[] filled = mask.clone();
        int[] queue = new int[plane];
        boolean[] outside = new boolean[plane];
        for (int z = 0; z < nz; z++) {
            int base = z * plane;
            // Only the mask's bounding box, one pixel larger, can hold a hole: everything outside it reaches the border.
            int x0 = nx;
            int y0 = ny;
            int x1 = -1;
            int y1 = -1;
            for (int i = 0; i < plane; i++) {
                if (mask[base + i]) {
                    x0 = Math.min(x0, i % nx);
                    x1 = Math.max(x1, i % nx);
                    y0 = Math.min(y0, i / nx);
                    y1 = Math.max(y1, i / nx);
                }
            }
            if (x1 < 0) {
                continue;
            }
            x0 = Math.max(0, x0 - 1);
            y0 = Math.max(0, y0 - 1);
            x1 = Math.min(nx - 1, x1 + 1);
            y1 = Math.min(ny - 1, y1 + 1);
            int tail = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * nx + x;
                    outside[i] = false;
                    if ((x == x0 || y == y0 || x == x1 || y == y1) && !mask[base + i]) {
                        outside[i] = true;
                        queue[tail++] = i;
                    }
                }
            }
            for (int head = 0; head < tail; head++) {
                int i = queue[head];
                int x = i % nx;
                int y = i / nx;
                if (x > x0) {
                    tail = reach(mask, outside, queue, tail, base, i - 1);
                }
                if (x < x1) {
                    tail = reach(mask, outside, queue, tail, base, i + 1);
                }
                if (y > y0) {
                    tail = reach(mask, outside, queue, tail, base, i - nx);
                }
                if (y < y1) {
                    tail = reach(mask, outside, queue, tail, base, i + nx);
                }
            }
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * nx + x;
                    filled[base + i] = !outside[i];
                }
            }
        }
        return filled;
    }

    /** Marks and enqueues in-plane pixel {@code i} if it is outside the mask and not yet reached. */
    private static int reach(boolean[] mask, boolean[] outside, int[] queue, int tail, int base, int i) {
        if (outside[i] || mask[base + i]) {
            return tail;
        }
        outside[i] = true;
        queue[tail] = i;
        return tail + 1;
    }

    /**
     * The component of a mask that lies against a reference (the most of its pixels next to it, in-plane 8-neighbours
     * on the same slice), so a blood pool is the one the kept myocardium bounds and not a larger look-alike elsewhere
     * in the body; the largest component when none touches it. Ties keep the larger component, then the first.
     *
     * @param mask      {@code [nz][ny][nx]} flattened, x fastest
     * @param reference same layout
     * @return a new mask holding that one component; all false if {@code mask} is empty
     */
    public static boolean[] componentTouching(boolean[] mask, boolean[] reference, int nx, int ny, int nz) {
        int[] labels = componentLabels(mask, nx, ny, nz);
        int components = 0;
        for (int label : labels) {
            components = Math.max(components, label);
        }
        long[] contact = new long[components + 1];
        long[] sizes = new long[components + 1];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) {
                continue;
            }
            sizes[labels[i]]++;
            int x = i % nx;
            int y = (i / nx) % ny;
            boolean touches = false;
            for (int dy = -1; dy <= 1 && !touches; dy++) {
                for (int dx = -1; dx <= 1 && !touches; dx++) {
                    int sx = x + dx;
                    int sy = y + dy;
                    touches = sx >= 0 && sy >= 0 && sx < nx && sy < ny && reference[i - x - y * nx + sy * nx + sx];
                }
            }
            contact[labels[i]] += touches ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c <= components; c++) {
            if (best == 0 || contact[c] > contact[best] || contact[c] == contact[best] && sizes[c] > sizes[best]) {
                best = c;
            }
        }
        boolean[] kept = new boolean[mask.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = best != 0 && labels[i] == best;
        }
        return kept;
    }

    /**
     * Largest connected component of a mask (connectivity as in the class comment).
     *
     * @param mask {@code [nz][ny][nx]} flattened, x fastest
     * @return a new mask of the same layout holding only the largest component; all false if {@code mask} is empty
     */
    public static boolean[] largestComponent(boolean[] mask, int nx, int ny, int nz) {
        int[] labels = componentLabels(mask, nx, ny, nz);
        int components = 0;
        for (int label : labels) {
            components = Math.max(components, label);
        }
        int[] sizes = new int[components + 1];
        for (int label : labels) {
            sizes[label]++;
        }
        int largest = 0;
        int largestSize = 0;
        for (int c = 1; c <= components; c++) {
            if (sizes[c] > largestSize) {
                largest = c;
                largestSize = sizes[c];
            }
        }
        boolean[] kept = new boolean[mask.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = largest != 0 && labels[i] == largest;
        }
        return kept;
    }

    /**
     * Connected components of a mask, numbered 1, 2, ... in the order their first voxel appears (x fastest).
     *
     * @param mask {@code [nz][ny][nx]} flattened, x fastest
     * @return component number of each voxel, 0 outside the mask; same layout as {@code mask}
     */
    public static int[] componentLabels(boolean[] mask, int nx, int ny, int nz) {
        if (nx <= 0 || ny <= 0 || nz <= 0 || mask.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("mask of " + mask.length + " values does not fit " + nx + " x " + ny + " x " + nz);
        }
        int[] labels = new int[mask.length];
        int[] queue = new int[mask.length];
        int next = 0;
        for (int seed = 0; seed < mask.length; seed++) {
            if (!mask[seed] || labels[seed] != 0) {
                continue;
            }
            next++;
            labels[seed] = next;
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            while (head < tail) {
                int i = queue[head++];
                int x = i % nx;
                int y = (i / nx) % ny;
                int z = i / (nx * ny);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        tail = visit(mask, labels, queue, tail, next, x + dx, y + dy, z, nx, ny, nz);
                    }
                }
                tail = visit(mask, labels, queue, tail, next, x, y, z - 1, nx, ny, nz);
                tail = visit(mask, labels, queue, tail, next, x, y, z + 1, nx, ny, nz);
            }
        }
        return labels;
    }

    /** Labels and enqueues voxel (x, y, z) if it is inside the grid, in the mask and not yet labelled. */
    private static int visit(boolean[] mask, int[] labels, int[] queue, int tail, int label,
                             int x, int y, int z, int nx, int ny, int nz) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) {
            return tail;
        }
        int i = x + nx * (y + ny * z);
        if (!mask[i] || labels[i] != 0) {
            return tail;
        }
        labels[i] = label;
        queue[tail] = i;
        return tail + 1;
    }

    /** Element-wise {@code mask AND region} of two masks of equal length and layout. */
    public static boolean[] restrictTo(boolean[] mask, boolean[] region) {
        if (mask.length != region.length) {
            throw new IllegalArgumentException("mask and region differ in length: " + mask.length + " and " + region.length);
        }
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask[i] && region[i];
        }
        return out;
    }

    private static boolean[] classMask(byte[] classes, byte c) {
        boolean[] mask = new boolean[classes.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = classes[i] == c;
        }
        return mask;
    }
}
