package org.mfunet.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.cli.SparkBackend;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.model.ModelFiles;

/**
 * {@code cv --spark}: every (variant, seed, fold) job is one Spark task ({@link FoldTask}), in a partition of its own.
 * The engine trains one network at a time per JVM, so the speed-up comes from executors, not from task slots of one
 * executor: give each executor one slot ({@code spark.executor.cores} = {@code spark.task.cpus}); on {@code local[N]}
 * the tasks run one after another.
 * The driver checks each plan's cohort and writes its splits first ({@link CrossValidation#prepare}), so the tasks
 * only read them; the tables are merged on the driver afterwards by the command. The output folder must be on storage
 * every executor sees: a retried task resumes from the {@code last.ckpt} its first attempt left there.
 */
final class SparkCrossValidation {
    private SparkCrossValidation() {
    }

    static void run(SparkBackend.CrossValidationJobs request, PrintWriter console) {
        Set<CrossValidation.Plan> plans = new LinkedHashSet<>();
        request.jobs().forEach(job -> plans.add(job.plan()));
        if (!request.planOnly()) {
            plans.forEach(CrossValidation::prepare);
        }
        SparkSession spark = SparkSessions.start(request.master(), "mfunet cv", request.debug());
        try {
            List<FoldTask> tasks = request.jobs().stream().map(job -> FoldTask.of(job, request.threads(),
                    request.debug())).toList();
            String master = spark.sparkContext().master();
            if (request.planOnly()) {
                console.printf("plan: %d cross-validation tasks on %s, one per partition; nothing is run%n",
                        tasks.size(), master);
                for (int i = 0; i < tasks.size(); i++) {
                    console.printf("task %d: %s (%s)%n", i, tasks.get(i), state(request.jobs().get(i)));
                }
                return;
            }
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<String> failedAttempts = SparkSessions.failedAttempts(spark);
            long start = System.nanoTime();
            List<FoldTask.Outcome> outcomes;
            try {
                outcomes = context.parallelize(tasks, tasks.size()).map(FoldTask::run).collect();
            } catch (Exception e) { // a failed job throws SparkException, checked but undeclared
                throw new MfunetException("--spark " + master + ": the cross-validation failed after "
                        + SparkSessions.TASK_ATTEMPTS + " attempts of a task: " + SparkSessions.describeFailure(e));
            }
            failedAttempts.forEach(reason -> console.println("retried: " + reason));
            List<String> failed = new ArrayList<>();
            for (FoldTask.Outcome outcome : outcomes) {
                if (outcome.error() == null) {
                    console.printf(Locale.ROOT, "%s: done in %.1f s (attempt %d; log: %s)%n", outcome.task(),
                            outcome.seconds(), outcome.attempt(), FoldTask.LOG);
                } else {
                    console.printf("%s: FAILED: %s%n", outcome.task(), outcome.error());
                    failed.add(outcome.task() + ": " + outcome.error());
                }
            }
            console.printf(Locale.ROOT, "%d cross-validation tasks on %s in %.1f s%s%n", tasks.size(), master,
                    (System.nanoTime() - start) / 1e9, failedAttempts.isEmpty() ? ""
                            : "; " + failedAttempts.size() + " task attempt(s) failed and were retried");
            if (!failed.isEmpty()) {
                throw new MfunetException(failed.size() + " of " + tasks.size() + " cross-validation tasks failed: "
                        + String.join("; ", failed));
            }
        } finally {
            spark.stop();
        }
    }

    /** What running a job would do, from the files its folder holds. */
    private static String state(CrossValidation.Job job) {
        RunFolder run = CrossValidation.runOf(job.folder());
        if (Files.isRegularFile(job.folder().resolve(RunFolder.EVALUATION))) {
            return "finished: evaluates its held-out cases again";
        }
        if (Files.isRegularFile(run.bestModel().resolve(ModelFiles.CONFIG_FILE))) {
            return "trained: predicts and evaluates its held-out cases";
        }
        if (Files.isRegularFile(run.lastCheckpoint())) {
            return "resumes from " + run.lastCheckpoint().getFileName();
        }
        return "new";
    }
}
