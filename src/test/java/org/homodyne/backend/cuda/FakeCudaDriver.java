package org.homodyne.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CudaDriver} without a GPU: "device" memory is heap memory, kernels run through
 * {@link KernelEmulator}, and streams are LAZY: queued copies and launches run only when the host
 * has to wait for them (event or stream synchronisation), in an order that respects stream order
 * and event waits and nothing else. A backend that reuses a pinned or device buffer without the
 * right wait therefore computes wrong sums here, which the tests see.
 *
 * <p>Also checks that every call comes from the thread that opened the context, and counts memory.
 */
final class FakeCudaDriver implements CudaDriver {
    int deviceCount = 1;
    long totalMemory = 1L << 30;
    /** Memory "other processes" hold. */
    long usedByOthers = 0;
    String name = "Fake GPU (sm_90)";
    /** The next this many device allocations fail with out-of-memory. */
    int failNextAllocations = 0;
    /** Device allocations larger than this fail with out-of-memory. */
    long maxAllocation = Long.MAX_VALUE;
    /** When set, loadKernels fails with this kind. */
    DeviceException.Kind loadFailure = null;
    boolean contextFails = false;

    private Thread owner;
    private long allocated;
    private int liveDevice;
    private int livePinned;
    private boolean open;
    final List<String> threadViolations = new ArrayList<>();
    private final Map<Stream, Op> tail = new EnumMap<>(Stream.class);
    int accumulateLaunches;
    final java.util.Set<String> kernelsLaunched = new java.util.TreeSet<>();
    int finalizeLaunches;
    long bytesToDevice;

    private static final class Op {
        final Op previous;
        final Op waitsFor;
        final Runnable action;
        boolean done;

        Op(Op previous, Op waitsFor, Runnable action) {
            this.previous = previous;
            this.waitsFor = waitsFor;
            this.action = action;
        }
    }

    private record FakeBuffer(ByteBuffer data, long bytes) implements DeviceBuffer {
    }

    private record FakePinned(ByteBuffer data, long bytes) implements PinnedBuffer {
        @Override
        public ByteBuffer buffer() {
            return data.duplicate().order(ByteOrder.nativeOrder());
        }
    }

    private static final class FakeEvent implements DeviceEvent {
        Op at;
    }

