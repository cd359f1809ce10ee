package org.mfunet.report;

import org.mfunet.AtomicFiles;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Sequence;

/**
 * A side-by-side picture of one short-axis slice: LGE, T2 and bSSFP in grey levels, then bSSFP with the
 * label classes overlaid in the colours of {@link Panels}. A sequence the case lacks leaves its panel black, and the
 * labels go on the LGE when there is no bSSFP.
 */
public final class SliceFigure {
    private static final int[] ALL_CLASSES = {1, 2, 3, 4, 5};

    private SliceFigure() {
    }

    /**
     * Draws the figure.
     *
     * @param width   slice width in pixels (NIfTI x, drawn left to right)
     * @param height  slice height in pixels (NIfTI y, drawn top to bottom)
     * @param images  per sequence the case has one slice {@code [y][x]}, x fastest, any intensity units (each is
     *                windowed to its own 1st-99.5th percentile); the LGE always
     * @param classes class indices {@code [y][x]} of {@link MyopsLabels}, or null to leave the overlay panel unlabelled
     */
    public static BufferedImage render(int width, int height, Map<Sequence, float[]> images, byte[] classes) {
        List<Panels.Panel> row = new ArrayList<>();
        for (Sequence s : Sequence.values()) {
            float[] plane = images.get(s);
            row.add(new Panels.Panel(plane == null ? s.title() + " (missing)" : s.title(),
                    Panels.grey(width, height, plane == null ? new float[width * height] : plane)));
        }
        Sequence backdrop = images.containsKey(Sequence.BSSFP) ? Sequence.BSSFP : Sequence.LGE;
        BufferedImage background = Panels.grey(width, height, images.get(backdrop));
        row.add(new Panels.Panel("labels on " + backdrop.title(),
                classes == null ? background : Panels.overlay(background, classes, ALL_CLASSES)));
        return Panels.grid(List.of(row));
    }

    /** Writes {@link #render} as a PNG, through a temporary file in the same folder so no partial file is left. */
    public static void write(Path file, int width, int height, Map<Sequence, float[]> images, byte[] classes) {
        AtomicFiles.write(file, Panels.png(render(width, height, images, classes)));
    }

    /** Writes the figure of slice {@code z} of a loaded case (scanner intensities, its labels if any). */
    public static void write(Path png, CaseVolumes volumes, int z) {
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        for (Sequence s : volumes.sequences()) {
            images.put(s, volumes.slice(s, z));
        }
        write(png, volumes.nx(), volumes.ny(), images, volumes.labelled() ? volumes.classSlice(z) : null);
    }
}
