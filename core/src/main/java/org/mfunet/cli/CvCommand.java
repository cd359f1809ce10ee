package org.mfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.mfunet.MfunetException;
import org.mfunet.experiment.CrossValidation;
import org.mfunet.experiment.SeedSpread;
import org.mfunet.experiment.Variant;
import org.mfunet.model.Presets;
import org.mfunet.train.Schedules;
import org.mfunet.train.Splits;
import org.mfunet.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet cv --data DIR --out DIR}: five-fold cross-validation and the paper's ablation tables. */
@Command(name = "cv", header = "5-fold cross-validation and the paper's ablation tables.",
        description = "5-fold cross-validation by case: train, predict and evaluate each held-out fold; with"
                + " --variants all the eight ablation variants of the paper's Table 1, with several --backbones Table 2.")
public final class CvCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of labelled MyoPS cases (not needed with --merge).")
    Path data;

    @Option(names = "--labels", paramLabel = "DIR", description = "Separate folder of the _gd label files.")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Cross-validation folder.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "cpu-small", completionCandidates = PresetNames.class,
            description = "Network and training preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--variants", paramLabel = "paper|all", defaultValue = "paper",
            description = "paper: the full MFU-Net; all: the eight max fusion x attention x resampling variants (default: ${DEFAULT-VALUE}).")
    String variants;

    @Option(names = "--backbones", paramLabel = "NAME", split = ",", defaultValue = "residual",
            description = "Comma-separated backbones: residual, dilation, sideconv (default: ${DEFAULT-VALUE}).")
    List<String> backbones;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "" + Splits.DEFAULT_SEED,
            description = "Seed of the random five folds, drawn once and kept in OUT/splits.json (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--fold", paramLabel = "K", description = "Run only fold K (0..4) of each variant: one job of a spread-out run.")
    Integer fold;

    @Option(names = "--merge", description = "Train nothing: build the tables from the finished folds in --out.")
    boolean merge;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per fold (default: the preset's).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of all random choices (default: the preset's).")
    Long seed;

    @Option(names = "--seeds", paramLabel = "S,S,...", split = ",", description = "Repeat every (variant, fold) with each"
            + " of these training seeds, in OUT/seed<S>/ on the same splits, and report the spread in OUT/seeds.md.")
    List<Long> seeds;

    @Option(names = "--drop-sequences", description = "Also segment and evaluate each fold's held-out cases without the T2,"
            + " without the bSSFP and from the LGE alone; --merge then writes OUT/sequences.md, the Dice per structure"
            + " and sequences (a robustness table).")
    boolean dropSequences;

    @Option(names = "--spark", arity = "0..1", paramLabel = "MASTER", fallbackValue = SparkBackend.DEFAULT_MASTER,
            description = "Run each (variant, seed, fold) as one Spark task; a task that dies is retried and resumes"
                    + " from its run's last.ckpt. MASTER is local[N] (default local[*]), spark://HOST:PORT, yarn or"
                    + " k8s://...; --out and --data must be on storage every executor sees. The tables are merged here.")
    String spark;

    @Option(names = "--plan", description = "With --spark: list the tasks and run nothing.")
    boolean plan;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RecomputeOption recompute;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (seeds != null && seed != null) {
            throw new MfunetException("--seed and --seeds exclude each other: give the seeds to repeat with --seeds");
        }
        if (seeds != null && seeds.stream().distinct().count() < 2) {
            throw new MfunetException("--seeds needs at least two different seeds, got " + seeds);
        }
        List<Long> runs = seeds != null ? seeds : Collections.singletonList(seed);
        if (plan && spark == null) {
            throw new MfunetException("--plan lists the tasks of a --spark run: give --spark [MASTER] too");
        }
        if (merge && spark != null) {
            throw new MfunetException("--merge trains nothing, so it runs no Spark task: leave out --spark");
        }
        if (!merge) {
            threads.apply();
            if (data == null) {
                throw new MfunetException("--data is required unless --merge");
            }
            List<CrossValidation.Job> jobs = jobs(runs);
            if (spark != null) {
                SparkBackend.load().crossValidate(new SparkBackend.CrossValidationJobs(spark, jobs, threads.count, plan,
                        global.debug), console);
                if (plan) {
                    return 0;
                }
            } else {
                for (CrossValidation.Job job : jobs) {
                    job.run(console);
                }
            }
        }
        for (Long runSeed : runs) {
            console.print(CrossValidation.writeTables(folderOf(runSeed)));
        }
        if (seeds != null) {
            console.println();
            console.print(SeedSpread.write(out, seeds));
        }
        return 0;
    }

    /** Every (seed, variant, fold) job asked for, in that order. */
    private List<CrossValidation.Job> jobs(List<Long> runs) {
        List<CrossValidation.Job> jobs = new ArrayList<>();
        for (Long runSeed : runs) {
            TrainingConfig training = TrainingConfig.preset(preset);
            if (runSeed != null) {
                training = training.withSeed(runSeed);
            }
            Integer levels = recompute.requested();
            if (levels != null) {
                training = training.withRecomputeLevels(levels);
            }
            CrossValidation.Plan plan = new CrossValidation.Plan(data, labels, folderOf(runSeed), Presets.byName(preset),
                    training, epochs != null ? epochs : training.epochs(), splitSeed, device.name, dropSequences);
            List<Integer> folds = fold != null ? List.of(fold) : IntStream.range(0, Schedules.FOLDS).boxed().toList();
            for (Variant variant : variants()) {
                for (int k : folds) {
                    jobs.add(new CrossValidation.Job(plan, variant, k));
                }
            }
        }
        return jobs;
    }

    /** The cross-validation folder of a training seed: OUT itself without --seeds. */
    private Path folderOf(Long runSeed) {
        return seeds == null ? out : SeedSpread.seedDir(out, runSeed);
    }

    private List<Variant> variants() {
        List<Variant> list = new ArrayList<>();
        for (String backbone : backbones) {
            switch (variants) {
                case "paper" -> list.add(Variant.full(backbone.trim()));
                case "all" -> list.addAll(Variant.ablation(backbone.trim()));
                default -> throw new MfunetException("--variants must be paper or all, got '" + variants + "'");
            }
        }
        return list;
    }
}
