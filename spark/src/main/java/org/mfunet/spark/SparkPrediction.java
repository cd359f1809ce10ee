package org.mfunet.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.mfunet.MfunetException;
import org.mfunet.cli.SparkBackend;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.PredictionInputs;
import org.mfunet.infer.CohortPrediction;
import org.mfunet.infer.Predictor;

/**
 * {@code predict --spark}: the cases become a Dataset of case references in {@code min(cases, parallelism)}
 * partitions; each partition is a task that runs {@link CasePartition}. The driver then records what every case was
 * segmented from ({@code sequences.json}), writes the table of cases ({@link CaseTable}) and the summary, and prints
 * one line per case as {@code predict} does.
 */
final class SparkPrediction {
    /**
     * System property, for tests: the case at whose first slice the first attempt of its task fails, as if its
     * executor died there.
     */
    static final String FAIL_FIRST_ATTEMPT = "mfunet.spark.failFirstAttemptAt";

    private SparkPrediction() {
    }

    static int run(SparkBackend.Prediction request, PrintWriter console, PrintWriter err) {
        for (Path model : request.models()) {
            Predictor.modelFolder(model);
        }
        MyopsCohort.Listing listing = MyopsCohort.listInput(request.input());
        Path out = request.out().toAbsolutePath().normalize();
        SparkSession spark = SparkSessions.start(request.master(), "mfunet predict", request.debug());
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Row> references = listing.cases().stream().map(CasePartition::reference).toList();
            int partitions = Math.max(1, Math.min(references.size(), context.defaultParallelism()));
            JavaRDD<Row> cases = context.parallelize(references, partitions);
            String master = spark.sparkContext().master();
            if (request.planOnly()) {
                printPlan(cases, listing, out, request, master, partitions, console);
                return 0;
            }
            CohortPrediction.createFolder(out);
            CasePartition task = new CasePartition(request.models().stream().map(p -> p.toAbsolutePath().toString())
                    .toList(), out.toString(), request.options(), request.tta(), request.localise(), request.device(),
                    SparkSessions.taskThreads(request.threads(), spark), request.debug(),
                    System.getProperty(FAIL_FIRST_ATTEMPT));
            List<String> failedAttempts = SparkSessions.failedAttempts(spark);
            long start = System.nanoTime();
            List<Row> rows;
            try {
                rows = new ArrayList<>(spark.createDataFrame(cases, CaseTable.REFERENCE)
                        .mapPartitions(task, Encoders.row(CaseTable.SCHEMA)).collectAsList());
            } catch (Exception e) { // a failed job throws SparkException, checked but undeclared
                throw new MfunetException("--spark " + master + ": the job failed after "
                        + SparkSessions.TASK_ATTEMPTS + " attempts of a task: " + SparkSessions.describeFailure(e));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            listing.incomplete().forEach((name, reason) -> rows.add(CaseTable.failed(name, 0, reason, -1, -1)));
            rows.sort(Comparator.comparing(CaseTable::caseName));
            failedAttempts.forEach(reason -> console.println("retried: " + reason));
            return report(spark, rows, CaseTable.Summary.of(master, partitions, rows, seconds, failedAttempts.size()),
                    out, console, err);
        } finally {
            spark.stop();
        }
    }

    /** Records the written cases, writes the table and the summary, prints them; 1 when a case failed. */
    private static int report(SparkSession spark, List<Row> rows, CaseTable.Summary summary, Path out,
                              PrintWriter console, PrintWriter err) {
        Map<String, PredictionInputs> inputs = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Row row : rows) {
            String name = CaseTable.caseName(row);
            switch (CaseTable.status(row)) {
                case CaseTable.FAILED -> {
                    failures.put(name, CaseTable.error(row));
                    console.println(name + ": FAILED: " + CaseTable.error(row));
                }
                case CaseTable.EXISTING -> {
                    inputs.put(name, CaseTable.inputs(row));
                    console.println(name + ": already written, not segmented again");
                }
                default -> {
                    inputs.put(name, CaseTable.inputs(row));
                    console.println(CohortPrediction.doneLine(name, CaseTable.inputs(row), CaseTable.seconds(row)));
                }
            }
        }
        PredictionInputs.record(out, inputs);
        CaseTable.writeCsv(out.resolve(CaseTable.CSV), rows);
        spark.createDataFrame(rows, CaseTable.SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(out.resolve(CaseTable.PARQUET).toUri().toString());
        summary.write(out.resolve(CaseTable.SUMMARY));
        console.println(summary.line(out));
        console.println("table of cases: " + out.resolve(CaseTable.CSV) + " (and " + CaseTable.PARQUET + ")");
        if (failures.isEmpty()) {
            return 0;
        }
        err.println("error: " + failures.size() + " case(s) failed:");
        failures.forEach((name, reason) -> err.println("  " + name + ": " + reason));
        return 1;
    }

    private static void printPlan(JavaRDD<Row> cases, MyopsCohort.Listing listing, Path out,
                                  SparkBackend.Prediction request, String master, int partitions, PrintWriter console) {
        console.printf("plan: %d cases in %d partitions on %s, each partition one task that opens %d model(s) once;"
                + " nothing is run%n", listing.cases().size(), partitions, master, request.models().size());
        List<List<Row>> slices = cases.glom().collect();
        for (int p = 0; p < slices.size(); p++) {
            List<String> names = new ArrayList<>();
            for (Row reference : slices.get(p)) {
                MyopsCase c = CasePartition.caseOf(reference);
                names.add(c.name() + (CohortPrediction.finished(c, out, request.options()) ? " (written, skipped)" : ""));
            }
            console.printf("partition %d (%d cases): %s%n", p, names.size(), String.join(", ", names));
        }
        listing.incomplete().forEach((name, reason) -> console.println(name + ": will fail: " + reason));
    }
}
