package org.mfunet.cli;

import org.mfunet.AtomicFiles;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.bench.BenchPlan;
import org.mfunet.bench.BenchResult;
import org.mfunet.bench.Benchmark;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;
import org.mfunet.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mfunet bench}: speed and memory of training and inference for a network preset on this machine. */
@Command(name = "bench", header = "Measure speed and memory of a network preset on this machine.", description = "Measure matrix-multiply peak, training step, inference per slice, peak memory"
        + " and memory growth of a network preset on this machine.")
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "paper", description = "Preset name: paper (default) or cpu-small.")
    String preset;

    @Option(names = "--config", hidden = true, description = "Network configuration JSON instead of a preset.")
    Path config;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
            description = "Timed repetitions of each measurement, after one warm-up (default 3).")
    int repeats;

    @Option(names = "--leak-steps", paramLabel = "EARLY,LATE", split = ",",
            description = "Training steps after which resident memory is compared (default 20,200).")
    int[] leakSteps;

    @Option(names = "--matmul-side", hidden = true, defaultValue = "2048", description = "Side of the peak-rate matrices.")
    int matmulSide;

    @Override
    public Integer call() {
        threads.apply();
        MfuNetConfig network = config != null ? MfuNetConfig.fromJson(config) : Presets.byName(preset);
        String name = config != null ? config.toString() : preset;
        int smallest = DynamicPatchSampler.sidesFor(network.inputSide(), network.sideMultiple())[0];
        // a --config network trains with the paper's settings; every network has at least the two levels they recompute
        int levels = TrainingConfig.preset(config != null ? "paper" : preset).recomputeLevels();
        BenchPlan plan = BenchPlan.standard(name, network, smallest).withRepeats(repeats).withMatmulSide(matmulSide)
                .withRecomputeLevels(levels);
        if (leakSteps != null) {
            if (leakSteps.length != 2) {
                throw new MfunetException("--leak-steps needs two numbers EARLY,LATE, got " + leakSteps.length);
            }
            plan = plan.withLeakSteps(leakSteps[0], leakSteps[1]);
        }
        PrintWriter out = spec.commandLine().getOut();
        BenchResult result = Benchmark.run(plan, threads.count, line -> {
            out.println(line);
            out.flush();
        });
        out.println(summary(result));
        if (json != null) {
            AtomicFiles.writeString(json, result.toJson());
        }
        return 0;
    }

    private static String summary(BenchResult r) {
        return String.format(Locale.ROOT, "%s on %s, threads %d, load %.1f-%.1f%n"
                        + "  matmul peak         %8.1f GFLOP/s%n"
                        + "  inference           %8.3f s/tile    %6.1f GFLOP/s (%.0f%% of peak)  peak RSS %.0f MiB%n"
                        + "  whole %d² slice    %8.3f s localised (%.1f tiles' time: coarse pass + %d tiles), %.3f s"
                        + " plain (%d tiles)%n"
                        + "  training step %dx%d² %8.3f s         %6.1f GFLOP/s (%.0f%% of peak)  peak RSS %.0f MiB"
                        + " (%d encoder levels recomputed)%n"
                        + "  whole encoders      %8.3f s                                       peak RSS %.0f MiB%n"
                        + "  nothing recomputed  %8.3f s                                       peak RSS %.0f MiB%n"
                        + "  RSS growth          %8.2f %% (steps %d to %d at %dx%d²)",
                r.preset(), r.machine().describe(), r.threads(), r.loadAverageStart(), r.loadAverageEnd(),
                r.matmulGflops(), r.inferSliceS(), r.inferGflops(), 100 * r.inferShareOfPeak(), r.inferPeakRssMb(),
                BenchResult.WholeSlice.SIDE, r.wholeSlice().localisedS(), r.wholeSlice().tilesPerSlice(),
                r.wholeSlice().localisedTiles(), r.wholeSlice().plainS(), r.wholeSlice().plainTiles(),
                r.trainBatch(), r.trainSide(), r.trainStepS(), r.trainGflops(), 100 * r.trainShareOfPeak(),
                r.trainPeakRssMb(), r.trainRecomputeLevels(), r.recomputeEncoders().stepS(),
                r.recomputeEncoders().peakRssMb(), r.keepActivations().stepS(), r.keepActivations().peakRssMb(),
                r.rssGrowthPct(),
                r.leakCheck().earlyStep(), r.leakCheck().lateStep(),
                r.leakCheck().batch(), r.leakCheck().side());
    }
}
