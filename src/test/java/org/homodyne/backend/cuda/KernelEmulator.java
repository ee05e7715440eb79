package org.homodyne.backend.cuda;

import java.nio.ByteBuffer;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.ModelTerm;

/**
 * Java port of kernels/homodyne_accumulate.cuh for the fake driver: the same unit partition,
 * per-thread loop, raw sums, reduction tree and final sum, so that the bookkeeping of the CUDA
 * backend (chunks, residency, retries) is tested end to end without a GPU. The C++ header itself
 * is tested by KernelHostMathTest; this port is held to ReferenceAccumulator like the kernels.
 */
final class KernelEmulator {
    static final int BLOCK = DeviceSession.BLOCK_THREADS;
    static final int WARP = 32;
    static final int WARPS = BLOCK / WARP;
    private static final double DISTANCE_EPS2 = 1e-12;
    private static final double MIN_EXPONENT = -700.0;
    private static final double G1_FLOOR = 1e-10;
    private static final double SINC_SERIES_LIMIT = 1e-4;

    private KernelEmulator() {
    }

    /** Runs one accumulate launch: values, model, angles and partials are the devices' bytes. */
    static void accumulate(AccumulateLaunch l, ByteBuffer values, ByteBuffer model, ByteBuffer angles,
                           ByteBuffer partials) {
        int p = l.variant().physCount();
        int k = l.variant().rawSums();
        double[] acc = new double[BLOCK * k];
        double[] out = new double[k];
        for (long b = 0; b < l.units(); b++) {
            long unit = l.firstUnit() + b;
            java.util.Arrays.fill(acc, 0.0);
            for (int t = 0; t < BLOCK; t++) {
                threadAccumulate(l, p, k, values, model, angles, unit, t, acc, t * k);
            }
            blockReduce(acc, k, out);
            for (int q = 0; q < k; q++) {
                partials.putDouble((int) (8 * (unit * k + q)), out[q]);
            }
        }
    }

    private static void threadAccumulate(AccumulateLaunch l, int p, int k, ByteBuffer values, ByteBuffer model,
                                         ByteBuffer angles, long unit, int tid, double[] acc, int o) {
        UnitLayout u = l.layout();
        int a = (int) (unit / u.unitsPerAngle());
        long first = (unit - a * u.unitsPerAngle()) * u.unitPairs();
        long end = Math.min(first + u.unitPairs(), u.pairsPerAngle());
        long pair = first + tid;
        if (pair >= end) {
            return;
        }
        int n = l.n();
        double kc = angles.getDouble(8 * (4 * a));
        double ks = angles.getDouble(8 * (4 * a + 1));
        double contrast = angles.getDouble(8 * (4 * a + 2));
        double offset = angles.getDouble(8 * (4 * a + 3));
        long base = a * u.pairsPerAngle() - l.valuesFirst();
        int[] ij = locate(n, u.rowOffset0() + pair);
        double[] uu = new double[p];
        double[] h = new double[1];
        for (; pair < end; pair += BLOCK) {
            float v = values.getFloat((int) (l.valuesOffset() + 4 * (base + pair)));
            if (Float.isFinite(v)) {
                pairG1(l, p, model, n, kc, ks, ij[0], ij[1], h, uu);
                double e = (double) v - (offset + contrast * h[0]);
                accumulatePoint(acc, o, p, e, h[0], uu);
            }
            advance(n, BLOCK, ij);
        }
    }

    static long rowFirstIndex(int n, long i) {
        return i * (2L * n - 1 - i) / 2;
    }

    /** hm::locate_pair. */
    static int[] locate(int n, long g) {
        double b = 2.0 * n - 1.0;
        double disc = b * b - 8.0 * (double) g;
        long r = (long) ((b - Math.sqrt(disc > 0.0 ? disc : 0.0)) * 0.5);
        r = Math.max(0, Math.min(r, n - 2));
        while (r > 0 && rowFirstIndex(n, r) > g) {
            r--;
        }
        while (r < n - 2 && rowFirstIndex(n, r + 1) <= g) {
            r++;
        }
        return new int[]{(int) r, (int) (r + 1 + (g - rowFirstIndex(n, r)))};
    }

