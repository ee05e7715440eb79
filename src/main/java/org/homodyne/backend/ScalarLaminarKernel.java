package org.homodyne.backend;

import org.homodyne.model.PreparedModel;

/**
 * The laminar kernel in plain Java: the operations of {@link VectorLaminarKernel}, in the same order,
 * one lane at a time (so both give the same bits for the same lane count; tested). Runs where the
 * Vector API is not enabled.
 */
final class ScalarLaminarKernel extends LaminarKernel {
    private static final double FLOOR_SQ = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;

    private final int lanes;

    ScalarLaminarKernel(int lanes) {
        this.lanes = lanes;
    }

    @Override
    int lanes() {
        return lanes;
    }

    @Override
    String description() {
        return "scalar, sums in " + lanes + " lanes";
    }

    @Override
    void addAngle(PairBlock b, float[] values, int blockOffset, ShearAngle angle, boolean physical,
                  double[] angleSums) {
        final int nl = lanes;
        final double kc = angle.phasePerDG();
        final double ks = angle.phi0PerDG();
        final double ca = angle.contrast();
        final double oa = angle.offset();
        final double twoC = angle.twoContrast();
        final SinCos sc = new SinCos();
        final int size = b.size;
        // lane by lane (positions l, l + lanes, …): each lane's sums stay in local variables and see
        // their points in the order the vector kernel's lane does
        for (int l = 0; l < nl; l++) {
            double chi2 = 0;
            double g4 = 0;
            double g2 = 0;
            double g2e = 0;
            double se = 0;
            double cu0 = 0;
            double cu1 = 0;
            double cu2 = 0;
            double cv0 = 0;
            double cv1 = 0;
            double cv2 = 0;
            double cg = 0;
            double ou0 = 0;
            double ou1 = 0;
            double ou2 = 0;
            double ov0 = 0;
            double ov1 = 0;
            double ov2 = 0;
            double og = 0;
            for (int pos = l; pos < b.padded; pos += nl) {
                double val = pos < size ? values[blockOffset + pos] : 0f;
                double dG = b.dG[pos];
                double g1d = b.g1d[pos];
                double theta = dG * kc;
                sc.set(theta);
                double inv = 1.0 / theta;
                double s = sc.sin * inv;
                double sp = (sc.cos - s) * inv;
                if (Math.abs(theta) < PreparedModel.SINC_SERIES_LIMIT) {
                    double p2 = theta * theta;
                    s = 1.0 - p2 / 6.0 + p2 * p2 / 120.0;
                    sp = -theta / 3.0 + theta * p2 / 30.0;
                }
                double shape;
                double dshape;
                if (physical) {
                    shape = s;
                    dshape = sp;
                } else {
                    shape = s * s;
                    dshape = s * 2.0 * sp;
                }
                double g1 = g1d * shape;
                boolean above = Math.abs(g1) > PreparedModel.G1_FLOOR;
                double twoCg1 = g1 * twoC;
                double g1sq = above ? g1 * g1 : FLOOR_SQ;
                double sh = twoCg1 * g1d * dshape;
                double live = b.live[pos];
                g1sq = g1sq * live;
                double alpha = above ? twoCg1 * shape : 0.0;
                double beta = above ? sh * kc : 0.0;
                double gamma = above ? sh * ks * dG : 0.0;
                double e = (val - (g1sq * ca + oa)) * live;

                chi2 = Math.fma(e, e, chi2);
                g4 = Math.fma(g1sq, g1sq, g4);
                g2 = g2 + g1sq;
                g2e = Math.fma(g1sq, e, g2e);
                se = se + e;

                b.aa[pos] = Math.fma(alpha, alpha, b.aa[pos]);
                b.bb[pos] = Math.fma(beta, beta, b.bb[pos]);
                b.ab[pos] = Math.fma(alpha, beta, b.ab[pos]);
                b.ag[pos] = Math.fma(alpha, gamma, b.ag[pos]);
                b.bg[pos] = Math.fma(beta, gamma, b.bg[pos]);
                b.gg[pos] = Math.fma(gamma, gamma, b.gg[pos]);
                b.ae[pos] = Math.fma(alpha, e, b.ae[pos]);
                b.be[pos] = Math.fma(beta, e, b.be[pos]);
                b.ge[pos] = Math.fma(gamma, e, b.ge[pos]);

                double qa = g1sq * alpha;
                double qb = g1sq * beta;
                cu0 = Math.fma(qa, b.u0[pos], cu0);
                cu1 = Math.fma(qa, b.u1[pos], cu1);
                cu2 = Math.fma(qa, b.u2[pos], cu2);
                cv0 = Math.fma(qb, b.v0[pos], cv0);
                cv1 = Math.fma(qb, b.v1[pos], cv1);
                cv2 = Math.fma(qb, b.v2[pos], cv2);
                cg = Math.fma(g1sq, gamma, cg);
                ou0 = Math.fma(alpha, b.u0[pos], ou0);
                ou1 = Math.fma(alpha, b.u1[pos], ou1);
                ou2 = Math.fma(alpha, b.u2[pos], ou2);
                ov0 = Math.fma(beta, b.v0[pos], ov0);
                ov1 = Math.fma(beta, b.v1[pos], ov1);
                ov2 = Math.fma(beta, b.v2[pos], ov2);
                og = og + gamma;
            }
            angleSums[CHI2 * nl + l] += chi2;
            angleSums[G1_4 * nl + l] += g4;
            angleSums[G1_2 * nl + l] += g2;
            angleSums[G1_2_E * nl + l] += g2e;
            angleSums[E * nl + l] += se;
            int c = CONTRAST_COUPLING * nl + l;
            angleSums[c] += cu0;
            angleSums[c + nl] += cu1;
            angleSums[c + 2 * nl] += cu2;
            angleSums[c + 3 * nl] += cv0;
            angleSums[c + 4 * nl] += cv1;
            angleSums[c + 5 * nl] += cv2;
            angleSums[c + 6 * nl] += cg;
            int o = OFFSET_COUPLING * nl + l;
            angleSums[o] += ou0;
            angleSums[o + nl] += ou1;
            angleSums[o + 2 * nl] += ou2;
            angleSums[o + 3 * nl] += ov0;
            angleSums[o + 4 * nl] += ov1;
            angleSums[o + 5 * nl] += ov2;
            angleSums[o + 6 * nl] += og;
        }
    }

