package org.mfunet.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mfunet.MfunetException;

/** Named network configurations; {@code cpu-small-dropout} names the {@code cpu-small} network. */
public final class Presets {
    /** Pixel spacing of {@link #CPU_SMALL}, mm. */
    public static final double CPU_SMALL_SPACING_MM = 1.25;
    /**
     * Largest shift, mm, searched when aligning a slice's LGE and T2 to its bSSFP (both presets): breath-holds
     * commonly differ by a few millimetres, and it covers the synthetic phantom's misregistration of up to 2 pixels
     * at up to 2 mm.
     */
    public static final double ALIGNMENT_MM = 4;
    /**
     * The network of the paper: depth 4, 64 base filters, residual, max fusion, attention, 288² input, at the training
     * cohort's median pixel spacing (its own resolution, as the paper trains on MyoPS at native resolution).
     */
    public static final MfuNetConfig PAPER = new MfuNetConfig(4, 64, "residual", true, true, 288, 0, MfuNetConfig.DEFAULT_UPSAMPLING, 0,
            ALIGNMENT_MM);
    /**
     * The same architecture at 1/4 of the width on 128² patches at a coarse {@value #CPU_SMALL_SPACING_MM} mm: small
     * enough to train a demonstration on two CPU cores in minutes, with a tile of 160 mm that holds a whole heart and
     * the RV around it.
     *
     * <p>Why 16 base filters and not 8: at 8 the last decoder level hands 8 channels to the three heads, and whether
     * the RV (as bright as the aorta beside it in every sequence, told apart only by shape and place) was learnt at
     * all in 30 epochs depended on the seed's draw of the anatomy head (docs/architecture.md#stable-anatomy).
     */
    public static final MfuNetConfig CPU_SMALL = new MfuNetConfig(4, 16, "residual", true, true, 128, 0,
            MfuNetConfig.DEFAULT_UPSAMPLING, Presets.CPU_SMALL_SPACING_MM, ALIGNMENT_MM);

    private static final Map<String, MfuNetConfig> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("paper", PAPER);
        BY_NAME.put("cpu-small", CPU_SMALL);
        // the same network; its training settings drop sequences (TrainingConfig.CPU_SMALL_DROPOUT)
        BY_NAME.put("cpu-small-dropout", CPU_SMALL);
    }

    private Presets() {
    }

    /** Preset names in a stable order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The preset of that name; the message lists the presets otherwise. */
    public static MfuNetConfig byName(String name) {
        MfuNetConfig config = BY_NAME.get(name);
        if (config == null) {
            throw new MfunetException("preset '" + name + "' is unknown: use one of " + String.join(", ", names()));
        }
        return config;
    }
}
