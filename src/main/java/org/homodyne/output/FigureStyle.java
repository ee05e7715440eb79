package org.homodyne.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * One look for every figure: fonts sized for a supplementary figure read at page width, black axes
 * and ticks on white, light grid lines only where the plot is not an image. Also makes AWT headless
 * before any figure class touches it (the fitter runs on cluster nodes without a display).
 */
final class FigureStyle {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** "SansSerif" resolves to DejaVu Sans on Linux, which has the glyphs used (₁ ₂ ² ± − φ χ λ ⁻). */
    static final String FAMILY = "SansSerif";
    static final Font FIGURE_TITLE = new Font(FAMILY, Font.BOLD, 21);
    static final Font FIGURE_SUBTITLE = new Font(FAMILY, Font.PLAIN, 17);
    static final Font PANEL_TITLE = new Font(FAMILY, Font.BOLD, 19);
    static final Font AXIS_LABEL = new Font(FAMILY, Font.PLAIN, 18);
    static final Font TICK_LABEL = new Font(FAMILY, Font.PLAIN, 15);
    static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 15);
    static final Color GRID = new Color(0xd0d0d0);

    private FigureStyle() {
    }

    static void ensureHeadless() {
        // the static initializer has run by the time this returns
    }

    /** Smooth text and lines on a figure's own drawing (titles); charts set their own hints. */
    static void antialias(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    }

    static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart c = new JFreeChart(title, PANEL_TITLE, plot, false);
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        c.getRenderingHints().put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        c.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        c.setPadding(new RectangleInsets(4, 4, 4, 4));
        TextTitle t = c.getTitle();
        if (t != null) {
            t.setPadding(new RectangleInsets(2, 2, 8, 2));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke(1.2f));
        plot.setInsets(new RectangleInsets(6, 6, 6, 10));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return c;
    }

    static <A extends ValueAxis> A axis(A a) {
        a.setLabelFont(AXIS_LABEL);
        a.setTickLabelFont(TICK_LABEL);
        a.setLabelPaint(Color.BLACK);
        a.setTickLabelPaint(Color.BLACK);
        a.setAxisLinePaint(Color.BLACK);
        a.setTickMarkPaint(Color.BLACK);
        a.setTickMarkOutsideLength(5f);
        a.setTickMarkInsideLength(0f);
        a.setTickMarkStroke(new BasicStroke(1.0f));
        a.setAxisLineVisible(false); // the plot outline is the frame
        // generous label spacing: JFreeChart then picks fewer, matplotlib-like tick steps
        a.setTickLabelInsets(new RectangleInsets(6, 12, 6, 12));
        return a;
    }

    static NumberAxis numberAxis(String label) {
        NumberAxis a = axis(new NumberAxis(label));
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /**
     * An XY chart figure of {@code width} × {@code height}: the title, a subtitle line, the plot and
     * its legend below it (convergence.png, the campaign's parameter-vs-q figures).
     */
    static FigureFile.Drawing titledChart(String title, String subtitle, XYPlot plot, int width,
                                          int height) {
        JFreeChart chart = chart(title, plot);
        chart.getTitle().setFont(FIGURE_TITLE);
        TextTitle sub = new TextTitle(subtitle, FIGURE_SUBTITLE);
        sub.setPadding(new RectangleInsets(0, 4, 8, 4));
        chart.addSubtitle(sub);
        LegendTitle legend = new LegendTitle(plot);
        legend.setItemFont(LEGEND);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setMargin(new RectangleInsets(6, 4, 2, 4));
        chart.addSubtitle(legend);
        return new FigureFile.Drawing() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void draw(Graphics2D g) {
                chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
            }
        };
    }
}
