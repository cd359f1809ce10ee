package org.mfunet.nifti;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code mfunet info} shows of a NIfTI file: the header fields that matter for geometry and
 * scaling, and statistics of the scaled voxel values over all volumes. {@code min}, {@code max} and
 * {@code mean} ignore NaN voxels (counted in {@code nanCount}) and are null when every voxel is NaN.
 * Arrays follow {@link NiftiHeader}: dims and pixdim per axis without the rank, srow rows of 4, affine
 * 4x4 row-major.
 */
public record NiftiSummary(String file, int[] dims, String datatype, double[] pixdim, String byteOrder,
        long voxOffset, double sclSlope, double sclInter, int qformCode, int sformCode, double[] quatern,
        double[] qoffset, double qfac, double[] srowX, double[] srowY, double[] srowZ, double[][] affine,
        String description, long voxels, long nanCount, Double min, Double max, Double mean) {

    /** Reads the header and streams the voxels once; memory stays small whatever the image size. */
    public static NiftiSummary of(Path file) {
        Stats stats = new Stats();
        NiftiHeader h = NiftiReader.stream(file, stats);
        boolean any = stats.count > stats.nan;
        return new NiftiSummary(file.toString(), h.dims(), h.datatype().typeName(), h.pixdim(),
                h.byteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian", h.voxOffset(),
                h.sclSlope(), h.sclInter(), h.qformCode(), h.sformCode(), h.quatern(), h.qoffset(), h.qfac(),
                h.srowX(), h.srowY(), h.srowZ(), h.affine(), h.description(), stats.count, stats.nan,
                any ? stats.min : null, any ? stats.max : null, any ? stats.sum / (stats.count - stats.nan) : null);
    }

    /** A few aligned lines for people. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("file         " + file);
        out.add("dims         " + join(dims) + "  (" + datatype + ", " + byteOrder + ")");
        out.add("pixdim       " + join(pixdim));
        out.add("scaling      " + (sclSlope != 0 && Double.isFinite(sclSlope)
                ? "value = stored * " + num(sclSlope) + " + " + num(sclInter) : "none"));
        out.add("qform        code " + qformCode + ", quatern " + join(quatern) + ", qoffset " + join(qoffset)
                + ", qfac " + num(qfac));
        out.add("sform        code " + sformCode);
        String[] labels = {"affine       ", "             ", "             ", "             "};
        for (int r = 0; r < 4; r++) {
            out.add(labels[r] + join(affine[r]));
        }
        out.add("vox_offset   " + voxOffset);
        out.add("description  " + description);
        out.add(String.format(Locale.ROOT, "values       %,d voxels, %,d NaN; min %s, max %s, mean %s", voxels,
                nanCount, num(min), num(max), num(mean)));
        return out;
    }

    private static String join(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double d : v) {
            s.append(s.length() == 0 ? "" : " ").append(num(d));
        }
        return s.toString();
    }

    private static String join(int[] v) {
        return Arrays.toString(v).replaceAll("[\\[\\],]", "").replace(" ", " x ");
    }

    private static String num(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Running min, max and sum of the non-NaN values. */
    private static final class Stats implements NiftiReader.VoxelSink {
        long count;
        long nan;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;

        @Override
        public void accept(float[] values, int n) {
            count += n;
            for (int i = 0; i < n; i++) {
                float v = values[i];
                if (Float.isNaN(v)) {
                    nan++;
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                }
            }
        }
    }
}
