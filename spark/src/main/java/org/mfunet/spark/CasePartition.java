package org.mfunet.spark;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Sequence;
import org.mfunet.eval.StructureVolumes;
import org.mfunet.infer.CohortPrediction;
import org.mfunet.infer.PredictionOptions;
import org.mfunet.infer.Predictor;
import org.mfunet.infer.SliceProgress;
import org.mfunet.model.Engines;

/**
 * What a task does with its partition of the cases: opens the model(s) once, at the first case not yet written, and
 * segments each case with {@link CohortPrediction#segmentCase}, the code of {@code predict}; a case whose files are
 * already in the output folder is not segmented again. A case that cannot be read or written becomes a failed row,
 * as {@code predict} reports it; anything else (a lost executor, the engine out of memory) fails the task, which
 * Spark retries.
 *
 * <p>Sent to the executors, so everything it holds is serialisable: paths as strings.
 *
 * @param models    the model or run folders, as {@code --model}
 * @param out       the output folder
 * @param failAt    the case at whose first slice the first attempt of its task fails, to test retries; null normally
 */
record CasePartition(List<String> models, String out, PredictionOptions options, boolean tta, boolean localise,
                     String device, int threads, boolean debug, String failAt)
        implements MapPartitionsFunction<Row, Row> {
    /** The references of cases, one row each in the columns of {@link CaseTable#REFERENCE}. */
    static Row reference(MyopsCase c) {
        return RowFactory.create(c.prefix(), c.id(), c.image(Sequence.LGE).toString(), text(c.image(Sequence.T2)),
                text(c.image(Sequence.BSSFP)), text(c.labels()));
    }

    private static String text(Path file) {
        return file == null ? null : file.toString();
    }

    /** The case a reference row stands for. */
    static MyopsCase caseOf(Row reference) {
        Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
        images.put(Sequence.LGE, Path.of(reference.getString(2)));
        if (!reference.isNullAt(3)) {
            images.put(Sequence.T2, Path.of(reference.getString(3)));
        }
        if (!reference.isNullAt(4)) {
            images.put(Sequence.BSSFP, Path.of(reference.getString(4)));
        }
        return new MyopsCase(reference.getString(0), reference.getString(1), images,
                reference.isNullAt(5) ? null : Path.of(reference.getString(5)));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> references) {
        Engines.configure(debug);
        Engines.threads(threads);
        TaskContext task = TaskContext.get();
        int partition = task.partitionId();
        int attempt = task.attemptNumber();
        Path outDir = Path.of(out);
        List<Row> rows = new ArrayList<>();
        Predictor predictor = null;
        try {
            while (references.hasNext()) {
                MyopsCase c = caseOf(references.next());
                if (CohortPrediction.finished(c, outDir, options)) {
                    rows.add(existing(c, outDir, partition, attempt));
                    continue;
                }
                long start = System.nanoTime();
                try {
                    if (predictor == null) {
                        predictor = Predictor.open(models.stream().map(Path::of).toList(), Engines.device(device), tta,
                                localise);
                        start = System.nanoTime(); // loading the models is the partition's time, not the case's
                    }
                    CohortPrediction.Written done = CohortPrediction.segmentCase(predictor, c, outDir, options,
                            failureHook(c, attempt));
                    rows.add(CaseTable.written(c.name(), CaseTable.SEGMENTED, (System.nanoTime() - start) / 1e9,
                            StructureVolumes.millilitres(done.segmentation()), done.inputs(), partition, attempt));
                } catch (MfunetException | UncheckedIOException e) {
                    rows.add(CaseTable.failed(c.name(), (System.nanoTime() - start) / 1e9,
                            CohortPrediction.failureReason(e), partition, attempt));
                }
            }
        } finally {
            if (predictor != null) {
                predictor.close();
            }
        }
        return rows.iterator();
    }

    /** The row of a case found written: its volumes from its file, its inputs from its file names. */
    private Row existing(MyopsCase c, Path outDir, int partition, int attempt) {
        MyopsCase used = c.withOnly(options.sequences());
        try {
            return CaseTable.written(c.name(), CaseTable.EXISTING, 0, StructureVolumes.millilitres(
                    SegmentationFiles.segmentation(outDir, c.name())), PredictionInputs.of(used),
                    partition, attempt);
        } catch (MfunetException | UncheckedIOException e) {
            return CaseTable.failed(c.name(), 0, CohortPrediction.failureReason(e), partition, attempt);
        }
    }

    /** Fails the first attempt of the task as it starts the first slice of case {@link #failAt}: a task killed mid-case. */
    private SliceProgress failureHook(MyopsCase c, int attempt) {
        if (failAt == null || attempt > 0 || !c.name().equals(failAt)) {
            return SliceProgress.NONE;
        }
        return (model, models, slice, slices) -> {
            throw new IllegalStateException("failure injected into attempt " + attempt + " at case " + c.name()
                    + " (" + SparkPrediction.FAIL_FIRST_ATTEMPT + ")");
        };
    }
}
