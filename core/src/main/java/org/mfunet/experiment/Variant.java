package org.mfunet.experiment;

import java.util.ArrayList;
import java.util.List;
import org.mfunet.MfunetException;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.train.TrainingConfig;

/**
 * One model of the paper's ablation study: a backbone and which of max fusion, spatial attention and
 * dynamic resampling are on (Table 1 varies the three switches, Table 2 the backbone).
 *
 * @param backbone   {@code residual}, {@code dilation} or {@code sideconv}
 * @param maxFusion  max-fused feature in the skips
 * @param attention  spatial attention at the last decoder level
 * @param resampling dynamic patch resampling in training (else whole slices, batch 4)
 */
public record Variant(String backbone, boolean maxFusion, boolean attention, boolean resampling) {
    public Variant {
        if (!List.of("residual", "dilation", "sideconv").contains(backbone)) {
            throw new MfunetException("backbone must be residual, dilation or sideconv, got '" + backbone + "'");
        }
    }

    /** The full MFU-Net with a backbone: all three switches on. */
    public static Variant full(String backbone) {
        return new Variant(backbone, true, true, true);
    }

    /** The eight switch combinations in the row order of the paper's Table 1. */
    public static List<Variant> ablation(String backbone) {
        boolean[][] rows = {
            {true, true, true}, {false, true, true}, {true, false, true}, {true, true, false},
            {false, false, true}, {false, true, false}, {true, false, false}, {false, false, false},
        };
        List<Variant> variants = new ArrayList<>();
        for (boolean[] r : rows) {
            variants.add(new Variant(backbone, r[0], r[1], r[2]));
        }
        return variants;
    }

    /** Folder name, e.g. {@code residual-max-att-res} or {@code residual-nomax-att-nores}. */
    public String id() {
        return backbone + "-" + (maxFusion ? "" : "no") + "max-" + (attention ? "" : "no") + "att-"
                + (resampling ? "" : "no") + "res";
    }

    /** Parses {@link #id()}. */
    public static Variant parse(String id) {
        String[] parts = id.split("-");
        if (parts.length != 4 || !parts[1].endsWith("max") || !parts[2].endsWith("att") || !parts[3].endsWith("res")) {
            throw new MfunetException("'" + id + "' is not a variant name such as residual-max-att-res");
        }
        return new Variant(parts[0], !parts[1].startsWith("no"), !parts[2].startsWith("no"), !parts[3].startsWith("no"));
    }

    /** The network settings of this variant on top of a preset's. */
    public MfuNetConfig apply(MfuNetConfig model) {
        return model.withBackbone(backbone).withMaxFusion(maxFusion).withAttention(attention);
    }

    /** The training settings of this variant on top of a preset's. */
    public TrainingConfig apply(TrainingConfig training) {
        return training.withResampling(resampling);
    }
}
