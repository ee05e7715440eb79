package org.homodyne.output;

import com.pngencoder.PngEncoder;
import com.pngencoder.PngEncoderPhysicalPixelDimensions;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.ImageHandlerBase64Encoder;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.util.Matrix;
import org.homodyne.io.AtomicFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes one figure, given as a drawing on a Graphics2D of a fixed size in base pixels, in the
 * requested {@link FigureFormat}, atomically. PNG: drawn into an RGB image at dpi/100 scale and
 * encoded by pngencoder (single-threaded: the writers already run figures in parallel, and one
 * thread per figure keeps the bytes independent of scheduling; deflate level
 * {@link #PNG_LEVEL}); SVG through Apache Batik's SVGGraphics2D, PDF through PDFBox's Graphics2D
 * (both Apache-licensed), all three from the same drawing code.
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
        PngEncoder encoder = pngEncoder(render(d, format.scale(), canvas));
        if (format.dpi() != FigureFormat.BASE_DPI) {
            encoder = encoder.withPhysicalPixelDimensions(PngEncoderPhysicalPixelDimensions.dotsPerInch(format.dpi()));
        }
        return encoder.toBytes();
    }

    /** The encoder of every PNG written here: zlib's fastest level, on the calling thread (figures run in parallel). */
    private static PngEncoder pngEncoder(BufferedImage image) {
        return new PngEncoder().withBufferedImage(image).withCompressionLevel(PNG_LEVEL)
                .withMultiThreadedCompressionEnabled(false);
    }

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /**
     * SVG: text as {@code <text>} (searchable, editable in Inkscape/Illustrator), lines and shapes
     * as paths, rasters as embedded PNG {@code <image>}s. The size is the layout's pixels.
     */
    private static byte[] svg(Drawing d) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML document builder in this JVM", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment("homodyne-java figure");
        context.setImageHandler(new PngDataUris());
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(d.width(), d.height()));
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, d.width(), d.height());
        d.draw(g);
        Element root = g.getRoot();
        root.setAttribute("viewBox", "0 0 " + d.width() + " " + d.height());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            g.stream(root, w, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory only
        } finally {
            g.dispose();
        }
        return bytes.toByteArray();
    }

    /** The first 8 bytes of the SHA-256 of a stream. */
    private static long contentHash(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buf = new byte[8192];
        for (int k = in.read(buf); k >= 0; k = in.read(buf)) {
            md.update(buf, 0, k);
        }
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    /**
     * Embeds rasters as base64 PNG data URIs, encoded by pngencoder (Batik's own handler looks up a
     * PNG writer in batik-codec, which would bring Batik's whole SVG DOM and renderer along).
     */
    private static final class PngDataUris extends ImageHandlerBase64Encoder {
        @Override
        public void encodeImage(RenderedImage image, OutputStream out) throws SVGGraphics2DIOException {
            BufferedImage b;
            if (image instanceof BufferedImage bi) {
                b = bi;
            } else {
                b = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = b.createGraphics();
                g.drawRenderedImage(image, new AffineTransform());
                g.dispose();
            }
            try {
                out.write(pngEncoder(b).toBytes());
            } catch (IOException e) {
                throw new SVGGraphics2DIOException(e);
            }
        }
    }

    /** PDF page size: the layout's pixels at {@link FigureFormat#BASE_DPI} in points (1/72 in). */
    private static final double POINTS_PER_PIXEL = 72.0 / FigureFormat.BASE_DPI;

    /**
     * PDF: one page of the figure's size at {@link FigureFormat#BASE_DPI}. The drawing goes into a
     * form XObject in the layout's pixels, placed on the page scaled to points. Text is drawn as
     * glyph outlines (PDFBox's text drawer draws only fonts registered with it; the standard PDF
     * fonts lack ₂, φ, χ and −), so the page looks the same in every viewer.
     */
    private static byte[] pdf(Drawing d) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle((float) (d.width() * POINTS_PER_PIXEL),
                    (float) (d.height() * POINTS_PER_PIXEL)));
            doc.addPage(page);
            doc.getDocumentInformation().setTitle("homodyne-java figure");
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, d.width(), d.height());
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, d.width(), d.height());
                d.draw(g);
            } finally {
                g.dispose();
            }
            PDFormXObject form = g.getXFormObject();
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.transform(Matrix.getScaleInstance((float) POINTS_PER_PIXEL, (float) POINTS_PER_PIXEL));
                content.drawForm(form);
            }
            // PDFBox derives the file identifier from this number (the clock otherwise): from the
            // drawing's content, the same figure gives the same bytes and different figures differ
            try (InputStream drawn = form.getContents()) {
                doc.setDocumentId(contentHash(drawn));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: PDFBox declares IOException for its streams
        }
    }
}
