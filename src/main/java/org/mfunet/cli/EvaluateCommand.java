package org.mfunet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.EvaluationTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet evaluate --pred DIR --truth DIR [--json FILE] [--csv FILE]}: Dice and HD95 per case and structure. */
@Command(name = "evaluate", header = "Dice and HD95 of predictions against MyoPS ground truth.", description = "Compare predicted label volumes (<case>_seg.nii[.gz]) with MyoPS ground"
        + " truth (<case>_gd.nii[.gz]): 3D Dice and HD95 (mm) of scar, scar+edema, edema, myocardium, LV and RV"
        + " per case, with mean ± std over the cases where the structure is not empty in both.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Folder of <case>_seg.nii[.gz] predictions.")
    Path predDir;

    @Option(names = "--truth", required = true, paramLabel = "DIR",
            description = "Folder holding <case>_gd.nii[.gz] ground truth (a MyoPS images folder is fine).")
    Path truthDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write per-case metrics and the summary as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV row per case and structure.")
    Path csv;

    @Override
    public Integer call() throws IOException {
        CohortEvaluation evaluation = CohortEvaluator.evaluate(predDir, truthDir);
        if (json != null) {
            EvaluationTables.writeJson(evaluation, json);
        }
        if (csv != null) {
            EvaluationTables.writeCsv(evaluation, csv);
        }
        spec.commandLine().getOut().print(EvaluationTables.markdown(evaluation));
        return 0;
    }
}
