package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend on a real GPU ({@code mvn -B verify -Pgpu}); skipped, with the reason, where no
 * GPU can be opened. The same checks run without JUnit on a GPU host through GpuCheckMain
 * (scripts/device-check.sh).
 */
@Tag("gpu")
class CudaBackendGpuTest {
    private static final CudaOptions OPTIONS = CudaOptions.defaults(0, null);

    private static String unavailable;

    @BeforeAll
    static void probe() {
        try (CudaBackend probe = CudaBackend.open(OPTIONS)) {
            System.out.println("GPU: " + probe.description());
        } catch (GpuUnavailableException e) {
            unavailable = "no usable GPU: " + e.getMessage();
        }
    }

    /** Each test is reported as skipped, with the reason, where no GPU can be opened. */
    @BeforeEach
    void needsAGpu() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    private static void assertAllPassed(List<GpuChecks.Result> results) {
        StringBuilder failed = new StringBuilder();
        for (GpuChecks.Result r : results) {
            if (!r.passed()) {
                failed.append(r.name()).append(": ").append(r.detail()).append('\n');
            }
        }
        assertTrue(failed.length() == 0, failed.toString());
    }

    @Test
    void matchesTheCpuOnRandomBatches() throws Exception {
        assertAllPassed(GpuChecks.correctness(GpuChecks.REAL, OPTIONS));
    }

    @Test
    void residentAndStreamedPassesAreIdentical() throws Exception {
        assertAllPassed(GpuChecks.residentVersusStreamed(GpuChecks.REAL, OPTIONS));
    }

    @Test
    void benchmarkRuns() throws Exception {
        for (GpuChecks.Bench b : GpuChecks.benchmark(GpuChecks.REAL, OPTIONS, 2000, 3, 4, 2, 0)) {
            System.out.printf("%s: %.3e pairs/s%n", b.name(), b.pairsPerSecond());
            assertTrue(b.pairsPerSecond() > 0);
        }
    }
}
