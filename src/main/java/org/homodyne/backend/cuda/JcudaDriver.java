package org.homodyne.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * {@link CudaDriver} on the CUDA driver API through JCuda (libcuda.so.1 only: no runtime, no
 * cuBLAS). Exceptions of JCuda stay disabled; every result code is checked here so that
 * out-of-memory and "no kernel image for this GPU" can be told apart.
 */
final class JcudaDriver implements CudaDriver {
    /** CUDA_ERROR_INSUFFICIENT_DRIVER (not among JCuda 12.6's constants). */
    private static final int INSUFFICIENT_DRIVER = 35;
    private static final int FINALIZE_THREADS = 64;

    private CUdevice device;
    private CUcontext context;
    private CUmodule module;
    private CUstream copyStream;
    private CUstream computeStream;
    private final Map<String, CUfunction> accumulate = new HashMap<>();
    private final Map<KernelVariant, CUfunction> finalizeFn = new EnumMap<>(KernelVariant.class);

    private JcudaDriver() {
    }

    /**
     * Loads JCuda's native library (which needs libcuda.so.1) and initialises the driver API.
     *
     * @throws GpuUnavailableException NO_DRIVER when the library cannot be loaded or the driver is
     *                                 a stub or too old; NO_DEVICE when cuInit finds no device
     */
    static CudaDriver load() throws GpuUnavailableException {
        return load(() -> {
            JCudaDriver.setExceptionsEnabled(false);
            return JCudaDriver.cuInit(0);
        });
    }

    /** {@link #load()} with the first native call (cuInit) given, so its failures can be tested. */
    static CudaDriver load(IntSupplier cuInit) throws GpuUnavailableException {
        int result;
        try {
            result = cuInit.getAsInt();
        } catch (LinkageError e) {
            throw new GpuUnavailableException(GpuUnavailableException.Reason.NO_DRIVER,
                    "no CUDA driver: " + describe(e));
        }
        if (result == CUresult.CUDA_ERROR_NO_DEVICE) {
            throw new GpuUnavailableException(GpuUnavailableException.Reason.NO_DEVICE,
                    "no CUDA device (cuInit: CUDA_ERROR_NO_DEVICE)");
        }
        if (result == CUresult.CUDA_ERROR_STUB_LIBRARY || result == INSUFFICIENT_DRIVER
                || result == CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH) {
            throw new GpuUnavailableException(GpuUnavailableException.Reason.NO_DRIVER,
                    "no usable CUDA driver (cuInit: " + name(result) + ")");
        }
        if (result != CUresult.CUDA_SUCCESS) {
            throw new GpuUnavailableException(GpuUnavailableException.Reason.INIT_FAILED,
                    "CUDA initialisation failed (cuInit: " + name(result) + ")");
        }
        return new JcudaDriver();
    }

    /** The useful line of JCuda's long UnsatisfiedLinkError text (usually the libcuda.so.1 one). */
    static String describe(LinkageError e) {
        String text = String.valueOf(e.getMessage());
        for (String line : text.split("\n")) {
            int at = line.indexOf("libcuda");
            if (at >= 0) {
                return line.substring(at).trim();
            }
        }
        String first = text.split("\n", 2)[0].trim();
        return e.getClass().getSimpleName() + ": " + (first.length() > 200 ? first.substring(0, 200) + "..." : first);
    }

    private static String name(int result) {
        return CUresult.stringFor(result);
    }

    private static void check(int result, String what) throws DeviceException {
        if (result == CUresult.CUDA_SUCCESS) {
            return;
        }
        DeviceException.Kind kind;
        if (result == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            kind = DeviceException.Kind.OUT_OF_MEMORY;
        } else if (result == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || result == CUresult.CUDA_ERROR_INVALID_IMAGE
                || result == CUresult.CUDA_ERROR_INVALID_PTX || result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                || result == CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND) {
            kind = DeviceException.Kind.NO_KERNEL_IMAGE;
        } else {
            kind = DeviceException.Kind.OTHER;
        }
        throw new DeviceException(what + ": " + name(result), kind);
    }

    private CUstream stream(Stream s) {
        return s == Stream.COPY ? copyStream : computeStream;
    }

    @Override
    public int deviceCount() throws DeviceException {
        int[] count = new int[1];
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        return count[0];
    }

