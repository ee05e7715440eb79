package org.homodyne.backend.cuda;

/**
 * What a CUDA backend holds and has moved, for logs, benchmarks and tests.
 *
 * @param residentBatches batches whose data stays on the GPU
 * @param residentBytes   bytes of that data
 * @param budgetBytes     GPU memory the backend may use
 * @param usedBytes       GPU memory it uses now (working buffers + resident data)
 * @param chunkValues     values per upload buffer of a streamed pass (halved after an out-of-memory)
 * @param uploadedBytes   batch data copied to the GPU so far (model and scaling not counted)
 * @param launches        accumulate kernel launches so far
 */
public record CudaStats(int residentBatches, long residentBytes, long budgetBytes, long usedBytes, long chunkValues,
                        long uploadedBytes, long launches) {
}
