package org.mfunet.experiment;

import org.mfunet.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
import org.mfunet.data.Structure;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.eval.SequenceSubsets;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;
import org.mfunet.train.ScheduleSpec;
import org.mfunet.train.Schedules;
import org.mfunet.train.Split;
import org.mfunet.train.Splits;
import org.mfunet.train.TrainingConfig;
import org.mfunet.train.TrainingRun;

/**
 * Five-fold cross-validation by case, for one or more {@link Variant}s, on the cohort's {@link Splits} (drawn once
 * with a recorded seed and kept in {@code OUT/splits.json}): fold k holds its test cases out, trains on four fifths
 * of the other cases and validates (early stopping, best epoch) on the remaining fifth of them, then predicts and
 * evaluates the held-out cases with the best model. Held-out cases never influence training or model selection.
 * Every (variant, fold) is an independent job with its own folder, so jobs can run on different machines and be
 * merged afterwards, as long as they used the same splits:
 *
 * <pre>
 * OUT/splits.json                             the folds: train, validation and test cases of each
 * OUT/table1.md, table2.md, comparisons.json  the merged tables and the paired comparisons of variants
 * OUT/&lt;variant&gt;/fold&lt;k&gt;/run/               training run (resumed if interrupted, skipped if finished)
 * OUT/&lt;variant&gt;/fold&lt;k&gt;/predictions/       held-out cases, &lt;case&gt;_seg.nii.gz
 * OUT/&lt;variant&gt;/fold&lt;k&gt;/evaluation.json    metrics of the held-out cases
 * OUT/&lt;variant&gt;/fold&lt;k&gt;/validation/        the fold's validation cases segmented by the same model, and their
 *                                             metrics: validation.md sets them beside the held-out cases
 * OUT/&lt;variant&gt;/fold&lt;k&gt;/sequences-&lt;id&gt;/  with {@code dropSequences}: predictions and metrics of the same
 *                                             cases from fewer sequences (id {@code lge-bssfp}, {@code lge-t2}, {@code lge})
 * OUT/sequences.md                            held-out Dice by the sequences the cases have, and with sequences removed
 * OUT/validation.md                           Dice of the validation cases against the held-out cases, per variant
 * </pre>
 */
public final class CrossValidation {
    /** File of the paired comparisons of variants in the cross-validation folder. */
    public static final String COMPARISONS = "comparisons.json";
    /** File of the validation-against-held-out tables in the cross-validation folder. */
    public static final String VALIDATION_TABLES = "validation.md";
    /** Folder of a fold's validation cases segmented and evaluated by the fold's model. */
    public static final String VALIDATION = "validation";
    /** File of the tables by sequences in the cross-validation folder. */
    public static final String SEQUENCE_TABLES = "sequences.md";
    /**
     * The sequences the held-out cases are segmented from again with {@code dropSequences}, in table order: without
     * the T2, without the bSSFP, from the LGE alone.
     */
    public static final List<Set<Sequence>> REDUCED_SEQUENCES = List.of(EnumSet.of(Sequence.LGE, Sequence.BSSFP),
            EnumSet.of(Sequence.LGE, Sequence.T2), EnumSet.of(Sequence.LGE));
    private CrossValidation() {
    }

    /**
     * What to cross-validate.
     *
     * @param data     folder of labelled MyoPS cases
     * @param labels   separate folder of {@code _gd} files, or null
     * @param out      cross-validation folder
     * @param model    network settings the variants start from
     * @param training training settings the variants start from
     * @param epochs   epochs per fold
     * @param splitSeed seed of the cohort's splits
     * @param device   "auto", "cpu", "gpu" or "gpu:N"
     * @param dropSequences also segment and evaluate each fold's held-out cases with the T2, the bSSFP and both ignored
     *                 ({@link #REDUCED_SEQUENCES}), for the robustness table
     */
    public record Plan(Path data, Path labels, Path out, MfuNetConfig model, TrainingConfig training, int epochs,
                       long splitSeed, String device, boolean dropSequences) {
        public Plan {
            if (epochs < 1) {
                throw new MfunetException("--epochs must be at least 1, got " + epochs);
            }
        }
    }

    /** Folder of one (variant, fold) job. */
    public static Path foldDir(Path out, Variant variant, int fold) {
        return out.resolve(variant.id()).resolve("fold" + fold);
    }