    @Override
    public void open(int ordinal) throws DeviceException {
        device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        context = new CUcontext();
        check(JCudaDriver.cuCtxCreate(context, 0, device), "cuCtxCreate");
        copyStream = new CUstream();
        computeStream = new CUstream();
        check(JCudaDriver.cuStreamCreate(copyStream, 0), "cuStreamCreate");
        check(JCudaDriver.cuStreamCreate(computeStream, 0), "cuStreamCreate");
    }

    @Override
    public String deviceName() throws DeviceException {
        byte[] name = new byte[256];
        check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                device), "cuDeviceGetAttribute");
        check(JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                device), "cuDeviceGetAttribute");
        int[] driverVersion = new int[1];
        check(JCudaDriver.cuDriverGetVersion(driverVersion), "cuDriverGetVersion");
        return new String(name, 0, len, StandardCharsets.US_ASCII) + " (sm_" + major[0] + minor[0] + ", driver "
                + driverVersion[0] / 1000 + "." + (driverVersion[0] % 1000) / 10 + ")";
    }

    @Override
    public void loadKernels(byte[] image) throws DeviceException {
        module = new CUmodule();
        check(JCudaDriver.cuModuleLoadData(module, image), "cuModuleLoadData");
        for (String name : KernelVariant.allAccumulateNames()) {
            CUfunction acc = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(acc, module, name), name);
            accumulate.put(name, acc);
        }
        for (KernelVariant v : KernelVariant.values()) {
            CUfunction fin = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(fin, module, v.finalizeName()), v.finalizeName());
            finalizeFn.put(v, fin);
        }
    }

    @Override
    public MemoryInfo memoryInfo() throws DeviceException {
        long[] free = new long[1];
        long[] total = new long[1];
        check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return new MemoryInfo(free[0], total[0]);
    }

    @Override
    public List<String> kernelReport() throws DeviceException {
        int[] sms = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device),
                "cuDeviceGetAttribute");
        List<String> lines = new ArrayList<>();
        for (String name : KernelVariant.allAccumulateNames()) {
            CUfunction f = accumulate.get(name);
            int[] regs = new int[1];
            int[] local = new int[1];
            int[] shared = new int[1];
            int[] blocks = new int[1];
            check(JCudaDriver.cuFuncGetAttribute(regs, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS, f), "regs");
            check(JCudaDriver.cuFuncGetAttribute(local, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES, f),
                    "local");
            check(JCudaDriver.cuFuncGetAttribute(shared, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f),
                    "shared");
            check(JCudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor(blocks, f, DeviceSession.BLOCK_THREADS, 0),
                    "occupancy");
            lines.add(name + ": " + regs[0] + " registers, " + local[0] + " B local, " + shared[0]
                    + " B shared, " + blocks[0] + " block(s) of " + DeviceSession.BLOCK_THREADS + " per SM ("
                    + blocks[0] * DeviceSession.BLOCK_THREADS / 32 + " warps), " + sms[0] + " SMs");
        }
        return lines;
    }

    private record JDeviceBuffer(CUdeviceptr ptr, long bytes) implements DeviceBuffer {
        CUdeviceptr at(long offset) {
            return offset == 0 ? ptr : ptr.withByteOffset(offset);
        }
    }

    private record JPinnedBuffer(Pointer ptr, long bytes, ByteBuffer buffer) implements PinnedBuffer {
        @Override
        public ByteBuffer buffer() {
            return buffer.duplicate().order(ByteOrder.nativeOrder());
        }

        Pointer at(long offset) {
            return offset == 0 ? ptr : ptr.withByteOffset(offset);
        }
    }

    private record JEvent(CUevent event) implements DeviceEvent {
    }

    @Override
    public DeviceBuffer allocDevice(long bytes) throws DeviceException {
        CUdeviceptr p = new CUdeviceptr();
        check(JCudaDriver.cuMemAlloc(p, Math.max(bytes, 1)), "cuMemAlloc(" + bytes + " bytes)");
        return new JDeviceBuffer(p, bytes);
    }

    @Override
    public PinnedBuffer allocPinned(long bytes) throws DeviceException {
        Pointer p = new Pointer();
        check(JCudaDriver.cuMemHostAlloc(p, Math.max(bytes, 1), 0), "cuMemHostAlloc(" + bytes + " bytes)");
        return new JPinnedBuffer(p, bytes, p.getByteBuffer(0, Math.max(bytes, 1)));
    }

    @Override
    public void free(DeviceBuffer buffer) {
        JCudaDriver.cuMemFree(((JDeviceBuffer) buffer).ptr());
    }

    @Override
    public void free(PinnedBuffer buffer) {
        JCudaDriver.cuMemFreeHost(((JPinnedBuffer) buffer).ptr());
    }

    @Override
    public DeviceEvent createEvent() throws DeviceException {
        CUevent e = new CUevent();
        check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        return new JEvent(e);
    }

    @Override
    public void copyToDevice(PinnedBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes,
                             Stream stream) throws DeviceException {
        check(JCudaDriver.cuMemcpyHtoDAsync(((JDeviceBuffer) dst).at(dstOffset), ((JPinnedBuffer) src).at(srcOffset),
                bytes, stream(stream)), "cuMemcpyHtoDAsync");
    }

    @Override
    public void copyToHost(DeviceBuffer src, long srcOffset, PinnedBuffer dst, long dstOffset, long bytes,
                           Stream stream) throws DeviceException {
        check(JCudaDriver.cuMemcpyDtoHAsync(((JPinnedBuffer) dst).at(dstOffset), ((JDeviceBuffer) src).at(srcOffset),
                bytes, stream(stream)), "cuMemcpyDtoHAsync");
    }

    private static Pointer dev(DeviceBuffer b, long offset) {
        return Pointer.to(((JDeviceBuffer) b).at(offset));
    }

    @Override
    public void launchAccumulate(AccumulateLaunch l, Stream stream) throws DeviceException {
        if (l.units() > Integer.MAX_VALUE) {
            throw new DeviceException("launch of " + l.units() + " units exceeds the grid limit", DeviceException.Kind.OTHER);
        }
        UnitLayout u = l.layout();
        // the order and types of hd_accumulate_* (kernels/homodyne_accumulate.cu, HD_ACCUMULATE_PARAMS)
        Pointer params = Pointer.to(
                dev(l.values(), l.valuesOffset()),
                Pointer.to(new long[]{l.valuesFirst()}),
                dev(l.model(), 0),
                Pointer.to(new int[]{l.n()}),
                Pointer.to(new double[]{l.diffusionFactor()}),
                Pointer.to(new double[]{l.phaseFactor()}),
                dev(l.angles(), 0),
                dev(l.partials(), 0),
                Pointer.to(new long[]{u.rowOffset0()}),
                Pointer.to(new long[]{u.pairsPerAngle()}),
                Pointer.to(new long[]{u.unitsPerAngle()}),
                Pointer.to(new int[]{u.unitPairs()}),
                Pointer.to(new long[]{l.firstUnit()}));
        check(JCudaDriver.cuLaunchKernel(accumulate.get(l.kernel()), (int) l.units(), 1, 1,
                DeviceSession.BLOCK_THREADS, 1, 1, 0, stream(stream), params, null), l.kernel());
    }

    @Override
    public void launchFinalize(FinalizeLaunch l, Stream stream) throws DeviceException {
        // the order and types of hd_finalize_* (HD_FINALIZE_PARAMS)
        Pointer params = Pointer.to(
                dev(l.partials(), 0),
                dev(l.angles(), 0),
                dev(l.out(), 0),
                Pointer.to(new long[]{l.unitsPerAngle()}),
                Pointer.to(new int[]{l.anglesLocal()}),
                Pointer.to(new int[]{l.angleStart()}),
                Pointer.to(new int[]{l.anglesTotal()}),
                Pointer.to(new double[]{l.weight()}));
        check(JCudaDriver.cuLaunchKernel(finalizeFn.get(l.variant()), 1, 1, 1, FINALIZE_THREADS, 1, 1, 0,
                stream(stream), params, null), l.variant().finalizeName());
    }

    @Override
    public void record(DeviceEvent event, Stream stream) throws DeviceException {
        check(JCudaDriver.cuEventRecord(((JEvent) event).event(), stream(stream)), "cuEventRecord");
    }

    @Override
    public void waitFor(Stream stream, DeviceEvent event) throws DeviceException {
        check(JCudaDriver.cuStreamWaitEvent(stream(stream), ((JEvent) event).event(), 0), "cuStreamWaitEvent");
    }

    @Override
    public void synchronize(DeviceEvent event) throws DeviceException {
        check(JCudaDriver.cuEventSynchronize(((JEvent) event).event()), "cuEventSynchronize");
    }

    @Override
    public void synchronize(Stream stream) throws DeviceException {
        check(JCudaDriver.cuStreamSynchronize(stream(stream)), "cuStreamSynchronize");
    }

    @Override
    public void close() {
        if (context != null) {
            // destroying the context frees every buffer, event, stream and the module
            JCudaDriver.cuCtxDestroy(context);
            context = null;
        }
    }
}
