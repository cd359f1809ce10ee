package org.mfunet.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;
import org.mfunet.data.AugmentationConfig;
import org.mfunet.data.SequenceDropout;
import org.mfunet.model.Presets;

/**
 * The settings of a training run a user may tune, stored as {@code training.json} in the run folder.
 *
 * @param learningRate   initial learning rate of a k-fold run (the alternating schedule has its own rates)
 * @param epochs         epochs of a k-fold run
 * @param baseBatch      batch size of whole slices; sets the pixel budget of dynamic resampling
 * @param rhoC           probability that a resampled patch is centred on pathology (or heart)
 * @param resampling     dynamic resampling on; off trains on whole slices
 * @param lossWeights    λ per head
 * @param tverskyBeta    Tversky β
 * @param tverskyForm    Tversky index as printed in the paper or the standard one
 * @param focalGammaAnatomy   focal γ of the anatomy head
 * @param focalGammaPathology focal γ of the scar and edema heads
 * @param patience       epochs without an improvement of the validation loss before a phase stops; 0 never stops
 * @param minDelta       smallest decrease of the validation loss that counts as an improvement
 * @param augmentation   joint augmentation settings
 * @param stepsPerEpoch  optimiser steps per epoch; 0 for max(1, training slices / baseBatch)
 * @param seed           seed of every random choice of the run
 * @param recomputeLevels how many of each encoder's first levels recompute their activations in the backward pass
 *                       instead of keeping them ({@link EncoderRecomputation}): the same gradients, less memory, more
 *                       time; 0 for none, {@value #ALL_LEVELS} for whole encoders. Files written before this setting
 *                       read as 0, and their {@code "recomputeEncoders": true} as {@value #ALL_LEVELS}.
 * @param validationDiceEvery segment the validation cases whole and score their Dice every this many epochs and at
 *                       the end of every phase (early stop included); 0 or 1 for every epoch (files written before this
 *                       setting read as 0). Costs about one {@code predict} of the validation cases per scored epoch.
 * @param sequenceDropout probabilities with which a training patch loses its T2 and its bSSFP (never its LGE), so that
 *                       the network learns to segment cases that lack them; files written before this setting read as
 *                       {@link SequenceDropout#NONE}
 */