    /**
     * The splits of the cross-validation in {@code out}: read from {@code splits.json} when an earlier job wrote it,
     * else drawn and written.
     *
     * @throws MfunetException when the recorded splits were drawn with another seed or over other cases
     */
    static Splits splits(Path out, List<String> caseNames, long seed) {
        Path file = out.resolve(RunFolder.SPLITS);
        Splits drawn = Splits.draw(caseNames, seed);
        if (!Files.isRegularFile(file)) {
            drawn.write(file);
            return drawn;
        }
        Splits recorded = Splits.read(file);
        if (recorded.seed() != seed || !recorded.cases().equals(drawn.cases())) {
            throw new MfunetException(file + ": the folds of this cross-validation were drawn with --split-seed "
                    + recorded.seed() + " over " + recorded.cases().size() + " cases; this job asks for seed " + seed
                    + " over " + drawn.cases().size() + ": use the same seed and data, or another --out");
        }
        return recorded;
    }

    /** The splits a cross-validation folder recorded. */
    private static Splits recordedSplits(Path out) {
        Path file = out.resolve(RunFolder.SPLITS);
        if (!Files.isRegularFile(file)) {
            throw new MfunetException("--out " + out + ": no " + RunFolder.SPLITS + ", so its folds cannot be shown to come"
                    + " from one split of the cohort");
        }
        return Splits.read(file);
    }

    /**
     * Refuses a fold whose training run recorded another split than the cross-validation's fold (a run trained on
     * other folds would leak its test cases).
     */
    private static void requireSameSplit(Splits splits, Path foldDir, int fold) {
        Path file = runOf(foldDir).split();
        if (!Files.isRegularFile(file)) {
            throw new MfunetException(foldDir + ": its run records no " + file.getFileName() + ", so the cases it trained"
                    + " on are unknown; run the fold again in another --out");
        }
        Split recorded = Split.read(file);
        if (!recorded.sameCases(splits.fold(fold))) {
            throw new MfunetException(file + ": fold " + fold + " was trained on other splits than "
                    + RunFolder.SPLITS + " of its cross-validation; folds of different splits cannot be pooled");
        }
    }

    /** Where a fold keeps the predictions and metrics of its held-out cases segmented from {@code sequences} alone. */
    public static Path reducedDir(Path foldDir, Set<Sequence> sequences) {
        return foldDir.resolve("sequences-" + Sequence.id(sequences));
    }

    /** The training run of a fold: {@code fold<k>/run}; its held-out predictions and evaluation sit beside it. */
    public static RunFolder runOf(Path foldDir) {
        return RunFolder.of(foldDir.resolve("run"));
    }

    /**
     * One (variant, fold) job of a plan: what one machine runs, by {@link #runFold}.
     *
     * @param fold 0..4
     */
    public record Job(Plan plan, Variant variant, int fold) {
        public Job {
            if (fold < 0 || fold >= Schedules.FOLDS) {
                throw new MfunetException("--fold must be 0.." + (Schedules.FOLDS - 1) + ", got " + fold);
            }
        }

        /** The job's folder, {@code OUT/<variant>/fold<k>}. */
        public Path folder() {
            return foldDir(plan.out(), variant, fold);
        }

        /** Runs the job: {@link #runFold}. */
        public CohortEvaluation run(PrintWriter console) {
            return runFold(plan, variant, fold, console);
        }
    }

    /**
     * Checks the plan's cohort and records its splits in {@code OUT/splits.json} (or checks the recorded ones), as every
     * job does first: what a driver does once before it spreads the jobs over machines, so that its errors come
     * before any job starts.
     *
     * @throws MfunetException when the cohort has too few labelled cases or the recorded splits differ
     */
    public static Splits prepare(Plan plan) {
        return splits(plan.out(), labelledCases(plan).stream().map(MyopsCase::name).toList(), plan.splitSeed());
    }

    private static List<MyopsCase> labelledCases(Plan plan) {
        List<MyopsCase> cases = MyopsCohort.scan(plan.data(), plan.labels()).stream().filter(MyopsCase::labelled).toList();
        if (cases.size() < Schedules.FOLDS) {
            throw new MfunetException("--data " + plan.data() + ": cross-validation needs at least " + Schedules.FOLDS
                    + " labelled cases, found " + cases.size());
        }
        return cases;
    }

