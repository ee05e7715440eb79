package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the first native call's failures become fallback reasons. */
class JcudaDriverLoadTest {
    private static GpuUnavailableException failure(java.util.function.IntSupplier cuInit) {
        return assertThrows(GpuUnavailableException.class, () -> JcudaDriver.load(cuInit));
    }

    @Test
    void missingLibcudaIsNoDriver() {
        GpuUnavailableException e = failure(() -> {
            throw new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                    + "Stack trace from the attempt to load the library as a resource:\n"
                    + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
                    + "cannot open shared object file: No such file or directory");
        });
        assertEquals(GpuUnavailableException.Reason.NO_DRIVER, e.reason());
        assertEquals("no CUDA driver: libcuda.so.1: cannot open shared object file: No such file or directory",
                e.getMessage());
    }

    @Test
    void aSecondClassLoadFailureIsNoDriverToo() {
        GpuUnavailableException e = failure(() -> {
            throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        });
        assertEquals(GpuUnavailableException.Reason.NO_DRIVER, e.reason());
        assertTrue(e.getMessage().contains("NoClassDefFoundError"), e.getMessage());
    }

    @Test
    void cuInitResultCodes() {
        assertEquals(GpuUnavailableException.Reason.NO_DEVICE, failure(() -> 100).reason());
        assertEquals(GpuUnavailableException.Reason.NO_DRIVER, failure(() -> 34).reason());    // stub library
        assertEquals(GpuUnavailableException.Reason.NO_DRIVER, failure(() -> 35).reason());    // driver too old
        GpuUnavailableException other = failure(() -> 999);
        assertEquals(GpuUnavailableException.Reason.INIT_FAILED, other.reason());
        assertTrue(other.getMessage().contains("CUDA_ERROR_UNKNOWN"), other.getMessage());
    }

    /** On a machine without the NVIDIA driver (like the build machine) the real load says so. */
    @Test
    void realLoadWithoutDriver() {
        try {
            JcudaDriver.load().close();
        } catch (GpuUnavailableException e) {
            assertTrue(e.reason() == GpuUnavailableException.Reason.NO_DRIVER
                    || e.reason() == GpuUnavailableException.Reason.NO_DEVICE, e.getMessage());
        }
    }
}
