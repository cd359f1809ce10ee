package org.mfunet.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A series as a volume, with the geometry dcm2niix gives the same series, so that the two agree voxel for voxel:
 * slices sorted along the slice normal (row direction x column direction), ascending; x along the columns of a slice,
 * y along its rows from the last row to the first; values {@code stored * RescaleSlope + RescaleIntercept}; the
 * affine maps voxel (x, y, z, 1) to RAS millimetres (DICOM's LPS with x and y negated), its third column the step from
 * the first slice's position to the last's.
 *
 * @param series  the series read
 * @param nx      columns of a slice
 * @param ny      rows of a slice
 * @param nz      slices
 * @param spacing voxel spacing (x, y, z) in mm: column spacing, row spacing, slice spacing
 * @param affine  voxel (x, y, z, 1) to RAS mm, row-major 4x4
 * @param voxels  {@code nx * ny * nz} values, x fastest: {@code index = x + nx * (y + ny * z)}
 * @param slices  the images in z order
 */
public record SeriesVolume(DicomSeries series, int nx, int ny, int nz, double[] spacing, double[][] affine,
                           float[] voxels, List<DicomImage> slices) {
    /** Largest difference of direction cosines still counted as one orientation. */
    static final double ORIENTATION_TOLERANCE = 1e-4;
    /** Slices closer than this along the normal (mm) are at the same place. */
    static final double POSITION_TOLERANCE_MM = 1e-2;
    /** Steps between slices may differ by this fraction of the smallest before a slice counts as missing. */
    static final double STEP_TOLERANCE = 0.02;

    /**
     * Reads the pixels of a series and checks that it is one volume: one size, orientation and pixel spacing, slices
     * stacked along their normal, evenly spaced, none twice; pixel data native (uncompressed) 8- or 16-bit.
     *
     * @throws DicomException naming the file(s) at fault and the rule broken
     */
    public static SeriesVolume of(DicomSeries series) {
        List<DicomImage> images = series.images();
        DicomImage first = images.get(0);
        for (DicomImage image : images) {
            checkLike(series, first, image);
        }
        double[] normal = unit(first.normal());
        List<DicomImage> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparingDouble(i -> dot(i.position(), normal)));
        checkStack(series, sorted, normal);
        int nx = first.columns();
        int ny = first.rows();
        int nz = sorted.size();
        double[] r = {first.orientation()[0], first.orientation()[1], first.orientation()[2]};
        double[] c = {first.orientation()[3], first.orientation()[4], first.orientation()[5]};
        double rowSpacing = first.pixelSpacing()[0];
        double columnSpacing = first.pixelSpacing()[1];
        double[] origin = sorted.get(0).position();
        double[] step = new double[3];
        double sliceSpacing;
        if (nz > 1) {
            double[] last = sorted.get(nz - 1).position();
            for (int i = 0; i < 3; i++) {
                step[i] = (last[i] - origin[i]) / (nz - 1);
            }
            sliceSpacing = Math.sqrt(dot(step, step));
        } else {
            DicomObject h = first.header();
            sliceSpacing = h.decimal(Tag.SPACING_BETWEEN_SLICES, h.decimal(Tag.SLICE_THICKNESS, 1));
            for (int i = 0; i < 3; i++) {
                step[i] = normal[i] * sliceSpacing;
            }
        }
        double[][] lps = new double[4][4];
        for (int i = 0; i < 3; i++) {
            lps[i][0] = r[i] * columnSpacing;
            lps[i][1] = -c[i] * rowSpacing;
            lps[i][2] = step[i];
            lps[i][3] = origin[i] + c[i] * rowSpacing * (ny - 1);
        }
        lps[3][3] = 1;
        double[][] ras = new double[4][];
        for (int i = 0; i < 4; i++) {
            ras[i] = lps[i].clone();
            if (i < 2) {
                for (int j = 0; j < 4; j++) {
                    ras[i][j] = -ras[i][j];
                }
            }
        }
        float[] voxels = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            readSlice(sorted.get(z), voxels, z);
        }
        return new SeriesVolume(series, nx, ny, nz, new double[] {columnSpacing, rowSpacing, sliceSpacing}, ras, voxels,
                List.copyOf(sorted));
    }

    /** Same size, orientation, pixel spacing and decodable pixel data as the series' first image. */
    private static void checkLike(DicomSeries series, DicomImage first, DicomImage image) {
        Path file = image.path();
        if (!TransferSyntax.decodable(image.transferSyntax())) {
            throw new DicomException(file, "pixel data in " + TransferSyntax.describe(image.transferSyntax())
                    + " cannot be decoded by mfunet; store the series uncompressed (e.g. dcmdjpeg, gdcmconv --raw)");
        }
        if (image.rows() <= 0 || image.columns() <= 0) {
            throw new DicomException(file, "no Rows (0028,0010) or Columns (0028,0011)");
        }
        if (image.pixelSpacing() == null || !(image.pixelSpacing()[0] > 0) || !(image.pixelSpacing()[1] > 0)) {
            throw new DicomException(file, "no positive PixelSpacing (0028,0030); the voxel size is unknown");
        }
        if (image.rows() != first.rows() || image.columns() != first.columns()) {
            throw new DicomException(file, String.format(Locale.ROOT, "%d x %d pixels, %s has %d x %d: series %s mixes"
                    + " image sizes", image.columns(), image.rows(), first.path(), first.columns(), first.rows(),
                    series.seriesUid()));
        }
        for (int i = 0; i < 6; i++) {
            if (Math.abs(image.orientation()[i] - first.orientation()[i]) > ORIENTATION_TOLERANCE) {
                throw new DicomException(file, "inconsistent orientation within series " + series.seriesUid()
                        + ": ImageOrientationPatient " + format(image.orientation()) + ", " + first.path() + " has "
                        + format(first.orientation()));
            }
        }
        for (int i = 0; i < 2; i++) {
            if (Math.abs(image.pixelSpacing()[i] - first.pixelSpacing()[i]) > ORIENTATION_TOLERANCE) {
                throw new DicomException(file, "PixelSpacing " + format(image.pixelSpacing()) + ", " + first.path()
                        + " has " + format(first.pixelSpacing()) + ": series " + series.seriesUid() + " mixes pixel sizes");
            }
        }
        double[] n = first.normal();
        if (Math.abs(Math.sqrt(dot(n, n)) - 1) > 1e-3) {
            throw new DicomException(file, "ImageOrientationPatient " + format(image.orientation())
                    + " does not hold two orthogonal unit vectors");
        }
    }

    /** Every slice on the normal through the first, none twice, evenly spaced. */
    private static void checkStack(DicomSeries series, List<DicomImage> sorted, double[] normal) {
        DicomImage base = sorted.get(0);
        for (DicomImage image : sorted) {
            double[] d = minus(image.position(), base.position());
            double along = dot(d, normal);
            double[] off = {d[0] - along * normal[0], d[1] - along * normal[1], d[2] - along * normal[2]};
            double shift = Math.sqrt(dot(off, off));
            if (shift > POSITION_TOLERANCE_MM * 10) {
                throw new DicomException(image.path(), String.format(Locale.ROOT, "slice shifted %.2f mm in-plane from"
                        + " %s: the slices of series %s are not stacked along their normal", shift, base.path(),
                        series.seriesUid()));
            }
        }
        double smallest = Double.MAX_VALUE;
        for (int z = 1; z < sorted.size(); z++) {
            double gap = dot(minus(sorted.get(z).position(), sorted.get(z - 1).position()), normal);
            if (gap < POSITION_TOLERANCE_MM) {
                throw new DicomException(sorted.get(z).path(), String.format(Locale.ROOT, "duplicated slice: %s is at the"
                        + " same position (%.2f mm along the normal) in series %s", sorted.get(z - 1).path(),
                        dot(sorted.get(z).position(), normal), series.seriesUid()));
            }
            smallest = Math.min(smallest, gap);
        }
        for (int z = 1; z < sorted.size(); z++) {
            double gap = dot(minus(sorted.get(z).position(), sorted.get(z - 1).position()), normal);
            if (gap > smallest * (1 + STEP_TOLERANCE) + POSITION_TOLERANCE_MM) {
                throw new DicomException(sorted.get(z).path(), String.format(Locale.ROOT, "%.2f mm from the previous"
                        + " slice %s where the others of series %s are %.2f mm apart: a slice is missing", gap,
                        sorted.get(z - 1).path(), series.seriesUid(), smallest));
            }
        }
    }

    private static void readSlice(DicomImage image, float[] voxels, int z) {
        Path file = image.path();
        DicomObject d = DicomReader.read(file).dataset();
        int bits = d.uint16(Tag.BITS_ALLOCATED);
        int samples = d.uint16(Tag.SAMPLES_PER_PIXEL);
        boolean signed = d.uint16(Tag.PIXEL_REPRESENTATION) == 1;
        if (samples > 1) {
            throw new DicomException(file, samples + " samples per pixel; mfunet reads grey-scale images");
        }
        if (bits != 8 && bits != 16) {
            throw new DicomException(file, "BitsAllocated " + bits + "; mfunet reads 8- and 16-bit pixel data");
        }
        int nx = image.columns();
        int ny = image.rows();
        byte[] data = d.bytes(Tag.PIXEL_DATA);
        long needed = (long) nx * ny * (bits / 8);
        if (data == null || data.length < needed) {
            throw new DicomException(file, String.format(Locale.ROOT, "pixel data has %d bytes, %d x %d pixels of %d"
                    + " bits need %d", data == null ? 0 : data.length, nx, ny, bits, needed));
        }
        double slope = d.decimal(Tag.RESCALE_SLOPE, 1);
        double intercept = d.decimal(Tag.RESCALE_INTERCEPT, 0);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int plane = nx * ny;
        for (int row = 0; row < ny; row++) {
            int y = ny - 1 - row;
            for (int x = 0; x < nx; x++) {
                int at = row * nx + x;
                double stored = bits == 8 ? (signed ? b.get(at) : b.get(at) & 0xff)
                        : signed ? b.getShort(2 * at) : b.getShort(2 * at) & 0xffff;
                voxels[z * plane + y * nx + x] = (float) (stored * slope + intercept);
            }
        }
    }

    /** The world position (LPS mm) of the first pixel of slice z: its ImagePositionPatient. */
    public double[] position(int z) {
        return slices.get(z).position().clone();
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] minus(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    private static String format(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", v[i]));
        }
        return s.append(']').toString();
    }
}
