package org.mfunet.report;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.SlicePreparation;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.ModelFiles;

/**
 * The report's pictures of the network's insides, from one load of the saved model: spatial attention (paper
 * Fig. 5) and max-fused versus single-sequence features (Fig. 3), on the slices with the most pathology.
 */
final class NetworkSections {
    private static final int SLICES = 3;
    private static final String ATTENTION_TITLE = "Spatial attention (paper Fig. 5)";
    private static final String FUSION_TITLE = "Max-fused versus single-sequence features (paper Fig. 3)";

    private NetworkSections() {
    }

    static List<ReportPage.Section> build(ReportInputs inputs, FigureFolder figures) throws IOException {
        Optional<String> missing = missing(inputs);
        if (missing.isPresent()) {
            return List.of(ReportPage.Section.note("attention", ATTENTION_TITLE, missing.get()),
                    ReportPage.Section.note("fusion", FUSION_TITLE, missing.get()));
        }
        Path modelDir = inputs.savedModel().orElseThrow();
        String settingsFile = inputs.run().modelSettings().getFileName().toString();
        List<PreparedSlice> slices = slices(inputs);
        List<ReportPage.Figure> attention = new ArrayList<>();
        List<ReportPage.Figure> fusion = new ArrayList<>();
        List<String> attentionText = new ArrayList<>();
        List<String> attentionNotes = new ArrayList<>();
        List<String> fusionNotes = new ArrayList<>();
        try (NDManager manager = Engines.engine().newBaseManager()) {
            MfuNet net = ModelFiles.load(modelDir, manager);
            int level = Math.min(1, net.config().depth() - 1);
            if (net.attention().isPresent()) {
                float gamma = net.attention().get().gamma().getArray().toFloatArray()[0];
                attentionText.add(String.format(Locale.ROOT, "Network %s; the attention term enters the decoder output"
                        + " with weight gamma = %.4g. The map is the per-pixel norm over channels of the attention output.",
                        inputs.run().dir().relativize(modelDir), gamma));
            } else {
                attentionNotes.add("Attention is off in this model (" + settingsFile + ": attention false).");
            }
            if (!net.config().maxFusion()) {
                fusionNotes.add("Max fusion is off in this model (" + settingsFile + ": maxFusion false); only the"
                        + " single-sequence features are shown.");
            }
            for (int i = 0; i < slices.size(); i++) {
                PreparedSlice slice = slices.get(i);
                SliceTaps taps = SliceTaps.compute(net, manager, slice, level);
                String where = slice.caseName() + ", slice z = " + slice.z();
                if (taps.attention() != null) {
                    attention.add(figures.add("attention-" + i + ".png", NetworkFigures.attention(slice, taps),
                            where + ": inputs, attention map, prediction"));
                }
                if (i == 0) {
                    fusion.add(figures.add("fusion.png", NetworkFigures.fusion(slice, taps), where + ": encoder level "
                            + level + ", channel " + taps.channel() + " (the highest-variance channel of the "
                            + (taps.fused() != null ? "max-fused" : "LGE") + " map); green: myocardium of the ground truth"));
                }
            }
        }
        return List.of(
                new ReportPage.Section("attention", ATTENTION_TITLE, attentionText, attentionNotes, attention, List.of()),
                new ReportPage.Section("fusion", FUSION_TITLE, List.of("Max fusion takes, pixel by pixel, the largest of"
                        + " the three sequence-specific features; its map should show the structures each sequence sees best."),
                        fusionNotes, fusion, List.of()));
    }

    /** Why the network figures cannot be drawn; empty when they can. */
    private static Optional<String> missing(ReportInputs inputs) {
        if (inputs.model() == null) {
            return Optional.of("No network settings: " + (inputs.modelNote() != null ? inputs.modelNote()
                    : inputs.run().modelSettings().getFileName() + " is missing"));
        }
        if (inputs.savedModel().isEmpty()) {
            return Optional.of("No trained network in " + ReportInputs.absolute(inputs.run().dir()) + " (best/ or last/ with "
                    + ModelFiles.PARAMETERS_FILE + ").");
        }
        if (inputs.cases().isEmpty()) {
            return Optional.of("No images to run the network on (see the data notes above).");
        }
        return Optional.empty();
    }

    /** The slices with the most scar and edema, at most one per case first: the network's input tile around the heart. */
    private static List<PreparedSlice> slices(ReportInputs inputs) {
        SlicePreparation preparation = new SlicePreparation(inputs.model().pixelSpacingMm(), inputs.model().alignmentMm());
        List<PreparedSlice> all = new ArrayList<>();
        for (CaseVolumes c : inputs.cases().values()) {
            all.add(DynamicPatchSampler.centredTile(preparation.prepare(c).get(OverlaySection.mostPathology(c, null)),
                    inputs.model().inputSide()));
        }
        all.sort(Comparator.comparingInt(s -> -pathology(s)));
        return all.subList(0, Math.min(SLICES, all.size()));
    }

    private static int pathology(PreparedSlice s) {
        return s.labelled() ? OverlaySection.pathologyPixels(s.classes(), 0, s.classes().length) : 0;
    }
}
