package org.mfunet.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Label values of the MyoPS 2020 ground truth and the compact class indices used inside the tool.
 *
 * <p>Class index: 0 background, 1 normal myocardium (200), 2 LV blood pool (500), 3 RV blood pool (600),
 * 4 edema (1220), 5 scar (2221). The myocardium region is classes 1, 4 and 5 (200 ∪ 1220 ∪ 2221).
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

    /** Label value of each class index. */
    private static final int[] VALUES = {0, MYOCARDIUM, LV, RV, EDEMA, SCAR};

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

    /** Anatomy target of a class: 0 background, 1 myocardium (incl. scar and edema), 2 LV, 3 RV. */
    public static int anatomyOf(int classIndex) {
        return switch (classIndex) {
            case CLASS_MYOCARDIUM, CLASS_EDEMA, CLASS_SCAR -> 1;
            case CLASS_LV -> 2;
            case CLASS_RV -> 3;
            default -> 0;
        };
    }
}
