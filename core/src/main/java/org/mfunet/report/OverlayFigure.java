package org.mfunet.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Sequence;

/**
 * Paper Fig. 1 for one slice: anatomy (myocardium, LV, RV) on bSSFP, scar on LGE and edema on T2, one row
 * for the ground truth and one for the prediction, cropped to the heart and enlarged to about 200 pixels. Where the
 * case lacks the bSSFP or the T2, the LGE stands in as the background, and the panel says so.
 */
public final class OverlayFigure {
    private static final int MARGIN = 12;
    private static final int TARGET_SIDE = 200;

    private OverlayFigure() {
    }

    /**
     * Draws the figure.
     *
     * @param width      slice width in pixels (NIfTI x)
     * @param height     slice height in pixels (NIfTI y)
     * @param images     per sequence the case has one slice {@code [y][x]}, x fastest, any intensity units; the LGE
     *                   always
     * @param truth      class indices {@code [y][x]} of {@link MyopsLabels}, or null for no truth row
     * @param prediction class indices {@code [y][x]}, or null for no prediction row
     */
    public static BufferedImage render(int width, int height, Map<Sequence, float[]> images, byte[] truth, byte[] prediction) {
        if (truth == null && prediction == null) {
            throw new IllegalArgumentException("an overlay figure needs the truth, the prediction or both");
        }
        int[] box = heartBox(width, height, truth, prediction);
        int side = box[2];
        int factor = Math.max(1, TARGET_SIDE / side);
        Sequence anatomyOn = images.containsKey(Sequence.BSSFP) ? Sequence.BSSFP : Sequence.LGE;
        Sequence edemaOn = images.containsKey(Sequence.T2) ? Sequence.T2 : Sequence.LGE;
        BufferedImage bssfp = crop(Panels.grey(width, height, images.get(anatomyOn)), box);
        BufferedImage lge = crop(Panels.grey(width, height, images.get(Sequence.LGE)), box);
        BufferedImage t2 = crop(Panels.grey(width, height, images.get(edemaOn)), box);
        List<List<Panels.Panel>> rows = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            byte[] classes = r == 0 ? truth : prediction;
            if (classes == null) {
                continue;
            }
            String who = r == 0 ? "truth" : "prediction";
            byte[] cropped = crop(classes, width, box);
            byte[] anatomy = new byte[cropped.length];
            for (int i = 0; i < cropped.length; i++) {
                anatomy[i] = MyopsLabels.anatomyOf(cropped[i]);
            }
            rows.add(List.of(
                    new Panels.Panel(who + ": anatomy on " + backdrop(anatomyOn, Sequence.BSSFP), Panels.enlarge(Panels.overlay(bssfp, anatomy,
                            MyopsLabels.CLASS_MYOCARDIUM, MyopsLabels.CLASS_LV, MyopsLabels.CLASS_RV), factor)),
                    new Panels.Panel(who + ": scar on LGE",
                            Panels.enlarge(Panels.overlay(lge, cropped, MyopsLabels.CLASS_SCAR), factor)),
                    new Panels.Panel(who + ": edema on " + backdrop(edemaOn, Sequence.T2),
                            Panels.enlarge(Panels.overlay(t2, cropped, MyopsLabels.CLASS_EDEMA), factor))));
        }
        return Panels.grid(rows);
    }

    /** {x0, y0, side}: a square around every labelled pixel of either map, with a margin, inside the slice. */
    private static int[] heartBox(int width, int height, byte[] truth, byte[] prediction) {
        int xMin = width;
        int yMin = height;
        int xMax = -1;
        int yMax = -1;
        for (byte[] classes : new byte[][] {truth, prediction}) {
            for (int i = 0; classes != null && i < classes.length; i++) {
                if (classes[i] != MyopsLabels.CLASS_BACKGROUND) {
                    xMin = Math.min(xMin, i % width);
                    xMax = Math.max(xMax, i % width);
                    yMin = Math.min(yMin, i / width);
                    yMax = Math.max(yMax, i / width);
                }
            }
        }
        if (xMax < 0) {
            int side = Math.min(width, height);
            return new int[] {(width - side) / 2, (height - side) / 2, side};
        }
        int side = Math.min(Math.min(width, height), Math.max(xMax - xMin, yMax - yMin) + 1 + 2 * MARGIN);
        int x0 = Math.max(0, Math.min(width - side, (xMin + xMax + 1 - side) / 2));
        int y0 = Math.max(0, Math.min(height - side, (yMin + yMax + 1 - side) / 2));
        return new int[] {x0, y0, side};
    }

    private static BufferedImage crop(BufferedImage image, int[] box) {
        return image.getSubimage(box[0], box[1], box[2], box[2]);
    }

    private static byte[] crop(byte[] classes, int width, int[] box) {
        int side = box[2];
        byte[] out = new byte[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(classes, (box[1] + y) * width + box[0], out, y * side, side);
        }
        return out;
    }

    /** The name of the background drawn: the wanted sequence's, or the stand-in's with the reason. */
    private static String backdrop(Sequence drawn, Sequence wanted) {
        return drawn == wanted ? wanted.title() : drawn.title() + " (no " + wanted.title() + ")";
    }
}
