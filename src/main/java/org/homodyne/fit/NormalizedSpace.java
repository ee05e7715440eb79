package org.homodyne.fit;

import java.util.List;
import org.homodyne.model.Bounds;

/**
 * The unit box the global phase draws and searches in (issue 11 §1): each searched physical
 * parameter is mapped onto [0, 1] between its bounds, linearly, or logarithmically when its
 * bounds are positive and span more than {@link #LOG_SPAN} (two decades: D0 in [1e2, 1e5], γ̇0 in
 * [1e-6, 0.5]). A uniform draw then covers every decade of such a parameter equally instead of
 * putting 99% of the starts in its top decade.
 *
 * <p>Parameters that are not searched keep the value of a base point (the configured start):
 * the global phase leaves the additive offsets D_offset and γ̇_offset there (see
 * {@code GlobalFit}): their wide sign-symmetric default bounds are a safety margin, not a prior,
 * and a uniform draw in them mostly lands where D(t) is floored at every time (no gradient for
 * D0 and α at all) or a constant shear decorrelates every angle.
 */
public final class NormalizedSpace {
    /** Bounds with max/min above this (and min > 0) are searched in log space. */
    public static final double LOG_SPAN = 100.0;

    private final double[] lower;
    private final double[] upper;
    private final boolean[] log;
    /** Indices of the searched parameters. */
    private final int[] searched;

    /** Every parameter searched. */
    public NormalizedSpace(List<Bounds> bounds) {
        this(bounds, all(bounds.size()));
    }

    /** @param searched per parameter: whether the unit box has a coordinate for it */
    public NormalizedSpace(List<Bounds> bounds, boolean[] searched) {
        int d = bounds.size();
        lower = new double[d];
        upper = new double[d];
        log = new boolean[d];
        for (int k = 0; k < d; k++) {
            Bounds b = bounds.get(k);
            lower[k] = b.min();
            upper[k] = b.max();
            log[k] = b.min() > 0 && b.max() / b.min() > LOG_SPAN;
        }
        int n = 0;
        for (boolean s : searched) {
            n += s ? 1 : 0;
        }
        this.searched = new int[n];
        for (int k = 0, j = 0; k < d; k++) {
            if (searched[k]) {
                this.searched[j++] = k;
            }
        }
    }

    private static boolean[] all(int d) {
        boolean[] b = new boolean[d];
        java.util.Arrays.fill(b, true);
        return b;
    }

    /** Coordinates of the unit box (searched parameters). */
    public int dimensions() {
        return searched.length;
    }

    /** Whether parameter k is mapped in log space. */
    public boolean isLog(int k) {
        return log[k];
    }

    /** Whether parameter k has a coordinate in the unit box. */
    public boolean isSearched(int k) {
        for (int s : searched) {
            if (s == k) {
                return true;
            }
        }
        return false;
    }

    /** The point of the unit box for physical values (clipped into the box). */
    public double[] toUnit(double[] physical) {
        double[] u = new double[searched.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = unit(searched[j], physical[searched[j]]);
        }
        return u;
    }

    /** The physical values of a point of the unit box; unsearched parameters from {@code base}. */
    public double[] fromUnit(double[] u, double[] base) {
        double[] p = base.clone();
        for (int j = 0; j < searched.length; j++) {
            int k = searched[j];
            double t = Math.max(0.0, Math.min(1.0, u[j]));
            double v = log[k] ? lower[k] * Math.exp(t * Math.log(upper[k] / lower[k]))
                    : lower[k] + t * (upper[k] - lower[k]);
            p[k] = Math.max(lower[k], Math.min(upper[k], v));
        }
        return p;
    }

    private double unit(int k, double value) {
        double v = Math.max(lower[k], Math.min(upper[k], value));
        return log[k] ? Math.log(v / lower[k]) / Math.log(upper[k] / lower[k]) : (v - lower[k]) / (upper[k] - lower[k]);
    }

    /** The largest difference of two physical points over every parameter, in unit-box units. */
    public double distance(double[] a, double[] b) {
        double d = 0;
        for (int k = 0; k < a.length; k++) {
            d = Math.max(d, Math.abs(unit(k, a[k]) - unit(k, b[k])));
        }
        return d;
    }
}
