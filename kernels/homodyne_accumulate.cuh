// Work partition, per-thread accumulation, fixed-order reductions and the final sum of the fused
// normal-equation kernels (DESIGN "GPU path"). Everything except the warp-shuffle block reduction
// is __host__ __device__, so kernels/test/host_model_test.cpp runs the very same per-thread code on
// the host and emulates the reduction tree exactly (block_reduce_host).
//
// Work partition (independent of the GPU, so every device, and resident and streamed passes, sum
// the same numbers in the same order):
//   - a batch holds, for each of its angles, the pairs of rows [rowStart, rowEnd) of the strict
//     upper triangle, angle by angle, row by row (org.homodyne.data.Batch);
//   - each angle's pairs are cut into UNITS of unitPairs consecutive pairs (the last one shorter);
//   - one thread block of BLOCK_THREADS threads sums one unit; thread t takes pairs t, t + 256, ...
//     of the unit (coalesced loads), keeps its sums in registers, and the block reduces them in a
//     fixed tree into one "unit partial" of K raw sums;
//   - hd_finalize_* sums the unit partials of each angle in unit order, scales them and writes the
//     flat NormalEquations layout (org.homodyne.fit.NormalEquations#toFlat).
//
// Raw sums per unit, with e = c2 - g2, h = g1^2 (floored) and u = 2 g1 d g1/d theta, so that
// d g2/d theta = contrast * u, d g2/d contrast = h, d g2/d offset = 1 (weights and contrast are
// constant within a unit and applied once, in the final sum):
//   [ sum e^2, count, sum u u^T (upper, row-major), sum u e, sum h^2, sum h, sum h e, sum e,
//     sum h u, sum u ]                                             K = 6 + P(P+1)/2 + 3P
#pragma once

#include "homodyne_model.cuh"

