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
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.Sequence;
import org.mfunet.data.SlicePreparation;
import org.mfunet.model.InferenceNetwork;
import org.mfunet.model.MfuNet;
import org.mfunet.model.ModelFiles;

/**
 * Segments cases with one or more trained MFU-Nets: every slice is resampled to each model's pixel spacing, covered
 * whole by the sliding window ({@link SliceInference}; optionally with flip test-time augmentation per tile), resampled
 * back to the case's grid, and the models' probabilities are averaged (the cross-validation folds' ensemble).
 * The networks run folded for inference ({@link InferenceNetwork}: BatchNorm in the convolutions, no gradients).
 *
 * <p>Holds the models' native memory until {@link #close()}.
 */
public final class Predictor implements AutoCloseable {
    private final NDManager manager;
    private final List<InferenceNetwork> models;
    private final boolean tta;
    private final boolean localise;

    private Predictor(NDManager manager, List<InferenceNetwork> models, boolean tta, boolean localise) {
        this.manager = manager;
        this.models = models;
        this.tta = tta;
        this.localise = localise;
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
        return open(modelPaths, device, tta, true);
    }

    /**
     * Loads the models, choosing how slices are covered.
     *
     * @param localise find the heart with a coarse pass first on large slices ({@link SliceInference}); false tiles
     *                 every slice whole
     */
    public static Predictor open(List<Path> modelPaths, Device device, boolean tta, boolean localise) {
        if (modelPaths.isEmpty()) {
            throw new MfunetException("--model: give at least one trained model or run folder");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            List<InferenceNetwork> models = new ArrayList<>();
            for (Path path : modelPaths) {
                models.add(InferenceNetwork.load(modelFolder(path), manager));
            }
            return new Predictor(manager, models, tta, localise);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The saved model inside a run folder, or the folder itself when it is a saved model.
     *
     * @throws MfunetException naming the path when it is neither
     */
    public static Path modelFolder(Path path) {
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
     * @return probabilities in the case's grid
     */
    public CaseProbabilities probabilities(CaseVolumes volumes) {
        return probabilities(volumes, SliceProgress.NONE);
    }

    /** As {@link #probabilities(CaseVolumes)}, telling {@code progress} as each model starts each slice. */
    public CaseProbabilities probabilities(CaseVolumes volumes, SliceProgress progress) {
        CaseProbabilities sum = null;
        for (int m = 0; m < models.size(); m++) {
            int model = m;
            CaseProbabilities p = probabilities(models.get(m), volumes,
                    z -> progress.sliceStarted(model, models.size(), z, volumes.nz()));
            sum = sum == null ? p : sum.plus(p);
        }
        return sum.scaled(1.0f / models.size());
    }

    private CaseProbabilities probabilities(InferenceNetwork model, CaseVolumes volumes, IntConsumer sliceStarted) {
        return CaseInference.probabilities(volumes, new SlicePreparation(model.config().pixelSpacingMm(),
                model.config().alignmentMm()),
                tileNetwork(model, manager, tta),
                new SliceInference(new SlidingWindow(model.config().inputSide(), SlidingWindow.HALF), localise),
                sliceStarted);
    }

    /** A model as the sliding window sees it, optionally averaging the four flips of each input. */
    public static TileNetwork tileNetwork(InferenceNetwork model, NDManager manager, boolean tta) {
        return tileNetwork(inputs -> inputs.size() > 1 ? model.predict(inputs.get(0), inputs.get(1))
                : model.predict(inputs.get(0)), model.config().sideMultiple(), manager, tta);
    }

    /**
     * A network's inference pass as the sliding window sees it, optionally averaging the four flips of each input.
     *
     * @param logits       the forward pass in inference mode, {@code NDList(x [1,3,H,W])} or, for images without some
     *                     sequences, {@code NDList(x, flags [1,3])} ({@link Sequence#presence}) to the three heads' logits
     * @param sideMultiple heights and widths must be multiples of this
     * @param manager      where each image's arrays live, in a sub-manager closed before it returns
     */
    public static TileNetwork tileNetwork(Function<NDList, NDList> logits, int sideMultiple, NDManager manager,
                                          boolean tta) {
        return new NetworkTiles(logits, sideMultiple, manager, tta, Sequence.all());
    }

    /** {@link #tileNetwork(Function, int, NDManager, boolean)} for the images of one set of sequences. */
    private record NetworkTiles(Function<NDList, NDList> logits, int sideMultiple, NDManager manager, boolean tta,
                                Set<Sequence> sequences) implements TileNetwork {
        @Override
        public float[] probabilities(float[] image, int height, int width) {
            return imageProbabilities(logits, manager, image, height, width, tta, sequences);
        }

        @Override
        public TileNetwork forSequences(Set<Sequence> value) {
            return new NetworkTiles(logits, sideMultiple, manager, tta, Set.copyOf(value));
        }
    }

    /**
     * Runs a network on one image.
     *
     * @param logits    the network's forward pass in inference mode, {@code NDList(x [1,3,H,W])} or
     *                  {@code NDList(x, flags [1,3])} to the three heads' logits
     * @param image     {@code [3][height][width]}, x fastest
     * @param tta       average over the four flips
     * @param sequences the sequences the image holds; with fewer than three the network gets their flags
     * @return {@code [6][height][width]} probabilities in the channel order of {@link CaseProbabilities}
     */
    public static float[] imageProbabilities(Function<NDList, NDList> logits, NDManager manager, float[] image,
                                             int height, int width, boolean tta, Set<Sequence> sequences) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(image, new Shape(1, 3, height, width));
            NDArray flags = sequences.size() == Sequence.values().length ? null
                    : step.create(Sequence.presence(sequences), new Shape(1, 3));
            int[][] flips = tta ? new int[][] {{}, {3}, {2}, {2, 3}} : new int[][] {{}};
            NDArray sum = null;
            for (int[] axes : flips) {
                NDArray input = axes.length == 0 ? x : x.flip(axes);
                NDList probs = MfuNet.probabilities(logits.apply(flags == null ? new NDList(input) : new NDList(input, flags)));
                // Channels: anatomy 0..3, then P(scar), then P(edema).
                NDArray stacked = probs.get(0).concat(probs.get(1).get(":, 1:2"), 1).concat(probs.get(2).get(":, 1:2"), 1);
                NDArray back = axes.length == 0 ? stacked : stacked.flip(axes);
                sum = sum == null ? back : sum.add(back);
            }
            return sum.div(flips.length).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
