package org.homodyne.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DataSelection;
import org.homodyne.data.TwoTimeData;

/**
 * Row-block read throughput of {@link TwoTimeData} (a main-method harness, not a unit test: disk,
 * page cache and the machine decide the numbers). For each file: one warm-up pass, then PASSES
 * timed passes over every batch of a {@link BatchPlan}; prints the median points/s and MB/s.
 * The file is in the page cache after the warm-up, so this measures the reader (system calls,
 * decompression, conversion), not the disk. Also printed: points per CPU-second of the whole process
 * (all threads: chunked files are decoded on a pool), which other load on the machine disturbs less
 * than the wall-clock rate.
 *
 * <p>{@code java -cp target/homodyne.jar:target/test-classes org.homodyne.bench.ReadThroughputBench
 * [--points N] [--passes K] FILE...}
 */
public final class ReadThroughputBench {
    private ReadThroughputBench() {
    }

    public static void main(String[] args) {
        long target = 4_000_000L;
        int passes = 5;
        int i = 0;
        while (i < args.length && args[i].startsWith("--")) {
            switch (args[i]) {
                case "--points" -> target = Long.parseLong(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (i >= args.length) {
            System.err.println("usage: ReadThroughputBench [--points N] [--passes K] FILE...");
            System.exit(2);
        }
        for (; i < args.length; i++) {
            run(Path.of(args[i]), target, passes);
        }
    }

    private static void run(Path file, long target, int passes) {
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 1.0))) {
            BatchPlan plan = BatchPlan.plan(data.size(), data.angleCount(), target);
            float[] buffer = new float[Math.toIntExact(plan.maxBatchPoints())];
            pass(data, plan, buffer); // warm-up: JIT, page cache
            double[] rates = new double[passes];
            double[] cpuRates = new double[passes];
            double sink = 0;
            for (int p = 0; p < passes; p++) {
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                sink += pass(data, plan, buffer);
                rates[p] = plan.totalPoints() / ((System.nanoTime() - t0) * 1e-9);
                cpuRates[p] = plan.totalPoints() / ((processCpuNanos() - c0) * 1e-9);
            }
            Arrays.sort(rates);
            Arrays.sort(cpuRates);
            double median = rates[passes / 2];
            System.out.printf(Locale.ROOT, "%s: %d angles, n = %d, %d batches of <= %d points, kinds %s%n", file,
                    data.angleCount(), data.size(), plan.size(), plan.maxBatchPoints(),
                    data.info().matrixKinds().get(0));
            System.out.printf(Locale.ROOT, "  median of %d passes: %.1f M points/s, %.0f MB/s float32 payload"
                    + " (min %.1f, max %.1f M points/s) [%s]%n", passes, median / 1e6, median * 4 / 1e6,
                    rates[0] / 1e6, rates[passes - 1] / 1e6, sink == 42 ? "!" : "ok");
            System.out.printf(Locale.ROOT, "  per CPU-second of the process: median %.1f M points/s (max %.1f)%n",
                    cpuRates[passes / 2] / 1e6, cpuRates[passes - 1] / 1e6);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pass(TwoTimeData data, BatchPlan plan, float[] buffer) {
        double s = 0;
        for (Batch b : plan.batches()) {
            data.readBatch(b, buffer);
            s += buffer[0];
        }
        return s;
    }
}
