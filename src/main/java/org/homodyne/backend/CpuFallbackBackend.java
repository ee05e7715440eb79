package org.homodyne.backend;

import java.util.function.IntFunction;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GPU backend whose out-of-memory batches run on the CPU (SPEC §7: "a GPU out-of-memory retry
 * halves the batch, then falls back to the CPU for that batch"). The CUDA backend has already
 * retried the batch with halved upload buffers when it reports out-of-memory; this wrapper then
 * sums that batch on the CPU, so the stream runtime's fault policy sees a success. Other failures
 * pass through to the fault policy unchanged. The CPU backend is created on first use.
 */
public final class CpuFallbackBackend implements ResidentBackend {
    private static final Logger LOG = LoggerFactory.getLogger(CpuFallbackBackend.class);

    private final Backend gpu;
    private final IntFunction<Backend> cpuFactory;
    private final int cpuThreads;
    private Backend cpu;
    private long cpuBatches;

    public CpuFallbackBackend(Backend gpu, IntFunction<Backend> cpuFactory, int cpuThreads) {
        this.gpu = gpu;
        this.cpuFactory = cpuFactory;
        this.cpuThreads = cpuThreads;
    }

    /** The GPU backend's description (the device the run uses). */
    @Override
    public String description() {
        return gpu.description();
    }

    /** The wrapped GPU backend. */
    public Backend gpu() {
        return gpu;
    }

    /** Batches summed on the CPU after a GPU out-of-memory so far. */
    public synchronized long cpuBatches() {
        return cpuBatches;
    }

    @Override
    public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
            throws BackendException {
        try {
            return gpu.accumulate(data, model, scaling, sigma);
        } catch (BackendException e) {
            if (!e.outOfMemory()) {
                throw e;
            }
            Backend c = cpu(e);
            return c.accumulate(data, model, scaling, sigma);
        }
    }

    private synchronized Backend cpu(BackendException cause) {
        if (cpu == null) {
            cpu = cpuFactory.apply(cpuThreads);
        }
        cpuBatches++;
        LOG.warn("{}; batch {} runs on the CPU ({})", cause.getMessage(), cpuBatches, cpu.description());
        return cpu;
    }

    /** What the GPU backend holds (nothing when it keeps no batch data). */
    @Override
    public boolean isResident(Batch batch) {
        return gpu instanceof ResidentBackend r && r.isResident(batch);
    }

    /** Resident data lives on the GPU only: a failure here goes to the fault policy, which rereads. */
    @Override
    public NormalEquations accumulateResident(Batch batch, int n, PreparedModel model, AngleScaling scaling,
                                              double sigma) throws BackendException {
        if (!(gpu instanceof ResidentBackend r)) {
            throw new IllegalStateException(gpu.description() + " holds no batch data");
        }
        return r.accumulateResident(batch, n, model, scaling, sigma);
    }

    @Override
    public synchronized void close() {
        try {
            gpu.close();
        } finally {
            if (cpu != null) {
                cpu.close();
            }
        }
    }
}
