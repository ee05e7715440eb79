package org.homodyne.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendException;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.ReferenceAccumulator;
import org.homodyne.backend.ResidentBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;

/**
 * The checks a GPU host runs, without JUnit so that the device bundle (jlink runtime + jar +
 * test classes) can run them through {@link GpuCheckMain}; CudaBackendGpuTest runs the same under
 * JUnit with {@code -Pgpu}.
 */
final class GpuChecks {
    /** Tolerance of GPU against CPU sums (the GPU's exp/sin/cos and FMAs differ in the last bits). */
    static final double GPU_TOLERANCE = 1e-10;
    static final double SIGMA = 0.01;

    /** One check's outcome. */
    record Result(String name, boolean passed, String detail) {
    }

    /** One benchmark line: a pass over {@code points} pairs took {@code seconds}. */
    record Bench(String name, long points, double seconds) {
        double pairsPerSecond() {
            return points / seconds;
        }
    }

    /** Opens a backend: the real one on a GPU host, the fake one in GpuChecksOnFakeTest. */
    @FunctionalInterface
    interface Opener {
        CudaBackend open(CudaOptions options) throws GpuUnavailableException;
    }

    static final Opener REAL = CudaBackend::open;

    private GpuChecks() {
    }

    private static final Object[][] MODELS = {
            {AnalysisMode.STATIC, ShearConvention.HOMODYNE},
            {AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE},
            {AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL}};

    private static String label(Object[] m) {
        return m[0] == AnalysisMode.STATIC ? "static" : "laminar/" + ((ShearConvention) m[1]).configName();
    }

    /**
     * GPU against ReferenceAccumulator and CpuBackend on random batches (all rows, middle rows,
     * short last rows, several angles, 5% NaN/±Inf), with the default unit and chunk sizes and
     * with small ones (many units and chunks), and one batch whose triangle index passes 2³¹.
     */
    static List<Result> correctness(Opener opener, CudaOptions base) throws Exception {
        List<Result> out = new ArrayList<>();
        Random rnd = new Random(2024);
        CudaOptions small = base.withUnitPairs(256).withChunkBytes(4 * 3000);
        try (CudaBackend gpuDefault = opener.open(base.withKeepResident(false));
             CudaBackend gpuSmall = opener.open(small.withKeepResident(false));
             Backend cpu = new CpuBackend(Math.max(1, Math.min(8, CpuBackend.defaultThreads())))) {
            for (Object[] m : MODELS) {
                int n = 257;
                double[] phi = {-45, 0, 30, 90};
                ModelSpec spec = TestBatches.spec((AnalysisMode) m[0], (ShearConvention) m[1], n, phi);
                PreparedModel model = TestBatches.model(spec, rnd);
                AngleScaling s = TestBatches.scaling(phi.length, rnd);
                Batch[] batches = {
                        TestBatches.batch(0, 0, 4, 0, n - 1, n),
                        TestBatches.batch(1, 1, 2, 100, 181, n),
                        TestBatches.batch(2, 2, 4, 200, n, n)};
                for (Batch b : batches) {
                    BatchData d = TestBatches.data(b, model, s, rnd, 0.02, 0.05);
                    NormalEquations ref = new ReferenceAccumulator().accumulate(d, model, s, SIGMA);
                    NormalEquations cpuNe = cpu.accumulate(d, model, s, SIGMA);
                    String what = label(m) + " batch " + b.id() + " (" + b.points() + " points)";
                    out.add(compare("gpu vs reference, " + what, gpuDefault.accumulate(d, model, s, SIGMA), ref));
                    out.add(compare("gpu (small units/chunks) vs reference, " + what,
                            gpuSmall.accumulate(d, model, s, SIGMA), ref));
                    out.add(compare("gpu vs cpu backend, " + what, gpuDefault.accumulate(d, model, s, SIGMA), cpuNe));
                }
                // rows 60000..60009 of a 70000-frame matrix: triangle indices beyond 2^31
                int big = 70_000;
                ModelSpec bigSpec = TestBatches.spec((AnalysisMode) m[0], (ShearConvention) m[1], big,
                        new double[]{0, 45});
                PreparedModel bigModel = TestBatches.model(bigSpec, rnd);
                AngleScaling bs = TestBatches.scaling(2, rnd);
                Batch far = TestBatches.batch(3, 0, 2, 60_000, 60_010, big);
                BatchData fd = TestBatches.data(far, bigModel, bs, rnd, 0.02, 0.01);
                out.add(compare("gpu vs reference, " + label(m) + " rows 60000-60009 of n=70000 (index > 2^31)",
                        gpuDefault.accumulate(fd, bigModel, bs, SIGMA),
                        new ReferenceAccumulator().accumulate(fd, bigModel, bs, SIGMA)));
            }
        }
        return out;
    }

