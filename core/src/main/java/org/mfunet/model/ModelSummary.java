package org.mfunet.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mfunet.model.blocks.SpatialAttention;

/**
 * Size and cost of an MFU-Net for one {@code inputSide x inputSide} slice: trainable parameter count
 * (BatchNorm running statistics excluded) and forward FLOPs, counted as 2 x multiply-adds of every
 * convolution and of the two attention matrix products (normalisation, activations, pooling and
 * resampling are not counted). Computed from the layers of a built network.
 *
 * @param config     the configuration measured
 * @param parameters trainable parameters
 * @param flops      forward floating-point operations for one slice
 * @param parts      one line per top-level block: name, type, parameters, GFLOPs
 */
public record ModelSummary(MfuNetConfig config, long parameters, long flops, List<Part> parts) {

    /** One top-level block of the network. */
    public record Part(String name, String type, long parameters, long flops) {
    }

    /** Builds the network of {@code config} (weights zero, never run) and measures it. */
    public static ModelSummary of(MfuNetConfig config) {
        try (NDManager manager = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(config);
            net.initialize(manager, Initializer.ZEROS);
            List<Part> parts = new ArrayList<>();
            for (Pair<String, Block> child : net.getChildren()) {
                Block b = child.getValue();
                parts.add(new Part(child.getKey().replaceFirst("^\\d+", ""), b.getClass().getSimpleName(),
                        trainable(b), flops(b)));
            }
            return new ModelSummary(config, trainable(net), flops(net), List.copyOf(parts));
        }
    }

    /** Forward GFLOPs (10^9) for one slice. */
    public double gflops() {
        return flops / 1e9;
    }

    /** Concise block tree, then the last line {@code params=<integer> gflops=<number>}. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "MfuNet depth=%d baseFilters=%d backbone=%s maxFusion=%s attention=%s"
                        + " input=1x3x%dx%d dropout=%s upsampling=%s%n", config.depth(), config.baseFilters(), config.backbone(),
                config.maxFusion(), config.attention(), config.inputSide(), config.inputSide(), config.dropout(),
                config.upsampling()));
        for (Part p : parts) {
            s.append(String.format(Locale.ROOT, "  %-14s %-16s %,13d params %9.3f GFLOP%n",
                    p.name(), p.type(), p.parameters(), p.flops() / 1e9));
        }
        s.append(String.format(Locale.ROOT, "params=%d gflops=%.3f", parameters, gflops()));
        return s.toString();
    }

    private static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    private static long flops(Block block) {
        long total = 0;
        if (block instanceof Convolution conv) {
            Shape out = conv.getOutputShapes(conv.getInputShapes())[0];
            Shape weight = conv.getParameters().get("weight").getArray().getShape();
            total += 2 * weight.size() * out.get(0) * out.get(2) * out.get(3);
        }
        if (block instanceof SpatialAttention attention) {
            total += attention.matmulFlops(attention.getInputShapes()[0]);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            total += flops(child.getValue());
        }
        return total;
    }
}
