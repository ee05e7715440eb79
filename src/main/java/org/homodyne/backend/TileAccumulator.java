package org.homodyne.backend;

import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Accumulates the normal equations of one tile: rows [rowStart, rowEnd) of the upper triangle,
 * for every angle of a batch. Same arithmetic as {@link ReferenceAccumulator}, arranged for speed:
 * <ul>
 *   <li>the diffusion factor g1d and its gradient u = ∂g1d/∂(D0, α, D_offset) depend on the pair
 *       only, so they are computed once per pair and shared by all angles;</li>
 *   <li>the physical gradient of every angle is a combination α·u ⊕ β·v ⊕ γ of the per-pair
 *       vectors u and v = ∂ΔG/∂(γ̇0, β, γ̇_offset) with per-angle scalars, so the p×p block is
 *       accumulated from six scalar sums per point and the outer products once per pair;</li>
 *   <li>in the static model the per-angle sums that do not involve data are common to all angles
 *       and are scaled by the angle's contrast at the end.</li>
 *   <li>along a row, g1d advances by one multiplication per column ({@link DiffusionRow}).</li>
 * </ul>
 * The fast paths assume every value of the tile is finite; a tile with a masked value is redone
 * on the direct per-point path, so masking never changes which formula a point gets.
 * Sums run in a fixed order, so a tile's result depends only on its inputs.
 */
final class TileAccumulator {
    /** exp(factor·(C_j − C_{j−1})): the ratio of g1d between neighbouring columns ({@link DiffusionRow}). */
    private final double[] columnStep;
    private final PreparedModel model;
    private final AngleScaling scaling;
    private final double[] contrast;
    private final double[] offset;
    private final double weight;
    private final int n;
    private final int p;
    private final int angleStart;
    private final int angleEnd;

    TileAccumulator(PreparedModel model, AngleScaling scaling, double sigma, int n, int angleStart, int angleEnd) {
        this.model = model;
        this.scaling = scaling;
        this.contrast = scaling.contrast();
        this.offset = scaling.offset();
        this.weight = 1.0 / (sigma * sigma);
        this.n = n;
        this.p = model.mode().physicalCount();
        this.angleStart = angleStart;
        this.angleEnd = angleEnd;
        this.columnStep = DiffusionRow.columnSteps(model, n);
    }

    /**
     * @param values      the batch buffer
     * @param pairsPerAngle stride between angles in the buffer
     * @param firstPair   index (within one angle's block) of the tile's first pair
     */
    NormalEquations accumulate(float[] values, long pairsPerAngle, long firstPair, int rowStart, int rowEnd) {
        // one fast path per model (AnalysisMode is the model id; the switch has no default, so a new
        // mode does not compile until it has a CPU path)
        NormalEquations ne = switch (model.mode()) {
            case STATIC -> staticModel(values, pairsPerAngle, firstPair, rowStart, rowEnd);
            case LAMINAR_FLOW -> laminar(values, pairsPerAngle, firstPair, rowStart, rowEnd);
        };
        if (ne == null) {
            ne = direct(values, pairsPerAngle, firstPair, rowStart, rowEnd);
        }
        return ne.symmetrize();
    }

