package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The laminar kernels: SIMD and scalar give the same bits (in every regime of the model, for every
 * tile shape), both agree with {@link ReferenceAccumulator} to 1e-12, and the kernel a JVM runs is
 * chosen by whether the Vector API module is there.
 */
class LaminarKernelTest {
    private static final double SIGMA = 0.01;

    /** Regimes of the per-point arithmetic, each reaching a different branch of the kernels. */
    enum Regime {
        /** the benchmark's parameters: phases up to a few hundred radians */
        TYPICAL(0.0054, 2e6, new double[]{1.6e4, -0.5, 50, 0.02, -0.3, 1e-3, 2.0}),
        /** phases below the sinc series limit (1e-4) near the diagonal and at φ0 − φ ≈ 90° */
        SMALL_PHASES(0.0054, 2e6, new double[]{1.6e4, -0.5, 50, 1e-6, 0.0, 0.0, 0.0}),
        /** phases on both sides of the range-reduction limit 2³⁰ (Math.sin/cos beyond) */
        HUGE_PHASES(0.0054, 5e10, new double[]{1.6e4, -0.5, 50, 0.5, 2.0, 0.1, 3.0}),
        /** g1d clamped at exp(−700) and g1 below the 1e-10 floor for most pairs */
        FLOORED(0.05, 2e6, new double[]{1e5, 0.5, 1e5, 0.02, -0.3, 1e-3, 2.0}),
        /** D floored (C flat): |C_i − C_j| tiny, g1d by exp for every pair */
        FLAT_DIFFUSION(0.0054, 2e6, new double[]{500, -1.0, -1100, 0.002, -0.3, 1e-4, -4.0});

        final double q;
        final double gapL;
        final double[] params;

        Regime(double q, double gapL, double[] params) {
            this.q = q;
            this.gapL = gapL;
            this.params = params;
        }

        PreparedModel model(ShearConvention conv, int n, double[] phi) {
            ModelSpec spec = new ModelSpec(AnalysisMode.LAMINAR_FLOW, conv, 0.1, q, gapL, ModelSpec.fitGrid(0.1, n), phi);
            return PreparedModel.prepare(spec, params);
        }
    }

    private static final double[] PHI = {-90, -30, 0, 45, 88};
    private static final AngleScaling SCALING = new AngleScaling(new double[]{0.3, 0.25, 0.2, 0.28, 0.31},
            new double[]{1.0, 1.01, 0.99, 1.0, 1.02});

    private static LaminarKernel vectorKernel() {
        LaminarKernel k = LaminarKernel.choose("auto");
        // surefire runs with --add-modules jdk.incubator.vector: a scalar kernel here means the build lost it
        assertEquals("VectorLaminarKernel", k.getClass().getSimpleName(), k.description());
        return k;
    }

    /** The batch's tiles as CpuBackend cuts them, summed in tile order. */
    private static NormalEquations accumulate(LaminarKernel kernel, PreparedModel m, BatchData d) {
        Batch b = d.batch();
        TileAccumulator acc = new TileAccumulator(m, SCALING, SIGMA, d.n(), b.angleStart(), b.angleEnd(), kernel);
        NormalEquations total = new NormalEquations(7, m.angleCount());
        for (CpuBackend.Tile t : CpuBackend.tiles(b, d.n())) {
            total.add(acc.accumulate(d.values(), b.pairsPerAngle(d.n()), t.firstPair(), t.rowStart(), t.rowEnd()));
        }
        return total;
    }

    /** Batches of different shapes: all angles in the middle rows, one angle (bigger tiles), a few rows at the end. */
    private static List<Batch> batches(int n) {
        List<Batch> list = new ArrayList<>();
        list.add(new Batch(0, 0, 5, 3, 101, 5 * Batch.pairsInRows(n, 3, 101)));
        list.add(new Batch(1, 2, 3, 0, n - 1, Batch.pairsInRows(n, 0, n - 1)));
        list.add(new Batch(2, 1, 4, n - 9, n - 1, 3 * Batch.pairsInRows(n, n - 9, n - 1)));
        return list;
    }

