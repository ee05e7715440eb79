// Per-pair model and gradient of SPEC §1, shared by the CUDA kernels and by host programs.
//
// This is a transcription of org.homodyne.model.PairModel (the reference) in hoisted form: the
// prepared per-time-index arrays (C, dC, G, dG) come from PreparedModel, the per-angle constants
// are computed once per angle on the host. Every function is __host__ __device__ so that the very
// same arithmetic is compiled by g++ for tests on machines without a GPU (kernels/test/).
//
// Keep the operation order identical to PairModel: tests hold both to 1e-12 relative and the
// golden values to 1e-10.
#pragma once

#include <math.h>

#include <type_traits>

#ifdef __CUDACC__
#define HM_HD __host__ __device__ __forceinline__
// Full unrolling keeps the per-thread sums in registers (constant indices after unrolling).
#define HM_UNROLL _Pragma("unroll")
#else
#define HM_HD inline
#define HM_UNROLL
#endif

namespace hm {

// Constants of PreparedModel (SPEC §1).
constexpr double DISTANCE_EPS2 = 1e-12;
constexpr double MIN_EXPONENT = -700.0;
constexpr double G1_FLOOR = 1e-10;
constexpr double SINC_SERIES_LIMIT = 1e-4;

// Model ids: org.homodyne.model.AnalysisMode#modelId() (KernelHostMathTest checks both sides agree).
// Every kernel and host path is instantiated per id; the parameter count comes from ModelTraits,
// never the other way round.
enum ModelId : int {
    MODEL_STATIC = 0,        // D0, alpha, D_offset
    MODEL_LAMINAR_FLOW = 1,  // + gamma_dot_t0, beta, gamma_dot_t_offset, phi0
};

// Per model: P = number of physical parameters (AnalysisMode#physicalCount), SHEAR = whether the
// packed model has the G part (the shear term). Undefined for an unknown id (compile error).
template <int MODEL>
struct ModelTraits;

template <>
struct ModelTraits<MODEL_STATIC> {
    static constexpr int P = 3;
    static constexpr bool SHEAR = false;
};

template <>
struct ModelTraits<MODEL_LAMINAR_FLOW> {
    static constexpr int P = 7;
    static constexpr bool SHEAR = true;
};

// The prepared model for one parameter vector: pointers into one packed array
// [C | dC_D0 | dC_alpha | dC_Doffset | G | dG_g0 | dG_beta | dG_goffset], each n long
// (the G part is absent for the static model).
struct ModelView {
    int n;
    const double* c;
    const double* dc0;
    const double* dc1;
    const double* dc2;
    const double* g;
    const double* dg0;
    const double* dg1;
    const double* dg2;
    double diffusionFactor;  // -q^2 dt / 2: g1d = exp(diffusionFactor * dC)
    double phaseFactor;      // K with Phi = K cos(rad(phi0 - phi)) dG (convention dependent)
};

HM_HD ModelView model_view(const double* packed, int n, bool shear, double diffusionFactor,
                           double phaseFactor) {
    ModelView m;
    m.n = n;
    m.c = packed;
    m.dc0 = packed + n;
    m.dc1 = packed + 2 * (long long)n;
    m.dc2 = packed + 3 * (long long)n;
    m.g = shear ? packed + 4 * (long long)n : nullptr;
    m.dg0 = shear ? packed + 5 * (long long)n : nullptr;
    m.dg1 = shear ? packed + 6 * (long long)n : nullptr;
    m.dg2 = shear ? packed + 7 * (long long)n : nullptr;
    m.diffusionFactor = diffusionFactor;
    m.phaseFactor = phaseFactor;
    return m;
}

// Per-angle constants, computed on the host in PairModel's order:
// kc = K * cos(rad(phi0 - phi)), ks = (-K * sin(rad(phi0 - phi))) * (pi / 180).
struct AngleConst {
    double kc;
    double ks;
    double contrast;
    double offset;
};

HM_HD void sin_cos(double x, double* s, double* c) {
#ifdef __CUDA_ARCH__
    sincos(x, s, c);
#else
    *s = sin(x);
    *c = cos(x);
#endif
}

// sinc(x) = sin(x)/x and its derivative (x cos x - sin x)/x^2, with the series below 1e-4.
HM_HD void sinc_and_derivative(double x, double* s, double* ds) {
    if (fabs(x) < SINC_SERIES_LIMIT) {
        double x2 = x * x;
        *s = 1.0 - x2 / 6.0 + x2 * x2 / 120.0;
        *ds = -x / 3.0 + x * x * x / 30.0;
    } else {
        double sn, cs;
        sin_cos(x, &sn, &cs);
        *s = sn / x;
        *ds = (x * cs - sn) / (x * x);
    }
}

// One pair (i, j) at one angle. Returns g1 (before its floor) and writes
//   *h = g1^2 after the floor (the model is offset + contrast * h, and h = d g2 / d contrast),
//   u[k] = 2 g1 d g1 / d theta_k (zero where the floor is active), so that
//   d g2 / d theta_k = contrast * u[k].
// MODEL is a ModelId; PHYSICAL selects the shear convention (ignored when static).
// The static instantiation does no shear work at all.
template <int MODEL, bool PHYSICAL>
HM_HD double pair_g1(const ModelView& m, const AngleConst& ac, int i, int j, double* h, double* u) {
    constexpr int P = ModelTraits<MODEL>::P;
    double x = m.c[i] - m.c[j];
    double dC = sqrt(x * x + DISTANCE_EPS2);
    double exponent = m.diffusionFactor * dC;
    bool clamped = exponent < MIN_EXPONENT;
    double g1d = exp(clamped ? MIN_EXPONENT : exponent);
    // d g1d / d(D0, alpha, D_offset) = g1d * factor * x / dC * (dC_i - dC_j)
    double dG1dScale = clamped ? 0.0 : g1d * m.diffusionFactor * x / dC;
    double d0 = m.dc0[i] - m.dc0[j];
    double d1 = m.dc1[i] - m.dc1[j];
    double d2 = m.dc2[i] - m.dc2[j];
    double g1;
    double dg1[P];
    if constexpr (MODEL == MODEL_STATIC) {
        g1 = g1d;
        dg1[0] = dG1dScale * d0;
        dg1[1] = dG1dScale * d1;
        dg1[2] = dG1dScale * d2;
    } else {
        static_assert(MODEL == MODEL_LAMINAR_FLOW, "pair_g1: add the model's per-pair code");
        double y = m.g[i] - m.g[j];
        double dG = sqrt(y * y + DISTANCE_EPS2);
        double phase = ac.kc * dG;
        double s, sPrime;
        sinc_and_derivative(phase, &s, &sPrime);
        // g1 = g1d * s^2 (homodyne) or g1d * s (physical)
        double shape = PHYSICAL ? s : s * s;
        double dShapeDPhase = PHYSICAL ? sPrime : 2.0 * s * sPrime;
        g1 = g1d * shape;
        dg1[0] = dG1dScale * d0 * shape;
        dg1[1] = dG1dScale * d1 * shape;
        dg1[2] = dG1dScale * d2 * shape;
        double dPhaseScale = ac.kc * y / dG;
        double common = g1d * dShapeDPhase;
        dg1[3] = common * dPhaseScale * (m.dg0[i] - m.dg0[j]);
        dg1[4] = common * dPhaseScale * (m.dg1[i] - m.dg1[j]);
        dg1[5] = common * dPhaseScale * (m.dg2[i] - m.dg2[j]);
        dg1[6] = common * (ac.ks * dG);
    }
    // Floor on |g1|: for the homodyne convention g1 >= 0 (SPEC's rule); for the physical one the
    // negative sinc lobes keep their sign, so g1^2 keeps its lobes.
    if (fabs(g1) > G1_FLOOR) {
        *h = g1 * g1;
HM_UNROLL
        for (int k = 0; k < P; k++) {
            u[k] = 2.0 * g1 * dg1[k];
        }
    } else {
        *h = G1_FLOOR * G1_FLOOR;
HM_UNROLL
        for (int k = 0; k < P; k++) {
            u[k] = 0.0;
        }
    }
    return g1;
}

// g2 and the full gradient in PairModel.evaluate's layout: grad[0..P-1] physical, grad[P]
// contrast, grad[P+1] offset. Used by the host tests; the kernels use pair_g1 directly.
template <int MODEL, bool PHYSICAL>
HM_HD double pair_g2(const ModelView& m, const AngleConst& ac, int i, int j, double* grad) {
    constexpr int P = ModelTraits<MODEL>::P;
    double h;
    double u[P];
    pair_g1<MODEL, PHYSICAL>(m, ac, i, j, &h, u);
    if (grad != nullptr) {
        for (int k = 0; k < P; k++) {
            grad[k] = ac.contrast * u[k];
        }
        grad[P] = h;
        grad[P + 1] = 1.0;
    }
    return ac.offset + ac.contrast * h;
}

// Host code (tests, tools): calls f(std::integral_constant<int, MODEL>, std::bool_constant<PHYSICAL>)
// with the instantiation for a run-time model id and convention, the same choice the Java side
// makes by kernel name (KernelVariant). Returns false for an unknown id.
template <class F>
inline bool with_model(int modelId, bool physical, F&& f) {
    switch (modelId) {
        case MODEL_STATIC:
            f(std::integral_constant<int, MODEL_STATIC>{}, std::false_type{});
            return true;
        case MODEL_LAMINAR_FLOW:
            if (physical) {
                f(std::integral_constant<int, MODEL_LAMINAR_FLOW>{}, std::true_type{});
            } else {
                f(std::integral_constant<int, MODEL_LAMINAR_FLOW>{}, std::false_type{});
            }
            return true;
        default:
            return false;
    }
}

}  // namespace hm
