package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The numeric pieces behind the pictures: block means, resampling, orientation, percentiles, colours. */
class ImageMathTest {
    @Test
    void blockMeansCoverTheMatrixExactlyAndSkipNonFiniteValues() {
        // 5×5 in cells of 2 frames: rows/columns [0,2), [2,4) and the remainder [4,5)
        BlockAverager b = new BlockAverager(new HeatmapGrid(5, 2, 3, 1));
        assertEquals(3, b.size());
        float[] m = new float[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                m[i * 5 + j] = 10 * i + j;
            }
        }
        m[0] = Float.NaN;
        b.add(0, 3, m); // two row blocks, split mid-cell
        float[] rest = new float[10];
        System.arraycopy(m, 15, rest, 0, 10);
        b.add(3, 5, rest);
        float[] img = b.image();
        assertEquals((1 + 10 + 11) / 3f, img[0], 1e-6f);
        assertEquals((2 + 3 + 12 + 13) / 4f, img[1], 1e-6f);
        assertEquals((4 + 14) / 2f, img[2], 1e-6f);
        assertEquals((20 + 21 + 30 + 31) / 4f, img[3], 1e-6f);
        assertEquals(44f, img[8], 1e-6f);
    }

    @Test
    void heatmapGridsUseIntegerFactorsCloseToThePanelSide() {
        assertGrid(HeatmapGrid.of(499, 520), 1, 499, 1);   // one pixel per frame, no 499 → 520 resampling
        assertGrid(HeatmapGrid.of(300, 520), 1, 300, 2);   // 600 px
        assertGrid(HeatmapGrid.of(100, 520), 1, 100, 5);
        assertGrid(HeatmapGrid.of(520, 520), 1, 520, 1);
        assertGrid(HeatmapGrid.of(700, 520), 1, 700, 1);   // 700/520 is nearer than 350/520
        assertGrid(HeatmapGrid.of(1000, 520), 2, 500, 1);
        assertGrid(HeatmapGrid.of(2000, 520), 4, 500, 1);
        assertGrid(HeatmapGrid.of(2085, 520), 4, 522, 1);
        assertGrid(HeatmapGrid.of(1, 520), 1, 1, 520);
        for (int n = 2; n < 5000; n += 37) {
            HeatmapGrid g = HeatmapGrid.of(n, 520);
            assertTrue(g.side() > 520 / 1.5 && g.side() < 520 * 1.5, n + " frames: " + g);
            assertEquals((n + g.block() - 1) / g.block(), g.cells());
        }
    }

    private static void assertGrid(HeatmapGrid g, int block, int cells, int pixels) {
        assertEquals(block, g.block(), g.toString());
        assertEquals(cells, g.cells(), g.toString());
        assertEquals(pixels, g.pixelsPerCell(), g.toString());
    }

    @Test
    void pictureHasT1AlongXAndT2UpwardsLikeOriginLower() {
        // value = t1 index · 10 + t2 index on a 2×2 cell image
        float[] v = {0, 1, 10, 11};
        ColorScale grey = new ColorScale(ColorMap.VIRIDIS, 0, 11);
        BufferedImage img = Raster.colour(v, 2, 1, grey);
        assertEquals(grey.rgb(0) | 0xFF000000, img.getRGB(0, 1));   // bottom-left: t1 = t2 = 0
        assertEquals(grey.rgb(1) | 0xFF000000, img.getRGB(0, 0));   // top-left: t1 = 0, t2 = 1
        assertEquals(grey.rgb(10) | 0xFF000000, img.getRGB(1, 1));  // bottom-right: t1 = 1, t2 = 0
        assertEquals(grey.rgb(11) | 0xFF000000, img.getRGB(1, 0));
        // three pixels per cell: each cell a 3×3 square of one colour
        BufferedImage big = Raster.colour(v, 2, 3, grey);
        assertEquals(6, big.getWidth());
        for (int x = 0; x < 6; x++) {
            for (int y = 0; y < 6; y++) {
                int t1 = x / 3;
                int t2 = 1 - y / 3;
                assertEquals(grey.rgb(v[t1 * 2 + t2]) | 0xFF000000, big.getRGB(x, y), x + "," + y);
            }
        }
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        float[] v = new float[102];
        for (int k = 0; k < 100; k++) {
            v[k] = k + 1;
        }
        v[100] = Float.NaN;
        v[101] = Float.POSITIVE_INFINITY;
        double[] p = Percentiles.of(v, false, 1, 50, 99);
        // numpy.percentile(np.arange(1, 101), [1, 50, 99]) = [1.99, 50.5, 99.01]
        assertArrayEquals(new double[] {1.99, 50.5, 99.01}, p, 1e-9);
        assertEquals(3.0, Percentiles.of(new float[] {-3, 1, 2}, true, 100)[0]);
        assertTrue(Double.isNaN(Percentiles.of(new float[] {Float.NaN}, false, 50)[0]));
    }

    @Test
    void colourMapsMatchMatplotlib() {
        assertEquals(0x440154, ColorMap.VIRIDIS.rgb(0, 0, 1));
        assertEquals(0xfde725, ColorMap.VIRIDIS.rgb(1, 0, 1));
        assertClose(0x21918c, ColorMap.VIRIDIS.rgb(0.5, 0, 1), 2); // viridis(0.5) = #21918c
        assertEquals(0x053061, ColorMap.RDBU_R.rgb(-1, -1, 1));     // negative residuals blue
        assertEquals(0xf7f7f7, ColorMap.RDBU_R.rgb(0, -1, 1));      // zero white
        assertEquals(0x67001f, ColorMap.RDBU_R.rgb(1, -1, 1));      // positive red
        assertEquals(0x440154, ColorMap.VIRIDIS.rgb(-5, 0, 1));     // clipped
        assertEquals(ColorMap.MISSING, ColorMap.VIRIDIS.rgb(Double.NaN, 0, 1));
    }

    private static void assertClose(int expected, int actual, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 0xFF;
            int a = (actual >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance, Integer.toHexString(expected) + " vs " + Integer.toHexString(actual));
        }
    }

    @Test
    void flatImagesStillGetADrawableScale() {
        ColorScale s = new ColorScale(ColorMap.VIRIDIS, 1.0, 1.0);
        assertTrue(s.upper() > s.lower());
        ColorScale nan = new ColorScale(ColorMap.VIRIDIS, Double.NaN, Double.NaN);
        assertTrue(nan.upper() > nan.lower());
        assertEquals(1e-6, ColorScale.symmetric(ColorMap.RDBU_R, 0).upper());
    }

    @Test
    void tickStepsAreRoundNumbers() {
        assertEquals(5.0, HeatmapPanel.niceStep(5.0));
        assertEquals(25.0, HeatmapPanel.niceStep(33.3));
        assertEquals(0.2, HeatmapPanel.niceStep(0.17), 1e-15);
    }
}
