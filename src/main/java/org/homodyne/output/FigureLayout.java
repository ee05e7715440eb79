package org.homodyne.output;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;

/**
 * Puts JFreeChart panels side by side under one title, each with a square data area of the same
 * side, data areas aligned on one baseline, like matplotlib subplots with aspect='equal'.
 *
 * <p>JFreeChart sizes the data area from what is left after titles, axes and colour bars, so each
 * panel is measured (drawn off-screen with rendering info) and grown or shrunk until its data area
 * is exactly side × side; a colour bar's margins are then set so that its strip spans the data
 * area's height instead of the whole chart's. Figures of one kind (the heatmaps of every angle)
 * differ only in numbers, so the sizes found for one are a {@link Plan} for the next: checked by
 * measuring the colour-bar labels, searched again only where a wider label moves the data area.
 */
final class FigureLayout {
    static {
        FigureStyle.ensureHeadless();
    }

    private static final int GAP = 12;
    private static final int TOP = 8;
    private static final int MAX_PASSES = 6;

    private FigureLayout() {
    }

    /** A panel's chart size for a side × side data area, and where that data area starts. */
    record PanelSize(int width, int height, double dataTop, double dataLeft, RectangleInsets[] legendMargins,
                     double[] legendAxisWidths) {
    }

    /** Panel sizes, left to right, found for one figure and reusable for figures built the same way. */
    record Plan(int side, List<PanelSize> panels) {
        Plan {
            panels = List.copyOf(panels);
        }

        /** Measures the panels (the charts' colour-bar margins are set as a side effect). */
        static Plan of(List<JFreeChart> charts, int side) {
            List<PanelSize> sizes = new ArrayList<>();
            for (JFreeChart c : charts) {
                sizes.add(fit(c, side, side + 200, side + 150));
            }
            return new Plan(side, sizes);
        }
    }

