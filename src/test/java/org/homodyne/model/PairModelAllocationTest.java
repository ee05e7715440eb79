package org.homodyne.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-point reference path runs for every point of a CPU tile that holds a masked value, so it
 * must not allocate per point. Counted with the JVM's per-thread allocation counter (independent of
 * machine load); a per-point {@code new double[p]} would show up as ≥ 72 bytes × points.
 */
class PairModelAllocationTest {
    @Test
    void evaluateWithGradientAllocatesNothingPerPoint() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        int n = 60;
        double[] phi = {0, 45, 90};
        PreparedModel m = PreparedModel.prepare(new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 0.1,
                0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi), new double[]{1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0});
        double[] grad = new double[m.mode().physicalCount() + 2];
        double sink = sweep(m, grad, n); // warm-up: class loading, JIT
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        sink += sweep(m, grad, n);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        long points = 3L * n * (n - 1) / 2;
        assertTrue(Double.isFinite(sink));
        assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for " + points + " points");
    }

    private static double sweep(PreparedModel m, double[] grad, int n) {
        double s = 0;
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    s += PairModel.evaluate(m, a, i, j, 0.3, 1.0, grad) + grad[0];
                }
            }
        }
        return s;
    }
}
