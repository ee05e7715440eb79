package org.homodyne.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DataSelection;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.BatchSource;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.InMemoryFeed;
import org.homodyne.stream.StartPoint;
import org.homodyne.stream.StreamSettings;
import org.homodyne.testutil.Npy;
import org.homodyne.testutil.ScipyReference;
import org.homodyne.testutil.SharedFiles;
import org.homodyne.testutil.SyntheticSource;
import org.homodyne.testutil.UpperTriangleSource;

/**
 * Passes per fit (issue 14 §1): a fixed set of problems (static and laminar, synthetic and the
 * measured BNL matrix, from bound midpoints and from near starts) fitted by our LM and by scipy's
 * {@code least_squares(method='trf', x_scale='jac')} at the same tolerances
 * (ftol = xtol = gtol = 1e-8), printed as a table: passes vs scipy's function evaluations and the
 * final full-matrix χ² of each. Pass counts do not depend on machine load.
 *
 * <p>Usage: {@code PassesBench OUTPUT_DIR [--no-scipy] [--history]}, or {@code PassesBench OUTPUT_DIR
 * --start-scan} for the real-data robustness scan. scipy's answers are cached in OUTPUT_DIR by a
 * hash of the problem file (they only change when a problem does). {@code -Dproblems=REGEX}
 * selects problems by name.
 */
public final class PassesBench {
    static final double TOL = 1e-8;
    static final double SIGMA = 0.01;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One benchmark problem.
     *
     * @param name       short id for the table
     * @param inGoal     counted in the goal (false: the held-out problems and the config
     *                   template's laminar start, reported beside it)
     * @param start      physical start values, or null for the bound midpoints
     */
    record Problem(String name, String description, boolean inGoal, ModelSpec spec, ScalingMode scaling,
                   List<Bounds> bounds, double[] start, BatchSource source) {
    }

    private PassesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench-output/passes");
        boolean scipy = !List.of(args).contains("--no-scipy") && ScipyReference.available();
        Files.createDirectories(out);
        if (List.of(args).contains("--start-scan")) {
            startScan(out);
            return;
        }
        if (List.of(args).contains("--template-scan")) {
            templateScan();
            return;
        }
        List<Problem> problems = new ArrayList<>(problems(out));
        String only = System.getProperty("problems");
        if (only != null) {
            problems.removeIf(p -> !p.name().matches(only));
        }
        StringBuilder table = new StringBuilder();
        table.append("| problem | start | passes (ours) | χ² ours | scipy nfev (njev) | χ² scipy | ours / scipy "
                + "| Δχ² / χ² (ours − scipy) | our stop |\n|---|---|---|---|---|---|---|---|---|\n");
        int oursTotal = 0;
        int scipyTotal = 0;
        for (Problem p : problems) {
            long t0 = System.nanoTime();
            FitResult r = ours(p);
            double oursSec = (System.nanoTime() - t0) * 1e-9;
            ScipyReference.Result s = scipy ? scipy(p, r, out) : null;
            String ratio = s == null ? "" : String.format(Locale.ROOT, "%.2f", r.passes() / (double) s.nfev());
            String dchi = s == null ? "" : String.format(Locale.ROOT, "%+.1e",
                    (r.statistics().chi2Full() - s.chi2Full()) / s.chi2Full());
            table.append(String.format(Locale.ROOT, "| %s%s | %s | %d | %.10g | %s | %s | %s | %s | %s |%n", p.name(),
                    p.inGoal() ? "" : " †", p.start() == null ? "midpoints" : "near", r.passes(),
                    r.statistics().chi2Full(), s == null ? "" : s.nfev() + " (" + s.njev() + ")",
                    s == null ? "" : String.format(Locale.ROOT, "%.10g", s.chi2Full()), ratio, dchi,
                    r.termination().reason().replaceAll(":.*", "")));
            System.err.printf(Locale.ROOT, "%s: %d passes in %.2f s, %s%n", p.name(), r.passes(), oursSec,
                    r.termination().reason());
            if (List.of(args).contains("--history")) {
                System.err.printf(Locale.ROOT, "  start chi2 %.10g%n", r.startChi2());
                for (var h : r.history()) {
                    System.err.printf(Locale.ROOT, "  %3d %s chi2 %.10g lambda %.3g step %.3g%n", h.iteration(),
                            h.accepted() ? "+" : "-", h.trialChi2(), h.lambda(), h.stepNorm());
                }
                System.err.println("  x = " + java.util.Arrays.toString(r.x()));
            }
            if (p.inGoal()) {
                oursTotal += r.passes();
                scipyTotal += s == null ? 0 : s.nfev();
            }
        }
        table.append(String.format(Locale.ROOT, "| **total (goal set)** | | **%d** | | **%d** | | **%s** | | |%n",
                oursTotal, scipyTotal,
                scipyTotal == 0 ? "" : String.format(Locale.ROOT, "%.2f", oursTotal / (double) scipyTotal)));
        table.append("\n† not in the goal set: held out while the LM's rules were chosen, or the config template's"
                + " start (issue 11).\n\n");
        for (Problem p : problems) {
            table.append("- ").append(p.name()).append(": ").append(p.description()).append('\n');
        }
        System.out.print(table);
        Files.writeString(out.resolve("passes.md"), table);
    }

