package org.mfunet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.StructureMetrics;

/**
 * The paper's Table 1 and Table 2 from cross-validation results: per variant the Dice (%) of
 * myocardium, LV, RV, infarct (scar) and edema, and their pathology average, each mean ± std over the
 * held-out cases.
 *
 * <p>The pathology average of a case is the mean of its scar and edema Dice (the paper's
 * "Avg. Pathology"); structures empty in both prediction and truth are left out, as in
 * {@link EvaluationSummary}.
 */
public final class AblationTable {
    static final Structure[] COLUMNS = {Structure.MYO, Structure.LV, Structure.RV, Structure.SCAR, Structure.EDEMA};

    private AblationTable() {
    }

    /**
     * One row.
     *
     * @param variant      the model
     * @param dice         mean and std (fractions) per column of {@link #COLUMNS}, then the pathology average
     * @param cases        held-out cases pooled
     * @param missingFolds folds not finished
     */
    public record Row(Variant variant, List<EvaluationSummary.Statistic> dice, int cases, List<Integer> missingFolds) {
    }

    /** Rows in the order of the map. */
    public static List<Row> rows(Map<Variant, CrossValidation.Pooled> results) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Variant, CrossValidation.Pooled> e : results.entrySet()) {
            CohortEvaluation evaluation = e.getValue().evaluation();
            List<EvaluationSummary.Statistic> dice = new ArrayList<>();
            for (Structure s : COLUMNS) {
                dice.add(evaluation.summary().get(s).dice());
            }
            dice.add(pathologyAverage(evaluation.cases()));
            rows.add(new Row(e.getKey(), dice, evaluation.cases().size(), e.getValue().missingFolds()));
        }
        return rows;
    }

    /** Mean ± std over cases of {@link #pathologyAverage(CaseEvaluation)}. */
    static EvaluationSummary.Statistic pathologyAverage(List<CaseEvaluation> cases) {
        return EvaluationSummary.Statistic.of(cases, AblationTable::pathologyAverage);
    }

    /** Mean of a case's scar and edema Dice over those not empty in both; NaN when both are. */
    static double pathologyAverage(CaseEvaluation c) {
        double sum = 0;
        int n = 0;
        for (Structure s : new Structure[] {Structure.SCAR, Structure.EDEMA}) {
            StructureMetrics m = c.get(s);
            if (!m.empty()) {
                sum += m.dice();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Markdown table: switch columns (max, attention, resample) when {@code switches}, else a backbone
     * column (Table 2), then Dice in % as {@code mean ± std}.
     */
    public static String markdown(List<Row> rows, boolean switches) {
        StringBuilder out = new StringBuilder();
        out.append(switches ? "| max | attention | resample |" : "| backbone |")
                .append(" Myo. | LV | RV | Infarct | Edema | Avg. Pathology | cases |\n");
        out.append(switches ? "|:-:|:-:|:-:|" : "|---|").append("---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ");
            if (switches) {
                out.append(mark(r.variant().maxFusion())).append(" | ").append(mark(r.variant().attention())).append(" | ")
                        .append(mark(r.variant().resampling())).append(" |");
            } else {
                out.append(r.variant().backbone()).append(" |");
            }
            for (EvaluationSummary.Statistic d : r.dice()) {
                out.append(' ').append(percent(d)).append(" |");
            }
            out.append(' ').append(r.cases());
            if (!r.missingFolds().isEmpty()) {
                out.append(" (folds missing: ").append(r.missingFolds()).append(')');
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private static String mark(boolean on) {
        return on ? "✓" : "–";
    }

    private static String percent(EvaluationSummary.Statistic s) {
        if (s.n() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * s.mean(), 100 * s.std());
    }
}
