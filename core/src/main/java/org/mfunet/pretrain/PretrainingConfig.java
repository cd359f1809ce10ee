package org.mfunet.pretrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mfunet.JsonFiles;
import org.mfunet.data.AugmentationConfig;
import org.mfunet.train.TrainingConfig;

/**
 * The settings of an encoder pretraining run, stored as {@code pretraining.json} in its run folder.
 *
 * @param learningRate  Adam learning rate, constant over the run
 * @param epochs        epochs
 * @param baseBatch     batch size of whole slices; sets the pixel budget of dynamic resampling
 * @param resampling    dynamic resampling (patch sides and batch sizes as in training, patches placed uniformly
 *                      since no labels say where the heart is); off trains on whole slices
 * @param augmentation  joint spatial and intensity augmentation; the network reconstructs the augmented images
 * @param stepsPerEpoch optimiser steps per epoch; 0 for max(1, slices / baseBatch)
 * @param seed          seed of every random choice of the run
 */
public record PretrainingConfig(double learningRate, int epochs, int baseBatch, boolean resampling,
                                AugmentationConfig augmentation, int stepsPerEpoch, long seed) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public PretrainingConfig {
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)");
        require(epochs > 0, "epochs must be positive");
        require(baseBatch > 0, "baseBatch must be positive");
        require(augmentation != null, "augmentation is required");
        require(stepsPerEpoch >= 0, "stepsPerEpoch must be 0 (automatic) or positive");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("pretraining config: " + rule);
        }
    }

    /** The settings of a training preset (as {@link TrainingConfig#preset}) that pretraining shares with training. */
    public static PretrainingConfig preset(String name) {
        TrainingConfig t = TrainingConfig.preset(name);
        return new PretrainingConfig(t.learningRate(), t.epochs(), t.baseBatch(), t.resampling(), t.augmentation(),
                t.stepsPerEpoch(), t.seed());
    }

    public PretrainingConfig withEpochs(int value) {
        return new PretrainingConfig(learningRate, value, baseBatch, resampling, augmentation, stepsPerEpoch, seed);
    }

    public PretrainingConfig withStepsPerEpoch(int value) {
        return new PretrainingConfig(learningRate, epochs, baseBatch, resampling, augmentation, value, seed);
    }

    public PretrainingConfig withSeed(long value) {
        return new PretrainingConfig(learningRate, epochs, baseBatch, resampling, augmentation, stepsPerEpoch, value);
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON; {@code source} names the file or option in error messages. */
    public static PretrainingConfig parse(String json, String source) {
        return JsonFiles.parse(JSON, withoutThreads(json), PretrainingConfig.class, source, "pretraining config");
    }

    /** Reads {@code pretraining.json}-style files. */
    public static PretrainingConfig fromJson(Path file) {
        return JsonFiles.read(JSON, file, PretrainingConfig.class, "pretraining config", PretrainingConfig::withoutThreads);
    }

    /**
     * Text of an earlier version of these settings without its {@code threads}: the engine's thread count, which
     * older files recorded as if it were a setting of the run, is set per command. Text that is not a JSON object is
     * left to the parser to report.
     */
    private static String withoutThreads(String json) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode tree && tree.remove("threads") != null) {
                return JSON.writeValueAsString(tree);
            }
        } catch (IOException e) {
            // reported by the parser, with the file's name
        }
        return json;
    }
}
