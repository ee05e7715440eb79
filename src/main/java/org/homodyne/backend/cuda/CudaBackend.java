package org.homodyne.backend.cuda;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.homodyne.backend.BackendException;
import org.homodyne.backend.ResidentBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * The CUDA backend: fused kernels sum each batch's normal equations on the GPU (DESIGN "GPU path").
 * Every device call runs on one thread that owns the CUDA context; callers may come from any thread.
 *
 * <p>Out of memory: a batch that hits CUDA_ERROR_OUT_OF_MEMORY is retried once with the resident
 * data dropped and the upload buffers halved (same units, same result); if that fails too,
 * {@link #accumulate} throws a {@link BackendException} with {@code outOfMemory() == true} and the
 * stream runtime's fault policy runs the batch on the CPU. {@link #accumulateResident} may throw
 * like {@link #accumulate}; the caller then reads the batch and retries with {@link #accumulate}.
 */
public final class CudaBackend implements ResidentBackend {
    private final DeviceThread thread;
    private final DeviceSession session;
    private final String description;

    private CudaBackend(DeviceThread thread, DeviceSession session) {
        this.thread = thread;
        this.session = session;
        this.description = session.description();
    }

    /**
     * Opens GPU {@code gpuId} with the default options.
     *
     * @param memoryLimitBytes GPU memory to use at most, or null for 80% of the free memory
     * @throws GpuUnavailableException with the reason (no driver, no device, kernels not built,
     *                                 out of memory at initialisation, other initialisation failure)
     */
    public static CudaBackend open(int gpuId, Long memoryLimitBytes) throws GpuUnavailableException {
        return open(CudaOptions.defaults(gpuId, memoryLimitBytes));
    }

    public static CudaBackend open(CudaOptions options) throws GpuUnavailableException {
        return open(options, JcudaDriver::load, KernelImage::fromClasspath);
    }

    /**
     * The CUDA devices this process sees (honouring CUDA_VISIBLE_DEVICES), or 0 when there is no
     * usable driver or device: for sizing work to the node (campaign pools), not for choosing one.
     */
    public static int deviceCount() {
        try (CudaDriver driver = JcudaDriver.load()) {
            return driver.deviceCount();
        } catch (GpuUnavailableException | DeviceException | RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** The opener used by BackendSelector: the real driver and the kernels from the jar. */
    public static GpuOpener opener() {
        return CudaBackend::open;
    }

    static CudaBackend open(CudaOptions options, CudaDriverLoader loader, Supplier<Optional<byte[]>> image)
            throws GpuUnavailableException {
        DeviceThread thread = new DeviceThread("homodyne-cuda-" + options.gpuId());
        try {
            DeviceSession session = thread.call(() -> DeviceSession.open(loader, image, options));
            return new CudaBackend(thread, session);
        } catch (GpuUnavailableException e) {
            thread.close();
            throw e;
        } catch (Exception e) {
            thread.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new GpuUnavailableException(GpuUnavailableException.Reason.INIT_FAILED,
                    "CUDA initialisation failed: " + e);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
            throws BackendException {
        return onDevice(() -> session.accumulate(data, model, scaling, sigma), data.batch());
    }

    @Override
    public boolean isResident(Batch batch) {
        try {
            return onDevice(() -> session.isResident(batch), batch);
        } catch (BackendException e) {
            return false;
        }
    }

    @Override
    public NormalEquations accumulateResident(Batch batch, int n, PreparedModel model, AngleScaling scaling,
                                              double sigma) throws BackendException {
        return onDevice(() -> session.accumulateResident(batch, n, model, scaling, sigma), batch);
    }

    /** Residency, memory and traffic counters. */
    public CudaStats stats() {
        try {
            return thread.call(session::stats);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CUDA backend's counters", e);
        }
    }

    /** Registers, shared memory and occupancy of the kernels on this device (benchmarks, GPU check). */
    List<String> kernelReport() throws Exception {
        return thread.call(session::kernelReport);
    }

    private <T> T onDevice(DeviceThread.DeviceCall<T> call, Batch batch) throws BackendException {
        try {
            return thread.call(call);
        } catch (DeviceException e) {
            throw new BackendException(description + ", batch " + batch.id() + ": " + e.getMessage(),
                    e.outOfMemory(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(description + ", batch " + batch.id() + ": interrupted", false, e);
        } catch (Exception e) {
            throw new BackendException(description + ", batch " + batch.id() + ": " + e, false, e);
        }
    }

    @Override
    public void close() {
        try {
            thread.call(() -> {
                session.close();
                return null;
            });
        } catch (Exception e) {
            // closing must not fail the run; the context goes with the process anyway
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            thread.close();
        }
    }
}
