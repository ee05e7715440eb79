package org.homodyne.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DataSelection;
import org.homodyne.data.TwoTimeData;
import org.homodyne.stream.BatchSource;
import org.homodyne.stream.DecodedBatchCache;

/**
 * Row-block read throughput of {@link TwoTimeData} (a main-method harness, not a unit test: disk,
 * page cache and the machine decide the numbers). For each file: one warm-up pass, then PASSES
 * timed passes over every batch of a {@link BatchPlan}; prints the median points/s and MB/s.
 * The file is in the page cache after the warm-up, so this measures the reader (system calls,
 * decompression, conversion), not the disk. Also printed: points per CPU-second of the whole process
 * (all threads: chunked files are decoded on a pool), which other load on the machine disturbs less
 * than the wall-clock rate.
 *
 * <p>{@code --cached}: the passes read through a {@link DecodedBatchCache} in the system's temporary
 * folder (the warm-up pass decodes and fills it), as a streamed fit of a compressed file does after
 * its first pass.
 *
 * <p>{@code java -cp target/homodyne.jar:target/test-classes org.homodyne.bench.ReadThroughputBench
 * [--points N] [--passes K] [--cached] FILE...}
 */
public final class ReadThroughputBench {
    private ReadThroughputBench() {
    }

    public static void main(String[] args) throws IOException {
        long target = 4_000_000L;
        int passes = 5;
        boolean cached = false;
        int i = 0;
        while (i < args.length && args[i].startsWith("--")) {
            switch (args[i]) {
                case "--points" -> target = Long.parseLong(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--cached" -> cached = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (i >= args.length) {
            System.err.println("usage: ReadThroughputBench [--points N] [--passes K] [--cached] FILE...");
            System.exit(2);
        }
        for (; i < args.length; i++) {
            run(Path.of(args[i]), target, passes, cached);
        }
    }

    private static void run(Path file, long target, int passes, boolean cached) throws IOException {
        Path cacheFile = Files.createTempDirectory("read-bench").resolve("decoded.bin");
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 1.0));
             DecodedBatchCache cache = cached ? DecodedBatchCache.open(source(data),
                     BatchPlan.plan(data.size(), data.angleCount(), target).batches(), cacheFile) : null) {
            BatchPlan plan = BatchPlan.plan(data.size(), data.angleCount(), target);
            BatchSource reader = cache != null ? cache : source(data);
            float[] buffer = new float[Math.toIntExact(plan.maxBatchPoints())];
            pass(reader, plan, buffer); // warm-up: JIT, page cache (and the cache filled)
            double[] rates = new double[passes];
            double[] cpuRates = new double[passes];
            double sink = 0;
            for (int p = 0; p < passes; p++) {
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                sink += pass(reader, plan, buffer);
                rates[p] = plan.totalPoints() / ((System.nanoTime() - t0) * 1e-9);
                cpuRates[p] = plan.totalPoints() / ((processCpuNanos() - c0) * 1e-9);
            }
            Arrays.sort(rates);
            Arrays.sort(cpuRates);
            double median = rates[passes / 2];
            System.out.printf(Locale.ROOT, "%s%s: %d angles, n = %d, %d batches of <= %d points, kinds %s%n", file,
                    cache != null ? " (through the decoded-data cache)" : "", data.angleCount(), data.size(),
                    plan.size(), plan.maxBatchPoints(), data.info().matrixKinds().get(0));
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

    /** The file's batches as the fit reads them. */
    private static BatchSource source(TwoTimeData data) {
        return new BatchSource() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public int angleCount() {
                return data.angleCount();
            }

            @Override
            public void read(Batch batch, float[] dest) {
                data.readBatch(batch, dest);
            }

            @Override
            public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
                data.readUpperRows(angle, r0, r1, dest, offset);
            }
        };
    }

    private static double pass(BatchSource data, BatchPlan plan, float[] buffer) throws IOException {
        double s = 0;
        for (Batch b : plan.batches()) {
            data.read(b, buffer);
            s += buffer[0];
        }
        return s;
    }
}
