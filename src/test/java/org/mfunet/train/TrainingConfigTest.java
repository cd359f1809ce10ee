package org.mfunet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mfunet.MfunetException;

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
        assertEquals("--preset must be paper or cpu-small, got 'huge'",
                assertThrows(MfunetException.class, () -> TrainingConfig.preset("huge")).getMessage());
    }

    @Test
    void invalidValuesNameTheFileAndTheRule() {
        String json = TrainingConfig.PAPER.toJson().replace("\"rhoC\" : 0.89", "\"rhoC\" : 1.5");
        assertEquals("t.json: not a valid training config: training config: rhoC must be in [0, 1]",
                assertThrows(MfunetException.class, () -> TrainingConfig.parse(json, "t.json")).getMessage());
    }
}
