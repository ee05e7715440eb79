package org.homodyne.output;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.homodyne.Explained;
import org.homodyne.config.OutputConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of a fit as a list, chosen from {@code output.*} of the configuration, and the loop
 * that writes them: what is being written while it is ({@link StageStatus}), one log line per
 * output with its time when it is done ("writing 23 heatmaps… 0.41 s"), a failure of one logged
 * and the rest written anyway, and a summary line at the end.
 *
 * <p>A new output: a class implementing {@link ResultOutput} and one line in {@link #FIT}.
 */
public final class ResultOutputs {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    /** One output of the fit: the key that switches it (null = always written), when, and the writer. */
    private record Entry(String key, Predicate<OutputConfig> enabled, Supplier<ResultOutput> output) {
    }

    /** The fit's outputs in writing order (the JSON result files are written before these, by ResultJson). */
    private static final List<Entry> FIT = List.of(
            new Entry(null, c -> true, RunInputsWriter::new),
            new Entry("output.save_fitted_data", OutputConfig::saveFittedData, FittedDataWriter::new),
            new Entry("output.save_plots", OutputConfig::savePlots, C2HeatmapWriter::new),
            new Entry("output.save_plots", OutputConfig::savePlots, ConvergencePlot::new));

    private ResultOutputs() {
    }

    /** The outputs {@code config} asks for; logs each one it leaves out and why. */
    public static List<ResultOutput> forFit(OutputConfig config) {
        List<ResultOutput> list = new ArrayList<>();
        for (Entry e : FIT) {
            ResultOutput o = e.output().get();
            if (e.enabled().test(config)) {
                list.add(o);
            } else {
                LOG.info("{} is false: {} not written", e.key(), o.name());
            }
        }
        return list;
    }

    /** Every figure of a fit (what {@code homodyne plot} redraws). */
    public static List<ResultOutput> figures() {
        return List.of(new C2HeatmapWriter(), new ConvergencePlot());
    }

    /**
     * Writes every output in order. A failure (I/O error, a bug, memory) is logged with the output's
     * name and the loop goes on, so one output's failure never loses the others.
     */
    public static OutputReport writeAll(List<ResultOutput> outputs, OutputContext context) {
        return writeAll(outputs, context, StageStatus.LOG);
    }

    /** As {@link #writeAll(List, OutputContext)}, showing each stage while it runs through {@code status}. */
    public static OutputReport writeAll(List<ResultOutput> outputs, OutputContext context, StageStatus status) {
        Thread preparing = new Thread(() -> {
            for (ResultOutput o : outputs) {
                try {
                    o.prepare(context);
                } catch (RuntimeException | Error e) {
                    LOG.debug("preparing {} failed; it is done again while writing", o.name(), e);
                }
            }
        }, "homodyne-output-prepare");
        preparing.setDaemon(true);
        preparing.start();
        try {
            return writeEach(outputs, context, status);
        } finally {
            try {
                preparing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static OutputReport writeEach(List<ResultOutput> outputs, OutputContext context, StageStatus status) {
        List<OutputReport.Stage> stages = new ArrayList<>();
        for (ResultOutput o : outputs) {
            String what = o.describe(context);
            status.started(what);
            long t0 = System.nanoTime();
            double cpu0 = processCpuSeconds();
            try {
                List<Path> files;
                try {
                    files = o.write(context);
                } finally {
                    status.ended();
                }
                double s = (System.nanoTime() - t0) * 1e-9;
                double cpu = processCpuSeconds() - cpu0;
                LOG.info(String.format(Locale.ROOT, "writing %s… %.2f s", what, s)
                        + (cpu >= 0 ? String.format(Locale.ROOT, " (%.2f s CPU)", cpu) : ""));
                stages.add(new OutputReport.Stage(o.name(), files, s, null));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                double s = (System.nanoTime() - t0) * 1e-9;
                String why = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage()
                        + "); give Java more heap (JAVA_OPTS=-Xmx...) or set output.save_fitted_data / "
                        + "output.save_plots to false" : describe(e);
                LOG.error("writing {} failed after {} s: {}", what, String.format(Locale.ROOT, "%.2f", s), why);
                LOG.debug("stack trace", e);
                stages.add(new OutputReport.Stage(o.name(), List.of(), s, why));
            }
        }
        OutputReport report = new OutputReport(stages);
        if (report.failed()) {
            LOG.error(report.summary());
        } else {
            LOG.info(report.summary());
        }
        return report;
    }

    /** CPU time of the whole process (all threads, incl. JIT and GC), or NaN where the JVM does not tell. */
    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns >= 0 ? ns * 1e-9 : Double.NaN;
        }
        return Double.NaN;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof Explained) {
            return m; // names the file, the free space and the fix (WriteFailedException)
        }
        return e instanceof IOException && m != null ? e.getClass().getSimpleName() + ": " + m : String.valueOf(e);
    }
}
