package org.mfunet.data;

import java.util.ArrayList;
import java.util.List;
import org.mfunet.dicom.Code;
import org.mfunet.dicom.Segment;

/**
 * The label vocabulary as DICOM Segmentation segments: one per class of {@link MyopsLabels} but the background, numbered
 * as the class index (1 myocardium, 2 LV, 3 RV, 4 edema, 5 scar), coded in SNOMED CT (codes of DICOM CID 7150, 7151
 * and 7159) and coloured as the tool's overlays. The classes are exclusive, so a voxel is in at most one segment:
 * "Myocardium" is the normal myocardium, and edema and scar lie in the left-ventricular myocardium.
 */
public final class DicomSegments {
    private static final Code ANATOMY = new Code("123037004", "SCT", "Anatomical Structure");
    private static final Code ABNORMAL = new Code("49755003", "SCT", "Morphologically Abnormal Structure");
    private static final Code LV_MYOCARDIUM = new Code("49848007", "SCT", "Left Ventricle Myocardium");
    private static final Code LEFT_VENTRICLE = new Code("87878005", "SCT", "Left Ventricle");
    private static final Code RIGHT_VENTRICLE = new Code("53085002", "SCT", "Right Ventricle");
    private static final Code EDEMA = new Code("79654002", "SCT", "Edema");
    private static final Code SCAR = new Code("12402003", "SCT", "Scar");

    private DicomSegments() {
    }

    /** The five segments, numbered by class index. */
    public static List<Segment> all() {
        List<Segment> segments = new ArrayList<>();
        segments.add(segment(MyopsLabels.CLASS_MYOCARDIUM, "Myocardium", ANATOMY, LV_MYOCARDIUM, null));
        segments.add(segment(MyopsLabels.CLASS_LV, "Left ventricle blood pool", ANATOMY, LEFT_VENTRICLE, null));
        segments.add(segment(MyopsLabels.CLASS_RV, "Right ventricle blood pool", ANATOMY, RIGHT_VENTRICLE, null));
        segments.add(segment(MyopsLabels.CLASS_EDEMA, "Edema", ABNORMAL, EDEMA, LV_MYOCARDIUM));
        segments.add(segment(MyopsLabels.CLASS_SCAR, "Scar", ABNORMAL, SCAR, LV_MYOCARDIUM));
        return List.copyOf(segments);
    }

    private static Segment segment(int classIndex, String label, Code category, Code type, Code region) {
        return new Segment(classIndex, label, category, type, region, MyopsLabels.colourOf(classIndex));
    }

    /**
     * The segment number of each voxel of a label volume: its class index (0 for background).
     *
     * @param labels MyoPS label values, any layout
     */
    public static int[] segmentOf(int[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = MyopsLabels.classOf(labels[i]);
        }
        return out;
    }
}
