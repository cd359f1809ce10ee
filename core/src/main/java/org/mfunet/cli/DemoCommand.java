package org.mfunet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mfunet.experiment.DemoPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet demo [--out DIR]}: the main job on the built-in synthetic cohort. */
@Command(name = "demo", header = "Run the main job end to end on the built-in synthetic cohort.",
        description = "The main job on the built-in synthetic cohort: write cases, train the cpu-small network,"
                + " segment held-out cases, evaluate them and write the HTML report.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out",
            description = "Folder for everything the demo writes; must not exist or be empty (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: the cpu-small preset's).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the cohort and of training (default: 42).")
    Long seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        DemoPipeline.Settings settings = DemoPipeline.Settings.DEFAULT;
        if (epochs != null) {
            settings = settings.withEpochs(epochs);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        DemoPipeline.run(out, settings, spec.commandLine().getOut());
        return 0;
    }
}
