package org.mfunet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.VoxelGrid;

class AblationTableTest {
    private static final VoxelGrid LINE = new VoxelGrid(4, 1, 1, 1, 1, 1);

    /** Scar Dice 2/3, edema 1, myocardium 6/7; LV and RV empty in both. */
    private static final CaseEvaluation A = CaseEvaluation.of("a",
            new int[] {2221, 0, 1220, 1220}, new int[] {2221, 2221, 1220, 1220}, LINE);
    /** No pathology in either: myocardium and LV perfect. */
    private static final CaseEvaluation B = CaseEvaluation.of("b",
            new int[] {200, 200, 500, 500}, new int[] {200, 200, 500, 500}, LINE);

    @Test
    void pathologyAverageIsTheMeanOfScarAndEdemaPerCaseOverCasesThatHaveAny() {
        assertEquals((2.0 / 3 + 1) / 2, AblationTable.pathologyAverage(A), 1e-12);
        assertEquals(Double.NaN, AblationTable.pathologyAverage(B));
        EvaluationSummary.Statistic s = AblationTable.pathologyAverage(List.of(A, B));
        assertEquals(1, s.n());
        assertEquals((2.0 / 3 + 1) / 2, s.mean(), 1e-12);
    }

    @Test
    void rowsShowDiceInPercentAsMeanAndStd() {
        Map<Variant, CrossValidation.Pooled> results = new LinkedHashMap<>();
        results.put(Variant.full("residual"), new CrossValidation.Pooled(CohortEvaluation.of(List.of(A, B)), List.of()));
        results.put(new Variant("residual", false, false, false),
                new CrossValidation.Pooled(CohortEvaluation.of(List.of(B)), List.of(3, 4)));

        String table = AblationTable.markdown(AblationTable.rows(results), true);

        assertEquals("""
                | max | attention | resample | Myo. | LV | RV | Infarct | Edema | Avg. Pathology | cases |
                |:-:|:-:|:-:|---|---|---|---|---|---|---|
                | ✓ | ✓ | ✓ | 92.9 ± 7.1 | 100.0 ± 0.0 | n/a | 66.7 ± 0.0 | 100.0 ± 0.0 | 83.3 ± 0.0 | 2 |
                | – | – | – | 100.0 ± 0.0 | 100.0 ± 0.0 | n/a | n/a | n/a | n/a | 1 (folds missing: [3, 4]) |
                """, table);
        String byBackbone = AblationTable.markdown(AblationTable.rows(Map.of(Variant.full("sideconv"), results.get(Variant.full("residual")))), false);
        assertEquals("| sideconv | 92.9 ± 7.1 | 100.0 ± 0.0 | n/a | 66.7 ± 0.0 | 100.0 ± 0.0 | 83.3 ± 0.0 | 2 |",
                byBackbone.lines().toList().get(2));
    }
}
