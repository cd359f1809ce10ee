package org.mfunet.eval;

import org.mfunet.data.Structure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSummaryTest {
    static final VoxelGrid LINE = new VoxelGrid(4, 1, 1, 1, 1, 1);
    static final int S = 2221;
    static final int E = 1220;
    static final int M = 200;

    /** Scar Dice 0.5 (HD95 1 mm), 1.0 (HD95 0) and both empty. */
    static List<CaseEvaluation> cohort() {
        return List.of(
                CaseEvaluation.of("a", new int[] {S, 0, S, 0}, new int[] {S, S, 0, 0}, LINE),
                CaseEvaluation.of("b", new int[] {S, E, M, 0}, new int[] {S, E, M, 0}, LINE),
                CaseEvaluation.of("c", new int[] {0, 0, 0, 500}, new int[] {0, 0, 0, 600}, LINE));
    }

    @Test
    void scarMeanAndStdLeaveOutTheEmptyCase() {
        EvaluationSummary.StructureSummary scar = EvaluationSummary.of(cohort()).get(Structure.SCAR);
        assertEquals(0.75, scar.dice().mean(), 1e-12);
        assertEquals(0.25, scar.dice().std(), 1e-12);
        assertEquals(2, scar.dice().n());
        assertEquals(0.5, scar.hd95().mean(), 1e-12);
        assertEquals(0.5, scar.hd95().std(), 1e-12);
        assertEquals(1, scar.empty());
    }

    @Test
    void oneSidedEmptyCountsAsDiceZeroButHasNoHd95() {
        // LV: cases a and b empty on both sides, case c predicted where the truth has none
        EvaluationSummary.StructureSummary lv = EvaluationSummary.of(cohort()).get(Structure.LV);
        assertEquals(0.0, lv.dice().mean(), 1e-12);
        assertEquals(1, lv.dice().n());
        assertEquals(0, lv.hd95().n());
        assertTrue(Double.isNaN(lv.hd95().mean()));
        assertEquals(2, lv.empty());
    }

    @Test
    void labelSetsOfStructures() {
        CaseEvaluation b = cohort().get(1);
        assertEquals(1, b.get(Structure.SCAR).truePositives());
        assertEquals(1, b.get(Structure.EDEMA).truePositives());
        assertEquals(2, b.get(Structure.SCAR_EDEMA).truePositives());
        assertEquals(3, b.get(Structure.MYO).truePositives());
        assertTrue(b.get(Structure.RV).empty());
    }

    @Test
    void emptyCohortHasNoStatistics() {
        EvaluationSummary.Statistic dice = EvaluationSummary.of(List.of()).get(Structure.MYO).dice();
        assertEquals(0, dice.n());
        assertTrue(Double.isNaN(dice.mean()));
    }
}
