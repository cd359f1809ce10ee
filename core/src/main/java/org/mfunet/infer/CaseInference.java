package org.mfunet.infer;

import java.util.List;
import java.util.function.IntConsumer;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.SliceGeometry;
import org.mfunet.data.SlicePreparation;

/**
 * Probabilities of a whole case on its own grid from one network: each slice prepared ({@link SlicePreparation}:
 * normalised, resampled to the network's pixel spacing), covered whole by {@link SliceInference}, and its probabilities
 * resampled back to the case's grid, where they are later turned into classes. The network sees the sequences the case
 * has. The one path of {@code predict} and of validation during training.
 */
public final class CaseInference {
    private CaseInference() {
    }

    public static CaseProbabilities probabilities(CaseVolumes volumes, SlicePreparation preparation, TileNetwork network,
                                                  SliceInference inference) {
        return probabilities(volumes, preparation, network, inference, z -> {
        });
    }

    /** As the method above, telling {@code sliceStarted} the z of each slice before it is segmented. */
    public static CaseProbabilities probabilities(CaseVolumes volumes, SlicePreparation preparation, TileNetwork network,
                                                  SliceInference inference, IntConsumer sliceStarted) {
        SliceGeometry geometry = preparation.geometry(volumes);
        List<PreparedSlice> slices = preparation.prepare(volumes);
        TileNetwork ofCase = network.forSequences(volumes.sequences());
        int plane = volumes.nx() * volumes.ny();
        int channels = CaseProbabilities.CHANNELS;
        float[] maps = new float[channels * plane * volumes.nz()];
        for (PreparedSlice slice : slices) {
            sliceStarted.accept(slice.z());
            float[] onNetwork = inference.run(slice.image(), slice.width(), slice.height(), ofCase).probabilities();
            float[] onCase = geometry.toCase(onNetwork, channels);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(onCase, c * plane, maps, (c * volumes.nz() + slice.z()) * plane, plane);
            }
        }
        return new CaseProbabilities(volumes.nx(), volumes.ny(), volumes.nz(), maps);
    }
}
