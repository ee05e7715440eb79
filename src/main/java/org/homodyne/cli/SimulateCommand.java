package org.homodyne.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.homodyne.BadInputException;
import org.homodyne.InvalidSettingException;
import org.homodyne.data.SimulationSpec;
import org.homodyne.data.SyntheticDataWriter;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne simulate}: writes a synthetic APS-U two-time file from model parameters, angle by
 * angle (memory: one angle), so that any size can be made for tests, demos and benchmarks.
 */
@Command(name = "simulate", sortOptions = false,
        header = "Write a synthetic two-time correlation file (APS-U HDF5) from model parameters.",
        description = {
            "Each angle gets one (F, F) float32 matrix stored as an upper-triangle",
            "half (lower part 0, diagonal = full value), as the fitter reads APS-U",
            "data. Frame k is at t = k*dt; values are offset + contrast*g1^2 of the",
            "model plus Gaussian noise N(0, SD) seeded per angle, so the same",
            "arguments give the same file. Memory: one angle. The file is written",
            "under a temporary name and renamed, so an interrupted run leaves",
            "nothing under FILE.",
            "",
            "Example:",
            "  homodyne simulate --output sim.h5 --mode static \\",
            "    --params D0=1e4,alpha=-0.5,D_offset=10 \\",
            "    --phi 0,45,90 --frames 200 --dt 0.1 --q 0.0054 --noise 0.01",
            "",
            "Several q-bins (for campaigns): --q 0.004,0.0054,0.007 writes one set",
            "of angle matrices per q, bins numbered q-major as in APS-U files.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:file written", "2:bad arguments, or FILE exists (use --force)"})
public final class SimulateCommand implements Callable<Integer>, ModelHelp.Generated {

    @Spec
    private CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "HDF5 file to write.")
    private Path output;

    @Option(names = "--mode", required = true, paramLabel = "MODE", completionCandidates = ModelHelp.ModeNames.class,
            description = "Model: ${COMPLETION-CANDIDATES}.")
    private String mode;

    @Option(names = "--params", required = true, paramLabel = "NAME=VALUE,...",
            description = "Physical parameters: every one of the mode's, once (names, units and aliases below).")
    private String params;

    @Option(names = "--phi", required = true, split = ",", paramLabel = "DEG",
            description = "Angles in degrees, comma separated; one matrix each.")
    private List<Double> phi;

    @Option(names = "--frames", required = true, paramLabel = "N", description = "Frames F per matrix (>= 3).")
    private int frames;

    @Option(names = "--dt", required = true, paramLabel = "S", description = "Frame time in s.")
    private double dt;

    @Option(names = "--q", required = true, split = ",", paramLabel = "Q",
            description = {"Wavevector q in 1/Angstrom; several, comma separated, write one",
                "q-bin each (same parameters, its own q in the model)."})
    private List<Double> q;

    @Option(names = "--gap", paramLabel = "L", defaultValue = "2e6",
            description = "Stator-rotor gap L in Angstrom (default: ${DEFAULT-VALUE}).")
    private double gap;

    @Option(names = "--contrast", split = ",", paramLabel = "C", defaultValue = "0.3",
            description = "Contrast: one value, or one per angle (default: ${DEFAULT-VALUE}).")
    private List<Double> contrast;

    @Option(names = "--offset", split = ",", paramLabel = "O", defaultValue = "1.0",
            description = "Offset (baseline): one value, or one per angle (default: ${DEFAULT-VALUE}).")
    private List<Double> offset;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "0",
            description = "Standard deviation of the added Gaussian noise (default: ${DEFAULT-VALUE}).")
    private double noise;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--shear-convention", paramLabel = "NAME", defaultValue = "homodyne",
            description = "homodyne (sinc^2, homodyne v2 parity) or physical (default: ${DEFAULT-VALUE}).")
    private String convention;

    @Option(names = "--chunked",
            description = "Write chunked (128x128) deflate-compressed matrices instead of contiguous ones.")
    private boolean chunked;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    private boolean force;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** The parameters of every mode, with units, from the analysis modes' table. */
    @Override
    public void completeHelp(CommandSpec commandSpec) {
        List<String> footer = new ArrayList<>();
        footer.add("");
        footer.add("Parameters of --params, per mode:");
        footer.addAll(ModelHelp.parameterLines());
        commandSpec.usageMessage().footer(footer.toArray(new String[0]));
    }

    /** Standalone entry point (Main registers this command as a subcommand). */
    public static void main(String[] args) {
        System.exit(Main.commandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SimulationSpec sim = toSpec();
        try {
            SyntheticDataWriter.write(sim, output, force);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException("--output: " + output + " exists; use --force to overwrite it");
        } catch (InvalidSettingException e) {
            throw OptionNames.explain(e, OPTIONS);
        }
        spec.commandLine().getOut().println("wrote " + output + " (" + (sim.qCount() > 1 ? sim.qCount() + " q-bins x "
                : "") + sim.angleCount() + " angles, " + frames + "x" + frames + " frames" + (chunked ? ", chunked" : "")
                + ")");
        return ExitCodes.OK;
    }

    /** SimulationSpec's settings and the options that give them. */
    private static final Map<String, String> OPTIONS = Map.of("physical", "--params", "phiDegrees", "--phi",
            "frames", "--frames", "dt", "--dt", "q", "--q", "gapL", "--gap", "contrast", "--contrast",
            "offset", "--offset", "noiseSd", "--noise", "output", "--output");

    /** The validated simulation described by the options. */
    SimulationSpec toSpec() {
        try {
            return validatedSpec();
        } catch (InvalidSettingException e) {
            throw OptionNames.explain(e, OPTIONS);
        }
    }

    private SimulationSpec validatedSpec() {
        AnalysisMode m = AnalysisMode.fromName(mode);
        if (m == null) {
            throw new BadInputException("--mode: unknown mode '" + mode + "' (allowed: " + AnalysisMode.ALLOWED + ")");
        }
        ShearConvention c = ShearConvention.fromName(convention);
        if (c == null) {
            throw new BadInputException("--shear-convention: unknown convention '" + convention + "' (allowed: "
                    + ShearConvention.ALLOWED + ")");
        }
        double[] physical = SimulationSpec.parsePhysical(m, params);
        double[] angles = phi.stream().mapToDouble(Double::doubleValue).toArray();
        double[] qs = q.stream().mapToDouble(Double::doubleValue).toArray();
        return new SimulationSpec(m, c, physical, angles, frames, dt, qs, gap,
                SimulationSpec.perAngle("contrast", contrast, angles.length),
                SimulationSpec.perAngle("offset", offset, angles.length), noise, seed, chunked);
    }
}
