package org.homodyne.backend;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector kernel once the JIT has compiled it, the scalar kernel with the same lane count (same
 * bits, so the switch changes no result) until then.
 *
 * <p>Why: until C2 compiles it, Vector API code runs on the API's Java fallback, ~100× slower than
 * compiled and ~20× slower than the scalar kernel (the first pass of a 10 M-point fit took 7 s instead
 * of 0.2 s), and compiling it costs the JIT ~1.3–1.6 s of CPU more than the scalar kernel. So:
 * <ol>
 *   <li>the scalar kernel runs the first {@value #WARMUP_AFTER_POINTS} points (a fit smaller than that
 *       would not win back the compilation: it never compiles the vector kernel) — unless a pass of
 *       the data has at least {@value #START_AT_ONCE_POINTS_PER_PASS} points
 *       ({@link #anticipate}): a fit of 6–15 passes of such data is sure to pass the threshold, so
 *       the compilation starts with the first pass (measured on the 10⁸-point benchmark fit, 8
 *       passes: 8.3 s → 6.3 s; a 10⁷-point fit, 5·10⁶ points a pass, is faster scalar: 1.6–1.8 s vs
 *       2.4–2.6 s);</li>
 *   <li>then a daemon thread calls both kernels on a small synthetic block until the JIT has seen
 *       enough calls to compile them, and then, every {@value #CHECK_INTERVAL_MS} ms, times one round
 *       of each by its CPU time;</li>
 *   <li>when the vector kernel has been the faster one {@value #FASTER_ROUNDS} rounds in a row (only
 *       compiled vector code is), it takes over. If that does not happen within
 *       {@value #MAX_WARMUP_SECONDS} s (a JVM that does not turn the Vector API into vector
 *       instructions), the scalar kernel stays.</li>
 * </ol>
 * {@code -Dhomodyne.simd=now} starts step 2 at once (benchmarks).
 */
final class WarmingUpKernel extends LaminarKernel {
    private static final Logger LOG = LoggerFactory.getLogger(WarmingUpKernel.class);
    /**
     * Points the scalar kernel runs before the vector kernel is compiled: ~6 s of scalar work on one
     * core. Compiling and warming up the vector kernel costs ~2 s of CPU, won back after ~10⁸ points
     * (~21 ns a point less); a 10 M-point laminar fit (13 passes, 6.5·10⁷ points) would lose by it.
     */
    static final long WARMUP_AFTER_POINTS = 200_000_000L;
    /**
     * Points a pass from which the warm-up starts with the first pass: a tenth of
     * {@link #WARMUP_AFTER_POINTS}, which every fit of ≥ 10 passes would reach anyway and most
     * fits of such data (the trust-region LM takes 6–15 passes, the data survey reads it once more)
     * reach within their first half.
     */
    static final long START_AT_ONCE_POINTS_PER_PASS = WARMUP_AFTER_POINTS / 10;
    static final int FASTER_ROUNDS = 5;
    static final double MAX_WARMUP_SECONDS = 30;
    static final long CHECK_INTERVAL_MS = 20;
    /** Kernel calls before timing starts: above C2's thresholds (Tier4InvocationThreshold 5000). */
    private static final int CALLS_TO_COMPILE = 12_000;
    /** Calls of each kernel per timed round. */
    private static final int CALLS_PER_ROUND = 10;

    private final LaminarKernel vector;
    private final LaminarKernel scalar;
    private final AtomicLong points = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean compiled;
    private volatile boolean finished;

    /** @param now start compiling at once, not after {@value #WARMUP_AFTER_POINTS} points */
    WarmingUpKernel(LaminarKernel vector, boolean now) {
        this.vector = vector;
        this.scalar = new ScalarLaminarKernel(vector.lanes());
        if (now) {
            startWarmUp();
        }
    }

    private void startWarmUp() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(this::warmUp, "homodyne-simd-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Whether the vector kernel runs now. */
    boolean vectorRuns() {
        return compiled;
    }

    /** Whether the warm-up thread has been started. */
    boolean warmUpStarted() {
        return started.get();
    }

    /** Whether the warm-up thread has decided (either way). */
    boolean decided() {
        return finished;
    }

    @Override
    int lanes() {
        return vector.lanes();
    }

    @Override
    String description() {
        return compiled ? vector.description() : vector.description() + ", scalar until compiled";
    }

    @Override
    void addAngle(PairBlock block, float[] values, int blockOffset, ShearAngle angle, boolean physical,
                  double[] angleSums) {
        if (compiled) {
            vector.addAngle(block, values, blockOffset, angle, physical, angleSums);
            return;
        }
        scalar.addAngle(block, values, blockOffset, angle, physical, angleSums);
        if (!started.get() && points.addAndGet(block.size) >= WARMUP_AFTER_POINTS) {
            startWarmUp();
        }
    }

    @Override
    void anticipate(long pointsPerPass) {
        if (pointsPerPass >= START_AT_ONCE_POINTS_PER_PASS && !started.get()) {
            startWarmUp();
        }
    }

    @Override
    void addOuterProducts(PairBlock block, double[] outerSums) {
        (compiled ? vector : scalar).addOuterProducts(block, outerSums);
    }

    private void warmUp() {
        try {
            long wall = System.nanoTime();
            Workload work = new Workload(lanes());
            for (int c = 0; c < CALLS_TO_COMPILE; c += CALLS_PER_ROUND) {
                work.run(vector);
                work.run(scalar);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            boolean cpuTime = mx.isCurrentThreadCpuTimeSupported();
            int faster = 0;
            while (faster < FASTER_ROUNDS) {
                if (System.nanoTime() - wall > MAX_WARMUP_SECONDS * 1e9) {
                    LOG.info("laminar kernel: staying scalar (the SIMD kernel was not faster after {} s of warm-up)",
                            MAX_WARMUP_SECONDS);
                    return;
                }
                Thread.sleep(CHECK_INTERVAL_MS);
                long t0 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
                work.run(vector);
                long t1 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
                work.run(scalar);
                long t2 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
                faster = t1 - t0 < t2 - t1 ? faster + 1 : 0;
            }
            compiled = true;
            LOG.info("laminar kernel: {} (compiled after {} s)", vector.description(),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - wall) * 1e-9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("laminar kernel: SIMD warm-up failed, staying scalar: {}", e.toString());
        } finally {
            finished = true;
        }
    }

    /**
     * A small laminar problem that takes every branch of the kernels: both conventions, phases below
     * the sinc series limit and beyond the range-reduction limit, and a last vector only partly filled
     * (so that C2 does not compile a branch real data takes as a trap).
     */
    private static final class Workload {
        private final PairBlock[] blocks;
        private final float[] values;
        private final ShearAngle[][] angles;
        private final double[] sums;
        private final double[] outer;

        Workload(int lanes) {
            int n = 14;                                   // 91 pairs: a partial last vector
            double[] gapL = {2e6, 5e12};                  // typical and huge phases
            blocks = new PairBlock[2];
            angles = new ShearAngle[2][];
            AngleScaling s = new AngleScaling(new double[]{0.3, 0.3}, new double[]{1.0, 1.0});
            for (int k = 0; k < 2; k++) {
                ModelSpec spec = new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 0.1, 0.0054,
                        gapL[k], ModelSpec.fitGrid(0.1, n), new double[]{0, 89.9});   // 89.9°: small phases
                PreparedModel m = PreparedModel.prepare(spec, new double[]{1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 0.0});
                blocks[k] = new PairBlock(m, DiffusionRow.columnSteps(m, n), n, lanes, 0, n - 1);
                blocks[k].next();
                angles[k] = new ShearAngle[]{ShearAngle.of(m, s, 0), ShearAngle.of(m, s, 1)};
            }
            values = new float[2 * blocks[0].size];
            Arrays.fill(values, 1.1f);
            sums = new double[ANGLE_SUMS * lanes];
            outer = new double[OUTER_SUMS * lanes];
        }

        void run(LaminarKernel k) {
            for (int c = 0; c < CALLS_PER_ROUND; c++) {
                PairBlock b = blocks[c % 2];
                ShearAngle[] a = angles[c % 2];
                k.addAngle(b, values, 0, a[0], false, sums);
                k.addAngle(b, values, b.size, a[1], true, sums);
                k.addOuterProducts(b, outer);
            }
        }
    }
}
