package org.mfunet.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mfunet.AtomicFiles;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;

/**
 * Builds the HTML report of a training run: segmentation overlays (paper Fig. 1), attention maps (Fig. 5),
 * max-fused versus single-sequence features (Fig. 3), dynamically resampled patches (Fig. 6), training
 * curves (Fig. 7) and the Dice table, one section class each, from inputs found once ({@link ReportInputs}).
 * Whatever is missing (data, model, predictions, metrics) is stated in the report instead of failing. The
 * report folder ({@code index.html} and {@code figures/}) replaces an earlier one atomically.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /**
     * What to report on. Build it with {@link #of} and the {@code withX} copies.
     *
     * @param run         training run folder (holds {@code model.json} or {@code metrics.jsonl})
     * @param data        MyoPS images folder, or null for the one recorded in the run's {@code data.json}
     * @param labels      separate {@code _gd} folder, or null (with {@code data} null: the recorded one)
     * @param predictions folder of {@code <case>_seg.nii[.gz]}, or null for {@code RUN/predictions} if present
     * @param out         report folder, or null for {@code RUN/report}
     */
    public record Request(Path run, Path data, Path labels, Path predictions, Path out) {
        public Request {
            if (run == null) {
                throw new IllegalArgumentException("run folder required");
            }
        }

        /** The report of a run from what the run recorded, into {@code RUN/report}. */
        public static Request of(Path run) {
            return new Request(run, null, null, null, null);
        }

        public Request withData(Path images, Path labelFolder) {
            return new Request(run, images, labelFolder, predictions, out);
        }

        public Request withPredictions(Path value) {
            return new Request(run, data, labels, value, out);
        }

        public Request withOut(Path value) {
            return new Request(run, data, labels, predictions, value);
        }
    }

    /**
     * What was written.
     *
     * @param index   the report's {@code index.html}
     * @param figures number of PNG figures
     * @param notes   statements of what is missing, as shown in the report
     */
    public record Result(Path index, int figures, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Builds the report.
     *
     * @throws MfunetException if {@code run} is not a training run folder or a given folder does not exist
     */
    public static Result build(Request request) {
        RunFolder run = RunFolder.of(request.run());
        if (!Files.isDirectory(run.dir()) || !Files.isRegularFile(run.modelSettings()) && !Files.isRegularFile(run.metrics())) {
            throw new MfunetException(run.dir() + ": not a training run folder (needs " + run.modelSettings().getFileName()
                    + " or " + run.metrics().getFileName() + ")");
        }
        for (Path given : new Path[] {request.data(), request.labels(), request.predictions()}) {
            if (given != null && !Files.isDirectory(given)) {
                throw new MfunetException(given + ": no such folder");
            }
        }
        Path out = ReportInputs.absolute(request.out() != null ? request.out() : run.report());
        ReportInputs inputs = ReportInputs.find(request);
        List<ReportPage.Section> sections = new ArrayList<>();
        int[] figureCount = new int[1];
        AtomicFiles.replaceFolder(out, folder -> {
            FigureFolder figures = new FigureFolder(folder);
            sections.add(new ReportPage.Section("run", "Run", inputs.facts(), inputs.notes(), List.of(), List.of()));
            sections.add(OverlaySection.build(inputs, figures));
            sections.addAll(NetworkSections.build(inputs, figures));
            sections.add(PatchSection.build(inputs, figures));
            sections.add(CurvesSection.build(run, figures));
            sections.add(DiceSection.build(inputs));
            Files.writeString(folder.resolve("index.html"), ReportPage.html("MFU-Net report: "
                    + ReportInputs.absolute(run.dir()).getFileName(), sections), StandardCharsets.UTF_8);
            figureCount[0] = figures.count();
        });
        List<String> notes = sections.stream().flatMap(s -> s.notes().stream()).toList();
        return new Result(out.resolve("index.html"), figureCount[0], notes);
    }
}
