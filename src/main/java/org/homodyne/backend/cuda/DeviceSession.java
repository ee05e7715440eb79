package org.homodyne.backend.cuda;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.homodyne.backend.cuda.CudaDriver.DeviceBuffer;
import org.homodyne.backend.cuda.CudaDriver.DeviceEvent;
import org.homodyne.backend.cuda.CudaDriver.PinnedBuffer;
import org.homodyne.backend.cuda.CudaDriver.Stream;
import org.homodyne.backend.cuda.GpuUnavailableException.Reason;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * The device side of the CUDA backend: buffers, the double-buffered upload pipeline, resident batch
 * data and the memory budget. Single-threaded by contract: only the {@link DeviceThread} calls it.
 *
 * <p>A streamed batch goes through two pinned host buffers and two device buffers in chunks of
 * whole units: while the kernel sums chunk k on the COMPUTE stream, chunk k+1 is written into the
 * other pinned buffer and copied on the COPY stream (events order the reuse of each buffer). A
 * batch that fits in the budget is instead copied into its own device buffer and kept, keyed by
 * its {@link Batch}; later passes launch one kernel over it and copy nothing but the parameters.
 * Either way the same unit partials are summed in the same order, so the results are bitwise equal.
 */
final class DeviceSession implements AutoCloseable {
    /** hm::BLOCK_THREADS. */
    static final int BLOCK_THREADS = 256;

    private final CudaDriver driver;
    private final CudaOptions options;
    private final String deviceName;
    private final MemoryBudget budget;
    private final Map<Batch, Resident> resident = new HashMap<>();
    private final DeviceEvent[] uploaded = new DeviceEvent[2];
    private final DeviceEvent[] computed = new DeviceEvent[2];
    private final DeviceBuffer[] slots = new DeviceBuffer[2];
    private final PinnedBuffer[] staging = new PinnedBuffer[2];
    private long chunkValues;
    private DeviceBuffer modelBuffer;
    private PreparedModel uploadedModel;
    private DeviceBuffer anglesBuffer;
    private DeviceBuffer partialsBuffer;
    private DeviceBuffer outBuffer;
    private PinnedBuffer paramStaging;
    private PinnedBuffer outStaging;
    private long uploadedBytes;
    private long launches;
    /** The resident batch a pass is summing right now: never dropped to make room. */
    private Batch inUse;

    private record Resident(DeviceBuffer buffer, int n) {
    }

    private DeviceSession(CudaDriver driver, CudaOptions options, String deviceName, MemoryBudget budget) {
        this.driver = driver;
        this.options = options;
        this.deviceName = deviceName;
        this.budget = budget;
        this.chunkValues = options.chunkBytes() / 4;
    }

