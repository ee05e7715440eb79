package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.error;
import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.homodyne.backend.DeviceList;
import org.junit.jupiter.api.Test;

/** {@code performance.devices: [0, 1] | all} and the overrides that replace it (issue 15 §2). */
class DevicesConfigTest {
    @Test
    void listAllOrAbsent() {
        assertNull(loadWithDt("").performance().devices());
        assertEquals(DeviceList.of(List.of(0, 1)), loadWithDt("performance:\n  devices: [0, 1]\n").performance().devices());
        assertEquals(DeviceList.of(List.of(2, 0)), loadWithDt("performance:\n  devices:\n    - 2\n    - 0\n")
                .performance().devices());
        assertEquals(DeviceList.ALL, loadWithDt("performance:\n  devices: all\n").performance().devices());
        assertEquals(DeviceList.single(3), loadWithDt("performance:\n  devices: 3\n").performance().devices());
        assertNull(loadWithDt("performance:\n  devices: null\n").performance().devices());
    }

    @Test
    void badListsNameTheKeyAndLine() {
        String dt = "analyzer_parameters:\n  dt: 0.1\n";
        assertTrue(error(dt + "performance:\n  devices: [0, -1]\n").contains(
                "line 4: performance.devices[1] = -1: expected all, or a list of distinct CUDA device numbers"),
                error(dt + "performance:\n  devices: [0, -1]\n"));
        assertTrue(error(dt + "performance:\n  devices: [1, 1]\n").contains("line 4: performance.devices[1] = 1:"
                + " listed twice"), error(dt + "performance:\n  devices: [1, 1]\n"));
        assertTrue(error(dt + "performance:\n  devices: some\n").contains("performance.devices = \"some\""),
                error(dt + "performance:\n  devices: some\n"));
    }

    @Test
    void overrides() {
        HomodyneConfig two = loadWithDt("performance:\n  devices: [0, 1]\n");
        assertEquals(DeviceList.ALL, two.withOverrides(new ConfigOverrides(null, null, null, null, null, null, null,
                DeviceList.ALL)).performance().devices());
        HomodyneConfig one = two.withOverrides(new ConfigOverrides(null, null, null, null, null, 1, null));
        assertNull(one.performance().devices(), "--device N means that GPU alone");
        assertEquals(1, one.performance().gpuId());
        HomodyneConfig task = two.withOverrides(ConfigOverrides.NONE.forTask(Path.of("/d/a.h5"), 0.0054, 3, 1));
        assertEquals(0.0054, task.analyzer().wavevectorQ());
        assertEquals(3, task.performance().cpuThreads());
        assertEquals(1, task.performance().gpuId());
        assertNull(task.performance().devices(), "a campaign task runs on its slot's GPU");
        assertEquals(Path.of("/d/a.h5"), task.data().filePath());
        HomodyneConfig cpuTask = two.withOverrides(ConfigOverrides.NONE.forTask(Path.of("/d/a.h5"), 0.004, 1, null));
        assertEquals(DeviceList.of(List.of(0, 1)), cpuTask.performance().devices());
        assertEquals(0.1, cpuTask.analyzer().dt(), "the rest of the template stays");
    }
}
