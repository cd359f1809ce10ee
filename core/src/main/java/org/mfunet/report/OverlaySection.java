package org.mfunet.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Sequence;

/** The report's segmentation overlays (paper Fig. 1): truth and prediction of a slice of each predicted case. */
final class OverlaySection {
    private static final int MAX_CASES = 8;

    private OverlaySection() {
    }

    static ReportPage.Section build(ReportInputs inputs, FigureFolder figures) throws IOException {
        List<String> notes = new ArrayList<>();
        List<ReportPage.Figure> drawn = new ArrayList<>();
        List<String> shown = new ArrayList<>(inputs.predicted().keySet());
        if (inputs.predictions() == null) {
            notes.add("No predictions: no " + inputs.run().predictions().getFileName() + " folder in "
                    + ReportInputs.absolute(inputs.run().dir()) + " and none given with --pred; showing the ground truth only.");
        } else if (inputs.predicted().isEmpty()) {
            notes.add("No predictions found in " + ReportInputs.absolute(inputs.predictions())
                    + " for the cases of the data folder (<case>_seg.nii[.gz]); showing the ground truth only.");
        }
        if (shown.isEmpty()) {
            inputs.cases().values().stream().filter(CaseVolumes::labelled).limit(2).forEach(c -> shown.add(c.source().name()));
        }
        if (shown.size() > MAX_CASES) {
            notes.add("Showing " + MAX_CASES + " of " + shown.size() + " predicted cases.");
        }
        for (String name : shown.subList(0, Math.min(MAX_CASES, shown.size()))) {
            CaseVolumes c = inputs.cases().get(name);
            byte[] prediction = inputs.predicted().get(name);
            int z = mostPathology(c, prediction);
            int plane = c.nx() * c.ny();
            Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
            for (Sequence s : c.sequences()) {
                images.put(s, c.slice(s, z));
            }
            byte[] predictedSlice = prediction == null ? null : Arrays.copyOfRange(prediction, z * plane, (z + 1) * plane);
            BufferedImage figure = OverlayFigure.render(c.nx(), c.ny(), images, c.labelled() ? c.classSlice(z) : null,
                    predictedSlice);
            drawn.add(figures.add("overlay-" + name + ".png", figure, name + ", slice z = " + z + " (the slice with the"
                    + " most scar and edema)" + (prediction == null ? "" : "; top row truth, bottom row prediction")));
        }
        if (drawn.isEmpty() && !inputs.cases().isEmpty()) {
            notes.add("No labelled or predicted case to draw.");
        }
        return new ReportPage.Section("overlays", "Segmentations (paper Fig. 1)",
                List.of("Anatomy (myocardium green, LV red, RV blue) on bSSFP, scar (magenta) on LGE, edema (yellow) on T2;"
                        + " on LGE where a case lacks the bSSFP or the T2."),
                notes, drawn, List.of());
    }

    /** Slice with the most scar and edema voxels in the truth, else in the prediction; the middle slice if none. */
    static int mostPathology(CaseVolumes c, byte[] prediction) {
        byte[] classes = c.labelled() ? c.classes() : prediction;
        int plane = c.nx() * c.ny();
        int best = c.nz() / 2;
        int bestCount = 0;
        for (int z = 0; classes != null && z < c.nz(); z++) {
            int count = pathologyPixels(classes, z * plane, (z + 1) * plane);
            if (count > bestCount) {
                best = z;
                bestCount = count;
            }
        }
        return best;
    }

    /** Number of scar and edema pixels of a class map between {@code from} and {@code to}. */
    static int pathologyPixels(byte[] classes, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += classes[i] == MyopsLabels.CLASS_SCAR || classes[i] == MyopsLabels.CLASS_EDEMA ? 1 : 0;
        }
        return n;
    }
}
