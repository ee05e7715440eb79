package org.homodyne.backend.cuda;

import java.nio.ByteBuffer;

/**
 * The few device operations the CUDA backend needs, behind an interface so that the buffer and
 * batch bookkeeping (chunking, residency, memory budget, out-of-memory retry) is tested on machines
 * without a GPU against a fake that runs the kernels' host emulation. {@link JcudaDriver} is the
 * real implementation (JCuda driver API).
 *
 * <p>Not thread-safe: every call, from {@link #open} to {@link #close}, comes from the single
 * thread that owns the CUDA context ({@link DeviceThread}). Copies and launches are asynchronous on
 * one of two streams and ordered by events, with CUDA's semantics.
 */
interface CudaDriver extends AutoCloseable {
    /** The two streams: uploads run on COPY while kernels run on COMPUTE. */
    enum Stream { COPY, COMPUTE }

    /** Device memory. */
    interface DeviceBuffer {
        long bytes();
    }

    /** Page-locked host memory, writable from Java through {@link #buffer()}. */
    interface PinnedBuffer {
        long bytes();

        /** A direct buffer over the whole allocation, native byte order. */
        ByteBuffer buffer();
    }

    /** A CUDA event. */
    interface DeviceEvent {
    }

    /** Free and total device memory in bytes. */
    record MemoryInfo(long free, long total) {
    }

    int deviceCount() throws DeviceException;

    /** Creates the context for device {@code ordinal} on the calling thread and the two streams. */
    void open(int ordinal) throws DeviceException;

    /** "NVIDIA H100 80GB HBM3 (sm_90)" or similar; valid after {@link #open}. */
    String deviceName() throws DeviceException;

    /**
     * Loads the kernel image (fatbin) and looks up the kernels of every {@link KernelVariant}.
     *
     * @throws DeviceException of kind {@link DeviceException.Kind#NO_KERNEL_IMAGE} when the image
     *                         holds no code this device (or driver) can run
     */
    void loadKernels(byte[] image) throws DeviceException;

    MemoryInfo memoryInfo() throws DeviceException;

    /**
     * One line per loaded kernel: registers, spill (local) bytes, static shared memory and how many
     * blocks fit on one SM, as the device reports them (for benchmarks and the GPU check).
     */
    java.util.List<String> kernelReport() throws DeviceException;

    DeviceBuffer allocDevice(long bytes) throws DeviceException;

    PinnedBuffer allocPinned(long bytes) throws DeviceException;

    void free(DeviceBuffer buffer);

    void free(PinnedBuffer buffer);

    DeviceEvent createEvent() throws DeviceException;

    void copyToDevice(PinnedBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes, Stream stream)
            throws DeviceException;

    void copyToHost(DeviceBuffer src, long srcOffset, PinnedBuffer dst, long dstOffset, long bytes, Stream stream)
            throws DeviceException;

    void launchAccumulate(AccumulateLaunch launch, Stream stream) throws DeviceException;

    void launchFinalize(FinalizeLaunch launch, Stream stream) throws DeviceException;

    /** Records {@code event} at the current end of {@code stream}. */
    void record(DeviceEvent event, Stream stream) throws DeviceException;

    /** Makes later work on {@code stream} wait for the last record of {@code event}. */
    void waitFor(Stream stream, DeviceEvent event) throws DeviceException;

    /** Blocks the host until the last record of {@code event} has completed. */
    void synchronize(DeviceEvent event) throws DeviceException;

    /** Blocks the host until all work on {@code stream} has completed. */
    void synchronize(Stream stream) throws DeviceException;

    /** Destroys the context (and with it every buffer, event and stream). Never throws. */
    @Override
    void close();
}