    /**
     * The figure: title lines, then the panels on one row.
     *
     * @param plan   sizes of panels built like these (null: measure these)
     * @param title  figure title, may hold '\n' line breaks; null for none
     * @param panels charts, left to right
     */
    static FigureFile.Drawing figure(Plan plan, String title, String subtitle, List<JFreeChart> panels, int side) {
        List<PanelSize> sizes = new ArrayList<>();
        for (int k = 0; k < panels.size(); k++) {
            PanelSize guess = plan != null && plan.side() == side && k < plan.panels().size()
                    ? plan.panels().get(k) : null;
            sizes.add(guess != null && confirms(panels.get(k), guess, side) ? guess
                    : fit(panels.get(k), side, guess == null ? side + 200 : guess.width(),
                    guess == null ? side + 150 : guess.height()));
        }
        double maxTop = sizes.stream().mapToDouble(PanelSize::dataTop).max().orElse(0);
        int width = GAP;
        int below = 0;
        for (PanelSize p : sizes) {
            width += p.width() + GAP;
            below = Math.max(below, (int) Math.ceil(maxTop - p.dataTop()) + p.height());
        }
        List<TextTitle> titles = new ArrayList<>();
        if (title != null) {
            titles.add(figureTitle(title, FigureStyle.FIGURE_TITLE));
        }
        if (subtitle != null) {
            titles.add(figureTitle(subtitle, FigureStyle.FIGURE_SUBTITLE));
        }
        double[] heights = new double[titles.size()];
        double top = TOP;
        Graphics2D sg = scratch();
        try {
            for (int k = 0; k < titles.size(); k++) {
                Size2D s = titles.get(k).arrange(sg, new RectangleConstraint(width, null, LengthConstraintType.FIXED,
                        0.0, null, LengthConstraintType.NONE));
                heights[k] = s.getHeight();
                top += heights[k];
            }
        } finally {
            sg.dispose();
        }
        double panelTop = Math.ceil(top);
        int height = (int) panelTop + below + GAP + 1;
        int figureWidth = width;
        return new FigureFile.Drawing() {
            @Override
            public int width() {
                return figureWidth;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void draw(Graphics2D g) {
                FigureStyle.antialias(g);
                double y = TOP;
                for (int k = 0; k < titles.size(); k++) {
                    titles.get(k).draw(g, new Rectangle2D.Double(0, y, figureWidth, heights[k]));
                    y += heights[k];
                }
                // every data area starts on a whole pixel, so heatmap rasters are copied 1:1
                double dataY = Math.ceil(panelTop + maxTop);
                int x = GAP;
                for (int k = 0; k < panels.size(); k++) {
                    PanelSize p = sizes.get(k);
                    double px = Math.round(x + p.dataLeft()) - p.dataLeft();
                    panels.get(k).draw(g, new Rectangle2D.Double(px, dataY - p.dataTop(), p.width(), p.height()));
                    x += p.width() + GAP;
                }
            }
        };
    }

    /** The figure as a raster at base resolution. */
    static BufferedImage compose(String title, String subtitle, List<JFreeChart> panels, int side) {
        return FigureFile.render(figure(null, title, subtitle, panels, side), 1.0);
    }

    private static TextTitle figureTitle(String text, Font font) {
        TextTitle t = new TextTitle(text, font);
        t.setPaint(Color.BLACK);
        t.setPadding(new RectangleInsets(2, 10, 4, 10));
        return t;
    }

    private static Graphics2D scratch() {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    }

    /**
     * Whether {@code chart} lays out like the planned panel. Panels "built the same way" differ only
     * in the numbers on their colour bars, so the layout is the plan's when every colour-bar axis
     * reserves the same width (JFreeChart sizes a right-hand PaintScaleLegend by its axis'
     * reserveSpace, taken here at the data area's height); checking that measures a dozen tick
     * labels instead of drawing the chart.
     */
    private static boolean confirms(JFreeChart chart, PanelSize planned, int side) {
        double[] widths = legendAxisWidths(chart, side);
        if (!java.util.Arrays.equals(widths, planned.legendAxisWidths())) {
            return false;
        }
        setLegendMargins(chart, planned.legendMargins());
        return true;
    }

    private static double[] legendAxisWidths(JFreeChart chart, int side) {
        List<Double> w = new ArrayList<>();
        Graphics2D g = scratch();
        try {
            for (int k = 0; k < chart.getSubtitleCount(); k++) {
                if (chart.getSubtitle(k) instanceof PaintScaleLegend legend) {
                    AxisSpace space = legend.getAxis().reserveSpace(g, null, new Rectangle2D.Double(0, 0, 100, side),
                            RectangleEdge.RIGHT, null);
                    w.add(space.getLeft() + space.getRight());
                }
            }
        } finally {
            g.dispose();
        }
        return w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Finds the chart size whose data area is side × side, starting from w × h. */
    private static PanelSize fit(JFreeChart chart, int side, double w, double h) {
        Graphics2D g = scratch();
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
            return new PanelSize((int) Math.round(w), (int) Math.round(h), data.getY(), data.getX(),
                    legendMargins(chart), legendAxisWidths(chart, side));
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

    private static RectangleInsets[] legendMargins(JFreeChart chart) {
        List<RectangleInsets> m = new ArrayList<>();
        for (int k = 0; k < chart.getSubtitleCount(); k++) {
            if (chart.getSubtitle(k) instanceof PaintScaleLegend legend) {
                m.add(legend.getMargin());
            }
        }
        return m.toArray(new RectangleInsets[0]);
    }

    private static void setLegendMargins(JFreeChart chart, RectangleInsets[] margins) {
        int i = 0;
        for (int k = 0; k < chart.getSubtitleCount() && i < margins.length; k++) {
            if (chart.getSubtitle(k) instanceof PaintScaleLegend legend) {
                legend.setMargin(margins[i++]);
            }
        }
    }
}
