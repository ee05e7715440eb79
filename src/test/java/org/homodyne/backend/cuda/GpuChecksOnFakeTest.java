package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the GPU host's check program logic (GpuChecks) on the fake driver, so that the first GPU
 * session does not discover a bug in the checks themselves.
 */
class GpuChecksOnFakeTest {
    private static final GpuChecks.Opener FAKE = options -> CudaBackend.open(options, FakeCudaDriver::new,
            () -> Optional.of(new byte[]{1}));
    private static final CudaOptions OPTIONS = CudaOptions.defaults(0, null).withChunkBytes(1 << 20);

    private static void assertAllPassed(List<GpuChecks.Result> results) {
        for (GpuChecks.Result r : results) {
            assertTrue(r.passed(), r.name() + ": " + r.detail());
        }
    }

    @Test
    void correctnessChecksPassOnTheEmulatedKernels() throws Exception {
        List<GpuChecks.Result> r = GpuChecks.correctness(FAKE, OPTIONS);
        assertEquals(3 * (3 * 3 + 1), r.size());
        assertAllPassed(r);
    }

    @Test
    void residencyChecksPassOnTheEmulatedKernels() throws Exception {
        List<GpuChecks.Result> r = GpuChecks.residentVersusStreamed(FAKE, OPTIONS);
        assertEquals(6, r.size());
        assertAllPassed(r);
    }

    /** Two and three lanes (fake contexts) on one device, as on a one-GPU host: the bits of one lane. */
    @Test
    void multiLaneCheckPassesOnTheEmulatedKernels() throws Exception {
        for (int lanes : new int[]{2, 3}) {
            MultiLaneCheck.Outcome o = MultiLaneCheck.run(FAKE, OPTIONS, List.of(0), lanes, 50, 1500);
            assertTrue(o.result().passed(), o.result().name() + ": " + o.result().detail());
            assertEquals(lanes, o.loads().size());
            for (var l : o.loads()) {
                assertTrue(l.device().startsWith("cuda:0 "), l.device());
                assertTrue(l.evaluations() > 0 && l.pointsPerSecond() > 0, l.toString());
            }
        }
    }

    @Test
    void benchmarkRunsOnTheEmulatedKernels() throws Exception {
        List<GpuChecks.Bench> b = GpuChecks.benchmark(FAKE, OPTIONS, 120, 3, 4, 1, 1);
        assertEquals(2 * 4 + 1, b.size());
        for (GpuChecks.Bench x : b) {
            assertEquals(3L * 120 * 119 / 2, x.points(), x.name());
            assertTrue(x.seconds() > 0);
        }
    }
}