    /**
     * Runs one fold of one variant: trains (or resumes, or reuses a finished run), predicts the held-out
     * cases and evaluates them, and with {@link Plan#dropSequences()} does so again from each of
     * {@link #REDUCED_SEQUENCES}.
     *
     * @return the held-out evaluation, also written to {@code fold<k>/evaluation.json}
     */
    public static CohortEvaluation runFold(Plan plan, Variant variant, int fold, PrintWriter console) {
        Path dir = new Job(plan, variant, fold).folder();
        List<MyopsCase> cases = labelledCases(plan);
        Splits splits = splits(plan.out(), cases.stream().map(MyopsCase::name).toList(), plan.splitSeed());
        RunFolder run = runOf(dir);
        console.printf("== %s, fold %d ==%n", variant.id(), fold);
        if (!Files.isRegularFile(run.bestModel().resolve(ModelFiles.CONFIG_FILE))) {
            if (!Files.isRegularFile(run.lastCheckpoint()) && Files.isDirectory(run.dir())) {
                // killed before its first checkpoint (a retried Spark task, a Ctrl-C): nothing to resume, so it starts again
                console.println(run.dir() + ": stopped before its first checkpoint, so trained again from the start");
                AtomicFiles.replaceFolder(run.dir(), empty -> { });
            }
            TrainingRun.train(TrainingRun.Request.of(plan.data(), run.dir(), variant.apply(plan.model()),
                    variant.apply(plan.training()), ScheduleSpec.crossValidationFold(fold, plan.epochs(), plan.splitSeed()))
                    .withLabels(plan.labels()).withResume(Files.isRegularFile(run.lastCheckpoint()))
                    .withDevice(plan.device())
                    .withRecomputeLevels(plan.training().recomputeLevels()), console);
        } else {
            console.println("training already finished in " + run.dir());
        }
        requireSameSplit(splits, dir, fold);
        List<MyopsCase> heldOut = named(cases, splits.fold(fold).test());
        CohortEvaluation evaluation = HeldOutEvaluation.run(run, heldOut, dir, plan.device(), variant.id() + " fold " + fold,
                console::println);
        // The validation cases chose the model; segmenting them with it through the same code shows what the
        // validation Dice of training says about held-out cases (validation.md).
        console.println("validation cases:");
        HeldOutEvaluation.run(run, named(cases, splits.fold(fold).validation()), dir.resolve(VALIDATION), plan.device(),
                variant.id() + " fold " + fold + " validation", console::println);
        if (plan.dropSequences()) {
            for (Set<Sequence> kept : REDUCED_SEQUENCES) {
                console.printf("held-out cases from %s alone:%n", Sequence.describe(kept));
                HeldOutEvaluation.run(run, heldOut, reducedDir(dir, kept), kept, plan.device(),
                        variant.id() + " fold " + fold + " from " + Sequence.describe(kept), console::println);
            }
        }
        return evaluation;
    }

    /** The cases of {@code names}, in the cohort's order. */
    private static List<MyopsCase> named(List<MyopsCase> cases, List<String> names) {
        return cases.stream().filter(c -> names.contains(c.name())).toList();
    }

