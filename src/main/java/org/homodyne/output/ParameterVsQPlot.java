package org.homodyne.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The figures of a campaign (issue 15 §3), read across q: a fitted parameter against q with its
 * error bars, one series per file; and for diffusion, the relaxation rate Γ = D(t)·q² against q²
 * on log axes with the line Γ = D̄·q² that pure diffusion follows (D independent of q).
 */
public final class ParameterVsQPlot {
    static final int WIDTH = 1100;
    static final int HEIGHT = 760;
    private static final double MIN_DECADES = 1.6;
    /** Series colours (matplotlib's tab10), in file order. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    static {
        FigureStyle.ensureHeadless();
    }

    private ParameterVsQPlot() {
    }

    /**
     * One result: at {@code x}, {@code value} ± {@code sigma}.
     *
     * @param sigma the standard error, NaN when undefined (drawn without a bar)
     */
    public record Point(double x, double value, double sigma) {
    }

    /** One file's results. */
    public record Series(String label, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * Writes {@code parameter} (unit {@code unit}) against q.
     *
     * @param series one per file, points at x = q
     */
    public static void write(Path png, String parameter, String unit, List<Series> series) throws IOException {
        String label = parameter + (unit == null || unit.isEmpty() ? "" : " (" + unit + ")");
        NumberAxis x = FigureStyle.numberAxis("q (\u00c5\u207b\u00b9)");
        NumberAxis y = FigureStyle.numberAxis(label);
        XYPlot plot = errorPlot(series, x, y);
        int points = series.stream().mapToInt(s -> s.points().size()).sum();
        FigureFile.writePng(png, draw(parameter + " vs q", points + " fits, error bars \u00b1 1 standard error"
                + " (none where undefined)", plot));
    }

    /**
     * Writes Γ = D(t_ref)·q² against q² on log axes, with the line Γ = D̄·q² (D̄ the
     * inverse-variance weighted mean of Γ/q² over the points with an uncertainty; the plain mean
     * when none has one).
     *
     * @param series     one per file, points at x = q²; value Γ, sigma its standard error
     * @param definition how Γ was computed, for the subtitle (e.g. "D(t) at t = 1 s")
     * @return D̄ in Å²/s, NaN when there is no point
     */
    public static double writeRelaxationRate(Path png, List<Series> series, String definition) throws IOException {
        LogAxis x = new DecadeLogAxis("q\u00b2 (\u00c5\u207b\u00b2)", false);
        LogAxis y = new DecadeLogAxis("\u0393 = D\u00b7q\u00b2 (s\u207b\u00b9)", false);
        x.setSmallestValue(1e-300);
        y.setSmallestValue(1e-300);
        XYPlot plot = errorPlot(series, x, y);
        padDecades(x, y, series);
        double weight = 0;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (p.x() > 0 && p.value() > 0) {
                    lo = Math.min(lo, p.x());
                    hi = Math.max(hi, p.x());
                }
                if (p.x() > 0 && Double.isFinite(p.value()) && p.sigma() > 0) {
                    double ratioSigma = p.sigma() / p.x();
                    double w = 1 / (ratioSigma * ratioSigma);
                    weight += w;
                    sum += w * p.value() / p.x();
                }
            }
        }
        boolean weighted = weight > 0;
        if (!weighted) {
            // no point has an uncertainty: the plain mean, and the legend says so
            for (Series s : series) {
                for (Point p : s.points()) {
                    if (p.x() > 0 && Double.isFinite(p.value())) {
                        weight += 1;
                        sum += p.value() / p.x();
                    }
                }
            }
        }
        double dBar = weight > 0 ? sum / weight : Double.NaN;
        if (dBar > 0 && lo <= hi) {
            XYSeries line = new XYSeries(String.format(Locale.ROOT, "\u0393 = D\u0304\u00b7q\u00b2, D\u0304 = %s \u00c5\u00b2/s (%s)",
                    UncertainFormat.format(dBar, Double.NaN), weighted ? "inverse-variance mean" : "unweighted mean"));
            double a = lo / 1.5;
            double b = hi * 1.5;
            line.add(a, dBar * a);
            line.add(b, dBar * b);
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, Color.BLACK);
            r.setSeriesStroke(0, new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{8f, 6f}, 0f));
            plot.setDataset(1, new XYSeriesCollection(line));
            plot.setRenderer(1, r);
        }
        FigureFile.writePng(png, draw("Relaxation rate vs q\u00b2 (dashed: \u0393 \u221d q\u00b2, D independent of q)",
                definition, plot));
        return dBar;
    }

    /** Log ranges around the points (with their bars) and a margin, so the q² line's ends show. */
    private static void padDecades(LogAxis x, LogAxis y, List<Series> series) {
        double xlo = Double.POSITIVE_INFINITY;
        double xhi = Double.NEGATIVE_INFINITY;
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (p.x() > 0 && p.value() > 0) {
                    xlo = Math.min(xlo, p.x());
                    xhi = Math.max(xhi, p.x());
                    double e = p.sigma() > 0 ? p.sigma() : 0;
                    ylo = Math.min(ylo, p.value() - e > 0 ? p.value() - e : p.value() / 10);
                    yhi = Math.max(yhi, p.value() + e);
                }
            }
        }
        if (xlo <= xhi && ylo <= yhi) {
            setDecades(x, xlo / 1.6, xhi * 1.6);
            setDecades(y, ylo / 1.6, yhi * 1.6);
        }
    }

    /** At least 1.6 decades (centred), so the tick labels are 1, 2 and 5 per decade and do not crowd. */
    private static void setDecades(LogAxis a, double lo, double hi) {
        double missing = MIN_DECADES - Math.log10(hi / lo);
        if (missing > 0) {
            double f = Math.pow(10, missing / 2);
            lo /= f;
            hi *= f;
        }
        a.setRange(lo, hi);
    }

    private static XYPlot errorPlot(List<Series> series, ValueAxis x, ValueAxis y) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Series s : series) {
            YIntervalSeries ys = new YIntervalSeries(s.label(), false, true);
            for (Point p : s.points()) {
                if (!Double.isFinite(p.x()) || !Double.isFinite(p.value())) {
                    continue;
                }
                double e = Double.isFinite(p.sigma()) && p.sigma() > 0 ? p.sigma() : 0;
                double low = p.value() - e;
                if (y instanceof LogAxis && low <= 0) {
                    low = p.value() / 10;   // a bar reaching zero or below ends a decade down on a log axis
                }
                ys.add(p.x(), p.value(), low, p.value() + e);
            }
            data.addSeries(ys);
        }
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setCapLength(6);
        r.setErrorStroke(new BasicStroke(1.3f));
        r.setDefaultLinesVisible(true);
        Shape marker = new Ellipse2D.Double(-5, -5, 10, 10);
        for (int i = 0; i < series.size(); i++) {
            Color c = COLOURS[i % COLOURS.length];
            r.setSeriesPaint(i, c);
            r.setSeriesShape(i, marker);
            r.setSeriesShapesVisible(i, true);
            r.setSeriesLinesVisible(i, true);
            r.setSeriesStroke(i, new BasicStroke(1.2f));
        }
        XYPlot p = new XYPlot(data, x, y, r);
        p.setDomainGridlinePaint(FigureStyle.GRID);
        p.setRangeGridlinePaint(FigureStyle.GRID);
        return p;
    }

    private static FigureFile.Drawing draw(String title, String subtitle, XYPlot plot) {
        return FigureStyle.titledChart(title, subtitle, plot, WIDTH, HEIGHT);
    }
}
