package org.mfunet.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mfunet.MfunetException;
import org.mfunet.model.blocks.Backbone;
import org.mfunet.model.blocks.Upsample;

/**
 * Shape of an MFU-Net. Validated on construction; messages name the field and the rule.
 *
 * @param depth       encoder levels (2..6); the bottleneck works at 1/2^depth of the input side
 * @param baseFilters filters of the first encoder level (2..256); level l has {@code baseFilters * 2^l}
 * @param backbone    conv-block family: {@code residual}, {@code dilation} or {@code sideconv}
 * @param maxFusion   whether the skips carry the pixel-wise max of the three encoders' features
 * @param attention   whether spatial attention follows the last decoder level
 * @param inputSide   side in pixels of the square tile the network sees (the largest training patch, the sliding
 *                    window's tile); divisible by 2^depth
 * @param dropout     dropout rate on the bottleneck output during training, in [0, 1)
 * @param upsampling  decoder upsampling: {@code transposed} (1x1 conv + pixel shuffle = the paper's 2x2 stride-2
 *                    deconvolution, the default) or {@code nearest-conv} (nearest x2 + 3x3 conv + BatchNorm, as
 *                    the authors' code; about 9 times the decoder upsampling FLOPs). JSON written before this
 *                    field existed reads as {@value #DEFAULT_UPSAMPLING}.
 * @param pixelSpacingMm in-plane pixel spacing, mm, that every slice is resampled to before the network sees it; 0
 *                    before training means "the median of the training cohort" (a run records the value it used),
 *                    and in a saved model means each case's own grid (models saved before this field existed read as 0)
 * @param alignmentMm largest in-plane shift, mm, by which each slice's other sequences are moved onto its grid sequence
 *                    (the one the labels follow) before the network sees them; 0 leaves them unaligned (models saved
 *                    before this field existed read as 0)
 */
public record MfuNetConfig(int depth, int baseFilters, String backbone, boolean maxFusion, boolean attention,
                           int inputSide, double dropout, String upsampling, double pixelSpacingMm,
                           double alignmentMm) {
    /** Upsampling of configurations that do not name one. */
    public static final String DEFAULT_UPSAMPLING = "transposed";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public MfuNetConfig {
        if (depth < 2 || depth > 6) {
            throw new MfunetException("depth " + depth + " must be between 2 and 6");
        }
        if (baseFilters < 2 || baseFilters > 256) {
            throw new MfunetException("baseFilters " + baseFilters + " must be between 2 and 256");
        }
        Backbone.fromId(backbone);
        int unit = 1 << depth;
        if (inputSide < unit || inputSide % unit != 0) {
            int below = Math.max(unit, inputSide / unit * unit);
            int above = below < inputSide ? below + unit : below;
            throw new MfunetException("inputSide " + inputSide + " must be a positive multiple of 2^depth = " + unit
                    + ": use " + (below == above ? Integer.toString(below) : below + " or " + above));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new MfunetException("dropout " + dropout + " must be in [0, 1)");
        }
        Upsample.Mode.fromId(upsampling);
        if (!(pixelSpacingMm >= 0) || Double.isInfinite(pixelSpacingMm)) {
            throw new MfunetException("pixelSpacingMm " + pixelSpacingMm + " must be 0 (from the cohort) or a positive"
                    + " number of mm");
        }
        if (!(alignmentMm >= 0) || Double.isInfinite(alignmentMm)) {
            throw new MfunetException("alignmentMm " + alignmentMm + " must be 0 (no alignment) or a positive number of mm");
        }
    }

    /** The backbone as an enum. */
    public Backbone backboneKind() {
        return Backbone.fromId(backbone);
    }

    /** The decoder upsampling as an enum. */
    public Upsample.Mode upsamplingMode() {
        return Upsample.Mode.fromId(upsampling);
    }

    /** The side every input side must be a multiple of: 2^depth. */
    public int sideMultiple() {
        return 1 << depth;
    }

    public MfuNetConfig withDepth(int value) {
        return new MfuNetConfig(value, baseFilters, backbone, maxFusion, attention, inputSide, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withBaseFilters(int value) {
        return new MfuNetConfig(depth, value, backbone, maxFusion, attention, inputSide, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withBackbone(String value) {
        return new MfuNetConfig(depth, baseFilters, value, maxFusion, attention, inputSide, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withMaxFusion(boolean value) {
        return new MfuNetConfig(depth, baseFilters, backbone, value, attention, inputSide, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withAttention(boolean value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, value, inputSide, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withInputSide(int value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, attention, value, dropout, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withDropout(double value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, attention, inputSide, value, upsampling,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withUpsampling(String value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, attention, inputSide, dropout, value,
                pixelSpacingMm, alignmentMm);
    }

    public MfuNetConfig withPixelSpacingMm(double value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, attention, inputSide, dropout, upsampling,
                value, alignmentMm);
    }

    public MfuNetConfig withAlignmentMm(double value) {
        return new MfuNetConfig(depth, baseFilters, backbone, maxFusion, attention, inputSide, dropout, upsampling,
                pixelSpacingMm, value);
    }

    /** This configuration as indented JSON with one field per record component. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write a configuration as JSON", e);
        }
    }

    /** Parses JSON text; {@code source} names where it came from in error messages. */
    public static MfuNetConfig parse(String json, String source) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree instanceof ObjectNode object && !object.has("upsampling")) {
                object.put("upsampling", DEFAULT_UPSAMPLING);
            }
            if (tree instanceof ObjectNode object && !object.has("pixelSpacingMm")) {
                object.put("pixelSpacingMm", 0.0);
            }
            if (tree instanceof ObjectNode object && !object.has("alignmentMm")) {
                object.put("alignmentMm", 0.0);
            }
            return JSON.treeToValue(tree, MfuNetConfig.class);
        } catch (JacksonException e) {
            if (e.getCause() instanceof MfunetException m) {
                throw new MfunetException(source + ": " + m.getMessage());
            }
            throw new MfunetException(source + ": not a valid MFU-Net configuration: " + e.getOriginalMessage());
        }
    }

    /** Reads a configuration written by {@link #toJson()}. */
    public static MfuNetConfig fromJson(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
