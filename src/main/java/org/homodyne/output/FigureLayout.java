package org.homodyne.output;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.homodyne.io.AtomicFiles;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;

/**
 * Puts JFreeChart panels side by side under one title, each with a square data area of the same
 * side, data areas aligned on one baseline, like matplotlib subplots with aspect='equal'.
 *
 * <p>JFreeChart sizes the data area from what is left after titles, axes and colour bars, so each
 * panel is measured (drawn off-screen with rendering info) and grown or shrunk until its data area
 * is exactly side × side; a colour bar's margins are then set so that its strip spans the data
 * area's height instead of the whole chart's.
 */
final class FigureLayout {
    static {
        FigureStyle.ensureHeadless();
    }

    private static final int GAP = 12;
    private static final int MAX_PASSES = 6;

    private FigureLayout() {
    }

    /** A panel sized to its square data area. */
    private record Placed(JFreeChart chart, int width, int height, double dataTop) {
    }

    /**
     * @param title  figure title, may hold '\n' line breaks; null for none
     * @param panels charts, left to right
     * @param side   side of every panel's data area in pixels
     */
    static BufferedImage compose(String title, String subtitle, List<JFreeChart> panels, int side) {
        List<Placed> placed = new ArrayList<>();
        for (JFreeChart c : panels) {
            placed.add(fit(c, side));
        }
        double maxTop = placed.stream().mapToDouble(Placed::dataTop).max().orElse(0);
        int width = GAP;
        int below = 0;
        for (Placed p : placed) {
            width += p.width() + GAP;
            below = Math.max(below, (int) Math.ceil(maxTop - p.dataTop()) + p.height());
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        List<TextTitle> titles = new ArrayList<>();
        if (title != null) {
            titles.add(figureTitle(title, FigureStyle.FIGURE_TITLE));
        }
        if (subtitle != null) {
            titles.add(figureTitle(subtitle, FigureStyle.FIGURE_SUBTITLE));
        }
        double[] heights = new double[titles.size()];
        double top = 8;
        for (int k = 0; k < titles.size(); k++) {
            Size2D s = titles.get(k).arrange(sg, new RectangleConstraint(width, null, LengthConstraintType.FIXED,
                    0.0, null, LengthConstraintType.NONE));
            heights[k] = s.getHeight();
            top += heights[k];
        }
        sg.dispose();
        int height = (int) Math.ceil(top) + below + GAP;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double y = 8;
            for (int k = 0; k < titles.size(); k++) {
                titles.get(k).draw(g, new Rectangle2D.Double(0, y, width, heights[k]));
                y += heights[k];
            }
            int x = GAP;
            for (Placed p : placed) {
                double py = Math.ceil(top) + (maxTop - p.dataTop());
                p.chart().draw(g, new Rectangle2D.Double(x, py, p.width(), p.height()));
                x += p.width() + GAP;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static TextTitle figureTitle(String text, java.awt.Font font) {
        TextTitle t = new TextTitle(text, font);
        t.setPaint(Color.BLACK);
        t.setPadding(new RectangleInsets(2, 10, 4, 10));
        return t;
    }

    /** Finds the chart size whose data area is side × side. */
    private static Placed fit(JFreeChart chart, int side) {
        double w = side + 200;
        double h = side + 150;
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            Rectangle2D data = null;
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                ChartRenderingInfo info = new ChartRenderingInfo();
                chart.draw(g, new Rectangle2D.Double(0, 0, Math.round(w), Math.round(h)), info);
                data = info.getPlotInfo().getDataArea();
                Rectangle2D plotArea = info.getPlotInfo().getPlotArea();
                alignColourBars(chart, data, plotArea);
                double dw = side - data.getWidth();
                double dh = side - data.getHeight();
                if (Math.abs(dw) < 0.5 && Math.abs(dh) < 0.5 && pass > 0) {
                    break;
                }
                w += dw;
                h += dh;
            }
            return new Placed(chart, (int) Math.round(w), (int) Math.round(h), data.getY());
        } finally {
            g.dispose();
        }
    }

    /** Colour bars (PaintScaleLegend on the right) get the vertical extent of the data area. */
    private static void alignColourBars(JFreeChart chart, Rectangle2D data, Rectangle2D plotArea) {
        for (int k = 0; k < chart.getSubtitleCount(); k++) {
            Title t = chart.getSubtitle(k);
            if (t instanceof PaintScaleLegend legend) {
                RectangleInsets m = legend.getMargin();
                double topMargin = Math.max(0, data.getMinY() - plotArea.getMinY());
                double bottomMargin = Math.max(0, plotArea.getMaxY() - data.getMaxY());
                legend.setMargin(new RectangleInsets(topMargin, m.getLeft(), bottomMargin, m.getRight()));
            }
        }
    }

    /** Writes a PNG atomically (temporary sibling, fsync, rename), at the strongest deflate level. */
    static void writePng(BufferedImage image, Path target) throws IOException {
        Path tmp = AtomicFiles.temporarySibling(target);
        Files.createDirectories(tmp.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            // quality 0 = deflate level 9: a few percent smaller than the default for the same time
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.0f);
            Files.deleteIfExists(tmp);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            AtomicFiles.commit(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            writer.dispose();
        }
    }
}
