package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import org.mfunet.model.layers.ConvNorm;

/**
 * A trained MFU-Net prepared for fast prediction: every convolution + BatchNorm pair folded into one
 * convolution with bias (the BatchNorm running statistics, as in {@code forward(..., training = false)}),
 * no gradient tracking, and each block's intermediate arrays freed as soon as the block returns.
 * Its outputs equal the eval-mode outputs of the network it came from up to float rounding.
 *
 * <p>Typical use by a predictor:
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager();
 *      InferenceNetwork net = InferenceNetwork.load(modelDir, manager)) {
 *     try (NDManager slice = manager.newSubManager()) {
 *         NDList logits = net.predict(slice.create(pixels, new Shape(1, 3, 288, 288)));
 *         NDList probabilities = MfuNet.probabilities(logits);
 *         ...
 *     }   // closing the per-slice manager frees everything the prediction made
 * }
 * }</pre>
 * Instances are not thread-safe; one prediction at a time.
 */
public final class InferenceNetwork implements AutoCloseable {
    private final MfuNet net;
    private final NDManager manager;
    private final ParameterStore store;

    private InferenceNetwork(MfuNet net, NDManager manager) {
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        for (Pair<String, Parameter> p : net.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        fold(net);
    }

    /**
     * Copies the weights of {@code trained} (which is left untouched and can go on training) into a new,
     * folded network whose arrays live in a sub-manager of {@code parent}, freed by {@link #close()}.
     */
    public static InferenceNetwork of(MfuNet trained, NDManager parent) {
        Engines.disableGradientsOnThisThread();
        NDManager manager = parent.newSubManager();
        MfuNet copy = new MfuNet(trained.config());
        copy.initialize(manager, Initializer.ZEROS);
        List<Pair<String, Parameter>> from = trained.getParameters().stream().toList();
        List<Pair<String, Parameter>> to = copy.getParameters().stream().toList();
        for (int i = 0; i < from.size(); i++) {
            InPlace.copy(to.get(i).getValue().getArray(), from.get(i).getValue().getArray());
        }
        return new InferenceNetwork(copy, manager);
    }

    /**
     * Reads a network saved by {@link ModelFiles#save} and folds it; arrays live in a sub-manager of
     * {@code parent}, freed by {@link #close()}.
     *
     * @throws org.mfunet.MfunetException as {@link ModelFiles#load}
     */
    public static InferenceNetwork load(Path dir, NDManager parent) {
        Engines.disableGradientsOnThisThread();
        NDManager manager = parent.newSubManager();
        try {
            return adopt(ModelFiles.load(dir, manager), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Folds {@code net} itself instead of a copy, layer by layer, so that its raw weights are freed as the folded
     * ones are made: for a network nothing else uses, such as one just read. The network and {@code manager},
     * which holds its arrays, then belong to the result and are freed by {@link #close()}.
     */
    public static InferenceNetwork adopt(MfuNet net, NDManager manager) {
        return new InferenceNetwork(net, manager);
    }

    /** The configuration of the network. */
    public MfuNetConfig config() {
        return net.config();
    }

    /**
     * Logits of a batch of slices, the contract of {@link MfuNet}'s forward pass in inference mode.
     *
     * @param x {@code [B, 3, H, W]} float32, channels (LGE, T2, bSSFP) each normalised as in training,
     *          H and W positive multiples of 2^depth ({@link MfuNetConfig#sideMultiple()})
     * @return {@code NDList(anatomy [B, 4, H, W], scar [B, 2, H, W], edema [B, 2, H, W])} logits, in the
     *         manager of x (class axis 1: background, myocardium, LV, RV; absent, present); apply
     *         {@link MfuNet#probabilities(NDList)} for probabilities
     * @throws org.mfunet.MfunetException when the shape of x is not allowed
     */
    public NDList predict(NDArray x) {
        return net.forward(store, new NDList(x), false);
    }

    /**
     * As {@link #predict(NDArray)} for samples that lack some sequences.
     *
     * @param x     {@code [B, 3, H, W]} as above; the channels of absent sequences are not read
     * @param flags {@code [B, 3]} the {@link SequencePresence} flags: 1 where a sample has the sequence (LGE, T2, bSSFP),
     *              0 where it lacks it; at least one per sample
     * @throws org.mfunet.MfunetException when a shape or flag is not allowed
     */
    public NDList predict(NDArray x, NDArray flags) {
        return net.forward(store, new NDList(x, flags), false);
    }

    @Override
    public void close() {
        manager.close();
    }

    private void fold(Block block) {
        if (block instanceof ConvNorm layer) {
            layer.useFolded(manager);
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            fold(child.getValue());
        }
    }
}
