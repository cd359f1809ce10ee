package org.mfunet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mfunet.MfunetException;

/**
 * Turns a loaded case into network-ready slices; shared by training, validation and prediction so all three see
 * exactly the same preprocessing.
 *
 * <p>Each sequence is normalised over its whole volume ({@link IntensityNormalisation}), then every slice is resampled
 * in-plane to the model's pixel spacing ({@link SliceGeometry}: images linearly, class maps one-hot). The whole slice
 * is kept, whatever its size and wherever the heart lies in it; tiling it for the network is the sampler's job in
 * training and the sliding window's in prediction. Padding, where a slice is smaller than a tile, takes
 * {@link #PAD_VALUE}, the darkest normalised intensity, so it looks like air rather than tissue.
 *
 * <p>Before resampling, each slice of every other sequence is moved onto the same slice of the case's grid sequence,
 * which the labels follow, by the whole-pixel shift of at most {@code alignmentMm} that matches them best
 * ({@link SequenceAlignment}): breath-holds differ between sequences, and edema shows only on T2, scar only on LGE.
 *
 * @param spacingMm   in-plane pixel spacing of the network's grid, mm; 0 keeps every case on its own grid (models saved
 *                    before the spacing was recorded)
 * @param alignmentMm largest shift, mm in x and in y, searched when aligning a slice's sequences to its grid sequence;
 *                    0 leaves them as they are (models saved before alignment existed)
 */
public record SlicePreparation(double spacingMm, double alignmentMm) {
    /** Normalised value of pixels added by padding. */
    public static final float PAD_VALUE = -1;
    /**
     * Largest side, in pixels, of a resampled slice: 4096² × 3 sequences of floats is 200 MB, more than any real
     * slice needs; a larger one comes from a broken pixel spacing.
     */
    public static final int MAX_SIDE = 4096;

    public SlicePreparation {
        if (!(spacingMm >= 0) || Double.isInfinite(spacingMm)) {
            throw new IllegalArgumentException("spacingMm must be 0 (native) or positive, got " + spacingMm);
        }
        if (!(alignmentMm >= 0) || Double.isInfinite(alignmentMm)) {
            throw new IllegalArgumentException("alignmentMm must be 0 (none) or positive, got " + alignmentMm);
        }
    }

    /**
     * How the case's slices map onto the network grid.
     *
     * @throws MfunetException naming the case's file and its pixel spacing when the resampled slice would be larger
     *                         than {@link #MAX_SIDE}
     */
    public SliceGeometry geometry(CaseVolumes volumes) {
        if (spacingMm == 0) {
            return SliceGeometry.identity(volumes.nx(), volumes.ny());
        }
        double[] spacing = volumes.inPlaneSpacing();
        int width = SliceGeometry.resampledSize(volumes.nx(), spacing[0], spacingMm);
        int height = SliceGeometry.resampledSize(volumes.ny(), spacing[1], spacingMm);
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new MfunetException(String.format(Locale.ROOT, "%s: pixdim %g x %g mm would resample its %d x %d slices"
                    + " to %d x %d pixels at the model's %g mm (the limit is %d); check the header's pixel spacing",
                    volumes.gridFile(), spacing[0], spacing[1], volumes.nx(), volumes.ny(), width,
                    height, spacingMm, MAX_SIDE));
        }
        return new SliceGeometry(volumes.nx(), volumes.ny(), width, height);
    }

    /**
     * The case's slices in z order, channels (LGE, T2, bSSFP), with class maps when the case is labelled. The channel of
     * a sequence the case lacks is {@link #PAD_VALUE} throughout; the slice's {@link PreparedSlice#sequences()} says
     * which channels hold images.
     */
    public List<PreparedSlice> prepare(CaseVolumes volumes) {
        SliceGeometry geometry = geometry(volumes);
        Map<Sequence, float[]> normalised = new EnumMap<>(Sequence.class);
        volumes.images().forEach((s, volume) -> normalised.put(s, IntensityNormalisation.normalise(s, volume)));
        int nx = volumes.nx();
        int ny = volumes.ny();
        int plane = nx * ny;
        Sequence reference = volumes.source().gridSequence();
        double[] spacing = volumes.inPlaneSpacing();
        int radiusX = SequenceAlignment.searchRadius(alignmentMm, spacing[0]);
        int radiusY = SequenceAlignment.searchRadius(alignmentMm, spacing[1]);
        Sequence[] channels = Sequence.values();
        List<PreparedSlice> slices = new ArrayList<>(volumes.nz());
        for (int z = 0; z < volumes.nz(); z++) {
            float[] stack = new float[channels.length * plane];
            SequenceAlignment alignment = radiusX + radiusY == 0 ? null : new SequenceAlignment(
                    Arrays.copyOfRange(normalised.get(reference), z * plane, (z + 1) * plane), nx, ny, radiusX, radiusY);
            for (int c = 0; c < channels.length; c++) {
                float[] volume = normalised.get(channels[c]);
                if (volume == null) {
                    Arrays.fill(stack, c * plane, (c + 1) * plane, PAD_VALUE);
                } else if (channels[c] == reference || alignment == null) {
                    System.arraycopy(volume, z * plane, stack, c * plane, plane);
                } else {
                    float[] moving = Arrays.copyOfRange(volume, z * plane, (z + 1) * plane);
                    int[] shift = alignment.shiftOf(moving);
                    System.arraycopy(SequenceAlignment.shifted(moving, nx, ny, shift[0], shift[1]), 0, stack, c * plane,
                            plane);
                }
            }
            byte[] classes = volumes.labelled()
                    ? geometry.classesToNetwork(volumes.classSlice(z), MyopsLabels.CLASSES) : null;
            slices.add(new PreparedSlice(volumes.source().name(), z, geometry.width(), geometry.height(),
                    geometry.toNetwork(stack, channels.length), classes, volumes.sequences()));
        }
        return List.copyOf(slices);
    }
}
