package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.homodyne.backend.cuda.CudaBackend;
import org.homodyne.backend.cuda.FakeGpus;
import org.homodyne.backend.cuda.GpuOpener;
import org.junit.jupiter.api.Test;

/** Device selection and every fallback reason (DESIGN "GPU path"), with fake GPUs. */
class BackendSelectorTest {
    private static final Backend CPU = new ReferenceAccumulator();
    private static final IntFunction<Backend> CPU_FACTORY = threads -> CPU;

    private static DeviceRequest request(DeviceChoice choice, int gpuId) {
        return new DeviceRequest(choice, gpuId, 2, null);
    }

    private static BackendSelection select(DeviceChoice choice, int gpuId, GpuOpener gpu) {
        return BackendSelector.select(request(choice, gpuId), gpu, CPU_FACTORY);
    }

    private static void assertCpuBecause(BackendSelection s, String... fragments) {
        assertSame(CPU, s.backend());
        assertEquals(CPU.description(), s.deviceUsed());
        assertTrue(s.fellBack());
        for (String f : fragments) {
            assertTrue(s.fallbackReason().contains(f), "reason '" + s.fallbackReason() + "' lacks '" + f + "'");
        }
    }

    @Test
    void cpuRequestedNeverTouchesTheGpu() {
        BackendSelection s = select(DeviceChoice.CPU, 0, (id, limit) -> {
            throw new AssertionError("GPU opened although the CPU was asked for");
        });
        assertSame(CPU, s.backend());
        assertNull(s.fallbackReason());
    }

    @Test
    void gpuAndAutoUseAWorkingGpu() {
        for (DeviceChoice c : new DeviceChoice[]{DeviceChoice.GPU, DeviceChoice.AUTO}) {
            BackendSelection s = select(c, 0, FakeGpus.working());
            try (Backend b = s.backend()) {
                assertTrue(b instanceof CpuFallbackBackend f && f.gpu() instanceof CudaBackend, b.description());
                assertEquals("cuda:0 Fake GPU (sm_90)", s.deviceUsed());
                assertNull(s.fallbackReason());
            }
        }
    }

    @Test
    void noDriver() {
        assertCpuBecause(select(DeviceChoice.GPU, 0, FakeGpus.noDriver()), "no CUDA driver", "libcuda.so.1");
        assertCpuBecause(select(DeviceChoice.AUTO, 0, FakeGpus.noDriver()), "no CUDA driver");
    }

    @Test
    void noDevice() {
        assertCpuBecause(select(DeviceChoice.GPU, 0, FakeGpus.noDevice()), "no CUDA device");
    }

    @Test
    void deviceNumberOutOfRange() {
        assertCpuBecause(select(DeviceChoice.GPU, 3, FakeGpus.oneDevice()), "GPU 3 requested", "1 CUDA device");
    }

    @Test
    void kernelsNotBuilt() {
        assertCpuBecause(select(DeviceChoice.GPU, 0, FakeGpus.kernelsNotBuilt()), "CUDA kernels not built",
                "homodyne_accumulate.fatbin", "nvcc");
        assertCpuBecause(select(DeviceChoice.GPU, 0, FakeGpus.kernelsNotForThisGpu()),
                "CUDA kernels not built for this GPU", "Fake GPU (sm_90)");
    }

    @Test
    void outOfMemoryAtInitialisation() {
        assertCpuBecause(select(DeviceChoice.GPU, 0, FakeGpus.outOfMemoryAtInit()), "out of GPU memory at initialisation");
    }

    @Test
    void anUnexpectedFailureAlsoFallsBack() {
        assertCpuBecause(select(DeviceChoice.AUTO, 0, (id, limit) -> {
            throw new IllegalStateException("boom");
        }), "CUDA initialisation failed", "boom");
    }

    /** The real selection on this machine: without libcuda.so.1 the reason names it. */
    @Test
    void realSelectionOnAMachineWithoutDriverFallsBackToTheCpu() {
        BackendSelection s = BackendSelector.select(new DeviceRequest(DeviceChoice.GPU, 0, 1, null));
        try (Backend b = s.backend()) {
            if (!s.fellBack()) {
                return;   // a GPU host: nothing to check here (the gpu-tagged tests cover it)
            }
            assertTrue(s.fellBack());
            assertTrue(s.fallbackReason().startsWith("no CUDA driver") || s.fallbackReason().startsWith("no CUDA device")
                    || s.fallbackReason().startsWith("no usable CUDA driver"), s.fallbackReason());
        }
    }

    @Test
    void deviceChoiceNames() {
        assertEquals(DeviceChoice.AUTO, DeviceChoice.fromName(" Auto "));
        assertEquals(DeviceChoice.GPU, DeviceChoice.fromName("gpu"));
        assertEquals(DeviceChoice.CPU, DeviceChoice.fromName("CPU"));
        assertNull(DeviceChoice.fromName("tpu"));
        assertTrue(new DeviceRequest(DeviceChoice.CPU, 0, 0, null).effectiveCpuThreads() >= 1);
        assertEquals(3, new DeviceRequest(DeviceChoice.CPU, 0, 3, null).effectiveCpuThreads());
    }
}
