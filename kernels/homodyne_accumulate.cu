// Fused normal-equation kernels (DESIGN "GPU path"): per pair the model, its gradient and the
// residual, accumulated in registers; J is never written to memory. The partition, the per-thread
// code and the reductions live in homodyne_accumulate.cuh (shared with the host tests); this file
// only instantiates them as extern "C" kernels for cuModuleGetFunction, per model id (hm::ModelId,
// org.homodyne.model.AnalysisMode#modelId) and, for models with shear, per convention. The Java side
// picks a kernel by name (org.homodyne.backend.cuda.KernelVariant); KernelVariantTest checks that
// every analysis mode has its kernels here.
//
// Launch (org.homodyne.backend.cuda.JcudaDriver):
//   hd_accumulate_*: grid = number of units in the launch, block = hm::BLOCK_THREADS; block b sums
//                    unit firstUnit + b into partials[(firstUnit + b) * K .. + K).
//   hd_finalize_*:   grid = 1, block = 64 (>= K): writes the flat NormalEquations of the batch.
#include "homodyne_accumulate.cuh"

namespace {

template <int MODEL, bool PHYSICAL>
__device__ __forceinline__ void accumulate_kernel_body(const float* __restrict__ values, long long valuesFirst,
                                                       const double* __restrict__ model, int n,
                                                       double diffusionFactor, double phaseFactor,
                                                       const double* __restrict__ angles,
                                                       double* __restrict__ partials, long long rowOffset0,
                                                       long long pairsPerAngle, long long unitsPerAngle,
                                                       int unitPairs, long long firstUnit) {
    constexpr int K = hm::RawLayout<hm::ModelTraits<MODEL>::P>::K;
    hm::AccumulateArgs args;
    args.n = n;
    args.rowOffset0 = rowOffset0;
    args.pairsPerAngle = pairsPerAngle;
    args.unitsPerAngle = unitsPerAngle;
    args.unitPairs = unitPairs;
    args.valuesFirst = valuesFirst;
    args.diffusionFactor = diffusionFactor;
    args.phaseFactor = phaseFactor;
    long long unit = firstUnit + (long long)blockIdx.x;
    double acc[K];
#pragma unroll
    for (int k = 0; k < K; k++) acc[k] = 0.0;
    hm::thread_accumulate<MODEL, PHYSICAL>(args, values, model, angles, unit, (int)threadIdx.x, acc);
    hm::block_reduce<K>(acc, partials + unit * K);
}

template <int MODEL>
__device__ __forceinline__ void finalize_kernel_body(const double* __restrict__ partials,
                                                     const double* __restrict__ angles, double* __restrict__ out,
                                                     long long unitsPerAngle, int anglesLocal, int angleStart,
                                                     int anglesTotal, double w) {
    constexpr int P = hm::ModelTraits<MODEL>::P;
    hm::FinalizeArgs fa;
    fa.unitsPerAngle = unitsPerAngle;
    fa.anglesLocal = anglesLocal;
    fa.angleStart = angleStart;
    fa.anglesTotal = anglesTotal;
    fa.w = w;
    hm::FlatLayout f;
    f.p = P;
    f.a = anglesTotal;
    // every entry is written exactly once: zeros first, then each raw sum's targets
    for (int k = threadIdx.x; k < f.size(); k += blockDim.x) out[k] = 0.0;
    __syncthreads();
    for (int k = threadIdx.x; k < hm::RawLayout<P>::K; k += blockDim.x) {
        hm::finalize_entry<P>(k, partials, angles, fa, out);
    }
}

}  // namespace

#define HD_ACCUMULATE_PARAMS                                                                        \
    const float *__restrict__ values, long long valuesFirst, const double *__restrict__ model, int n, \
        double diffusionFactor, double phaseFactor, const double *__restrict__ angles,              \
        double *__restrict__ partials, long long rowOffset0, long long pairsPerAngle,               \
        long long unitsPerAngle, int unitPairs, long long firstUnit
#define HD_ACCUMULATE_ARGS                                                                           \
    values, valuesFirst, model, n, diffusionFactor, phaseFactor, angles, partials, rowOffset0,       \
        pairsPerAngle, unitsPerAngle, unitPairs, firstUnit
#define HD_FINALIZE_PARAMS                                                                           \
    const double *__restrict__ partials, const double *__restrict__ angles, double *__restrict__ out, \
        long long unitsPerAngle, int anglesLocal, int angleStart, int anglesTotal, double w
#define HD_FINALIZE_ARGS partials, angles, out, unitsPerAngle, anglesLocal, angleStart, anglesTotal, w

// Occupancy: the laminar kernels keep ~55 sums in registers (about 185 registers per thread on
// sm_90), so one 256-thread block fits per SM (8 warps). The "_2" variants cap registers at 128 for
// two blocks per SM (16 warps) at the price of ~370 bytes of spills per thread (L1-resident).
// Which is faster is for a GPU to say: the benchmark of scripts/device-check.sh runs both, and
// CudaOptions.laminarBlocksPerSm selects one. The arithmetic is the same PTX, so both give the same
// bits. The static kernel fits three blocks per SM without spilling (80 registers).
extern "C" __global__ void __launch_bounds__(hm::BLOCK_THREADS, 3) hd_accumulate_static(HD_ACCUMULATE_PARAMS) {
    accumulate_kernel_body<hm::MODEL_STATIC, false>(HD_ACCUMULATE_ARGS);
}

extern "C" __global__ void __launch_bounds__(hm::BLOCK_THREADS, 1)
    hd_accumulate_laminar_homodyne(HD_ACCUMULATE_PARAMS) {
    accumulate_kernel_body<hm::MODEL_LAMINAR_FLOW, false>(HD_ACCUMULATE_ARGS);
}

extern "C" __global__ void __launch_bounds__(hm::BLOCK_THREADS, 1)
    hd_accumulate_laminar_physical(HD_ACCUMULATE_PARAMS) {
    accumulate_kernel_body<hm::MODEL_LAMINAR_FLOW, true>(HD_ACCUMULATE_ARGS);
}

extern "C" __global__ void __launch_bounds__(hm::BLOCK_THREADS, 2)
    hd_accumulate_laminar_homodyne_2(HD_ACCUMULATE_PARAMS) {
    accumulate_kernel_body<hm::MODEL_LAMINAR_FLOW, false>(HD_ACCUMULATE_ARGS);
}

extern "C" __global__ void __launch_bounds__(hm::BLOCK_THREADS, 2)
    hd_accumulate_laminar_physical_2(HD_ACCUMULATE_PARAMS) {
    accumulate_kernel_body<hm::MODEL_LAMINAR_FLOW, true>(HD_ACCUMULATE_ARGS);
}

extern "C" __global__ void hd_finalize_static(HD_FINALIZE_PARAMS) {
    finalize_kernel_body<hm::MODEL_STATIC>(HD_FINALIZE_ARGS);
}

extern "C" __global__ void hd_finalize_laminar(HD_FINALIZE_PARAMS) {
    finalize_kernel_body<hm::MODEL_LAMINAR_FLOW>(HD_FINALIZE_ARGS);
}
