package org.mfunet.data;

/** Small synthetic prepared slices for sampler and augmentation tests. */
public final class TestSlices {
    private TestSlices() {
    }

    /**
     * A slice of the given side: a myocardium ring around an LV disc, RV to the left, and, when
     * {@code pathology}, a scar patch and an edema patch inside the ring. Image channel c is
     * 0.1 · class + 0.01 · c, so each channel mirrors the class map.
     */
    public static PreparedSlice heart(String caseName, int z, int side, boolean pathology) {
        byte[] classes = new byte[side * side];
        double cx = side * 0.55;
        double cy = side * 0.5;
        double r = side * 0.2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double d = Math.hypot(x - cx, y - cy);
                byte c = MyopsLabels.CLASS_BACKGROUND;
                if (d < r * 0.6) {
                    c = MyopsLabels.CLASS_LV;
                } else if (d < r) {
                    c = MyopsLabels.CLASS_MYOCARDIUM;
                    if (pathology && x > cx && y < cy) {
                        c = MyopsLabels.CLASS_SCAR;
                    } else if (pathology && x > cx) {
                        c = MyopsLabels.CLASS_EDEMA;
                    }
                } else if (Math.hypot(x - (cx - 1.6 * r), y - cy) < r * 0.6) {
                    c = MyopsLabels.CLASS_RV;
                }
                classes[y * side + x] = c;
            }
        }
        float[] image = new float[3 * side * side];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < side * side; i++) {
                image[ch * side * side + i] = 0.1f * classes[i] + 0.01f * ch;
            }
        }
        return new PreparedSlice(caseName, z, side, side, image, classes);
    }
}