    /**
     * Collects the finished folds under {@code out}: per variant folder, the held-out evaluations of all
     * its folds pooled into one cohort evaluation, and the folds that are missing.
     */
    public static Map<Variant, Pooled> collect(Path out) {
        if (!Files.isDirectory(out)) {
            throw new MfunetException("--out " + out + ": no such cross-validation folder");
        }
        Map<Variant, Pooled> pooled = new LinkedHashMap<>();
        Splits splits = null;
        try (Stream<Path> children = Files.list(out)) {
            for (Path variantDir : children.filter(Files::isDirectory).sorted().toList()) {
                Variant variant;
                try {
                    variant = Variant.parse(variantDir.getFileName().toString());
                } catch (MfunetException notAVariant) {
                    continue;
                }
                List<CaseEvaluation> cases = new ArrayList<>();
                List<Integer> missing = new ArrayList<>();
                for (int k = 0; k < Schedules.FOLDS; k++) {
                    Path file = foldDir(out, variant, k).resolve(RunFolder.EVALUATION);
                    if (Files.isRegularFile(file)) {
                        splits = splits != null ? splits : recordedSplits(out);
                        requireSameSplit(splits, foldDir(out, variant, k), k);
                        cases.addAll(EvaluationTables.readJson(file).cases());
                    } else {
                        missing.add(k);
                    }
                }
                if (!cases.isEmpty()) {
                    pooled.put(variant, new Pooled(CohortEvaluation.of(cases), missing));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (pooled.isEmpty()) {
            throw new MfunetException("--out " + out + ": no finished fold (<variant>/fold<k>/" + RunFolder.EVALUATION + ") to merge");
        }
        return pooled;
    }

    /**
     * The held-out cases of a variant over its finished folds.
     *
     * @param evaluation   pooled per-case metrics
     * @param missingFolds folds without an evaluation yet
     */
    public record Pooled(CohortEvaluation evaluation, List<Integer> missingFolds) {
        public Pooled {
            missingFolds = List.copyOf(missingFolds);
        }
    }

    /**
     * Builds the tables from the finished folds under {@code out} and writes them as {@code table1.md}
     * (the switch ablation, per backbone with ablated variants) and {@code table2.md} (the full model per
     * backbone, when more than one backbone ran).
     *
     * @return the Markdown written, for the console
     */
    public static String writeTables(Path out) {
        Map<Variant, Pooled> results = collect(out);
        StringBuilder text = new StringBuilder();
        StringBuilder table1 = new StringBuilder();
        List<VariantComparisons.Comparison> comparisons = new ArrayList<>();
        for (String backbone : results.keySet().stream().map(Variant::backbone).distinct().toList()) {
            Map<Variant, Pooled> rows = new LinkedHashMap<>();
            for (Variant v : Variant.ablation(backbone)) {
                if (results.containsKey(v)) {
                    rows.put(v, results.get(v));
                }
            }
            if (rows.size() > 1) {
                table1.append("Table 1: Dice (%) with the ").append(backbone).append(" backbone, held-out cases of 5-fold"
                        + " cross-validation, mean ± std\n\n").append(AblationTable.markdown(AblationTable.rows(rows), true))
                        .append('\n');
                List<VariantComparisons.Comparison> pairs = VariantComparisons.of(rows);
                if (!pairs.isEmpty()) {
                    table1.append("Paired comparisons, ").append(backbone).append(" backbone: Dice difference in percentage"
                            + " points (switch on minus off) over the held-out cases both variants have, 95 % bootstrap"
                            + " interval over cases, two-sided Wilcoxon signed-rank p (not corrected for the number of"
                            + " comparisons)\n\n").append(VariantComparisons.markdown(pairs)).append('\n');
                    comparisons.addAll(pairs);
                }
            }
        }
        if (!comparisons.isEmpty()) {
            VariantComparisons.writeJson(comparisons, out.resolve(COMPARISONS));
        }
        Map<Variant, Pooled> full = new LinkedHashMap<>();
        results.forEach((v, p) -> {
            if (v.equals(Variant.full(v.backbone()))) {
                full.put(v, p);
            }
        });
        String table2 = full.size() > 1 ? "Table 2: Dice (%) of the full MFU-Net per backbone, mean ± std\n\n"
                + AblationTable.markdown(AblationTable.rows(full), false) : "";
        if (table1.length() == 0 && table2.isEmpty()) {
            table1.append("Dice (%), held-out cases of 5-fold cross-validation, mean ± std\n\n")
                    .append(AblationTable.markdown(AblationTable.rows(results), true));
        }
        if (table1.length() > 0) {
            AtomicFiles.writeString(out.resolve("table1.md"), table1.toString());
        }
        text.append(table1);
        if (!table2.isEmpty()) {
            AtomicFiles.writeString(out.resolve("table2.md"), table2);
            text.append('\n').append(table2);
        }
        String validation = validationTables(out, results);
        if (!validation.isEmpty()) {
            AtomicFiles.writeString(out.resolve(VALIDATION_TABLES), validation);
            text.append('\n').append(validation);
        }
        String sequences = sequenceTables(out, results);
        if (!sequences.isEmpty()) {
            AtomicFiles.writeString(out.resolve(SEQUENCE_TABLES), sequences);
            text.append('\n').append(sequences);
        }
        return text.toString();
    }

    /**
     * Per variant, the Dice of the validation cases (each fold's, segmented by the model they chose) beside the Dice of
     * the held-out cases of the same folds, and their difference: how far the validation Dice that training prints
     * predicts what {@code evaluate} gives on unseen cases. Folds finished before validation cases were segmented are
     * left out of both rows; empty when no fold has them.
     */
    static String validationTables(Path out, Map<Variant, Pooled> results) {
        StringBuilder text = new StringBuilder();
        for (Variant variant : results.keySet()) {
            List<CaseEvaluation> validation = new ArrayList<>();
            List<CaseEvaluation> heldOut = new ArrayList<>();
            List<Integer> folds = new ArrayList<>();
            for (int k = 0; k < Schedules.FOLDS; k++) {
                Path validationFile = foldDir(out, variant, k).resolve(VALIDATION).resolve(RunFolder.EVALUATION);
                Path heldOutFile = foldDir(out, variant, k).resolve(RunFolder.EVALUATION);
                if (Files.isRegularFile(validationFile) && Files.isRegularFile(heldOutFile)) {
                    validation.addAll(EvaluationTables.readJson(validationFile).cases());
                    heldOut.addAll(EvaluationTables.readJson(heldOutFile).cases());
                    folds.add(k);
                }
            }
            if (folds.isEmpty()) {
                continue;
            }
            CohortEvaluation v = CohortEvaluation.of(validation);
            CohortEvaluation h = CohortEvaluation.of(heldOut);
            StringBuilder difference = new StringBuilder("| held out − validation | |");
            for (Structure s : Structure.values()) {
                EvaluationSummary.Statistic a = v.summary().get(s).dice();
                EvaluationSummary.Statistic b = h.summary().get(s).dice();
                difference.append(' ').append(a.n() == 0 || b.n() == 0 ? "n/a"
                        : String.format(Locale.ROOT, "%+.3f", b.mean() - a.mean())).append(" |");
            }
            text.append("Validation and held-out Dice of ").append(variant.id()).append(", folds ")
                    .append(folds.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" (each fold's validation cases chose its model; a case may validate more than one fold), mean ± std\n\n")
                    .append(SequenceSubsets.markdown(List.of("set"), List.of(
                            new SequenceSubsets.Row(List.of("validation"), v), new SequenceSubsets.Row(List.of("held out"), h))))
                    .append(difference).append("\n\n");
        }
        return text.toString();
    }

    /**
     * Per variant, the held-out Dice by the sequences the cases have (when they differ from case to case), and the
     * robustness table of the folds run with {@link Plan#dropSequences()}: the same held-out cases as acquired and from
     * each of {@link #REDUCED_SEQUENCES}. Empty when there is neither.
     */
    static String sequenceTables(Path out, Map<Variant, Pooled> results) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Variant, Pooled> e : results.entrySet()) {
            Variant variant = e.getKey();
            CohortEvaluation acquired = e.getValue().evaluation();
            Map<String, PredictionInputs> inputs = new LinkedHashMap<>();
            for (int k = 0; k < Schedules.FOLDS; k++) {
                inputs.putAll(PredictionInputs.read(foldDir(out, variant, k).resolve(RunFolder.PREDICTIONS)));
            }
            Map<Set<Sequence>, CohortEvaluation> bySequences = SequenceSubsets.group(acquired, inputs);
            if (bySequences.size() > 1) {
                text.append("Dice of ").append(variant.id()).append(" by the sequences each held-out case has, mean ± std\n\n")
                        .append(SequenceSubsets.markdown(List.of("sequences"), SequenceSubsets.rows(bySequences)))
                        .append('\n');
            }
            List<SequenceSubsets.Row> robustness = new ArrayList<>();
            for (Set<Sequence> kept : REDUCED_SEQUENCES) {
                List<CaseEvaluation> cases = new ArrayList<>();
                for (int k = 0; k < Schedules.FOLDS; k++) {
                    Path file = reducedDir(foldDir(out, variant, k), kept).resolve(RunFolder.EVALUATION);
                    if (Files.isRegularFile(file)) {
                        cases.addAll(EvaluationTables.readJson(file).cases());
                    }
                }
                if (!cases.isEmpty()) {
                    robustness.add(new SequenceSubsets.Row(List.of(Sequence.describe(kept)), CohortEvaluation.of(cases)));
                }
            }
            if (!robustness.isEmpty()) {
                boolean complete = inputs.values().stream().allMatch(i -> i.sequences().equals(Sequence.all()));
                robustness.add(0, new SequenceSubsets.Row(List.of(complete ? Sequence.describe(Sequence.all())
                        : "as acquired"), acquired));
                text.append("Robustness of ").append(variant.id()).append(": Dice of the held-out cases with sequences"
                        + " removed, mean ± std\n\n").append(SequenceSubsets.markdown(List.of("sequences"), robustness))
                        .append('\n');
            }
        }
        return text.toString();
    }
}
