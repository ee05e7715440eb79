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
 *   <li>the laminar model runs on {@link LaminarTile} with the {@link LaminarKernel} this JVM
 *       selected (SIMD or scalar, same bits).</li>
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
    /** The laminar path; null for the static model. */
    private final LaminarTile laminar;

    TileAccumulator(PreparedModel model, AngleScaling scaling, double sigma, int n, int angleStart, int angleEnd) {
        this(model, scaling, sigma, n, angleStart, angleEnd, model.hasShear() ? laminarKernel(model, n) : null);
    }

    /** The JVM's laminar kernel, told how many points a pass of this data has (see anticipate). */
    private static LaminarKernel laminarKernel(PreparedModel model, int n) {
        LaminarKernel k = LaminarKernel.selected();
        k.anticipate((long) n * (n - 1) / 2 * model.angleCount());
        return k;
    }

    TileAccumulator(PreparedModel model, AngleScaling scaling, double sigma, int n, int angleStart, int angleEnd,
                    LaminarKernel kernel) {
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
        this.laminar = model.hasShear()
                ? new LaminarTile(kernel, model, columnStep, scaling, weight, n, angleStart, angleEnd)
                : null;
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
            case LAMINAR_FLOW -> laminar.accumulate(values, pairsPerAngle, firstPair, rowStart, rowEnd);
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
        final double[] contrastResidual = new double[na];   // Σ g1²·e per angle: contrast gradient
        final double[] offsetResidual = new double[na];     // Σ e per angle: offset gradient
        double sumC2 = 0;
        for (int k = 0; k < na; k++) {
            ca[k] = contrast[angleStart + k];
            oa[k] = offset[angleStart + k];
            sumC2 += ca[k] * ca[k];
        }
        // h_rc = Σ g1²·u_r·u_c (upper triangle), r_r = Σ g1d·t·u_r with t = Σ_a c_a·e_a, and the sums that
        // do not involve data, common to all angles: Σ g1⁴, Σ g1², Σ g1³·u (contrast coupling / c_a),
        // Σ g1·u (offset coupling / c_a)
        double h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
        double r0 = 0, r1 = 0, r2 = 0;
        double sumG1Pow4 = 0, sumG1Sq = 0, count = 0;
        double contrastU0 = 0, contrastU1 = 0, contrastU2 = 0, offsetU0 = 0, offsetU1 = 0, offsetU2 = 0;
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
                    contrastResidual[k] += g1sq * e;
                    offsetResidual[k] += e;
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
                sumG1Pow4 += g1sq * g1sq;
                sumG1Sq += g1sq;
                count += 1;
                double gg = g1sq * g1;
                contrastU0 += gg * u0;
                contrastU1 += gg * u1;
                contrastU2 += gg * u2;
                offsetU0 += g1 * u0;
                offsetU1 += g1 * u1;
                offsetU2 += g1 * u2;
            }
        }
        NormalEquations ne = new NormalEquations(3, model.angleCount());
        double w = weight;
        double[] h = ne.physHess();
        double hs = 4.0 * sumC2 * w;
        h[0] = hs * h00;          // h[r·3 + c], c ≥ r
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
        // per angle a: sh[3a] (contrast, contrast), sh[3a+1] (contrast, offset), sh[3a+2] (offset, offset);
        // sg[2a] contrast, sg[2a+1] offset; cp row 2a (contrast × physical), row 2a+1 (offset × physical)
        for (int k = 0; k < na; k++) {
            int a = angleStart + k;
            sh[3 * a] = w * sumG1Pow4;
            sh[3 * a + 1] = w * sumG1Sq;
            sh[3 * a + 2] = w * count;
            sg[2 * a] = -w * contrastResidual[k];
            sg[2 * a + 1] = -w * offsetResidual[k];
            double f = 2.0 * ca[k] * w;
            cp[(2 * a) * 3] = f * contrastU0;
            cp[(2 * a) * 3 + 1] = f * contrastU1;
            cp[(2 * a) * 3 + 2] = f * contrastU2;
            cp[(2 * a + 1) * 3] = f * offsetU0;
            cp[(2 * a + 1) * 3 + 1] = f * offsetU1;
            cp[(2 * a + 1) * 3 + 2] = f * offsetU2;
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