public record TrainingConfig(double learningRate, int epochs, int baseBatch, double rhoC, boolean resampling,
                             LossWeights lossWeights, double tverskyBeta, TverskyForm tverskyForm,
                             double focalGammaAnatomy, double focalGammaPathology, int patience, double minDelta,
                             AugmentationConfig augmentation, int stepsPerEpoch, long seed, int recomputeLevels,
                             int validationDiceEvery, SequenceDropout sequenceDropout) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** {@link #recomputeLevels} of whole encoders, whatever their depth. */
    public static final int ALL_LEVELS = -1;
    /** The boolean that {@link #recomputeLevels} replaced, read from older files. */
    private static final String LEGACY_RECOMPUTE = "recomputeEncoders";
    /** The engine's thread count, which older files recorded as if it were a setting of the run; ignored. */
    private static final String LEGACY_THREADS = "threads";
    /**
     * The paper's settings (Sec. 3, 4 and the authors' code), with the first two encoder levels recomputed: at
     * 4 × 288² on 2 cores that took the step's peak from 6.8 to 5.1-5.4 GiB with no measurable change in its time.
     */
    public static final TrainingConfig PAPER = new TrainingConfig(1e-4, 50, 4, 0.89, true, LossWeights.PAPER, 0.7,
            TverskyForm.STANDARD, 4, 2, 10, 0.005, AugmentationConfig.DEFAULT, 0, 1, 2, 5, SequenceDropout.NONE);
    /**
     * Settings for the small CPU network: a higher rate and fewer epochs so a run ends in minutes; it fits in memory.
     * Focal γ of the anatomy head 2 instead of the paper's 4: on the synthetic cohort (20 training cases, 5 held out,
     * seed 3) γ = 4 left the myocardium 35 % too thin (held-out Dice 0.795, its outer rim called background), γ = 2 gave
     * 0.856 with LV and RV as good or better (docs/geometry.md). Anatomy weighted 3 ({@link LossWeights#CPU_SMALL}, why
     * there). 35 epochs: the scar head learns last and was still improving at epoch 25 on every run; on issue 14's
     * cohort (seed 3) 35 epochs took held-out scar Dice from 0.725 to 0.782 (docs/geometry.md), and at 8-13 s an epoch
     * on 2 cores the demo stays within 10 minutes. No sequence dropout: {@link #CPU_SMALL_DROPOUT} has it.
     */
    public static final TrainingConfig CPU_SMALL = PAPER.withLearningRate(1e-3).withEpochs(35).withRecomputeLevels(0)
            .withFocalGammaAnatomy(2).withLossWeights(LossWeights.CPU_SMALL);
    /**
     * {@link #CPU_SMALL} for cohorts with missing sequences, one model for every subset of LGE, T2 and bSSFP: each
     * training patch loses its T2 and, apart, its bSSFP with probability 0.35 (so 42 % of the patches are complete,
     * 23 % lack one of them and 12 % have the LGE alone), for 60 epochs instead of 35, as the same network learns four
     * inputs. On the demo cohort 0.25 / 0.25 left LGE-only cases failing and 0.5 / 0.5 cost complete cases 0.046 of
     * scar Dice; 0.35 / 0.35 kept complete cases within 0.021 of {@link #CPU_SMALL} with scar 0.631 from the LGE alone,
     * and the validation cases alone choose it too (docs/missing-sequences.md).
     */
    public static final TrainingConfig CPU_SMALL_DROPOUT = CPU_SMALL.withSequenceDropout(new SequenceDropout(0.35, 0.35))
            .withEpochs(60);

    public TrainingConfig {
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)");
        require(epochs > 0, "epochs must be positive");
        require(baseBatch > 0, "baseBatch must be positive");
        require(rhoC >= 0 && rhoC <= 1, "rhoC must be in [0, 1]");
        require(lossWeights != null && tverskyForm != null && augmentation != null,
                "lossWeights, tverskyForm and augmentation are required");
        require(tverskyBeta >= 0 && tverskyBeta <= 1, "tverskyBeta must be in [0, 1]");
        require(focalGammaAnatomy >= 0 && focalGammaPathology >= 0, "focal gammas must be non-negative");
        require(patience >= 0, "patience must be 0 (never stop) or positive");
        require(minDelta >= 0, "minDelta must be non-negative");
        require(stepsPerEpoch >= 0, "stepsPerEpoch must be 0 (automatic) or positive");
        require(validationDiceEvery >= 0, "validationDiceEvery must be 0 or more");
        require(recomputeLevels >= ALL_LEVELS, "recomputeLevels must be 0 or more, or " + ALL_LEVELS + " for whole encoders");
        sequenceDropout = sequenceDropout == null ? SequenceDropout.NONE : sequenceDropout;
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("training config: " + rule);
        }
    }

    /** The settings of a preset name, one of {@link Presets#names()}. */
    public static TrainingConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "paper" -> PAPER;
            case "cpu-small" -> CPU_SMALL;
            case "cpu-small-dropout" -> CPU_SMALL_DROPOUT;
            default -> {
                List<String> names = List.copyOf(Presets.names());
                throw new MfunetException("--preset must be " + String.join(", ", names.subList(0, names.size() - 1))
                        + " or " + names.get(names.size() - 1) + ", got '" + name + "'");
            }
        };
    }

    /** The loss these settings describe. */
    public SegmentationLoss loss() {
        return new SegmentationLoss(lossWeights, tverskyBeta, tverskyForm, focalGammaAnatomy, focalGammaPathology);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(value, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withLossWeights(LossWeights value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, value, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withFocalGammaAnatomy(double value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                value, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed, recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(learningRate, value, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withResampling(boolean value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, value, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, value,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withStepsPerEpoch(int value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, value, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withAugmentation(AugmentationConfig value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, value, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withPatience(int value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, value, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withMinDelta(double value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, value, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withRecomputeLevels(int value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                value, validationDiceEvery, sequenceDropout);
    }

    public TrainingConfig withValidationDiceEvery(int value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, value, sequenceDropout);
    }

    public TrainingConfig withSequenceDropout(SequenceDropout value) {
        return new TrainingConfig(learningRate, epochs, baseBatch, rhoC, resampling, lossWeights, tverskyBeta, tverskyForm,
                focalGammaAnatomy, focalGammaPathology, patience, minDelta, augmentation, stepsPerEpoch, seed,
                recomputeLevels, validationDiceEvery, value);
    }

    /** True when epoch {@code epoch} (from 1) scores whole validation cases, apart from the end of a phase. */
    public boolean scoresDiceAt(int epoch) {
        return validationDiceEvery <= 1 || epoch % validationDiceEvery == 0;
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
    public static TrainingConfig parse(String json, String source) {
        return JsonFiles.parse(JSON, upgraded(json), TrainingConfig.class, source, "training config");
    }

    /** Reads {@code training.json}-style files. */
    public static TrainingConfig fromJson(Path file) {
        return JsonFiles.read(JSON, file, TrainingConfig.class, "training config", TrainingConfig::upgraded);
    }

    /**
     * Text of an earlier version of these settings in the current form: files without a recomputation setting
     * recompute nothing, {@code "recomputeEncoders": true|false} (whole encoders or none) became
     * {@code recomputeLevels}, and a recorded {@code threads} is dropped (the engine's threads are set per command).
     * Text that is not a JSON object is left to the parser to report.
     */
    private static String upgraded(String json) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode tree && (!tree.has("recomputeLevels") || tree.has(LEGACY_THREADS))) {
                tree.remove(LEGACY_THREADS);
                if (!tree.has("recomputeLevels")) {
                    JsonNode legacy = tree.remove(LEGACY_RECOMPUTE);
                    tree.put("recomputeLevels", legacy != null && legacy.asBoolean() ? ALL_LEVELS : 0);
                }
                return JSON.writeValueAsString(tree);
            }
        } catch (IOException e) {
            // reported by the parser, with the file's name
        }
        return json;
    }
}
