package org.homodyne.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code homodyne plot-data}: a quality check of the selected data before fitting, one PNG per
 * angle ({@code experimental_data_phi_<φ:.1f>.png}, homodyne's --plot-experimental-data name):
 * <ol>
 *   <li>the c2(t1, t2) heatmap (viridis, 1st–99th percentile scale, origin bottom-left): is the
 *       correlated band where it should be, are there bad frames (stripes), beam damage?</li>
 *   <li>the diagonal c2(t, t) against t: drifts of the contrast over the run;</li>
 *   <li>the time-averaged c2 against lag τ, for the whole run and for early, middle and late t1
 *       (log τ): the contrast at short lag and the baseline at long lag that the fit will find,
 *       and whether the dynamics age (curves that do not overlap).</li>
 * </ol>
 * The title gives φ, N, Δt, q and the count of non-finite (masked) values. Streams row blocks:
 * memory is one block, the heatmap's cell image ({@link HeatmapGrid}) and O(N) profiles.
 */
public final class DataPlotWriter {
    static final int PANEL_SIDE = 460;
    private static final int PROFILE_POINTS = 1000;
    private static final int LAG_BINS = 90;
    private static final Color[] AGE_COLOURS = {new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3)};
    private static final String[] AGE_NAMES = {"early t\u2081", "middle t\u2081", "late t\u2081"};

    static {
        FigureStyle.ensureHeadless();
    }

    private DataPlotWriter() {
    }

    /** {@code experimental_data_phi_-45.0.png} for φ = −45°. */
    public static String fileName(double phiDegrees) {
        return FigureFormat.DEFAULT.file(stem(phiDegrees));
    }

    private static String stem(double phiDegrees) {
        return "experimental_data_phi_" + TitleText.fileAngle(phiDegrees);
    }

    /**
     * Writes one PNG per angle into {@code dir} (created if needed), each replaced atomically.
     *
     * @return the files written, in angle order
     */
    public static List<Path> write(Path dir, ExperimentalRows data) throws IOException {
        int n = data.size();
        double[] times = data.times();
        double[] phi = data.phiDegrees();
        TimeExtent extent = TimeExtent.of(times);
        double dt = n > 1 ? (times[n - 1] - times[0]) / (n - 1) : 1.0;
        int block = RowBlocks.rowsPerBlock(n);
        float[] rows = new float[block * n];
        List<Path> written = new ArrayList<>();
        HeatmapGrid grid = HeatmapGrid.of(n, PANEL_SIDE);
        for (int a = 0; a < data.angleCount(); a++) {
            BlockAverager image = new BlockAverager(grid);
            LagProfile profile = new LagProfile(n);
            for (int r0 = 0; r0 < n; r0 += block) {
                int r1 = Math.min(n, r0 + block);
                data.readRows(a, r0, r1, rows);
                image.add(r0, r1, rows);
                profile.add(r0, r1, rows);
            }
            float[] cells = image.image();
            double[] range = Percentiles.of(cells, false, 1, 99);
            ColorScale scale = new ColorScale(ColorMap.VIRIDIS, range[0], range[1]);
            List<JFreeChart> panels = List.of(
                    HeatmapPanel.create("c\u2082(t\u2081, t\u2082)",
                            Raster.colour(cells, grid.cells(), grid.pixelsPerCell(), scale), extent.min(), extent.max(),
                            scale, "c\u2082"),
                    diagonalPanel(times, profile.diagonal()),
                    lagPanel(profile, dt, n));
            String title = "Experimental data at " + TitleText.phi(phi[a]);
            String subtitle = String.format(Locale.ROOT, "N = %d frames,  \u0394t = %s s,  q = %s \u00c5\u207b\u00b9",
                    n, TitleText.number(dt), TitleText.number(data.q()))
                    + "     colour scale: 1st\u201399th percentile"
                    + (grid.averaged() ? " of means of " + grid.block() + "\u00d7" + grid.block() + " frames" : "")
                    + "     non-finite values: " + profile.nonFinite();
            written.add(FigureFile.write(dir, stem(phi[a]),
                    FigureLayout.figure(null, title, subtitle, panels, grid.side()), FigureFormat.DEFAULT));
        }
        return written;
    }

    private static JFreeChart diagonalPanel(double[] times, double[] diagonal) {
        int n = times.length;
        int bin = (n + PROFILE_POINTS - 1) / PROFILE_POINTS;
        XYSeries s = new XYSeries(bin > 1 ? "c\u2082(t, t), means of " + bin + " frames" : "c\u2082(t, t)", false, true);
        for (int k0 = 0; k0 < n; k0 += bin) {
            double t = 0;
            double v = 0;
            int c = 0;
            for (int k = k0; k < Math.min(n, k0 + bin); k++) {
                if (Double.isFinite(diagonal[k])) {
                    t += times[k];
                    v += diagonal[k];
                    c++;
                }
            }
            if (c > 0) {
                s.add(t / c, v / c);
            }
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesStroke(0, new BasicStroke(1.3f));
        NumberAxis x = FigureStyle.numberAxis("t (s)");
        NumberAxis y = FigureStyle.numberAxis("c\u2082(t, t)");
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, r);
        lineStyle(plot);
        return FigureStyle.chart("diagonal (corrected)", plot);
    }

    private static JFreeChart lagPanel(LagProfile profile, double dt, int n) {
        XYSeriesCollection c = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        c.addSeries(lagSeries("whole run", profile.lagSums(-1), profile.lagCounts(-1), dt, n));
        r.setSeriesPaint(0, Color.BLACK);
        r.setSeriesStroke(0, new BasicStroke(2.6f));
        for (int age = 0; age < LagProfile.AGES; age++) {
            c.addSeries(lagSeries(AGE_NAMES[age], profile.lagSums(age), profile.lagCounts(age), dt, n));
            r.setSeriesPaint(age + 1, AGE_COLOURS[age]);
            r.setSeriesStroke(age + 1, new BasicStroke(1.4f));
        }
        LogAxis x = new DecadeLogAxis("lag \u03c4 = t\u2082 \u2212 t\u2081 (s)", true);
        x.setSmallestValue(dt / 2);
        NumberAxis y = FigureStyle.numberAxis("mean c\u2082(t\u2081, t\u2081 + \u03c4)");
        XYPlot plot = new XYPlot(c, x, y, r);
        lineStyle(plot);
        JFreeChart chart = FigureStyle.chart("time-averaged c\u2082 vs lag", plot);
        // one column in the top-right corner, the region a decaying curve leaves free
        LegendTitle legend = new LegendTitle(plot, new ColumnArrangement(), new ColumnArrangement());
        legend.setItemFont(FigureStyle.TICK_LABEL);
        legend.setFrame(new BlockBorder(new Color(0xb0b0b0)));
        legend.setBackgroundPaint(new Color(255, 255, 255, 220));
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemLabelPadding(new RectangleInsets(1, 2, 1, 6));
        plot.addAnnotation(new XYTitleAnnotation(0.98, 0.98, legend, RectangleAnchor.TOP_RIGHT));
        return chart;
    }

    /** Lags 1..N−1 averaged in logarithmic bins (each at least one lag wide). */
    private static XYSeries lagSeries(String name, double[] sums, long[] counts, double dt, int n) {
        XYSeries s = new XYSeries(name, false, true);
        double ratio = Math.pow(Math.max(2, n - 1), 1.0 / LAG_BINS);
        int lag = 1;
        double edge = 1;
        while (lag < n) {
            edge *= ratio;
            int end = Math.max(lag + 1, (int) Math.floor(edge) + 1);
            end = Math.min(end, n);
            double sum = 0;
            double weightedLag = 0;
            long count = 0;
            for (int k = lag; k < end; k++) {
                sum += sums[k];
                weightedLag += (double) k * counts[k];
                count += counts[k];
            }
            if (count > 0) {
                s.add(weightedLag / count * dt, sum / count);
            }
            lag = end;
        }
        return s;
    }

    private static void lineStyle(XYPlot plot) {
        plot.setDomainGridlinePaint(FigureStyle.GRID);
        plot.setRangeGridlinePaint(FigureStyle.GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
    }
}
