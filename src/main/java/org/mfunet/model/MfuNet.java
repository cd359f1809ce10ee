package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.mfunet.MfunetException;
import org.mfunet.model.blocks.Backbone;
import org.mfunet.model.blocks.DecoderLevel;
import org.mfunet.model.blocks.Encoder;
import org.mfunet.model.blocks.MaxFusion;
import org.mfunet.model.blocks.SpatialAttention;
import org.mfunet.model.layers.MemoryOrder;
import org.mfunet.model.layers.RandomKaimingInitializer;
import org.mfunet.model.layers.ScopedForward;

/**
 * MFU-Net (paper Sec. 2): three sequence-specific encoders, max fusion of their features at every level,
 * a bottleneck on the concatenated deepest encodings, a U-Net decoder whose skips are
 * {@code [max-fused, LGE, T2, bSSFP]} features, optional spatial attention after the last decoder level,
 * and three 1x1-conv heads.
 *
 * <p>Input {@code NDList(x)}, x {@code [B, 3, H, W]} float32, channels (LGE, T2, bSSFP), H and W multiples
 * of 2^depth. Output {@code NDList(anatomy, scar, edema)} of LOGITS: anatomy {@code [B, 4, H, W]}
 * (background, myocardium, LV, RV), scar and edema {@code [B, 2, H, W]} (absent, present).
 * Arrays computed in the forward pass live in the manager of the input.
 */
public final class MfuNet extends AbstractBlock {
    /** Classes of the anatomy head: background, myocardium, LV blood pool, RV blood pool. */
    public static final int ANATOMY_CLASSES = 4;
    /** Classes of each pathology head: absent, present. */
    public static final int PATHOLOGY_CLASSES = 2;
    private static final int SEQUENCES = 3;
    /**
     * Names of the sequence encoders in input channel order (LGE, T2, bSSFP); the names of their parameters
     * in this network and in pretrained encoder files ({@link EncoderFiles}) start with them.
     */
    public static final List<String> ENCODER_NAMES = List.of("encoder_lge", "encoder_t2", "encoder_bssfp");

    private final MfuNetConfig config;
    private final List<Encoder> encoders = new ArrayList<>();
    private final MaxFusion fusion;
    private final AbstractBlock bottleneck;
    private final List<DecoderLevel> decoder = new ArrayList<>();
    private final SpatialAttention attention;
    private final Conv2d anatomyHead;
    private final Conv2d scarHead;
    private final Conv2d edemaHead;

    /** Builds the (uninitialised) network; call {@link #initialize(NDManager, Random)} next. */
    public MfuNet(MfuNetConfig config) {
        this.config = config;
        int depth = config.depth();
        int f = config.baseFilters();
        Backbone backbone = config.backboneKind();
        for (String name : ENCODER_NAMES) {
            encoders.add(addChildBlock(name, newEncoder(config)));
        }
        fusion = addChildBlock("max_fusion", new MaxFusion());
        bottleneck = addChildBlock("bottleneck", backbone.convBlock(SEQUENCES * (f << (depth - 1)), f << depth, true));
        int skipStreams = config.maxFusion() ? SEQUENCES + 1 : SEQUENCES;
        for (int l = depth - 1; l >= 0; l--) {
            decoder.add(addChildBlock("decoder" + l, new DecoderLevel(skipStreams * (f << l), f << l, backbone, config.upsamplingMode())));
        }
        attention = config.attention() ? addChildBlock("attention", new SpatialAttention(f)) : null;
        anatomyHead = addChildBlock("head_anatomy", head(ANATOMY_CLASSES));
        scarHead = addChildBlock("head_scar", head(PATHOLOGY_CLASSES));
        edemaHead = addChildBlock("head_edema", head(PATHOLOGY_CLASSES));
    }

    /** One sequence encoder exactly as this network builds it; {@link ReconstructionNet} shares it. */
    static Encoder newEncoder(MfuNetConfig config) {
        return new Encoder(config.depth(), config.baseFilters(), config.backboneKind());
    }

