package org.mfunet.serve;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.mfunet.data.MyopsCase;
import org.mfunet.infer.CohortPrediction;
import org.mfunet.infer.PredictionOptions;
import org.mfunet.infer.Predictor;
import org.mfunet.infer.SliceProgress;

/** What turns a case into its segmentation file: the models of the service, loaded once. */
public interface CaseSegmenter extends AutoCloseable {
    /** Names of the models, as {@code /api/health} lists them. */
    List<String> models();

    /**
     * Segments a case into {@code outDir}.
     *
     * @return the label file written
     * @throws org.mfunet.MfunetException when the case's files cannot be read as a case
     */
    Path segment(MyopsCase source, Path outDir, SliceProgress progress);

    @Override
    void close();

    /**
     * The models of {@code predict}, segmenting exactly as it does by default (localised sliding window, no flips,
     * nested-lv composition, postprocessing), so that a case's file is byte for byte the one {@code predict} writes.
     *
     * @param modelPaths each a training run folder or saved model folder; several are an ensemble
     */
    static CaseSegmenter predictor(List<Path> modelPaths, Device device) {
        Predictor predictor = Predictor.open(modelPaths, device, false);
        List<String> names = modelPaths.stream().map(p -> p.toAbsolutePath().normalize().getFileName().toString()).toList();
        return new CaseSegmenter() {
            @Override
            public List<String> models() {
                return names;
            }

            @Override
            public Path segment(MyopsCase source, Path outDir, SliceProgress progress) {
                return CohortPrediction.predictCase(predictor, source, outDir, PredictionOptions.DEFAULT, progress)
                        .segmentation();
            }

            @Override
            public void close() {
                predictor.close();
            }
        };
    }
}
