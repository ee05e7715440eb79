package org.homodyne.backend;

import static org.homodyne.backend.SinCos.C1;
import static org.homodyne.backend.SinCos.C2;
import static org.homodyne.backend.SinCos.C3;
import static org.homodyne.backend.SinCos.C4;
import static org.homodyne.backend.SinCos.C5;
import static org.homodyne.backend.SinCos.C6;
import static org.homodyne.backend.SinCos.S1;
import static org.homodyne.backend.SinCos.S2;
import static org.homodyne.backend.SinCos.S3;
import static org.homodyne.backend.SinCos.S4;
import static org.homodyne.backend.SinCos.S5;
import static org.homodyne.backend.SinCos.S6;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.homodyne.model.PreparedModel;

/**
 * The laminar kernel on the Vector API (jdk.incubator.vector): one vector of consecutive pairs of a
 * {@link PairBlock} at a time, in the machine's preferred width (8 doubles with AVX-512, 4 with AVX2).
 *
 * <p>Only operations whose every lane is an IEEE-754 operation are used (add, mul, div, fma, compare,
 * blend, bit operations, float→double), never the Vector API's transcendental functions or lane
 * reductions, whose results may differ between the intrinsic and the Java fallback that runs before
 * the JIT has compiled this class. So a tile gives the same bits whether this code runs interpreted or
 * compiled, and the same bits as {@link ScalarLaminarKernel} with the same lane count (tested).
 *
 * <p>Loaded by reflection from {@link LaminarKernel#choose}, so the other classes never link against
 * the incubator module.
 */