    /** hm::advance_pair. */
    static void advance(int n, int step, int[] ij) {
        int ii = ij[0];
        int jj = ij[1] + step;
        while (jj >= n && ii < n - 1) {
            jj = jj - n + ii + 2;
            ii++;
        }
        ij[0] = ii;
        ij[1] = jj;
    }

    private static double m(ByteBuffer model, int array, int n, int idx) {
        return model.getDouble(8 * (array * n + idx));
    }

    /** hm::pair_g1. */
    private static void pairG1(AccumulateLaunch l, int p, ByteBuffer model, int n, double kc, double ks, int i,
                               int j, double[] hOut, double[] u) {
        double f = l.diffusionFactor();
        double x = m(model, 0, n, i) - m(model, 0, n, j);
        double dC = Math.sqrt(x * x + DISTANCE_EPS2);
        double exponent = f * dC;
        boolean clamped = exponent < MIN_EXPONENT;
        double g1d = Math.exp(clamped ? MIN_EXPONENT : exponent);
        double scale = clamped ? 0.0 : g1d * f * x / dC;
        double[] d = new double[3];
        for (int q = 0; q < 3; q++) {
            d[q] = m(model, 1 + q, n, i) - m(model, 1 + q, n, j);
        }
        double g1;
        double[] dg1 = new double[p];
        if (!l.variant().mode().has(ModelTerm.SHEAR)) {
            g1 = g1d;
            for (int q = 0; q < 3; q++) {
                dg1[q] = scale * d[q];
            }
        } else {
            boolean physical = l.variant().physicalConvention();
            double y = m(model, 4, n, i) - m(model, 4, n, j);
            double dG = Math.sqrt(y * y + DISTANCE_EPS2);
            double phase = kc * dG;
            double s;
            double sPrime;
            if (Math.abs(phase) < SINC_SERIES_LIMIT) {
                double x2 = phase * phase;
                s = 1.0 - x2 / 6.0 + x2 * x2 / 120.0;
                sPrime = -phase / 3.0 + phase * phase * phase / 30.0;
            } else {
                double sn = Math.sin(phase);
                double cs = Math.cos(phase);
                s = sn / phase;
                sPrime = (phase * cs - sn) / (phase * phase);
            }
            double shape = physical ? s : s * s;
            double dShape = physical ? sPrime : 2.0 * s * sPrime;
            g1 = g1d * shape;
            for (int q = 0; q < 3; q++) {
                dg1[q] = scale * d[q] * shape;
            }
            double dPhaseScale = kc * y / dG;
            double common = g1d * dShape;
            for (int q = 0; q < 3; q++) {
                dg1[3 + q] = common * dPhaseScale * (m(model, 5 + q, n, i) - m(model, 5 + q, n, j));
            }
            dg1[6] = common * (ks * dG);
        }
        if (Math.abs(g1) > G1_FLOOR) {
            hOut[0] = g1 * g1;
            for (int q = 0; q < p; q++) {
                u[q] = 2.0 * g1 * dg1[q];
            }
        } else {
            hOut[0] = G1_FLOOR * G1_FLOOR;
            java.util.Arrays.fill(u, 0.0);
        }
    }

    /** hm::accumulate_point (raw layout of hm::RawLayout). */
    private static void accumulatePoint(double[] acc, int o, int p, double e, double h, double[] u) {
        int uu = 2;
        int ue = uu + p * (p + 1) / 2;
        int hh = ue + p;
        int hu = hh + 4;
        int uo = hu + p;
        acc[o] += e * e;
        acc[o + 1] += 1.0;
        for (int r = 0; r < p; r++) {
            for (int c = r; c < p; c++) {
                acc[o + uu + r * p - r * (r - 1) / 2 + (c - r)] += u[r] * u[c];
            }
        }
        for (int r = 0; r < p; r++) {
            acc[o + ue + r] += u[r] * e;
        }
        acc[o + hh] += h * h;
        acc[o + hh + 1] += h;
        acc[o + hh + 2] += h * e;
        acc[o + hh + 3] += e;
        for (int r = 0; r < p; r++) {
            acc[o + hu + r] += h * u[r];
            acc[o + uo + r] += u[r];
        }
    }

