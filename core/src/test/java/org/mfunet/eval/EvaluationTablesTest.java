package org.mfunet.eval;

import org.mfunet.data.Structure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;

class EvaluationTablesTest {
    static final CohortEvaluation COHORT = CohortEvaluation.of(EvaluationSummaryTest.cohort());

    @Test
    void jsonHasOneEntryPerCaseAndTheStructureKeys() {
        JsonNode json = EvaluationTables.json(COHORT);
        assertEquals(3, json.get("cases").size());
        JsonNode a = json.get("cases").get(0);
        assertEquals("a", a.get("case").asText());
        assertEquals(List.of("case", "scar", "scar_edema", "edema", "myo", "lv", "rv"), names(a));
        assertEquals(List.of("dice", "hd95", "tp", "fp", "fn", "pred_ml", "truth_ml", "empty"), names(a.get("scar")));
        assertEquals(0.5, a.get("scar").get("dice").asDouble(), 1e-12);
        assertEquals(List.of("scar", "scar_edema", "edema", "myo", "lv", "rv"), names(json.get("summary")));
        JsonNode scar = json.get("summary").get("scar");
        assertEquals(List.of("dice", "hd95", "empty"), names(scar));
        assertEquals(List.of("mean", "std", "n"), names(scar.get("dice")));
        assertEquals(0.75, scar.get("dice").get("mean").asDouble(), 1e-12);
        assertEquals(1, scar.get("empty").asInt());
    }

    @Test
    void undefinedValuesAreJsonNull() {
        JsonNode c = EvaluationTables.json(COHORT).get("cases").get(2);
        assertTrue(c.get("scar").get("dice").isNull());
        assertTrue(c.get("lv").get("hd95").isNull());
        assertEquals(0.0, c.get("lv").get("dice").asDouble());
        assertTrue(EvaluationTables.json(COHORT).get("summary").get("lv").get("hd95").get("mean").isNull());
    }

    @Test
    void csvHasOneRowPerCaseAndStructure() {
        String[] lines = EvaluationTables.csv(COHORT).split("\n");
        assertEquals(1 + 3 * Structure.values().length, lines.length);
        assertEquals("case,structure,dice,hd95_mm,tp,fp,fn,pred_ml,truth_ml,empty", lines[0]);
        assertEquals("a,scar,0.5,1.0,1,1,1,0.002,0.002,false", lines[1]);
        assertEquals("c,scar,,,0,0,0,0.0,0.0,true", lines[1 + 2 * Structure.values().length]);
    }

    @Test
    void markdownHasCaseRowsAndMeanStd() {
        String[] lines = EvaluationTables.markdown(COHORT).split("\n");
        assertEquals(2 + 3 + 2, lines.length);
        assertTrue(lines[2].startsWith("| a | 0.500 | 0.500 |"), lines[2]);
        assertTrue(lines[5].startsWith("| mean ± std | 0.750 ± 0.250 |"), lines[5]);
        assertTrue(lines[6].startsWith("| empty (excluded) | 1 |"), lines[6]);
    }

    @Test
    void writesFilesWithoutLeavingTemporaries(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out/metrics.json");
        EvaluationTables.writeJson(COHORT, json);
        EvaluationTables.writeCsv(COHORT, dir.resolve("out/metrics.csv"));
        assertEquals(3, new ObjectMapper().readTree(json.toFile()).get("cases").size());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("metrics.csv", "metrics.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void jsonReadsBackToTheSameEvaluation(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("evaluation.json");
        EvaluationTables.writeJson(COHORT, json);
        assertEquals(COHORT.cases().toString(), EvaluationTables.readJson(json).cases().toString());
        assertEquals(EvaluationTables.markdown(COHORT), EvaluationTables.markdown(EvaluationTables.readJson(json)));
    }

    @Test
    void aJsonWithoutCasesIsRefused(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("evaluation.json");
        Files.writeString(json, "{\"summary\": {}}");
        MfunetException e = assertThrows(MfunetException.class, () -> EvaluationTables.readJson(json));
        assertEquals(json + ": an evaluation JSON needs a \"cases\" array", e.getMessage());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
