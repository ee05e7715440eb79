package org.homodyne.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.fit.AtBound;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;
import org.jfree.chart.JFreeChart;

/**
 * Writes {@code c2_heatmaps_phi_<φ:.1f>deg.png}, one per angle (SPEC §6): data, fit and residual
 * side by side on t1/t2 axes in seconds, origin bottom-left. Data and fit share one viridis scale
 * from the 1st–99th percentiles of the (downsampled) data, so they can be compared by eye; the
 * residual has its own symmetric blue–white–red scale, ±99th percentile of |residual|, so white is
 * a perfect fit and structure stands out whatever its size. The title names q and the angle; the
 * subtitle gives the fitted parameters with 1σ and their units, a parameter at a bound marked
 * and its σ printed as "—".
 *
 * <p>Streaming: each angle's matrices are read in row blocks and reduced on the fly to at most
 * {@link #MAX_PIXELS}² block averages (see {@link BlockAverager}), then resampled to the panel's
 * pixels; the percentiles are taken over those displayed pixels, so the colour range fits what is
 * drawn (block means are less noisy than single frames). Memory is three such images plus two row
 * blocks, never an N×N matrix.
 */
public final class C2HeatmapWriter {
    /** Largest side of the downsampled images. */
    public static final int MAX_PIXELS = 1000;
    /** Side of each panel's data area in the PNG, in pixels. */
    static final int PANEL_SIDE = 520;
    private static final int TITLE_CHARS = 150;

    static {
        FigureStyle.ensureHeadless();
    }

    private C2HeatmapWriter() {
    }

    /** {@code c2_heatmaps_phi_-45.0deg.png} for φ = −45°. */
    public static String fileName(double phiDegrees) {
        return "c2_heatmaps_phi_" + TitleText.fileAngle(phiDegrees) + "deg.png";
    }

    /**
     * Writes one PNG per angle into {@code dir} (created if needed), each replaced atomically.
     *
     * @param annotation what the titles say about the fit; null for a title with φ and the scaling only
     * @return the files written, in angle order
     */
    public static List<Path> write(Path dir, ExperimentalRows data, PreparedModel model, AngleScaling scaling,
                                   FitAnnotation annotation) throws IOException {
        GridCheck.requireSameGrid(data, model);
        FitSurface surface = new FitSurface(model, scaling);
        int n = data.size();
        double[] phi = data.phiDegrees();
        TimeExtent extent = TimeExtent.of(data.times());
        int block = RowBlocks.rowsPerBlock(n);
        float[] rows = new float[block * n];
        float[] fit = new float[block * n];
        List<Path> written = new ArrayList<>();
        for (int a = 0; a < data.angleCount(); a++) {
            BlockAverager dataImage = new BlockAverager(n, MAX_PIXELS);
            BlockAverager fitImage = new BlockAverager(n, MAX_PIXELS);
            BlockAverager residualImage = new BlockAverager(n, MAX_PIXELS);
            for (int r0 = 0; r0 < n; r0 += block) {
                int r1 = Math.min(n, r0 + block);
                int len = (r1 - r0) * n;
                data.readRows(a, r0, r1, rows);
                surface.rows(a, r0, r1, fit);
                dataImage.add(r0, r1, rows);
                fitImage.add(r0, r1, fit);
                for (int k = 0; k < len; k++) {
                    rows[k] -= fit[k];
                }
                residualImage.add(r0, r1, rows);
            }
            int m = dataImage.size();
            // colour ranges from the pixels as drawn, so the scale fits what the reader sees
            float[] d = Raster.resample(dataImage.image(), m, PANEL_SIDE);
            float[] f = Raster.resample(fitImage.image(), m, PANEL_SIDE);
            float[] r = Raster.resample(residualImage.image(), m, PANEL_SIDE);
            double[] range = Percentiles.of(d, false, 1, 99);
            ColorScale c2Scale = new ColorScale(ColorMap.VIRIDIS, range[0], range[1]);
            ColorScale residualScale = ColorScale.symmetric(ColorMap.RDBU_R, Percentiles.of(r, true, 99)[0]);
            double lo = extent.min();
            double hi = extent.max();
            List<JFreeChart> panels = List.of(
                    HeatmapPanel.create("data", d, lo, hi, c2Scale, "c\u2082", PANEL_SIDE),
                    HeatmapPanel.create("fit", f, lo, hi, c2Scale, "c\u2082", PANEL_SIDE),
                    HeatmapPanel.create("residual", r, lo, hi, residualScale, "data \u2212 fit", PANEL_SIDE));
            String title = title(data.q(), phi[a]) + downsampleNote(n, m);
            BufferedImage img = FigureLayout.compose(title, subtitle(a, scaling, annotation), panels, PANEL_SIDE);
            Path file = dir.resolve(fileName(phi[a]));
            FigureLayout.writePng(img, file);
            written.add(file);
        }
        return written;
    }

    private static String downsampleNote(int n, int m) {
        return m < n ? "   (" + n + "\u00d7" + n + " frames shown as " + m + "\u00d7" + m + " block means)" : "";
    }

    /** "c₂(t₁, t₂) at q = 0.0054 Å⁻¹, φ = −45.0°". */
    static String title(double q, double phiDegrees) {
        return "c\u2082(t\u2081, t\u2082) at " + TitleText.q(q) + ", " + TitleText.phi(phiDegrees);
    }

    static String subtitle(int a, AngleScaling scaling, FitAnnotation annotation) {
        List<String> items = new ArrayList<>();
        double cs = annotation == null ? Double.NaN : annotation.contrastSigma(a);
        double os = annotation == null ? Double.NaN : annotation.offsetSigma(a);
        AtBound ca = annotation == null ? null : annotation.contrastAtBound(a);
        AtBound oa = annotation == null ? null : annotation.offsetAtBound(a);
        items.add(new ParameterValue("contrast", scaling.contrast(a), cs, "", ca).label());
        items.add(new ParameterValue("offset", scaling.offset(a), os, "", oa).label());
        if (annotation != null && Double.isFinite(annotation.reducedChi2())) {
            items.add("reduced \u03c7\u00b2 = " + UncertainFormat.format(annotation.reducedChi2(), Double.NaN));
        }
        String first = TitleText.wrap(items, TITLE_CHARS);
        if (annotation == null || annotation.physical().isEmpty()) {
            return first;
        }
        List<String> physical = annotation.physical().stream().map(ParameterValue::label).toList();
        return first + "\n" + TitleText.wrap(physical, TITLE_CHARS);
    }
}
