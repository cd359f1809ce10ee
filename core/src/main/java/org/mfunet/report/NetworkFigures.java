package org.mfunet.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.Sequence;

/**
 * Figures of what happens inside the network for one slice: the spatial attention map (paper Fig. 5) and
 * max-fused versus single-sequence features (paper Fig. 3). Slices are drawn at their network input
 * size, enlarged to at least 256 pixels.
 */
public final class NetworkFigures {
    private static final int TARGET_SIDE = 256;

    private NetworkFigures() {
    }

    /**
     * One row: the three input sequences (a missing one marked so, its panel blank), the attention map, and the
     * predicted classes on bSSFP (on LGE when the slice has no bSSFP).
     *
     * @param slice the network input {@code [3][side][side]}
     * @param taps  computed on {@code slice}, with an attention map
     */
    public static BufferedImage attention(PreparedSlice slice, SliceTaps taps) {
        if (taps.attention() == null) {
            throw new IllegalArgumentException("the network of these taps has no attention");
        }
        int side = slice.width();
        int factor = Math.max(1, TARGET_SIDE / side);
        List<Panels.Panel> row = new ArrayList<>();
        for (Sequence s : Sequence.values()) {
            boolean present = slice.sequences().contains(s);
            row.add(new Panels.Panel(present ? s.title() : s.title() + " (missing)",
                    Panels.enlarge(Panels.grey(side, side, channel(slice, s)), factor)));
        }
        row.add(new Panels.Panel("attention map (channel norm)",
                Panels.enlarge(Panels.heat(side, side, taps.attention()), factor)));
        Sequence backdrop = slice.sequences().contains(Sequence.BSSFP) ? Sequence.BSSFP : Sequence.LGE;
        BufferedImage background = Panels.grey(side, side, channel(slice, backdrop));
        row.add(new Panels.Panel("prediction on " + backdrop.title(), Panels.enlarge(Panels.overlay(background,
                taps.predicted(), 1, 2, 3, 4, 5), factor)));
        return Panels.grid(List.of(row));
    }

    /**
     * One row: the chosen channel of the max-fused features (when present) and of the LGE, T2 and bSSFP
     * features, each with the myocardium contour of the slice's labels (when labelled).
     */
    public static BufferedImage fusion(PreparedSlice slice, SliceTaps taps) {
        int side = slice.width();
        int scale = side / taps.featureSide();
        int factor = Math.max(1, TARGET_SIDE / side);
        boolean[] myocardium = null;
        if (slice.labelled()) {
            myocardium = new boolean[side * side * factor * factor];
            int big = side * factor;
            for (int i = 0; i < myocardium.length; i++) {
                int c = slice.classes()[(i / big / factor) * side + (i % big) / factor];
                myocardium[i] = MyopsLabels.anatomyOf(c) == MyopsLabels.ANATOMY_MYOCARDIUM;
            }
        }
        List<Panels.Panel> row = new ArrayList<>();
        float[][] maps = {taps.fused(), taps.lge(), taps.t2(), taps.bssfp()};
        String[] names = {"max-fused", "LGE", "T2", "bSSFP"};
        for (int m = 0; m < maps.length; m++) {
            if (maps[m] == null) {
                continue;
            }
            BufferedImage picture = Panels.enlarge(Panels.heat(taps.featureSide(), taps.featureSide(), maps[m]),
                    scale * factor);
            if (myocardium != null) {
                picture = Panels.contour(picture, myocardium, Panels.CONTOUR);
            }
            row.add(new Panels.Panel(names[m] + ", level " + taps.level() + " channel " + taps.channel(), picture));
        }
        return Panels.grid(List.of(row));
    }

    private static float[] channel(PreparedSlice slice, Sequence s) {
        int plane = slice.width() * slice.width();
        return Arrays.copyOfRange(slice.image(), s.ordinal() * plane, (s.ordinal() + 1) * plane);
    }
}
