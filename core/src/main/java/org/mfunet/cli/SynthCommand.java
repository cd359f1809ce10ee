package org.mfunet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.SyntheticCohort;
import org.mfunet.report.SliceFigure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet synth --out DIR [--cases N] [--seed S] [--preview FILE.png]}: writes the synthetic cohort. */
@Command(name = "synth", header = "Write a synthetic MyoPS-like cohort (images and labels).", description = "Write a synthetic MyoPS-like cohort (bSSFP, LGE, T2 and labels per case,"
        + " synth_<id>_C0/_DE/_T2/_gd.nii.gz); the same seed gives the same files.")
public final class SynthCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the cases to (created if missing).")
    Path out;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "20", description = "Number of cases (default: ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preview", paramLabel = "FILE.png",
            description = "Also draw the first case's middle slice (LGE, T2, bSSFP, labels) to this PNG.")
    Path preview;

    @Override
    public Integer call() {
        if (cases < 1) {
            throw new MfunetException("--cases must be at least 1, got " + cases);
        }
        if (preview != null && !preview.getFileName().toString().endsWith(".png")) {
            throw new MfunetException("--preview " + preview + ": the file name must end in .png");
        }
        List<MyopsCase> written = SyntheticCohort.DEFAULT.write(out, cases, seed);
        var console = spec.commandLine().getOut();
        console.println("wrote " + written.size() + " cases (" + 4 * written.size() + " files) to " + out);
        if (preview != null) {
            CaseVolumes first = CaseVolumes.load(written.get(0));
            SliceFigure.write(preview, first, first.nz() / 2);
            console.println("preview of " + first.source().name() + " slice " + first.nz() / 2 + ": " + preview);
        }
        return 0;
    }
}
