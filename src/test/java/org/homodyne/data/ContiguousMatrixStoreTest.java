package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Positional reads of raw matrices: both byte orders, both widths, odd offsets, tiny buffers. */
class ContiguousMatrixStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes {1} buffer {2}")
    @CsvSource({"4, BIG_ENDIAN, 64", "4, LITTLE_ENDIAN, 64", "8, BIG_ENDIAN, 64", "8, LITTLE_ENDIAN, 1048576",
        "4, LITTLE_ENDIAN, 1048576", "4, BIG_ENDIAN, 8"})
    void readsRunsAndBlocks(int size, String orderName, int capacity) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int f = 37;
        int header = 13; // data not aligned to the element size in the file
        ByteBuffer bb = ByteBuffer.allocate(header + f * f * size).order(order);
        bb.position(header);
        for (int k = 0; k < f * f; k++) {
            if (size == 4) {
                bb.putFloat(k + 0.5f);
            } else {
                bb.putDouble(k + 0.25);
            }
        }
        Path file = dir.resolve("raw.bin");
        Files.write(file, bb.array());
        try (RegionReader reader = new RegionReader(file, FileChannel.open(file, StandardOpenOption.READ), capacity)) {
            ContiguousMatrixStore store = new ContiguousMatrixStore("/m", reader, header, f, size, order);
            // staircase: row r, columns r+1..f-1
            int r0 = 3;
            int r1 = 30;
            int count = 0;
            for (int r = r0; r < r1; r++) {
                count += f - r - 1;
            }
            float[] got = new float[count + 2];
            store.readRuns(r0, r1, new MatrixStore.Columns() {
                @Override
                public int start(int row) {
                    return row + 1;
                }

                @Override
                public int end(int row) {
                    return f;
                }
            }, got, 2);
            float[] want = new float[count + 2];
            int p = 2;
            for (int r = r0; r < r1; r++) {
                for (int c = r + 1; c < f; c++) {
                    want[p++] = value(r * f + c, size);
                }
            }
            assertArrayEquals(want, got);
            // a tall narrow block
            float[] block = new float[(f - 5) * 3];
            store.readColumnBlock(5, f, 10, 13, block, 0);
            float[] wantBlock = new float[block.length];
            p = 0;
            for (int r = 5; r < f; r++) {
                for (int c = 10; c < 13; c++) {
                    wantBlock[p++] = value(r * f + c, size);
                }
            }
            assertArrayEquals(wantBlock, block);
        }
    }

    private static float value(int k, int size) {
        return size == 4 ? k + 0.5f : (float) (k + 0.25);
    }
}
