package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.dataset.ChunkedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parallel raw-chunk path of chunked files ({@link ChunkDecoder}, {@link ChunkIndex},
 * {@link ChunkedMatrixStore}) reads exactly what jhdf's own decoding reads: chunk by chunk, bit for
 * bit, for several chunk shapes (edge chunks included), filter pipelines and element types; and
 * through {@link TwoTimeData} with frame and angle selections.
 */
class ChunkDecoderTest {
    private static final String PATH = "xpcs/twotime/correlation_map/c2_00001";

    @TempDir
    Path dir;

    private static DatasetCreationOptions options(int rows, int cols, boolean shuffle) {
        DatasetCreationOptions.Builder b = DatasetCreationOptions.builder().chunkDimensions(rows, cols);
        if (shuffle) {
            b.shuffle();
        }
        return b.deflate().build();
    }

    /** Every chunk decoded here equals jhdf's getDecompressedChunk, and store reads equal jhdf's getData. */
    @ParameterizedTest
    @CsvSource({
        "150, 128, 128, false, false",   // edge chunks of 22 rows/columns
        "150, 7, 9, false, false",       // many small, non-square chunks
        "150, 1, 150, false, false",     // one row per chunk
        "150, 150, 13, true, false",     // one band of tall chunks, shuffle + deflate
        "97, 16, 16, true, true",        // float64, shuffle + deflate
        "40, 40, 40, false, false"})     // a single chunk
    void decodesEveryChunkLikeJhdf(int f, int rows, int cols, boolean shuffle, boolean float64) throws Exception {
        Path file = dir.resolve("m.h5");
        double[][] c = Fixtures.fullMatrix(f, 3);
        Object matrix = float64 ? c : Fixtures.toFloat(c);
        Fixtures.apsUSimple(file, 0.0054, new double[] {0}, List.of(matrix), options(rows, cols, shuffle));
        int size = float64 ? 8 : 4;
        try (HdfFile hdf = new HdfFile(file);
             RegionReader reader = new RegionReader(file, FileChannel.open(file, StandardOpenOption.READ), 1 << 16)) {
            ChunkedDataset ds = (ChunkedDataset) hdf.getDatasetByPath(PATH);
            ChunkDecoder byPosition = new ChunkDecoder(PATH, ds, f, rows, cols, size, ByteOrder.LITTLE_ENDIAN, 0f,
                    reader, hdf.getUserBlockSize());
            ChunkDecoder byMap = new ChunkDecoder(PATH, ds, f, rows, cols, size, ByteOrder.LITTLE_ENDIAN, 0f, null, 0);
            assertTrue(byPosition.decodesItself());
            assertTrue(byPosition.readsByPosition(), "jhdf's chunk index is not readable any more (jhdf upgrade?)");
            float[] a = new float[rows * cols];
            float[] b = new float[rows * cols];
            for (int cr = 0; cr * rows < f; cr++) {
                for (int cc = 0; cc * cols < f; cc++) {
                    assertTrue(byPosition.decode(cr, cc, a));
                    assertTrue(byMap.decode(cr, cc, b));
                    assertArrayEquals(jhdfChunk(ds, cr * rows, cc * cols, rows * cols, size), a, "chunk " + cr + "," + cc);
                    assertArrayEquals(a, b);
                }
            }

            ChunkedMatrixStore store = new ChunkedMatrixStore(PATH, ds, f, size, ByteOrder.LITTLE_ENDIAN, 0f, reader,
                    hdf.getUserBlockSize());
            float[][] whole = Fixtures.toFloat(c);
            // the strict upper triangle, rows in blocks of 11 (bands entered mid-way, chunk rows reused)
            for (int r0 = 0; r0 < f - 1; r0 += 11) {
                int r1 = Math.min(f - 1, r0 + 11);
                float[] got = new float[(int) Batch.pairsInRows(f, r0, r1)];
                store.readRuns(r0, r1, new MatrixStore.Columns() {
                    @Override
                    public int start(int row) {
                        return row + 1;
                    }

                    @Override
                    public int end(int row) {
                        return f;
                    }
                }, got, 0);
                int p = 0;
                for (int i = r0; i < r1; i++) {
                    for (int j = i + 1; j < f; j++) {
                        assertEquals(whole[i][j], got[p++], "(" + i + ", " + j + ")");
                    }
                }
            }
            // a tall column block (the transposed reads of GENERAL matrices)
            float[] block = new float[(f - 5) * 7];
            store.readColumnBlock(5, f, 3, 10, block, 0);
            for (int i = 5; i < f; i++) {
                for (int j = 3; j < 10; j++) {
                    assertEquals(whole[i][j], block[(i - 5) * 7 + (j - 3)]);
                }
            }
        }
    }

