package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.MfunetException;
import org.mfunet.data.SequenceDropout;
import org.mfunet.model.Presets;

class TrainingConfigTest {
    @Test
    void jsonRoundTripKeepsEverySetting() {
        TrainingConfig config = TrainingConfig.PAPER.withSeed(17).withStepsPerEpoch(3);
        assertEquals(config, TrainingConfig.parse(config.toJson(), "training.json"));
    }

    @Test
    void presetsFollowTheModelPresets() {
        assertEquals(1e-4, TrainingConfig.preset("paper").learningRate());
        assertEquals(0.89, TrainingConfig.preset("cpu-small").rhoC());
        assertEquals("--preset must be paper, cpu-small or cpu-small-dropout, got 'huge'",
                assertThrows(MfunetException.class, () -> TrainingConfig.preset("huge")).getMessage());
    }

    @Test
    void everyNetworkPresetHasTrainingSettings() {
        for (String name : Presets.names()) {
            assertDoesNotThrow(() -> TrainingConfig.preset(name), name);
        }
    }

    @ParameterizedTest
    @CsvSource({"true, -1", "false, 0"})
    void runsRecordedWithTheEarlierRecomputeSwitchReadAsLevels(boolean recorded, int levels) {
        String json = TrainingConfig.PAPER.toJson().replace("\"recomputeLevels\" : 2", "\"recomputeEncoders\" : " + recorded);
        assertEquals(TrainingConfig.PAPER.withRecomputeLevels(levels), TrainingConfig.parse(json, "training.json"));
    }

    @Test
    void runsRecordedBeforeAnyRecomputeSettingRecomputeNothing() {
        String json = TrainingConfig.PAPER.toJson().replaceAll(",\\s*\"recomputeLevels\" : 2", "");
        assertEquals(TrainingConfig.PAPER.withRecomputeLevels(0), TrainingConfig.parse(json, "training.json"));
    }

    @Test
    void runsThatRecordedTheEngineThreadsReadWithoutThem() {
        String json = TrainingConfig.PAPER.toJson().replace("\"seed\" : 1,", "\"seed\" : 1,\n  \"threads\" : 1,");
        assertEquals(true, json.contains("\"threads\" : 1"), json);
        assertEquals(TrainingConfig.PAPER, TrainingConfig.parse(json, "training.json"));
        assertEquals(false, TrainingConfig.PAPER.toJson().contains("threads"));
    }

    @Test
    void thePaperPresetRecomputesTwoLevelsAndTheSmallOneNone() {
        assertEquals(2, TrainingConfig.PAPER.recomputeLevels());
        assertEquals(0, TrainingConfig.CPU_SMALL.recomputeLevels());
    }

    @Test
    void sequenceDropoutIsOnOnlyInTheDropoutPresetAndRunsRecordedWithoutItHaveNone() {
        assertEquals(SequenceDropout.NONE, TrainingConfig.PAPER.sequenceDropout());
        assertEquals(SequenceDropout.NONE, TrainingConfig.CPU_SMALL.sequenceDropout());
        TrainingConfig dropout = TrainingConfig.preset("cpu-small-dropout");
        assertEquals(new SequenceDropout(0.35, 0.35), dropout.sequenceDropout());
        assertEquals(TrainingConfig.CPU_SMALL.withSequenceDropout(dropout.sequenceDropout()).withEpochs(dropout.epochs()),
                dropout, "apart from the dropout and its longer run, the settings of cpu-small");
        assertEquals(60, dropout.epochs());
        TrainingConfig config = TrainingConfig.CPU_SMALL.withSequenceDropout(new SequenceDropout(0.5, 0.1));
        assertEquals(config, TrainingConfig.parse(config.toJson(), "training.json"));
        String json = TrainingConfig.CPU_SMALL.withSequenceDropout(new SequenceDropout(0.25, 0.25)).toJson();
        String older = json.replaceAll(",\\s*\"sequenceDropout\" : \\{[^}]*\\}", "");
        assertEquals(false, older.contains("sequenceDropout"), older);
        assertEquals(TrainingConfig.CPU_SMALL, TrainingConfig.parse(older, "training.json"));
        String lge = json.replace("\"t2\" : 0.25", "\"t2\" : 1.5");
        assertEquals("t.json: not a valid training config: sequence dropout probabilities t2 and bssfp must be in [0, 1],"
                + " got 1.5 and 0.25", assertThrows(MfunetException.class, () -> TrainingConfig.parse(lge, "t.json"))
                .getMessage());
    }

    @Test
    void invalidValuesNameTheFileAndTheRule() {
        String json = TrainingConfig.PAPER.toJson().replace("\"rhoC\" : 0.89", "\"rhoC\" : 1.5");
        assertEquals("t.json: not a valid training config: training config: rhoC must be in [0, 1]",
                assertThrows(MfunetException.class, () -> TrainingConfig.parse(json, "t.json")).getMessage());
    }
}
