package org.mfunet.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.mfunet.MfunetException;

/**
 * Starts the Spark session of a command. A local master retries a failed task as a cluster does ({@code local[N]}
 * becomes {@code local[N,4]}: Spark's own local masters give a task one attempt, where {@code spark.task.maxFailures}
 * is 4 on a cluster), binds to the loopback address and has no web UI. Under {@code spark-submit} the master it was
 * given wins over the command's.
 */
final class SparkSessions {
    /** Attempts of a task before the job fails, as Spark's default {@code spark.task.maxFailures} on a cluster. */
    static final int TASK_ATTEMPTS = 4;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)])?");
    private static final Pattern LOCAL_WITH_RETRIES = Pattern.compile("local\\[(\\*|[1-9][0-9]*),([1-9][0-9]*)]");

    private SparkSessions() {
    }

    /**
     * The master a command runs on: a local one with retries ({@code local}, {@code local[N]}, {@code local[*]} get
     * {@value #TASK_ATTEMPTS} attempts per task; {@code local[N,F]} keeps its F), any other as given.
     *
     * @throws MfunetException naming {@code --spark} when the master is empty or a malformed local one
     */
    static String master(String given) {
        String m = given.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            return "local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + TASK_ATTEMPTS + "]";
        }
        if (m.startsWith("local") && !LOCAL_WITH_RETRIES.matcher(m).matches() || m.isEmpty()) {
            throw new MfunetException("--spark: '" + given + "' is not a Spark master (local, local[N], local[*],"
                    + " local[N,F], spark://HOST:PORT, yarn or k8s://...)");
        }
        return m;
    }

    /**
     * Starts (or joins) the session.
     *
     * @param debug Spark logs at INFO instead of errors only
     * @throws MfunetException naming {@code --spark} when the master is malformed or Spark cannot start on it
     */
    static SparkSession start(String master, String appName, boolean debug) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName)
                .config("spark.ui.showConsoleProgress", "false");
        if (System.getProperty("spark.master") == null) {
            String m = master(master);
            builder.master(m);
            if (m.startsWith("local")) {
                builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession session;
        try {
            session = builder.getOrCreate();
        } catch (Exception e) { // Scala throws SparkException, a checked exception, undeclared
            throw new MfunetException("--spark " + master + ": Spark did not start: " + describeFailure(e));
        }
        session.sparkContext().setLogLevel(debug ? "INFO" : "ERROR");
        return session;
    }

    /**
     * The engine threads of a task: those asked for, else a fair share of the machine. Tasks that run side by side
     * share one engine per executor, so each taking every core would oversubscribe it (spinning OpenMP threads slowed
     * inference many-fold here): a local master gives each of its N task slots cores / N threads, a cluster
     * {@code spark.task.cpus}.
     *
     * @param requested {@code --threads}, 0 for a fair share
     */
    static int taskThreads(int requested, SparkSession session) {
        if (requested > 0) {
            return requested;
        }
        if (session.sparkContext().isLocal()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / session.sparkContext().defaultParallelism());
        }
        return session.sparkContext().getConf().getInt("spark.task.cpus", 1);
    }

    /**
     * Collects, in the order they end, the one-line reasons of the task attempts of a session that fail (and are
     * retried, or fail the job).
     */
    static List<String> failedAttempts(SparkSession session) {
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        session.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof TaskFailedReason failed) {
                    String text = failed.toErrorString();
                    reasons.add("task " + end.taskInfo().index() + " attempt " + end.taskInfo().attemptNumber() + ": "
                            + text.lines().findFirst().orElse(text));
                }
            }
        });
        return reasons;
    }

    /** The cause of a failed Spark job in one line: the first line of its message, without Spark's task bookkeeping. */
    static String describeFailure(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