    /** jhdf's decoding of one chunk, as floats. */
    private static float[] jhdfChunk(ChunkedDataset ds, int row, int col, int count, int size) {
        ByteBuffer bb = ByteBuffer.wrap(ds.getDecompressedChunk(new int[] {row, col})).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        for (int k = 0; k < count; k++) {
            out[k] = size == 4 ? bb.getFloat(4 * k) : (float) bb.getDouble(8 * k);
        }
        return out;
    }

    /** Synthetic chunked files read as their contiguous twins, bit for bit, for frame and angle selections. */
    @Test
    void chunkedSyntheticFilesReadAsTheirContiguousTwins() throws Exception {
        Path plain = dir.resolve("plain.h5");
        Path chunked = dir.resolve("chunked.h5");
        SyntheticDataWriter.write(SyntheticDataWriterTest.laminar(300, 0.01, 4, false), plain, false);
        SyntheticDataWriter.write(SyntheticDataWriterTest.laminar(300, 0.01, 4, true), chunked, false);
        try (HdfFile hdf = new HdfFile(chunked);
             RegionReader reader = new RegionReader(chunked, FileChannel.open(chunked, StandardOpenOption.READ), 1 << 16)) {
            ChunkedMatrixStore store = (ChunkedMatrixStore) new MatrixOpener(chunked, hdf, () -> reader)
                    .open(hdf.getDatasetByPath(PATH), 300);
            assertTrue(store.decodesItself() && store.readsByPosition(), "the fast path reads the simulated file");
        }
        List<DataSelection> selections = List.of(
                DataSelection.all(plain, 0.0054, 0.1),
                DataSelection.all(plain, 0.0054, 0.1).withFrames(50, 250),
                DataSelection.all(plain, 0.0054, 0.1).withFrames(129, 300).withPhiRanges(List.of(new double[] {-5, 50})));
        for (DataSelection sel : selections) {
            DataSelection other = new DataSelection(chunked, sel.wavevectorQ(), sel.startFrame(), sel.endFrame(),
                    sel.phiFilterEnabled(), sel.phiRanges(), sel.dt());
            try (TwoTimeData a = TwoTimeData.open(sel); TwoTimeData b = TwoTimeData.open(other)) {
                assertEquals(a.info().fingerprint(), b.info().fingerprint());
                BatchPlan plan = BatchPlan.plan(a.size(), a.angleCount(), 20_000);
                float[] x = new float[Math.toIntExact(plan.maxBatchPoints())];
                float[] y = new float[x.length];
                for (Batch batch : plan.batches()) {
                    a.readBatch(batch, x);
                    b.readBatch(batch, y);
                    assertArrayEquals(x, y, "batch " + batch.id() + " of " + sel);
                }
                int n = a.size();
                float[] fx = new float[n * 40];
                float[] fy = new float[n * 40];
                a.readFullRect(a.angleCount() - 1, n - 40, n, 0, n, fx);
                b.readFullRect(b.angleCount() - 1, n - 40, n, 0, n, fy);
                assertArrayEquals(fx, fy);
            }
        }
    }
}
