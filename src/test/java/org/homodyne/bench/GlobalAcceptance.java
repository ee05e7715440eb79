package org.homodyne.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.homodyne.cli.Main;
import org.homodyne.config.ConfigTemplate;
import org.homodyne.model.AnalysisMode;

/**
 * The acceptance set of issue 11: twelve synthetic laminar_flow datasets (8 angles −67.5…90°,
 * 500 frames, noise 0.004–0.012, truths across the default bounds: D0 1.5e2…8e4 (inside [1e2, 1e5]: a truth
 * on a bound ends there in half the realisations, where no uncertainty exists), α −1.5…0.5,
 * γ̇0 1e-4…1e-2, β −1…0.5, φ0 ≠ 0), each fitted from the config template's defaults
 * ({@code values: null}: the global phase runs) and, for reference, from a start within ±10% of
 * the truth (start values given: no global phase). Both in one warm JVM through the command line
 * (plots and fitted_data.npz off in both: the same output work would only dilute the ratio).
 *
 * <pre>scripts/bench.sh global [REPEATS]</pre>
 * writes bench-output/global-acceptance.md; {@code GlobalAcceptanceTest} (-Plarge) asserts on it.
 */
public final class GlobalAcceptance {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String[] NAMES = AnalysisMode.LAMINAR_FLOW.physicalNames().toArray(new String[0]);
    /** D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0. */
    public static final double[][] TRUTHS = {
        {1.5e2, 0.5, 1, 1e-4, 0.5, 0, 3},
        {3e2, 0.3, 5, 3e-4, -0.5, 0, -4},
        {1e3, -0.5, 10, 1e-3, 0.2, 1e-5, 5},
        {3e3, -1.0, 0, 3e-3, -1.0, 0, -2},
        {1e4, 0.2, -20, 1e-2, 0.3, 0, 7},
        {3e4, -1.5, 50, 5e-4, -0.3, 0, -6},
        {8e4, -1.2, 100, 2e-4, 0.2, 0, 2},
        {5e3, 0.4, 0, 5e-3, -0.7, 0, -8},
        {2e2, -0.3, 2, 2e-3, -0.2, 1e-5, 6},
        {2e4, -0.8, -50, 1.5e-4, 0.4, 0, -3},
        {6e4, -1.4, 200, 8e-3, -0.9, 0, 9},
        {8e2, 0.1, 0, 7e-4, -0.1, -1e-6, -5},
    };
    static final double[] NOISE = {0.004, 0.008, 0.012};
    public static final int FRAMES = 501;

    private GlobalAcceptance() {
    }

    /** One dataset's two fits. */
    public record Row(int index, double[] truth, double noise, int within3Sigma, int within3SigmaAbsolute,
                      double[] pulls, double reducedChi2, double referenceReducedChi2, double seconds,
                      double referenceSeconds, double passEquivalents, int referencePasses, int refinements,
                      long subsamplePoints) {
        public boolean recovered() {
            return within3Sigma == NAMES.length;
        }

        public double timeRatio() {
            return seconds / referenceSeconds;
        }

        public double passRatio() {
            return passEquivalents / referencePasses;
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-output/global-acceptance");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Row> rows = run(dir, repeats);
        String table = table(rows, repeats);
        System.out.println(table);
        Files.writeString(dir.resolveSibling("global-acceptance.md"), table);
    }

    /** Simulates, fits and measures every dataset ({@code repeats} timed runs each, best kept). */
    public static List<Row> run(Path dir, int repeats) throws IOException {
        Files.createDirectories(dir);
        // warm-up: one fit of each kind, so that the first dataset's timing does not include the JIT
        fitPair(dir, 0, 1, true);
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < TRUTHS.length; t++) {
            rows.add(fitPair(dir, t, repeats, false));
        }
        return rows;
    }

