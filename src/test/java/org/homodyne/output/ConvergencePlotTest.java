package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.homodyne.fit.IterationRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convergence.png from LM trial records, including degenerate histories. */
class ConvergencePlotTest {
    @TempDir
    Path dir;

    static List<IterationRecord> history() {
        List<IterationRecord> h = new ArrayList<>();
        double chi2 = 4e6;
        double lambda = 1e-3;
        for (int k = 1; k <= 24; k++) {
            boolean accept = k % 5 != 3;
            double trial = accept ? chi2 * (k < 12 ? 0.35 : 0.9999) : chi2 * 3.2;
            h.add(new IterationRecord(k, trial, accept, lambda, 1.0 / k));
            if (accept) {
                chi2 = trial;
                lambda /= 10;
            } else {
                lambda *= 10;
            }
        }
        return h;
    }

    @Test
    void writesAPng() throws IOException {
        Path f = FigureGallery.dir("convergence").resolve(ConvergencePlot.FILE_NAME);
        ConvergencePlot.write(f, 1e7, history());
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(ConvergencePlot.WIDTH, img.getWidth());
        assertEquals(ConvergencePlot.HEIGHT, img.getHeight());
    }

    @Test
    void survivesEmptyAndNonFiniteHistories() throws IOException {
        ConvergencePlot.write(dir.resolve("empty.png"), 123.0, List.of());
        List<IterationRecord> bad = List.of(new IterationRecord(1, Double.NaN, false, 1e-3, 0),
                new IterationRecord(2, Double.POSITIVE_INFINITY, false, 1e-2, 0),
                new IterationRecord(3, 100.0, true, 1e-1, 0));
        ConvergencePlot.write(dir.resolve("bad.png"), Double.NaN, bad);
        assertTrue(Files.size(dir.resolve("empty.png")) > 1000);
        assertTrue(Files.size(dir.resolve("bad.png")) > 1000);
    }
}
