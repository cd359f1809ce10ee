package org.mfunet.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a loaded case into network-ready slices and puts per-slice predictions back into the case's grid;
 * shared by training and prediction so both see exactly the same preprocessing.
 *
 * <p>Each sequence is normalised over its whole volume ({@link IntensityNormalisation}), then every slice is
 * cropped or padded to a centred {@link SquareRegion}; padding takes the value -1, the darkest normalised
 * intensity, so it looks like air rather than tissue.
 *
 * @param side side of the square slices in pixels (the reference uses 288)
 */
public record SlicePreparation(int side) {
    public static final int DEFAULT_SIDE = 288;
    /** Normalised value of pixels added by padding. */
    public static final float PAD_VALUE = -1;

    public SlicePreparation {
        if (side < 1) {
            throw new IllegalArgumentException("side must be positive, got " + side);
        }
    }

    /** The crop/paste window of a case's slices. */
    public SquareRegion region(CaseVolumes volumes) {
        return new SquareRegion(volumes.nx(), volumes.ny(), side);
    }

    /** The case's slices in z order, channels (LGE, T2, bSSFP), with class maps when the case is labelled. */
    public List<PreparedSlice> prepare(CaseVolumes volumes) {
        Map<Sequence, float[]> normalised = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            normalised.put(s, IntensityNormalisation.normalise(s, volumes.images().get(s)));
        }
        SquareRegion region = region(volumes);
        int plane = volumes.nx() * volumes.ny();
        Sequence[] channels = Sequence.values();
        List<PreparedSlice> slices = new ArrayList<>(volumes.nz());
        for (int z = 0; z < volumes.nz(); z++) {
            float[] stack = new float[channels.length * plane];
            for (int c = 0; c < channels.length; c++) {
                System.arraycopy(normalised.get(channels[c]), z * plane, stack, c * plane, plane);
            }
            byte[] classes = volumes.labelled() ? region.crop(volumes.classSlice(z)) : null;
            slices.add(new PreparedSlice(volumes.source().name(), z, side,
                    region.crop(stack, channels.length, PAD_VALUE), classes));
        }
        return List.copyOf(slices);
    }

    /**
     * Pastes predicted class maps back into the case's grid as MyoPS label values, background outside the
     * square region.
     *
     * @param sliceClasses one {@code [side][side]} class map (x fastest) per slice, in z order
     * @return {@code [z][y][x]} label values (0, 200, 500, 600, 1220, 2221), x fastest, ready to write on
     *         {@link CaseVolumes#grid()}
     */
    public float[] labelVolume(CaseVolumes volumes, List<byte[]> sliceClasses) {
        if (sliceClasses.size() != volumes.nz()) {
            throw new IllegalArgumentException("got " + sliceClasses.size() + " slices for a case of " + volumes.nz());
        }
        SquareRegion region = region(volumes);
        int plane = volumes.nx() * volumes.ny();
        float[] labels = new float[plane * volumes.nz()];
        for (int z = 0; z < volumes.nz(); z++) {
            byte[] classes = region.paste(sliceClasses.get(z));
            for (int i = 0; i < plane; i++) {
                labels[z * plane + i] = MyopsLabels.valueOf(classes[i]);
            }
        }
        return labels;
    }
}
