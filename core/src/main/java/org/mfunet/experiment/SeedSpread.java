package org.mfunet.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mfunet.AtomicFiles;
import org.mfunet.eval.EvaluationSummary;

/**
 * How much a cross-validation's result moves with the training seed: the same variants and folds trained with
 * several seeds ({@code cv --seeds}), each seed a cross-validation folder {@code OUT/seed<S>/} of its own on the same
 * splits. Per variant and structure: the pooled held-out mean Dice of every seed, their mean and their spread
 * (largest minus smallest).
 */
public final class SeedSpread {
    /** File of the table in the folder of the seeds. */
    public static final String TABLE = "seeds.md";

    private SeedSpread() {
    }

    /** The cross-validation folder of one seed under {@code out}. */
    public static Path seedDir(Path out, long seed) {
        return out.resolve("seed" + seed);
    }

    /**
     * Builds the table from the finished folds of every seed and writes it as {@code OUT/seeds.md}.
     *
     * @return the Markdown written
     */
    public static String write(Path out, List<Long> seeds) {
        Map<Long, Map<Variant, CrossValidation.Pooled>> bySeed = new LinkedHashMap<>();
        for (long seed : seeds) {
            bySeed.put(seed, CrossValidation.collect(seedDir(out, seed)));
        }
        String table = markdown(bySeed);
        AtomicFiles.writeString(out.resolve(TABLE), table);
        return table;
    }

    /** The table of the variants that every seed has, in the first seed's order. */
    static String markdown(Map<Long, Map<Variant, CrossValidation.Pooled>> bySeed) {
        List<Long> seeds = new ArrayList<>(bySeed.keySet());
        StringBuilder out = new StringBuilder("Dice (%) of the held-out cases per training seed (" + seeds.size()
                + " seeds: " + seeds.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
                + "), pooled over the finished folds: mean over seeds [smallest, largest], spread = largest - smallest\n\n"
                + "| variant | Myo. | LV | RV | Infarct | Edema | Avg. Pathology |\n|---|---|---|---|---|---|---|\n");
        Map<Variant, CrossValidation.Pooled> first = bySeed.get(seeds.get(0));
        for (Variant variant : first.keySet()) {
            if (bySeed.values().stream().anyMatch(results -> !results.containsKey(variant))) {
                continue;
            }
            List<List<EvaluationSummary.Statistic>> perSeed = new ArrayList<>();
            for (Map<Variant, CrossValidation.Pooled> results : bySeed.values()) {
                perSeed.add(AblationTable.rows(Map.of(variant, results.get(variant))).get(0).dice());
            }
            out.append("| ").append(variant.id()).append(" |");
            for (int column = 0; column < perSeed.get(0).size(); column++) {
                out.append(' ').append(cell(perSeed, column)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(List<List<EvaluationSummary.Statistic>> perSeed, int column) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<EvaluationSummary.Statistic> seed : perSeed) {
            EvaluationSummary.Statistic s = seed.get(column);
            if (s.n() == 0) {
                return "n/a";
            }
            sum += s.mean();
            min = Math.min(min, s.mean());
            max = Math.max(max, s.mean());
        }
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f] spread %.1f", 100 * sum / perSeed.size(), 100 * min,
                100 * max, 100 * (max - min));
    }
}