    /** The three sequence encoders by {@link #ENCODER_NAMES name}, in input channel order. */
    Map<String, Encoder> encoders() {
        return byName(encoders);
    }

    static Map<String, Encoder> byName(List<Encoder> encoders) {
        Map<String, Encoder> out = new LinkedHashMap<>();
        for (int s = 0; s < SEQUENCES; s++) {
            out.put(ENCODER_NAMES.get(s), encoders.get(s));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Conv2d head(int classes) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(classes).build();
    }

    /** The configuration this network was built from. */
    public MfuNetConfig config() {
        return config;
    }

    /** The attention block, when the configuration enables it (its {@code gamma()} is the residual weight). */
    public Optional<SpatialAttention> attention() {
        return Optional.ofNullable(attention);
    }

    /**
     * Allocates all parameters in {@code manager} for inputs {@code [1, 3, inputSide, inputSide]}:
     * convolution weights He-normal from the seeded {@code random} (same seed, same weights), biases and
     * BatchNorm shifts 0, BatchNorm scales and running variances 1, attention gamma 0. The scar and edema
     * heads start near a prior instead: their He-normal kernels scaled by {@value #HEAD_WEIGHT_SCALE} and their
     * bias set to a {@value #PATHOLOGY_PRIOR} probability of "present".
     *
     * <p>Why the prior: with He-normal heads the first logits are large, and on some seeds the scar head began
     * far off and stayed there for many epochs (validation scar Dice near 0.005 after 10 epochs with seed 1,
     * against 0.77 after 4 with seed 42). Starting from a small rare-class prior is the focal-loss
     * initialisation of Lin et al. (RetinaNet, 2017); with it seeds 1, 7 and 42 all passed scar Dice 0.75 within
     * 12 epochs. The anatomy head keeps He-normal: scaled down, it stayed on background.
     */
    public void initialize(NDManager manager, Random random) {
        initialize(manager, new RandomKaimingInitializer(random));
        float present = (float) Math.log(PATHOLOGY_PRIOR / (1 - PATHOLOGY_PRIOR));
        for (Conv2d head : List.of(scarHead, edemaHead)) {
            head.getParameters().get("weight").getArray().muli(HEAD_WEIGHT_SCALE);
            InPlace.copy(head.getParameters().get("bias").getArray(), new float[] {0, present});
        }
    }

    /** Factor on the He-normal kernels of the pathology heads at initialisation. */
    static final float HEAD_WEIGHT_SCALE = 0.01f;
    /** Initial probability of "present" in the scar and edema heads (Lin et al.'s prior for rare classes). */
    static final double PATHOLOGY_PRIOR = 0.01;

    /**
     * As {@link #initialize(NDManager, Random)} but with another initialiser of the convolution weights,
     * e.g. {@link ai.djl.training.initializer.Initializer#ZEROS} when the values are loaded next.
     */
    public void initialize(NDManager manager, Initializer weights) {
        setInitializer(weights, Parameter.Type.WEIGHT);
        initialize(manager, DataType.FLOAT32, new Shape(1, SEQUENCES, config.inputSide(), config.inputSide()));
    }

    /**
     * Checks that an input shape is {@code [B, 3, H, W]} with H and W multiples of 2^depth.
     *
     * @throws MfunetException naming the shape and the sizes allowed
     */
    public void checkInput(Shape shape) {
        int unit = config.sideMultiple();
        if (shape.dimension() != 4 || shape.get(1) != SEQUENCES) {
            throw new MfunetException("network input " + shape + " must be [batch, 3 (LGE, T2, bSSFP), height, width]");
        }
        if (shape.get(2) % unit != 0 || shape.get(3) % unit != 0 || shape.get(2) == 0 || shape.get(3) == 0) {
            throw new MfunetException("network input " + shape + ": height and width must be positive multiples of 2^depth = "
                    + unit + " (e.g. " + unit * 8 + ", " + (unit * 8 + unit) + ", " + config.inputSide() + ")");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return run(ps, inputs.singletonOrThrow(), training, -1).logits();
    }

    /**
     * Inference forward pass that also returns internal maps for figures (paper Fig. 3 and 5).
     *
     * @param inputs {@code NDList(x)}, x {@code [B, 3, H, W]}
     * @param level  encoder level 0..depth-1 whose features are returned (level l is at 1/2^l resolution)
     */
    public Taps forwardWithTaps(ParameterStore ps, NDList inputs, int level) {
        if (level < 0 || level >= config.depth()) {
            throw new MfunetException("feature level " + level + " must be between 0 and " + (config.depth() - 1));
        }
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape());
        return run(ps, x, false, level);
    }

    private Taps run(ParameterStore ps, NDArray x, boolean training, int tapLevel) {
        return decode(ps, encode(ps, x, training), training, tapLevel);
    }

    /**
     * The first half of the forward pass: the three sequence encoders.
     *
     * @param x {@code [B, 3, H, W]}, checked as {@link #checkInput}
     * @return per sequence (LGE, T2, bSSFP) the encoder output {@code NDList(feature_0, ..., feature_{depth-1},
     *         pooled)} (see {@link Encoder})
     */
    public List<NDList> encode(ParameterStore ps, NDArray x, boolean training) {
        checkInput(x.getShape());
        List<NDList> features = new ArrayList<>(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            features.add(encode(s, ps, x, config.depth(), training));
        }
        return features;
    }

    /**
     * Levels {@code 0..to-1} of one sequence encoder on its channel of {@code x}; with {@code to} the depth, this is
     * element {@code sequence} of {@link #encode}.
     *
     * @param sequence 0 (LGE), 1 (T2) or 2 (bSSFP)
     * @return {@code NDList(feature_0, ..., feature_{to-1}, pooled)} (see {@link Encoder#forwardLevels})
     */
    public NDList encode(int sequence, ParameterStore ps, NDArray x, int to, boolean training) {
        NDArray channel = x.get(new NDIndex(":, {}:{}", sequence, sequence + 1));
        NDArray input = MemoryOrder.forPass(training).singleChannel(channel);
        return encoders.get(sequence).forwardLevels(ps, input, 0, to, training);
    }

    /**
     * Levels {@code from..depth-1} of one sequence encoder, from {@code pooled}, the last element of
     * {@link #encode(int, ParameterStore, NDArray, int, boolean) encode(sequence, ps, x, from, training)}.
     *
     * @return {@code NDList(feature_from, ..., feature_{depth-1}, pooled)}
     */
    public NDList encodeFrom(int sequence, ParameterStore ps, NDArray pooled, int from, boolean training) {
        return encoders.get(sequence).forwardLevels(ps, pooled, from, config.depth(), training);
    }

    /** The parameters of levels {@code 0..to-1} of the encoder of one sequence, running statistics included. */
    public List<Parameter> encoderParameters(int sequence, int to) {
        return encoders.get(sequence).parametersOfLevels(to);
    }

    /**
     * The second half of the forward pass: max fusion, bottleneck, decoder, attention and heads, from the
     * outputs of {@link #encode}. Returns the logits as {@link #forward} does.
     */
    public NDList decode(ParameterStore ps, List<NDList> features, boolean training) {
        return decode(ps, features, training, -1).logits();
    }

    private Taps decode(ParameterStore ps, List<NDList> features, boolean training, int tapLevel) {
        int depth = config.depth();
        NDList[] skips = new NDList[depth];
        NDArray tapFused = null;
        for (int l = 0; l < depth; l++) {
            NDList level = new NDList(features.get(0).get(l), features.get(1).get(l), features.get(2).get(l));
            skips[l] = new NDList(SEQUENCES + 1);
            if (config.maxFusion()) {
                NDArray fused = fusion.forward(ps, level, training).singletonOrThrow();
                skips[l].add(fused);
                if (l == tapLevel) {
                    tapFused = fused;
                }
            }
            skips[l].addAll(level);
        }
        NDList deepest = new NDList(features.get(0).get(depth), features.get(1).get(depth), features.get(2).get(depth));
        NDArray y = ScopedForward.forward(bottleneck, ps, new NDList(NDArrays.concat(deepest, 1)), training)
                .singletonOrThrow();
        if (config.dropout() > 0) {
            y = Dropout.dropout(y, (float) config.dropout(), training).singletonOrThrow();
        }
        for (int i = 0; i < depth; i++) {
            NDList in = new NDList(y);
            in.addAll(skips[depth - 1 - i]);
            y = ScopedForward.forward(decoder.get(i), ps, in, training).singletonOrThrow();
        }
        NDArray map = null;
        if (attention != null) {
            NDList attended = ScopedForward.forward(attention, ps, new NDList(y), training);
            y = attended.get(0);
            map = attended.get(1);
        }
        NDList last = new NDList(y);
        NDList logits = new NDList(
                anatomyHead.forward(ps, last, training).singletonOrThrow(),
                scarHead.forward(ps, last, training).singletonOrThrow(),
                edemaHead.forward(ps, last, training).singletonOrThrow());
        if (tapLevel < 0) {
            return new Taps(logits, null, null, null, null, null);
        }
        return new Taps(logits, map, tapFused,
                features.get(0).get(tapLevel), features.get(1).get(tapLevel), features.get(2).get(tapLevel));
    }

    /**
     * Turns the three logit maps into probabilities by a softmax over the class axis (1).
     *
     * @param logits {@code NDList(anatomy [B,4,H,W], scar [B,2,H,W], edema [B,2,H,W])}
     * @return the same shapes, each summing to 1 over axis 1
     */
    public static NDList probabilities(NDList logits) {
        NDList out = new NDList(logits.size());
        for (NDArray l : logits) {
            out.add(l.softmax(1));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {
            new Shape(s.get(0), ANATOMY_CLASSES, s.get(2), s.get(3)),
            new Shape(s.get(0), PATHOLOGY_CLASSES, s.get(2), s.get(3)),
            new Shape(s.get(0), PATHOLOGY_CLASSES, s.get(2), s.get(3))
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape single = new Shape(in.get(0), 1, in.get(2), in.get(3));
        Shape[] encoded = encoders.get(0).getOutputShapes(new Shape[] {single});
        for (Encoder encoder : encoders) {
            encoder.initialize(manager, dataType, single);
        }
        int depth = config.depth();
        Shape pooled = encoded[depth];
        Shape y = new Shape(pooled.get(0), SEQUENCES * pooled.get(1), pooled.get(2), pooled.get(3));
        bottleneck.initialize(manager, dataType, y);
        y = bottleneck.getOutputShapes(new Shape[] {y})[0];
        int streams = config.maxFusion() ? SEQUENCES + 1 : SEQUENCES;
        for (int i = 0; i < depth; i++) {
            Shape[] levelInputs = new Shape[streams + 1];
            levelInputs[0] = y;
            Arrays.fill(levelInputs, 1, levelInputs.length, encoded[depth - 1 - i]);
            decoder.get(i).initialize(manager, dataType, levelInputs);
            y = decoder.get(i).getOutputShapes(levelInputs)[0];
        }
        if (attention != null) {
            attention.initialize(manager, dataType, y);
        }
        anatomyHead.initialize(manager, dataType, y);
        scarHead.initialize(manager, dataType, y);
        edemaHead.initialize(manager, dataType, y);
    }

    /**
     * Logits plus internal maps of one inference pass, all {@code [B, C, h, w]}.
     *
     * @param logits       the network output (see {@link MfuNet})
     * @param attentionMap upsampled attention output before the gamma-weighted residual sum,
     *                     {@code [B, baseFilters, H, W]}; null without attention
     * @param fused        max-fused features of the tapped level {@code [B, baseFilters*2^l, H/2^l, W/2^l]};
     *                     null without max fusion
     * @param lge          LGE encoder features of that level, same shape
     * @param t2           T2 encoder features of that level
     * @param bssfp        bSSFP encoder features of that level
     */
    public record Taps(NDList logits, NDArray attentionMap, NDArray fused, NDArray lge, NDArray t2, NDArray bssfp) {
    }
}
