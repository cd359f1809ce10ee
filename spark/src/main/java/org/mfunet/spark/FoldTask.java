package org.mfunet.spark;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.TaskContext;
import org.mfunet.MfunetException;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.experiment.Variant;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.train.TrainingConfig;

/**
 * One {@link CrossValidation.Job} as sent to an executor: its plan with paths as strings and the network and
 * training settings as the JSON a run records, rebuilt into the same job there. {@link #run} runs it with
 * {@link CrossValidation#runFold}, which trains (resuming from the run's {@code last.ckpt} when an earlier attempt left
 * one), predicts and evaluates the held-out cases; its console goes to {@value #LOG} in the fold's folder. Jobs in one
 * executor run one at a time ({@link #TRAINING}), each with all its engine threads.
 *
 * @param threads engine threads, 0 for the engine's default
 * @param failAt  the start of a console line at which the first attempt fails, to test retries; null normally
 */
record FoldTask(String data, String labels, String out, String modelJson, String trainingJson, int epochs,
                long splitSeed, String device, boolean dropSequences, String variant, int fold, int threads,
                boolean debug, String failAt) implements Serializable {
    /**
     * Held while a task runs its job: the engine records the gradients of one training at a time per JVM (DJL's
     * PyTorch gradient collector is a global), so the tasks of one executor run their jobs one after another.
     */
    private static final Object TRAINING = new Object();
    /** The console of a task, in its fold's folder, appended to by every attempt. */
    static final String LOG = "spark-task.log";
    /**
     * System property, for tests: the start of a console line (e.g. {@code "epoch 2/"}) at which the first attempt of
     * every task fails, as if its executor died there.
     */
    static final String FAIL_FIRST_ATTEMPT = "mfunet.spark.failFirstAttemptAtLine";

    static FoldTask of(CrossValidation.Job job, int threads, boolean debug) {
        CrossValidation.Plan p = job.plan();
        return new FoldTask(absolute(p.data()), p.labels() == null ? null : absolute(p.labels()), absolute(p.out()),
                p.model().toJson(), p.training().toJson(), p.epochs(), p.splitSeed(), p.device(), p.dropSequences(),
                job.variant().id(), job.fold(), threads, debug, System.getProperty(FAIL_FIRST_ATTEMPT));
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** The job this task stands for. */
    CrossValidation.Job job() {
        CrossValidation.Plan plan = new CrossValidation.Plan(Path.of(data), labels == null ? null : Path.of(labels),
                Path.of(out), MfuNetConfig.parse(modelJson, "network settings of task " + this),
                TrainingConfig.parse(trainingJson, "training settings of task " + this), epochs, splitSeed, device,
                dropSequences);
        return new CrossValidation.Job(plan, Variant.parse(variant), fold);
    }

    /** What a finished task reports to the driver. */
    record Outcome(String task, double seconds, int attempt, String error) implements Serializable {
    }

    /**
     * Runs the job. A job refused for its input (a {@link MfunetException}) is an outcome with its error; anything
     * else fails the attempt, and Spark runs the task again, which resumes from the run's last checkpoint.
     */
    Outcome run() {
        Engines.configure(debug);
        Engines.threads(threads);
        // the engine records gradients only on threads that ask; initialising a network on an executor's thread needs
        // them off, as on the thread that loaded the engine
        Engines.disableGradientsOnThisThread();
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        CrossValidation.Job job = job();
        long start = System.nanoTime();
        Path log = job.folder().resolve(LOG);
        try {
            Files.createDirectories(job.folder());
            Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            try (PrintWriter console = new PrintWriter(failAt == null || attempt > 0 ? file : failingAt(file), true)) {
                console.printf("== attempt %d ==%n", attempt);
                try {
                    synchronized (TRAINING) {
                        job.run(console);
                    }
                } catch (MfunetException e) {
                    console.println("error: " + e.getMessage());
                    return new Outcome(toString(), (System.nanoTime() - start) / 1e9, attempt, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(toString(), (System.nanoTime() - start) / 1e9, attempt, null);
    }

    /** A console that fails when a line starting with {@link #failAt} is printed. */
    private Writer failingAt(Writer file) {
        return new FilterWriter(file) {
            @Override
            public void write(String text, int offset, int length) throws IOException {
                if (text.startsWith(failAt, offset)) {
                    throw new IllegalStateException("failure injected into attempt 0 of " + FoldTask.this + " at '"
                            + failAt + "' (" + FAIL_FIRST_ATTEMPT + ")");
                }
                super.write(text, offset, length);
            }
        };
    }

    /** {@code <variant> fold <k> in <cross-validation folder>}. */
    @Override
    public String toString() {
        return variant + " fold " + fold + " in " + out;
    }
}
