package org.mfunet.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The label vocabulary, the one place that says what the labels are: the label values of the MyoPS 2020 ground
 * truth, the compact class indices used inside the tool, the anatomy classes of the network's anatomy head, how
 * the three heads' decisions compose into a class, and the names and overlay colours of the classes. The
 * network's heads are {@link Head}, the evaluated structures {@link Structure}; both are defined from these
 * classes.
 *
 * <p>Class index: 0 background, 1 normal myocardium (200), 2 LV blood pool (500), 3 RV blood pool (600),
 * 4 edema (1220), 5 scar (2221). The myocardium region is classes 1, 4 and 5 (200 ∪ 1220 ∪ 2221).
 *
 * <p>Anatomy class (the anatomy head's output): 0 background, 1 myocardium (normal, edema and scar), 2 LV, 3 RV.
 * Myocardium, LV and RV have the same number as anatomy class and as class index.
 */
public final class MyopsLabels {
    public static final int MYOCARDIUM = 200;
    public static final int LV = 500;
    public static final int RV = 600;
    public static final int EDEMA = 1220;
    public static final int SCAR = 2221;

    public static final byte CLASS_BACKGROUND = 0;
    public static final byte CLASS_MYOCARDIUM = 1;
    public static final byte CLASS_LV = 2;
    public static final byte CLASS_RV = 3;
    public static final byte CLASS_EDEMA = 4;
    public static final byte CLASS_SCAR = 5;
    /** Number of classes of the combined class map, background to scar. */
    public static final int CLASSES = 6;

    public static final byte ANATOMY_BACKGROUND = 0;
    public static final byte ANATOMY_MYOCARDIUM = 1;
    public static final byte ANATOMY_LV = 2;
    public static final byte ANATOMY_RV = 3;
    /** Number of anatomy classes. */
    public static final int ANATOMY_CLASSES = 4;

    /** Label value of each class index. */
    private static final int[] VALUES = {0, MYOCARDIUM, LV, RV, EDEMA, SCAR};
    /** Name of each class index, for files, figures and messages; the first four also name the anatomy classes. */
    private static final String[] NAMES = {"background", "myocardium", "lv", "rv", "edema", "scar"};
    /** Overlay colour (0xRRGGBB) of each class index: myocardium green, LV red, RV blue, edema yellow, scar magenta. */
    private static final int[] COLOURS = {0x000000, 0x28C850, 0xE62828, 0x326EFF, 0xFFE600, 0xFF00FF};

    private MyopsLabels() {
    }

    /** True for 0 and the five MyoPS label values. */
    public static boolean isValid(int value) {
        return Arrays.stream(VALUES).anyMatch(v -> v == value);
    }

    /** Class index of a label value; -1 if the value is not a MyoPS label. */
    public static byte classOf(int value) {
        for (byte c = 0; c < VALUES.length; c++) {
            if (VALUES[c] == value) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Describes the values of a label volume that are not MyoPS labels, e.g. {@code "label values outside
     * {0, 200, 500, 600, 1220, 2221}: 7 (3 voxels), 0.5 (1 voxels)"}, in ascending order.
     *
     * @param labels voxel values in any order
     * @return empty when every value is 0 or a MyoPS label value
     */
    public static Optional<String> invalidValues(float[] labels) {
        Map<Float, Integer> offending = new TreeMap<>();
        for (float v : labels) {
            if (v != Math.rint(v) || classOf((int) v) < 0) {
                offending.merge(v, 1, Integer::sum);
            }
        }
        if (offending.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(offending.entrySet().stream()
                .map(e -> format(e.getKey()) + " (" + e.getValue() + " voxels)")
                .collect(Collectors.joining(", ", "label values outside {0, 200, 500, 600, 1220, 2221}: ", "")));
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    /** Label value of a class index 0..5. */
    public static int valueOf(int classIndex) {
        return VALUES[classIndex];
    }

    /** Class indices of label values, same layout; the values must be valid ({@link #invalidValues}). */
    public static byte[] classesOf(int[] values) {
        byte[] classes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            classes[i] = classOf(values[i]);
        }
        return classes;
    }

    /** Label values of class indices, same layout. */
    public static int[] valuesOf(byte[] classes) {
        int[] values = new int[classes.length];
        for (int i = 0; i < classes.length; i++) {
            values[i] = VALUES[classes[i]];
        }
        return values;
    }

    /** Anatomy class of a class index: myocardium for scar and edema too, else the class itself. */
    public static byte anatomyOf(int classIndex) {
        return switch (classIndex) {
            case CLASS_MYOCARDIUM, CLASS_EDEMA, CLASS_SCAR -> ANATOMY_MYOCARDIUM;
            case CLASS_LV -> ANATOMY_LV;
            case CLASS_RV -> ANATOMY_RV;
            default -> ANATOMY_BACKGROUND;
        };
    }

    /**
     * The class of a voxel from the heads' decisions: the anatomy class, except that myocardium is scar where scar
     * is found and else edema where edema is found (scar overrides edema, the order in which the reference pastes
     * labels). Pathology outside the myocardium is dropped.
     */
    public static byte classOf(int anatomyClass, boolean scar, boolean edema) {
        return switch (anatomyClass) {
            case ANATOMY_MYOCARDIUM -> scar ? CLASS_SCAR : edema ? CLASS_EDEMA : CLASS_MYOCARDIUM;
            case ANATOMY_LV -> CLASS_LV;
            case ANATOMY_RV -> CLASS_RV;
            default -> CLASS_BACKGROUND;
        };
    }

    /** Name of a class index, e.g. {@code "scar"}; for 0..3 also the name of that anatomy class. */
    public static String nameOf(int classIndex) {
        return NAMES[classIndex];
    }

    /** Overlay colour of a class index as 0xRRGGBB. */
    public static int colourOf(int classIndex) {
        return COLOURS[classIndex];
    }
}
