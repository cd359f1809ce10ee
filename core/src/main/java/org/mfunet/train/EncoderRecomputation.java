package org.mfunet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.mfunet.model.InPlace;
import org.mfunet.model.MfuNet;
import org.mfunet.model.SequencePresence;

/**
 * The gradients of one training step with the activations of the encoders' first levels recomputed instead of
 * kept: activation checkpointing ({@code torch.utils.checkpoint} in PyTorch) at a boundary inside the three
 * sequence encoders. The gradients are those of the ordinary step; peak memory is lower and the step runs the
 * recomputed levels' forward pass twice. The first levels hold most of the activations (level 0 works at full
 * resolution) and the least compute, so recomputing a few of them saves most of the memory that recomputing whole
 * encoders would save, for a fraction of the extra time.
 *
 * <ol>
 *   <li>Levels {@code 0..k-1} of each encoder run without recording (autograd is off outside a gradient
 *       collector), so none of their intermediates are kept; their outputs (the skip features and the pooled map
 *       that enters level k) become leaves that collect gradients.</li>
 *   <li>The encoders' remaining levels and the rest of the network run from those leaves, recorded, then the loss
 *       and its backward pass: those parameters get their gradients and each leaf the gradient g of the loss.</li>
 *   <li>The first levels of each encoder in turn run again, recorded, and the backward pass of sum(output · g)
 *       gives their parameters exactly the gradients of the loss. Only one encoder's graph is alive at a time.</li>
 * </ol>
 *
 * <p>The forward pass is deterministic, so the recomputed outputs equal the first ones. BatchNorm updates its
 * running statistics in every training-mode pass; those of the recomputed levels are put back before their second
 * pass changes them again, so they too end as in the ordinary step.
 */
final class EncoderRecomputation {
    private EncoderRecomputation() {
    }

    /**
     * Runs the forward and backward passes of a batch; the parameters' gradients are added to as by
     * {@link GradientCollector#backward}.
     *
     * @param x       {@code [B, 3, H, W]} batch, in the manager where the step's arrays are to live
     * @param presence which sequences each sample has; an encoder runs for the samples that have its sequence
     * @param classes per pixel class indices of the batch, as {@link SegmentationLoss#compute} takes them
     * @param levels  how many of each encoder's first levels to recompute, 1 to the depth (whole encoders)
     * @return the loss terms of the batch
     */
    static SegmentationLoss.Terms backward(MfuNet net, ParameterStore store, SegmentationLoss loss, NDArray x,
                                           SequencePresence presence, byte[] classes, int levels) {
        int depth = net.config().depth();
        if (levels < 1 || levels > depth) {
            throw new IllegalArgumentException("recomputed levels must be 1 to " + depth + ", got " + levels);
        }
        int sequences = MfuNet.ENCODER_NAMES.size();
        // A sequence that no sample has runs no encoder: its entries stay null.
        List<NDList> leaves = new ArrayList<>(sequences);
        for (int s = 0; s < sequences; s++) {
            if (presence.nowhere(s)) {
                leaves.add(null);
                continue;
            }
            NDList first = net.encode(s, store, x, presence, levels, true);
            for (NDArray f : first) {
                f.setRequiresGradient(true);
            }
            leaves.add(first);
        }
        SegmentationLoss.Terms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDList> features = new ArrayList<>(sequences);
            for (int s = 0; s < sequences; s++) {
                NDList first = leaves.get(s);
                if (first == null) {
                    features.add(null);
                    continue;
                }
                NDList all = new NDList(depth + 1);
                all.addAll(first.subNDList(0, levels));
                all.addAll(net.encodeFrom(s, store, first.get(levels), levels, true));
                features.add(all);
            }
            NDList out = net.decode(store, features, presence, true);
            terms = loss.compute(out, classes);
            collector.backward(terms.total());
        }
        List<NDList> upstream = new ArrayList<>(sequences);
        for (NDList first : leaves) {
            if (first == null) {
                upstream.add(null);
                continue;
            }
            NDList gradients = new NDList(first.size());
            for (NDArray f : first) {
                gradients.add(f.getGradient());
            }
            upstream.add(gradients);
            first.close();
        }
        for (int s = 0; s < sequences; s++) {
            if (upstream.get(s) == null) {
                continue;
            }
            List<NDArray> statistics = runningStatistics(net, s, levels);
            List<NDArray> saved = statistics.stream().map(NDArray::duplicate).toList();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList again = net.encode(s, store, x, presence, levels, true);
                NDArray surrogate = null;
                for (int i = 0; i < again.size(); i++) {
                    NDArray term = again.get(i).mul(upstream.get(s).get(i)).sum();
                    surrogate = surrogate == null ? term : surrogate.add(term);
                }
                collector.backward(surrogate);
                again.close();
            }
            for (int i = 0; i < statistics.size(); i++) {
                InPlace.copy(statistics.get(i), saved.get(i));
                saved.get(i).close();
            }
            upstream.get(s).close();
        }
        return terms;
    }

    /** The BatchNorm running means and variances of the first {@code levels} levels of one sequence encoder. */
    private static List<NDArray> runningStatistics(MfuNet net, int sequence, int levels) {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : net.encoderParameters(sequence, levels)) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                out.add(p.getArray());
            }
        }
        return out;
    }
}
