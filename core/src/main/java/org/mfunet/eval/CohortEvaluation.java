package org.mfunet.eval;

import java.util.List;
import java.util.Objects;

/**
 * Per-case metrics of a cohort and their summary.
 *
 * @param cases   evaluations in output order (by case name when built by {@link CohortEvaluator})
 * @param summary statistics over {@code cases}
 */
public record CohortEvaluation(List<CaseEvaluation> cases, EvaluationSummary summary) {
    public CohortEvaluation {
        cases = List.copyOf(cases);
        Objects.requireNonNull(summary, "summary");
    }

    /** Evaluation of the cases with their summary. */
    public static CohortEvaluation of(List<CaseEvaluation> cases) {
        return new CohortEvaluation(cases, EvaluationSummary.of(cases));
    }
}