    /** hm::block_reduce_host: shuffle tree per warp, then warps in order. */
    static void blockReduce(double[] acc, int k, double[] out) {
        double[] warpSums = new double[WARPS * k];
        double[] v = new double[WARP];
        for (int w = 0; w < WARPS; w++) {
            for (int q = 0; q < k; q++) {
                for (int l = 0; l < WARP; l++) {
                    v[l] = acc[(w * WARP + l) * k + q];
                }
                for (int off = WARP / 2; off > 0; off >>= 1) {
                    for (int l = 0; l < off; l++) {
                        v[l] += v[l + off];
                    }
                }
                warpSums[w * k + q] = v[0];
            }
        }
        for (int q = 0; q < k; q++) {
            double s = warpSums[q];
            for (int w = 1; w < WARPS; w++) {
                s += warpSums[w * k + q];
            }
            out[q] = s;
        }
    }

    /** hd_finalize_*: zeros, then hm::finalize_entry for every raw sum. */
    static void finalizeSums(FinalizeLaunch f, ByteBuffer partials, ByteBuffer angles, ByteBuffer out) {
        int p = f.variant().physCount();
        int k = f.variant().rawSums();
        int na = f.anglesTotal();
        NormalEquations.FlatLayout flat = new NormalEquations.FlatLayout(p, na);
        int size = flat.size();
        for (int i = 0; i < size; i++) {
            out.putDouble(8 * i, 0.0);
        }
        int uu = 2;
        int ue = uu + p * (p + 1) / 2;
        int hh = ue + p;
        int hu = hh + 4;
        int uo = hu + p;
        int oHess = flat.physHess();
        int oGrad = flat.physGrad();
        int oSh = flat.scaleHess();
        int oSg = flat.scaleGrad();
        int oCp = flat.coupling();
        int oChi = flat.chi2PerAngle();
        int oPts = flat.pointsPerAngle();
        double w = f.weight();
        for (int q = 0; q < k; q++) {
            int r = -1;
            int c = -1;
            if (q >= uu && q < ue) {
                int idx = q - uu;
                for (int row = 0; row < p; row++) {
                    int len = p - row;
                    if (idx < len) {
                        r = row;
                        c = row + idx;
                        break;
                    }
                    idx -= len;
                }
            }
            double total = 0.0;
            for (int a = 0; a < f.anglesLocal(); a++) {
                double s = 0.0;
                for (long un = 0; un < f.unitsPerAngle(); un++) {
                    s += partials.getDouble((int) (8 * ((a * f.unitsPerAngle() + un) * k + q)));
                }
                int ag = f.angleStart() + a;
                double contrast = angles.getDouble(8 * (4 * a + 2));
                if (q == 0) {
                    double chi2 = w * s;
                    out.putDouble(8 * (oChi + ag), chi2);
                    total += chi2;
                } else if (q == 1) {
                    out.putDouble(8 * (oPts + ag), s);
                    out.putDouble(8 * (oSh + 3 * ag + 2), w * s);
                    total += s;
                } else if (q < ue) {
                    total += (w * contrast * contrast) * s;
                } else if (q < hh) {
                    total += -(w * contrast) * s;
                } else if (q == hh) {
                    out.putDouble(8 * (oSh + 3 * ag), w * s);
                } else if (q == hh + 1) {
                    out.putDouble(8 * (oSh + 3 * ag + 1), w * s);
                } else if (q == hh + 2) {
                    out.putDouble(8 * (oSg + 2 * ag), -(w * s));
                } else if (q == hh + 3) {
                    out.putDouble(8 * (oSg + 2 * ag + 1), -(w * s));
                } else if (q < uo) {
                    out.putDouble(8 * (oCp + (2 * ag) * p + (q - hu)), (w * contrast) * s);
                } else {
                    out.putDouble(8 * (oCp + (2 * ag + 1) * p + (q - uo)), (w * contrast) * s);
                }
            }
            if (q == 0) {
                out.putDouble(8 * flat.chi2(), total);
            } else if (q == 1) {
                out.putDouble(8 * flat.points(), total);
            } else if (q >= uu && q < ue) {
                out.putDouble(8 * (oHess + r * p + c), total);
                out.putDouble(8 * (oHess + c * p + r), total);
            } else if (q >= ue && q < hh) {
                out.putDouble(8 * (oGrad + (q - ue)), total);
            }
        }
    }
}