    private static Result compare(String name, NormalEquations got, NormalEquations ref) {
        String diff = TestBatches.compare(got, ref, GPU_TOLERANCE);
        return new Result(name, diff == null, diff == null ? "equal to " + GPU_TOLERANCE + " relative" : diff);
    }

    /**
     * Resident and streamed passes, and streamed passes with other chunk sizes, give the same bits;
     * resident passes copy no batch data.
     */
    static List<Result> residentVersusStreamed(Opener opener, CudaOptions base) throws Exception {
        List<Result> out = new ArrayList<>();
        Random rnd = new Random(77);
        try (CudaBackend streamed = opener.open(base.withKeepResident(false));
             CudaBackend smallChunks = opener.open(base.withKeepResident(false).withChunkBytes(1 << 16));
             CudaBackend capped = opener.open(base.withKeepResident(false).withLaminarBlocksPerSm(2));
             CudaBackend resident = opener.open(base.withKeepResident(true))) {
            for (Object[] m : MODELS) {
                int n = 600;
                double[] phi = {0, 60, 120};
                ModelSpec spec = TestBatches.spec((AnalysisMode) m[0], (ShearConvention) m[1], n, phi);
                PreparedModel model = TestBatches.model(spec, rnd);
                AngleScaling s = TestBatches.scaling(phi.length, rnd);
                List<BatchData> data = List.of(
                        TestBatches.data(TestBatches.batch(10, 0, 3, 0, 200, n), model, s, rnd, 0.02, 0.02),
                        TestBatches.data(TestBatches.batch(11, 0, 3, 200, n, n), model, s, rnd, 0.02, 0.02));
                boolean same = true;
                StringBuilder detail = new StringBuilder();
                for (BatchData d : data) {
                    NormalEquations a = streamed.accumulate(d, model, s, SIGMA);
                    NormalEquations b = smallChunks.accumulate(d, model, s, SIGMA);
                    NormalEquations c = resident.accumulate(d, model, s, SIGMA);
                    NormalEquations e = capped.accumulate(d, model, s, SIGMA);
                    same &= a.equals(b) && a.equals(c) && a.equals(e);
                }
                long uploaded = resident.stats().uploadedBytes();
                PreparedModel next = TestBatches.model(spec, rnd);
                for (int pass = 0; pass < 2; pass++) {
                    for (BatchData d : data) {
                        if (!resident.isResident(d.batch())) {
                            same = false;
                            detail.append("batch ").append(d.batch().id()).append(" not resident; ");
                            continue;
                        }
                        NormalEquations r = resident.accumulateResident(d.batch(), n, next, s, SIGMA);
                        same &= r.equals(streamed.accumulate(d, next, s, SIGMA));
                    }
                }
                boolean noCopies = resident.stats().uploadedBytes() == uploaded;
                out.add(new Result("resident == streamed == other chunking == 2-blocks/SM build (bitwise), " + label(m), same,
                        same ? "identical" : "differ " + detail));
                out.add(new Result("resident passes copy no batch data, " + label(m), noCopies,
                        noCopies ? "0 bytes" : (resident.stats().uploadedBytes() - uploaded) + " bytes copied"));
            }
        }
        return out;
    }

