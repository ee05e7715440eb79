package org.homodyne.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The truncated Fourier series of {@code per_angle_mode: fourier} (issue 11 §4, homodyne's
 * fourier_reparam): a per-angle quantity v(φ) = a₀ + Σ_{k=1..K} (a_k·cos kφ + b_k·sin kφ), φ in
 * radians. The basis matrix B (n_φ × (1+2K)) maps the 1+2K coefficients onto the angles,
 * v = B·a; its columns are [1, cos φ, sin φ, cos 2φ, sin 2φ, …].
 */
public final class FourierBasis {
    /** Coefficient names in basis order, without the harmonic number for k ≥ 1 ("c0", "cos1", "sin1", …). */
    private final double[][] b;
    private final int order;

    /**
     * @param phiDegrees the fitted angles in degrees (converted to radians here)
     * @param order      K ≥ 1 harmonics
     */
    public FourierBasis(double[] phiDegrees, int order) {
        if (order < 1) {
            throw new IllegalArgumentException("fourier_order must be >= 1, got " + order);
        }
        this.order = order;
        int m = coefficients(order);
        this.b = new double[phiDegrees.length][m];
        for (int a = 0; a < phiDegrees.length; a++) {
            double phi = Math.toRadians(phiDegrees[a]);
            b[a][0] = 1.0;
            for (int k = 1; k <= order; k++) {
                b[a][2 * k - 1] = Math.cos(k * phi);
                b[a][2 * k] = Math.sin(k * phi);
            }
        }
    }

    /** 1 + 2K coefficients per series. */
    public static int coefficients(int order) {
        return 1 + 2 * order;
    }

    /**
     * Whether a series of this order is determined by this many angles: n_φ ≥ 1 + 2K (homodyne
     * falls back to individual scaling below that).
     */
    public static boolean determined(int angles, int order) {
        return angles >= coefficients(order);
    }

    public int order() {
        return order;
    }

    /** 1 + 2K. */
    public int size() {
        return coefficients(order);
    }

    /** B[a][k]. */
    public double at(int a, int k) {
        return b[a][k];
    }

    /** Row a of B (a copy). */
    public double[] row(int a) {
        return b[a].clone();
    }

    /** "c0", "cos1", "sin1", "cos2", … for coefficient k. */
    public static String coefficientName(int k) {
        return k == 0 ? "c0" : (k % 2 == 1 ? "cos" : "sin") + ((k + 1) / 2);
    }

    /** v = B·a: the per-angle values of a series with coefficients {@code coeffs[from .. from+size)}. */
    public double[] evaluate(double[] coeffs, int from) {
        double[] v = new double[b.length];
        for (int a = 0; a < b.length; a++) {
            double s = 0;
            for (int k = 0; k < b[a].length; k++) {
                s += b[a][k] * coeffs[from + k];
            }
            v[a] = s;
        }
        return v;
    }

    /**
     * The coefficients whose series is closest (least squares) to the per-angle values: a start
     * vector from per-angle start values, as homodyne's per_angle_to_fourier. Exact when the
     * values lie on a series of this order.
     */
    public double[] project(double[] perAngle) {
        int m = size();
        DMatrixRMaj bm = new DMatrixRMaj(b.length, m);
        for (int a = 0; a < b.length; a++) {
            for (int k = 0; k < m; k++) {
                bm.set(a, k, b[a][k]);
            }
        }
        DMatrixRMaj pinv = new DMatrixRMaj(m, b.length);
        CommonOps_DDRM.pinv(bm, pinv);
        DMatrixRMaj v = new DMatrixRMaj(b.length, 1, true, perAngle);
        DMatrixRMaj coeffs = new DMatrixRMaj(m, 1);
        CommonOps_DDRM.mult(pinv, v, coeffs);
        return coeffs.getData().clone();
    }
}
