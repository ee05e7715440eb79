package org.homodyne.config;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.ParameterNames;

/**
 * The resolved settings of a config as readable lines (ASCII only, so they print the same on
 * any terminal): what {@code homodyne config --validate} prints and what a fit logs at start.
 */
public final class ConfigSummary {
    private ConfigSummary() {
    }

    public static List<String> lines(HomodyneConfig c) {
        List<String> out = new ArrayList<>();
        AnalysisMode mode = c.mode();
        out.add(row("config file", c.sourceFile() == null ? "(not from a file)" : c.sourceFile().toString()));
        out.add(row("analysis mode", mode.configName() + " (" + mode.physicalCount() + " physical parameters)"));
        out.add(row("data file", c.data().filePath() == null ? "(none)"
                : c.data().filePath() + (Files.isRegularFile(c.data().filePath()) ? "" : " (missing)")));
        DataConfig.Generic g = c.data().generic();
        out.add(row("data layout", g == null ? "auto (APS-U or APS-old)" : "generic: matrices "
                + (g.matricesPath() == null ? "(the .npy matrix)" : g.matricesPath()) + ", q "
                + (g.qPath() != null ? g.qPath() : Numbers.format(g.q()) + " 1/Angstrom") + ", phi "
                + (g.phiPath() != null ? g.phiPath() : Numbers.format(g.phi()) + " deg")
                + (g.binMapPath() == null ? "" : ", bin map " + g.binMapPath())));

        AnalyzerConfig a = c.analyzer();
        out.add(row("dt", Numbers.format(a.dt()) + " s"));
        out.add(row("frames", a.startFrame() + " .. " + (a.toLastFrame() ? "last" : Integer.toString(a.endFrame()))));
        out.add(row("q", Numbers.format(a.wavevectorQ()) + " 1/Angstrom"));
        out.add(row("gap L", Numbers.format(a.gapL()) + " Angstrom"));
        if (mode.has(ModelTerm.SHEAR)) {
            out.add(row("shear convention", c.convention().configName()));
        }
        PhiFilterConfig phi = c.phiFilter();
        String unusedRanges = phi.targetRanges().isEmpty() ? "" : "; target_ranges not used";
        out.add(row("phi filter", !phi.enabled() ? "off (all angles" + unusedRanges + ")"
                : phi.targetRanges().isEmpty() ? "on, no ranges (all angles)"
                : "keep angles in any of " + joinRanges(phi.targetRanges()) + " deg"));

        out.add("parameters:");
        double[] start = c.physicalStartValues();
        boolean midpoints = c.initial().values() == null;
        for (int i = 0; i < start.length; i++) {
            String name = mode.physicalNames().get(i);
            out.add(parameterRow(name, Numbers.format(start[i]) + (midpoints ? " (midpoint)" : ""), c.boundsOf(name)));
        }
        out.add(parameterRow(ParameterNames.CONTRAST, scaling(c.initial().contrast()),
                c.boundsOf(ParameterNames.CONTRAST)));
        out.add(parameterRow(ParameterNames.OFFSET, scaling(c.initial().offset()), c.boundsOf(ParameterNames.OFFSET)));

        OptimizationConfig o = c.optimization();
        out.add(row("optimization", o.method() + ", max_iterations " + o.maxIterations() + ", ftol "
                + Numbers.format(o.ftol()) + ", xtol " + Numbers.format(o.xtol()) + ", gtol " + Numbers.format(o.gtol())
                + ", per_angle_mode " + o.perAngleMode().configName()));

        out.add(row("sigma", o.sigma().auto() ? "auto (estimated from the data, per angle)"
                : Numbers.format(o.sigma().value()) + (o.sigmaIsDefault() ? " (homodyne's fixed default)" : "")));
        if (o.perAngleMode() == org.homodyne.fit.PerAngleMode.FOURIER) {
            out.add(row("fourier order", Integer.toString(o.fourierOrder())));
        }
        org.homodyne.stream.GlobalSettings global = org.homodyne.stream.GlobalSettings.resolve(o.multiStart(),
                o.cmaes(), mode, c.initial().values() != null);
        out.add(row("global start", global.method().id() + " (" + global.reason() + ")"));
        var q = o.quality();
        out.add(row("quality checks", !q.enable() ? "off (logged, not warned)"
                : "reduced chi2 above " + Numbers.format(q.reducedChi2Threshold()) + ", bounds tolerance "
                + Numbers.format(q.boundsTolerance()) + ", bounds hits " + onOff(q.warnOnBoundsHit())
                + ", max_iterations " + onOff(q.warnOnMaxIterations())));

        StreamingConfig s = c.streaming();
        out.add(row("checkpoints", !s.enableCheckpoints() ? "off"
                : "every " + s.checkpointFrequency() + " batches in " + s.checkpointDir() + " (under the output folder"
                + " if relative), keep " + s.keepLastCheckpoints() + ", resume " + onOff(s.resumeFromCheckpoint())));
        out.add(row("fault tolerance", !s.enableFaultTolerance() ? "off"
                : s.maxRetriesPerBatch() + " retries per batch, min success rate " + Numbers.format(s.minSuccessRate())));
        out.add(row("batches", "size " + (s.batchSize() == null ? "auto" : s.batchSize() + " points") + ", progress "
                + onOff(s.enableProgress()) + ", batch statistics " + onOff(s.saveBatchStatistics())));

        PerformanceConfig p = c.performance();
        out.add(row("performance", "strategy " + (p.strategyOverride() == null ? "auto" : p.strategyOverride().configName())
                + ", memory limit " + (p.memoryLimitGb() == null ? "auto" : Numbers.format(p.memoryLimitGb()) + " GB")
                + ", device " + p.device().configName() + " (gpu " + p.gpuId() + "), cpu threads "
                + (p.cpuThreads() == null ? "auto" : p.cpuThreads().toString())));
        out.add(row("output", "fitted data " + onOff(c.output().saveFittedData()) + ", plots "
                + onOff(c.output().savePlots())));
        return out;
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-17s %s", label + ":", value);
    }

    /** "  D0   start 1000   bounds [100, 100000]  Angstrom^2/s^(1+alpha)" (the unit in ASCII, from the table). */
    private static String parameterRow(String name, String start, Bounds b) {
        String unit = ParameterNames.find(name).map(p -> p.asciiUnit()).orElse("");
        String bounds = "[" + Numbers.format(b.min()) + ", " + Numbers.format(b.max()) + "]";
        return String.format(Locale.ROOT, "  %-19s start %-22s bounds %-18s %s", name, start, bounds, unit)
                .stripTrailing();
    }

    private static String scaling(double[] values) {
        if (values == null) {
            return "from data";
        }
        return values.length == 1 ? Numbers.format(values[0]) : InitialParameters.show(values);
    }

    private static String joinRanges(List<AngleRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (AngleRange r : ranges) {
            parts.add(r.toString());
        }
        return String.join(", ", parts);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
