package org.mfunet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mfunet.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet report RUN [--data DIR] [--labels DIR] [--pred DIR] [--out DIR]}: the HTML report of a run. */
@Command(name = "report", header = "Write an offline HTML report of a training run.", description = "Write an offline HTML report of a training run:"
        + " segmentation overlays, attention maps, max-fused features, resampled patches, training curves and the Dice"
        + " table (RUN/report/index.html by default). Missing pieces are stated in the report.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Training run folder (from mfunet train).")
    Path run;

    @Option(names = "--data", paramLabel = "DIR", description = "MyoPS images folder (default: the one the run recorded).")
    Path data;

    @Option(names = "--labels", paramLabel = "DIR", description = "Separate folder of the _gd label files.")
    Path labels;

    @Option(names = "--pred", paramLabel = "DIR", description = "Folder of <case>_seg.nii[.gz] predictions (default: RUN/predictions).")
    Path predictions;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder, replaced if present (default: RUN/report).")
    Path out;

    @Override
    public Integer call() {
        ReportBuilder.Result result = ReportBuilder.build(ReportBuilder.Request.of(run).withData(data, labels)
                .withPredictions(predictions).withOut(out));
        spec.commandLine().getOut().printf("wrote %s (%d figures, %d notes)%n", result.index(), result.figures(),
                result.notes().size());
        return 0;
    }
}
