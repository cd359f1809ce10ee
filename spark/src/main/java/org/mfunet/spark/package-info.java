/**
 * {@code predict} and {@code cv} on Apache Spark: the cases of a cohort, or the (variant, seed, fold) jobs of a
 * cross-validation, become the tasks of a Spark job, and every task runs exactly the core's code for its share
 * ({@link org.mfunet.infer.CohortPrediction#segmentCase}, {@link org.mfunet.experiment.CrossValidation#runFold}).
 * The core reaches this package only through {@link org.mfunet.cli.SparkBackend}, found with
 * {@link java.util.ServiceLoader}, so the core jar knows nothing of Spark.
 *
 * <p>Tasks write only through atomic renames into the output folder, which every executor must see (a shared file
 * system), so a task that dies and is retried leaves no half file and finds what it already finished. The driver
 * alone writes the shared records ({@code sequences.json}, the table of cases, the cross-validation tables).
 * This package knows nothing of the command line beyond the backend contract.
 */
package org.mfunet.spark;
