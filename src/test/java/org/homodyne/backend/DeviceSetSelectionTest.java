package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.homodyne.backend.cuda.CudaBackend;
import org.homodyne.backend.cuda.FakeGpus;
import org.junit.jupiter.api.Test;

/** Every GPU of a node (issue 15 §2): one lane per device, per-device fallback to the CPU. */
class DeviceSetSelectionTest {
    /** CPU backends that count how often they are created and closed. */
    static final class Cpus implements IntFunction<Backend> {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Backend apply(int threads) {
            created.incrementAndGet();
            ReferenceAccumulator reference = new ReferenceAccumulator();
            return new Backend() {
                @Override
                public String description() {
                    return "counted cpu";
                }

                @Override
                public org.homodyne.fit.NormalEquations accumulate(org.homodyne.data.BatchData data,
                        org.homodyne.model.PreparedModel model, org.homodyne.model.AngleScaling scaling, double sigma)
                        throws BackendException {
                    return reference.accumulate(data, model, scaling, sigma);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    static DeviceRequest request(DeviceChoice choice, DeviceList devices) {
        return new DeviceRequest(choice, 0, 1, null, devices);
    }

    @Test
    void aListOfDevicesGivesOneGpuLaneEach() {
        Cpus cpus = new Cpus();
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.of(List.of(3, 1, 0, 2))),
                FakeGpus.devices(4), cpus)) {
            assertEquals(4, set.lanes().size());
            int[] order = {3, 1, 0, 2};
            for (int lane = 0; lane < 4; lane++) {
                BackendSelection s = set.lanes().get(lane);
                assertTrue(s.backend() instanceof CpuFallbackBackend f && f.gpu() instanceof CudaBackend);
                assertEquals("cuda:" + order[lane] + " Fake GPU (sm_90)", s.deviceUsed());
                assertNull(s.fallbackReason());
            }
            assertTrue(set.multiple());
            assertNull(set.fallbackReason());
            assertTrue(set.deviceUsed().startsWith("4 devices: cuda:3 "), set.deviceUsed());
            assertEquals(0, cpus.created.get(), "no CPU backend while every GPU works");
        }
    }

    @Test
    void allOpensEveryDeviceOfTheNode() {
        for (int count : new int[]{1, 2, 4}) {
            try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.AUTO, DeviceList.ALL),
                    FakeGpus.devices(count), new Cpus())) {
                assertEquals(count, set.lanes().size());
                assertEquals(count > 1, set.multiple());
                assertEquals("cuda:" + (count - 1) + " Fake GPU (sm_90)", set.lanes().get(count - 1).deviceUsed());
            }
        }
    }

    /** A device that fails to open hands its share to the CPU; the reason is kept per lane. */
    @Test
    void aDeviceThatFailsToOpenHandsItsLaneToTheCpu() {
        Cpus cpus = new Cpus();
        DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.of(List.of(0, 1, 2))),
                FakeGpus.devicesWithBroken(3, 1), cpus);
        assertEquals(3, set.lanes().size());
        BackendSelection broken = set.lanes().get(1);
        assertFalse(broken.backend() instanceof CpuFallbackBackend);
        assertTrue(broken.fallbackReason().startsWith("GPU 1: CUDA initialisation failed"), broken.fallbackReason());
        assertTrue(set.fallbackReason().contains("GPU 1: "), set.fallbackReason());
        assertNull(set.lanes().get(0).fallbackReason());
        assertNull(set.lanes().get(2).fallbackReason());
        set.close();
        assertEquals(1, cpus.created.get());
        assertEquals(1, cpus.closed.get(), "closed once");
    }

    @Test
    void aDeviceNumberTheNodeDoesNotHaveFallsBackWithItsReason() {
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.of(List.of(0, 5))),
                FakeGpus.devices(2), new Cpus())) {
            assertTrue(set.lanes().get(1).fallbackReason().contains("GPU 5 requested, but this machine has 2"),
                    set.lanes().get(1).fallbackReason());
        }
    }

    /** No GPU at all: one CPU lane with the reason, as for one device. */
    @Test
    void noUsableGpuGivesOneCpuLane() {
        Cpus cpus = new Cpus();
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.AUTO, DeviceList.ALL),
                FakeGpus.noDriver(), cpus)) {
            assertEquals(1, set.lanes().size());
            assertTrue(set.fallbackReason().contains("no CUDA driver"), set.fallbackReason());
        }
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.of(List.of(0, 1))),
                FakeGpus.noDriver(), cpus)) {
            assertEquals(1, set.lanes().size());
            assertTrue(set.fallbackReason().startsWith("no CUDA driver"), set.fallbackReason());
            assertFalse(set.fallbackReason().contains("GPU 1"), "no driver: the other devices are not tried");
        }
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.of(List.of(0, 1))),
                FakeGpus.kernelsNotBuilt(), cpus)) {
            assertEquals(1, set.lanes().size());
            assertTrue(set.fallbackReason().contains("GPU 0: CUDA kernels not built"), set.fallbackReason());
            assertTrue(set.fallbackReason().contains("GPU 1 requested"), set.fallbackReason());
        }
    }

    @Test
    void cpuChoiceNeverTouchesAGpu() {
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.CPU, DeviceList.ALL),
                (id, limit) -> {
                    throw new AssertionError("GPU opened although the CPU was asked for");
                }, new Cpus())) {
            assertEquals(1, set.lanes().size());
            assertNull(set.fallbackReason());
        }
    }

    @Test
    void oneDeviceIsTheSingleSelection() {
        try (DeviceSet set = BackendSelector.selectDevices(request(DeviceChoice.GPU, DeviceList.single(1)),
                FakeGpus.devices(2), new Cpus())) {
            assertFalse(set.multiple());
            assertEquals("cuda:1 Fake GPU (sm_90)", set.deviceUsed());
        }
        Backend cpu = new ReferenceAccumulator();
        try (DeviceSet set = BackendSelector.selectDevices(new DeviceRequest(DeviceChoice.GPU, 3, 1, null),
                FakeGpus.oneDevice(), t -> cpu)) {
            assertSame(cpu, set.lanes().get(0).backend());
            assertTrue(set.fallbackReason().contains("GPU 3 requested"), set.fallbackReason());
        }
    }

    @Test
    void deviceLists() {
        assertEquals("0,2", DeviceList.of(List.of(0, 2)).text());
        assertEquals("all", DeviceList.ALL.text());
        assertThrows(IllegalArgumentException.class, () -> DeviceList.of(List.of(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceList.of(List.of(-1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceList.of(List.of()));
    }
}
