package org.mfunet.pretrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * @param threads       engine threads; 0 for all cores
 */
public record PretrainingConfig(double learningRate, int epochs, int baseBatch, boolean resampling,
                                AugmentationConfig augmentation, int stepsPerEpoch, long seed, int threads) {
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
        require(threads >= 0, "threads must be 0 (all cores) or positive");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("pretraining config: " + rule);
        }
    }

    /** The settings of a training preset ("paper" or "cpu-small") that pretraining shares with training. */
    public static PretrainingConfig preset(String name) {
        TrainingConfig t = TrainingConfig.preset(name);
        return new PretrainingConfig(t.learningRate(), t.epochs(), t.baseBatch(), t.resampling(), t.augmentation(),
                t.stepsPerEpoch(), t.seed(), t.threads());
    }

    public PretrainingConfig withEpochs(int value) {
        return new PretrainingConfig(learningRate, value, baseBatch, resampling, augmentation, stepsPerEpoch, seed, threads);
    }

    public PretrainingConfig withStepsPerEpoch(int value) {
        return new PretrainingConfig(learningRate, epochs, baseBatch, resampling, augmentation, value, seed, threads);
    }

    public PretrainingConfig withSeed(long value) {
        return new PretrainingConfig(learningRate, epochs, baseBatch, resampling, augmentation, stepsPerEpoch, value, threads);
    }

    public PretrainingConfig withThreads(int value) {
        return new PretrainingConfig(learningRate, epochs, baseBatch, resampling, augmentation, stepsPerEpoch, seed, value);
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
        return JsonFiles.parse(JSON, json, PretrainingConfig.class, source, "pretraining config");
    }

    /** Reads {@code pretraining.json}-style files. */
    public static PretrainingConfig fromJson(Path file) {
        return JsonFiles.read(JSON, file, PretrainingConfig.class, "pretraining config");
    }
}