    /**
     * Robustness on real data: the BNL problems of the goal set from 48 starts each (D0 300…9·10⁴,
     * α −1.5…1.5, D_offset −50…50), counting the fits that end more than 1e-4 above the best χ²
     * found (a trapped fit) and the passes.
     */
    static void startScan(Path work) throws IOException {
        double[] d0s = {300, 3e3, 3e4, 9e4};
        double[] alphas = {-1.5, -0.5, 0.5, 1.5};
        double[] offsets = {-50, 0, 50};
        for (Problem p : problems(work)) {
            if (!p.inGoal() || !p.name().startsWith("real-")) {
                continue;
            }
            List<Double> chi2 = new ArrayList<>();
            int passes = 0;
            for (double d0 : d0s) {
                for (double alpha : alphas) {
                    for (double offset : offsets) {
                        FitResult r = ours(new Problem(p.name(), p.description(), true, p.spec(), p.scaling(),
                                p.bounds(), new double[]{d0, alpha, offset}, p.source()));
                        chi2.add(r.statistics().chi2Full());
                        passes += r.passes();
                    }
                }
            }
            double best = chi2.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            long trapped = chi2.stream().filter(c -> c > best * (1 + 1e-4)).count();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.10g |%n", p.name(), chi2.size(), trapped, passes,
                    best);
        }
    }

    /**
     * Issue 11 (report only): laminar sets with truths across the default bounds, fitted from the
     * config template's defaults (bound midpoints, γ̇0 = 0.25 s⁻¹) and, for reference, from the
     * truth; a template fit "finds" the minimum when its χ² is within 1e-6 of the reference fit's.
     */
    static void templateScan() throws IOException {
        double[][] truths = {
                {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0},
                {1e3, -1.0, 10, 1e-3, 0.2, 0.0, -3.0},
                {5e4, 0.3, -200, 5e-3, -0.8, 2e-4, 5.0},
                {200, -1.5, 5, 1e-4, 0.5, 0.0, 1.0},
                {2e4, 0.5, 0, 1e-2, -1.0, -1e-4, -6.0},
                {5e3, -0.2, 100, 3e-4, 0.0, 5e-5, 8.0}};
        ModelSpec l8 = laminar8();
        System.out.println("| truth (D0, α, D_offset, γ̇0, β, γ̇_offset, φ0) | passes | χ² template start "
                + "| χ² from truth | found | parameters at a bound | stop |\n|---|---|---|---|---|---|---|");
        for (int k = 0; k < truths.length; k++) {
            SyntheticSource src = laminar8(truths[k], 100 + k);
            List<Bounds> bounds = defaults(AnalysisMode.LAMINAR_FLOW);
            FitResult template = ours(new Problem("t", "", false, l8, ScalingMode.SHARED, bounds, null, src));
            FitResult reference = ours(new Problem("r", "", false, l8, ScalingMode.SHARED, bounds, truths[k], src));
            double[] x = template.physical();
            int atBound = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] == bounds.get(i).min() || x[i] == bounds.get(i).max()) {
                    atBound++;
                }
            }
            double ct = template.statistics().chi2Full();
            double cr = reference.statistics().chi2Full();
            String found = ct <= cr * (1 + 1e-6) ? "yes" : "no";
            System.out.printf(Locale.ROOT, "| %s | %d | %.8g | %.8g | %s | %d | %s |%n",
                    java.util.Arrays.toString(truths[k]), template.passes(), ct, cr, found, atBound,
                    template.termination().reason());
        }
    }

    static FitResult ours(Problem p) throws IOException {
        FitJob job = new FitJob(p.spec(), p.scaling(), ParameterNames.defaultBounds("contrast"),
                ParameterNames.defaultBounds("offset"), p.bounds(), p.start(), null, null,
                new LmSettings(10_000, TOL, TOL, TOL), new StreamSettings(0, true, 2, 0.5, SIGMA));
        List<Batch> plan = BatchPlan.plan(p.source().size(), p.source().angleCount(), 1 << 20).batches();
        StartPoint start = FitSession.startPoint(job, p.source());
        try (CpuBackend cpu = new CpuBackend(Math.min(2, Runtime.getRuntime().availableProcessors()));
             InMemoryFeed feed = new InMemoryFeed(p.source(), plan)) {
            return FitSession.run(job, start, feed, cpu, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        }
    }

    /** scipy from our start vector (data-estimated scaling, the same bounds), cached by problem hash. */
    static ScipyReference.Result scipy(Problem p, FitResult ours, Path out) throws Exception {
        double[] x0 = FitSession.startVector(ours.layout(), FitSession.startPoint(new FitJob(p.spec(), p.scaling(),
                ParameterNames.defaultBounds("contrast"), ParameterNames.defaultBounds("offset"), p.bounds(),
                p.start(), null, null, new LmSettings(1, TOL, TOL, TOL), new StreamSettings(0, true, 2, 0.5, SIGMA)),
                p.source()));
        ObjectNode prob = ScipyReference.problem(p.spec(), ours.layout(), SIGMA, x0, p.source());
        String key = sha256(JSON.writeValueAsString(prob) + TOL);
        Path cached = out.resolve("scipy-" + p.name() + "-" + key.substring(0, 16) + ".json");
        if (Files.exists(cached)) {
            return JSON.readValue(cached.toFile(), ScipyReference.Result.class);
        }
        Path dir = Files.createTempDirectory(out, "scipy-");
        long t0 = System.nanoTime();
        ScipyReference.Result r = ScipyReference.fit(prob, TOL, dir);
        System.err.printf(Locale.ROOT, "%s: scipy %d nfev in %.1f s%n", p.name(), r.nfev(),
                (System.nanoTime() - t0) * 1e-9);
        Files.delete(dir.resolve("problem.json"));
        Files.delete(dir.resolve("result.json"));
        Files.delete(dir);
        JSON.writeValue(cached.toFile(), r);
        return r;
    }

    static List<Problem> problems(Path work) throws IOException {
        List<Problem> list = new ArrayList<>();
        // FitRecoveryTest's static set: 5 angles, 299 times, noise 0.004
        double[] phi5 = {0, 30, 60, 90, 120};
        ModelSpec s5 = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 299, phi5);
        double[] staticTruth = {1.6e4, -0.5, 50};
        SyntheticSource src5 = new SyntheticSource(s5, staticTruth, new double[]{0.30, 0.28, 0.32, 0.25, 0.29},
                new double[]{1.00, 1.01, 0.99, 1.0, 1.02}, 0.004, 11);
        list.add(new Problem("static-5a-mid", "static, 5 angles × 299 times, noise 0.004", true, s5,
                ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, src5));
        list.add(new Problem("static-5a-near", "same, start ±30%", true, s5, ScalingMode.INDIVIDUAL,
                defaults(AnalysisMode.STATIC), off(staticTruth, 0.3), src5));
        // ScipyParityTest's static set: 2 angles, 100 times, noise 0.005
        double[] phi2 = {0, 90};
        ModelSpec s2 = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 100, phi2);
        SyntheticSource src2 = new SyntheticSource(s2, staticTruth, new double[]{0.3, 0.28}, new double[]{1.0, 1.005},
                0.005, 17);
        list.add(new Problem("static-2a-mid", "static, 2 angles × 100 times, noise 0.005", true, s2,
                ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, src2));
        list.add(new Problem("static-2a-near", "same, start +10%", true, s2, ScalingMode.INDIVIDUAL,
                defaults(AnalysisMode.STATIC), scaled(staticTruth, 1.1), src2));
        // laminar sets: FitRecoveryTest's 8 angles (shared scaling), ScipyParityTest's 3 angles
        double[] lamTruth = {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
        ModelSpec l8 = laminar8();
        SyntheticSource srcL8 = laminar8(lamTruth, 5);
        list.add(new Problem("laminar-8a-near", "laminar, 8 angles × 149 times, shared scaling, start ±30%", true, l8,
                ScalingMode.SHARED, defaults(AnalysisMode.LAMINAR_FLOW), off(lamTruth, 0.3), srcL8));
        double[] phi3 = {-30, 15, 80};
        for (ShearConvention conv : ShearConvention.values()) {
            ModelSpec l3 = spec(AnalysisMode.LAMINAR_FLOW, conv, 100, phi3);
            SyntheticSource srcL3 = new SyntheticSource(l3, lamTruth, new double[]{0.3, 0.28, 0.26},
                    new double[]{1.0, 1.005, 1.01}, 0.005, 17);
            list.add(new Problem("laminar-3a-" + conv.configName() + "-near", "laminar (" + conv.configName()
                    + "), 3 angles × 100 times, start +10%", true, l3, ScalingMode.INDIVIDUAL,
                    defaults(AnalysisMode.LAMINAR_FLOW), scaled(lamTruth, 1.1), srcL3));
        }
        // the measured BNL matrix (static, one angle, dt = 1 s, q = 0.0054)
        BatchSource real = realData(work, 1, -1);
        ModelSpec sr = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, real.size(), new double[]{0}, 1.0);
        List<Bounds> seedBounds = List.of(ParameterNames.defaultBounds("D0"), ParameterNames.defaultBounds("alpha"),
                new Bounds(-100, 100));
        list.add(new Problem("real-bnl-mid", "measured BNL matrix, 349 times, D_offset ∈ [−100, 100]", true,
                sr, ScalingMode.INDIVIDUAL, seedBounds, null, real));
        list.add(new Problem("real-bnl-defaultbounds-mid", "measured BNL matrix, default bounds", true, sr,
                ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, real));
        BatchSource late = realData(work, 151, -1);
        ModelSpec srl = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, late.size(), new double[]{0}, 1.0);
        list.add(new Problem("real-bnl-late-mid", "measured BNL matrix, frames 151–350, D_offset ∈ [−100, 100]", true,
                srl, ScalingMode.INDIVIDUAL, seedBounds, null, late));
        heldOut(list, work);
        // issue 11: the config template's defaults for laminar_flow (bound midpoints, γ̇0 = 0.25 s⁻¹)
        list.add(new Problem("laminar-8a-template", "laminar 8 angles from the template defaults (issue 11)", false,
                l8, ScalingMode.SHARED, defaults(AnalysisMode.LAMINAR_FLOW), null, srcL8));
        return list;
    }

    /**
     * Problems not used while choosing the LM's rules: a check that what was tuned on the goal
     * set carries over (other truths, angle counts, noise, windows of the real matrix).
     */
    private static void heldOut(List<Problem> list, Path work) throws IOException {
        double[] phi3 = {10, 50, 100};
        ModelSpec s3 = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 200, phi3);
        double[] t3 = {3e3, 0.2, 500};
        SyntheticSource src3 = new SyntheticSource(s3, t3, new double[]{0.2, 0.22, 0.18},
                new double[]{1.0, 1.0, 1.0}, 0.01, 23);
        list.add(new Problem("heldout-static-3a-mid", "static, 3 angles × 200 times, D0 3e3, α 0.2, D_offset 500,"
                + " noise 0.01", false, s3, ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, src3));
        ModelSpec s1 = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 250, new double[]{0});
        double[] t1 = {800, -1.2, 10};
        SyntheticSource src1 = new SyntheticSource(s1, t1, new double[]{0.15}, new double[]{1.0}, 0.003, 31);
        list.add(new Problem("heldout-static-1a-mid", "static, 1 angle × 250 times, D0 800, α −1.2, D_offset 10",
                false, s1, ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, src1));
        list.add(new Problem("heldout-static-1a-near", "same, start ×0.5/×1.5", false, s1, ScalingMode.INDIVIDUAL,
                defaults(AnalysisMode.STATIC), off(t1, 0.5), src1));
        double[] phi4 = {-40, 0, 40, 80};
        ModelSpec l4 = spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL, 120, phi4);
        double[] lt = {5e3, -0.8, 100, 0.01, 0.2, -1e-3, -3.0};
        SyntheticSource srcL4 = new SyntheticSource(l4, lt, new double[]{0.25, 0.25, 0.25, 0.25},
                new double[]{1.0, 1.0, 1.0, 1.0}, 0.005, 41);
        list.add(new Problem("heldout-laminar-4a-near", "laminar (physical), 4 angles × 120 times, start ±20%",
                false, l4, ScalingMode.SHARED, defaults(AnalysisMode.LAMINAR_FLOW), off(lt, 0.2), srcL4));
        List<Bounds> seedBounds = List.of(ParameterNames.defaultBounds("D0"), ParameterNames.defaultBounds("alpha"),
                new Bounds(-100, 100));
        BatchSource early = realData(work, 1, 200);
        ModelSpec se = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, early.size(), new double[]{0}, 1.0);
        list.add(new Problem("heldout-real-bnl-early-mid", "measured BNL matrix, frames 1–200, D_offset ∈ "
                + "[−100, 100]", false, se, ScalingMode.INDIVIDUAL, seedBounds, null, early));
        BatchSource mid = realData(work, 76, 300);
        ModelSpec sm = spec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, mid.size(), new double[]{0}, 1.0);
        list.add(new Problem("heldout-real-bnl-middle-defaultbounds-mid", "measured BNL matrix, frames 76–300, "
                + "default bounds", false, sm, ScalingMode.INDIVIDUAL, defaults(AnalysisMode.STATIC), null, mid));
    }

    /** FitRecoveryTest's laminar geometry: 8 angles −67.5…90°, 149 times. */
    private static ModelSpec laminar8() {
        return spec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 149,
                new double[]{-67.5, -45, -22.5, 0, 22.5, 45, 67.5, 90});
    }

    /** laminar8() data at the truth, contrast 0.3, offset 1, noise 0.004. */
    private static SyntheticSource laminar8(double[] truth, long seed) {
        double[] c = new double[8];
        double[] o = new double[8];
        java.util.Arrays.fill(c, 0.3);
        java.util.Arrays.fill(o, 1.0);
        return new SyntheticSource(laminar8(), truth, c, o, 0.004, seed);
    }

    private static ModelSpec spec(AnalysisMode mode, ShearConvention conv, int n, double[] phi) {
        return spec(mode, conv, n, phi, 0.1);
    }

    private static ModelSpec spec(AnalysisMode mode, ShearConvention conv, int n, double[] phi, double dt) {
        return new ModelSpec(mode, conv, dt, 0.0054, 2e6, ModelSpec.fitGrid(dt, n), phi);
    }

    private static List<Bounds> defaults(AnalysisMode mode) {
        return mode.physicalNames().stream().map(ParameterNames::defaultBounds).toList();
    }

    private static double[] scaled(double[] v, double f) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= f;
        }
        return o;
    }

    /** v with entries alternately × (1 + f) and × (1 − f). */
    private static double[] off(double[] v, double f) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= i % 2 == 0 ? 1 + f : 1 - f;
        }
        return o;
    }

    /** The BNL matrix through the real data path (APS-U file, TwoTimeData), frames [start, end]. */
    private static BatchSource realData(Path work, int startFrame, int endFrame) throws IOException {
        double[][] c2 = Npy.readMatrix(SharedFiles.realDataNpy());
        Path h5 = Npy.toApsU(c2, 0.0054, work.resolve("bnl_ttc350.h5"));
        try (TwoTimeData data = TwoTimeData.open(new DataSelection(h5, 0.0054, startFrame, endFrame, false,
                List.of(), 1.0))) {
            int n = data.size();
            float[] upper = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
            data.readUpperRows(0, 0, n - 1, upper, 0);
            return new UpperTriangleSource(n, new float[][]{upper});
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
