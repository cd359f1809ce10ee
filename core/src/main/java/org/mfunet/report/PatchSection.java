package org.mfunet.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.SlicePreparation;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.train.TrainingConfig;

/**
 * The report's dynamically resampled patches (paper Fig. 6): the run's own sampler settings drawing from the labelled
 * slices, until a centred and a random patch were seen at two patch sides.
 */
final class PatchSection {
    /** Seed of the patch sampler, fixed so the same run gives the same patch figure. */
    static final long SEED = 2020;
    private static final int DRAWS = 500;
    private static final String TITLE = "Dynamic resampling (paper Fig. 6)";

    private PatchSection() {
    }

    static ReportPage.Section build(ReportInputs inputs, FigureFolder figures) throws IOException {
        MfuNetConfig model = inputs.model();
        if (model == null || inputs.cases().values().stream().noneMatch(CaseVolumes::labelled)) {
            return ReportPage.Section.note("patches", TITLE, "No labelled cases or no network settings: no patches to draw.");
        }
        TrainingConfig training;
        try {
            training = TrainingConfig.fromJson(inputs.run().trainingSettings());
        } catch (MfunetException e) {
            return ReportPage.Section.note("patches", TITLE, "No training settings: " + e.getMessage());
        }
        SlicePreparation preparation = new SlicePreparation(model.pixelSpacingMm(), model.alignmentMm());
        List<PreparedSlice> slices = new ArrayList<>();
        for (CaseVolumes c : inputs.cases().values()) {
            if (c.labelled()) {
                slices.addAll(preparation.prepare(c));
            }
        }
        DynamicPatchSampler sampler = new DynamicPatchSampler(slices, model.inputSide(), training.baseBatch(), training.rhoC(), true,
                model.sideMultiple());
        Map<Integer, List<Panels.Panel>[]> bySide = new LinkedHashMap<>();
        Random random = new Random(SEED);
        for (int draw = 0; draw < DRAWS && !complete(bySide); draw++) {
            PatchBatch batch = sampler.sample(random);
            if (bySide.size() == 2 && !bySide.containsKey(batch.side())) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Panels.Panel>[] pair = bySide.computeIfAbsent(batch.side(), s -> new List[2]);
            for (int b = 0; b < batch.batch(); b++) {
                int slot = batch.origins().get(b).centred() ? 0 : 1;
                if (pair[slot] == null) {
                    pair[slot] = PatchFigure.row(batch, b, Math.max(1, 256 / sampler.tile()));
                }
            }
        }
        List<List<Panels.Panel>> rows = new ArrayList<>();
        bySide.values().forEach(pair -> Stream.of(pair).filter(r -> r != null).forEach(rows::add));
        List<String> text = List.of(String.format(Locale.ROOT, "Patches drawn by the training sampler (seed %d) from the"
                + " labelled slices (tile %d px): side from {%s}, centred on scar or edema (myocardium or LV when the slice has"
                + " none) with probability %.2f, else placed anywhere in the slice.", SEED, sampler.tile(),
                Arrays.stream(DynamicPatchSampler.sidesFor(sampler.tile(), model.sideMultiple()))
                        .distinct().mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElse(""),
                training.rhoC()));
        List<String> notes = complete(bySide) ? List.of()
                : List.of("Within " + DRAWS + " batches the sampler did not give a centred and a random patch at two sides.");
        return new ReportPage.Section("patches", TITLE, text, notes,
                List.of(figures.add("patches.png", Panels.grid(rows), "Labels on bSSFP, LGE and T2 of each patch")), List.of());
    }

    private static boolean complete(Map<Integer, List<Panels.Panel>[]> bySide) {
        return bySide.size() == 2 && bySide.values().stream().allMatch(p -> p[0] != null && p[1] != null);
    }
}
