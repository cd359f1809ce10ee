package org.mfunet.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.Sequence;
import org.mfunet.infer.LabelComposer;
import org.mfunet.infer.VolumeSegmentation;
import org.mfunet.model.MfuNet;

/**
 * What the network sees and computes inside for one slice, as plain arrays for figures (paper Fig. 3 and 5).
 *
 * @param side         slice side in pixels
 * @param predicted    predicted class indices of {@link MyopsLabels} {@code [side][side]}, x fastest
 * @param attention    Euclidean norm over channels of the attention output before its gamma-weighted residual
 *                     sum, {@code [side][side]}; null when the network has no attention
 * @param level        encoder level of the features (level l is at 1/2^l resolution)
 * @param featureSide  side of the feature maps, {@code side / 2^level}
 * @param channel      feature channel shown: the one whose max-fused map has the highest variance (of the LGE
 *                     map when the network has no max fusion)
 * @param fused        max-fused features of that channel {@code [featureSide][featureSide]}; null without max fusion
 * @param lge          LGE encoder features of that channel, same shape
 * @param t2           T2 encoder features of that channel; null when the slice has no T2
 * @param bssfp        bSSFP encoder features of that channel; null when the slice has no bSSFP
 */
public record SliceTaps(int side, byte[] predicted, float[] attention, int level, int featureSide, int channel,
                        float[] fused, float[] lge, float[] t2, float[] bssfp) {

    /**
     * Runs one inference pass of {@code net} on a slice.
     *
     * @param manager manager for the pass; every array it creates is closed before returning
     * @param slice   a slice of the network's input side
     * @param level   encoder level 0..depth-1
     */
    public static SliceTaps compute(MfuNet net, NDManager manager, PreparedSlice slice, int level) {
        int side = slice.width();
        try (NDManager pass = manager.newSubManager()) {
            NDArray x = pass.create(slice.image(), new Shape(1, 3, side, side));
            NDList inputs = slice.sequences().size() == Sequence.values().length ? new NDList(x)
                    : new NDList(x, pass.create(Sequence.presence(slice.sequences()), new Shape(1, 3)));
            MfuNet.Taps taps = net.forwardWithTaps(new ParameterStore(pass, false), inputs, level);
            byte[] predicted = classes(taps.logits(), side);
            float[] attention = taps.attentionMap() == null ? null
                    : taps.attentionMap().square().sum(new int[] {1}).sqrt().toFloatArray();
            NDArray ranked = taps.fused() != null ? taps.fused() : taps.lge();
            NDArray flat = ranked.get(0).reshape(ranked.getShape().get(1), -1);
            int channel = (int) flat.sub(flat.mean(new int[] {1}, true)).square().mean(new int[] {1}).argMax().getLong();
            int featureSide = (int) ranked.getShape().get(2);
            return new SliceTaps(side, predicted, attention, level, featureSide, channel,
                    taps.fused() == null ? null : plane(taps.fused(), channel), plane(taps.lge(), channel),
                    plane(taps.t2(), channel), plane(taps.bssfp(), channel));
        }
    }

    private static float[] plane(NDArray features, int channel) {
        return features == null ? null : features.get(0, channel).toFloatArray();
    }

    /** Class map of the three heads' argmax, composed as the MyoPS labels are (pathology only on myocardium). */
    private static byte[] classes(NDList logits, int side) {
        byte[] anatomy = toBytes(logits.get(0).argMax(1).toLongArray());
        boolean[] scar = toMask(logits.get(1).argMax(1).toLongArray());
        boolean[] edema = toMask(logits.get(2).argMax(1).toLongArray());
        int[] labels = LabelComposer.compose(new VolumeSegmentation(side, side, 1, anatomy, scar, edema));
        byte[] classes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = MyopsLabels.classOf(labels[i]);
        }
        return classes;
    }

    private static byte[] toBytes(long[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static boolean[] toMask(long[] values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] != 0;
        }
        return out;
    }
}
