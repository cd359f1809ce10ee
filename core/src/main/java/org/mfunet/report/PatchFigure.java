package org.mfunet.report;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.PatchOrigin;

/**
 * Paper Fig. 6: dynamically resampled training patches, each as one row: the labels on bSSFP, then LGE
 * and T2, at the patch's own size (so larger patches look larger), enlarged by a common factor.
 */
public final class PatchFigure {
    private static final int[] ALL_CLASSES = {1, 2, 3, 4, 5};

    private PatchFigure() {
    }

    /**
     * One row of panels for patch {@code b} of a batch.
     *
     * @param factor integer enlargement of the patch pixels
     */
    public static List<Panels.Panel> row(PatchBatch batch, int b, int factor) {
        int s = batch.side();
        int plane = s * s;
        PatchOrigin o = batch.origins().get(b);
        float[] lge = Arrays.copyOfRange(batch.images(), (b * 3) * plane, (b * 3 + 1) * plane);
        float[] t2 = Arrays.copyOfRange(batch.images(), (b * 3 + 1) * plane, (b * 3 + 2) * plane);
        float[] bssfp = Arrays.copyOfRange(batch.images(), (b * 3 + 2) * plane, (b * 3 + 3) * plane);
        byte[] classes = Arrays.copyOfRange(batch.classes(), b * plane, (b + 1) * plane);
        BufferedImage labelled = Panels.overlay(Panels.grey(s, s, bssfp), classes, ALL_CLASSES);
        String where = switch (o.centre()) {
            case PATHOLOGY -> "pathology-centred";
            case HEART -> "heart-centred";
            case RANDOM -> "random";
        };
        return List.of(
                new Panels.Panel(s + " px, " + where, Panels.enlarge(labelled, factor)),
                new Panels.Panel("LGE", Panels.enlarge(Panels.grey(s, s, lge), factor)),
                new Panels.Panel("T2, " + o.caseName() + " z" + o.z(), Panels.enlarge(Panels.grey(s, s, t2), factor)));
    }
}
