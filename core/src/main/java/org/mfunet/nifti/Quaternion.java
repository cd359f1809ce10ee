package org.mfunet.nifti;

/**
 * The qform rotation of NIfTI-1: a unit quaternion (a, b, c, d) with a >= 0, of which the header stores
 * b, c, d, plus the handedness {@code qfac} (±1) that flips the z column. Formulas from the NIfTI-1
 * standard (nifti1.h, "METHOD 2").
 */
record Quaternion(double a, double b, double c, double d, double qfac) {

    /** The rotation of stored b, c, d; a = sqrt(1 - b² - c² - d²), renormalising when that is about 0. */
    static Quaternion of(double b, double c, double d, double qfac) {
        double a = 1 - (b * b + c * c + d * d);
        if (a < 1e-7) {
            double norm = Math.sqrt(b * b + c * c + d * d);
            return new Quaternion(0, b / norm, c / norm, d / norm, qfac);
        }
        return new Quaternion(Math.sqrt(a), b, c, d, qfac);
    }

    /**
     * The rotation part of a voxel-to-world affine: columns normalised to unit length, a negative
     * determinant moved into {@code qfac = -1}, then the quaternion of that rotation matrix. Exact when
     * the columns are orthogonal.
     *
     * @param affine row-major 4x4 with non-zero first three columns
     */
    static Quaternion ofAffine(double[][] affine) {
        double[][] r = new double[3][3];
        for (int col = 0; col < 3; col++) {
            double norm = Math.sqrt(affine[0][col] * affine[0][col] + affine[1][col] * affine[1][col]
                    + affine[2][col] * affine[2][col]);
            if (norm == 0) {
                throw new IllegalArgumentException("affine column " + col + " is zero");
            }
            for (int row = 0; row < 3; row++) {
                r[row][col] = affine[row][col] / norm;
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        // 4a², 4b², 4c², 4d² from the diagonal; divide by the largest for numerical stability.
        double aa = 1 + r[0][0] + r[1][1] + r[2][2];
        double bb = 1 + r[0][0] - r[1][1] - r[2][2];
        double cc = 1 - r[0][0] + r[1][1] - r[2][2];
        double dd = 1 - r[0][0] - r[1][1] + r[2][2];
        double a;
        double b;
        double c;
        double d;
        if (aa >= bb && aa >= cc && aa >= dd) {
            a = 0.5 * Math.sqrt(aa);
            b = (r[2][1] - r[1][2]) / (4 * a);
            c = (r[0][2] - r[2][0]) / (4 * a);
            d = (r[1][0] - r[0][1]) / (4 * a);
        } else if (bb >= cc && bb >= dd) {
            b = 0.5 * Math.sqrt(bb);
            a = (r[2][1] - r[1][2]) / (4 * b);
            c = (r[0][1] + r[1][0]) / (4 * b);
            d = (r[0][2] + r[2][0]) / (4 * b);
        } else if (cc >= dd) {
            c = 0.5 * Math.sqrt(cc);
            a = (r[0][2] - r[2][0]) / (4 * c);
            b = (r[0][1] + r[1][0]) / (4 * c);
            d = (r[1][2] + r[2][1]) / (4 * c);
        } else {
            d = 0.5 * Math.sqrt(dd);
            a = (r[1][0] - r[0][1]) / (4 * d);
            b = (r[0][2] + r[2][0]) / (4 * d);
            c = (r[1][2] + r[2][1]) / (4 * d);
        }
        double sign = a < 0 ? -1 : 1;
        return new Quaternion(sign * a, sign * b, sign * c, sign * d, qfac);
    }

    /**
     * The qform voxel-to-world matrix: rotation times diag(dx, dy, qfac·dz), then the offset.
     *
     * @param spacing (dx, dy, dz), positive
     * @param offset  (qoffset_x, qoffset_y, qoffset_z)
     * @return row-major 4x4
     */
    double[][] affine(double[] spacing, double[] offset) {
        double[][] rot = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}
        };
        double[] scale = {spacing[0], spacing[1], spacing[2] * qfac};
        double[][] m = new double[4][4];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                m[row][col] = rot[row][col] * scale[col];
            }
            m[row][3] = offset[row];
        }
        m[3][3] = 1;
        return m;
    }
}
