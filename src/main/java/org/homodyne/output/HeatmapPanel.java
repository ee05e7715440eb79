package org.homodyne.output;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One c2(t1, t2) heatmap as a JFreeChart: the raster is an image annotation spanning the time
 * range in data coordinates, so axes, ticks, labels and the colour bar all come from the library
 * and stay consistent with the pixels.
 */
final class HeatmapPanel {
    static final String T1_LABEL = "t\u2081 (s)";
    static final String T2_LABEL = "t\u2082 (s)";

    private HeatmapPanel() {
    }

    /**
     * @param title       panel title
     * @param image       the coloured raster, side × side pixels (see {@link Raster#colour})
     * @param tMin        lower edge of the first frame's cell, t_0 − Δt/2
     * @param tMax        upper edge of the last frame's cell, t_{N−1} + Δt/2
     * @param scale       colours
     * @param colourLabel colour bar label
     */
    static JFreeChart create(String title, BufferedImage image, double tMin, double tMax, ColorScale scale,
                             String colourLabel) {
        NumberAxis x = FigureStyle.numberAxis(T1_LABEL);
        NumberAxis y = FigureStyle.numberAxis(T2_LABEL);
        x.setRange(tMin, tMax);
        y.setRange(tMin, tMax);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        y.setLowerMargin(0);
        y.setUpperMargin(0);
        // the same step on both axes of a square picture, about six labels (JFreeChart's own
        // choice differs between x and y because labels are wider than tall)
        NumberTickUnit unit = new NumberTickUnit(niceStep((tMax - tMin) / 6));
        x.setTickUnit(unit);
        y.setTickUnit(unit);
        // an empty dataset: the plot is all annotation, the renderer only provides the plumbing
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer(false, false));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.addAnnotation(new RasterAnnotation(image));
        JFreeChart chart = FigureStyle.chart(title, plot);
        chart.addSubtitle(colourBar(scale, colourLabel));
        return chart;
    }

    /** The 1-2-2.5-5 ×10^k step closest to {@code raw} (by ratio). */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double best = p;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (Math.abs(Math.log(m * p / raw)) < Math.abs(Math.log(best / raw))) {
                best = m * p;
            }
        }
        return best;
    }

    static PaintScaleLegend colourBar(ColorScale scale, String label) {
        NumberAxis axis = FigureStyle.numberAxis(label);
        axis.setRange(scale.lower(), scale.upper());
        axis.setLowerMargin(0);
        axis.setUpperMargin(0);
        axis.setLabelAngle(Math.PI); // read bottom to top, as matplotlib's colour bars
        // a clear gap between tick mark and label, or "-" tick + "1.2" reads as "−1.2"
        axis.setTickLabelInsets(new RectangleInsets(8, 9, 8, 6));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(18);
        legend.setAxisOffset(2);
        legend.setSubdivisionCount(256);
        legend.setStripOutlineVisible(true);
        legend.setStripOutlinePaint(Color.BLACK);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setMargin(new RectangleInsets(0, 14, 0, 4));
        legend.setPadding(RectangleInsets.ZERO_INSETS);
        return legend;
    }
}
