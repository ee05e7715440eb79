package org.homodyne.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Units [firstUnit, firstUnit + units) of a batch and their values [dataStart, dataEnd): what one
 * upload and one accumulate launch of a streamed pass handle. Chunks hold whole units, so the way
 * a batch is chunked never changes its sums.
 */
record Chunk(long firstUnit, long units, long dataStart, long dataEnd) {
    long values() {
        return dataEnd - dataStart;
    }

    /**
     * Cuts the batch into consecutive chunks of at most {@code maxValues} values (and at least
     * one unit each, so maxValues must hold one unit).
     */
    static List<Chunk> plan(UnitLayout layout, long maxValues) {
        if (maxValues < layout.unitPairs()) {
            throw new IllegalArgumentException("a chunk of " + maxValues + " values cannot hold a unit of "
                    + layout.unitPairs());
        }
        List<Chunk> chunks = new ArrayList<>();
        long total = layout.totalUnits();
        long first = 0;
        while (first < total) {
            long start = layout.unitStart(first);
            long last = first;
            while (last + 1 < total && layout.unitEnd(last + 1) - start <= maxValues) {
                last++;
            }
            chunks.add(new Chunk(first, last - first + 1, start, layout.unitEnd(last)));
            first = last + 1;
        }
        return chunks;
    }
}