final class VectorLaminarKernel extends LaminarKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** floats with as many lanes as S (half its width). */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int L = S.length();
    private static final double FLOOR_SQ = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;

    @Override
    int lanes() {
        return L;
    }

    @Override
    String description() {
        return "SIMD (jdk.incubator.vector), " + L + " doubles per vector";
    }

    @Override
    void addAngle(PairBlock b, float[] values, int blockOffset, ShearAngle angle, boolean physical,
                  double[] angleSums) {
        // Three loops, each small enough for C2 to compile with every Vector API call inlined (one big loop
        // was not: a call left out of line boxes its vector arguments) and with a modest compiler arena
        // (C2's memory for one method grows faster than its size); the points pass through the block's
        // scratch arrays in between.
        sinCos(b, angle.phasePerDG());
        pointwise(b, values, blockOffset, angle, physical);
        sums(b, angleSums);
    }

    /** sin Φ and cos Φ (Φ = K_a·ΔG) of the block's pairs into its scratch arrays: {@link SinCos#set}, lane by lane. */
    private static void sinCos(PairBlock b, double kc) {
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector pio2a = DoubleVector.broadcast(S, SinCos.PIO2_1);
        final DoubleVector pio2b = DoubleVector.broadcast(S, SinCos.PIO2_2);
        final DoubleVector pio2c = DoubleVector.broadcast(S, SinCos.PIO2_3);
        for (int pos = 0; pos < b.padded; pos += L) {
            DoubleVector theta = DoubleVector.fromArray(S, b.dG, pos).mul(kc);
            DoubleVector t = theta.fma(SinCos.TWO_OVER_PI, SinCos.ROUND_MAGIC);
            DoubleVector n = t.sub(SinCos.ROUND_MAGIC);
            DoubleVector minusN = n.neg();
            DoubleVector r1 = minusN.fma(pio2a, theta);
            DoubleVector ph = n.mul(SinCos.PIO2_2);
            DoubleVector pl = n.fma(pio2b, ph.neg());
            DoubleVector y0 = r1.sub(ph);
            DoubleVector bb = y0.sub(r1);
            DoubleVector err = r1.sub(y0.sub(bb)).add(ph.neg().sub(bb));
            DoubleVector y1 = minusN.fma(pio2c, err.sub(pl));
            DoubleVector hi = y0.add(y1);
            DoubleVector lo = y1.sub(hi.sub(y0));
            DoubleVector z = hi.mul(hi);
            DoubleVector w = z.mul(z);
            // fdlibm __kernel_sin(hi, lo)
            DoubleVector rs = z.mul(S4).add(S3).mul(z).add(S2).add(z.mul(w).mul(z.mul(S6).add(S5)));
            DoubleVector v = z.mul(hi);
            DoubleVector ksin = hi.sub(z.mul(lo.mul(0.5).sub(v.mul(rs))).sub(lo).sub(v.mul(S1)));
            // fdlibm __kernel_cos(hi, lo)
            DoubleVector rc = z.mul(C3).add(C2).mul(z).add(C1).mul(z)
                    .add(w.mul(w).mul(z.mul(C6).add(C5).mul(z).add(C4)));
            DoubleVector hz = z.mul(0.5);
            DoubleVector oneMinusHz = one.sub(hz);
            DoubleVector kcos = oneMinusHz.add(one.sub(oneMinusHz).sub(hz).add(z.mul(rc).sub(hi.mul(lo))));
            // quadrant q = low bits of t: odd q swaps sin and cos (bit select with the mask −(q & 1)),
            // q & 2 flips the sign of sin, (q + 1) & 2 that of cos
            LongVector q = t.reinterpretAsLongs();
            LongVector ksinBits = ksin.reinterpretAsLongs();
            LongVector kcosBits = kcos.reinterpretAsLongs();
            LongVector swap = ksinBits.lanewise(VectorOperators.XOR, kcosBits).and(q.and(1L).neg());
            DoubleVector sn = ksinBits.lanewise(VectorOperators.XOR, swap)
                    .lanewise(VectorOperators.XOR, q.and(2L).lanewise(VectorOperators.LSHL, 62))
                    .reinterpretAsDoubles();
            DoubleVector cs = kcosBits.lanewise(VectorOperators.XOR, swap)
                    .lanewise(VectorOperators.XOR, q.add(1L).and(2L).lanewise(VectorOperators.LSHL, 62))
                    .reinterpretAsDoubles();
            if (theta.abs().compare(VectorOperators.GT, SinCos.REDUCTION_LIMIT).anyTrue()) {
                sn = largeArgument(theta, sn, true);
                cs = largeArgument(theta, cs, false);
            }
            sn.intoArray(b.sin, pos);
            cs.intoArray(b.cos, pos);
        }
    }

    /** Per point of the block: g1², α, β, γ and e into the block's scratch arrays. */
    private static void pointwise(PairBlock b, float[] values, int blockOffset, ShearAngle angle, boolean physical) {
        final double kc = angle.phasePerDG();
        final double ks = angle.phi0PerDG();
        final double ca = angle.contrast();
        final double oa = angle.offset();
        final double twoC = angle.twoContrast();
        final DoubleVector zero = DoubleVector.zero(S);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector floorSq = DoubleVector.broadcast(S, FLOOR_SQ);
        final int size = b.size;
        for (int pos = 0; pos < b.padded; pos += L) {
            FloatVector raw = pos + L <= size
                    ? FloatVector.fromArray(F, values, blockOffset + pos)
                    : FloatVector.fromArray(F, b.tailValues(values, blockOffset, pos), 0);
            DoubleVector val = (DoubleVector) raw.convertShape(VectorOperators.F2D, S, 0);
            DoubleVector dG = DoubleVector.fromArray(S, b.dG, pos);
            DoubleVector g1d = DoubleVector.fromArray(S, b.g1d, pos);
            DoubleVector theta = dG.mul(kc);
            DoubleVector sn = DoubleVector.fromArray(S, b.sin, pos);
            DoubleVector cs = DoubleVector.fromArray(S, b.cos, pos);

            // sinc and its derivative
            DoubleVector inv = one.div(theta);
            DoubleVector s = sn.mul(inv);
            DoubleVector sp = cs.sub(s).mul(inv);
            VectorMask<Double> small = theta.abs().compare(VectorOperators.LT, PreparedModel.SINC_SERIES_LIMIT);
            if (small.anyTrue()) {
                DoubleVector p2 = theta.mul(theta);
                s = s.blend(one.sub(p2.div(6.0)).add(p2.mul(p2).div(120.0)), small);
                sp = sp.blend(theta.neg().div(3.0).add(theta.mul(p2).div(30.0)), small);
            }
            DoubleVector shape;
            DoubleVector dshape;
            if (physical) {
                shape = s;
                dshape = sp;
            } else {
                shape = s.mul(s);
                dshape = s.mul(2.0).mul(sp);
            }
            DoubleVector g1 = g1d.mul(shape);
            VectorMask<Double> above = g1.abs().compare(VectorOperators.GT, PreparedModel.G1_FLOOR);
            DoubleVector twoCg1 = g1.mul(twoC);
            DoubleVector g1sq = floorSq.blend(g1.mul(g1), above);
            DoubleVector sh = twoCg1.mul(g1d).mul(dshape);
            DoubleVector live = DoubleVector.fromArray(S, b.live, pos);
            g1sq = g1sq.mul(live);
            g1sq.intoArray(b.g1sq, pos);
            zero.blend(twoCg1.mul(shape), above).intoArray(b.alpha, pos);
            zero.blend(sh.mul(kc), above).intoArray(b.beta, pos);
            zero.blend(sh.mul(ks).mul(dG), above).intoArray(b.gamma, pos);
            val.sub(g1sq.mul(ca).add(oa)).mul(live).intoArray(b.residual, pos);
        }
    }

    /** The sums of one angle's points of the block (from the scratch arrays of {@link #pointwise}). */
    private static void sums(PairBlock b, double[] angleSums) {
        final DoubleVector zero = DoubleVector.zero(S);
        DoubleVector chi2 = zero;
        DoubleVector g4 = zero;
        DoubleVector g2 = zero;
        DoubleVector g2e = zero;
        DoubleVector se = zero;
        DoubleVector cu0 = zero;
        DoubleVector cu1 = zero;
        DoubleVector cu2 = zero;
        DoubleVector cv0 = zero;
        DoubleVector cv1 = zero;
        DoubleVector cv2 = zero;
        DoubleVector cg = zero;
        DoubleVector ou0 = zero;
        DoubleVector ou1 = zero;
        DoubleVector ou2 = zero;
        DoubleVector ov0 = zero;
        DoubleVector ov1 = zero;
        DoubleVector ov2 = zero;
        DoubleVector og = zero;
        for (int pos = 0; pos < b.padded; pos += L) {
            DoubleVector g1sq = DoubleVector.fromArray(S, b.g1sq, pos);
            DoubleVector alpha = DoubleVector.fromArray(S, b.alpha, pos);
            DoubleVector beta = DoubleVector.fromArray(S, b.beta, pos);
            DoubleVector gamma = DoubleVector.fromArray(S, b.gamma, pos);
            DoubleVector e = DoubleVector.fromArray(S, b.residual, pos);
            chi2 = e.fma(e, chi2);
            g4 = g1sq.fma(g1sq, g4);
            g2 = g2.add(g1sq);
            g2e = g1sq.fma(e, g2e);
            se = se.add(e);

            alpha.fma(alpha, DoubleVector.fromArray(S, b.aa, pos)).intoArray(b.aa, pos);
            beta.fma(beta, DoubleVector.fromArray(S, b.bb, pos)).intoArray(b.bb, pos);
            alpha.fma(beta, DoubleVector.fromArray(S, b.ab, pos)).intoArray(b.ab, pos);
            alpha.fma(gamma, DoubleVector.fromArray(S, b.ag, pos)).intoArray(b.ag, pos);
            beta.fma(gamma, DoubleVector.fromArray(S, b.bg, pos)).intoArray(b.bg, pos);
            gamma.fma(gamma, DoubleVector.fromArray(S, b.gg, pos)).intoArray(b.gg, pos);
            alpha.fma(e, DoubleVector.fromArray(S, b.ae, pos)).intoArray(b.ae, pos);
            beta.fma(e, DoubleVector.fromArray(S, b.be, pos)).intoArray(b.be, pos);
            gamma.fma(e, DoubleVector.fromArray(S, b.ge, pos)).intoArray(b.ge, pos);

            DoubleVector u0 = DoubleVector.fromArray(S, b.u0, pos);
            DoubleVector u1 = DoubleVector.fromArray(S, b.u1, pos);
            DoubleVector u2 = DoubleVector.fromArray(S, b.u2, pos);
            DoubleVector v0 = DoubleVector.fromArray(S, b.v0, pos);
            DoubleVector v1 = DoubleVector.fromArray(S, b.v1, pos);
            DoubleVector v2 = DoubleVector.fromArray(S, b.v2, pos);
            DoubleVector qa = g1sq.mul(alpha);
            DoubleVector qb = g1sq.mul(beta);
            cu0 = qa.fma(u0, cu0);
            cu1 = qa.fma(u1, cu1);
            cu2 = qa.fma(u2, cu2);
            cv0 = qb.fma(v0, cv0);
            cv1 = qb.fma(v1, cv1);
            cv2 = qb.fma(v2, cv2);
            cg = g1sq.fma(gamma, cg);
            ou0 = alpha.fma(u0, ou0);
            ou1 = alpha.fma(u1, ou1);
            ou2 = alpha.fma(u2, ou2);
            ov0 = beta.fma(v0, ov0);
            ov1 = beta.fma(v1, ov1);
            ov2 = beta.fma(v2, ov2);
            og = og.add(gamma);
        }
        int k = CHI2 * L;
        chi2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = G1_4 * L;
        g4.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = G1_2 * L;
        g2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = G1_2_E * L;
        g2e.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = E * L;
        se.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = CONTRAST_COUPLING * L;
        cu0.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cu1.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cu2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cv0.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cv1.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cv2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        cg.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k = OFFSET_COUPLING * L;
        ou0.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        ou1.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        ou2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        ov0.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        ov1.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        ov2.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
        k += L;
        og.add(DoubleVector.fromArray(S, angleSums, k)).intoArray(angleSums, k);
    }

    /** sin (or cos) by Math for the lanes beyond the reduction limit, as {@link SinCos#set} does. */
    private static DoubleVector largeArgument(DoubleVector theta, DoubleVector poly, boolean sin) {
        double[] x = theta.toArray();
        double[] r = poly.toArray();
        for (int l = 0; l < L; l++) {
            if (Math.abs(x[l]) > SinCos.REDUCTION_LIMIT) {
                r[l] = sin ? Math.sin(x[l]) : Math.cos(x[l]);
            }
        }
        return DoubleVector.fromArray(S, r, 0);
    }

    @Override
    void addOuterProducts(PairBlock b, double[] out) {
        // ScalarLaminarKernel.addOuterProducts with its loops written out: a call that C2 does not inline
        // (this method is large) would box every vector argument, so there are no helper methods here
        for (int pos = 0; pos < b.padded; pos += L) {
            DoubleVector aa = DoubleVector.fromArray(S, b.aa, pos);
            DoubleVector bb = DoubleVector.fromArray(S, b.bb, pos);
            DoubleVector ab = DoubleVector.fromArray(S, b.ab, pos);
            DoubleVector ag = DoubleVector.fromArray(S, b.ag, pos);
            DoubleVector bg = DoubleVector.fromArray(S, b.bg, pos);
            DoubleVector ae = DoubleVector.fromArray(S, b.ae, pos);
            DoubleVector be = DoubleVector.fromArray(S, b.be, pos);
            DoubleVector u0 = DoubleVector.fromArray(S, b.u0, pos);
            DoubleVector u1 = DoubleVector.fromArray(S, b.u1, pos);
            DoubleVector u2 = DoubleVector.fromArray(S, b.u2, pos);
            DoubleVector v0 = DoubleVector.fromArray(S, b.v0, pos);
            DoubleVector v1 = DoubleVector.fromArray(S, b.v1, pos);
            DoubleVector v2 = DoubleVector.fromArray(S, b.v2, pos);
            int k;
            DoubleVector aaU0 = aa.mul(u0);
            k = hess(0, 0) * L;
            aaU0.fma(u0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σα²·u0·u0
            k = hess(0, 1) * L;
            aaU0.fma(u1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(0, 2) * L;
            aaU0.fma(u2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            DoubleVector abU0 = ab.mul(u0);
            k = hess(0, 3) * L;
            abU0.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαβ·u0·v_c
            k = hess(0, 4) * L;
            abU0.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(0, 5) * L;
            abU0.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(0, 6) * L;
            ag.fma(u0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαγ·u0
            DoubleVector bbV0 = bb.mul(v0);
            k = hess(3, 3) * L;
            bbV0.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβ²·v0·v0
            k = hess(3, 4) * L;
            bbV0.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(3, 5) * L;
            bbV0.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(3, 6) * L;
            bg.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβγ·v0
            k = (GRAD + 0) * L;
            ae.fma(u0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαe·u0
            k = (GRAD + 3) * L;
            be.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβe·v0
            DoubleVector aaU1 = aa.mul(u1);
            k = hess(1, 1) * L;
            aaU1.fma(u1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σα²·u1·u1
            k = hess(1, 2) * L;
            aaU1.fma(u2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            DoubleVector abU1 = ab.mul(u1);
            k = hess(1, 3) * L;
            abU1.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαβ·u1·v_c
            k = hess(1, 4) * L;
            abU1.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(1, 5) * L;
            abU1.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(1, 6) * L;
            ag.fma(u1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαγ·u1
            DoubleVector bbV1 = bb.mul(v1);
            k = hess(4, 4) * L;
            bbV1.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβ²·v1·v1
            k = hess(4, 5) * L;
            bbV1.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(4, 6) * L;
            bg.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβγ·v1
            k = (GRAD + 1) * L;
            ae.fma(u1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαe·u1
            k = (GRAD + 4) * L;
            be.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβe·v1
            DoubleVector aaU2 = aa.mul(u2);
            k = hess(2, 2) * L;
            aaU2.fma(u2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σα²·u2·u2
            DoubleVector abU2 = ab.mul(u2);
            k = hess(2, 3) * L;
            abU2.fma(v0, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαβ·u2·v_c
            k = hess(2, 4) * L;
            abU2.fma(v1, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(2, 5) * L;
            abU2.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);
            k = hess(2, 6) * L;
            ag.fma(u2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαγ·u2
            DoubleVector bbV2 = bb.mul(v2);
            k = hess(5, 5) * L;
            bbV2.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβ²·v2·v2
            k = hess(5, 6) * L;
            bg.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβγ·v2
            k = (GRAD + 2) * L;
            ae.fma(u2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σαe·u2
            k = (GRAD + 5) * L;
            be.fma(v2, DoubleVector.fromArray(S, out, k)).intoArray(out, k);   // Σβe·v2
            k = hess(6, 6) * L;
            DoubleVector.fromArray(S, out, k).add(DoubleVector.fromArray(S, b.gg, pos)).intoArray(out, k);   // Σγ²
            k = (GRAD + 6) * L;
            DoubleVector.fromArray(S, out, k).add(DoubleVector.fromArray(S, b.ge, pos)).intoArray(out, k);   // Σγe
        }
    }
}
