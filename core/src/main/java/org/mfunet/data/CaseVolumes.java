package org.mfunet.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;

/**
 * The validated voxels of one case: the sequences it has (the LGE always, T2 and bSSFP where acquired) and, if
 * labelled, the class map, all on one grid.
 *
 * @param source  the case the files came from
 * @param grid    header of the file of the case's {@linkplain MyopsCase#gridSequence() grid sequence} (bSSFP, else
 *                LGE); the other files share its dimensions and affine
 * @param images  per sequence present {@code [z][y][x]} flattened (x fastest), intensities in scanner units, finite;
 *                the LGE always among them
 * @param classes {@code [z][y][x]} class indices of {@link MyopsLabels} (x fastest), or null if unlabelled
 */
public record CaseVolumes(MyopsCase source, NiftiHeader grid, Map<Sequence, float[]> images, byte[] classes) {
    /** Largest difference of two affine entries (mm) still counted as the same grid. */
    public static final double GRID_TOLERANCE_MM = 0.01;

    public CaseVolumes {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(grid, "grid");
        int voxels = grid.nx() * grid.ny() * grid.nz();
        if (!images.keySet().equals(source.images().keySet()) || images.values().stream().anyMatch(a -> a.length != voxels)
                || classes != null && classes.length != voxels) {
            throw new IllegalArgumentException("case " + source.name() + ": volumes do not match the grid "
                    + grid.nx() + " x " + grid.ny() + " x " + grid.nz() + " or the sequences " + source.sequences());
        }
        images = Collections.unmodifiableMap(new EnumMap<>(images));
    }

    /**
     * Reads and checks a case: the files must share one grid, images must be finite and labels must be
     * MyoPS values.
     *
     * @throws MfunetException naming the case and the file(s) at fault
     */
    public static CaseVolumes load(MyopsCase source) {
        Path referenceFile = source.image(source.gridSequence());
        NiftiImage reference = NiftiReader.read(referenceFile);
        checkSpacing(referenceFile, reference.header());
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        for (Sequence s : source.sequences()) {
            Path file = source.image(s);
            NiftiImage image = file.equals(referenceFile) ? reference : NiftiReader.read(file);
            checkGrid(source, referenceFile, reference.header(), file, image.header());
            checkFinite(file, image.data());
            images.put(s, image.data());
        }
        byte[] classes = null;
        if (source.labelled()) {
            NiftiImage labels = NiftiReader.read(source.labels());
            checkGrid(source, referenceFile, reference.header(), source.labels(), labels.header());
            classes = classesOf(source.labels(), labels.data());
        }
        return new CaseVolumes(source, reference.header(), images, classes);
    }

    /** The sequences the case has, in channel order. */
    public Set<Sequence> sequences() {
        return source.sequences();
    }

    /** The file whose header is {@link #grid()}. */
    public Path gridFile() {
        return source.image(source.gridSequence());
    }

    /**
     * Checks a case's files as {@link #load} does, all but the voxel values (NaN, label values): each file one whole
     * 2D or 3D NIfTI volume (gzip intact), the grid sequence's spacing usable and every file on its grid. Keeps no
     * voxels, so it suits files of unknown origin before they are queued for segmentation.
     *
     * @return the header of the {@linkplain MyopsCase#gridSequence() grid sequence}: the grid of the case
     * @throws MfunetException naming the case and the file(s) at fault, the first in the order LGE, T2, bSSFP, labels
     */
    public static NiftiHeader check(MyopsCase source) {
        Map<Sequence, NiftiHeader> headers = new EnumMap<>(Sequence.class);
        for (Sequence s : source.sequences()) {
            headers.put(s, NiftiReader.verify(source.image(s)));
        }
        Path referenceFile = source.image(source.gridSequence());
        NiftiHeader reference = headers.get(source.gridSequence());
        checkSpacing(referenceFile, reference);
        for (Sequence s : source.sequences()) {
            checkGrid(source, referenceFile, reference, source.image(s), headers.get(s));
        }
        if (source.labelled()) {
            checkGrid(source, referenceFile, reference, source.labels(), NiftiReader.verify(source.labels()));
        }
        return reference;
    }

