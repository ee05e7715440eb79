package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Test;

/** Out-of-memory batches go to the CPU; every other failure goes to the fault policy. */
class CpuFallbackBackendTest {
    private static final ModelSpec SPEC = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, 0.0054,
            2e6, ModelSpec.fitGrid(0.1, 20), new double[]{0});
    private static final PreparedModel MODEL = PreparedModel.prepare(SPEC, new double[]{1e3, 0, 10});
    private static final AngleScaling SCALING = new AngleScaling(new double[]{0.3}, new double[]{1.0});

    private static final class FailingGpu implements Backend {
        final boolean outOfMemory;
        boolean closed;

        FailingGpu(boolean outOfMemory) {
            this.outOfMemory = outOfMemory;
        }

        @Override
        public String description() {
            return "cuda:0 test";
        }

        @Override
        public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
                throws BackendException {
            throw new BackendException("cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY", outOfMemory, null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static BatchData data() {
        Batch b = new Batch(0, 0, 1, 0, 19, Batch.pairsInRows(20, 0, 19));
        float[] v = new float[(int) b.points()];
        java.util.Arrays.fill(v, 1.1f);
        return new BatchData(b, 20, v);
    }

    @Test
    void outOfMemoryRunsOnTheCpu() throws Exception {
        FailingGpu gpu = new FailingGpu(true);
        CpuFallbackBackend b = new CpuFallbackBackend(gpu, t -> new ReferenceAccumulator(), 1);
        assertEquals("cuda:0 test", b.description());
        NormalEquations got = b.accumulate(data(), MODEL, SCALING, 0.01);
        assertEquals(new ReferenceAccumulator().accumulate(data(), MODEL, SCALING, 0.01), got);
        assertEquals(1, b.cpuBatches());
        b.close();
        assertEquals(true, gpu.closed);
    }

    @Test
    void otherFailuresGoToTheFaultPolicy() {
        CpuFallbackBackend b = new CpuFallbackBackend(new FailingGpu(false), t -> {
            throw new AssertionError("no CPU for a non-memory failure");
        }, 1);
        BackendException e = assertThrows(BackendException.class, () -> b.accumulate(data(), MODEL, SCALING, 0.01));
        assertSame(false, e.outOfMemory());
    }
}
