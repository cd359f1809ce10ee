package org.mfunet.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.model.Engines;

class ReconstructionLossTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    /** One batch, 1 x 2 pixels: target (0, 0) per channel, reconstruction given per channel. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0 0, 0 0, 0 0         | 0 0 0",
        "1 -1, 0.5 0.5, 2 0    | 1 0.5 1",
        "-0.25 0.75, 0 1, 0 0  | 0.5 0.5 0"})
    void meanAbsoluteErrorPerSequence(String reconstruction, String expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = floats(reconstruction.replace(",", " "));
            float[] loss = ReconstructionLoss.perSequence(m.create(values, new Shape(1, 3, 1, 2)),
                    m.zeros(new Shape(1, 3, 1, 2))).toFloatArray();
            assertArrayEquals(floats(expected), loss, 1e-7f);
        }
    }

    private static float[] floats(String text) {
        String[] parts = text.trim().split("\\s+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }
}
