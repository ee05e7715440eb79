package org.homodyne.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link AccumulateBenchmark}'s operation timed by the CPU time of the thread that runs it instead of
 * the wall clock: on a machine shared with other work (the 2-core development VM often runs at a load of
 * 5–10) the wall-clock figures of JMH spread by 2–3×, the thread's CPU time much less. Not a JMH run:
 * warm-up by CPU seconds, then the median and best of R rounds. One JVM per kernel setting (the laminar
 * kernel is chosen once per JVM), e.g.
 * {@code java --add-modules jdk.incubator.vector -Dhomodyne.simd=now -cp … AccumulateCpuTime laminar_flow 8,23}.
 */
public final class AccumulateCpuTime {
    private AccumulateCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        String[] modes = args.length > 0 ? args[0].split(",") : new String[]{"static", "laminar_flow"};
        int[] angleCounts = Arrays.stream((args.length > 1 ? args[1] : "1,8,23").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        double warmupSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 6;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String simd = System.getProperty("homodyne.simd", "now");
        for (String mode : modes) {
            for (int angles : angleCounts) {
                AccumulateBenchmark b = new AccumulateBenchmark();
                b.mode = mode;
                b.angles = angles;
                b.threads = 1;
                b.simd = simd;
                b.setUp();
                long points = AccumulateBenchmark.points(angles);
                long start = mx.getCurrentThreadCpuTime();
                while (mx.getCurrentThreadCpuTime() - start < warmupSeconds * 1e9) {
                    b.accumulate();
                }
                // rounds of ~0.5 s CPU each
                long t0 = mx.getCurrentThreadCpuTime();
                b.accumulate();
                int ops = (int) Math.max(1, 5e8 / Math.max(1, mx.getCurrentThreadCpuTime() - t0));
                double[] rate = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < ops; k++) {
                        b.accumulate();
                    }
                    rate[r] = points * ops / ((mx.getCurrentThreadCpuTime() - c0) * 1e-9);
                }
                b.tearDown();
                Arrays.sort(rate);
                System.out.printf(Locale.ROOT, "%-13s %3d angles  simd=%-4s  M points per CPU-second: median %7.1f, best %7.1f%n",
                        mode, angles, simd, rate[rounds / 2] / 1e6, rate[rounds - 1] / 1e6);
            }
        }
    }
}