    private static Row fitPair(Path dir, int t, int repeats, boolean warmUp) throws IOException {
        double[] truth = TRUTHS[t];
        double noise = NOISE[t % NOISE.length];
        Path data = dir.resolve("truth" + t + ".h5");
        if (!Files.exists(data)) {
            StringBuilder params = new StringBuilder();
            for (int k = 0; k < NAMES.length; k++) {
                params.append(k == 0 ? "" : ",").append(NAMES[k]).append('=').append(truth[k]);
            }
            check(Main.execute("-q", "simulate", "--output", data.toString(), "--mode", "laminar_flow", "--params",
                    params.toString(), "--phi", "-67.5,-45,-22.5,0,22.5,45,67.5,90", "--frames",
                    Integer.toString(FRAMES), "--dt", "0.1", "--q", "0.0054", "--noise", Double.toString(noise),
                    "--contrast", Double.toString(0.15 + 0.01 * t), "--seed", Integer.toString(100 + t)), "simulate");
        }
        Path defaults = dir.resolve("defaults" + t + ".yaml");
        Files.writeString(defaults, template(data.getFileName().toString(), null));
        double[] near = truth.clone();
        for (int k = 0; k < near.length; k++) {
            near[k] *= k % 2 == 0 ? 1.1 : 0.9;
        }
        Path reference = dir.resolve("near" + t + ".yaml");
        Files.writeString(reference, template(data.getFileName().toString(), near));
        String tag = warmUp ? "warmup" : Integer.toString(t);
        double seconds = Double.POSITIVE_INFINITY;
        double refSeconds = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            seconds = Math.min(seconds, timedFit(defaults, dir.resolve("out-defaults-" + tag)));
            refSeconds = Math.min(refSeconds, timedFit(reference, dir.resolve("out-near-" + tag)));
        }
        JsonNode p = JSON.readTree(dir.resolve("out-defaults-" + tag + "/nlsq/parameters.json").toFile());
        JsonNode m = JSON.readTree(dir.resolve("out-defaults-" + tag + "/nlsq/convergence_metrics.json").toFile());
        JsonNode pr = JSON.readTree(dir.resolve("out-near-" + tag + "/nlsq/parameters.json").toFile());
        JsonNode mr = JSON.readTree(dir.resolve("out-near-" + tag + "/nlsq/convergence_metrics.json").toFile());
        int within = 0;
        int withinAbs = 0;
        double[] pulls = new double[NAMES.length];
        for (int k = 0; k < NAMES.length; k++) {
            JsonNode v = p.get("parameters").get(NAMES[k]);
            double value = v.get("value").asDouble();
            double scaled = v.get("uncertainty_scaled").asDouble(Double.NaN);
            double abs = v.get("uncertainty").asDouble(Double.NaN);
            pulls[k] = (value - truth[k]) / scaled;
            within += Math.abs(value - truth[k]) <= 3 * scaled ? 1 : 0;
            withinAbs += Math.abs(value - truth[k]) <= 3 * abs ? 1 : 0;
        }
        JsonNode g = m.get("global_optimization");
        return new Row(t, truth, noise, within, withinAbs, pulls, p.get("reduced_chi_squared").asDouble(),
                pr.get("reduced_chi_squared").asDouble(), seconds, refSeconds,
                g.get("phases").get("full_pass_equivalents").asDouble(), mr.get("passes").asInt(),
                g.get("refinements").size(), g.get("subsample").get("points").asLong());
    }

    /** The template of {@code homodyne config --mode laminar_flow}, quiet, without plots; start values or null. */
    static String template(String file, double[] values) {
        String y = ConfigTemplate.render(AnalysisMode.LAMINAR_FLOW)
                .replace(ConfigTemplate.PLACEHOLDER_DATA_FILE, file)
                .replace("enable_progress: true", "enable_progress: false")
                .replace("save_plots: true", "save_plots: false")
                .replace("save_fitted_data: true", "save_fitted_data: false");
        if (values != null) {
            StringBuilder v = new StringBuilder("values: [");
            for (int k = 0; k < values.length; k++) {
                v.append(k == 0 ? "" : ", ").append(values[k]);
            }
            y = y.replace("values: null", v.append(']').toString());
        }
        return y;
    }

    private static double timedFit(Path config, Path out) {
        long t0 = System.nanoTime();
        check(Main.execute("-q", "--config", config.toString(), "--output-dir", out.toString(), "--no-resume"),
                "fit " + config);
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void check(int code, String what) {
        if (code != 0) {
            throw new IllegalStateException(what + " exited with " + code);
        }
    }

    /** The markdown table of docs/VALIDATION.md, with totals. */
    public static String table(List<Row> rows, int repeats) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d datasets, %d frames, 8 angles; fits from the template's defaults vs from"
                + " +-10%% of the truth; wall time best of %d, %s, %d cores, load %s%n%n", rows.size(), FRAMES, repeats,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), load()));
        s.append("| # | D0 | alpha | gamma_dot_t0 | beta | phi0 | noise | within 3σ (scaled / σ used) | χ²_red (ref) |"
                + " refinements | full-pass equiv. (ref passes) | wall s (ref s) | ratio wall / passes |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double seconds = 0;
        double refSeconds = 0;
        double passes = 0;
        double refPasses = 0;
        int recovered = 0;
        for (Row r : rows) {
            double[] t = r.truth();
            s.append(String.format(Locale.ROOT, "| %d | %.3g | %.1f | %.2g | %.1f | %.0f | %.3f | %d/7 / %d/7 | %.4f (%.4f)"
                            + " | %d | %.1f (%d) | %.2f (%.2f) | %.2f / %.2f |%n", r.index(), t[0], t[1], t[3], t[4],
                    t[6], r.noise(), r.within3Sigma(), r.within3SigmaAbsolute(), r.reducedChi2(),
                    r.referenceReducedChi2(), r.refinements(), r.passEquivalents(), r.referencePasses(), r.seconds(),
                    r.referenceSeconds(), r.timeRatio(), r.passRatio()));
            seconds += r.seconds();
            refSeconds += r.referenceSeconds();
            passes += r.passEquivalents();
            refPasses += r.referencePasses();
            recovered += r.recovered() ? 1 : 0;
        }
        s.append(String.format(Locale.ROOT, "%nrecovered (all 7 within 3σ): %d of %d; total wall %.1f s vs %.1f s: %.2fx;"
                + " total full-pass equivalents %.0f vs %.0f: %.2fx%n", recovered, rows.size(), seconds, refSeconds,
                seconds / refSeconds, passes, refPasses, passes / refPasses));
        return s.toString();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
