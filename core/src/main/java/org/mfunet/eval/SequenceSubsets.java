package org.mfunet.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
import org.mfunet.data.Structure;

/**
 * Results by the sequences the cases were segmented from: a cohort's evaluation split by the subset of (LGE, T2,
 * bSSFP) each prediction used, and a table of the Dice of every structure per subset, mean ± std over the cases of
 * the row (structures empty in prediction and truth left out, as in {@link EvaluationSummary}). With one row per subset
 * of the same cases, the table is a robustness table: what removing a sequence costs.
 */
public final class SequenceSubsets {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Label of the cases whose predictions do not record their sequences. */
    public static final String NOT_RECORDED = "not recorded";
    /** Order of subsets: more sequences first, then in channel order (LGE + T2 before LGE + bSSFP). */
    private static final Comparator<Set<Sequence>> LARGEST_FIRST = Comparator.<Set<Sequence>>comparingInt(Set::size)
            .thenComparingInt(SequenceSubsets::rank).reversed();

    private SequenceSubsets() {
    }

    /** A set's flags read as a binary number, LGE the highest bit: LGE + T2 ranks above LGE + bSSFP. */
    private static int rank(Set<Sequence> sequences) {
        int n = Sequence.values().length;
        return sequences.stream().mapToInt(s -> 1 << (n - 1 - s.ordinal())).sum();
    }

    /**
     * One row of the table.
     *
     * @param labels     the row's first cells, e.g. the sequences, or a folder and the sequences
     * @param evaluation the cases of the row
     */
    public record Row(List<String> labels, CohortEvaluation evaluation) {
        public Row {
            labels = List.copyOf(labels);
            Objects.requireNonNull(evaluation, "evaluation");
        }
    }

    /**
     * The cases of an evaluation grouped by the sequences their predictions were made from, all three first, then
     * subsets with fewer.
     *
     * @param inputs what each case was segmented from, by case name (a folder's {@link PredictionInputs}); cases it
     *               does not name are left out
     * @return sequences to the evaluation of their cases, each case in the order of {@code evaluation}
     */
    public static Map<Set<Sequence>, CohortEvaluation> group(CohortEvaluation evaluation,
                                                             Map<String, PredictionInputs> inputs) {
        Map<Set<Sequence>, List<CaseEvaluation>> cases = new TreeMap<>(LARGEST_FIRST);
        for (CaseEvaluation c : evaluation.cases()) {
            PredictionInputs used = inputs.get(c.caseName());
            if (used != null) {
                cases.computeIfAbsent(used.sequences(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<Set<Sequence>, CohortEvaluation> out = new LinkedHashMap<>();
        cases.forEach((sequences, list) -> out.put(sequences, CohortEvaluation.of(list)));
        return out;
    }

    /**
     * Evaluates each folder of predictions against the truth and splits it by the sequences its cases were segmented
     * from ({@link #group}): one row per folder and subset, labelled with the folder as given and the sequences
     * ({@value #NOT_RECORDED} for cases the folder's record does not name). The same cases predicted from fewer
     * sequences, one folder each, give the robustness table.
     *
     * @throws org.mfunet.MfunetException as {@link CohortEvaluator#evaluate(Path, Path)} and {@link PredictionInputs#read}
     */
    public static List<Row> byFolder(List<Path> predDirs, Path truthDir) {
        List<Row> rows = new ArrayList<>();
        for (Path dir : predDirs) {
            CohortEvaluation evaluation = CohortEvaluator.evaluate(dir, truthDir);
            Map<String, PredictionInputs> inputs = PredictionInputs.read(dir);
            group(evaluation, inputs).forEach((sequences, cases) ->
                    rows.add(new Row(List.of(dir.toString(), Sequence.describe(sequences)), cases)));
            List<CaseEvaluation> unrecorded = evaluation.cases().stream()
                    .filter(c -> !inputs.containsKey(c.caseName())).toList();
            if (!unrecorded.isEmpty()) {
                rows.add(new Row(List.of(dir.toString(), NOT_RECORDED), CohortEvaluation.of(unrecorded)));
            }
        }
        return rows;
    }

    /** The rows of {@link #group} labelled with their sequences ({@link Sequence#describe}). */
    public static List<Row> rows(Map<Set<Sequence>, CohortEvaluation> groups) {
        List<Row> rows = new ArrayList<>();
        groups.forEach((sequences, evaluation) -> rows.add(new Row(List.of(Sequence.describe(sequences)), evaluation)));
        return rows;
    }

    /**
     * Markdown table: the label columns, the number of cases, then per structure the Dice {@code mean ± std}
     * ({@code n/a} where no case has the structure).
     *
     * @param labelHeaders the headers of the rows' label columns
     */
    public static String markdown(List<String> labelHeaders, List<Row> rows) {
        StringBuilder sb = new StringBuilder("|");
        labelHeaders.forEach(h -> sb.append(' ').append(h).append(" |"));
        sb.append(" cases |");
        for (Structure s : Structure.values()) {
            sb.append(' ').append(s.key()).append(" Dice |");
        }
        sb.append("\n|").append("---|".repeat(labelHeaders.size())).append("---:|".repeat(1 + Structure.values().length))
                .append('\n');
        for (Row row : rows) {
            if (row.labels().size() != labelHeaders.size()) {
                throw new IllegalArgumentException("row " + row.labels() + " does not match the headers " + labelHeaders);
            }
            sb.append('|');
            row.labels().forEach(l -> sb.append(' ').append(l).append(" |"));
            sb.append(' ').append(row.evaluation().cases().size()).append(" |");
            for (Structure s : Structure.values()) {
                EvaluationSummary.Statistic dice = row.evaluation().summary().get(s).dice();
                sb.append(' ').append(dice.n() == 0 ? "n/a"
                        : String.format(Locale.ROOT, "%.3f ± %.3f", dice.mean(), dice.std())).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * JSON: {@code {"<sequences>": {"cases": [names], "<key>": {"mean", "std", "n"}, ...}}} per group, keyed by
     * {@link Sequence#id} ({@code lge-t2-bssfp}, {@code lge}).
     */
    public static ObjectNode json(Map<Set<Sequence>, CohortEvaluation> groups) {
        ObjectNode root = JSON.createObjectNode();
        groups.forEach((sequences, evaluation) -> {
            ObjectNode node = root.putObject(Sequence.id(sequences));
            evaluation.cases().forEach(c -> node.withArray("cases").add(c.caseName()));
            for (Structure s : Structure.values()) {
                EvaluationSummary.Statistic dice = evaluation.summary().get(s).dice();
                ObjectNode d = node.putObject(s.key());
                if (dice.n() == 0) {
                    d.putNull("mean").putNull("std");
                } else {
                    d.put("mean", dice.mean()).put("std", dice.std());
                }
                d.put("n", dice.n());
            }
        });
        return root;
    }
}
