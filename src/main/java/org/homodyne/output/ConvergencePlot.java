package org.homodyne.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.IterationRecord;
import org.homodyne.io.AtomicFiles;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes {@code nlsq/convergence.png}: χ² of every Levenberg–Marquardt trial on a log axis,
 * accepted trials as filled blue circles, rejected ones as red crosses, the current (best) χ² as a
 * line from the start value; below it, on a shared trial axis, how far the current χ² still is
 * above the final one (log scale: the tail of a converging fit, invisible on the χ² axis, shows as
 * a falling line), and the damping λ each trial used. Together they show whether the fit
 * converged or stalled and how hard the damping had to work.
 *
 * <p>χ² is shown in homodyne's full-matrix convention (twice the upper-triangle sum that
 * {@link IterationRecord#trialChi2()} holds), so the final value matches parameters.json.
 */
public final class ConvergencePlot implements ResultOutput {
    public static final String FILE_NAME = "convergence.png";
    private static final String STEM = "convergence";
    static final int WIDTH = 1100;
    static final int HEIGHT = 960;
    private static final Color ACCEPTED = new Color(0x1f77b4);
    private static final Color REJECTED = new Color(0xd62728);
    private static final Color CURRENT = new Color(0x404040);
    private static final Color DAMPING = new Color(0x7b3294);

    static {
        FigureStyle.ensureHeadless();
    }

    @Override
    public String name() {
        return "convergence plot";
    }

    @Override
    public String describe(OutputContext context) {
        return context.format().file(STEM);
    }

    /** The encoded figure, made by {@link #prepare} while earlier outputs are written, or by write. */
    private Prepared<byte[]> encoded;

    private synchronized Prepared<byte[]> encoded(OutputContext context) {
        if (encoded == null) {
            ConvergenceTrace t = context.convergence();
            encoded = new Prepared<>(() -> FigureFile.encode(drawing(t.startChi2Upper(), t.history()),
                    context.format()));
        }
        return encoded;
    }

    /** Draws and encodes the figure: it depends on the trace only, not on the other outputs. */
    @Override
    public void prepare(OutputContext context) {
        if (context.convergence() != null) {
            encoded(context).run();
        }
    }

    @Override
    public List<Path> write(OutputContext context) throws IOException {
        if (context.convergence() == null) {
            return List.of();
        }
        byte[] bytes = encoded(context).get("drawing " + FILE_NAME);
        Path target = context.dir().resolve(context.format().file(STEM));
        AtomicFiles.write(target, bytes, false);
        return List.of(target);
    }

    /**
     * @param png            target file, replaced atomically
     * @param startChi2Upper χ² at the start point as an upper-triangle sum (the same convention as
     *                       {@link IterationRecord#trialChi2()})
     * @param history        the LM trials in order
     */
    public static void write(Path png, double startChi2Upper, List<IterationRecord> history) throws IOException {
        AtomicFiles.write(png, FigureFile.encode(drawing(startChi2Upper, history), FigureFormat.DEFAULT));
    }

    static FigureFile.Drawing drawing(double startChi2Upper, List<IterationRecord> history) {
        XYSeries current = new XYSeries("current \u03c7\u00b2", false, true);
        XYSeries accepted = new XYSeries("accepted trial", false, true);
        XYSeries rejected = new XYSeries("rejected trial", false, true);
        XYSeries start = new XYSeries("start", false, true);
        XYSeries lambda = new XYSeries("damping \u03bb", false, true);
        double best = FitStatistics.fullMatrixChi2(startChi2Upper);
        int skipped = 0;
        int acceptedCount = 0;
        if (plottable(best)) {
            start.add(0, best);
            current.add(0, best);
        }
        int trial = 0;
        for (IterationRecord r : history) {
            trial++;
            double chi2 = FitStatistics.fullMatrixChi2(r.trialChi2());
            if (r.accepted()) {
                acceptedCount++;
                best = chi2;
            }
            if (plottable(chi2)) {
                (r.accepted() ? accepted : rejected).add(trial, chi2);
            } else {
                skipped++;
            }
            if (plottable(best)) {
                current.add(trial, best);
            }
            if (plottable(r.lambda())) {
                lambda.add(trial, r.lambda());
            }
        }

        NumberAxis trials = FigureStyle.numberAxis("LM trial");
        trials.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        trials.setLowerBound(-0.5);
        trials.setUpperBound(Math.max(1, trial) + 0.5);
        trials.setAutoRange(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(trials);
        plot.setGap(14);
        plot.add(chi2Plot(current, accepted, rejected, start), 3);
        plot.add(excessPlot(current, best), 2);
        plot.add(lambdaPlot(lambda), 2);

        String summary = "start \u03c7\u00b2 = " + UncertainFormat.format(FitStatistics.fullMatrixChi2(startChi2Upper), Double.NaN)
                + "     final \u03c7\u00b2 = " + UncertainFormat.format(best, Double.NaN) + "     "
                + trial + " trials, " + acceptedCount + " accepted"
                + (skipped > 0 ? ", " + skipped + " with non-finite \u03c7\u00b2 not shown" : "");
        return FigureStyle.titledChart("Levenberg\u2013Marquardt convergence", summary, plot, WIDTH, HEIGHT);
    }

    private static boolean plottable(double v) {
        return Double.isFinite(v) && v > 0;
    }

    private static XYPlot chi2Plot(XYSeries current, XYSeries accepted, XYSeries rejected, XYSeries start) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(current);
        data.addSeries(accepted);
        data.addSeries(rejected);
        data.addSeries(start);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(0, CURRENT);
        r.setSeriesStroke(0, new BasicStroke(1.6f));
        style(r, 1, ACCEPTED, new Ellipse2D.Double(-5, -5, 10, 10), true);
        style(r, 2, REJECTED, cross(6), false);
        style(r, 3, Color.BLACK, new Rectangle2D.Double(-5.5, -5.5, 11, 11), true);
        r.setSeriesStroke(2, new BasicStroke(2.2f));
        LogAxis y = logAxis("\u03c7\u00b2", current, accepted, rejected, start);
        XYPlot p = new XYPlot(data, null, y, r);
        grid(p);
        return p;
    }

    /** χ²_current − χ²_final for every point before the last improvement (zero afterwards: not shown). */
    private static XYPlot excessPlot(XYSeries current, double finalChi2) {
        XYSeries excess = new XYSeries("\u03c7\u00b2 \u2212 final \u03c7\u00b2", false, true);
        for (int k = 0; k < current.getItemCount(); k++) {
            double d = current.getY(k).doubleValue() - finalChi2;
            if (plottable(d)) {
                excess.add(current.getX(k), d);
            }
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesPaint(0, CURRENT);
        r.setSeriesStroke(0, new BasicStroke(1.4f));
        r.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        XYPlot p = new XYPlot(new XYSeriesCollection(excess), null, logAxis("\u03c7\u00b2 \u2212 final", excess), r);
        grid(p);
        return p;
    }

    private static XYPlot lambdaPlot(XYSeries lambda) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesPaint(0, DAMPING);
        r.setSeriesStroke(0, new BasicStroke(1.4f));
        r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        XYPlot p = new XYPlot(new XYSeriesCollection(lambda), null, logAxis("damping \u03bb", lambda), r);
        grid(p);
        return p;
    }

    private static void style(XYLineAndShapeRenderer r, int series, Color c, Shape shape, boolean filled) {
        r.setSeriesLinesVisible(series, false);
        r.setSeriesShapesVisible(series, true);
        r.setSeriesShape(series, shape);
        r.setSeriesPaint(series, c);
        r.setSeriesShapesFilled(series, filled);
    }

    private static Shape cross(double h) {
        Path2D p = new Path2D.Double();
        p.moveTo(-h, -h);
        p.lineTo(h, h);
        p.moveTo(-h, h);
        p.lineTo(h, -h);
        return p;
    }

    /**
     * A log axis over the series' values, set explicitly: JFreeChart's auto range fails on a single
     * value (one trial, or a flat λ), and a margin of a tenth of the span in log space (at least a
     * factor 2 each way) keeps markers off the frame.
     */
    private static LogAxis logAxis(String label, XYSeries... series) {
        LogAxis a = new DecadeLogAxis(label, false);
        a.setSmallestValue(1e-300);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : series) {
            if (s.getItemCount() > 0) {
                lo = Math.min(lo, s.getMinY());
                hi = Math.max(hi, s.getMaxY());
            }
        }
        if (!(lo <= hi)) {
            lo = 1;
            hi = 1;
        }
        double pad = Math.max(Math.log10(2), 0.1 * Math.log10(hi / lo));
        a.setRange(lo / Math.pow(10, pad), hi * Math.pow(10, pad));
        return a;
    }

    private static void grid(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(Color.BLACK);
        p.setDomainGridlinePaint(FigureStyle.GRID);
        p.setRangeGridlinePaint(FigureStyle.GRID);
        p.setDomainGridlineStroke(new BasicStroke(0.8f));
        p.setRangeGridlineStroke(new BasicStroke(0.8f));
    }
}
