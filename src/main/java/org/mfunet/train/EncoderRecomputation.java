package org.mfunet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.mfunet.model.InPlace;
import org.mfunet.model.MfuNet;

/**
 * The gradients of one training step with the encoders' activations recomputed instead of kept: activation
 * checkpointing ({@code torch.utils.checkpoint} in PyTorch) at the boundary between the three sequence
 * encoders and the rest of the network. The gradients are those of the ordinary step; peak memory is lower and
 * the step does the encoders' forward pass twice.
 *
 * <ol>
 *   <li>The encoders run without recording (autograd is off outside a gradient collector), so none of their
 *       intermediates are kept; their outputs become leaves that collect gradients.</li>
 *   <li>The rest of the network runs from those leaves, recorded, then the loss and its backward pass: the
 *       decoder's parameters get their gradients and each encoder output the gradient g of the loss.</li>
 *   <li>Each encoder in turn runs again, recorded, and the backward pass of sum(output · g) gives its parameters
 *       exactly the gradients of the loss. Only one encoder's graph is alive at a time.</li>
 * </ol>
 *
 * <p>The forward pass is deterministic, so the recomputed outputs equal the first ones. BatchNorm updates its
 * running statistics in every training-mode pass; those of each encoder are put back before its second pass
 * changes them again, so they too end as in the ordinary step.
 *
 * <p>Where it pays: for the paper preset at 4 × 288² on 2 cores, {@code bench} measured a peak resident size
 * of 5,177 MiB against 6,828 MiB, and a step of 42.1 s against 29.3 s (40.6 against 33.1 s in another run).
 * Use it when memory, not time, is short.
 */
final class EncoderRecomputation {
    private EncoderRecomputation() {
    }

    /**
     * Runs the forward and backward passes of a batch; the parameters' gradients are added to as by
     * {@link GradientCollector#backward}.
     *
     * @param x       {@code [B, 3, H, W]} batch, in the manager where the step's arrays are to live
     * @param classes per pixel class indices of the batch, as {@link SegmentationLoss#compute} takes them
     * @return the loss terms of the batch
     */
    static SegmentationLoss.Terms backward(MfuNet net, ParameterStore store, SegmentationLoss loss, NDArray x,
                                           byte[] classes) {
        List<NDList> features = net.encode(store, x, true);
        for (NDList sequence : features) {
            for (NDArray f : sequence) {
                f.setRequiresGradient(true);
            }
        }
        SegmentationLoss.Terms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.decode(store, features, true);
            terms = loss.compute(out, classes);
            collector.backward(terms.total());
        }
        List<NDList> upstream = new ArrayList<>(features.size());
        for (NDList sequence : features) {
            NDList gradients = new NDList(sequence.size());
            for (NDArray f : sequence) {
                gradients.add(f.getGradient());
            }
            upstream.add(gradients);
            sequence.close();
        }
        for (int s = 0; s < upstream.size(); s++) {
            List<NDArray> statistics = runningStatistics(net, s);
            List<NDArray> saved = statistics.stream().map(NDArray::duplicate).toList();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList again = net.encode(s, store, x, true);
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

    /** The BatchNorm running means and variances of one sequence encoder. */
    private static List<NDArray> runningStatistics(MfuNet net, int sequence) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.encoderParameters(sequence)) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                out.add(p.getValue().getArray());
            }
        }
        return out;
    }
}
