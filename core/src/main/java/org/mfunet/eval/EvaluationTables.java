package org.mfunet.eval;

import org.mfunet.data.Sequence;
import org.mfunet.data.Structure;
import org.mfunet.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mfunet.MfunetException;

/**
 * Markdown, JSON and CSV forms of a {@link CohortEvaluation}. Undefined values (NaN) are {@code n/a} in
 * Markdown, {@code null} in JSON and an empty field in CSV. Files are written to a temporary file in the
 * target folder and then moved into place, so a failed write never leaves a half-written file.
 */
public final class EvaluationTables {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CSV_HEADER = "case,structure,dice,hd95_mm,tp,fp,fn,pred_ml,truth_ml,empty";

    private EvaluationTables() {
    }

    /**
     * Console table: one row per case with the Dice then the HD95 (mm) of every structure, then a
     * {@code mean ± std} row and a row counting the cases excluded because both masks were empty.
     */
    public static String markdown(CohortEvaluation evaluation) {
        StringBuilder sb = new StringBuilder("| case |");
        for (Structure s : Structure.values()) {
            sb.append(' ').append(s.key()).append(" Dice |");
        }
        for (Structure s : Structure.values()) {
            sb.append(' ').append(s.key()).append(" HD95 mm |");
        }
        sb.append("\n|---|").append("---:|".repeat(2 * Structure.values().length)).append('\n');
        for (CaseEvaluation c : evaluation.cases()) {
            sb.append("| ").append(c.caseName()).append(" |");
            for (Structure s : Structure.values()) {
                sb.append(' ').append(format(c.get(s).dice(), "%.3f")).append(" |");
            }
            for (Structure s : Structure.values()) {
                sb.append(' ').append(format(c.get(s).hd95(), "%.2f")).append(" |");
            }
            sb.append('\n');
        }
        EvaluationSummary summary = evaluation.summary();
        sb.append("| mean ± std |");
        for (Structure s : Structure.values()) {
            sb.append(' ').append(meanStd(summary.get(s).dice(), "%.3f")).append(" |");
        }
        for (Structure s : Structure.values()) {
            sb.append(' ').append(meanStd(summary.get(s).hd95(), "%.2f")).append(" |");
        }
        sb.append("\n| empty (excluded) |");
        for (Structure s : Structure.values()) {
            sb.append(' ').append(summary.get(s).empty()).append(" |");
        }
        sb.append(" |".repeat(Structure.values().length)).append('\n');
        return sb.toString();
    }

    /**
     * JSON tree: {@code {"cases": [{"case": name, "<key>": {"dice", "hd95", "tp", "fp", "fn", "pred_ml",
     * "truth_ml", "empty"}, ...}], "summary": {"<key>": {"dice": {"mean", "std", "n"}, "hd95": {...},
     * "empty": k}}}} with the keys of {@link Structure}.
     */
    public static ObjectNode json(CohortEvaluation evaluation) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode cases = root.putArray("cases");
        for (CaseEvaluation c : evaluation.cases()) {
            ObjectNode node = cases.addObject().put("case", c.caseName());
            for (Structure s : Structure.values()) {
                StructureMetrics m = c.get(s);
                ObjectNode metrics = node.putObject(s.key());
                putNumber(metrics, "dice", m.dice());
                putNumber(metrics, "hd95", m.hd95());
                metrics.put("tp", m.truePositives()).put("fp", m.falsePositives()).put("fn", m.falseNegatives());
                metrics.put("pred_ml", m.predictedMl()).put("truth_ml", m.truthMl()).put("empty", m.empty());
            }
        }
        ObjectNode summary = root.putObject("summary");
        for (Structure s : Structure.values()) {
            EvaluationSummary.StructureSummary ss = evaluation.summary().get(s);
            ObjectNode node = summary.putObject(s.key());
            putStatistic(node.putObject("dice"), ss.dice());
            putStatistic(node.putObject("hd95"), ss.hd95());
            node.put("empty", ss.empty());
        }
        return root;
    }

    /** CSV with header {@value #CSV_HEADER}: one row per case and structure, in case then structure order. */
    public static String csv(CohortEvaluation evaluation) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (CaseEvaluation c : evaluation.cases()) {
            for (Structure s : Structure.values()) {
                StructureMetrics m = c.get(s);
                sb.append(c.caseName()).append(',').append(s.key()).append(',')
                        .append(csvNumber(m.dice())).append(',').append(csvNumber(m.hd95())).append(',')
                        .append(m.truePositives()).append(',').append(m.falsePositives()).append(',')
                        .append(m.falseNegatives()).append(',').append(csvNumber(m.predictedMl())).append(',')
                        .append(csvNumber(m.truthMl())).append(',').append(m.empty()).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes {@link #json} to a file atomically. */
    public static void writeJson(CohortEvaluation evaluation, Path file) throws IOException {
        writeJson(evaluation, Map.of(), file);
    }

    /**
     * Writes {@link #json} to a file atomically, with {@code "by_sequences"}: the {@link SequenceSubsets#json} of the
     * groups, unless there are none.
     */
    public static void writeJson(CohortEvaluation evaluation, Map<Set<Sequence>, CohortEvaluation> bySequences,
                                 Path file) throws IOException {
        ObjectNode root = json(evaluation);
        if (!bySequences.isEmpty()) {
            root.set("by_sequences", SequenceSubsets.json(bySequences));
        }
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** Writes {@link #csv} to a file atomically. */
    public static void writeCsv(CohortEvaluation evaluation, Path file) throws IOException {
        AtomicFiles.writeString(file, csv(evaluation));
    }

    /**
     * Reads a file written by {@link #writeJson}: the per-case metrics, with the summary recomputed from them.
     *
     * @throws MfunetException naming the file when it cannot be read or lacks a field of the format
     */
    public static CohortEvaluation readJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MfunetException(file + ": not a readable evaluation JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode cases = root == null ? null : root.get("cases");
        if (cases == null || !cases.isArray()) {
            throw new MfunetException(file + ": an evaluation JSON needs a \"cases\" array");
        }
        List<CaseEvaluation> read = new ArrayList<>();
        for (JsonNode node : cases) {
            String name = node.path("case").asText(null);
            Map<Structure, StructureMetrics> metrics = new EnumMap<>(Structure.class);
            for (Structure s : Structure.values()) {
                JsonNode m = node.get(s.key());
                if (name == null || m == null || !m.hasNonNull("tp") || !m.hasNonNull("fp") || !m.hasNonNull("fn")) {
                    throw new MfunetException(file + ": case " + name + " lacks the counts of " + s.key());
                }
                metrics.put(s, new StructureMetrics(m.get("tp").asLong(), m.get("fp").asLong(), m.get("fn").asLong(),
                        number(m, "dice"), number(m, "hd95"), number(m, "pred_ml"), number(m, "truth_ml")));
            }
            read.add(new CaseEvaluation(name, metrics));
        }
        return CohortEvaluation.of(read);
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void putStatistic(ObjectNode node, EvaluationSummary.Statistic statistic) {
        putNumber(node, "mean", statistic.mean());
        putNumber(node, "std", statistic.std());
        node.put("n", statistic.n());
    }

    private static String csvNumber(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, pattern, value);
    }

    private static String meanStd(EvaluationSummary.Statistic statistic, String pattern) {
        return statistic.n() == 0 ? "n/a"
                : format(statistic.mean(), pattern) + " ± " + format(statistic.std(), pattern);
    }
}
