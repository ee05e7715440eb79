package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.homodyne.backend.BackendException;
import org.homodyne.backend.ReferenceAccumulator;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA backend's bookkeeping (chunked double-buffered uploads, residency, memory budget,
 * out-of-memory retry, thread ownership) over {@link FakeCudaDriver}, whose lazy streams turn a
 * missing wait into wrong sums, and whose kernels are the Java port of the CUDA ones.
 */
class CudaBackendFakeTest {
    private static final int N = 60;
    private static final double SIGMA = 0.01;
    private static final double[] PHI = {-20, 10, 60};
    /** 256 pairs per unit, 700 values per chunk: every batch below crosses many chunks. */
    private static final CudaOptions SMALL = CudaOptions.defaults(0, null).withUnitPairs(256).withChunkBytes(4 * 700);

    private FakeCudaDriver driver;

    private CudaBackend open(CudaOptions options, FakeCudaDriver d) throws GpuUnavailableException {
        driver = d;
        return CudaBackend.open(options, () -> d, () -> Optional.of(new byte[]{1}));
    }

    private CudaBackend open(CudaOptions options) throws GpuUnavailableException {
        return open(options, new FakeCudaDriver());
    }

    private static PreparedModel model(AnalysisMode mode, ShearConvention conv, Random rnd) {
        return TestBatches.model(TestBatches.spec(mode, conv, N, PHI), rnd);
    }

    private static List<Batch> batches() {
        return List.of(
                TestBatches.batch(0, 0, 3, 0, N - 1, N),   // all angles, all rows: 5310 points, 11 chunks
                TestBatches.batch(1, 1, 2, 10, 30, N),     // one angle, middle rows
                TestBatches.batch(2, 0, 2, 45, N, N));     // short rows incl. the empty last row
    }

    @ParameterizedTest
    @CsvSource({"STATIC, HOMODYNE", "LAMINAR_FLOW, HOMODYNE", "LAMINAR_FLOW, PHYSICAL"})
    void matchesReferenceAccumulator(AnalysisMode mode, ShearConvention conv) throws Exception {
        Random rnd = new Random(5);
        PreparedModel m = model(mode, conv, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        for (int blocks = 1; blocks <= 2; blocks++) {
            try (CudaBackend gpu = open(SMALL.withKeepResident(false).withLaminarBlocksPerSm(blocks))) {
                for (Batch b : batches()) {
                    BatchData d = TestBatches.data(b, m, s, rnd, 0.02, 0.05);
                    NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, SIGMA);
                    NormalEquations got = gpu.accumulate(d, m, s, SIGMA);
                    assertNull(TestBatches.compare(got, ref, 1e-12), "batch " + b.id());
                }
                assertTrue(driver.accumulateLaunches > 11, "the first batch went through many chunks");
                String kernel = KernelVariant.of(m).accumulateName(blocks);
                assertEquals(java.util.Set.of(kernel), driver.kernelsLaunched);
            }
        }
        assertTrue(driver.threadViolations.isEmpty(), driver.threadViolations.toString());
    }