    @ParameterizedTest
    @EnumSource(Regime.class)
    void simdAndScalarKernelsGiveTheSameBits(Regime regime) {
        LaminarKernel simd = vectorKernel();
        LaminarKernel scalar = new ScalarLaminarKernel(simd.lanes());
        int n = 173;   // rows of odd lengths: tiles and blocks end in partial vectors
        for (ShearConvention conv : ShearConvention.values()) {
            PreparedModel m = regime.model(conv, n, PHI);
            for (Batch b : batches(n)) {
                BatchData d = CpuBackendTest.data(m, b, n, SCALING, 11, 0);
                double[] expected = accumulate(scalar, m, d).toFlat();
                assertArrayEquals(expected, accumulate(simd, m, d).toFlat(), regime + " " + conv + " batch " + b.id());
                assertTrue(Double.isFinite(expected[0]));
            }
        }
    }

    /**
     * Tiles accumulated concurrently on 4 threads (each kernel call on whichever thread) and summed in
     * tile order give the bits of one thread: the kernels keep no state between calls.
     */
    @Test
    void oneAndFourThreadsGiveTheSameBits() throws Exception {
        int n = 400;   // 7 tiles
        PreparedModel m = Regime.TYPICAL.model(ShearConvention.PHYSICAL, n, PHI);
        Batch b = new Batch(0, 0, 5, 0, n - 1, 5 * Batch.pairsInRows(n, 0, n - 1));
        BatchData d = CpuBackendTest.data(m, b, n, SCALING, 13, 0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (LaminarKernel kernel : new LaminarKernel[]{vectorKernel(), new ScalarLaminarKernel(8)}) {
                double[] one = accumulate(kernel, m, d).toFlat();
                TileAccumulator acc = new TileAccumulator(m, SCALING, SIGMA, n, 0, 5, kernel);
                List<java.util.concurrent.Future<NormalEquations>> parts = new ArrayList<>();
                for (CpuBackend.Tile t : CpuBackend.tiles(b, n)) {
                    parts.add(pool.submit(() -> acc.accumulate(d.values(), b.pairsPerAngle(n), t.firstPair(),
                            t.rowStart(), t.rowEnd())));
                }
                NormalEquations four = new NormalEquations(7, m.angleCount());
                for (java.util.concurrent.Future<NormalEquations> f : parts) {
                    four.add(f.get());
                }
                assertArrayEquals(one, four.toFlat(), kernel.description());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A small fixed case: both conventions, phases of every size, partial last vectors. */
    static double[] jitCase(LaminarKernel kernel) {
        int n = 29;
        double[] flat = new double[0];
        for (Regime regime : new Regime[]{Regime.TYPICAL, Regime.SMALL_PHASES, Regime.HUGE_PHASES}) {
            for (ShearConvention conv : ShearConvention.values()) {
                PreparedModel m = regime.model(conv, n, PHI);
                Batch b = new Batch(0, 0, 5, 0, n - 1, 5 * Batch.pairsInRows(n, 0, n - 1));
                double[] f = accumulate(kernel, m, CpuBackendTest.data(m, b, n, SCALING, 5, 0)).toFlat();
                double[] joined = java.util.Arrays.copyOf(flat, flat.length + f.length);
                System.arraycopy(f, 0, joined, flat.length, f.length);
                flat = joined;
            }
        }
        return flat;
    }

    /**
     * The vector kernel runs interpreted, then C1-, then C2-compiled: every stage must give the same
     * bits, or 1 and N threads (one tile compiled, another not yet) would differ. Interpreted and C1
     * are checked in child JVMs (-Xint, -XX:TieredStopAtLevel=1), C2 here after enough iterations.
     */
    @Test
    void simdBitsAreTheSameInterpretedC1AndC2Compiled() throws Exception {
        LaminarKernel simd = vectorKernel();
        double[] expected = jitCase(new ScalarLaminarKernel(simd.lanes()));
        for (int it = 0; it < 150; it++) {
            assertArrayEquals(expected, jitCase(simd), "iteration " + it);
        }
        for (String mode : new String[]{"-Xint", "-XX:TieredStopAtLevel=1"}) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process proc = new ProcessBuilder(java.toString(), mode, "--add-modules", "jdk.incubator.vector", "-cp",
                    System.getProperty("java.class.path"), JitCaseBits.class.getName()).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), mode + ": child JVM did not finish");
            assertEquals(0, proc.exitValue(), mode + ": " + new String(proc.getErrorStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            String[] hex = out.split("\\s+");
            double[] got = new double[hex.length];
            for (int k = 0; k < hex.length; k++) {
                got[k] = Double.longBitsToDouble(Long.parseUnsignedLong(hex[k], 16));
            }
            assertArrayEquals(expected, got, mode);
        }
    }

    /** Prints {@link #jitCase} of the vector kernel as hex bits (run in child JVMs by the test above). */
    static final class JitCaseBits {
        public static void main(String[] args) {
            StringBuilder sb = new StringBuilder();
            for (double v : jitCase(LaminarKernel.choose("auto"))) {
                sb.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
            }
            System.out.println(sb);
        }
    }

    /**
     * The kernel fits get: the scalar kernel until the vector kernel is compiled, then the vector kernel;
     * the same bits all along. The switch must come (here within two minutes, under any load).
     */
    @Test
    void theWarmingUpKernelSwitchesToSimdWithoutChangingABit() throws InterruptedException {
        LaminarKernel simd = vectorKernel();
        WarmingUpKernel kernel = new WarmingUpKernel(simd, true);
        int n = 90;
        PreparedModel m = Regime.TYPICAL.model(ShearConvention.HOMODYNE, n, PHI);
        Batch b = new Batch(0, 0, 5, 0, n - 1, 5 * Batch.pairsInRows(n, 0, n - 1));
        BatchData d = CpuBackendTest.data(m, b, n, SCALING, 9, 0);
        double[] expected = accumulate(new ScalarLaminarKernel(simd.lanes()), m, d).toFlat();
        long deadline = System.nanoTime() + 120_000_000_000L;
        int before = 0;
        while (!kernel.decided() && System.nanoTime() < deadline) {
            assertArrayEquals(expected, accumulate(kernel, m, d).toFlat());
            before++;
            Thread.sleep(5);
        }
        assertTrue(kernel.vectorRuns(), "the SIMD kernel never took over: " + kernel.description());
        for (int it = 0; it < 20; it++) {
            assertArrayEquals(expected, accumulate(kernel, m, d).toFlat());
        }
        System.out.printf("warming-up kernel: %d batches on the scalar kernel, then SIMD%n", before);
    }

    @Test
    void aLargePassStartsTheWarmUpAtOnceASmallOneWaits() throws InterruptedException {
        WarmingUpKernel kernel = new WarmingUpKernel(vectorKernel(), false);
        kernel.anticipate(5_000_000);   // a 10^7-point laminar set: faster on the scalar kernel
        kernel.anticipate(WarmingUpKernel.START_AT_ONCE_POINTS_PER_PASS - 1);
        assertFalse(kernel.warmUpStarted());
        kernel.anticipate(WarmingUpKernel.START_AT_ONCE_POINTS_PER_PASS);   // 10^8 points: at once
        assertTrue(kernel.warmUpStarted());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!kernel.decided() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(kernel.vectorRuns(), "the SIMD kernel never took over: " + kernel.description());
    }

    @ParameterizedTest
    @EnumSource(Regime.class)
    void bothKernelsMatchTheReference(Regime regime) {
        double rel = regime == Regime.SMALL_PHASES ? 1e-10 : 1e-12;
        int n = 173;
        for (LaminarKernel kernel : new LaminarKernel[]{vectorKernel(), new ScalarLaminarKernel(8)}) {
            for (ShearConvention conv : ShearConvention.values()) {
                PreparedModel m = regime.model(conv, n, PHI);
                Batch b = new Batch(0, 0, 5, 0, n - 1, 5 * Batch.pairsInRows(n, 0, n - 1));
                BatchData d = CpuBackendTest.data(m, b, n, SCALING, 3, 0);
                NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, SCALING, SIGMA);
                NormalEquations got = accumulate(kernel, m, d).symmetrize();
                assertEquivalent(ref, got, rel, regime + " " + conv + " " + kernel.description());
            }
        }
    }

    /**
     * Entry by entry, relative to what the entry sums: by Cauchy–Schwarz, |Σ w·a·b| ≤ √(Σ w·a² · Σ w·b²),
     * so each entry is held to rel × that bound (the size of its summands, whatever its cancellation).
     */
    static void assertEquivalent(NormalEquations ref, NormalEquations got, double rel, String what) {
        int p = ref.physCount();
        double[] hr = ref.physHess();
        double[] hg = got.physHess();
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                close(hr[r * p + c], hg[r * p + c], rel * Math.sqrt(hr[r * p + r] * hr[c * p + c]), what + " H" + r + c);
            }
            close(ref.physGrad()[r], got.physGrad()[r], rel * Math.sqrt(hr[r * p + r] * ref.chi2()), what + " g" + r);
        }
        for (int a = 0; a < ref.angleCount(); a++) {
            double chi2 = ref.chi2PerAngle()[a];
            close(chi2, got.chi2PerAngle()[a], rel * chi2, what + " chi2 angle " + a);
            assertEquals(ref.pointsPerAngle()[a], got.pointsPerAngle()[a]);
            double[] sr = ref.scaleHess();
            double cc = sr[3 * a];
            double oo = sr[3 * a + 2];
            close(cc, got.scaleHess()[3 * a], rel * cc, what + " contrast² angle " + a);
            close(sr[3 * a + 1], got.scaleHess()[3 * a + 1], rel * Math.sqrt(cc * oo), what + " contrast·offset " + a);
            close(oo, got.scaleHess()[3 * a + 2], rel * oo, what + " offset² angle " + a);
            close(ref.scaleGrad()[2 * a], got.scaleGrad()[2 * a], rel * Math.sqrt(cc * chi2), what + " g contrast " + a);
            close(ref.scaleGrad()[2 * a + 1], got.scaleGrad()[2 * a + 1], rel * Math.sqrt(oo * chi2), what + " g offset " + a);
            for (int r = 0; r < p; r++) {
                close(ref.coupling()[2 * a * p + r], got.coupling()[2 * a * p + r], rel * Math.sqrt(cc * hr[r * p + r]),
                        what + " contrast coupling " + a + "," + r);
                close(ref.coupling()[(2 * a + 1) * p + r], got.coupling()[(2 * a + 1) * p + r],
                        rel * Math.sqrt(oo * hr[r * p + r]), what + " offset coupling " + a + "," + r);
            }
        }
    }

    private static void close(double expected, double actual, double tol, String what) {
        assertEquals(expected, actual, Math.max(tol, Double.MIN_NORMAL), what);
    }

    @Test
    void aTileWithANonFiniteValueIsLeftToTheDirectPath() {
        int n = 60;
        PreparedModel m = Regime.TYPICAL.model(ShearConvention.HOMODYNE, n, PHI);
        Batch b = new Batch(0, 0, 5, 0, n - 1, 5 * Batch.pairsInRows(n, 0, n - 1));
        BatchData d = CpuBackendTest.data(m, b, n, SCALING, 3, 0);
        d.values()[(int) (3 * b.pairsPerAngle(n) + 17)] = Float.NaN;
        for (LaminarKernel kernel : new LaminarKernel[]{vectorKernel(), new ScalarLaminarKernel(8)}) {
            LaminarTile tile = new LaminarTile(kernel, m, DiffusionRow.columnSteps(m, n), SCALING, 1 / (SIGMA * SIGMA),
                    n, 0, 5);
            assertNull(tile.accumulate(d.values(), b.pairsPerAngle(n), 0, 0, n - 1), kernel.description());
        }
    }

    @Test
    void scalarWhenAskedOrWithoutTheModule() throws Exception {
        LaminarKernel off = LaminarKernel.choose("off");
        assertInstanceOf(ScalarLaminarKernel.class, off);
        assertEquals(LaminarKernel.SCALAR_LANES, off.lanes());

        // a real JVM started without --add-modules jdk.incubator.vector
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proc = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp",
                System.getProperty("java.class.path"), KernelReport.class.getName()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("kernel: scalar"), out);
        assertTrue(out.contains("without the module jdk.incubator.vector"), out);
    }

    /** Prints the kernel this JVM selects (run in a child JVM by the test above). */
    static final class KernelReport {
        public static void main(String[] args) throws IOException {
            System.out.println("kernel: " + LaminarKernel.selected().description());
        }
    }
}
