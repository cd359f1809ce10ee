package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mfunet.model.blocks.DecoderLevel;
import org.mfunet.model.blocks.Encoder;
import org.mfunet.model.blocks.MaxFusion;
import org.mfunet.model.layers.RandomKaimingInitializer;
import org.mfunet.model.layers.ScopedForward;

/**
 * The network of unsupervised encoder pretraining: MFU-Net's three sequence encoders (built by the same code,
 * so their parameters carry over one to one), the max fusion of their deepest pooled encodings, and a
 * skip-free decoder that reconstructs all three sequences from that single fused map.
 *
 * <p>This is our reading of the paper's initialisation from MMSDNet (Sec. 3.3), whose own architecture the
 * paper does not give: without skips the decoder cannot copy its input through, and reconstructing every
 * sequence from one max-fused code pushes the encoders towards content shared by the sequences, in the spirit
 * of MMSDNet's shared anatomy factor. Each decoder level is MFU-Net's {@link DecoderLevel} with no skip
 * channels (learned ×2 upsampling, then a conv block), ending at {@code baseFilters} channels; a 1x1
 * convolution then gives the three sequences. The output is linear, in the preprocessed intensity space.
 *
 * <p>Input {@code NDList(x)}, x {@code [B, 3, H, W]} float32, channels (LGE, T2, bSSFP), H and W multiples of
 * 2^depth; output {@code NDList(reconstruction [B, 3, H, W])}, same channels. Only depth, baseFilters,
 * backbone and upsampling of the configuration shape this network.
 */
public final class ReconstructionNet extends AbstractBlock {
    private static final int SEQUENCES = 3;

    private final MfuNetConfig config;
    private final List<Encoder> encoders = new ArrayList<>();
    private final MaxFusion fusion;
    private final List<DecoderLevel> decoder = new ArrayList<>();
    private final Conv2d output;

    /** Builds the (uninitialised) network; call {@link #initialize(NDManager, Random)} next. */
    public ReconstructionNet(MfuNetConfig config) {
        this.config = config;
        for (String name : MfuNet.ENCODER_NAMES) {
            encoders.add(addChildBlock(name, MfuNet.newEncoder(config)));
        }
        fusion = addChildBlock("max_fusion", new MaxFusion());
        for (int l = config.depth() - 1; l >= 0; l--) {
            decoder.add(addChildBlock("decoder" + l,
                    new DecoderLevel(0, config.baseFilters() << l, config.backboneKind(), config.upsamplingMode())));
        }
        output = addChildBlock("reconstruction", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(SEQUENCES).build());
    }

    /** The configuration whose encoders this network holds. */
    public MfuNetConfig config() {
        return config;
    }

    /** The three sequence encoders by {@link MfuNet#ENCODER_NAMES name}, in input channel order. */
    Map<String, Encoder> encoders() {
        return MfuNet.byName(encoders);
    }

    /**
     * Allocates all parameters in {@code manager} for inputs {@code [1, 3, inputSide, inputSide]}, convolution
     * weights He-normal from the seeded {@code random}, as {@link MfuNet#initialize(NDManager, Random)}.
     */
    public void initialize(NDManager manager, Random random) {
        setInitializer(new RandomKaimingInitializer(random), Parameter.Type.WEIGHT);
        initialize(manager, DataType.FLOAT32, new Shape(1, SEQUENCES, config.inputSide(), config.inputSide()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList channels = x.split(SEQUENCES, 1);
        NDList deepest = new NDList(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            NDList features = encoders.get(s).forward(ps, new NDList(channels.get(s)), training);
            deepest.add(features.get(config.depth()));
        }
        NDArray y = fusion.forward(ps, deepest, training).singletonOrThrow();
        for (DecoderLevel level : decoder) {
            y = ScopedForward.forward(level, ps, new NDList(y), training).singletonOrThrow();
        }
        return output.forward(ps, new NDList(y), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape single = new Shape(in.get(0), 1, in.get(2), in.get(3));
        for (Encoder encoder : encoders) {
            encoder.initialize(manager, dataType, single);
        }
        Shape y = encoders.get(0).getOutputShapes(new Shape[] {single})[config.depth()];
        for (DecoderLevel level : decoder) {
            level.initialize(manager, dataType, y);
            y = level.getOutputShapes(new Shape[] {y})[0];
        }
        output.initialize(manager, dataType, y);
    }
}
