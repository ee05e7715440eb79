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
        // 5×5 into 2×2: blocks of rows/columns [0,2) and [2,5)
        BlockAverager b = new BlockAverager(5, 2);
        assertEquals(2, b.size());
        float[] m = new float[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                m[i * 5 + j] = 10 * i + j;
            }
        }
        m[0] = Float.NaN;
        b.add(0, 3, m); // two row blocks, split mid-block
        float[] rest = new float[10];
        System.arraycopy(m, 15, rest, 0, 10);
        b.add(3, 5, rest);
        float[] img = b.image();
        assertEquals((1 + 10 + 11) / 3f, img[0], 1e-6f);
        assertEquals((2 + 3 + 4 + 12 + 13 + 14) / 6f, img[1], 1e-6f);
        assertEquals((20 + 21 + 30 + 31 + 40 + 41) / 6f, img[2], 1e-6f);
        assertEquals((22 + 23 + 24 + 32 + 33 + 34 + 42 + 43 + 44) / 9f, img[3], 1e-6f);
        assertEquals(3, new BlockAverager(3, 1000).size());
    }

    @Test
    void resamplingAveragesAreasAndKeepsIdentity() {
        float[] img = {1, 2, 3, 4};
        assertArrayEquals(img, Raster.resample(img, 2, 2));
        float[] four = new float[16];
        for (int k = 0; k < 16; k++) {
            four[k] = k;
        }
        float[] two = Raster.resample(four, 4, 2);
        assertArrayEquals(new float[] {(0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f, (8 + 9 + 12 + 13) / 4f,
            (10 + 11 + 14 + 15) / 4f}, two, 1e-6f);
        float[] up = Raster.resample(img, 2, 4);
        assertEquals(1f, up[0]);
        assertEquals(4f, up[15]);
        float[] withNaN = {Float.NaN, 2, 2, 2};
        assertEquals(2f, Raster.resample(withNaN, 2, 1)[0]);
    }

    @Test
    void pictureHasT1AlongXAndT2UpwardsLikeOriginLower() {
        // value = t1 index · 10 + t2 index on a 2×2 display image
        float[] v = {0, 1, 10, 11};
        ColorScale grey = new ColorScale(ColorMap.VIRIDIS, 0, 11);
        BufferedImage img = Raster.colour(v, 2, grey);
        assertEquals(grey.rgb(0) | 0xFF000000, img.getRGB(0, 1));   // bottom-left: t1 = t2 = 0
        assertEquals(grey.rgb(1) | 0xFF000000, img.getRGB(0, 0));   // top-left: t1 = 0, t2 = 1
        assertEquals(grey.rgb(10) | 0xFF000000, img.getRGB(1, 1));  // bottom-right: t1 = 1, t2 = 0
        assertEquals(grey.rgb(11) | 0xFF000000, img.getRGB(1, 0));
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
