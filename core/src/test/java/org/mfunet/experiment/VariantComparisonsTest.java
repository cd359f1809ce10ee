package org.mfunet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.VoxelGrid;

class VariantComparisonsTest {
    private static final VoxelGrid LINE = new VoxelGrid(4, 1, 1, 1, 1, 1);
    private static final Variant FULL = Variant.full("residual");
    private static final Variant NO_MAX = new Variant("residual", false, true, true);
    private static final Variant NO_MAX_NO_ATT = new Variant("residual", false, false, true);

    /** A case whose LV prediction covers {@code predicted} of the 4 LV voxels of the truth: Dice 2p / (p + 4). */
    private static CaseEvaluation lvCase(String name, int predicted) {
        int[] truth = {500, 500, 500, 500};
        int[] prediction = new int[4];
        for (int i = 0; i < predicted; i++) {
            prediction[i] = 500;
        }
        return CaseEvaluation.of(name, prediction, truth, LINE);
    }

    private static CrossValidation.Pooled pooled(CaseEvaluation... cases) {
        return new CrossValidation.Pooled(CohortEvaluation.of(List.of(cases)), List.of());
    }

    @Test
    void onlyVariantsOneSwitchApartArePairedWithTheSwitchOnFirst() {
        assertTrue(VariantComparisons.switchedOn(FULL, NO_MAX));
        assertFalse(VariantComparisons.switchedOn(NO_MAX, FULL));
        assertFalse(VariantComparisons.switchedOn(FULL, NO_MAX_NO_ATT), "two switches apart");
        assertFalse(VariantComparisons.switchedOn(FULL, Variant.full("dilation")), "another backbone");
    }

    @Test
    void theDifferencesArePairedByCaseAndReportedPerStructure() {
        Map<Variant, CrossValidation.Pooled> results = new LinkedHashMap<>();
        // LV Dice per case: full 1, 1, 1, 6/7; without max fusion 6/7, 2/3, 6/7, 6/7; case d is missing on one side
        results.put(FULL, pooled(lvCase("a", 4), lvCase("b", 4), lvCase("c", 4), lvCase("d", 3)));
        results.put(NO_MAX, pooled(lvCase("a", 3), lvCase("b", 2), lvCase("c", 3), lvCase("e", 3)));
        List<VariantComparisons.Comparison> comparisons = VariantComparisons.of(results);
        assertEquals(6, comparisons.size(), "one pair, five structures and the pathology average");
        VariantComparisons.Comparison lv = comparisons.stream().filter(c -> c.structure().equals("lv")).findFirst().orElseThrow();
        assertEquals(FULL.id(), lv.with());
        assertEquals(NO_MAX.id(), lv.without());
        assertEquals(3, lv.result().n(), "cases a, b and c are in both");
        assertEquals(((1 - 6.0 / 7) * 2 + (1 - 2.0 / 3)) / 3, lv.result().meanDifference(), 1e-12);
        // three positive differences: W+ = 6 of at most 6, reached in 1 of 8 sign patterns
        assertEquals(0.25, lv.result().p(), 1e-12);
        VariantComparisons.Comparison scar = comparisons.stream().filter(c -> c.structure().equals("scar")).findFirst().orElseThrow();
        assertEquals(0, scar.result().n(), "scar is empty in every case");

        String table = VariantComparisons.markdown(comparisons);
        assertTrue(table.contains("| " + FULL.id() + " | " + NO_MAX.id() + " |"), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%+.1f [", 100 * lv.result().meanDifference())), table);
        assertTrue(table.contains("p=0.25 (n=3)") && table.contains("n/a"), table);
    }
}