    @Override
    void addOuterProducts(PairBlock b, double[] out) {
        final int nl = lanes;
        for (int pos = 0; pos < b.padded; pos++) {
            final int l = pos % nl;
            for (int r = 0; r < 3; r++) {
                double ur = r == 0 ? b.u0[pos] : r == 1 ? b.u1[pos] : b.u2[pos];
                double vr = r == 0 ? b.v0[pos] : r == 1 ? b.v1[pos] : b.v2[pos];
                double aaUr = b.aa[pos] * ur;
                double abUr = b.ab[pos] * ur;
                double bbVr = b.bb[pos] * vr;
                for (int c = r; c < 3; c++) {
                    add(out, hess(r, c), l, aaUr, c == 0 ? b.u0[pos] : c == 1 ? b.u1[pos] : b.u2[pos]);  // Σα²·u_r·u_c
                    add(out, hess(3 + r, 3 + c), l, bbVr, c == 0 ? b.v0[pos] : c == 1 ? b.v1[pos] : b.v2[pos]);  // Σβ²·v_r·v_c
                }
                add(out, hess(r, 3), l, abUr, b.v0[pos]);        // Σαβ·u_r·v_c
                add(out, hess(r, 4), l, abUr, b.v1[pos]);
                add(out, hess(r, 5), l, abUr, b.v2[pos]);
                add(out, hess(r, 6), l, b.ag[pos], ur);          // Σαγ·u_r
                add(out, hess(3 + r, 6), l, b.bg[pos], vr);      // Σβγ·v_r
                add(out, GRAD + r, l, b.ae[pos], ur);            // Σαe·u_r
                add(out, GRAD + 3 + r, l, b.be[pos], vr);        // Σβe·v_r
            }
            out[hess(6, 6) * nl + l] = out[hess(6, 6) * nl + l] + b.gg[pos];   // Σγ²
            out[(GRAD + 6) * nl + l] = out[(GRAD + 6) * nl + l] + b.ge[pos];   // Σγe
        }
    }

    /** out[q][l] += x·y (fused). */
    private void add(double[] out, int q, int l, double x, double y) {
        int k = q * lanes + l;
        out[k] = Math.fma(x, y, out[k]);
    }
}
