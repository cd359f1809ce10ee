package org.mfunet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mfunet.AtomicFiles;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
import org.mfunet.data.Structure;
import org.mfunet.eval.StructureVolumes;

/**
 * The table of a {@code predict --spark} run, one row per case: {@code case}, {@code status} ({@value #SEGMENTED},
 * {@value #EXISTING} when a rerun or a retried task found its files already written, {@value #FAILED}),
 * {@code seconds} (segmentation of this case, 0 unless segmented), the predicted volumes {@code myo_ml},
 * {@code lv_ml}, {@code rv_ml}, {@code scar_ml}, {@code edema_ml}, the {@code sequences} it was segmented from
 * ({@code +}-separated, e.g. {@code LGE+T2+bSSFP}), its {@code grid} file, the {@code partition} and task
 * {@code attempt} that handled it (-1 for a case refused before any task) and the one-line {@code error} of a failed
 * case. Written as {@value #CSV} and {@value #PARQUET} beside the predictions, with {@value #SUMMARY}.
 */
final class CaseTable {
    static final String SEGMENTED = "segmented";
    static final String EXISTING = "existing";
    static final String FAILED = "failed";
    static final String CSV = "cases.csv";
    static final String PARQUET = "cases.parquet";
    static final String SUMMARY = "summary.json";

    /** The columns of a case row. */
    static final StructType SCHEMA = schema();
    /**
     * The columns of a case reference, what a task is given: the case's name parts and files (labels too: {@code predict}
     * reads a case's labels where it has them and refuses the case when they are not MyoPS labels).
     */
    static final StructType REFERENCE = new StructType()
            .add("prefix", DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add("lge", DataTypes.StringType, false)
            .add("t2", DataTypes.StringType, true)
            .add("bssfp", DataTypes.StringType, true)
            .add("labels", DataTypes.StringType, true);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CaseTable() {
    }

    private static StructType schema() {
        StructType s = new StructType()
                .add("case", DataTypes.StringType, false)
                .add("status", DataTypes.StringType, false)
                .add("seconds", DataTypes.DoubleType, false);
        for (Structure structure : StructureVolumes.REPORTED) {
            s = s.add(volumeColumn(structure), DataTypes.DoubleType, true);
        }
        return s.add("sequences", DataTypes.StringType, true)
                .add("grid", DataTypes.StringType, true)
                .add("partition", DataTypes.IntegerType, false)
                .add("attempt", DataTypes.IntegerType, false)
                .add("error", DataTypes.StringType, true);
    }

    private static String volumeColumn(Structure structure) {
        return structure.key() + "_ml";
    }

    /** A case segmented now or found written: its volumes and inputs. */
    static Row written(String caseName, String status, double seconds, Map<String, Double> volumes,
                       PredictionInputs inputs, int partition, int attempt) {
        List<Object> values = new ArrayList<>(List.of(caseName, status, seconds));
        for (Structure structure : StructureVolumes.REPORTED) {
            values.add(volumes.get(structure.key()));
        }
        values.addAll(Arrays.asList(String.join("+", inputs.sequences().stream().map(Sequence::title).toList()),
                inputs.grid(), partition, attempt, null));
        return RowFactory.create(values.toArray());
    }

    /** A case that failed, with its one-line reason. */
    static Row failed(String caseName, double seconds, String error, int partition, int attempt) {
        List<Object> values = new ArrayList<>(List.of(caseName, FAILED, seconds));
        for (int i = 0; i < StructureVolumes.REPORTED.size(); i++) {
            values.add(null);
        }
        values.addAll(Arrays.asList(null, null, partition, attempt, error));
        return RowFactory.create(values.toArray());
    }

    static String caseName(Row row) {
        return row.getString(SCHEMA.fieldIndex("case"));
    }

    static String status(Row row) {
        return row.getString(SCHEMA.fieldIndex("status"));
    }

    static double seconds(Row row) {
        return row.getDouble(SCHEMA.fieldIndex("seconds"));
    }

    static String error(Row row) {
        return row.getString(SCHEMA.fieldIndex("error"));
    }

    /** What a written case was segmented from, read back from its row. */
    static PredictionInputs inputs(Row row) {
        List<String> names = List.of(row.getString(SCHEMA.fieldIndex("sequences")).split("\\+"));
        return new PredictionInputs(Sequence.parseSet(names, "sequences of " + caseName(row)),
                row.getString(SCHEMA.fieldIndex("grid")));
    }

    /** Writes the rows as CSV (header line, RFC 4180 quoting, empty for null), atomically. */
    static void writeCsv(Path file, List<Row> rows) {
        StringBuilder text = new StringBuilder(String.join(",", SCHEMA.fieldNames())).append('\n');
        for (Row row : rows) {
            for (int i = 0; i < row.length(); i++) {
                text.append(i == 0 ? "" : ",").append(csvField(row.get(i)));
            }
            text.append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    private static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * What a run did, as written to {@value #SUMMARY}.
     *
     * @param master          the master it ran on
     * @param partitions      partitions of the cases, each a task that opened the model(s) once
     * @param segmented       cases segmented by this run
     * @param existing        cases whose files were already there
     * @param failed          cases that failed
     * @param seconds         wall time of the Spark job, from its start to the last row back on the driver
     * @param failedAttempts  task attempts that failed and were retried (or failed the job)
     */
    record Summary(String master, int partitions, int segmented, int existing, int failed, double seconds,
                   int failedAttempts) {
        /** Cases segmented per minute of the job's wall time. */
        double casesPerMinute() {
            return seconds > 0 ? segmented * 60 / seconds : 0;
        }

        static Summary of(String master, int partitions, List<Row> rows, double seconds, int failedAttempts) {
            return new Summary(master, partitions, count(rows, SEGMENTED), count(rows, EXISTING), count(rows, FAILED),
                    seconds, failedAttempts);
        }

        private static int count(List<Row> rows, String status) {
            return (int) rows.stream().filter(r -> status(r).equals(status)).count();
        }

        /** One line for the console. */
        String line(Path out) {
            return String.format(Locale.ROOT, "%d of %d cases written to %s (%d segmented, %d already there, %d failed)"
                    + " on %s in %d partitions: %.1f s, %.1f cases/min%s", segmented + existing,
                    segmented + existing + failed, out, segmented, existing, failed, master, partitions, seconds,
                    casesPerMinute(), failedAttempts == 0 ? "" : "; " + failedAttempts + " task attempt(s) failed and"
                            + " were retried");
        }

        void write(Path file) {
            ObjectNode root = JSON.createObjectNode();
            root.put("version", 1);
            root.put("master", master);
            root.put("partitions", partitions);
            root.put("cases", segmented + existing + failed);
            root.put(SEGMENTED, segmented);
            root.put(EXISTING, existing);
            root.put(FAILED, failed);
            root.put("seconds", Math.round(seconds * 1000) / 1000.0);
            root.put("cases_per_minute", Math.round(casesPerMinute() * 100) / 100.0);
            root.put("failed_task_attempts", failedAttempts);
            try {
                AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
