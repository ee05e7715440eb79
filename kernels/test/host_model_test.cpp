// Host test of the kernel arithmetic (DESIGN "Testing a GPU path without a GPU").
//
// Compiled from the SAME headers as the CUDA kernels, by g++ (plain C++) and by nvcc when present
// (then the headers go through nvcc's host/device split), and driven by
// src/test/java/org/homodyne/backend/cuda/KernelHostMathTest.java, which writes the input file from
// PreparedModel (the Java reference prepares the per-time arrays; this program checks what the
// kernels do with them) and compares the accumulate output with ReferenceAccumulator.
//
// Usage: host_model_test INPUT_FILE
// The input is a whitespace-separated token stream of commands:
//   model ID MODEL_ID PHYSICAL N A DIFFUSION_FACTOR PHASE_FACTOR  <4N or 8N doubles>  <A x (kc ks)>
//      (MODEL_ID: hm::ModelId = AnalysisMode#modelId; 8N doubles when the model has shear)
//   g2 MODEL A I J CONTRAST OFFSET EXPECTED RELTOL
//   grad MODEL A I J CONTRAST OFFSET RELTOL <P+2 expected>
//   fd BASE K H ABSTOL M+2H M+H M-H M-2H M+H' M+H'/2 M-H'/2 M-H' CONTRAST OFFSET NPAIRS (A I J)...
//      (five-point stencils of g2 at step H and H/2 over the given prepared models; where the two
//       disagree the point sits on a floor's kink and is skipped, as in GradientFiniteDifferenceTest)
//   fdscale BASE CONTRAST OFFSET NPAIRS (A I J)...       (contrast and offset derivatives)
//   geometry N   checks the pair indexing (hm::locate_pair, hm::advance_pair) of an N x N triangle on
//                sampled rows, including indices beyond 2^31 when N is large enough
//   accumulate MODEL ROW_START ROW_END ANGLE_START ANGLE_END W UNIT_PAIRS CHUNK_UNITS
//              <A_local contrasts> <A_local offsets> NPOINTS <values>
//      emulates the kernels (same partition, same per-thread code, same reduction tree; launched in
//      sub-chunks of CHUNK_UNITS units when > 0, like a streamed pass) and prints
//      "flat SIZE v..." with the flat NormalEquations.
//   layout P A   prints "layout P A chi2 points hess grad scaleHess scaleGrad coupling chi2PerAngle
//                pointsPerAngle size": the offsets of hm::FlatLayout, which the Java side
//                (NormalEquations.FlatLayout) must equal
//   modelinfo MODEL_ID   prints "modelinfo MODEL_ID P SHEAR" (hm::ModelTraits) or
//                "modelinfo MODEL_ID unknown": the Java side (AnalysisMode) must agree
// Prints "checks=C skipped=S failures=F" last; exit code 1 when F > 0 or the input is malformed.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "homodyne_accumulate.cuh"

