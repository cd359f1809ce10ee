package org.mfunet.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.EvaluationTables;

/**
 * The report's Dice per case: the run's {@code evaluation.json} when it has one, else the predictions evaluated
 * against the cases' ground truth with the metrics of {@code evaluate}.
 */
final class DiceSection {
    private static final String TITLE = "Dice per case";

    private DiceSection() {
    }

    static ReportPage.Section build(ReportInputs inputs) {
        CohortEvaluation evaluation;
        String source;
        Path json = inputs.run().evaluation();
        if (Files.isRegularFile(json)) {
            try {
                evaluation = EvaluationTables.readJson(json);
                source = "From " + ReportInputs.absolute(json) + ".";
            } catch (MfunetException e) {
                return ReportPage.Section.note("dice", TITLE, e.getMessage());
            }
        } else {
            List<CaseEvaluation> evaluated = new ArrayList<>();
            for (Map.Entry<String, byte[]> p : inputs.predicted().entrySet()) {
                CaseVolumes c = inputs.cases().get(p.getKey());
                if (c.labelled()) {
                    evaluated.add(CaseEvaluation.of(p.getKey(), MyopsLabels.valuesOf(p.getValue()),
                            MyopsLabels.valuesOf(c.classes()), CohortEvaluator.grid(c.grid(), c.source().labels())));
                }
            }
            if (evaluated.isEmpty()) {
                return ReportPage.Section.note("dice", TITLE, "No " + json.getFileName() + " in the run and no predictions"
                        + " with ground truth to evaluate.");
            }
            evaluation = CohortEvaluation.of(evaluated);
            source = "Computed from the predictions in " + ReportInputs.absolute(inputs.predictions()) + " against the"
                    + " ground truth (3D Dice per case).";
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("case"));
        for (Structure s : Structure.values()) {
            header.add(s.key());
        }
        table.add(header);
        for (CaseEvaluation c : evaluation.cases()) {
            List<String> row = new ArrayList<>(List.of(c.caseName()));
            for (Structure s : Structure.values()) {
                row.add(ReportPage.number(c.get(s).dice()));
            }
            table.add(row);
        }
        List<String> summary = new ArrayList<>(List.of("mean ± std"));
        for (Structure s : Structure.values()) {
            EvaluationSummary.Statistic d = evaluation.summary().get(s).dice();
            summary.add(d.n() == 0 ? "n/a" : ReportPage.number(d.mean()) + " ± " + ReportPage.number(d.std()));
        }
        table.add(summary);
        return new ReportPage.Section("dice", TITLE, List.of(source, "n/a: the structure is empty in both the prediction"
                + " and the truth; such cases are left out of the mean."), List.of(), List.of(), table);
    }
}
