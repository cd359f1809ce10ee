package org.mfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.data.PredictionInputs;
import org.mfunet.data.Sequence;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.eval.SequenceSubsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mfunet evaluate --pred DIR [--pred DIR ...] --truth DIR [--json FILE] [--csv FILE]}: Dice and HD95 per case and
 * structure, and by the sequences the cases were segmented from.
 */
@Command(name = "evaluate", header = "Dice and HD95 of predictions against MyoPS ground truth.", description = "Compare predicted label volumes (<case>_seg.nii[.gz]) with MyoPS ground"
        + " truth (<case>_gd.nii[.gz]): 3D Dice and HD95 (mm) of scar, scar+edema, edema, myocardium, LV and RV"
        + " per case, with mean ± std over the cases where the structure is not empty in both. Where the predictions"
        + " were made from different sequences (recorded by predict in sequences.json), also the Dice per subset of"
        + " sequences; several --pred folders (e.g. the same cases predicted with predict --sequences) give one table"
        + " of them all.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Folder of <case>_seg.nii[.gz] predictions;"
            + " repeat for one table of Dice per folder and sequences instead of the per-case table.")
    List<Path> predDirs;

    @Option(names = "--truth", required = true, paramLabel = "DIR",
            description = "Folder holding <case>_gd.nii[.gz] ground truth (a MyoPS images folder is fine).")
    Path truthDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write per-case metrics and the summary as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV row per case and structure.")
    Path csv;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (predDirs.size() > 1) {
            if (json != null || csv != null) {
                throw new MfunetException("--json and --csv take a single --pred folder; got " + predDirs.size());
            }
            out.println("Dice per structure, mean ± std over the cases, by predictions folder and the sequences the cases"
                    + " were segmented from:");
            out.println();
            out.print(SequenceSubsets.markdown(List.of("predictions", "sequences"),
                    SequenceSubsets.byFolder(predDirs, truthDir)));
            return 0;
        }
        Path predDir = predDirs.get(0);
        CohortEvaluation evaluation = CohortEvaluator.evaluate(predDir, truthDir);
        Map<Set<Sequence>, CohortEvaluation> bySequences = SequenceSubsets.group(evaluation, PredictionInputs.read(predDir));
        if (json != null) {
            EvaluationTables.writeJson(evaluation, bySequences, json);
        }
        if (csv != null) {
            EvaluationTables.writeCsv(evaluation, csv);
        }
        out.print(EvaluationTables.markdown(evaluation));
        if (bySequences.size() > 1 || bySequences.size() == 1 && !bySequences.containsKey(Sequence.all())) {
            out.println();
            out.println("By the sequences the cases were segmented from (" + PredictionInputs.file(predDir) + "):");
            out.println();
            out.print(SequenceSubsets.markdown(List.of("sequences"), SequenceSubsets.rows(bySequences)));
        }
        return 0;
    }
}
