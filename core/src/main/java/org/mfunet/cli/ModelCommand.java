package org.mfunet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelSummary;
import org.mfunet.model.Presets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mfunet model}: describes a network configuration. */
@Command(name = "model", header = "Describe a network configuration: blocks, parameters, FLOPs.", description = "Describe an MFU-Net configuration: blocks, parameters and FLOPs per slice.")
public final class ModelCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--summary", required = true,
            description = "Print the block tree, then a last line params=<count> gflops=<GFLOP per slice>.")
    boolean summary;

    static final class Source {
        @Option(names = "--preset", description = "Preset name: paper (default) or cpu-small.")
        String preset;

        @Option(names = "--config", description = "Network configuration JSON file (as saved with a model).")
        Path config;
    }

    @Override
    public Integer call() {
        MfuNetConfig config = source == null ? Presets.PAPER
                : source.config != null ? MfuNetConfig.fromJson(source.config) : Presets.byName(source.preset);
        spec.commandLine().getOut().println(ModelSummary.of(config).render());
        return 0;
    }
}
