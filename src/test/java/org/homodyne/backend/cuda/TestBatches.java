package org.homodyne.backend.cuda;

import java.util.Random;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;

/**
 * Random models and batches for the backend tests, the GPU tests and the GPU-host check program
 * (no JUnit here: GpuCheckMain runs without it). Data are the model plus noise, with a share of
 * NaN and ±Inf values that every backend must skip.
 */
final class TestBatches {
    static final double DT = 0.1;
    static final double Q = 0.0054;
    static final double L = 2e6;

    private TestBatches() {
    }

    static ModelSpec spec(AnalysisMode mode, ShearConvention conv, int n, double[] phi) {
        return new ModelSpec(mode, conv, DT, Q, L, ModelSpec.fitGrid(DT, n), phi);
    }

    /** Parameters in the range of real XPCS fits (several sinc lobes for laminar flow). */
    static PreparedModel model(ModelSpec spec, Random rnd) {
        double[] p = new double[spec.mode().physicalCount()];
        p[0] = 1e3 + 2e4 * rnd.nextDouble();
        p[1] = -1.0 + 1.5 * rnd.nextDouble();
        p[2] = 100 * rnd.nextDouble();
        if (spec.mode().has(org.homodyne.model.ModelTerm.SHEAR)) {
            p[3] = 1e-4 + 1e-2 * rnd.nextDouble();
            p[4] = -0.5 + rnd.nextDouble();
            p[5] = 1e-3 * rnd.nextDouble();
            p[6] = -5 + 10 * rnd.nextDouble();
        }
        return PreparedModel.prepare(spec, p);
    }

    static AngleScaling scaling(int angles, Random rnd) {
        double[] c = new double[angles];
        double[] o = new double[angles];
        for (int a = 0; a < angles; a++) {
            c[a] = 0.1 + 0.4 * rnd.nextDouble();
            o[a] = 0.9 + 0.2 * rnd.nextDouble();
        }
        return new AngleScaling(c, o);
    }

    static Batch batch(int id, int angleStart, int angleEnd, int rowStart, int rowEnd, int n) {
        return new Batch(id, angleStart, angleEnd, rowStart, rowEnd,
                Batch.pairsInRows(n, rowStart, rowEnd) * (angleEnd - angleStart));
    }

    /** Model values plus Gaussian noise of {@code noise}, a share {@code bad} of them NaN or ±Inf. */
    static BatchData data(Batch b, PreparedModel m, AngleScaling s, Random rnd, double noise, double bad) {
        int n = m.size();
        float[] v = new float[(int) b.points()];
        int idx = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            for (int i = b.rowStart(); i < b.rowEnd(); i++) {
                for (int j = i + 1; j < n; j++) {
                    double r = rnd.nextDouble();
                    if (r < bad / 3) {
                        v[idx++] = Float.NaN;
                    } else if (r < 2 * bad / 3) {
                        v[idx++] = Float.POSITIVE_INFINITY;
                    } else if (r < bad) {
                        v[idx++] = Float.NEGATIVE_INFINITY;
                    } else {
                        double g2 = PairModel.g2(m, a, i, j, s.contrast(a), s.offset(a));
                        v[idx++] = (float) (g2 + noise * rnd.nextGaussian());
                    }
                }
            }
        }
        return new BatchData(b, n, v);
    }

    /**
     * Null when {@code got} equals {@code ref} within {@code rel}, else what differs. Each entry
     * is compared against a bound on the sum of the magnitudes of its terms (Cauchy–Schwarz from
     * the diagonal sums), which is what the rounding of a sum scales with: e.g. |ΣwgᵣgS| ≤
     * √(HᵣᵣHSS), |Σwgᵣe| ≤ √(Hᵣᵣ·χ²). Point counts must match exactly.
     */
    static String compare(NormalEquations got, NormalEquations ref, double rel) {
        int p = ref.physCount();
        int na = ref.angleCount();
        if (got.physCount() != p || got.angleCount() != na) {
            return "shape " + got + " vs " + ref;
        }
        StringBuilder err = new StringBuilder();
        if (got.points() != ref.points()) {
            err.append("points ").append(got.points()).append(" vs ").append(ref.points()).append('\n');
        }
        check(err, "chi2", got.chi2(), ref.chi2(), Math.abs(ref.chi2()), rel);
        double[] h = ref.physHess();
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                check(err, "physHess[" + r + "," + c + "]", got.physHess()[r * p + c], h[r * p + c],
                        Math.sqrt(h[r * p + r] * h[c * p + c]), rel);
            }
            check(err, "physGrad[" + r + "]", got.physGrad()[r], ref.physGrad()[r],
                    Math.sqrt(h[r * p + r] * ref.chi2()), rel);
        }
        for (int a = 0; a < na; a++) {
            if (got.pointsPerAngle()[a] != ref.pointsPerAngle()[a]) {
                err.append("pointsPerAngle[").append(a).append("] ").append(got.pointsPerAngle()[a]).append(" vs ")
                        .append(ref.pointsPerAngle()[a]).append('\n');
            }
            double chiA = ref.chi2PerAngle()[a];
            check(err, "chi2PerAngle[" + a + "]", got.chi2PerAngle()[a], chiA, Math.abs(chiA), rel);
            double[] sh = ref.scaleHess();
            for (int q = 0; q < 3; q++) {
                check(err, "scaleHess[" + (3 * a + q) + "]", got.scaleHess()[3 * a + q], sh[3 * a + q],
                        Math.abs(sh[3 * a + q]), rel);
            }
            check(err, "scaleGrad[" + (2 * a) + "]", got.scaleGrad()[2 * a], ref.scaleGrad()[2 * a],
                    Math.sqrt(sh[3 * a] * chiA), rel);
            check(err, "scaleGrad[" + (2 * a + 1) + "]", got.scaleGrad()[2 * a + 1], ref.scaleGrad()[2 * a + 1],
                    Math.sqrt(sh[3 * a + 2] * chiA), rel);
            for (int k = 0; k < p; k++) {
                int i0 = (2 * a) * p + k;
                int i1 = (2 * a + 1) * p + k;
                check(err, "coupling[" + i0 + "]", got.coupling()[i0], ref.coupling()[i0],
                        Math.sqrt(sh[3 * a] * h[k * p + k]), rel);
                check(err, "coupling[" + i1 + "]", got.coupling()[i1], ref.coupling()[i1],
                        Math.sqrt(sh[3 * a + 2] * h[k * p + k]), rel);
            }
        }
        return err.length() == 0 ? null : err.toString();
    }

    private static void check(StringBuilder err, String what, double got, double ref, double scale, double rel) {
        double tol = rel * scale;
        if (!(Math.abs(got - ref) <= tol)) {
            err.append(what).append(": ").append(got).append(" vs ").append(ref).append(" (tolerance ").append(tol)
                    .append(")\n");
        }
    }
}
