package org.mfunet.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mfunet.MfunetException;

/** Named network configurations. */
public final class Presets {
    /** The network of the paper: depth 4, 64 base filters, residual, max fusion, attention, 288² input. */
    public static final MfuNetConfig PAPER = new MfuNetConfig(4, 64, "residual", true, true, 288, 0, MfuNetConfig.DEFAULT_UPSAMPLING);
    /**
     * The same architecture at 1/8 of the width on 128² patches: small enough to train a demonstration
     * on two CPU cores in minutes.
     */
    public static final MfuNetConfig CPU_SMALL = new MfuNetConfig(4, 8, "residual", true, true, 128, 0, MfuNetConfig.DEFAULT_UPSAMPLING);

    private static final Map<String, MfuNetConfig> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("paper", PAPER);
        BY_NAME.put("cpu-small", CPU_SMALL);
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