namespace hm {

constexpr int BLOCK_THREADS = 256;
constexpr int WARP_SIZE = 32;
constexpr int WARPS = BLOCK_THREADS / WARP_SIZE;

// Offsets of the raw sums in a unit partial.
template <int P>
struct RawLayout {
    static constexpr int EE = 0;
    static constexpr int COUNT = 1;
    static constexpr int UU = 2;
    static constexpr int UE = UU + P * (P + 1) / 2;
    static constexpr int HH = UE + P;
    static constexpr int H = HH + 1;
    static constexpr int HE = H + 1;
    static constexpr int E = HE + 1;
    static constexpr int HU = E + 1;
    static constexpr int U = HU + P;
    static constexpr int K = U + P;
};

// Offsets in the flat NormalEquations layout for P physical parameters and A angles in total.
struct FlatLayout {
    int p;
    int a;
    HM_HD int chi2() const { return 0; }
    HM_HD int points() const { return 1; }
    HM_HD int hess() const { return 2; }
    HM_HD int grad() const { return 2 + p * p; }
    HM_HD int scaleHess() const { return grad() + p; }
    HM_HD int scaleGrad() const { return scaleHess() + 3 * a; }
    HM_HD int coupling() const { return scaleGrad() + 2 * a; }
    HM_HD int chi2PerAngle() const { return coupling() + 2 * a * p; }
    HM_HD int pointsPerAngle() const { return chi2PerAngle() + a; }
    HM_HD int size() const { return pointsPerAngle() + a; }
};

// Scalar arguments of one accumulate launch (the kernel's parameters, grouped).
struct AccumulateArgs {
    int n;                      // fit-grid size (matrix side)
    long long rowOffset0;       // triangle index of pair (rowStart, rowStart + 1)
    long long pairsPerAngle;    // pairs of one angle in this batch
    long long unitsPerAngle;    // ceil(pairsPerAngle / unitPairs)
    int unitPairs;              // pairs per unit (a multiple of BLOCK_THREADS)
    long long valuesFirst;      // batch index of values[0] (the launch's data may be a sub-chunk)
    double diffusionFactor;
    double phaseFactor;
};

// Triangle index of the first pair of row i: S(i) = sum_{r<i} (n-1-r) = i (2n-1-i) / 2 (exact).
HM_HD long long row_first_index(int n, long long i) {
    return i * (2LL * n - 1 - i) / 2;
}

// (i, j) of the triangle pair with index g, in closed form: the root of S(i) = g, corrected by
// at most a step or two for rounding. Done once per thread and unit; after that advance_pair.
HM_HD void locate_pair(int n, long long g, int* i, int* j) {
    double b = 2.0 * n - 1.0;
    double disc = b * b - 8.0 * (double)g;
    long long r = (long long)((b - sqrt(disc > 0.0 ? disc : 0.0)) * 0.5);
    if (r < 0) r = 0;
    if (r > n - 2) r = n - 2;
    while (r > 0 && row_first_index(n, r) > g) --r;
    while (r < n - 2 && row_first_index(n, r + 1) <= g) ++r;
    *i = (int)r;
    *j = (int)(r + 1 + (g - row_first_index(n, r)));
}

// Moves (i, j) forward by `step` pairs along the triangle. Crosses one row per loop turn, so a
// thread pays at most once per row of its unit in total, never a search over all rows.
HM_HD void advance_pair(int n, int step, int* i, int* j) {
    int ii = *i;
    int jj = *j + step;
    while (jj >= n && ii < n - 1) {
        // past (ii, n-1) comes (ii+1, ii+2)
        jj = jj - n + ii + 2;
        ++ii;
    }
    *i = ii;
    *j = jj;
}

template <int P>
HM_HD void accumulate_point(double* acc, double e, double h, const double* u) {
    typedef RawLayout<P> L;
    acc[L::EE] += e * e;
    acc[L::COUNT] += 1.0;
HM_UNROLL
    for (int r = 0; r < P; r++) {
HM_UNROLL
        for (int c = r; c < P; c++) {
            acc[L::UU + r * P - r * (r - 1) / 2 + (c - r)] += u[r] * u[c];
        }
    }
HM_UNROLL
    for (int r = 0; r < P; r++) {
        acc[L::UE + r] += u[r] * e;
    }
    acc[L::HH] += h * h;
    acc[L::H] += h;
    acc[L::HE] += h * e;
    acc[L::E] += e;
HM_UNROLL
    for (int r = 0; r < P; r++) {
        acc[L::HU + r] += h * u[r];
        acc[L::U + r] += u[r];
    }
}

// Unit number `unit` (angle-major: unit = localAngle * unitsPerAngle + u) as seen by thread tid:
// adds the thread's valid pairs to acc (K raw sums, zeroed by the caller).
//   values: the launch's data, values[k] is batch value valuesFirst + k
//   packedModel: see model_view; angles: 4 doubles (kc, ks, contrast, offset) per local angle
template <int MODEL, bool PHYSICAL>
HM_HD void thread_accumulate(const AccumulateArgs& args, const float* values, const double* packedModel,
                             const double* angles, long long unit, int tid, double* acc) {
    constexpr int P = ModelTraits<MODEL>::P;
    int a = (int)(unit / args.unitsPerAngle);
    long long first = (unit - (long long)a * args.unitsPerAngle) * args.unitPairs;
    long long end = first + args.unitPairs;
    if (end > args.pairsPerAngle) end = args.pairsPerAngle;
    long long L = first + tid;
    if (L >= end) return;
    ModelView m = model_view(packedModel, args.n, ModelTraits<MODEL>::SHEAR, args.diffusionFactor, args.phaseFactor);
    AngleConst ac;
    ac.kc = angles[4 * a];
    ac.ks = angles[4 * a + 1];
    ac.contrast = angles[4 * a + 2];
    ac.offset = angles[4 * a + 3];
    long long base = (long long)a * args.pairsPerAngle - args.valuesFirst;
    int i, j;
    locate_pair(args.n, args.rowOffset0 + L, &i, &j);
    float v = values[base + L];
    for (; L < end; L += BLOCK_THREADS) {
        // load the next value before the arithmetic of this one (hides the global-load latency)
        long long next = L + BLOCK_THREADS;
        float vNext = next < end ? values[base + next] : 0.0f;
        if (isfinite(v)) {
            double h;
            double u[P];
            pair_g1<MODEL, PHYSICAL>(m, ac, i, j, &h, u);
            double e = (double)v - (ac.offset + ac.contrast * h);
            accumulate_point<P>(acc, e, h, u);
        }
        advance_pair(args.n, BLOCK_THREADS, &i, &j);
        v = vNext;
    }
}

#ifdef __CUDACC__
// Fixed-order block reduction: a shuffle tree inside each warp (lane l adds lane l + 16, + 8, ...),
// then warp 0's, 1's, ... sums added in order by thread k for raw sum k. No atomics.
template <int K>
__device__ __forceinline__ void block_reduce(double* acc, double* out) {
    __shared__ double warpSums[WARPS][K];
    int lane = threadIdx.x & (WARP_SIZE - 1);
    int warp = threadIdx.x / WARP_SIZE;
HM_UNROLL
    for (int k = 0; k < K; k++) {
        double v = acc[k];
HM_UNROLL
        for (int off = WARP_SIZE / 2; off > 0; off >>= 1) {
            v += __shfl_down_sync(0xffffffffu, v, off);
        }
        if (lane == 0) warpSums[warp][k] = v;
    }
    __syncthreads();
    for (int k = threadIdx.x; k < K; k += BLOCK_THREADS) {
        double s = warpSums[0][k];
        for (int w = 1; w < WARPS; w++) {
            s += warpSums[w][k];
        }
        out[k] = s;
    }
}
#endif

// Host emulation of block_reduce, same additions in the same order. acc holds BLOCK_THREADS
// rows of K sums (thread-major).
template <int K>
inline void block_reduce_host(const double* acc, double* out) {
    double warpSums[WARPS][K];
    for (int w = 0; w < WARPS; w++) {
        for (int k = 0; k < K; k++) {
            double v[WARP_SIZE];
            for (int l = 0; l < WARP_SIZE; l++) {
                v[l] = acc[(w * WARP_SIZE + l) * K + k];
            }
            for (int off = WARP_SIZE / 2; off > 0; off >>= 1) {
                for (int l = 0; l < off; l++) {
                    v[l] += v[l + off];
                }
            }
            warpSums[w][k] = v[0];
        }
    }
    for (int k = 0; k < K; k++) {
        double s = warpSums[0][k];
        for (int w = 1; w < WARPS; w++) {
            s += warpSums[w][k];
        }
        out[k] = s;
    }
}

// Arguments of the final sum.
struct FinalizeArgs {
    long long unitsPerAngle;
    int anglesLocal;   // angles in the batch
    int angleStart;    // global index of the batch's first angle
    int anglesTotal;   // angles of the model (size of the flat layout)
    double w;          // 1 / sigma^2
};

// Writes every flat entry that raw sum k contributes to: sums the unit partials of each angle in
// unit order, scales by w and the angle's contrast (NormalEquations' definitions), and sums the
// physical block over angles in angle order. The caller has zeroed `out` (other angles stay 0).
template <int P>
HM_HD void finalize_entry(int k, const double* partials, const double* angles, const FinalizeArgs& fa,
                          double* out) {
    typedef RawLayout<P> L;
    const int K = L::K;
    FlatLayout f;
    f.p = P;
    f.a = fa.anglesTotal;
    // physical-block coordinates of raw sum k (for UU and UE)
    int r = -1;
    int c = -1;
    if (k >= L::UU && k < L::UE) {
        int idx = k - L::UU;
        for (int row = 0; row < P; row++) {
            int len = P - row;
            if (idx < len) {
                r = row;
                c = row + idx;
                break;
            }
            idx -= len;
        }
    }
    double w = fa.w;
    double total = 0.0;
    for (int a = 0; a < fa.anglesLocal; a++) {
        const double* p = partials + (long long)a * fa.unitsPerAngle * K + k;
        double s = 0.0;
        for (long long u = 0; u < fa.unitsPerAngle; u++) {
            s += p[u * K];
        }
        int ag = fa.angleStart + a;
        double contrast = angles[4 * a + 2];
        if (k == L::EE) {
            double chi2 = w * s;
            out[f.chi2PerAngle() + ag] = chi2;
            total += chi2;
        } else if (k == L::COUNT) {
            out[f.pointsPerAngle() + ag] = s;
            out[f.scaleHess() + 3 * ag + 2] = w * s;
            total += s;
        } else if (k < L::UE) {
            total += (w * contrast * contrast) * s;
        } else if (k < L::HH) {
            total += -(w * contrast) * s;
        } else if (k == L::HH) {
            out[f.scaleHess() + 3 * ag] = w * s;
        } else if (k == L::H) {
            out[f.scaleHess() + 3 * ag + 1] = w * s;
        } else if (k == L::HE) {
            out[f.scaleGrad() + 2 * ag] = -(w * s);
        } else if (k == L::E) {
            out[f.scaleGrad() + 2 * ag + 1] = -(w * s);
        } else if (k < L::U) {
            out[f.coupling() + (2 * ag) * P + (k - L::HU)] = (w * contrast) * s;
        } else {
            out[f.coupling() + (2 * ag + 1) * P + (k - L::U)] = (w * contrast) * s;
        }
    }
    if (k == L::EE) {
        out[f.chi2()] = total;
    } else if (k == L::COUNT) {
        out[f.points()] = total;
    } else if (k >= L::UU && k < L::UE) {
        out[f.hess() + r * P + c] = total;
        out[f.hess() + c * P + r] = total;
    } else if (k >= L::UE && k < L::HH) {
        out[f.grad() + (k - L::UE)] = total;
    }
}

}  // namespace hm
