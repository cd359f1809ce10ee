package org.mfunet.dicom;

import java.util.Objects;

/**
 * One segment of a Segmentation object: what it is, coded, and how a viewer should colour it.
 *
 * @param number         SegmentNumber, from 1
 * @param label          SegmentLabel, e.g. {@code "Myocardium"}
 * @param category       SegmentedPropertyCategoryCode, e.g. {@code (123037004, SCT, "Anatomical Structure")}
 * @param type           SegmentedPropertyTypeCode, e.g. {@code (74281007, SCT, "Myocardium")}
 * @param anatomicRegion where the segment lies, for a finding (e.g. the myocardium of a scar), or null
 * @param rgb            display colour as 0xRRGGBB sRGB, written as RecommendedDisplayCIELabValue
 */
public record Segment(int number, String label, Code category, Code type, Code anatomicRegion, int rgb) {
    public Segment {
        if (number < 1 || number > 0xffff) {
            throw new IllegalArgumentException("segment numbers run from 1 to 65535, got " + number);
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
    }

    /**
     * The colour as DICOM's scaled CIELab (PS3.3 C.10.7.1.1): sRGB to linear RGB, to XYZ under D50 (Bradford adapted),
     * to L*a*b*, then L* 0..100 and a*, b* -128..127 scaled to 0..65535.
     */
    public int[] cieLab() {
        double[] rgb = {(this.rgb >> 16 & 0xff) / 255.0, (this.rgb >> 8 & 0xff) / 255.0, (this.rgb & 0xff) / 255.0};
        for (int i = 0; i < 3; i++) {
            rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
        }
        double x = 0.4360747 * rgb[0] + 0.3850649 * rgb[1] + 0.1430804 * rgb[2];
        double y = 0.2225045 * rgb[0] + 0.7168786 * rgb[1] + 0.0606169 * rgb[2];
        double z = 0.0139322 * rgb[0] + 0.0971045 * rgb[1] + 0.7141733 * rgb[2];
        double fx = f(x / 0.96422);
        double fy = f(y);
        double fz = f(z / 0.82521);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double b = 200 * (fy - fz);
        return new int[] {scale(l / 100), scale((a + 128) / 255), scale((b + 128) / 255)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static int scale(double unit) {
        return (int) Math.round(Math.max(0, Math.min(1, unit)) * 65535);
    }
}
