package org.mfunet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.mfunet.model.layers.Resampling;
import org.mfunet.model.layers.ScopedForward;

/**
 * The encoder of one MR sequence: {@code depth} levels, level l a conv block with
 * {@code baseFilters * 2^l} filters followed by 2x2 max pooling. Input {@code [B, 1, H, W]}; output
 * {@code NDList(feature_0, ..., feature_{depth-1}, pooled)} where {@code feature_l} is the conv block
 * output of level l, {@code [B, baseFilters * 2^l, H / 2^l, W / 2^l]} (the skip feature), and
 * {@code pooled} the last level pooled, {@code [B, baseFilters * 2^(depth-1), H / 2^depth, W / 2^depth]}.
 */
public final class Encoder extends AbstractBlock {
    private final List<AbstractBlock> levels = new ArrayList<>();

    public Encoder(int depth, int baseFilters, Backbone backbone) {
        int in = 1;
        for (int l = 0; l < depth; l++) {
            int filters = baseFilters << l;
            levels.add(addChildBlock("level" + l, backbone.convBlock(in, filters, false)));
            in = filters;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardLevels(ps, inputs.singletonOrThrow(), 0, levels.size(), training);
    }

    /**
     * Levels {@code from} to {@code to - 1} alone, so that a training step can recompute the first levels instead
     * of keeping their activations: from the encoder's input at {@code from = 0}, else from the pooled map that
     * levels {@code 0..from-1} ended with.
     *
     * @param x {@code [B, 1, H, W]} at {@code from = 0}, else {@code [B, baseFilters * 2^(from-1), H / 2^from, W / 2^from]}
     * @return {@code NDList(feature_from, ..., feature_{to-1}, pooled)}, pooled being the last level's output pooled
     *         (x itself when {@code from == to})
     */
    public NDList forwardLevels(ParameterStore ps, NDArray x, int from, int to, boolean training) {
        if (from < 0 || from > to || to > levels.size()) {
            throw new IllegalArgumentException("levels " + from + " to " + to + " of an encoder of depth " + levels.size());
        }
        NDList out = new NDList(to - from + 1);
        for (AbstractBlock level : levels.subList(from, to)) {
            NDArray feature = ScopedForward.forward(level, ps, new NDList(x), training).singletonOrThrow();
            out.add(feature);
            x = Resampling.maxPool2(feature);
        }
        out.add(x);
        return out;
    }

    /** The parameters of levels {@code 0..to-1}, running statistics included. */
    public List<Parameter> parametersOfLevels(int to) {
        List<Parameter> out = new ArrayList<>();
        for (AbstractBlock level : levels.subList(0, to)) {
            level.getParameters().forEach(p -> out.add(p.getValue()));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[levels.size() + 1];
        Shape s = inputShapes[0];
        for (int l = 0; l < levels.size(); l++) {
            out[l] = levels.get(l).getOutputShapes(new Shape[] {s})[0];
            s = new Shape(out[l].get(0), out[l].get(1), out[l].get(2) / 2, out[l].get(3) / 2);
        }
        out[levels.size()] = s;
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (AbstractBlock level : levels) {
            level.initialize(manager, dataType, s);
            Shape f = level.getOutputShapes(new Shape[] {s})[0];
            s = new Shape(f.get(0), f.get(1), f.get(2) / 2, f.get(3) / 2);
        }
    }
}
