package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynamicPatchSamplerTest {
    private static final int REGION = 64;
    private static final List<PreparedSlice> SLICES = List.of(
            TestSlices.heart("a", 0, REGION, true),
            TestSlices.heart("a", 1, REGION, true),
            TestSlices.heart("b", 0, REGION, true));

    @Test
    void paperSidesAreNinetySixPlusSixteenI() {
        assertArrayEquals(new int[] {112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 272, 288},
                DynamicPatchSampler.sidesFor(288, 16));
    }

    @Test
    void sidesScaleToASmallerRegionInMultiplesOfTwoToTheDepth() {
        // 128 * (96 + 16i) / 288 = 49.8, 56.9, 64, 71.1, 78.2, 85.3, 92.4, 99.6, 106.7, 113.8, 120.9, 128
        assertArrayEquals(new int[] {48, 56, 64, 72, 80, 84, 92, 100, 108, 112, 120, 128},
                DynamicPatchSampler.sidesFor(128, 4));
    }

    @ParameterizedTest(name = "side {0} -> batch {1}")
    @CsvSource({"112, 26", "128, 20", "144, 16", "192, 9", "240, 5", "288, 4"})
    void batchKeepsTheBudgetOfFourWholeSlices(int side, int batch) {
        List<PreparedSlice> big = List.of(TestSlices.heart("c", 0, 288, true));
        assertEquals(batch, new DynamicPatchSampler(big, 288, 4, 0.89, true, 16).batchFor(side));
    }

    @Test
    void unlabelledSlicesGetUniformPatchesWithBackgroundClassMaps() {
        PreparedSlice labelled = TestSlices.heart("u", 0, REGION, true);
        PreparedSlice unlabelled = new PreparedSlice("u", 0, REGION, REGION, labelled.image(), null);
        DynamicPatchSampler sampler = new DynamicPatchSampler(List.of(unlabelled), REGION, 4, 1.0, true, 4);
        Random random = new Random(3);
        for (int n = 0; n < 50; n++) {
            PatchBatch batch = sampler.sample(random);
            int s = batch.side();
            for (int b = 0; b < batch.batch(); b++) {
                PatchOrigin o = batch.origins().get(b);
                assertEquals(PatchOrigin.Centre.RANDOM, o.centre());
                assertEquals(labelled.image()[(REGION + o.y0() + 1) * REGION + o.x0() + 2],
                        batch.images()[((b * 3 + 1) * s + 1) * s + 2]);
            }
            for (byte c : batch.classes()) {
                assertEquals(MyopsLabels.CLASS_BACKGROUND, c);
            }
        }
    }

    @Test
    void everyPatchLiesInsideItsSliceAndCopiesIt() {
        DynamicPatchSampler sampler = new DynamicPatchSampler(SLICES, REGION, 4, 0.89, true, 4);
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            PatchBatch batch = sampler.sample(random);
            assertEquals(sampler.batchFor(batch.side()), batch.batch());
            int s = batch.side();
            for (int b = 0; b < batch.batch(); b++) {
                PatchOrigin o = batch.origins().get(b);
                assertTrue(o.x0() + s <= REGION && o.y0() + s <= REGION, "patch outside slice: " + o);
                PreparedSlice slice = SLICES.stream().filter(p -> p.caseName().equals(o.caseName()) && p.z() == o.z())
                        .findFirst().orElseThrow();
                int y = s - 1;
                int x = s / 3;
                assertEquals(slice.classes()[(o.y0() + y) * REGION + o.x0() + x], batch.classes()[(b * s + y) * s + x]);
                assertEquals(slice.image()[(2 * REGION + o.y0() + y) * REGION + o.x0() + x],
                        batch.images()[((b * 3 + 2) * s + y) * s + x]);
            }
        }
    }

    @Test
    void shareOfCentredPatchesIsRhoC() {
        DynamicPatchSampler sampler = new DynamicPatchSampler(SLICES, REGION, 4, 0.89, true, 4);
        Random random = new Random(11);
        int centred = 0;
        int total = 0;
        while (total < 20000) {
            for (PatchOrigin o : sampler.sample(random).origins()) {
                centred += o.centred() ? 1 : 0;
                total++;
            }
        }
        double sigma = Math.sqrt(0.89 * 0.11 / total);
        assertEquals(0.89, centred / (double) total, 4 * sigma);
    }

    @Test
    void centredPatchesHoldPathologyOrElseHeart() {
        List<PreparedSlice> mixed = List.of(TestSlices.heart("p", 0, REGION, true), TestSlices.heart("h", 0, REGION, false));
        DynamicPatchSampler sampler = new DynamicPatchSampler(mixed, REGION, 4, 1.0, true, 4);
        Random random = new Random(3);
        for (int n = 0; n < 100; n++) {
            PatchBatch batch = sampler.sample(random);
            int plane = batch.side() * batch.side();
            for (int b = 0; b < batch.batch(); b++) {
                PatchOrigin o = batch.origins().get(b);
                assertEquals(o.caseName().equals("p") ? PatchOrigin.Centre.PATHOLOGY : PatchOrigin.Centre.HEART, o.centre());
                boolean found = false;
                for (int i = b * plane; i < (b + 1) * plane && !found; i++) {
                    byte c = batch.classes()[i];
                    found = o.centre() == PatchOrigin.Centre.PATHOLOGY
                            ? c == MyopsLabels.CLASS_SCAR || c == MyopsLabels.CLASS_EDEMA
                            : c == MyopsLabels.CLASS_MYOCARDIUM || c == MyopsLabels.CLASS_LV;
                }
                assertTrue(found, "centred patch misses its target region: " + o);
            }
        }
    }

    @Test
    void switchedOffGivesBaseBatchOfWholeTiles() {
        PatchBatch batch = new DynamicPatchSampler(SLICES, 48, 4, 0.89, false, 4).sample(new Random(1));
        assertEquals(4, batch.batch());
        assertEquals(48, batch.side());
    }

    /**
     * On a slice much larger than the tile, uncentred patches land anywhere, far corners included, so the network
     * sees background; on a slice smaller than the patch, the slice lies inside the patch and the rest is padding.
     */
    @Test
    void patchesReachTheWholeOfLargeSlicesAndPadSmallOnes() {
        PreparedSlice large = TestSlices.heart("large", 0, 200, false);
        DynamicPatchSampler sampler = new DynamicPatchSampler(List.of(large), 48, 4, 0.0, false, 4);
        Random random = new Random(9);
        int maxX = 0;
        int minX = Integer.MAX_VALUE;
        for (int n = 0; n < 200; n++) {
            for (PatchOrigin o : sampler.sample(random).origins()) {
                assertTrue(o.x0() >= 0 && o.y0() >= 0 && o.x0() + 48 <= 200 && o.y0() + 48 <= 200, o.toString());
                maxX = Math.max(maxX, o.x0());
                minX = Math.min(minX, o.x0());
            }
        }
        assertTrue(minX < 10 && maxX > 142, "patches spread over " + minX + ".." + maxX);

        PreparedSlice small = TestSlices.heart("small", 0, 20, true);
        PatchBatch batch = new DynamicPatchSampler(List.of(small), 48, 1, 1.0, false, 4).sample(new Random(2));
        PatchOrigin o = batch.origins().get(0);
        assertTrue(o.x0() <= 0 && o.y0() <= 0 && o.x0() + 48 >= 20 && o.y0() + 48 >= 20, "slice not inside patch: " + o);
        int inside = 0;
        int padding = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                int sx = x + o.x0();
                int sy = y + o.y0();
                float v = batch.images()[(2 * 48 + y) * 48 + x];
                if (sx >= 0 && sy >= 0 && sx < 20 && sy < 20) {
                    assertEquals(small.image()[(2 * 20 + sy) * 20 + sx], v);
                    assertEquals(small.classes()[sy * 20 + sx], batch.classes()[y * 48 + x]);
                    inside++;
                } else {
                    assertEquals(SlicePreparation.PAD_VALUE, v);
                    assertEquals(MyopsLabels.CLASS_BACKGROUND, batch.classes()[y * 48 + x]);
                    padding++;
                }
            }
        }
        assertEquals(400, inside);
        assertEquals(48 * 48 - 400, padding);
    }

    @Test
    void sameSeedSameBatches() {
        DynamicPatchSampler sampler = new DynamicPatchSampler(SLICES, REGION, 4, 0.89, true, 4);
        assertEquals(sampler.sample(new Random(5)).origins(), sampler.sample(new Random(5)).origins());
    }
}