    /** Cheap synthetic values: the benchmark needs realistic sizes, not a realistic fit. */
    private static float[] values(long points, long seed) {
        float[] v = new float[Math.toIntExact(points)];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < v.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[i] = 1.0f + 0.2f * (float) ((x >>> 40) * 0x1.0p-24);
        }
        return v;
    }

    /**
     * Pair evaluations per second over a dataset of {@code angles} angles of n×n, cut into
     * {@code batchesPerAngleSet} row blocks of all angles: streamed passes (data copied from Java
     * arrays through pinned buffers every pass), resident passes (data on the GPU), and one CPU pass
     * for comparison ({@code cpuThreads} ≤ 0 skips it).
     */
    static List<Bench> benchmark(Opener opener, CudaOptions base, int n, int angles, int batches, int passes,
                                 int cpuThreads)
            throws Exception {
        List<Bench> out = new ArrayList<>();
        double[] phi = new double[angles];
        for (int a = 0; a < angles; a++) {
            phi[a] = -90 + 180.0 * a / angles;
        }
        // row blocks of about equal pairs
        List<Batch> plan = new ArrayList<>();
        long total = Batch.pairsInRows(n, 0, n - 1);
        int row = 0;
        for (int k = 0; k < batches && row < n - 1; k++) {
            int end = row + 1;
            long target = total * (k + 1) / batches;
            while (end < n - 1 && Batch.pairsInRows(n, 0, end) < target) {
                end++;
            }
            if (k == batches - 1) {
                end = n - 1;
            }
            plan.add(TestBatches.batch(k, 0, angles, row, end, n));
            row = end;
        }
        List<BatchData> data = new ArrayList<>();
        long points = 0;
        for (Batch b : plan) {
            data.add(new BatchData(b, n, values(b.points(), b.id() + 1)));
            points += b.points();
        }
        for (Object[] m : new Object[][]{MODELS[0], MODELS[1]}) {
            ModelSpec spec = TestBatches.spec((AnalysisMode) m[0], (ShearConvention) m[1], n, phi);
            PreparedModel model = TestBatches.model(spec, new Random(3));
            AngleScaling s = TestBatches.scaling(angles, new Random(4));
            try (CudaBackend streamed = opener.open(base.withKeepResident(false))) {
                pass(streamed, data, model, s, false);   // warm-up: allocations, module, caches
                double t = 0;
                for (int p = 0; p < passes; p++) {
                    t += pass(streamed, data, model, s, false);
                }
                out.add(new Bench(label(m) + " streamed pass", points, t / passes));
            }
            try (CudaBackend resident = opener.open(base.withKeepResident(true))) {
                double upload = pass(resident, data, model, s, false);
                out.add(new Bench(label(m) + " first pass (upload + keep)", points, upload));
                for (BatchData d : data) {
                    if (!resident.isResident(d.batch())) {
                        throw new IllegalStateException("benchmark data not resident: " + resident.stats());
                    }
                }
                pass(resident, data, model, s, true);
                double t = 0;
                for (int p = 0; p < passes; p++) {
                    t += pass(resident, data, model, s, true);
                }
                out.add(new Bench(label(m) + " resident pass", points, t / passes));
            }
            if (m[0] == AnalysisMode.LAMINAR_FLOW) {
                // the register-capped build: which occupancy wins is measured, not guessed
                try (CudaBackend capped = opener.open(base.withKeepResident(true).withLaminarBlocksPerSm(2))) {
                    pass(capped, data, model, s, false);
                    pass(capped, data, model, s, true);
                    double t = 0;
                    for (int p = 0; p < passes; p++) {
                        t += pass(capped, data, model, s, true);
                    }
                    out.add(new Bench(label(m) + " resident pass, 2-blocks/SM build", points, t / passes));
                }
            }
            if (cpuThreads > 0) {
                try (CpuBackend cpu = new CpuBackend(cpuThreads)) {
                    out.add(new Bench(label(m) + " cpu pass (" + cpuThreads + " threads)", points,
                            pass(cpu, data, model, s, false)));
                }
            }
        }
        return out;
    }

    private static double pass(Backend b, List<BatchData> data, PreparedModel model, AngleScaling s, boolean resident)
            throws BackendException {
        long t0 = System.nanoTime();
        double chi2 = 0;
        for (BatchData d : data) {
            NormalEquations ne = resident
                    ? ((ResidentBackend) b).accumulateResident(d.batch(), d.n(), model, s, SIGMA)
                    : b.accumulate(d, model, s, SIGMA);
            chi2 += ne.chi2();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (!Double.isFinite(chi2)) {
            throw new IllegalStateException("non-finite benchmark sums");
        }
        return seconds;
    }
}
