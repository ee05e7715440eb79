package org.homodyne.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analytic gradient of {@link PairModel} against central differences, on random parameters
 * across the default bounds and on hand-picked corners: negative alpha/beta, active floors,
 * small and large sinc arguments, phi0 near phi ± 90°.
 */
class GradientFiniteDifferenceTest {
    private static final double DT = 0.1;
    private static final double Q = 0.0054;
    private static final double L = 2e6;

    private static ModelSpec spec(AnalysisMode mode, ShearConvention conv, double[] phi) {
        return new ModelSpec(mode, conv, DT, Q, L, ModelSpec.fitGrid(DT, 40), phi);
    }

    /**
     * Checks every gradient entry at the given point for a set of pairs and angles. The finite
     * difference is the fourth-order five-point stencil; where two step sizes disagree the point
     * sits on a kink of a floor (D_k or g1 crossing its floor inside the stencil) and is skipped,
     * which may happen for at most 5% of the entries.
     */
    private static void check(ModelSpec spec, double[] physical, double contrast, double offset, String what) {
        PreparedModel m = PreparedModel.prepare(spec, physical);
        int p = physical.length;
        int[][] pairs = {{0, 1}, {0, 5}, {3, 17}, {10, 39}, {22, 23}, {39, 2}};
        int checked = 0;
        int skipped = 0;
        for (int a = 0; a < spec.angleCount(); a++) {
            for (int[] ij : pairs) {
                double[] grad = new double[p + 2];
                PairModel.evaluate(m, a, ij[0], ij[1], contrast, offset, grad);
                for (int k = 0; k < p + 2; k++) {
                    double fd = fivePoint(spec, physical, contrast, offset, a, ij[0], ij[1], k, 2e-6);
                    double fdHalf = fivePoint(spec, physical, contrast, offset, a, ij[0], ij[1], k, 1e-6);
                    double scale = Math.max(Math.abs(fd), Math.abs(grad[k]));
                    double tol = 1e-6 * scale + 1e-9 * stepFor(physical, contrast, offset, k) + 1e-13;
                    if (Math.abs(fd - fdHalf) > tol) {
                        skipped++;
                        continue;
                    }
                    checked++;
                    double err = Math.abs(fd - grad[k]);
                    String msg = what + ": d g2/d[" + k + "] at angle " + spec.phiDegrees()[a] + " pair (" + ij[0]
                            + "," + ij[1] + "): analytic " + grad[k] + " vs FD " + fd;
                    assertTrue(err <= 4 * tol, msg);
                }
            }
        }
        assertTrue(skipped <= 0.05 * (checked + skipped), what + ": too many non-smooth points: " + skipped);
    }

    private static double stepFor(double[] physical, double contrast, double offset, int k) {
        double v = k < physical.length ? physical[k] : (k == physical.length ? contrast : offset);
        return 1.0 / Math.max(1e-3, Math.abs(v));
    }

    private static double fivePoint(ModelSpec spec, double[] physical, double contrast, double offset,
                                    int a, int i, int j, int k, double relStep) {
        int p = physical.length;
        double v = k < p ? physical[k] : (k == p ? contrast : offset);
        double h = relStep * Math.max(1e-3, Math.abs(v));
        double f2p = shifted(spec, physical, contrast, offset, a, i, j, k, 2 * h);
        double f1p = shifted(spec, physical, contrast, offset, a, i, j, k, h);
        double f1m = shifted(spec, physical, contrast, offset, a, i, j, k, -h);
        double f2m = shifted(spec, physical, contrast, offset, a, i, j, k, -2 * h);
        return (8 * (f1p - f1m) - (f2p - f2m)) / (12 * h);
    }

    private static double shifted(ModelSpec spec, double[] physical, double contrast, double offset,
                                  int a, int i, int j, int k, double h) {
        int p = physical.length;
        double[] x = physical.clone();
        double c = contrast;
        double o = offset;
        if (k < p) {
            x[k] += h;
        } else if (k == p) {
            c += h;
        } else {
            o += h;
        }
        return PairModel.g2(PreparedModel.prepare(spec, x), a, i, j, c, o);
    }

    @ParameterizedTest
    @EnumSource(ShearConvention.class)
    void randomParametersAcrossBounds(ShearConvention conv) {
        Random rnd = new Random(42);
        double[] phi = {-60, 0, 37.5, 90, 135};
        for (int trial = 0; trial < 40; trial++) {
            double[] lam = new double[7];
            for (int k = 0; k < 7; k++) {
                Bounds b = ParameterNames.defaultBounds(AnalysisMode.LAMINAR_FLOW.physicalNames().get(k));
                lam[k] = b.min() + (b.max() - b.min()) * rnd.nextDouble();
            }
            // keep D_offset moderate so that the integral is not floored everywhere
            lam[2] = lam[2] * 1e-2;
            check(spec(AnalysisMode.LAMINAR_FLOW, conv, phi), lam, 0.05 + 0.9 * rnd.nextDouble(),
                    0.5 + rnd.nextDouble(), "laminar random #" + trial);
            double[] st = {lam[0], lam[1], lam[2]};
            check(spec(AnalysisMode.STATIC, conv, new double[]{0}), st, 0.3, 1.0, "static random #" + trial);
        }
    }

    @Test
    void negativeExponentsAndFloors() {
        double[] phi = {0, 45};
        // negative alpha and beta
        check(spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, phi),
                new double[]{2e3, -1.5, 10, 0.01, -1.2, 1e-4, 3}, 0.2, 1.0, "negative alpha/beta");
        // D floor active at late times: D0 t^alpha + D_offset < 0 for t > ~0.25 s
        check(spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, new double[]{0}),
                new double[]{500, -1.0, -1100}, 0.3, 1.0, "D floor partly active");
        // gamma floor active everywhere: only diffusion left
        check(spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, phi),
                new double[]{1e3, 0.5, 5, 1e-6, 0.0, -0.05, 0}, 0.3, 1.0, "gamma floor everywhere");
    }

    @ParameterizedTest
    @EnumSource(ShearConvention.class)
    void smallAndLargeSincArguments(ShearConvention conv) {
        // tiny shear: Φ below the series limit on short lags
        check(spec(AnalysisMode.LAMINAR_FLOW, conv, new double[]{10, 80}),
                new double[]{1e3, 0.0, 10, 1e-6, 0.0, 1e-9, 0}, 0.3, 1.0, "series sinc");
        // large shear: several sinc lobes across the grid
        check(spec(AnalysisMode.LAMINAR_FLOW, conv, new double[]{0, 30}),
                new double[]{1e2, 0.0, 1, 0.4, 0.5, 0.05, 5}, 0.3, 1.0, "many lobes");
    }

    @Test
    void phi0NearPerpendicular() {
        // cos(φ0 − φ) ≈ 0: the shear term vanishes and only the phi0 derivative survives
        double[] phi = {-88, 92, 91.999};
        check(spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, phi),
                new double[]{5e3, 0.3, 20, 0.02, 0.1, 1e-3, 2.0}, 0.3, 1.0, "phi0 near phi ± 90");
    }
}
