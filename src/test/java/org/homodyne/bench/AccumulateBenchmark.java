package org.homodyne.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the CPU backend's accumulate (model + gradient + residual + block-arrow sums) on
 * one batch held in memory: points/s = {@link #points} / (seconds per operation). Run with
 * scripts/bench.sh; single-threaded so that the result is per core. {@code -p simd=now,off} compares
 * the SIMD and the scalar laminar kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class AccumulateBenchmark {
    /** Fit-grid size: rows [0, n−1) of an n×n triangle. */
    static final int N = 1000;

    @Param({"static", "laminar_flow"})
    public String mode;

    @Param({"1", "8", "23"})
    public int angles;

    @Param({"1"})
    public int threads;

    /**
     * Laminar kernel: "now" (SIMD, compiled at once: the steady state), "auto" (scalar for the first
     * 5·10⁷ points, then SIMD once compiled: what a fit does) or "off" (the scalar kernel).
     */
    @Param({"now"})
    public String simd;

    private CpuBackend backend;
    private BatchData data;
    private PreparedModel model;
    private AngleScaling scaling;

    /** Points per operation (for points/s). */
    public static long points(int angles) {
        return angles * Batch.pairsInRows(N, 0, N - 1);
    }

    @Setup(Level.Trial)
    public void setUp() {
        // read once, when the CPU backend first needs the laminar kernel (one fork per parameter set)
        System.setProperty("homodyne.simd", simd);
        AnalysisMode m = AnalysisMode.fromName(mode);
        double[] phi = new double[angles];
        for (int a = 0; a < angles; a++) {
            phi[a] = -90 + 180.0 * a / angles;
        }
        ModelSpec spec = new ModelSpec(m, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, N), phi);
        double[] params = m == AnalysisMode.STATIC ? new double[]{1.6e4, -0.5, 50}
                : new double[]{1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
        model = PreparedModel.prepare(spec, params);
        double[] c = new double[angles];
        double[] o = new double[angles];
        java.util.Arrays.fill(c, 0.3);
        java.util.Arrays.fill(o, 1.0);
        scaling = new AngleScaling(c, o);
        Batch b = new Batch(0, 0, angles, 0, N - 1, points(angles));
        float[] v = new float[(int) b.points()];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.0 + 0.3 * rnd.nextDouble());
        }
        data = new BatchData(b, N, v);
        backend = new CpuBackend(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public NormalEquations accumulate() throws Exception {
        return backend.accumulate(data, model, scaling, 0.01);
    }
}
