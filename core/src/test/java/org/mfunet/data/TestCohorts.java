package org.mfunet.data;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;
import org.mfunet.train.TrainingConfig;

/** Small synthetic cohorts, and the models and settings files that go with them, written to disk for tests. */
public final class TestCohorts {
    /**
     * The network of the train and pretrain command tests as model.json: two levels of four filters, residual
     * backbone, max fusion and attention on 64-pixel inputs, no dropout.
     */
    public static final String TINY_MODEL_JSON = """
            {"depth":2,"baseFilters":4,"backbone":"residual","maxFusion":true,"attention":true,"inputSide":64,"dropout":0}
            """;

    private TestCohorts() {
    }

    /**
     * Writes a synthetic MyoPS cohort of {@code cases} cases named synth_101, synth_102, ... (three sequences and
     * labels each) whose phantoms measure {@code minSize} to {@code maxSize} pixels a side, drawn from
     * {@code seed}, into {@code folder}, and returns {@code folder}.
     */
    public static Path synthetic(Path folder, int minSize, int maxSize, int cases, long seed) {
        new SyntheticCohort(new RandomCardiacPhantom(minSize, maxSize)).write(folder, cases, seed);
        return folder;
    }

    /** Copies every file of {@code cohort} into {@code folder}, created if missing, and returns {@code folder}. */
    public static Path copy(Path cohort, Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(cohort)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        return folder;
    }

    /**
     * Saves an untrained network of {@code config}, initialised from {@code seed}, into {@code folder} as
     * {@link ModelFiles} write it (config.json and parameters.mfunet), and returns {@code folder}.
     */
    public static Path untrainedModel(Path folder, MfuNetConfig config, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            MfuNet net = new MfuNet(config);
            net.initialize(manager, new Random(seed));
            ModelFiles.save(folder, net, config);
        }
        return folder;
    }

    /**
     * The inputs of the train and pretrain command tests, all under one folder.
     *
     * @param data a synthetic cohort of five cases
     * @param modelJson {@link #TINY_MODEL_JSON}
     * @param trainingJson the cpu-small training settings with one step an epoch and no early stopping
     */
    public record TrainingInputs(Path data, Path modelJson, Path trainingJson) {
    }

    /**
     * Writes under {@code folder}: cohort/ with five synthetic cases of 64 to 80 pixels from seed 7, model.json
     * holding {@link #TINY_MODEL_JSON}, and training.json holding {@link TrainingConfig#CPU_SMALL} with one step an
     * epoch and patience 0.
     */
    public static TrainingInputs trainingInputs(Path folder) throws IOException {
        Path data = synthetic(folder.resolve("cohort"), 64, 80, 5, 7);
        Path modelJson = Files.writeString(folder.resolve("model.json"), TINY_MODEL_JSON);
        Path trainingJson = Files.writeString(folder.resolve("training.json"),
                TrainingConfig.CPU_SMALL.withStepsPerEpoch(1).withPatience(0).toJson());
        return new TrainingInputs(data, modelJson, trainingJson);
    }
}
