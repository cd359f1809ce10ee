package org.mfunet.serve;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Sequence;
import org.mfunet.report.Panels;

/**
 * The slice pictures of {@code GET /api/cases/{id}/slices/{z}.png}: a sequence's slice in grey levels (windowed as in
 * the report), with the predicted classes painted over it in the MyoPS colours once the case is done, or the classes
 * alone on a transparent picture for a page to lay over slices itself. The last case drawn stays loaded, so paging
 * through its slices reads its files once.
 */
final class SliceImages {
    /** Overlay opacity when none is asked for: the report's. */
    static final float DEFAULT_OPACITY = 0.45f;
    private static final Set<String> PARAMETERS = Set.of("sequence", "overlay", "opacity");

    private final CaseStore store;
    private Loaded last;

    /** A case's voxels and, once it is done, its predicted classes {@code [z][y][x]} (else null). */
    private record Loaded(String id, CaseVolumes volumes, byte[] predicted) {
    }

    /**
     * What to draw, from the query parameters.
     *
     * @param sequence the slice under the overlay, or null for the overlay alone ({@code sequence=none})
     * @param classes  the class indices to paint
     * @param opacity  of the painted classes over the slice, 0 to 1
     */
    record View(Sequence sequence, int[] classes, float opacity) {
        /**
         * Reads {@code sequence} (lge, t2, bssfp or none; default lge, which every case has), {@code overlay} (all,
         * none, or a comma list of myocardium, lv, rv, edema, scar; default all) and {@code opacity} (0 to 1; default
         * 0.45).
         *
         * @throws ApiException 400 naming the parameter at fault
         */
        static View parse(Map<String, String> query) {
            for (String name : query.keySet()) {
                if (!PARAMETERS.contains(name)) {
                    throw new ApiException(400, "unknown parameter '" + CaseUpload.printable(name)
                            + "' (use sequence, overlay and opacity)");
                }
            }
            return new View(sequence(query.getOrDefault("sequence", "lge")), classes(query.getOrDefault("overlay", "all")),
                    opacity(query.get("opacity")));
        }

        private static Sequence sequence(String value) {
            if (value.equals("none")) {
                return null;
            }
            for (Sequence s : Sequence.values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return s;
                }
            }
            throw new ApiException(400, "sequence: '" + CaseUpload.printable(value) + "' is not lge, t2, bssfp or none");
        }

        private static int[] classes(String value) {
            if (value.equals("all")) {
                return new int[] {MyopsLabels.CLASS_MYOCARDIUM, MyopsLabels.CLASS_LV, MyopsLabels.CLASS_RV,
                    MyopsLabels.CLASS_EDEMA, MyopsLabels.CLASS_SCAR};
            }
            if (value.equals("none")) {
                return new int[0];
            }
            List<Integer> classes = new ArrayList<>();
            for (String name : value.split(",", -1)) {
                int c = classNamed(name);
                if (!classes.contains(c)) {
                    classes.add(c);
                }
            }
            return classes.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int classNamed(String name) {
            for (int c = 1; c < MyopsLabels.CLASSES; c++) {
                if (MyopsLabels.nameOf(c).equals(name)) {
                    return c;
                }
            }
            throw new ApiException(400, "overlay: '" + CaseUpload.printable(name) + "' is not a structure (use all,"
                    + " none or a comma list of myocardium, lv, rv, edema, scar)");
        }

        private static float opacity(String value) {
            if (value == null) {
                return DEFAULT_OPACITY;
            }
            try {
                float opacity = Float.parseFloat(value);
                if (opacity >= 0 && opacity <= 1) {
                    return opacity;
                }
            } catch (NumberFormatException e) {
                // answered below with the out-of-range values
            }
            throw new ApiException(400, "opacity: '" + CaseUpload.printable(value) + "' is not a number from 0 to 1");
        }
    }

    SliceImages(CaseStore store) {
        this.store = store;
    }

    /**
     * Draws slice {@code z} of a case as a PNG.
     *
     * @throws ApiException 404 for a slice outside the case or a sequence it was not sent, 409 for an overlay alone
     *                      before the case is done
     */
    byte[] png(CaseRecord record, int z, View view) {
        if (z < 0 || z >= record.slices()) {
            throw new ApiException(404, "no slice " + z + ": the case has slices 0 to " + (record.slices() - 1));
        }
        if (view.sequence() != null && !record.sequences().contains(CaseUpload.fieldOf(view.sequence()))) {
            throw new ApiException(404, "the case has no " + CaseUpload.fieldOf(view.sequence()) + " (it was sent "
                    + String.join(", ", record.sequences()) + ")");
        }
        boolean done = record.status() == CaseStatus.DONE;
        if (view.sequence() == null && !done) {
            throw new ApiException(409, "the case is " + record.status().key() + ": no segmentation to draw yet");
        }
        Loaded loaded = load(record.id(), done);
        CaseVolumes volumes = loaded.volumes();
        int plane = volumes.nx() * volumes.ny();
        byte[] classes = null;
        if (loaded.predicted() != null) {
            classes = new byte[plane];
            System.arraycopy(loaded.predicted(), z * plane, classes, 0, plane);
        }
        BufferedImage image;
        if (view.sequence() == null) {
            image = Panels.labelLayer(volumes.nx(), volumes.ny(), classes, view.classes());
        } else {
            image = Panels.grey(volumes.nx(), volumes.ny(), volumes.slice(view.sequence(), z));
            if (classes != null && view.classes().length > 0) {
                image = Panels.overlay(image, classes, view.opacity(), view.classes());
            }
        }
        return Panels.png(image);
    }

    /** Forgets a case (deleted). */
    synchronized void forget(String id) {
        if (last != null && last.id().equals(id)) {
            last = null;
        }
    }

    private synchronized Loaded load(String id, boolean done) {
        if (last != null && last.id().equals(id) && (last.predicted() != null || !done)) {
            return last;
        }
        MyopsCase source = store.inputCase(id, false);
        CaseVolumes volumes = CaseVolumes.load(source);
        byte[] predicted = null;
        if (done) {
            predicted = MyopsLabels.classesOf(SegmentationFiles.readValues(store.segmentation(id), volumes.nx(),
                    volumes.ny(), volumes.nz()));
        }
        last = new Loaded(id, volumes, predicted);
        return last;
    }
}
