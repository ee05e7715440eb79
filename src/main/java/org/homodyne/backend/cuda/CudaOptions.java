package org.homodyne.backend.cuda;

/**
 * Settings of one CUDA backend.
 *
 * @param gpuId            CUDA device number
 * @param memoryLimitBytes GPU memory the backend may use (performance.memory_limit_gb), or null:
 *                         then {@code freeFraction} of the free memory at start
 * @param freeFraction     share of the free GPU memory used when no limit is given
 * @param chunkBytes       size of each of the two upload buffers of a streamed pass
 * @param unitPairs        pairs summed by one thread block before its partial is written; part of
 *                         the summation order, so fixed per backend (same bits on every pass)
 * @param keepResident     keep batch data on the GPU after its first upload while it fits
 * @param laminarBlocksPerSm 1: laminar kernels without register cap (8 warps per SM); 2: the
 *                         builds capped at 128 registers (16 warps per SM, some spills). Same
 *                         results; the faster one is a measurement (scripts/device-check.sh)
 */
public record CudaOptions(int gpuId, Long memoryLimitBytes, double freeFraction, long chunkBytes, int unitPairs,
                          boolean keepResident, int laminarBlocksPerSm) {
    /** 32 MiB per upload buffer: large enough for full-speed copies, small next to any GPU. */
    public static final long DEFAULT_CHUNK_BYTES = 32L << 20;
    /**
     * 8192 pairs = 32 per thread: enough work per thread to amortise the ~55-sum block reduction
     * (a few %), small enough that a batch of 10⁶ pairs still gives every SM of an H100 a unit.
     */
    public static final int DEFAULT_UNIT_PAIRS = 8192;
    public static final double DEFAULT_FREE_FRACTION = 0.8;
    /** No register cap until a GPU measurement says otherwise (docs/GPU.md). */
    public static final int DEFAULT_LAMINAR_BLOCKS_PER_SM = 1;

    public CudaOptions {
        if (gpuId < 0) {
            throw new IllegalArgumentException("gpu id must be >= 0, got " + gpuId);
        }
        if (memoryLimitBytes != null && memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be > 0, got " + memoryLimitBytes);
        }
        if (!(freeFraction > 0 && freeFraction <= 1)) {
            throw new IllegalArgumentException("free fraction must be in (0, 1], got " + freeFraction);
        }
        if (unitPairs < 1) {
            throw new IllegalArgumentException("unit pairs must be >= 1, got " + unitPairs);
        }
        if (laminarBlocksPerSm != 1 && laminarBlocksPerSm != 2) {
            throw new IllegalArgumentException("laminar blocks per SM must be 1 or 2, got " + laminarBlocksPerSm);
        }
        if (chunkBytes < 4L * unitPairs) {
            throw new IllegalArgumentException("a chunk of " + chunkBytes + " bytes cannot hold one unit of "
                    + unitPairs + " float values");
        }
    }

    public static CudaOptions defaults(int gpuId, Long memoryLimitBytes) {
        return new CudaOptions(gpuId, memoryLimitBytes, DEFAULT_FREE_FRACTION, DEFAULT_CHUNK_BYTES, DEFAULT_UNIT_PAIRS,
                true, DEFAULT_LAMINAR_BLOCKS_PER_SM);
    }

    public CudaOptions withChunkBytes(long bytes) {
        return new CudaOptions(gpuId, memoryLimitBytes, freeFraction, bytes, unitPairs, keepResident, laminarBlocksPerSm);
    }

    public CudaOptions withUnitPairs(int pairs) {
        return new CudaOptions(gpuId, memoryLimitBytes, freeFraction, chunkBytes, pairs, keepResident, laminarBlocksPerSm);
    }

    public CudaOptions withKeepResident(boolean keep) {
        return new CudaOptions(gpuId, memoryLimitBytes, freeFraction, chunkBytes, unitPairs, keep, laminarBlocksPerSm);
    }

    public CudaOptions withLaminarBlocksPerSm(int blocks) {
        return new CudaOptions(gpuId, memoryLimitBytes, freeFraction, chunkBytes, unitPairs, keepResident, blocks);
    }

    public CudaOptions withMemoryLimit(Long bytes) {
        return new CudaOptions(gpuId, bytes, freeFraction, chunkBytes, unitPairs, keepResident, laminarBlocksPerSm);
    }
}
