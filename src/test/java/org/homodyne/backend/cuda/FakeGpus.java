package org.homodyne.backend.cuda;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * GPU openers over {@link FakeCudaDriver} for tests outside this package (BackendSelectorTest):
 * a working fake GPU, and each way a GPU can be unusable.
 */
public final class FakeGpus {
    private static final Supplier<Optional<byte[]>> IMAGE = () -> Optional.of(new byte[]{1});

    private FakeGpus() {
    }

    private static GpuOpener with(Consumer<FakeCudaDriver> setup, Supplier<Optional<byte[]>> image) {
        return (gpuId, limit) -> CudaBackend.open(CudaOptions.defaults(gpuId, limit).withChunkBytes(1 << 16)
                .withUnitPairs(1024), () -> {
                    FakeCudaDriver d = new FakeCudaDriver();
                    setup.accept(d);
                    return d;
                }, image);
    }

    /** One working fake device, "Fake GPU (sm_90)". */
    public static GpuOpener working() {
        return with(d -> { }, IMAGE);
    }

    /** libcuda.so.1 missing: what JCuda's class initialisation throws on such a machine. */
    public static GpuOpener noDriver() {
        return (gpuId, limit) -> CudaBackend.open(CudaOptions.defaults(gpuId, limit), () -> JcudaDriver.load(() -> {
            throw new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                    + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
                    + "cannot open shared object file: No such file or directory");
        }), IMAGE);
    }

    /** A driver but no device at all. */
    public static GpuOpener noDevice() {
        return with(d -> d.deviceCount = 0, IMAGE);
    }

    /**
     * A node with {@code count} working fake devices: each {@code open} gets its own fake driver
     * (its own "context" and memory), like one CUDA context per device.
     */
    public static GpuOpener devices(int count) {
        return with(d -> d.deviceCount = count, IMAGE);
    }

    /** {@code count} devices of which device {@code broken} fails to create its context. */
    public static GpuOpener devicesWithBroken(int count, int broken) {
        GpuOpener ok = devices(count);
        GpuOpener bad = with(d -> {
            d.deviceCount = count;
            d.contextFails = true;
        }, IMAGE);
        return (gpuId, limit) -> gpuId == broken ? bad.open(gpuId, limit) : ok.open(gpuId, limit);
    }

    /** One device (ask for a higher number to see the out-of-range reason). */
    public static GpuOpener oneDevice() {
        return working();
    }

    /** The jar holds no fatbin (built without nvcc). */
    public static GpuOpener kernelsNotBuilt() {
        return with(d -> { }, Optional::empty);
    }

    /** The fatbin holds no code for this GPU. */
    public static GpuOpener kernelsNotForThisGpu() {
        return with(d -> d.loadFailure = DeviceException.Kind.NO_KERNEL_IMAGE, IMAGE);
    }

    /** Every device allocation fails. */
    public static GpuOpener outOfMemoryAtInit() {
        return with(d -> d.failNextAllocations = Integer.MAX_VALUE, IMAGE);
    }
}
