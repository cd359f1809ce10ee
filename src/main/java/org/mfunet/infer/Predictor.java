package org.mfunet.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.SlicePreparation;
import org.mfunet.data.SquareRegion;
import org.mfunet.model.InferenceNetwork;
import org.mfunet.model.MfuNet;
import org.mfunet.model.ModelFiles;

/**
 * Segments cases with one or more trained MFU-Nets: every slice is cropped or padded to each model's
 * input region, run through the network (optionally with flip test-time augmentation), pasted back into
 * the case's grid, and the models' probabilities are averaged (the cross-validation folds' ensemble).
 * The networks run folded for inference ({@link InferenceNetwork}: BatchNorm in the convolutions, no gradients).
 *
 * <p>Holds the models' native memory until {@link #close()}.
 */
public final class Predictor implements AutoCloseable {
    private final NDManager manager;
    private final List<InferenceNetwork> models;
    private final boolean tta;

    private Predictor(NDManager manager, List<InferenceNetwork> models, boolean tta) {
        this.manager = manager;
        this.models = models;
        this.tta = tta;
    }

    /**
     * Loads the models.
     *
     * @param modelPaths each a training run folder (its {@code best} model, else {@code last}) or a saved
     *                   model folder ({@link ModelFiles})
     * @param device     where the networks run
     * @param tta        average over the four flips (none, x, y, both) of every slice
     */
    public static Predictor open(List<Path> modelPaths, Device device, boolean tta) {
        if (modelPaths.isEmpty()) {
            throw new MfunetException("--model: give at least one trained model or run folder");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            List<InferenceNetwork> models = new ArrayList<>();
            for (Path path : modelPaths) {
                models.add(InferenceNetwork.load(modelFolder(path), manager));
            }
            return new Predictor(manager, models, tta);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The saved model inside a run folder, or the folder itself when it is a saved model. */
    static Path modelFolder(Path path) {
        if (!Files.isDirectory(path)) {
            throw new MfunetException(path + ": no such model or run folder");
        }
        if (Files.isRegularFile(path.resolve(ModelFiles.CONFIG_FILE))) {
            return path;
        }
        for (Path saved : RunFolder.of(path).savedModels()) {
            if (Files.isRegularFile(saved.resolve(ModelFiles.CONFIG_FILE))) {
                return saved;
            }
        }
        throw new MfunetException(path + ": neither a saved model (" + ModelFiles.CONFIG_FILE
                + ") nor a training run with a best/ or last/ model");
    }

    /** Number of models in the ensemble. */
    public int modelCount() {
        return models.size();
    }

    /**
     * Class probabilities of every voxel of a case, averaged over models (and flips).
     *
     * @return probabilities in the case's grid; outside a model's input region the anatomy is background
     *         and both pathologies absent
     */
    public CaseProbabilities probabilities(CaseVolumes volumes) {
        CaseProbabilities sum = null;
        for (InferenceNetwork model : models) {
            CaseProbabilities p = probabilities(model, volumes);
            sum = sum == null ? p : sum.plus(p);
        }
        return sum.scaled(1.0f / models.size());
    }

    private CaseProbabilities probabilities(InferenceNetwork model, CaseVolumes volumes) {
        SlicePreparation preparation = new SlicePreparation(model.config().inputSide());
        SquareRegion region = preparation.region(volumes);
        List<PreparedSlice> slices = preparation.prepare(volumes);
        int side = preparation.side();
        int plane = volumes.nx() * volumes.ny();
        float[] maps = new float[CaseProbabilities.CHANNELS * plane * volumes.nz()];
        for (PreparedSlice slice : slices) {
            float[] regionMaps = sliceProbabilities(model, manager, slice.image(), side, tta);
            float[] sliceMaps = region.paste(regionMaps, CaseProbabilities.CHANNELS, 0f);
            // Outside the region the network saw nothing: certain background, no pathology.
            fillBackgroundOutside(sliceMaps, region);
            for (int c = 0; c < CaseProbabilities.CHANNELS; c++) {
                System.arraycopy(sliceMaps, c * plane, maps, (c * volumes.nz() + slice.z()) * plane, plane);
            }
        }
        return new CaseProbabilities(volumes.nx(), volumes.ny(), volumes.nz(), maps);
    }

    /**
     * Runs one model on one slice.
     *
     * @param image {@code [3][side][side]}, x fastest
     * @param tta   average over the four flips
     * @return {@code [6][side][side]} probabilities in the channel order of {@link CaseProbabilities}
     */
    static float[] sliceProbabilities(InferenceNetwork model, NDManager manager, float[] image, int side, boolean tta) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(image, new Shape(1, 3, side, side));
            int[][] flips = tta ? new int[][] {{}, {3}, {2}, {2, 3}} : new int[][] {{}};
            NDArray sum = null;
            for (int[] axes : flips) {
                NDArray input = axes.length == 0 ? x : x.flip(axes);
                NDList probs = MfuNet.probabilities(model.predict(input));
                // Channels: anatomy 0..3, then P(scar), then P(edema).
                NDArray stacked = probs.get(0).concat(probs.get(1).get(":, 1:2"), 1).concat(probs.get(2).get(":, 1:2"), 1);
                NDArray back = axes.length == 0 ? stacked : stacked.flip(axes);
                sum = sum == null ? back : sum.add(back);
            }
            return sum.div(flips.length).toFloatArray();
        }
    }

    private static void fillBackgroundOutside(float[] sliceMaps, SquareRegion region) {
        for (int y = 0; y < region.height(); y++) {
            int v = y - region.y0();
            for (int x = 0; x < region.width(); x++) {
                int u = x - region.x0();
                if (u < 0 || v < 0 || u >= region.side() || v >= region.side()) {
                    sliceMaps[y * region.width() + x] = 1f;
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