    private NormalEquations staticModel(float[] values, long stride, long firstPair, int rowStart, int rowEnd) {
        final int na = angleEnd - angleStart;
        final double[] c = model.c();
        final double[] d0 = model.dc()[0];
        final double[] d1 = model.dc()[1];
        final double[] d2 = model.dc()[2];
        final double fac = model.diffusionFactor();
        final double[] ca = new double[na];
        final double[] oa = new double[na];
        final double[] chi2 = new double[na];
        final double[] sgc = new double[na];
        final double[] sgo = new double[na];
        double sumC2 = 0;
        for (int k = 0; k < na; k++) {
            ca[k] = contrast[angleStart + k];
            oa[k] = offset[angleStart + k];
            sumC2 += ca[k] * ca[k];
        }
        // Σ g1²·u·uᵀ (upper triangle), Σ g1d·t·u with t = Σ_a c_a·e_a, and the data-free sums
        double h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
        double r0 = 0, r1 = 0, r2 = 0;
        double s44 = 0, s42 = 0, count = 0;
        double cc0 = 0, cc1 = 0, cc2 = 0, co0 = 0, co1 = 0, co2 = 0;
        DiffusionRow row = new DiffusionRow(columnStep);
        long idx = firstPair;
        for (int i = rowStart; i < rowEnd; i++) {
            final double ci = c[i];
            final double a0 = d0[i];
            final double a1 = d1[i];
            final double a2 = d2[i];
            row.reset();
            for (int j = i + 1; j < n; j++, idx++) {
                double x = ci - c[j];
                double dist = Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
                double arg = fac * dist;
                double g1 = row.next(j, x, arg);
                double scale = DiffusionRow.clamped(arg) ? 0.0 : g1 * fac * x / dist;
                double g1sq;
                if (g1 > PreparedModel.G1_FLOOR) {
                    g1sq = g1 * g1;
                } else {
                    g1sq = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;
                    scale = 0.0;
                }
                double u0 = scale * (a0 - d0[j]);
                double u1 = scale * (a1 - d1[j]);
                double u2 = scale * (a2 - d2[j]);
                double t = 0;
                long vi = idx;
                for (int k = 0; k < na; k++, vi += stride) {
                    float v = values[(int) vi];
                    if (!Float.isFinite(v)) {
                        return null;
                    }
                    double e = v - (oa[k] + ca[k] * g1sq);
                    chi2[k] += e * e;
                    t += ca[k] * e;
                    sgc[k] += g1sq * e;
                    sgo[k] += e;
                }
                double wq = g1sq;
                h00 += wq * u0 * u0;
                h01 += wq * u0 * u1;
                h02 += wq * u0 * u2;
                h11 += wq * u1 * u1;
                h12 += wq * u1 * u2;
                h22 += wq * u2 * u2;
                double gt = g1 * t;
                r0 += gt * u0;
                r1 += gt * u1;
                r2 += gt * u2;
                s44 += g1sq * g1sq;
                s42 += g1sq;
                count += 1;
                double gg = g1sq * g1;
                cc0 += gg * u0;
                cc1 += gg * u1;
                cc2 += gg * u2;
                co0 += g1 * u0;
                co1 += g1 * u1;
                co2 += g1 * u2;
            }
        }
        NormalEquations ne = new NormalEquations(3, model.angleCount());
        double w = weight;
        double[] h = ne.physHess();
        double hs = 4.0 * sumC2 * w;
        h[0] = hs * h00;
        h[1] = hs * h01;
        h[2] = hs * h02;
        h[4] = hs * h11;
        h[5] = hs * h12;
        h[8] = hs * h22;
        double[] gr = ne.physGrad();
        gr[0] = -2.0 * w * r0;
        gr[1] = -2.0 * w * r1;
        gr[2] = -2.0 * w * r2;
        double[] sh = ne.scaleHess();
        double[] sg = ne.scaleGrad();
        double[] cp = ne.coupling();
        long pts = (long) count;
        for (int k = 0; k < na; k++) {
            int a = angleStart + k;
            sh[3 * a] = w * s44;
            sh[3 * a + 1] = w * s42;
            sh[3 * a + 2] = w * count;
            sg[2 * a] = -w * sgc[k];
            sg[2 * a + 1] = -w * sgo[k];
            double f = 2.0 * ca[k] * w;
            cp[(2 * a) * 3] = f * cc0;
            cp[(2 * a) * 3 + 1] = f * cc1;
            cp[(2 * a) * 3 + 2] = f * cc2;
            cp[(2 * a + 1) * 3] = f * co0;
            cp[(2 * a + 1) * 3 + 1] = f * co1;
            cp[(2 * a + 1) * 3 + 2] = f * co2;
            ne.addAngleTotals(a, w * chi2[k], pts);
        }
        return ne;
    }