namespace {

// P and SHEAR of a model id (0, false when the id is unknown).
int traitsP(int modelId) {
    int p = 0;
    hm::with_model(modelId, false, [&](auto model, auto) { p = hm::ModelTraits<decltype(model)::value>::P; });
    return p;
}

bool traitsShear(int modelId) {
    bool shear = false;
    hm::with_model(modelId, false, [&](auto model, auto) { shear = hm::ModelTraits<decltype(model)::value>::SHEAR; });
    return shear;
}

struct Model {
    int modelId = -1;
    bool shear = false;
    bool physical = false;
    int n = 0;
    int angles = 0;
    double diffusionFactor = 0;
    double phaseFactor = 0;
    std::vector<double> packed;
    std::vector<double> kc;
    std::vector<double> ks;
    int p() const { return traitsP(modelId); }
    hm::ModelView view() const { return hm::model_view(packed.data(), n, shear, diffusionFactor, phaseFactor); }
};

struct Reader {
    std::ifstream in;
    std::string tok() {
        std::string s;
        if (!(in >> s)) {
            std::fprintf(stderr, "unexpected end of input\n");
            std::exit(1);
        }
        return s;
    }
    // strtod accepts the NaN and Infinity spellings of Java's Double.toString
    double num() { return std::strtod(tok().c_str(), nullptr); }
    long long integer() { return std::strtoll(tok().c_str(), nullptr, 10); }
};

std::map<int, Model> models;
long checks = 0;
long skipped = 0;
long failures = 0;

void fail(const char* what) {
    failures++;
    std::printf("FAIL %s\n", what);
}

const Model& model(int id) {
    auto it = models.find(id);
    if (it == models.end()) {
        std::fprintf(stderr, "unknown model %d\n", id);
        std::exit(1);
    }
    return it->second;
}

// g2 and gradient (PairModel.evaluate layout) through the kernels' per-pair function.
double eval(const Model& m, int a, int i, int j, double contrast, double offset, double* grad) {
    hm::ModelView v = m.view();
    hm::AngleConst ac;
    ac.kc = m.shear ? m.kc[a] : 0.0;
    ac.ks = m.shear ? m.ks[a] : 0.0;
    ac.contrast = contrast;
    ac.offset = offset;
    double g2 = 0.0;
    hm::with_model(m.modelId, m.physical, [&](auto model, auto physical) {
        g2 = hm::pair_g2<decltype(model)::value, decltype(physical)::value>(v, ac, i, j, grad);
    });
    return g2;
}

void readModel(Reader& r) {
    int id = (int)r.integer();
    Model m;
    m.modelId = (int)r.integer();
    if (traitsP(m.modelId) == 0) {
        std::fprintf(stderr, "model %d: unknown model id %d\n", id, m.modelId);
        std::exit(1);
    }
    m.shear = traitsShear(m.modelId);
    m.physical = r.integer() != 0;
    m.n = (int)r.integer();
    m.angles = (int)r.integer();
    m.diffusionFactor = r.num();
    m.phaseFactor = r.num();
    size_t count = (size_t)(m.shear ? 8 : 4) * m.n;
    m.packed.resize(count);
    for (size_t k = 0; k < count; k++) m.packed[k] = r.num();
    for (int a = 0; a < m.angles; a++) {
        m.kc.push_back(r.num());
        m.ks.push_back(r.num());
    }
    models[id] = m;
}

void checkG2(Reader& r) {
    const Model& m = model((int)r.integer());
    int a = (int)r.integer(), i = (int)r.integer(), j = (int)r.integer();
    double contrast = r.num(), offset = r.num(), expected = r.num(), tol = r.num();
    double got = eval(m, a, i, j, contrast, offset, nullptr);
    checks++;
    if (!(std::fabs(got - expected) <= tol * std::fabs(expected))) {
        char msg[256];
        std::snprintf(msg, sizeof msg, "g2 angle %d (%d,%d): got %.17g expected %.17g", a, i, j, got, expected);
        fail(msg);
    }
}

void checkGrad(Reader& r) {
    const Model& m = model((int)r.integer());
    int a = (int)r.integer(), i = (int)r.integer(), j = (int)r.integer();
    double contrast = r.num(), offset = r.num(), tol = r.num();
    int p = m.p();
    std::vector<double> grad(p + 2);
    eval(m, a, i, j, contrast, offset, grad.data());
    for (int k = 0; k < p + 2; k++) {
        double e = r.num();
        checks++;
        if (!(std::fabs(grad[k] - e) <= tol * std::fabs(e))) {
            char msg[256];
            std::snprintf(msg, sizeof msg, "gradient[%d] angle %d (%d,%d): got %.17g expected %.17g", k, a, i, j,
                          grad[k], e);
            fail(msg);
        }
    }
}

double fivePoint(const Model* const* ms, int a, int i, int j, double contrast, double offset, double h) {
    double f2p = eval(*ms[0], a, i, j, contrast, offset, nullptr);
    double f1p = eval(*ms[1], a, i, j, contrast, offset, nullptr);
    double f1m = eval(*ms[2], a, i, j, contrast, offset, nullptr);
    double f2m = eval(*ms[3], a, i, j, contrast, offset, nullptr);
    return (8 * (f1p - f1m) - (f2p - f2m)) / (12 * h);
}

void compareFd(double analytic, double fd, double fdHalf, double absTol, const char* what) {
    double scale = std::fmax(std::fabs(fd), std::fabs(analytic));
    double tol = 1e-6 * scale + absTol;
    if (std::fabs(fd - fdHalf) > tol) {
        skipped++;
        return;
    }
    checks++;
    if (!(std::fabs(fd - analytic) <= 4 * tol)) {
        char msg[300];
        std::snprintf(msg, sizeof msg, "%s: analytic %.17g vs finite difference %.17g", what, analytic, fd);
        fail(msg);
    }
}

void checkFd(Reader& r) {
    const Model& base = model((int)r.integer());
    int k = (int)r.integer();
    double h = r.num(), absTol = r.num();
    const Model* full[4];
    const Model* half[4];
    for (auto& m : full) m = &model((int)r.integer());
    for (auto& m : half) m = &model((int)r.integer());
    double contrast = r.num(), offset = r.num();
    long pairs = (long)r.integer();
    std::vector<double> grad(base.p() + 2);
    for (long q = 0; q < pairs; q++) {
        int a = (int)r.integer(), i = (int)r.integer(), j = (int)r.integer();
        eval(base, a, i, j, contrast, offset, grad.data());
        double fd = fivePoint(full, a, i, j, contrast, offset, h);
        double fdHalf = fivePoint(half, a, i, j, contrast, offset, h / 2);
        char what[128];
        std::snprintf(what, sizeof what, "d g2/d theta[%d] angle %d (%d,%d)", k, a, i, j);
        compareFd(grad[k], fd, fdHalf, absTol, what);
    }
}

void checkFdScale(Reader& r) {
    const Model& m = model((int)r.integer());
    double contrast = r.num(), offset = r.num();
    long pairs = (long)r.integer();
    int p = m.p();
    std::vector<double> grad(p + 2);
    for (long q = 0; q < pairs; q++) {
        int a = (int)r.integer(), i = (int)r.integer(), j = (int)r.integer();
        eval(m, a, i, j, contrast, offset, grad.data());
        for (int s = 0; s < 2; s++) {
            double values[2] = {contrast, offset};
            double fds[2];
            for (int half = 0; half < 2; half++) {
                double h = (half ? 0.5e-6 : 1e-6) * std::fmax(1e-3, std::fabs(values[s]));
                double f[4];
                const double steps[4] = {2 * h, h, -h, -2 * h};
                for (int t = 0; t < 4; t++) {
                    double c = contrast + (s == 0 ? steps[t] : 0.0);
                    double o = offset + (s == 1 ? steps[t] : 0.0);
                    f[t] = eval(m, a, i, j, c, o, nullptr);
                }
                fds[half] = (8 * (f[1] - f[2]) - (f[0] - f[3])) / (12 * h);
            }
            char what[128];
            std::snprintf(what, sizeof what, "d g2/d %s angle %d (%d,%d)", s == 0 ? "contrast" : "offset", a, i, j);
            // same absolute floor as GradientFiniteDifferenceTest: rounding of g2 over the step
            compareFd(grad[p + s], fds[0], fds[1], 1e-9 / std::fmax(1e-3, std::fabs(values[s])) + 1e-13, what);
        }
    }
}

void printLayout(Reader& r) {
    hm::FlatLayout f;
    f.p = (int)r.integer();
    f.a = (int)r.integer();
    std::printf("layout %d %d %d %d %d %d %d %d %d %d %d %d\n", f.p, f.a, f.chi2(), f.points(), f.hess(), f.grad(),
                f.scaleHess(), f.scaleGrad(), f.coupling(), f.chi2PerAngle(), f.pointsPerAngle(), f.size());
}

void printModelInfo(Reader& r) {
    int id = (int)r.integer();
    int p = traitsP(id);
    if (p == 0) {
        std::printf("modelinfo %d unknown\n", id);
    } else {
        std::printf("modelinfo %d %d %d\n", id, p, traitsShear(id) ? 1 : 0);
    }
}

void checkGeometry(Reader& r) {
    int n = (int)r.integer();
    // sampled rows: the first ones, the last ones and a spread in between
    std::vector<long long> rows;
    for (long long i = 0; i < 5 && i <= n - 2; i++) rows.push_back(i);
    for (long long i = n - 6; i <= n - 2; i++) if (i >= 5) rows.push_back(i);
    for (int q = 1; q < 64; q++) rows.push_back((long long)(n - 2) * q / 64);
    for (long long i : rows) {
        long long len = n - 1 - i;
        long long ks[3] = {0, len / 2, len - 1};
        for (long long k : ks) {
            long long g = hm::row_first_index(n, i) + k;
            int ii, jj;
            hm::locate_pair(n, g, &ii, &jj);
            checks++;
            if (ii != i || jj != i + 1 + k) {
                char msg[200];
                std::snprintf(msg, sizeof msg, "locate n=%d g=%lld: (%d,%d) expected (%lld,%lld)", n, g, ii, jj, i,
                              i + 1 + k);
                fail(msg);
                continue;
            }
            // stepping by a block from here lands where locating the target directly lands
            long long target = g + hm::BLOCK_THREADS;
            long long total = hm::row_first_index(n, n - 1);
            if (target < total) {
                int ai = ii, aj = jj;
                hm::advance_pair(n, hm::BLOCK_THREADS, &ai, &aj);
                int ti, tj;
                hm::locate_pair(n, target, &ti, &tj);
                checks++;
                if (ai != ti || aj != tj) {
                    char msg[200];
                    std::snprintf(msg, sizeof msg, "advance n=%d from g=%lld: (%d,%d) expected (%d,%d)", n, g, ai, aj,
                                  ti, tj);
                    fail(msg);
                }
            }
        }
    }
}

long long pairsInRows(int n, int rowStart, int rowEnd) {
    long long rows = rowEnd - rowStart;
    return rows * (n - 1LL) - (rowStart + (long long)rowEnd - 1LL) * rows / 2LL;
}

template <int MODEL, bool PHYSICAL>
void emulate(const Model& m, const hm::AccumulateArgs& base, const std::vector<float>& values,
             const std::vector<double>& angles, int anglesLocal, long long chunkUnits, std::vector<double>& partials) {
    const int K = hm::RawLayout<hm::ModelTraits<MODEL>::P>::K;
    long long totalUnits = base.unitsPerAngle * anglesLocal;
    if (chunkUnits <= 0) chunkUnits = totalUnits;
    std::vector<double> acc((size_t)hm::BLOCK_THREADS * K);
    for (long long first = 0; first < totalUnits; first += chunkUnits) {
        long long last = std::min(first + chunkUnits, totalUnits);
        // the sub-chunk's values, copied out like a streamed upload: [value of first unit, end of last)
        auto unitStart = [&](long long unit) {
            long long a = unit / base.unitsPerAngle;
            long long u = unit - a * base.unitsPerAngle;
            return a * base.pairsPerAngle + u * base.unitPairs;
        };
        auto unitEnd = [&](long long unit) {
            long long a = unit / base.unitsPerAngle;
            long long u = unit - a * base.unitsPerAngle;
            return a * base.pairsPerAngle + std::min((u + 1) * base.unitPairs, base.pairsPerAngle);
        };
        long long from = unitStart(first);
        long long to = unitEnd(last - 1);
        std::vector<float> chunk(values.begin() + from, values.begin() + to);
        hm::AccumulateArgs args = base;
        args.valuesFirst = from;
        for (long long unit = first; unit < last; unit++) {
            std::fill(acc.begin(), acc.end(), 0.0);
            for (int t = 0; t < hm::BLOCK_THREADS; t++) {
                hm::thread_accumulate<MODEL, PHYSICAL>(args, chunk.data(), m.packed.data(), angles.data(), unit, t,
                                                   acc.data() + (size_t)t * K);
            }
            hm::block_reduce_host<K>(acc.data(), partials.data() + unit * K);
        }
    }
}

void accumulate(Reader& r) {
    const Model& m = model((int)r.integer());
    int rowStart = (int)r.integer(), rowEnd = (int)r.integer();
    int angleStart = (int)r.integer(), angleEnd = (int)r.integer();
    double w = r.num();
    int unitPairs = (int)r.integer();
    long long chunkUnits = r.integer();
    int anglesLocal = angleEnd - angleStart;
    std::vector<double> angles(4 * (size_t)anglesLocal);
    for (int a = 0; a < anglesLocal; a++) {
        angles[4 * a] = m.shear ? m.kc[angleStart + a] : 0.0;
        angles[4 * a + 1] = m.shear ? m.ks[angleStart + a] : 0.0;
    }
    for (int a = 0; a < anglesLocal; a++) angles[4 * a + 2] = r.num();
    for (int a = 0; a < anglesLocal; a++) angles[4 * a + 3] = r.num();
    long long points = r.integer();
    std::vector<float> values((size_t)points);
    for (long long k = 0; k < points; k++) values[k] = (float)r.num();

    hm::AccumulateArgs args;
    args.n = m.n;
    args.rowOffset0 = hm::row_first_index(m.n, rowStart);
    args.pairsPerAngle = pairsInRows(m.n, rowStart, rowEnd);
    args.unitPairs = unitPairs;
    args.unitsPerAngle = (args.pairsPerAngle + unitPairs - 1) / unitPairs;
    args.valuesFirst = 0;
    args.diffusionFactor = m.diffusionFactor;
    args.phaseFactor = m.phaseFactor;
    if (points != args.pairsPerAngle * anglesLocal) {
        std::fprintf(stderr, "accumulate: %lld values for %lld pairs x %d angles\n", points, args.pairsPerAngle,
                     anglesLocal);
        std::exit(1);
    }
    int p = m.p();
    hm::FinalizeArgs fa;
    fa.unitsPerAngle = args.unitsPerAngle;
    fa.anglesLocal = anglesLocal;
    fa.angleStart = angleStart;
    fa.anglesTotal = m.angles;
    fa.w = w;
    hm::FlatLayout f;
    f.p = p;
    f.a = m.angles;
    std::vector<double> out((size_t)f.size(), 0.0);
    hm::with_model(m.modelId, m.physical, [&](auto model, auto physical) {
        constexpr int MODEL = decltype(model)::value;
        constexpr int K = hm::RawLayout<hm::ModelTraits<MODEL>::P>::K;
        std::vector<double> partials((size_t)(args.unitsPerAngle * anglesLocal * K));
        emulate<MODEL, decltype(physical)::value>(m, args, values, angles, anglesLocal, chunkUnits, partials);
        for (int k = 0; k < K; k++) {
            hm::finalize_entry<hm::ModelTraits<MODEL>::P>(k, partials.data(), angles.data(), fa, out.data());
        }
    });
    std::printf("flat %d", f.size());
    for (double v : out) std::printf(" %.17g", v);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s INPUT_FILE\n", argv[0]);
        return 2;
    }
    Reader r;
    r.in.open(argv[1]);
    if (!r.in) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    std::string cmd;
    while (r.in >> cmd) {
        if (cmd == "model") readModel(r);
        else if (cmd == "g2") checkG2(r);
        else if (cmd == "grad") checkGrad(r);
        else if (cmd == "fd") checkFd(r);
        else if (cmd == "fdscale") checkFdScale(r);
        else if (cmd == "accumulate") accumulate(r);
        else if (cmd == "geometry") checkGeometry(r);
        else if (cmd == "layout") printLayout(r);
        else if (cmd == "modelinfo") printModelInfo(r);
        else {
            std::fprintf(stderr, "unknown command '%s'\n", cmd.c_str());
            return 1;
        }
    }
    std::printf("checks=%ld skipped=%ld failures=%ld\n", checks, skipped, failures);
    return failures == 0 ? 0 : 1;
}
