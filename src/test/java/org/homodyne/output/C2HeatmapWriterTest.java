package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** c2 heatmaps: one PNG per angle, named as homodyne names them, streamed and downsampled. */
class C2HeatmapWriterTest {
    @TempDir
    Path dir;

    @Test
    void fileNamesFollowPythonFormatting() {
        assertEquals("c2_heatmaps_phi_-45.0deg.png", C2HeatmapWriter.fileName(-45.0));
        assertEquals("c2_heatmaps_phi_90.0deg.png", C2HeatmapWriter.fileName(90.0));
        assertEquals("c2_heatmaps_phi_12.3deg.png", C2HeatmapWriter.fileName(12.34));
    }

    @Test
    void writesOnePngPerAngle() throws IOException {
        SyntheticRows data = Fixtures.laminar(300, 0.01, 3);
        Path out = FigureGallery.dir("heatmaps-300");
        List<Path> files = C2HeatmapWriter.write(out, data, data.model(), data.scaling(),
                FigureGallery.annotation(data, Fixtures.LAMINAR));
        assertEquals(List.of(out.resolve("c2_heatmaps_phi_-45.0deg.png"), out.resolve("c2_heatmaps_phi_0.0deg.png"),
                out.resolve("c2_heatmaps_phi_90.0deg.png")), files);
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            // 300 frames: 2 pixels per frame, 600-pixel panels
            assertTrue(img.getWidth() > 3 * 600 && img.getWidth() < 3 * 600 + 800, "" + img.getWidth());
            assertTrue(img.getHeight() > 600 && img.getHeight() < 600 + 350, "" + img.getHeight());
        }
        assertTrue(data.largestRequest() <= RowBlocks.BLOCK_ELEMENTS);
    }

    @Test
    @Tag("large")
    void largeMatrixIsDownsampledWhileStreaming() throws IOException {
        SyntheticRows data = Fixtures.laminar(2000, 0.02, 4);
        Path out = FigureGallery.dir("heatmaps-2000");
        C2HeatmapWriter.write(out, data, data.model(), data.scaling(), FigureGallery.annotation(data, Fixtures.LAMINAR));
        DataPlotWriter.write(out.resolve("plot-data"), data);
        assertTrue(data.largestRequest() <= RowBlocks.BLOCK_ELEMENTS);
    }
}
