package org.mfunet.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.PairedComparison;
import org.mfunet.eval.StructureMetrics;

/**
 * Paired comparisons of cross-validated variants of one backbone that differ in exactly one switch (max fusion,
 * attention or dynamic resampling): per structure, the mean per-case difference of Dice (the variant with the switch
 * on minus the one with it off), its 95 % bootstrap interval and the Wilcoxon signed-rank p-value, over the held-out
 * cases both variants have. What an ablation table needs to say whether a difference is more than noise.
 */
public final class VariantComparisons {
    /** Seed of the bootstrap, so the same results give the same intervals. */
    static final long BOOTSTRAP_SEED = 2020;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VariantComparisons() {
    }

    /**
     * One structure of one pair.
     *
     * @param with      the variant with the switch on
     * @param without   the same variant with it off
     * @param structure a key of {@link Structure}, or {@code avg_pathology}
     * @param result    the comparison of {@code with} minus {@code without}, Dice as fractions
     */
    public record Comparison(String with, String without, String structure, PairedComparison result) {
    }

    /** The comparisons of every pair of variants in {@code results} that differ in one switch, in map order. */
    public static List<Comparison> of(Map<Variant, CrossValidation.Pooled> results) {
        List<Comparison> out = new ArrayList<>();
        List<Variant> variants = new ArrayList<>(results.keySet());
        for (Variant a : variants) {
            for (Variant b : variants) {
                if (switchedOn(a, b)) {
                    Map<String, CaseEvaluation> first = byCase(results.get(a));
                    Map<String, CaseEvaluation> second = byCase(results.get(b));
                    List<String> shared = new ArrayList<>(new TreeSet<>(first.keySet()));
                    shared.retainAll(second.keySet());
                    for (Map.Entry<String, ToDoubleFunction<CaseEvaluation>> column : columns().entrySet()) {
                        double[] x = shared.stream().mapToDouble(c -> column.getValue().applyAsDouble(first.get(c))).toArray();
                        double[] y = shared.stream().mapToDouble(c -> column.getValue().applyAsDouble(second.get(c))).toArray();
                        out.add(new Comparison(a.id(), b.id(), column.getKey(),
                                PairedComparison.of(x, y, new Random(BOOTSTRAP_SEED))));
                    }
                }
            }
        }
        return out;
    }

    /** True when {@code a} is {@code b} with exactly one switch turned on. */
    static boolean switchedOn(Variant a, Variant b) {
        if (!a.backbone().equals(b.backbone())) {
            return false;
        }
        int on = 0;
        int differ = 0;
        boolean[][] pairs = {{a.maxFusion(), b.maxFusion()}, {a.attention(), b.attention()}, {a.resampling(), b.resampling()}};
        for (boolean[] p : pairs) {
            if (p[0] != p[1]) {
                differ++;
                on += p[0] ? 1 : 0;
            }
        }
        return differ == 1 && on == 1;
    }

    /** The columns of the ablation table as per-case Dice (NaN when the structure is empty in both volumes). */
    private static Map<String, ToDoubleFunction<CaseEvaluation>> columns() {
        Map<String, ToDoubleFunction<CaseEvaluation>> columns = new LinkedHashMap<>();
        for (Structure s : AblationTable.COLUMNS) {
            columns.put(s.key(), c -> dice(c.get(s)));
        }
        columns.put("avg_pathology", AblationTable::pathologyAverage);
        return columns;
    }

    private static double dice(StructureMetrics m) {
        return m.empty() ? Double.NaN : m.dice();
    }

    private static Map<String, CaseEvaluation> byCase(CrossValidation.Pooled pooled) {
        Map<String, CaseEvaluation> cases = new LinkedHashMap<>();
        pooled.evaluation().cases().forEach(c -> cases.put(c.caseName(), c));
        return cases;
    }

    /** Markdown: one row per pair, one column per structure, {@code Δ [low, high] p} in percentage points. */
    public static String markdown(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder("| switched on | against | Myo. | LV | RV | Infarct | Edema | Avg. Pathology |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        String row = null;
        for (Comparison c : comparisons) {
            String pair = c.with() + " | " + c.without();
            if (!pair.equals(row)) {
                out.append(row == null ? "" : "\n").append("| ").append(pair).append(" |");
                row = pair;
            }
            out.append(' ').append(cell(c.result())).append(" |");
        }
        return out.append(row == null ? "" : "\n").toString();
    }

    private static String cell(PairedComparison r) {
        if (r.n() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f] p=%.2g (n=%d)", 100 * r.meanDifference(), 100 * r.low(),
                100 * r.high(), r.p(), r.n());
    }

    /** Writes the comparisons as JSON, atomically. */
    public static void writeJson(List<Comparison> comparisons, Path file) {
        AtomicFiles.writeString(file, JsonFiles.toJson(JSON, comparisons));
    }
}