    public int nx() {
        return grid.nx();
    }

    public int ny() {
        return grid.ny();
    }

    public int nz() {
        return grid.nz();
    }

    /** In-plane pixel spacing (x, y) in mm, from the grid header's pixdim; positive and finite. */
    public double[] inPlaneSpacing() {
        double[] pixdim = grid.pixdim();
        return new double[] {pixdim[0], pixdim.length > 1 ? pixdim[1] : pixdim[0]};
    }

    /** Median in-plane pixel spacing (x and y of every case), mm: the default spacing of a network, as nnU-Net's. */
    public static double medianInPlaneSpacing(Collection<CaseVolumes> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no case to take the median spacing of");
        }
        double[] spacings = cases.stream().flatMapToDouble(c -> Arrays.stream(c.inPlaneSpacing())).sorted().toArray();
        int n = spacings.length;
        return n % 2 == 1 ? spacings[n / 2] : (spacings[n / 2 - 1] + spacings[n / 2]) / 2;
    }

    /** The class map as MyoPS label values {@code [z][y][x]}, x fastest. Requires a labelled case. */
    public int[] labelValues() {
        int[] out = new int[classes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = MyopsLabels.valueOf(classes[i]);
        }
        return out;
    }

    /** True when the case has a class map. */
    public boolean labelled() {
        return classes != null;
    }

    /** One slice of a sequence the case has, {@code [y][x]} (x fastest); a copy. */
    public float[] slice(Sequence sequence, int z) {
        int plane = nx() * ny();
        return Arrays.copyOfRange(images.get(sequence), z * plane, (z + 1) * plane);
    }

    /** One slice of the class map, {@code [y][x]} (x fastest); a copy. Requires a labelled case. */
    public byte[] classSlice(int z) {
        int plane = nx() * ny();
        return Arrays.copyOfRange(classes, z * plane, (z + 1) * plane);
    }

    private static void checkGrid(MyopsCase source, Path referenceFile, NiftiHeader reference, Path file, NiftiHeader header) {
        if (reference.sameGrid(header, GRID_TOLERANCE_MM)) {
            return;
        }
        String detail = Arrays.equals(reference.dims(), header.dims())
                ? "their affines differ by more than " + GRID_TOLERANCE_MM + " mm"
                : "dims " + dims(reference) + " vs " + dims(header);
        throw new MfunetException("case " + source.name() + ": " + referenceFile + " and " + file
                + " are not on the same grid (" + detail + ")");
    }

    /** The spacings the tool uses (x, y for resampling, z for volumes and distances) must be positive and finite. */
    private static void checkSpacing(Path file, NiftiHeader header) {
        double[] pixdim = header.pixdim();
        for (int i = 0; i < Math.min(3, pixdim.length); i++) {
            if (!(pixdim[i] > 0) || Double.isInfinite(pixdim[i])) {
                throw new MfunetException(file + ": pixdim[" + (i + 1) + "] is " + pixdim[i]
                        + "; the voxel spacing must be a positive number of mm");
            }
        }
    }

    private static String dims(NiftiHeader h) {
        return Arrays.stream(h.dims()).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
    }

    private static void checkFinite(Path file, float[] data) {
        long bad = 0;
        for (float v : data) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        if (bad > 0) {
            throw new MfunetException(file + ": " + bad + " voxels are NaN or infinite");
        }
    }

    private static byte[] classesOf(Path file, float[] labels) {
        MyopsLabels.invalidValues(labels).ifPresent(problem -> {
            throw new MfunetException(file + ": " + problem);
        });
        byte[] classes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = MyopsLabels.classOf((int) labels[i]);
        }
        return classes;
    }
}