    private void own() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        } else if (owner != t) {
            threadViolations.add("driver call from " + t.getName() + ", context owned by " + owner.getName());
        }
    }

    private static ByteBuffer bytes(long n) {
        return ByteBuffer.allocate((int) Math.max(n, 1)).order(ByteOrder.nativeOrder());
    }

    private void enqueue(Stream s, Op waitsFor, Runnable action) {
        tail.put(s, new Op(tail.get(s), waitsFor, action));
    }

    private static void complete(Op op) {
        // iterative over the stream chain, recursive only across event waits
        List<Op> chain = new ArrayList<>();
        for (Op o = op; o != null && !o.done; o = o.previous) {
            chain.add(o);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Op o = chain.get(i);
            if (o.done) {
                continue;
            }
            if (o.waitsFor != null) {
                complete(o.waitsFor);
            }
            if (o.action != null) {
                o.action.run();
            }
            o.done = true;
        }
    }

    long allocatedBytes() {
        return allocated;
    }

    int liveDeviceBuffers() {
        return liveDevice;
    }

    int livePinnedBuffers() {
        return livePinned;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public int deviceCount() {
        own();
        return deviceCount;
    }

    @Override
    public void open(int ordinal) throws DeviceException {
        own();
        if (contextFails) {
            throw new DeviceException("cuCtxCreate: CUDA_ERROR_UNKNOWN", DeviceException.Kind.OTHER);
        }
        open = true;
    }

    @Override
    public String deviceName() {
        own();
        return name;
    }

    @Override
    public void loadKernels(byte[] image) throws DeviceException {
        own();
        if (loadFailure != null) {
            throw new DeviceException("cuModuleLoadData: CUDA_ERROR_NO_BINARY_FOR_GPU", loadFailure);
        }
    }

    @Override
    public MemoryInfo memoryInfo() {
        own();
        return new MemoryInfo(totalMemory - usedByOthers - allocated, totalMemory);
    }

    @Override
    public List<String> kernelReport() {
        own();
        return List.of("fake kernels (host emulation)");
    }

    @Override
    public DeviceBuffer allocDevice(long bytes) throws DeviceException {
        own();
        if (failNextAllocations > 0) {
            failNextAllocations--;
            throw new DeviceException("cuMemAlloc(" + bytes + " bytes): CUDA_ERROR_OUT_OF_MEMORY",
                    DeviceException.Kind.OUT_OF_MEMORY);
        }
        if (bytes > maxAllocation || allocated + bytes > totalMemory - usedByOthers) {
            throw new DeviceException("cuMemAlloc(" + bytes + " bytes): CUDA_ERROR_OUT_OF_MEMORY",
                    DeviceException.Kind.OUT_OF_MEMORY);
        }
        allocated += bytes;
        liveDevice++;
        return new FakeBuffer(bytes(bytes), bytes);
    }

    @Override
    public PinnedBuffer allocPinned(long bytes) {
        own();
        livePinned++;
        return new FakePinned(ByteBuffer.allocateDirect((int) Math.max(bytes, 1)), bytes);
    }

    @Override
    public void free(DeviceBuffer buffer) {
        own();
        allocated -= buffer.bytes();
        liveDevice--;
    }

    @Override
    public void free(PinnedBuffer buffer) {
        own();
        livePinned--;
    }

    @Override
    public DeviceEvent createEvent() {
        own();
        return new FakeEvent();
    }

    @Override
    public void copyToDevice(PinnedBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes,
                             Stream stream) {
        own();
        bytesToDevice += bytes;
        ByteBuffer from = ((FakePinned) src).data();
        ByteBuffer to = ((FakeBuffer) dst).data();
        enqueue(stream, null, () -> to.put((int) dstOffset, from, (int) srcOffset, (int) bytes));
    }

    @Override
    public void copyToHost(DeviceBuffer src, long srcOffset, PinnedBuffer dst, long dstOffset, long bytes,
                           Stream stream) {
        own();
        ByteBuffer from = ((FakeBuffer) src).data();
        ByteBuffer to = ((FakePinned) dst).data();
        enqueue(stream, null, () -> to.put((int) dstOffset, from, (int) srcOffset, (int) bytes));
    }

    @Override
    public void launchAccumulate(AccumulateLaunch launch, Stream stream) {
        own();
        if (!KernelVariant.allAccumulateNames().contains(launch.kernel())
                || !launch.kernel().startsWith(launch.variant().accumulateName())) {
            throw new IllegalArgumentException("kernel " + launch.kernel() + " for " + launch.variant());
        }
        kernelsLaunched.add(launch.kernel());
        accumulateLaunches++;
        enqueue(stream, null, () -> KernelEmulator.accumulate(launch, ((FakeBuffer) launch.values()).data(),
                ((FakeBuffer) launch.model()).data(), ((FakeBuffer) launch.angles()).data(),
                ((FakeBuffer) launch.partials()).data()));
    }

    @Override
    public void launchFinalize(FinalizeLaunch launch, Stream stream) {
        own();
        finalizeLaunches++;
        enqueue(stream, null, () -> KernelEmulator.finalizeSums(launch, ((FakeBuffer) launch.partials()).data(),
                ((FakeBuffer) launch.angles()).data(), ((FakeBuffer) launch.out()).data()));
    }

    @Override
    public void record(DeviceEvent event, Stream stream) {
        own();
        ((FakeEvent) event).at = tail.get(stream);
    }

    @Override
    public void waitFor(Stream stream, DeviceEvent event) {
        own();
        enqueue(stream, ((FakeEvent) event).at, null);
    }

    @Override
    public void synchronize(DeviceEvent event) {
        own();
        complete(((FakeEvent) event).at);
    }

    @Override
    public void synchronize(Stream stream) {
        own();
        complete(tail.get(stream));
    }

    @Override
    public void close() {
        own();
        open = false;
    }
}
