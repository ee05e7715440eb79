package org.homodyne.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DataSelection;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.TwoTimeData;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.homodyne.output.FigureFormat;
import org.homodyne.output.FitSurface;
import org.homodyne.output.OutputContext;
import org.homodyne.output.OutputReport;
import org.homodyne.output.ResultOutputs;
import org.homodyne.output.RunInputs;
import org.homodyne.output.SavedFit;
import org.homodyne.stream.BatchChecksums;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code homodyne plot}: redraws every figure of a finished fit (the per-angle heatmaps and
 * convergence.png) from its saved results (parameters.json, convergence_metrics.json) and its
 * data, reopened as nlsq/run_inputs.json records it; nothing is fitted again. With the defaults
 * the PNGs are byte for byte the fit's own.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Redraw the figures of a finished fit (PNG, PDF or SVG) without fitting again.",
        description = {"The heatmaps per angle and the convergence plot, from DIR/nlsq/ and the",
            "data: e.g. as PDF or SVG for a paper, at another resolution, or for some",
            "angles only.",
            "",
            "  homodyne plot --output-dir results --format pdf --angles 0,45"})
public final class PlotCommand implements Callable<Integer> {
    @Mixin
    OutputDirOption output;

    @Option(names = "--angles", paramLabel = "DEG", split = ",",
            description = "Heatmaps for these angles only (degrees, as fitted; default: all).")
    List<Double> angles;

    @Option(names = "--format", paramLabel = "png|pdf|svg", defaultValue = "png",
            description = "File format (default: ${DEFAULT-VALUE}). PDF and SVG are vector figures.")
    String format;

    @Option(names = "--dpi", paramLabel = "N", defaultValue = "100",
            description = "PNG resolution; the layout is the same, scaled (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--data-file", paramLabel = "PATH",
            description = "The data file, if it moved since the fit (its data must be the same: checked).")
    Path dataFile;

    @Option(names = "--figures-dir", paramLabel = "DIR",
            description = "Write the figures here instead of DIR/nlsq/ (created if needed).")
    Path figuresDir;

    @Override
    public Integer call() throws IOException {
        FigureFormat.Kind kind = FigureFormat.Kind.fromName(format);
        if (kind == null) {
            throw new BadInputException("--format " + format + ": allowed are png, pdf, svg");
        }
        if (dpi < 10 || dpi > 2400) {
            throw new BadInputException("--dpi " + dpi + ": must be between 10 and 2400");
        }
        Path nlsq = output.dir.resolve("nlsq");
        RunInputs inputs = RunInputs.read(nlsq.resolve(RunInputs.FILE_NAME));
        SavedFit fit = SavedFit.read(nlsq);
        AnalysisMode mode = AnalysisMode.fromName(inputs.analysisMode());
        ShearConvention convention = ShearConvention.fromName(inputs.shearConvention());
        if (mode == null || convention == null || mode != fit.mode()) {
            throw new BadInputException(nlsq + ": run_inputs.json and parameters.json disagree on the model ("
                    + inputs.analysisMode() + ", " + inputs.shearConvention() + " vs " + fit.mode().configName() + ")");
        }
        Path dir = figuresDir != null ? figuresDir : nlsq;
        Files.createDirectories(dir);
        DataSelection selection = inputs.selection();
        if (dataFile != null) {
            selection = selection.withFile(dataFile);
        }
        try (TwoTimeData data = TwoTimeData.open(selection)) {
            DatasetInfo info = data.info();
            if (!info.fingerprint().equals(inputs.fingerprint())) {
                throw new BadInputException(info.file() + ": the data differ from those the fit used (fingerprint "
                        + info.fingerprint() + ", fit: " + inputs.fingerprint() + "); figures would not match the "
                        + "saved parameters: use the fit's data (--data-file PATH if it moved) or fit again");
            }
            double[] phi = info.phiDegrees();
            if (!Arrays.equals(phi, fit.phiDegrees())) {
                throw new BadInputException(nlsq + ": parameters.json has angles " + Arrays.toString(fit.phiDegrees())
                        + ", the data " + Arrays.toString(phi));
            }
            double dt = inputs.selection().dt();
            ModelSpec spec = new ModelSpec(mode, convention, dt, info.q(), inputs.gapL(),
                    ModelSpec.fitGrid(dt, data.size()), phi);
            DataSourceAdapter rows = new DataSourceAdapter(data, spec.times());
            requireSameValues(rows, info, inputs);
            OutputContext context = new OutputContext(dir, rows,
                    new FitSurface(PreparedModel.prepare(spec, fit.physical()), fit.scaling()), fit.annotation(),
                    fit.convergence(), null, new FigureFormat(kind, dpi), angleIndices(phi),
                    Runtime.getRuntime().availableProcessors());
            OutputReport report = ResultOutputs.writeAll(ResultOutputs.figures(), context, Terminal.stages(System.err));
            return report.failed() ? ExitCodes.FIT_FAILED : ExitCodes.OK;
        }
    }

    /**
     * The values, batch by batch, against the CRC32C the fit recorded (the fingerprint covers the
     * selection only): one read of the data, so that figures never set the fit beside other data.
     */
    private static void requireSameValues(DataSourceAdapter rows, DatasetInfo info, RunInputs inputs)
            throws IOException {
        if (inputs.batchPoints() <= 0 || inputs.batchCrc32c().length == 0) {
            return; // a run_inputs.json written before the checksums: the fingerprint is all there is
        }
        List<Batch> plan = BatchPlan.plan(info.size(), info.angleCount(), inputs.batchPoints()).batches();
        int k = BatchChecksums.firstMismatch(rows, plan, inputs.batchCrc32c());
        if (k >= 0) {
            Batch b = plan.get(k);
            throw new BadInputException(info.file() + ": the data differ from those the fit used (batch " + b.id()
                    + ", rows " + b.rowStart() + "-" + (b.rowEnd() - 1) + ", reads differently than when the fit "
                    + "read it); figures would not match the saved parameters: use the fit's data (--data-file PATH "
                    + "if it moved) or fit again");
        }
    }

    /** Indices of the --angles within the data's angles (each within 0.05°), ascending; all when not given. */
    private int[] angleIndices(double[] phi) {
        if (angles == null || angles.isEmpty()) {
            int[] all = new int[phi.length];
            Arrays.setAll(all, k -> k);
            return all;
        }
        List<Integer> found = new ArrayList<>();
        for (double want : angles) {
            int best = -1;
            for (int k = 0; k < phi.length; k++) {
                if (Math.abs(phi[k] - want) <= 0.05 && (best < 0 || Math.abs(phi[k] - want) < Math.abs(phi[best] - want))) {
                    best = k;
                }
            }
            if (best < 0) {
                throw new BadInputException(String.format(Locale.ROOT, "--angles %s: not a fitted angle; the fit has %s",
                        want, Arrays.toString(phi)));
            }
            if (!found.contains(best)) {
                found.add(best);
            }
        }
        return found.stream().sorted().mapToInt(Integer::intValue).toArray();
    }
}
