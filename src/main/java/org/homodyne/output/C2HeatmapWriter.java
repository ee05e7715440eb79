package org.homodyne.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.homodyne.InvalidSettingException;
import org.homodyne.fit.AtBound;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;
import org.jfree.chart.JFreeChart;

/**
 * Writes {@code c2_heatmaps_phi_<φ:.1f>deg.png}, one per angle (SPEC §6): data, fit and residual
 * side by side on t1/t2 axes in seconds, origin bottom-left. Data and fit share one viridis scale
 * from the 1st–99th percentiles of the data's cells, so they can be compared by eye; the residual
 * has its own symmetric blue–white–red scale, ±99th percentile of |residual|, so white is a perfect
 * fit and structure stands out whatever its size. The title names q and the angle; the subtitle
 * gives the fitted parameters with 1σ and their units, a parameter at a bound marked and its σ
 * printed as "—".
 *
 * <p>Pixels: a {@link HeatmapGrid} of integer factors, cells of b×b frames (block means) drawn as
 * k×k pixels, never resampled, so that noise looks like noise (no beat pattern between frames and
 * pixels).
 *
 * <p>Streaming and speed: each angle's matrices are read in row blocks and reduced on the fly to
 * the cell images; memory per angle is three cell images plus two row blocks, never an N×N matrix.
 * Angles are rendered in parallel ({@link OutputContext#threads()}), each figure on one thread from
 * its own data, so the files do not depend on the thread count; figures after the first reuse its
 * measured layout ({@link FigureLayout.Plan}).
 */
public final class C2HeatmapWriter implements ResultOutput {
    /** Target side of each panel's data area in the PNG, in pixels. */
    static final int PANEL_SIDE = 520;
    private static final int TITLE_CHARS = 150;
    /** Largest heap share the parallel figures may take; beyond it fewer run at once. */
    private static final double HEAP_SHARE = 0.25;

    static {
        FigureStyle.ensureHeadless();
    }

    /**
     * Heap one figure of an n-frame matrix needs (two row blocks, three cell averagers with their
     * images, the rasters and the composed figure): how many figures run at once depends on it,
     * and the fit checks it against the heap before it starts, so that a run does not end in an
     * OutOfMemoryError after hours of fitting.
     */
    public static long heapBytes(int n) {
        HeatmapGrid grid = HeatmapGrid.of(n, PANEL_SIDE);
        long cells = (long) grid.cells() * grid.cells();
        long figure = 4L * (3L * grid.side() * grid.side() + 3L * (grid.side() + 200) * (grid.side() + 260));
        return 2L * 4 * RowBlocks.rowsPerBlock(n) * n + 3 * 12 * cells + 3 * 4 * cells + 2 * figure;
    }