    /**
     * Loads the driver, checks the device and the kernel image, creates the context and the
     * working buffers. Each failure becomes the fallback reason it stands for.
     */
    static DeviceSession open(CudaDriverLoader loader, Supplier<Optional<byte[]>> image, CudaOptions options)
            throws GpuUnavailableException {
        CudaDriver driver = loader.load();
        try {
            int count = count(driver);
            if (count == 0) {
                throw new GpuUnavailableException(Reason.NO_DEVICE, "no CUDA device (cuDeviceGetCount = 0)");
            }
            if (options.gpuId() >= count) {
                throw new GpuUnavailableException(Reason.NO_SUCH_DEVICE, "GPU " + options.gpuId()
                        + " requested, but this machine has " + count + " CUDA device(s) (0.." + (count - 1) + ")");
            }
            Optional<byte[]> kernels = image.get();
            if (kernels.isEmpty()) {
                throw new GpuUnavailableException(Reason.KERNELS_NOT_BUILT, "CUDA kernels not built: the jar has no "
                        + KernelImage.RESOURCE.substring(1) + " (nvcc was not on the PATH when it was built)");
            }
            String name = step(() -> {
                driver.open(options.gpuId());
                return driver.deviceName();
            }, "creating the CUDA context on GPU " + options.gpuId());
            try {
                driver.loadKernels(kernels.get());
            } catch (DeviceException e) {
                if (e.kind() == DeviceException.Kind.NO_KERNEL_IMAGE) {
                    throw new GpuUnavailableException(Reason.KERNELS_NOT_BUILT,
                            "CUDA kernels not built for this GPU or driver (" + name + "): " + e.getMessage());
                }
                throw unavailable(e, "loading the CUDA kernels");
            }
            CudaDriver.MemoryInfo mem = step(driver::memoryInfo, "querying GPU memory");
            MemoryBudget budget = MemoryBudget.of(mem.free(), options.memoryLimitBytes(), options.freeFraction());
            DeviceSession session = new DeviceSession(driver, options, "cuda:" + options.gpuId() + " " + name, budget);
            step(() -> {
                session.allocateWorkingSet();
                return null;
            }, "allocating the working buffers (budget " + mib(budget.limit()) + " of " + mib(mem.free())
                    + " free)");
            return session;
        } catch (GpuUnavailableException | RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    private static int count(CudaDriver driver) throws GpuUnavailableException {
        try {
            return driver.deviceCount();
        } catch (DeviceException e) {
            throw new GpuUnavailableException(Reason.NO_DEVICE, "no CUDA device (" + e.getMessage() + ")");
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws DeviceException;
    }

    private static <T> T step(Step<T> step, String what) throws GpuUnavailableException {
        try {
            return step.run();
        } catch (DeviceException e) {
            throw unavailable(e, what);
        }
    }

    private static GpuUnavailableException unavailable(DeviceException e, String what) {
        if (e.outOfMemory()) {
            return new GpuUnavailableException(Reason.OUT_OF_MEMORY,
                    "out of GPU memory at initialisation (" + what + "): " + e.getMessage());
        }
        return new GpuUnavailableException(Reason.INIT_FAILED, "CUDA initialisation failed (" + what + "): "
                + e.getMessage());
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    String description() {
        return deviceName;
    }

    private void allocateWorkingSet() throws DeviceException {
        for (int s = 0; s < 2; s++) {
            uploaded[s] = driver.createEvent();
            computed[s] = driver.createEvent();
        }
        ensureSlots();
        ensureParams(4096);
        ensureOut(4096);
    }

    // ---- buffers -------------------------------------------------------------------------------

    /** Allocates device memory inside the budget; resident data is dropped first when that helps. */
    private DeviceBuffer allocWorking(long bytes) throws DeviceException {
        if (!budget.tryReserve(bytes)) {
            dropResident();
            if (!budget.tryReserve(bytes)) {
                throw new DeviceException("GPU memory budget of " + budget.limit() + " bytes exceeded (" + budget.used()
                        + " used, " + bytes + " more needed)", DeviceException.Kind.OUT_OF_MEMORY);
            }
        }
        try {
            return driver.allocDevice(bytes);
        } catch (DeviceException e) {
            budget.release(bytes);
            throw e;
        }
    }

    private void freeWorking(DeviceBuffer b) {
        if (b != null) {
            driver.free(b);
            budget.release(b.bytes());
        }
    }

    private DeviceBuffer grow(DeviceBuffer current, long bytes) throws DeviceException {
        if (current != null && current.bytes() >= bytes) {
            return current;
        }
        freeWorking(current);
        // grow by at least half so that slowly growing batches do not reallocate every time
        long size = current == null ? bytes : Math.max(bytes, current.bytes() + current.bytes() / 2);
        return allocWorking(size);
    }

    private void ensureSlots() throws DeviceException {
        for (int s = 0; s < 2; s++) {
            if (slots[s] == null) {
                slots[s] = allocWorking(chunkValues * 4);
            }
            if (staging[s] == null) {
                staging[s] = driver.allocPinned(chunkValues * 4);
            }
        }
    }

    private void freeSlots() {
        for (int s = 0; s < 2; s++) {
            freeWorking(slots[s]);
            slots[s] = null;
            if (staging[s] != null) {
                driver.free(staging[s]);
                staging[s] = null;
            }
        }
    }

    private void ensureParams(long bytes) throws DeviceException {
        if (paramStaging == null || paramStaging.bytes() < bytes) {
            if (paramStaging != null) {
                driver.free(paramStaging);
                paramStaging = null;
            }
            paramStaging = driver.allocPinned(Math.max(bytes, 4096));
        }
    }

    private void ensureOut(long bytes) throws DeviceException {
        outBuffer = grow(outBuffer, bytes);
        if (outStaging == null || outStaging.bytes() < bytes) {
            if (outStaging != null) {
                driver.free(outStaging);
                outStaging = null;
            }
            outStaging = driver.allocPinned(outBuffer.bytes());
        }
    }

    private void dropResident() {
        var it = resident.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals(inUse)) {
                freeWorking(e.getValue().buffer());
                it.remove();
            }
        }
    }

    // ---- accumulation --------------------------------------------------------------------------

    boolean isResident(Batch batch) {
        return resident.containsKey(batch);
    }

    /**
     * Accumulates a batch from host data, keeping it resident when it fits. On out-of-memory the
     * resident data is dropped, the upload buffers halved and the batch tried once more (the same
     * units, so the same result); a second out-of-memory is thrown.
     */
    NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
            throws DeviceException {
        Batch batch = data.batch();
        UnitLayout layout = layout(batch, data.n(), model);
        Resident old = resident.remove(batch);
        if (old != null) {
            freeWorking(old.buffer());
        }
        try {
            return accumulateHost(data.values(), batch, layout, model, scaling, sigma, options.keepResident());
        } catch (DeviceException e) {
            // queued copies may still read the pinned buffers: let them finish before anything is reused
            quiesce();
            if (!e.outOfMemory() || chunkValues / 2 < options.unitPairs()) {
                throw e;
            }
            dropResident();
            freeSlots();
            chunkValues /= 2;
            return accumulateHost(data.values(), batch, layout, model, scaling, sigma, false);
        }
    }

    /** Accumulates a batch whose data is resident (a later pass: no batch data is copied). */
    NormalEquations accumulateResident(Batch batch, int n, PreparedModel model, AngleScaling scaling, double sigma)
            throws DeviceException {
        Resident r = resident.get(batch);
        if (r == null || r.n() != n) {
            throw new IllegalStateException("batch " + batch.id() + " is not resident on " + deviceName);
        }
        UnitLayout layout = layout(batch, n, model);
        inUse = batch;
        try {
            KernelVariant variant = prepare(batch, layout, model, scaling);
            if (layout.totalUnits() > 0) {
                driver.launchAccumulate(launch(variant, r.buffer(), 0, 0, model, layout, 0, layout.totalUnits()),
                        Stream.COMPUTE);
                launches++;
            }
            return finish(variant, batch, layout, model, sigma);
        } catch (DeviceException e) {
            quiesce();
            throw e;
        } finally {
            inUse = null;
        }
    }

    private UnitLayout layout(Batch batch, int n, PreparedModel model) {
        if (n != model.size()) {
            throw new IllegalArgumentException("batch " + batch.id() + " has n=" + n + " but the model "
                    + model.size() + " time points");
        }
        if (batch.angleEnd() > model.angleCount()) {
            throw new IllegalArgumentException("batch " + batch.id() + " has angles up to " + batch.angleEnd()
                    + " but the model " + model.angleCount());
        }
        UnitLayout layout = UnitLayout.of(batch, n, options.unitPairs());
        if (layout.points() != batch.points()) {
            throw new IllegalArgumentException("batch " + batch.id() + " declares " + batch.points()
                    + " points, its rows and angles hold " + layout.points());
        }
        return layout;
    }

    private NormalEquations accumulateHost(float[] values, Batch batch, UnitLayout layout, PreparedModel model,
                                           AngleScaling scaling, double sigma, boolean keep) throws DeviceException {
        ensureSlots();
        KernelVariant variant = prepare(batch, layout, model, scaling);
        DeviceBuffer keepBuffer = keep ? reserveResident(layout.points() * 4) : null;
        try {
            stream(values, layout, variant, model, keepBuffer);
            NormalEquations ne = finish(variant, batch, layout, model, sigma);
            if (keepBuffer != null) {
                resident.put(batch, new Resident(keepBuffer, layout.n()));
                keepBuffer = null;
            }
            return ne;
        } finally {
            if (keepBuffer != null) {
                quiesce();
                freeWorking(keepBuffer);
            }
        }
    }

    /** A device buffer for the batch's data when it fits in the budget and on the GPU, else null. */
    private DeviceBuffer reserveResident(long bytes) {
        if (!budget.tryReserve(bytes)) {
            return null;
        }
        try {
            return driver.allocDevice(bytes);
        } catch (DeviceException e) {
            // out of memory (or other processes took it): this batch is simply streamed
            budget.release(bytes);
            return null;
        }
    }

    /** Uploads the model (when it changed) and the batch's angle constants; sizes the buffers. */
    private KernelVariant prepare(Batch batch, UnitLayout layout, PreparedModel model, AngleScaling scaling)
            throws DeviceException {
        KernelVariant variant = KernelVariant.of(model);
        double[] angles = ModelPacker.angles(batch, model, scaling);
        boolean newModel = model != uploadedModel;
        int modelLength = ModelPacker.packedLength(model);
        partialsBuffer = grow(partialsBuffer, Math.max(8, layout.totalUnits() * variant.rawSums() * 8));
        ensureOut(8L * NormalEquations.flatSize(variant.physCount(), model.angleCount()));
        anglesBuffer = grow(anglesBuffer, 8L * angles.length);
        ensureParams(8L * (modelLength + angles.length));
        // the pinned parameter buffer is free: every call ends with the COMPUTE stream synchronised
        var params = paramStaging.buffer().asDoubleBuffer();
        params.put(0, angles);
        driver.copyToDevice(paramStaging, 0, anglesBuffer, 0, 8L * angles.length, Stream.COMPUTE);
        if (newModel) {
            uploadedModel = null;
            modelBuffer = grow(modelBuffer, 8L * modelLength);
            params.put(angles.length, ModelPacker.pack(model));
            driver.copyToDevice(paramStaging, 8L * angles.length, modelBuffer, 0, 8L * modelLength, Stream.COMPUTE);
            uploadedModel = model;
        }
        return variant;
    }

    private AccumulateLaunch launch(KernelVariant variant, DeviceBuffer values, long valuesOffset, long valuesFirst,
                                    PreparedModel model, UnitLayout layout, long firstUnit, long units) {
        return new AccumulateLaunch(variant, variant.accumulateName(options.laminarBlocksPerSm()), values, valuesOffset, valuesFirst, modelBuffer, layout.n(),
                model.diffusionFactor(), model.phaseFactor(), anglesBuffer, partialsBuffer, layout, firstUnit, units);
    }

    /**
     * The double-buffered pipeline. Chunk k uses pinned buffer and device slot k % 2: before the
     * host rewrites pinned buffer s it waits for that buffer's previous upload; before the COPY
     * stream overwrites slot s it waits for the kernel that read it; the kernel of chunk k waits
     * for its upload. With {@code keep} the chunks are copied into the resident buffer instead.
     */
    private void stream(float[] values, UnitLayout layout, KernelVariant variant, PreparedModel model,
                        DeviceBuffer keep) throws DeviceException {
        List<Chunk> chunks = Chunk.plan(layout, chunkValues);
        for (int k = 0; k < chunks.size(); k++) {
            Chunk c = chunks.get(k);
            int s = k % 2;
            if (k >= 2) {
                driver.synchronize(uploaded[s]);
            }
            FloatBuffer host = staging[s].buffer().asFloatBuffer();
            host.put(values, (int) c.dataStart(), (int) c.values());
            DeviceBuffer dst;
            long dstOffset;
            if (keep != null) {
                dst = keep;
                dstOffset = 4 * c.dataStart();
            } else {
                dst = slots[s];
                dstOffset = 0;
                if (k >= 2) {
                    driver.waitFor(Stream.COPY, computed[s]);
                }
            }
            driver.copyToDevice(staging[s], 0, dst, dstOffset, 4 * c.values(), Stream.COPY);
            driver.record(uploaded[s], Stream.COPY);
            uploadedBytes += 4 * c.values();
            driver.waitFor(Stream.COMPUTE, uploaded[s]);
            driver.launchAccumulate(launch(variant, dst, dstOffset, c.dataStart(), model, layout, c.firstUnit(),
                    c.units()), Stream.COMPUTE);
            driver.record(computed[s], Stream.COMPUTE);
            launches++;
        }
    }

    /** Final sum, download, wait: the batch's normal equations. */
    private NormalEquations finish(KernelVariant variant, Batch batch, UnitLayout layout, PreparedModel model,
                                   double sigma) throws DeviceException {
        int p = variant.physCount();
        int angles = model.angleCount();
        int size = NormalEquations.flatSize(p, angles);
        double w = 1.0 / (sigma * sigma);
        driver.launchFinalize(new FinalizeLaunch(variant, partialsBuffer, anglesBuffer, outBuffer,
                layout.unitsPerAngle(), batch.angleCount(), batch.angleStart(), angles, w), Stream.COMPUTE);
        driver.copyToHost(outBuffer, 0, outStaging, 0, 8L * size, Stream.COMPUTE);
        driver.synchronize(Stream.COMPUTE);
        double[] flat = new double[size];
        outStaging.buffer().asDoubleBuffer().get(flat);
        return NormalEquations.fromFlat(flat, p, angles).symmetrize();
    }

    /** Waits for all queued work, ignoring errors (used before freeing buffers after a failure). */
    private void quiesce() {
        for (Stream s : Stream.values()) {
            try {
                driver.synchronize(s);
            } catch (DeviceException ignored) {
                // the failure is reported by the caller
            }
        }
    }

    CudaStats stats() {
        long bytes = 0;
        for (Resident r : resident.values()) {
            bytes += r.buffer().bytes();
        }
        return new CudaStats(resident.size(), bytes, budget.limit(), budget.used(), chunkValues, uploadedBytes,
                launches);
    }

    List<String> kernelReport() throws DeviceException {
        return driver.kernelReport();
    }

    @Override
    public void close() {
        quiesce();
        dropResident();
        freeSlots();
        freeWorking(modelBuffer);
        freeWorking(anglesBuffer);
        freeWorking(partialsBuffer);
        freeWorking(outBuffer);
        modelBuffer = anglesBuffer = partialsBuffer = outBuffer = null;
        if (paramStaging != null) {
            driver.free(paramStaging);
            paramStaging = null;
        }
        if (outStaging != null) {
            driver.free(outStaging);
            outStaging = null;
        }
        driver.close();
    }
}
