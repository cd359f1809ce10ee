package org.mfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.EnumMap;
import org.mfunet.MfunetException;
import org.mfunet.data.DicomStudies;
import org.mfunet.data.SeriesRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.Sequence;
import org.mfunet.infer.CohortPrediction;
import org.mfunet.infer.Composition;
import org.mfunet.infer.PredictionOptions;
import org.mfunet.infer.Predictor;
import org.mfunet.model.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mfunet predict --model RUN [--model RUN2 ...] --input DIR --out DIR}: segments every case of a folder (or of a
 * list), here or with {@code --spark} on a Spark cluster.
 */
@Command(name = "predict", header = "Segment every case of a folder with one or more trained models.",
        description = "Segment every MyoPS case in a folder with one or more trained models (their probabilities are"
                + " averaged); writes <case>_seg.nii.gz with MyoPS label values in the grid and header of the case's C0"
                + " file (its DE file when it has no C0). A case needs its LGE (DE); T2 and C0 may be missing, and each"
                + " case's line says which sequences it was segmented from (also kept in OUT/sequences.json). A folder of"
                + " DICOM files (any names, any nesting) is segmented study by study: OUT/<study>/ gets <study>_seg.nii.gz"
                + " on the LGE's grid, the DICOM Segmentation <study>_seg.dcm and series.json (the series used).")
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN",
            description = "Training run folder (uses its best model) or saved model folder; repeat to ensemble folds.")
    List<Path> models;

    @Option(names = "--input", required = true, paramLabel = "DIR_OR_LIST",
            description = "Folder of cases <prefix>_<id>_DE.nii[.gz] with _C0 and _T2 where acquired, a text file"
                    + " listing one case per line by its _DE file (the others beside it), or a folder of DICOM"
                    + " studies (files in any subfolders).")
    Path input;

    @Option(names = "--series", paramLabel = "SEQ=UID", split = ",",
            description = "DICOM input: use this series for a sequence, e.g. LGE=1.2.840...,T2=1.2.840... (names: LGE"
                    + " or DE, T2, bSSFP or C0); other studies and sequences follow the rules.")
    Map<String, String> series;

    @Option(names = "--series-rules", paramLabel = "FILE", description = "DICOM input: JSON patterns that pick each"
            + " sequence's series by SeriesDescription/ProtocolName, e.g. {\"LGE\": [\"psir\"], \"T2\": [\"stir\"]};"
            + " sequences not named keep the defaults (docs/dicom.md).")
    Path seriesRules;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the predictions (created if missing).")
    Path out;

    @Option(names = "--tta", description = "Average over flips of each slice (4 network passes per slice).")
    boolean tta;

    @Option(names = "--plain-window", description = "Tile every slice whole with the sliding window, without the coarse"
            + " pass that finds the heart first (slower on large slices; for comparison).")
    boolean plainWindow;

    @Option(names = "--no-postprocess", description = "Keep the composed network output: no largest-component filtering.")
    boolean noPostprocess;

    @Option(names = "--composition", paramLabel = "RULE", defaultValue = "nested-lv",
            description = "How the heads become labels: nested (scar or edema wherever those heads say present, as"
                    + " myocardium; anatomy elsewhere), nested-lv (the same where the anatomy head says myocardium or LV, no pathology where it"
                    + " says RV or background) or anatomy-first (pathology only on predicted myocardium). Default: ${DEFAULT-VALUE}.")
    String composition;

    @Option(names = "--save-probabilities", description = "Also write <case>_prob.nii.gz, 4D float32: P(background,"
            + " myocardium, LV, RV, scar, edema).")
    boolean saveProbabilities;

    @Option(names = "--sequences", paramLabel = "LIST", split = ",",
            description = "Use only these sequences of each case, the others ignored as if missing, e.g. LGE,C0 (names:"
                    + " LGE or DE, T2, bSSFP or C0; LGE required). Default: all a case has.")
    List<String> sequences;

    @Option(names = "--spark", arity = "0..1", paramLabel = "MASTER", fallbackValue = SparkBackend.DEFAULT_MASTER,
            description = "Segment on Apache Spark: each partition of the cases opens the model(s) once. MASTER is"
                    + " local[N] (default local[*]), spark://HOST:PORT, yarn or k8s://...; --out must be on storage"
                    + " every executor sees. Writes OUT/cases.csv, OUT/cases.parquet and OUT/summary.json; a rerun"
                    + " skips the cases already written.")
    String spark;

    @Option(names = "--plan", description = "With --spark: list the cases of each partition and run nothing.")
    boolean plan;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        threads.apply();
        PrintWriter console = spec.commandLine().getOut();
        Composition rule = Composition.fromId(composition);
        PredictionOptions options = PredictionOptions.DEFAULT.withPostprocess(!noPostprocess)
                .withSaveProbabilities(saveProbabilities).withComposition(rule);
        if (sequences != null) {
            options = options.withSequences(Sequence.parseSet(sequences, "--sequences"));
        }
        if (plan && spark == null) {
            throw new MfunetException("--plan lists the partitions of a --spark run: give --spark [MASTER] too");
        }
        boolean dicom = Files.isDirectory(input) && !MyopsCohort.holdsCases(input);
        if (spark != null) {
            if (dicom || series != null || seriesRules != null) {
                throw new MfunetException("--spark segments MyoPS NIfTI cases; " + input
                        + " is DICOM input: run predict without --spark");
            }
            return SparkBackend.load().predict(new SparkBackend.Prediction(spark, models, input, out, options, tta,
                    !plainWindow, device.name, threads.count, plan, global.debug), console, spec.commandLine().getErr());
        }
        if (dicom) {
            return predictStudies(options, console);
        }
        if (series != null || seriesRules != null) {
            throw new MfunetException("--series and --series-rules apply to DICOM input; " + input
                    + " holds MyoPS NIfTI cases");
        }
        MyopsCohort.Listing listing = MyopsCohort.listInput(input);
        listing.incomplete().forEach((name, reason) -> console.println(name + ": FAILED: " + reason));
        CohortPrediction.Outcome outcome;
        try (Predictor predictor = Predictor.open(models, Engines.device(device.name), tta, !plainWindow)) {
            outcome = CohortPrediction.run(predictor, listing.cases(), out, options, console::println);
        }
        Map<String, String> failures = new TreeMap<>(listing.incomplete());
        failures.putAll(outcome.failures());
        console.printf("%d of %d cases written to %s%n", outcome.written().size(), listing.cases().size()
                + listing.incomplete().size(), out);
        return exitCode(failures, "case");
    }

    private Integer predictStudies(PredictionOptions options, PrintWriter console) {
        Map<Sequence, String> chosen = new EnumMap<>(Sequence.class);
        if (series != null) {
            series.forEach((name, uid) -> chosen.put(Sequence.parse(name, "--series " + name + "=" + uid), uid.strip()));
        }
        SeriesRules rules = (seriesRules == null ? SeriesRules.DEFAULT : SeriesRules.fromJson(seriesRules))
                .withSeries(chosen);
        DicomStudies.Listing listing = DicomStudies.list(input, chosen);
        listing.notes().forEach(console::println);
        listing.failures().forEach((name, reason) -> console.println(name + ": FAILED: " + reason));
        CohortPrediction.Outcome outcome = new CohortPrediction.Outcome(List.of(), Map.of());
        if (!listing.studies().isEmpty()) {
            try (Predictor predictor = Predictor.open(models, Engines.device(device.name), tta, !plainWindow)) {
                outcome = CohortPrediction.runStudies(predictor, listing.studies(), rules, out, options, console::println);
            }
        }
        Map<String, String> failures = new TreeMap<>(listing.failures());
        failures.putAll(outcome.failures());
        console.printf("%d of %d studies written to %s%n", outcome.written().size(), listing.studies().size()
                + listing.failures().size(), out);
        return exitCode(failures, "study");
    }

    private int exitCode(Map<String, String> failures, String what) {
        if (failures.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + failures.size() + " " + what + "(s) failed:");
        for (Map.Entry<String, String> f : failures.entrySet()) {
            err.println("  " + f.getKey() + ": " + f.getValue());
        }
        return 1;
    }
}