    /**
     * The heatmaps are drawn after the fit, when its data is released: checked against the whole
     * heap before the fit starts, so that a long fit does not end in an OutOfMemoryError.
     *
     * @throws InvalidSettingException (output.save_plots) when the heap is too small for n frames
     */
    public static void requireHeap(int n) {
        long needed = heapBytes(n);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > 0.8 * heap) {
            throw new InvalidSettingException("output.save_plots", String.format(Locale.ROOT, "the heatmaps of %d "
                    + "frames need about %.0f MB of heap, the Java heap is %.0f MB: give Java more heap "
                    + "(JAVA_OPTS=-Xmx...), or set output.save_plots: false (and draw them later elsewhere)", n,
                    needed / 1048576.0, heap / 1048576.0));
        }
    }

    /** {@code c2_heatmaps_phi_-45.0deg.png} for φ = −45°. */
    public static String fileName(double phiDegrees) {
        return fileName(phiDegrees, FigureFormat.DEFAULT);
    }

    static String fileName(double phiDegrees, FigureFormat format) {
        return format.file(stem(phiDegrees));
    }

    private static String stem(double phiDegrees) {
        return "c2_heatmaps_phi_" + TitleText.fileAngle(phiDegrees) + "deg";
    }

    @Override
    public String name() {
        return "c2 heatmaps";
    }

    @Override
    public String describe(OutputContext context) {
        int k = context.angles().length;
        return k + " heatmap" + (k == 1 ? "" : "s") + " (c2_heatmaps_phi_*deg." + context.format().kind().extension()
                + ")";
    }

    /**
     * Writes one PNG per angle into {@code dir} (created if needed), each replaced atomically.
     *
     * @param annotation what the titles say about the fit; null for a title with φ and the scaling only
     * @return the files written, in angle order
     */
    public static List<Path> write(Path dir, ExperimentalRows data, PreparedModel model, AngleScaling scaling,
                                   FitAnnotation annotation) throws IOException {
        return new C2HeatmapWriter().write(OutputContext.of(dir, data, model, scaling, annotation));
    }

    /** The layout of this run's figures, measured once (by {@link #prepare} or the first write). */
    private Prepared<FigureLayout.Plan> plan;

    private synchronized Prepared<FigureLayout.Plan> plan(OutputContext context) {
        if (plan == null) {
            HeatmapGrid grid = HeatmapGrid.of(context.data().size(), PANEL_SIDE);
            TimeExtent extent = TimeExtent.of(context.data().times());
            plan = new Prepared<>(() -> prototypePlan(grid, extent));
        }
        return plan;
    }

    @Override
    public void prepare(OutputContext context) {
        plan(context).run();
    }

    @Override
    public List<Path> write(OutputContext context) throws IOException {
        ExperimentalRows data = context.data();
        int n = data.size();
        HeatmapGrid grid = HeatmapGrid.of(n, PANEL_SIDE);
        TimeExtent extent = TimeExtent.of(data.times());
        FigureLayout.Plan plan = plan(context).get("laying out the heatmaps");
        int[] angles = context.angles();
        Path[] files = new Path[angles.length];
        int workers = Math.max(1, Math.min(Math.min(context.threads(), affordable(n)), angles.length));
        // threads left over when there are fewer angles than threads evaluate the surface rows:
        // each figure worker has its own pool of them, kept for all its figures
        int inner = Math.max(1, context.threads() / workers);
        BlockingQueue<Scratch> scratch = new ArrayBlockingQueue<>(workers);
        try {
            for (int t = 0; t < workers; t++) {
                scratch.add(new Scratch(grid, Parallel.start(inner)));
            }
            Parallel.forEach(angles.length, workers, k -> {
                Scratch s = scratch.remove();
                try {
                    files[k] = writeAngle(context, angles[k], grid, extent, plan, s.rowThreads, s);
                } finally {
                    scratch.add(s);
                }
            });
        } finally {
            scratch.forEach(s -> s.rowThreads.close());
        }
        return Arrays.asList(files);
    }

    /**
     * What one figure needs, reused by the next on the same thread: ~30 MB per figure at 658
     * frames, which, allocated afresh, outgrew the launcher's 32 MB young generation every figure
     * and was copied into the old one (seconds of GC for 23 figures).
     */
    private static final class Scratch {
        final float[] rows;
        final float[] fit;
        final BlockAverager[] averagers;
        final float[][] cells;
        final float[] work;
        final BufferedImage[] rasters = new BufferedImage[3];
        final FigureFile.Canvas canvas = new FigureFile.Canvas();
        /** Threads for the surface rows of this worker's figures. */
        final Parallel rowThreads;

        Scratch(HeatmapGrid grid, Parallel rowThreads) {
            this.rowThreads = rowThreads;
            int n = grid.frames();
            int block = RowBlocks.rowsPerBlock(n);
            rows = new float[block * n];
            fit = new float[block * n];
            averagers = new BlockAverager[] {new BlockAverager(grid), new BlockAverager(grid), new BlockAverager(grid)};
            int m2 = grid.cells() * grid.cells();
            cells = new float[][] {new float[m2], new float[m2], new float[m2]};
            work = new float[m2];
        }
    }

    /** How many figures fit in a quarter of the heap at once (at least one). */
    private static int affordable(int n) {
        long perFigure = heapBytes(n);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (HEAP_SHARE * Runtime.getRuntime().maxMemory())
                / perFigure));
    }

    /** The three cell images of one angle: data, fit, data − fit. */
    record Cells(float[] data, float[] fit, float[] residual) {
    }

    /** Streams angle {@code a}'s matrices in row blocks into the grid's cell images. */
    static Cells cells(OutputContext context, int a, HeatmapGrid grid) throws IOException {
        try (Parallel serial = Parallel.start(1)) {
            return cells(context, a, grid, serial, new Scratch(grid, serial));
        }
    }

    private static Cells cells(OutputContext context, int a, HeatmapGrid grid, Parallel rowThreads, Scratch scratch)
            throws IOException {
        int n = grid.frames();
        int block = RowBlocks.rowsPerBlock(n);
        float[] rows = scratch.rows;
        float[] fit = scratch.fit;
        BlockAverager dataImage = scratch.averagers[0];
        BlockAverager fitImage = scratch.averagers[1];
        BlockAverager residualImage = scratch.averagers[2];
        for (BlockAverager b : scratch.averagers) {
            b.reset();
        }
        FitSurface surface = context.surface();
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            int len = (r1 - r0) * n;
            context.data().readRows(a, r0, r1, rows);
            FittedDataWriter.surfaceRows(surface, a, r0, r1, fit, rowThreads);
            dataImage.add(r0, r1, rows);
            fitImage.add(r0, r1, fit);
            for (int k = 0; k < len; k++) {
                rows[k] -= fit[k];
            }
            residualImage.add(r0, r1, rows);
        }
        return new Cells(dataImage.image(scratch.cells[0]), fitImage.image(scratch.cells[1]),
                residualImage.image(scratch.cells[2]));
    }

    private static Path writeAngle(OutputContext context, int a, HeatmapGrid grid, TimeExtent extent,
                                   FigureLayout.Plan plan, Parallel rowThreads, Scratch scratch) throws IOException {
        Cells c = cells(context, a, grid, rowThreads, scratch);
        // colour ranges from the cells as drawn, so the scale fits what the reader sees
        double[] range = Percentiles.of(c.data(), false, scratch.work, 1, 99);
        ColorScale c2Scale = new ColorScale(ColorMap.VIRIDIS, range[0], range[1]);
        ColorScale residualScale = ColorScale.symmetric(ColorMap.RDBU_R,
                Percentiles.of(c.residual(), true, scratch.work, 99)[0]);
        BufferedImage[] r = scratch.rasters;
        int m = grid.cells();
        int k = grid.pixelsPerCell();
        r[0] = Raster.colour(c.data(), m, k, c2Scale, r[0]);
        r[1] = Raster.colour(c.fit(), m, k, c2Scale, r[1]);
        r[2] = Raster.colour(c.residual(), m, k, residualScale, r[2]);
        List<JFreeChart> panels = panels(grid, extent, c2Scale, residualScale, r[0], r[1], r[2]);
        double phi = context.data().phiDegrees()[a];
        String title = title(context.data().q(), phi) + downsampleNote(grid);
        FigureFile.Drawing figure = FigureLayout.figure(plan, title,
                subtitle(a, context.surface().scaling(), context.annotation()), panels, grid.side());
        return FigureFile.write(context.dir(), stem(phi), figure, context.format(), scratch.canvas);
    }

    private static List<JFreeChart> panels(HeatmapGrid grid, TimeExtent extent, ColorScale c2Scale,
                                           ColorScale residualScale, BufferedImage data, BufferedImage fit,
                                           BufferedImage residual) {
        double lo = extent.min();
        double hi = extent.max();
        return List.of(
                HeatmapPanel.create("data", data, lo, hi, c2Scale, "c\u2082"),
                HeatmapPanel.create("fit", fit, lo, hi, c2Scale, "c\u2082"),
                HeatmapPanel.create("residual", residual, lo, hi, residualScale, "data \u2212 fit"));
    }

    /** Sizes measured on panels like every angle's (same axes, typical colour-bar labels). */
    private static FigureLayout.Plan prototypePlan(HeatmapGrid grid, TimeExtent extent) {
        BufferedImage blank = new BufferedImage(grid.side(), grid.side(), BufferedImage.TYPE_INT_RGB);
        ColorScale c2 = new ColorScale(ColorMap.VIRIDIS, 1.0, 1.3);
        ColorScale residual = ColorScale.symmetric(ColorMap.RDBU_R, 0.03);
        return FigureLayout.Plan.of(panels(grid, extent, c2, residual, blank, blank, blank), grid.side());
    }

    private static String downsampleNote(HeatmapGrid grid) {
        int n = grid.frames();
        int b = grid.block();
        return grid.averaged() ? "   (" + n + "\u00d7" + n + " frames shown as means of " + b + "\u00d7" + b
                + " frames)" : "";
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
