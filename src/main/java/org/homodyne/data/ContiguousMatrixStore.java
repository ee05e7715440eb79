package org.homodyne.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A contiguous (F, F) float32 or float64 dataset read with positional reads through the file's
 * shared {@link RegionReader}. Runs of neighbouring rows are coalesced into one read when the bytes
 * skipped between them are few (at most the bytes used, or 64 KiB), so short rows near the end of
 * the triangle and narrow column blocks do not cost one system call each.
 */
final class ContiguousMatrixStore implements MatrixStore {
    /** Gap bytes always worth reading through instead of issuing another system call. */
    private static final long FREE_GAP_BYTES = 64 * 1024;

    private final String path;
    private final RegionReader reader;
    private final long address;
    private final int side;
    private final int elementSize;
    private final ByteOrder order;

    /**
     * @param address absolute byte offset of element (0, 0) in the file (HDF5 address + user block)
     */
    ContiguousMatrixStore(String path, RegionReader reader, long address, int side, int elementSize, ByteOrder order) {
        if (elementSize != 4 && elementSize != 8) {
            throw new IllegalArgumentException("element size " + elementSize);
        }
        this.path = path;
        this.reader = reader;
        this.address = address;
        this.side = side;
        this.elementSize = elementSize;
        this.order = order;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int side() {
        return side;
    }

    private long byteOffset(int r, int c) {
        return address + ((long) r * side + c) * elementSize;
    }

    @Override
    public void readRuns(int r0, int r1, Columns cols, float[] dest, int off) {
        int capacity = reader.capacity();
        int pos = off;
        int r = r0;
        while (r < r1) {
            int s = cols.start(r);
            int e = cols.end(r);
            if (e <= s) {
                r++;
                continue;
            }
            long groupStart = byteOffset(r, s);
            long groupEnd = byteOffset(r, e);
            if (groupEnd - groupStart > capacity) {
                // One long row: read it in buffer-sized pieces.
                pos = readLong(groupStart, e - s, dest, pos);
                r++;
                continue;
            }
            long useful = groupEnd - groupStart;
            int rEnd = r + 1;
            while (rEnd < r1) {
                int s2 = cols.start(rEnd);
                int e2 = cols.end(rEnd);
                if (e2 <= s2) {
                    rEnd++;
                    continue;
                }
                long end2 = byteOffset(rEnd, e2);
                long span = end2 - groupStart;
                long used = useful + (end2 - byteOffset(rEnd, s2));
                if (span > capacity || span - used > Math.max(FREE_GAP_BYTES, used)) {
                    break;
                }
                groupEnd = end2;
                useful = used;
                rEnd++;
            }
            ByteBuffer bb = reader.read(groupStart, (int) (groupEnd - groupStart), path).order(order);
            if (elementSize == 4) {
                FloatBuffer fb = bb.asFloatBuffer();
                for (int row = r; row < rEnd; row++) {
                    int cs = cols.start(row);
                    int len = cols.end(row) - cs;
                    if (len <= 0) {
                        continue;
                    }
                    fb.get((int) ((byteOffset(row, cs) - groupStart) / 4), dest, pos, len);
                    pos += len;
                }
            } else {
                DoubleBuffer db = bb.asDoubleBuffer();
                for (int row = r; row < rEnd; row++) {
                    int cs = cols.start(row);
                    int len = cols.end(row) - cs;
                    if (len <= 0) {
                        continue;
                    }
                    int idx = (int) ((byteOffset(row, cs) - groupStart) / 8);
                    for (int k = 0; k < len; k++) {
                        dest[pos + k] = (float) db.get(idx + k);
                    }
                    pos += len;
                }
            }
            r = rEnd;
        }
    }

    private int readLong(long start, int count, float[] dest, int pos) {
        int perRead = reader.capacity() / elementSize;
        int done = 0;
        while (done < count) {
            int len = Math.min(perRead, count - done);
            ByteBuffer bb = reader.read(start + (long) done * elementSize, len * elementSize, path).order(order);
            if (elementSize == 4) {
                bb.asFloatBuffer().get(0, dest, pos, len);
            } else {
                DoubleBuffer db = bb.asDoubleBuffer();
                for (int k = 0; k < len; k++) {
                    dest[pos + k] = (float) db.get(k);
                }
            }
            pos += len;
            done += len;
        }
        return pos;
    }
}
