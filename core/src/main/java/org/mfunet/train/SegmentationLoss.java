package org.mfunet.train;

import org.mfunet.data.Head;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumMap;
import java.util.Map;
import org.mfunet.model.Scalars;

/**
 * The training loss of MFU-Net: for each head, Tversky loss plus focal loss, weighted by the head's λ and
 * summed. Works on logits; probabilities and log-probabilities come from one (log-)softmax each.
 *
 * @param weights     λ per head
 * @param beta        Tversky β, the weight of false negatives (reference 0.7)
 * @param form        which Tversky index (see {@link TverskyForm})
 * @param gammaAnatomy focal γ of the anatomy head (reference 4)
 * @param gammaPathology focal γ of the scar and edema heads (reference 2)
 */
public record SegmentationLoss(LossWeights weights, double beta, TverskyForm form, double gammaAnatomy,
                               double gammaPathology) {
    /** Keeps the Tversky ratio finite when a class is absent from both target and prediction. */
    private static final double EPSILON = 1e-6;

    public SegmentationLoss {
        if (weights == null || form == null) {
            throw new IllegalArgumentException("loss weights and Tversky form are required");
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("Tversky beta must be in [0, 1], got " + beta);
        }
        if (!(gammaAnatomy >= 0 && gammaPathology >= 0)) {
            throw new IllegalArgumentException("focal gamma must be non-negative, got " + gammaAnatomy + ", " + gammaPathology);
        }
    }

    /** The unweighted loss of each head and the weighted total, all scalar arrays. */
    public record Terms(Map<Head, NDArray> perHead, NDArray total) {
    }

    /**
     * Loss of a batch.
     *
     * @param outputs (anatomy logits {@code [B,4,H,W]}, scar logits {@code [B,2,H,W]}, edema logits {@code [B,2,H,W]})
     * @param classes {@code [B][H][W]} class indices of {@link org.mfunet.data.MyopsLabels}, x fastest (H = W)
     */
    public Terms compute(NDList outputs, byte[] classes) {
        NDManager manager = outputs.head().getManager();
        Shape shape = outputs.head().getShape();
        int batch = (int) shape.get(0);
        int side = (int) shape.get(2);
        Map<Head, NDArray> perHead = new EnumMap<>(Head.class);
        NDArray total = null;
        for (Head head : Head.values()) {
            NDArray logits = outputs.get(head.ordinal());
            NDArray target = manager.create(head.oneHot(classes, batch, side), new Shape(batch, head.classes(), side, side));
            double gamma = head == Head.ANATOMY ? gammaAnatomy : gammaPathology;
            NDArray loss = tversky(logits, target).add(focal(logits, target, gamma));
            perHead.put(head, loss);
            NDArray weighted = loss.mul(Scalars.of(manager, weightOf(head)));
            total = total == null ? weighted : total.add(weighted);
        }
        return new Terms(perHead, total);
    }

    /** λ of a head. */
    public double weightOf(Head head) {
        return switch (head) {
            case ANATOMY -> weights.anatomy();
            case SCAR -> weights.scar();
            case EDEMA -> weights.edema();
        };
    }

    /**
     * 1 − Tversky index averaged over the classes of a head; sums run over batch and pixels.
     *
     * @param logits {@code [B,C,H,W]}
     * @param target {@code [B,C,H,W]} one-hot
     * @return scalar
     */
    public NDArray tversky(NDArray logits, NDArray target) {
        NDArray p = logits.softmax(1);
        int[] axes = {0, 2, 3};
        NDArray tp = p.mul(target).sum(axes);
        NDArray fp = p.sum(axes).sub(tp);
        NDArray fn = target.sum(axes).sub(tp);
        NDManager manager = logits.getManager();
        NDArray denominator = tp.add(fp.mul(Scalars.of(manager, 1 - beta))).add(fn.mul(Scalars.of(manager, beta)));
        if (form == TverskyForm.PAPER) {
            denominator = denominator.add(tp).add(fp).add(fn);
        }
        return tp.div(denominator.add((float) EPSILON)).mean().neg().add(1);
    }

    /**
     * Focal loss: mean over batch and pixels of −Σ_c y_c (1 − p_c)^γ log p_c, with log p from a log-softmax of
     * the logits (numerically stable; the paper sums over pixels, the mean only rescales it).
     *
     * @param logits {@code [B,C,H,W]}
     * @param target {@code [B,C,H,W]} one-hot
     * @return scalar
     */
    public static NDArray focal(NDArray logits, NDArray target, double gamma) {
        NDArray logP = logits.logSoftmax(1);
        NDArray modulation = logP.exp().neg().add(1).pow(Scalars.of(logits.getManager(), gamma));
        return target.mul(modulation).mul(logP).sum(new int[] {1}).mean().neg();
    }
}
