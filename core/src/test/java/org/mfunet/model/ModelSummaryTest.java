package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfunet.cli.CliRun;
import org.mfunet.model.blocks.SpatialAttention;

class ModelSummaryTest {
    @BeforeAll
    static void engine() {
        Engines.configure(false);
    }

    @Test
    void headsAndAttentionAreCountedByHand() {
        ModelSummary s = ModelSummary.of(MfuNetTest.TINY);
        ModelSummary.Part anatomy = s.parts().stream().filter(p -> p.name().equals("head_anatomy")).findFirst().orElseThrow();
        // 1x1 conv 4 -> 4 channels at 32x32: 4*4 weights + 4 biases; 2 * 16 multiply-adds per pixel.
        assertEquals(20, anatomy.parameters());
        assertEquals(2L * 4 * 4 * 32 * 32, anatomy.flops());
        // Q·K: 64x2 by 2x64, then V·Aᵀ: 4x64 by 64x64 at 8x8 = 64 positions.
        assertEquals(2L * 64 * 64 * (2 + 4), new SpatialAttention(4).matmulFlops(new Shape(1, 4, 32, 32)));
        assertEquals(s.parameters(), s.parts().stream().mapToLong(ModelSummary.Part::parameters).sum());
        assertEquals(s.flops(), s.parts().stream().mapToLong(ModelSummary.Part::flops).sum());
    }

    @Test
    void transposedUpsamplingCostsANinthOfNearestConv() {
        // TINY decoder: 16 -> 8 channels from 8x8 to 16x16, then 8 -> 4 from 16x16 to 32x32.
        // nearest-conv: 3x3 conv at the output size, 2*9*16*8*16*16 = 2*9*8*4*32*32 = 589,824 FLOPs per level;
        // transposed: 1x1 conv to 4x the channels at the input size, 2*16*32*8*8 = 2*8*16*16*16 = 65,536.
        ModelSummary transposed = ModelSummary.of(MfuNetTest.TINY);
        ModelSummary nearest = ModelSummary.of(MfuNetTest.TINY.withUpsampling("nearest-conv"));
        assertEquals(2L * (589_824 - 65_536), nearest.flops() - transposed.flops());
        // weights 9*16*8 + 9*8*4 and BatchNorm 2*8 + 2*4, against 16*32 + 32 and 8*16 + 16
        assertEquals(1152 + 288 + 16 + 8 - (544 + 144), nearest.parameters() - transposed.parameters());
    }

    @Test
    void commandPrintsTreeAndEndsWithParamsAndGflops() {
        CliRun r = CliRun.of("model", "--preset", "cpu-small", "--summary");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        ModelSummary expected = ModelSummary.of(Presets.CPU_SMALL);
        assertTrue(lines[lines.length - 1].matches("params=\\d+ gflops=\\d+\\.\\d+"), lines[lines.length - 1]);
        assertEquals("params=" + expected.parameters(), lines[lines.length - 1].split(" ")[0]);
        assertTrue(r.out().contains("encoder_bssfp"));

        CliRun huge = CliRun.of("model", "--preset", "huge", "--summary");
        assertEquals(1, huge.code());
        assertEquals("error: preset 'huge' is unknown: use one of paper, cpu-small, cpu-small-dropout", huge.err().strip());
    }
}