    @Test
    void residentAndStreamedPassesGiveTheSameBits() throws Exception {
        Random rnd = new Random(6);
        PreparedModel m = model(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        List<BatchData> data = new ArrayList<>();
        for (Batch b : batches()) {
            data.add(TestBatches.data(b, m, s, rnd, 0.02, 0.05));
        }
        List<NormalEquations> streamed = new ArrayList<>();
        try (CudaBackend plain = open(SMALL.withKeepResident(false))) {
            for (BatchData d : data) {
                streamed.add(plain.accumulate(d, m, s, SIGMA));
                assertFalse(plain.isResident(d.batch()));
            }
        }
        // other chunk sizes: the chunking never changes the sums
        try (CudaBackend bigChunks = open(SMALL.withKeepResident(false).withChunkBytes(1 << 20))) {
            for (int k = 0; k < data.size(); k++) {
                assertEquals(streamed.get(k), bigChunks.accumulate(data.get(k), m, s, SIGMA));
            }
        }
        try (CudaBackend resident = open(SMALL)) {
            for (int k = 0; k < data.size(); k++) {
                assertEquals(streamed.get(k), resident.accumulate(data.get(k), m, s, SIGMA), "first (upload) pass");
            }
            long uploaded = resident.stats().uploadedBytes();
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < data.size(); k++) {
                    Batch b = data.get(k).batch();
                    assertTrue(resident.isResident(b));
                    assertEquals(streamed.get(k), resident.accumulateResident(b, N, m, s, SIGMA), "resident pass");
                }
            }
            assertEquals(uploaded, resident.stats().uploadedBytes(), "resident passes copy no batch data");
            assertEquals(data.size(), resident.stats().residentBatches());
        }
    }

    @Test
    void newParametersOnResidentDataMatchTheReference() throws Exception {
        Random rnd = new Random(8);
        ModelSpec spec = TestBatches.spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL, N, PHI);
        PreparedModel m1 = TestBatches.model(spec, rnd);
        AngleScaling s1 = TestBatches.scaling(PHI.length, rnd);
        Batch b = batches().get(0);
        BatchData d = TestBatches.data(b, m1, s1, rnd, 0.02, 0.05);
        try (CudaBackend gpu = open(SMALL)) {
            gpu.accumulate(d, m1, s1, SIGMA);
            long before = driver.bytesToDevice;
            // an LM step later: new model, new scaling, same data on the device
            PreparedModel m2 = TestBatches.model(spec, rnd);
            AngleScaling s2 = TestBatches.scaling(PHI.length, rnd);
            NormalEquations got = gpu.accumulateResident(b, N, m2, s2, SIGMA);
            assertNull(TestBatches.compare(got, new ReferenceAccumulator().accumulate(d, m2, s2, SIGMA), 1e-12));
            long withModel = driver.bytesToDevice - before;
            assertEquals(8L * (8 * N + 4 * PHI.length), withModel, "model and angle constants only");
            gpu.accumulateResident(b, N, m2, s2, SIGMA);
            assertEquals(8L * 4 * PHI.length, driver.bytesToDevice - before - withModel,
                    "the same model is not uploaded again");
        }
    }

    @Test
    void residencyStopsAtTheMemoryBudget() throws Exception {
        Random rnd = new Random(9);
        PreparedModel m = model(AnalysisMode.STATIC, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        // each batch: one angle, all rows = 1770 values = 7080 bytes; working set ~8 KiB + chunks
        List<BatchData> data = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            data.add(TestBatches.data(TestBatches.batch(a, a, a + 1, 0, N - 1, N), m, s, rnd, 0.02, 0.0));
        }
        long limit;
        try (CudaBackend probe = open(SMALL.withKeepResident(false))) {
            probe.accumulate(data.get(0), m, s, SIGMA);
            limit = probe.stats().usedBytes() + 2 * 7080 + 100;   // working set + two batches
        }
        try (CudaBackend gpu = open(SMALL.withMemoryLimit(limit))) {
            for (BatchData d : data) {
                NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, SIGMA);
                assertNull(TestBatches.compare(gpu.accumulate(d, m, s, SIGMA), ref, 1e-12));
            }
            assertTrue(gpu.isResident(data.get(0).batch()));
            assertTrue(gpu.isResident(data.get(1).batch()));
            assertFalse(gpu.isResident(data.get(2).batch()), "the third batch does not fit and is streamed");
            assertTrue(gpu.stats().usedBytes() <= limit);
            assertThrows(IllegalStateException.class,
                    () -> gpu.accumulateResident(data.get(2).batch(), N, m, s, SIGMA));
        }
    }

    @Test
    void aDeviceAllocationFailureLeavesTheBatchStreamed() throws Exception {
        Random rnd = new Random(10);
        PreparedModel m = model(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        FakeCudaDriver d = new FakeCudaDriver();
        d.maxAllocation = 15000;   // chunks (2800 B) and unit partials (9240 B) fit, the batch (21240 B) not
        try (CudaBackend gpu = open(SMALL, d)) {
            BatchData data = TestBatches.data(batches().get(0), m, s, rnd, 0.02, 0.05);
            NormalEquations got = gpu.accumulate(data, m, s, SIGMA);
            assertNull(TestBatches.compare(got, new ReferenceAccumulator().accumulate(data, m, s, SIGMA), 1e-12));
            assertFalse(gpu.isResident(data.batch()));
        }
    }

    @Test
    void outOfMemoryHalvesTheUploadBuffersAndRetries() throws Exception {
        Random rnd = new Random(12);
        PreparedModel m = model(AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        BatchData data = TestBatches.data(batches().get(0), m, s, rnd, 0.02, 0.05);
        NormalEquations streamed;
        try (CudaBackend plain = open(SMALL.withKeepResident(false))) {
            streamed = plain.accumulate(data, m, s, SIGMA);
        }
        try (CudaBackend gpu = open(SMALL)) {
            long chunk = gpu.stats().chunkValues();
            driver.failNextAllocations = 1;   // the first allocation of the batch (its unit partials)
            assertEquals(streamed, gpu.accumulate(data, m, s, SIGMA), "same units, same bits");
            assertEquals(chunk / 2, gpu.stats().chunkValues());
            assertFalse(gpu.isResident(data.batch()), "the retry streams");
        }
    }

    @Test
    void persistentOutOfMemoryIsReportedAsSuchAndTheBackendRecovers() throws Exception {
        Random rnd = new Random(13);
        PreparedModel m = model(AnalysisMode.STATIC, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        BatchData data = TestBatches.data(batches().get(0), m, s, rnd, 0.02, 0.05);
        try (CudaBackend gpu = open(SMALL)) {
            driver.failNextAllocations = 1000;
            BackendException e = assertThrows(BackendException.class, () -> gpu.accumulate(data, m, s, SIGMA));
            assertTrue(e.outOfMemory(), e.getMessage());
            assertTrue(e.getMessage().contains("batch 0"), e.getMessage());
            driver.failNextAllocations = 0;
            NormalEquations got = gpu.accumulate(data, m, s, SIGMA);
            assertNull(TestBatches.compare(got, new ReferenceAccumulator().accumulate(data, m, s, SIGMA), 1e-12));
        }
    }

    @Test
    void everyDeviceCallRunsOnTheOwningThreadAndCloseFreesEverything() throws Exception {
        Random rnd = new Random(14);
        PreparedModel m = model(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        CudaBackend gpu = open(SMALL);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (Batch b : batches()) {
            BatchData d = TestBatches.data(b, m, s, rnd, 0.02, 0.05);
            Thread t = new Thread(() -> {
                try {
                    gpu.accumulate(d, m, s, SIGMA);
                    gpu.accumulateResident(b, N, m, s, SIGMA);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertNull(failure.get());
        gpu.close();
        assertTrue(driver.threadViolations.isEmpty(), driver.threadViolations.toString());
        assertEquals(0, driver.liveDeviceBuffers());
        assertEquals(0, driver.livePinnedBuffers());
        assertEquals(0, driver.allocatedBytes());
        assertFalse(driver.isOpen());
    }

    @Test
    void badBatchesAreRejected() throws Exception {
        Random rnd = new Random(15);
        PreparedModel m = model(AnalysisMode.STATIC, ShearConvention.HOMODYNE, rnd);
        AngleScaling s = TestBatches.scaling(PHI.length, rnd);
        try (CudaBackend gpu = open(SMALL)) {
            Batch wrongPoints = new Batch(7, 0, 1, 0, 10, 11);
            assertThrows(IllegalArgumentException.class,
                    () -> gpu.accumulate(new BatchData(wrongPoints, N, new float[11]), m, s, SIGMA));
            Batch ok = TestBatches.batch(8, 0, 1, 0, 10, N);
            assertThrows(IllegalArgumentException.class, () -> gpu.accumulate(
                    new BatchData(ok, N + 1, new float[(int) ok.points() + 100]), m, s, SIGMA));
        }
    }

    /** The fake's lazy streams really do expose a missing wait (what makes the tests above meaningful). */
    @Test
    void lazyFakeStreamsExposeAMissingWait() throws Exception {
        FakeCudaDriver d = new FakeCudaDriver();
        CudaDriver.PinnedBuffer pinned = d.allocPinned(4);
        CudaDriver.DeviceBuffer dev = d.allocDevice(4);
        CudaDriver.PinnedBuffer back = d.allocPinned(4);
        ByteBuffer host = pinned.buffer();
        host.putFloat(0, 1f);
        d.copyToDevice(pinned, 0, dev, 0, 4, CudaDriver.Stream.COPY);
        host.putFloat(0, 2f);   // no synchronize before reuse: the queued copy sees 2
        d.synchronize(CudaDriver.Stream.COPY);
        d.copyToHost(dev, 0, back, 0, 4, CudaDriver.Stream.COMPUTE);
        d.synchronize(CudaDriver.Stream.COMPUTE);
        assertNotEquals(1f, back.buffer().getFloat(0));
    }
}
