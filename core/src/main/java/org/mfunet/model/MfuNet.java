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
 * <p>Input {@code NDList(x)} or {@code NDList(x, flags)}: x {@code [B, 3, H, W]} float32, channels (LGE, T2, bSSFP), H
 * and W multiples of 2^depth; flags {@code [B, 3]}, which sequences each sample has ({@link SequencePresence}; without
 * them every sample has all three). Output {@code NDList(anatomy, scar, edema)} of LOGITS: anatomy {@code [B, 4, H, W]}
 * (background, myocardium, LV, RV), scar and edema {@code [B, 2, H, W]} (absent, present).
 * Arrays computed in the forward pass live in the manager of the input.
 *
 * <p>Absent sequences. The maximum of the fusion is taken over the sequences a sample has, and an absent sequence's
 * encoder does not run for it. Where the decoder's skip {@code [fused, LGE, T2, bSSFP]} or the bottleneck's
 * concatenation of the three deepest encodings expects an absent sequence's features, the fused ones of that level
 * stand in (at the bottleneck, the maximum of the deepest encodings present): the inputs keep their width, so the
 * parameters are the same for every subset and a network trained on complete cases runs on partial ones as it is.
 * Every sample with every sequence runs exactly the paper's network.
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

    /**
     * {@inheritDoc}
     *
     * <p>Inputs {@code NDList(x)} with every sequence present, or {@code NDList(x, flags)} with the
     * {@link SequencePresence} flags {@code [B, 3]} of each sample.
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return run(ps, inputs, training, -1).logits();
    }

    /**
     * Inference forward pass that also returns internal maps for figures (paper Fig. 3 and 5).
     *
     * @param inputs {@code NDList(x)} or {@code NDList(x, flags)}, as {@link #forward}
     * @param level  encoder level 0..depth-1 whose features are returned (level l is at 1/2^l resolution)
     */
    public Taps forwardWithTaps(ParameterStore ps, NDList inputs, int level) {
        if (level < 0 || level >= config.depth()) {
            throw new MfunetException("feature level " + level + " must be between 0 and " + (config.depth() - 1));
        }
        return run(ps, inputs, false, level);
    }

    private Taps run(ParameterStore ps, NDList inputs, boolean training, int tapLevel) {
        NDArray x = inputs.get(0);
        checkInput(x.getShape());
        SequencePresence presence = SequencePresence.of(inputs);
        return decode(ps, encode(ps, x, presence, training), presence, training, tapLevel);
    }

    /**
     * The first half of the forward pass: the sequence encoders, each on the samples that have its sequence.
     *
     * @param x {@code [B, 3, H, W]}, checked as {@link #checkInput}
     * @return per sequence (LGE, T2, bSSFP) the encoder output {@code NDList(feature_0, ..., feature_{depth-1},
     *         pooled)} (see {@link Encoder}) of the samples that have it, in sample order; null for a sequence no
     *         sample has
     */
    public List<NDList> encode(ParameterStore ps, NDArray x, SequencePresence presence, boolean training) {
        checkInput(x.getShape());
        List<NDList> features = new ArrayList<>(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            features.add(presence.nowhere(s) ? null : encode(s, ps, x, presence, config.depth(), training));
        }
        return features;
    }

    /**
     * Levels {@code 0..to-1} of one sequence encoder on its channel of {@code x}, for the samples that have the
     * sequence; with {@code to} the depth, this is element {@code sequence} of {@link #encode}.
     *
     * @param sequence 0 (LGE), 1 (T2) or 2 (bSSFP); at least one sample must have it
     * @return {@code NDList(feature_0, ..., feature_{to-1}, pooled)} (see {@link Encoder#forwardLevels}) with one row
     *         per sample that has the sequence
     */
    public NDList encode(int sequence, ParameterStore ps, NDArray x, SequencePresence presence, int to, boolean training) {
        NDArray channel = presence.select(sequence, x.get(new NDIndex(":, {}:{}", sequence, sequence + 1)));
        NDArray input = MemoryOrder.forPass(training).singleChannel(channel);
        return encoders.get(sequence).forwardLevels(ps, input, 0, to, training);
    }

    /**
     * Levels {@code from..depth-1} of one sequence encoder, from {@code pooled}, the last element of
     * {@link #encode(int, ParameterStore, NDArray, SequencePresence, int, boolean) encode(sequence, ps, x, presence,
     * from, training)}.
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
     * outputs of {@link #encode} with the same {@code presence}. Returns the logits as {@link #forward} does.
     */
    public NDList decode(ParameterStore ps, List<NDList> features, SequencePresence presence, boolean training) {
        return decode(ps, features, presence, training, -1).logits();
    }

    private Taps decode(ParameterStore ps, List<NDList> features, SequencePresence presence, boolean training,
                        int tapLevel) {
        int depth = config.depth();
        NDList[] skips = new NDList[depth];
        NDArray tapFused = null;
        for (int l = 0; l < depth; l++) {
            Streams level = streams(ps, features, presence, l, config.maxFusion(), training);
            skips[l] = new NDList(SEQUENCES + 1);
            if (config.maxFusion()) {
                skips[l].add(level.fused());
                if (l == tapLevel) {
                    tapFused = level.fused();
                }
            }
            skips[l].addAll(level.sequences());
        }
        NDList deepest = streams(ps, features, presence, depth, false, training).sequences();
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
        NDArray[] own = new NDArray[SEQUENCES];
        for (int s = 0; s < SEQUENCES; s++) {
            own[s] = presence.everywhere(s) ? features.get(s).get(tapLevel) : null;
        }
        return new Taps(logits, map, tapFused, own[0], own[1], own[2]);
    }

    /**
     * The maps of one encoder level (the pooled output at {@code level == depth}) as the decoder or the bottleneck
     * takes them: per sequence its features for the whole batch, the fused features standing in for the samples that
     * lack it, and the fused features themselves: the maximum over the sequences each sample has.
     *
     * <p>Where every sample has every sequence this is the paper's network, and the fused map is made only when
     * {@code fusedWanted}. Otherwise each sequence enters the maximum only for the samples that have it: its rows are
     * padded for the others with negative infinity, which no feature exceeds, so an absent sequence contributes
     * nothing (not a zero, which the maximum would weigh as an intensity).
     */
    private Streams streams(ParameterStore ps, List<NDList> features, SequencePresence presence, int level,
                            boolean fusedWanted, boolean training) {
        if (presence.complete()) {
            NDList maps = new NDList(features.get(0).get(level), features.get(1).get(level), features.get(2).get(level));
            NDArray fused = fusedWanted ? fusion.forward(ps, maps, training).singletonOrThrow() : null;
            return new Streams(fused, maps);
        }
        NDList candidates = new NDList(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            if (!presence.nowhere(s)) {
                NDArray own = features.get(s).get(level);
                candidates.add(presence.everywhere(s) ? own : presence.merge(s, own, negativeInfinity(own, presence, s)));
            }
        }
        NDArray fused = fusion.forward(ps, candidates, training).singletonOrThrow();
        NDList maps = new NDList(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            if (presence.everywhere(s)) {
                maps.add(features.get(s).get(level));
            } else if (presence.nowhere(s)) {
                maps.add(fused);
            } else {
                maps.add(presence.merge(s, features.get(s).get(level),
                        SequencePresence.take(fused, presence.missingRows(s))));
            }
        }
        return new Streams(fused, maps);
    }

    /** Negative infinity in the shape of {@code own}'s rows for the samples that lack sequence {@code s}. */
    private static NDArray negativeInfinity(NDArray own, SequencePresence presence, int s) {
        Shape shape = own.getShape();
        return own.getManager().full(new Shape(presence.missingRows(s).length, shape.get(1), shape.get(2), shape.get(3)),
                Float.NEGATIVE_INFINITY, own.getDataType());
    }

    /**
     * One level's maps for the decoder.
     *
     * @param fused     the maximum over the sequences each sample has; null when it was not wanted
     * @param sequences per sequence (LGE, T2, bSSFP) its features, or the fused ones where a sample lacks it
     */
    private record Streams(NDArray fused, NDList sequences) {
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
     * @param lge          LGE encoder features of that level, same shape; null unless every sample has the LGE
     * @param t2           T2 encoder features of that level; null unless every sample has the T2
     * @param bssfp        bSSFP encoder features of that level; null unless every sample has the bSSFP
     */
    public record Taps(NDList logits, NDArray attentionMap, NDArray fused, NDArray lge, NDArray t2, NDArray bssfp) {
    }
}
