package org.homodyne.backend.cuda;

/** Loads and initialises a {@link CudaDriver} (the real one, or a fake in tests). */
@FunctionalInterface
interface CudaDriverLoader {
    CudaDriver load() throws GpuUnavailableException;
}
