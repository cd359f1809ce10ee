package org.mfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.mfunet.MfunetException;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.infer.PredictionOptions;

/**
 * Runs {@code predict} and {@code cv} on Apache Spark. The core jar knows only this contract and stays free of Spark;
 * the mfunet-spark module implements it and is found with {@link ServiceLoader} when its jars are on the class path
 * (the launcher puts them there when a command has {@code --spark}).
 */
public interface SparkBackend {
    /** The master of {@code --spark} given without a value: every core of this machine. */
    String DEFAULT_MASTER = "local[*]";

    /**
     * A {@code predict --spark} run.
     *
     * @param master   Spark master URL ({@code local[N]}, {@code spark://...}, {@code yarn}, {@code k8s://...})
     * @param models   run or model folders, averaged
     * @param input    folder of cases or list file ({@link org.mfunet.data.MyopsCohort#listInput})
     * @param out      folder of the predictions, which every executor must see
     * @param localise find the heart first on large slices (not {@code --plain-window})
     * @param threads  engine threads per task, 0 for the engine's default
     * @param planOnly list the cases per partition and run nothing
     * @param debug    let Spark log at INFO
     */
    record Prediction(String master, List<Path> models, Path input, Path out, PredictionOptions options, boolean tta,
                      boolean localise, String device, int threads, boolean planOnly, boolean debug) {
        public Prediction {
            models = List.copyOf(models);
        }
    }

    /**
     * A {@code cv --spark} run: each job is one Spark task.
     *
     * @param jobs     (variant, fold) jobs of one or more plans (one per training seed)
     * @param threads  engine threads per task, 0 for the engine's default
     * @param planOnly list the tasks and run nothing
     * @param debug    let Spark log at INFO
     */
    record CrossValidationJobs(String master, List<CrossValidation.Job> jobs, int threads, boolean planOnly,
                               boolean debug) {
        public CrossValidationJobs {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * Segments the cases: writes their files, {@code sequences.json}, the table of cases and a summary into the
     * output folder and prints one line per case and the summary.
     *
     * @return the exit code: 0, or 1 when a case failed (the others are done)
     */
    int predict(Prediction request, PrintWriter out, PrintWriter err);

    /**
     * Runs the jobs (or, with {@code planOnly}, lists them); the tables are merged by the caller.
     *
     * @throws MfunetException naming the jobs that failed
     */
    void crossValidate(CrossValidationJobs request, PrintWriter out);

    /**
     * The implementation on the class path.
     *
     * @throws MfunetException when the Spark module is not on the class path
     */
    static SparkBackend load() {
        return ServiceLoader.load(SparkBackend.class).findFirst().orElseThrow(() -> new MfunetException("--spark: the"
                + " Spark module is not on the class path; run through ./mfunet, which builds it (mvn -pl spark -am"
                + " package) the first time --spark is used"));
    }
}
