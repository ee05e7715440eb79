package org.homodyne.output;

import com.orsonpdf.PDFDocument;
import com.orsonpdf.PDFHints;
import com.orsonpdf.Page;
import com.pngencoder.PngEncoder;
import com.pngencoder.PngEncoderPhysicalPixelDimensions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.homodyne.io.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes one figure, given as a drawing on a Graphics2D of a fixed size in base pixels, in the
 * requested {@link FigureFormat}, atomically. PNG: drawn into an RGB image at dpi/100 scale and
 * encoded by pngencoder (single-threaded: the writers already run figures in parallel, and one
 * thread per figure keeps the bytes independent of scheduling; deflate level
 * {@link #PNG_LEVEL}); SVG through JFreeSVG, PDF through OrsonPDF, both from the same drawing code.
 */
final class FigureFile {
    /**
     * Deflate level of the PNGs. Measured on a 3-panel heatmap figure (2500×830 px, CPU time):
     * level 1 25 ms / 520 KB, level 3 37 ms / 489 KB, level 6 60 ms / 423 KB, and PNG's row
     * predictors make these noisy pictures larger (780 KB) and 4× slower. Noise does not compress;
     * the time is what the user waits for.
     */
    static final int PNG_LEVEL = 1;

    static {
        FigureStyle.ensureHeadless();
    }

    /** A figure: its size in base pixels and how to draw it. */
    interface Drawing {
        int width();

        int height();

        /** Draws the figure on a white background of width × height. */
        void draw(Graphics2D g);
    }

    private FigureFile() {
    }

    /**
     * Writes {@code drawing} to {@code dir/stem.ext}; returns the file. Replaced atomically but not
     * fsynced: a figure is redrawn from the saved results by {@code homodyne plot}, and a disk flush
     * per figure would cost more than drawing it.
     */
    static Path write(Path dir, String stem, Drawing drawing, FigureFormat format) throws IOException {
        return write(dir, stem, drawing, format, null);
    }

    /** As {@link #write(Path, String, Drawing, FigureFormat)}, drawing PNGs on {@code canvas} when its size fits. */
    static Path write(Path dir, String stem, Drawing drawing, FigureFormat format, Canvas canvas) throws IOException {
        Path target = dir.resolve(format.file(stem));
        AtomicFiles.write(target, encode(drawing, format, canvas), false);
        return target;
    }

    /** Writes {@code drawing} as a PNG at the default resolution to exactly {@code target}. */
    static void writePng(Path target, Drawing drawing) throws IOException {
        AtomicFiles.write(target, encode(drawing, FigureFormat.DEFAULT, null), false);
    }

    static byte[] encode(Drawing drawing, FigureFormat format) {
        return encode(drawing, format, null);
    }

    private static byte[] encode(Drawing drawing, FigureFormat format, Canvas canvas) {
        return switch (format.kind()) {
            case PNG -> png(drawing, format, canvas);
            case SVG -> svg(drawing);
            case PDF -> pdf(drawing);
        };
    }

    /**
     * A raster reused by successive figures of one size on one thread (a heatmap figure is ~10 MB;
     * allocating one per angle filled the young generation every two figures).
     */
    static final class Canvas {
        private BufferedImage image;

        BufferedImage image(int w, int h) {
            if (image == null || image.getWidth() != w || image.getHeight() != h) {
                image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            }
            return image;
        }
    }

    /** The figure as a raster at the format's scale. */
    static BufferedImage render(Drawing d, double scale) {
        return render(d, scale, null);
    }

    private static BufferedImage render(Drawing d, double scale, Canvas canvas) {
        int w = (int) Math.ceil(d.width() * scale);
        int h = (int) Math.ceil(d.height() * scale);
        BufferedImage img = canvas != null ? canvas.image(w, h) : new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            if (scale != 1.0) {
                g.scale(scale, scale);
                // heatmap cells stay crisp squares when scaled
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                        RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            }
            d.draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static byte[] png(Drawing d, FigureFormat format, Canvas canvas) {
        PngEncoder encoder = new PngEncoder().withBufferedImage(render(d, format.scale(), canvas))
                .withCompressionLevel(PNG_LEVEL).withMultiThreadedCompressionEnabled(false);
        if (format.dpi() != FigureFormat.BASE_DPI) {
            encoder = encoder.withPhysicalPixelDimensions(PngEncoderPhysicalPixelDimensions.dotsPerInch(format.dpi()));
        }
        return encoder.toBytes();
    }

    private static byte[] svg(Drawing d) {
        SVGGraphics2D g = new SVGGraphics2D(d.width(), d.height());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, d.width(), d.height());
        d.draw(g);
        return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    /** PDF page size: the layout's pixels at {@link FigureFormat#BASE_DPI} in points (1/72 in). */
    private static final double POINTS_PER_PIXEL = 72.0 / FigureFormat.BASE_DPI;

    private static byte[] pdf(Drawing d) {
        PDFDocument doc = new PDFDocument();
        doc.setTitle("homodyne-java figure");
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, d.width() * POINTS_PER_PIXEL,
                d.height() * POINTS_PER_PIXEL));
        Graphics2D g = page.getGraphics2D();
        // the standard PDF fonts lack ₂, φ, χ, −, …: text is drawn as glyph outlines instead
        g.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        g.scale(POINTS_PER_PIXEL, POINTS_PER_PIXEL);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, d.width(), d.height());
        d.draw(g);
        return doc.getPDFBytes();
    }
}
