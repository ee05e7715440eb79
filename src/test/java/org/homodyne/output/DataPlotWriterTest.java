package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plot-data: the pre-fit quality check pictures and the profiles behind them. */
class DataPlotWriterTest {
    @TempDir
    Path dir;

    @Test
    void onePngPerAngleNamedAsHomodyne() throws IOException {
        SyntheticRows data = Fixtures.laminar(120, 0.01, 8).withNaN(0, 4, 60);
        List<Path> files = DataPlotWriter.write(dir.resolve("plots"), data);
        assertEquals(List.of(dir.resolve("plots/experimental_data_phi_-45.0.png"),
                dir.resolve("plots/experimental_data_phi_0.0.png"), dir.resolve("plots/experimental_data_phi_90.0.png")),
                files);
        for (Path f : files) {
            assertTrue(Files.size(f) > 20_000);
        }
        assertTrue(data.largestRequest() <= RowBlocks.BLOCK_ELEMENTS);
    }

    @Test
    void lagProfileAveragesEachOffDiagonalByAge() {
        // 3×3 symmetric matrix; ages: row 0 early, row 1 middle, row 2 late
        float[] m = {1, 2, 3, 2, 4, 5, 3, 5, 6};
        m[5] = Float.NaN; // (1, 2)
        m[7] = Float.NaN; // (2, 1)
        LagProfile p = new LagProfile(3);
        p.add(0, 1, new float[] {1, 2, 3});
        p.add(1, 3, new float[] {2, 4, Float.NaN, 3, Float.NaN, 6});
        assertArrayEquals(new double[] {1, 4, 6}, p.diagonal());
        assertEquals(2, p.nonFinite());
        assertArrayEquals(new double[] {0, 2, 3}, p.lagSums(-1));
        assertArrayEquals(new long[] {0, 1, 1}, p.lagCounts(-1));
        assertArrayEquals(new double[] {0, 2, 3}, p.lagSums(0));
        assertArrayEquals(new double[] {0, 0, 0}, p.lagSums(1));
    }
}
