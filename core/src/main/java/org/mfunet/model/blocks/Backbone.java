package org.mfunet.model.blocks;

import ai.djl.nn.AbstractBlock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;

/** The conv-block families compared in the paper (Table 2), chosen by name in the configuration. */
public enum Backbone {
    /** Two 3x3 conv + BatchNorm steps with a shortcut (1x1 conv + BatchNorm when channels change). */
    RESIDUAL,
    /** As {@link #RESIDUAL}, but the bottleneck block uses 3x3 convolutions dilated by 2 and 4. */
    DILATION,
    /** Two steps, each the sum of 3x3, 3x1 and 1x3 convolutions, then BatchNorm + ReLU. */
    SIDECONV;

    /** The name used in configurations and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backbone of that {@link #id()}; the message lists the valid names otherwise. */
    public static Backbone fromId(String id) {
        for (Backbone b : values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new MfunetException("backbone '" + id + "' is unknown: use one of "
                + Arrays.stream(values()).map(Backbone::id).collect(Collectors.joining(", ")));
    }

    /**
     * A conv block of this family keeping the spatial size: {@code [B, inChannels, H, W]} to
     * {@code [B, filters, H, W]}.
     *
     * @param bottleneck true for the block between encoders and decoder (where {@link #DILATION} dilates)
     */
    public AbstractBlock convBlock(int inChannels, int filters, boolean bottleneck) {
        return switch (this) {
            case RESIDUAL -> new ResidualBlock(inChannels, filters, 1, 1);
            case DILATION -> bottleneck ? new ResidualBlock(inChannels, filters, 2, 4)
                    : new ResidualBlock(inChannels, filters, 1, 1);
            case SIDECONV -> new SideConvBlock(filters);
        };
    }
}
