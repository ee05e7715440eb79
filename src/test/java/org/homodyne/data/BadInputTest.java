package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.filter.Filter;

import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §3 "Errors": each a one-line BadInputException naming the file and the HDF5 path. */
class BadInputTest {
    @TempDir
    Path dir;

    private static BadInputException fails(Path file) {
        return fails(DataSelection.all(file, 0.0054, 0.1));
    }

    private static BadInputException fails(DataSelection sel) {
        BadInputException e = assertThrows(BadInputException.class, () -> TwoTimeData.open(sel).close());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(sel.file().toString()), "names the file: " + e.getMessage());
        return e;
    }

    private static void contains(BadInputException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }

    private static float[][] half(int f) {
        return Fixtures.upperHalf(Fixtures.fullMatrix(f, 1));
    }

    @Test
    void missingFile() {
        contains(fails(dir.resolve("nope.h5")), "not found");
    }

    @Test
    void notHdf5() throws IOException {
        Path f = dir.resolve("text.h5");
        Files.writeString(f, "this is not an HDF5 file\n".repeat(100));
        contains(fails(f), "not an HDF5 file");
        Path empty = dir.resolve("empty.h5");
        Files.write(empty, new byte[0]);
        contains(fails(empty), "not an HDF5 file", "empty");
    }

    @Test
    void truncatedHdf5() throws IOException {
        Path f = dir.resolve("cut.h5");
        SyntheticDataWriter.write(SyntheticDataWriterTest.laminar(60, 0.0, 1, false), f, false);
        long size = Files.size(f);
        for (long keep : new long[] {size - 100, size / 2, 2000, 100}) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(keep);
            }
            contains(fails(f), "truncated");
        }
    }

    @Test
    void neitherLayout() {
        Path f = dir.resolve("other.h5");
        try (WritableHdfFile out = HdfFile.write(f)) {
            out.putGroup("entry").putDataset("data", new double[] {1, 2, 3});
        }
        contains(fails(f), "neither the APS-U layout", "APS-old", "/xpcs/qmap/dynamic_v_list_dim0", "/exchange/C2T_all");
    }

    @Test
    void missingDataset() {
        Path f = dir.resolve("nobins.h5");
        try (WritableHdfFile out = HdfFile.write(f)) {
            var qmap = out.putGroup("xpcs").putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[] {0.0054});
            qmap.putDataset("dynamic_v_list_dim1", new double[] {0});
        }
        contains(fails(f), "/xpcs/twotime/processed_bins", "missing");
        Path old = dir.resolve("oldnophi.h5");
        try (WritableHdfFile out = HdfFile.write(old)) {
            out.putGroup("xpcs").putDataset("dqlist", new double[][] {{0.0054}});
            out.putGroup("exchange").putGroup("C2T_all").putDataset("c2_1", half(5));
        }
        contains(fails(old), "/xpcs/dphilist", "missing");
    }

    @Test
    void nonSquareAndMismatchedMatrices() {
        Path f = dir.resolve("rect.h5");
        Fixtures.apsUSimple(f, 0.0054, new double[] {0}, List.of((Object) new float[10][12]), null);
        contains(fails(f), "/xpcs/twotime/correlation_map/c2_00001", "(10, 12) is not square");
        Path g = dir.resolve("mixed.h5");
        Fixtures.apsUSimple(g, 0.0054, new double[] {0, 90}, List.of(half(10), half(12)), null);
        contains(fails(g), "/xpcs/twotime/correlation_map/c2_00002", "12x12", "10x10");
        Path h = dir.resolve("flat.h5");
        Fixtures.apsUSimple(h, 0.0054, new double[] {0}, List.of((Object) new float[100]), null);
        contains(fails(h), "2-D");
        Path i = dir.resolve("ints.h5");
        Fixtures.apsUSimple(i, 0.0054, new double[] {0}, List.of((Object) new int[5][5]), null);
        contains(fails(i), "not supported", "float32 or float64");
    }

    @Test
    void binMatrixCountMismatch() {
        Path f = dir.resolve("count.h5");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c2_00001", half(8));
        m.put("c2_00002", half(8));
        Fixtures.apsU(f, new double[] {0.0054}, new double[] {0, 45, 90}, new int[] {1, 2, 3}, m, null);
        contains(fails(f), "/xpcs/twotime/processed_bins", "3 processed bins but 2 matrices");
        Path old = dir.resolve("oldcount.h5");
        Fixtures.apsOld(old, new double[] {0.005, 0.0054, 0.006}, new double[] {0, 0, 0}, m);
        contains(fails(old), "/exchange/C2T_all", "2 matrices but 3 bins");
    }

    @ParameterizedTest
    @CsvSource({"0", "7", "-3"})
    void processedBinOutOfRange(int bad) {
        Path f = dir.resolve("range.h5");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c2_00001", half(8));
        m.put("c2_00002", half(8));
        // n_q = 2, n_phi = 3: bins 1..6
        Fixtures.apsU(f, new double[] {0.005, 0.0054}, new double[] {0, 45, 90}, new int[] {2, bad}, m, null);
        contains(fails(f), "/xpcs/twotime/processed_bins", "processed bin " + bad, "out of range 1..6");
    }

    @Test
    void qSelectionFindsNothing() {
        Path f = dir.resolve("nanq.h5");
        Fixtures.apsUSimple(f, Double.NaN, new double[] {0, 90}, List.of(half(8), half(8)), null);
        contains(fails(f), "/xpcs/twotime/processed_bins", "no finite q");
    }

    @Test
    void phiFilterLeavingNothingKeepsAllWithAWarning() {
        Path f = dir.resolve("phi.h5");
        Fixtures.apsUSimple(f, 0.0054, new double[] {0, 90}, List.of(half(8), half(8)), null);
        DataSelection sel = DataSelection.all(f, 0.0054, 0.1).withPhiRanges(List.of(new double[] {30, 60}));
        try (TwoTimeData d = TwoTimeData.open(sel)) {
            assertEquals(2, d.angleCount());
            assertTrue(d.info().warnings().stream().anyMatch(w -> w.contains("all 2 angles kept")),
                    d.info().warnings().toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"32001, blosc", "32015, zstd", "307, bzip2"})
    void unsupportedCompressionFilterIsNamed(int id, String name) {
        Path f = dir.resolve(name + ".h5");
        DatasetCreationOptions opts = DatasetCreationOptions.builder().chunkDimensions(4, 4)
                .filter(new IdentityFilter(id, name)).build();
        Fixtures.apsUSimple(f, 0.0054, new double[] {0}, List.of((Object) half(8)), opts);
        contains(fails(f), "/xpcs/twotime/correlation_map/c2_00001", "unsupported compression filter", "'" + name + "'",
                "id " + id);
    }

    @Test
    void unsupportedFilterOnTheQListIsNamedToo() {
        Path f = dir.resolve("bloscq.h5");
        try (WritableHdfFile out = HdfFile.write(f)) {
            var xpcs = out.putGroup("xpcs");
            var qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[] {0.0054, 0.006}, DatasetCreationOptions.builder()
                    .filter(new IdentityFilter(32001, "blosc")).build());
            qmap.putDataset("dynamic_v_list_dim1", new double[] {0});
            var twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", new int[] {1});
            twotime.putGroup("correlation_map").putDataset("c2_00001", half(6));
        }
        contains(fails(f), "/xpcs/qmap/dynamic_v_list_dim0", "unsupported compression filter 'blosc'");
    }

    @Test
    void corruptCompressedChunkIsReportedWithItsPath() throws IOException {
        Path f = dir.resolve("corrupt.h5");
        Fixtures.apsUSimple(f, 0.0054, new double[] {0}, List.of((Object) half(64)), Fixtures.chunked(8, 8));
        long size = Files.size(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            for (long pos = size / 3; pos < size / 3 + 4000; pos++) {
                raf.seek(pos);
                raf.write(0x5a);
            }
        }
        BadInputException e = fails(f);
        contains(e, "/xpcs/twotime/correlation_map/c2_00001", "corrupt");
        assertFalse(e.getMessage().contains("unsupported compression filter"), e.getMessage());
    }

    @Test
    void frameSelectionErrorsAndClamping() {
        Path f = dir.resolve("frames.h5");
        Fixtures.apsUSimple(f, 0.0054, new double[] {0}, List.of((Object) half(10)), null);
        DataSelection all = DataSelection.all(f, 0.0054, 0.1);
        contains(fails(all.withFrames(11, -1)), "start_frame 11 is past the last frame 10");
        contains(fails(all.withFrames(6, 4)), "end_frame 4 is before start_frame 6");
        contains(fails(all.withFrames(5, 6)), "at least 3");
        contains(fails(all.withFrames(1, 0)), "end_frame 0 is invalid");
        try (TwoTimeData d = TwoTimeData.open(all.withFrames(0, 99))) {
            assertEquals(1, d.info().startFrame());
            assertEquals(10, d.info().endFrame());
            assertEquals(2, d.info().warnings().size(), d.info().warnings().toString());
        }
    }

    @Test
    void aBrokenMatrixAfterAGoodOneStillClosesEverything() {
        Path f = dir.resolve("late.h5");
        Fixtures.apsUSimple(f, 0.0054, new double[] {0, 90}, List.of(half(8), new float[8][9]), null);
        fails(f);
        // the file is not left open: it can be deleted and rewritten at once
        assertTrue(f.toFile().delete());
    }

    @Test
    void dataSelectionRejectsBadValues() {
        assertThrows(BadInputException.class, () -> DataSelection.all(dir, 0.0054, 0.0));
        assertThrows(BadInputException.class, () -> DataSelection.all(dir, Double.NaN, 0.1));
        assertThrows(BadInputException.class, () -> DataSelection.all(dir, 0.0054, 0.1)
                .withPhiRanges(List.of(new double[] {1})));
        double[] r = {1, 2};
        DataSelection s = DataSelection.all(dir, 0.0054, 0.1).withPhiRanges(List.of(r));
        r[0] = 5;
        assertArrayEquals(new double[] {1, 2}, s.phiRanges().get(0));
    }

    /** Stores data unchanged under a filter id jhdf cannot decode (stands in for blosc, zstd, ...). */
    private static final class IdentityFilter implements Filter {
        private final int id;
        private final String name;

        IdentityFilter(int id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public int getId() {
            return id;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public byte[] decode(byte[] encodedData, int[] filterData) {
            return encodedData;
        }

        @Override
        public byte[] encode(byte[] data, int[] filterData) {
            return data;
        }
    }
}
