package org.mfunet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.pretrain.EncoderPretraining;
import org.mfunet.pretrain.PretrainingConfig;
import org.mfunet.pretrain.PretrainingEpoch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet pretrain --data DIR --out RUN ...}: pretrains the sequence encoders without labels. */
@Command(name = "pretrain", header = "Pretrain the encoders on unlabelled cases by reconstruction.",
        description = "Pretrain MFU-Net's three sequence encoders without labels: a skip-free decoder reconstructs LGE,"
                + " T2 and bSSFP from the max-fused deepest encoding (L1 loss). Writes model.json, pretraining.json,"
                + " metrics.jsonl and the encoders RUN/encoders, which train --init-encoders starts from.")
public final class PretrainCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder of MyoPS cases (<prefix>_<id>_C0/_DE/_T2.nii[.gz]); label files are not needed.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder (must not hold a run).")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "cpu-small", completionCandidates = PresetNames.class,
            description = "Network and settings preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "Pretraining settings JSON (as pretraining.json of a run); replaces the preset's.")
    Path config;

    @Option(names = "--model-config", paramLabel = "FILE", description = "Network settings JSON (as model.json of a run); replaces the preset's.")
    Path modelConfig;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the config's).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of all random choices (default: the config's).")
    Long seed;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        threads.apply();
        MfuNetConfig model = modelConfig != null ? MfuNetConfig.fromJson(modelConfig) : Presets.byName(preset);
        PretrainingConfig settings = config != null ? PretrainingConfig.fromJson(config) : PretrainingConfig.preset(preset);
        if (epochs != null) {
            if (epochs < 1) {
                throw new MfunetException("--epochs must be positive, got " + epochs);
            }
            settings = settings.withEpochs(epochs);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        var console = spec.commandLine().getOut();
        EncoderPretraining.Result result = EncoderPretraining.run(
                new EncoderPretraining.Request(data, out, model, settings, device.name), console);
        List<PretrainingEpoch> history = result.history();
        console.printf("pretrained %d epochs; reconstruction L1 %.4f -> %.4f; encoders in %s%n", history.size(),
                history.get(0).loss(), history.get(history.size() - 1).loss(), result.encoders());
        return 0;
    }
}