    private NormalEquations laminar(float[] values, long stride, long firstPair, int rowStart, int rowEnd) {
        final int na = angleEnd - angleStart;
        final double[] c = model.c();
        final double[] d0 = model.dc()[0];
        final double[] d1 = model.dc()[1];
        final double[] d2 = model.dc()[2];
        final double[] g = model.g();
        final double[] e0 = model.dg()[0];
        final double[] e1 = model.dg()[1];
        final double[] e2 = model.dg()[2];
        final double fac = model.diffusionFactor();
        final double kPhase = model.phaseFactor();
        final boolean physicalConv = model.physicalConvention();
        final double[] ca = new double[na];
        final double[] oa = new double[na];
        final double[] kcos = new double[na];
        final double[] ksin = new double[na];
        for (int k = 0; k < na; k++) {
            int a = angleStart + k;
            ca[k] = contrast[a];
            oa[k] = offset[a];
            kcos[k] = kPhase * model.cosAngle()[a];
            ksin[k] = -kPhase * model.sinAngle()[a] * (Math.PI / 180.0);
        }
        final double[] chi2 = new double[na];
        final double[] s44 = new double[na];
        final double[] s42 = new double[na];
        final double[] sgc = new double[na];
        final double[] sgo = new double[na];
        // coupling per angle: [contrast row: u(3), v(3), phi0][offset row: same] = 14 per angle
        final double[] cpl = new double[14 * na];
        // p×p physical block, upper triangle, canonical order (u0 u1 u2 v0 v1 v2 γ)
        final double[] hess = new double[49];
        final double[] grad = new double[7];
        double count = 0;
        DiffusionRow row = new DiffusionRow(columnStep);
        long idx = firstPair;
        for (int i = rowStart; i < rowEnd; i++) {
            final double ci = c[i];
            final double gi = g[i];
            row.reset();
            for (int j = i + 1; j < n; j++, idx++) {
                double x = ci - c[j];
                double dist = Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
                double arg = fac * dist;
                double g1d = row.next(j, x, arg);
                double scale = DiffusionRow.clamped(arg) ? 0.0 : g1d * fac * x / dist;
                double u0 = scale * (d0[i] - d0[j]);
                double u1 = scale * (d1[i] - d1[j]);
                double u2 = scale * (d2[i] - d2[j]);
                double y = gi - g[j];
                double dG = Math.sqrt(y * y + PreparedModel.DISTANCE_EPS2);
                double yr = y / dG;
                double v0 = yr * (e0[i] - e0[j]);
                double v1 = yr * (e1[i] - e1[j]);
                double v2 = yr * (e2[i] - e2[j]);
                double saa = 0, sbb = 0, sab = 0, sag = 0, sbg = 0, sgg = 0;
                double ta = 0, tb = 0, tg = 0;
                long vi = idx;
                for (int k = 0; k < na; k++, vi += stride) {
                    float val = values[(int) vi];
                    if (!Float.isFinite(val)) {
                        return null;
                    }
                    double phase = kcos[k] * dG;
                    double s;
                    double sp;
                    if (Math.abs(phase) < PreparedModel.SINC_SERIES_LIMIT) {
                        double p2 = phase * phase;
                        s = 1.0 - p2 / 6.0 + p2 * p2 / 120.0;
                        sp = -phase / 3.0 + phase * p2 / 30.0;
                    } else {
                        double sn = Math.sin(phase);
                        double cs = Math.cos(phase);
                        double inv = 1.0 / phase;
                        s = sn * inv;
                        sp = (cs - s) * inv;
                    }
                    double shape;
                    double dshape;
                    if (physicalConv) {
                        shape = s;
                        dshape = sp;
                    } else {
                        shape = s * s;
                        dshape = 2.0 * s * sp;
                    }
                    double g1 = g1d * shape;
                    double g1sq;
                    double alpha;
                    double beta;
                    double gamma;
                    if (Math.abs(g1) > PreparedModel.G1_FLOOR) {
                        g1sq = g1 * g1;
                        double twoCg1 = 2.0 * ca[k] * g1;
                        alpha = twoCg1 * shape;
                        double sh = twoCg1 * g1d * dshape;
                        beta = sh * kcos[k];
                        gamma = sh * ksin[k] * dG;
                    } else {
                        g1sq = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;
                        alpha = 0.0;
                        beta = 0.0;
                        gamma = 0.0;
                    }
                    double e = val - (oa[k] + ca[k] * g1sq);
                    chi2[k] += e * e;
                    s44[k] += g1sq * g1sq;
                    s42[k] += g1sq;
                    sgc[k] += g1sq * e;
                    sgo[k] += e;
                    saa += alpha * alpha;
                    sbb += beta * beta;
                    sab += alpha * beta;
                    sag += alpha * gamma;
                    sbg += beta * gamma;
                    sgg += gamma * gamma;
                    ta += alpha * e;
                    tb += beta * e;
                    tg += gamma * e;
                    int o = 14 * k;
                    double qa = g1sq * alpha;
                    double qb = g1sq * beta;
                    cpl[o] += qa * u0;
                    cpl[o + 1] += qa * u1;
                    cpl[o + 2] += qa * u2;
                    cpl[o + 3] += qb * v0;
                    cpl[o + 4] += qb * v1;
                    cpl[o + 5] += qb * v2;
                    cpl[o + 6] += g1sq * gamma;
                    cpl[o + 7] += alpha * u0;
                    cpl[o + 8] += alpha * u1;
                    cpl[o + 9] += alpha * u2;
                    cpl[o + 10] += beta * v0;
                    cpl[o + 11] += beta * v1;
                    cpl[o + 12] += beta * v2;
                    cpl[o + 13] += gamma;
                }
                count += 1;
                // outer products once per pair
                hess[0] += saa * u0 * u0;
                hess[1] += saa * u0 * u1;
                hess[2] += saa * u0 * u2;
                hess[8] += saa * u1 * u1;
                hess[9] += saa * u1 * u2;
                hess[16] += saa * u2 * u2;
                hess[24] += sbb * v0 * v0;
                hess[25] += sbb * v0 * v1;
                hess[26] += sbb * v0 * v2;
                hess[32] += sbb * v1 * v1;
                hess[33] += sbb * v1 * v2;
                hess[40] += sbb * v2 * v2;
                hess[3] += sab * u0 * v0;
                hess[4] += sab * u0 * v1;
                hess[5] += sab * u0 * v2;
                hess[10] += sab * u1 * v0;
                hess[11] += sab * u1 * v1;
                hess[12] += sab * u1 * v2;
                hess[17] += sab * u2 * v0;
                hess[18] += sab * u2 * v1;
                hess[19] += sab * u2 * v2;
                hess[6] += sag * u0;
                hess[13] += sag * u1;
                hess[20] += sag * u2;
                hess[27] += sbg * v0;
                hess[34] += sbg * v1;
                hess[41] += sbg * v2;
                hess[48] += sgg;
                grad[0] += ta * u0;
                grad[1] += ta * u1;
                grad[2] += ta * u2;
                grad[3] += tb * v0;
                grad[4] += tb * v1;
                grad[5] += tb * v2;
                grad[6] += tg;
            }
        }
        NormalEquations ne = new NormalEquations(7, model.angleCount());
        double w = weight;
        double[] h = ne.physHess();
        for (int r = 0; r < 7; r++) {
            for (int col = r; col < 7; col++) {
                h[r * 7 + col] = w * hess[r * 7 + col];
            }
        }
        double[] gr = ne.physGrad();
        for (int r = 0; r < 7; r++) {
            gr[r] = -w * grad[r];
        }
        double[] sh = ne.scaleHess();
        double[] sg = ne.scaleGrad();
        double[] cp = ne.coupling();
        long pts = (long) count;
        for (int k = 0; k < na; k++) {
            int a = angleStart + k;
            sh[3 * a] = w * s44[k];
            sh[3 * a + 1] = w * s42[k];
            sh[3 * a + 2] = w * count;
            sg[2 * a] = -w * sgc[k];
            sg[2 * a + 1] = -w * sgo[k];
            for (int q = 0; q < 7; q++) {
                cp[(2 * a) * 7 + q] = w * cpl[14 * k + q];
                cp[(2 * a + 1) * 7 + q] = w * cpl[14 * k + 7 + q];
            }
            ne.addAngleTotals(a, w * chi2[k], pts);
        }
        return ne;
    }

    /** Per-point path ({@link ReferenceAccumulator}); used for tiles that contain masked values. */
    private NormalEquations direct(float[] values, long stride, long firstPair, int rowStart, int rowEnd) {
        NormalEquations ne = new NormalEquations(p, model.angleCount());
        ReferenceAccumulator.accumulateRows(model, scaling, weight, values, n, stride, firstPair, rowStart, rowEnd,
                angleStart, angleEnd, ne);
        return ne;
    }
}
