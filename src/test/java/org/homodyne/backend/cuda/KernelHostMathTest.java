package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homodyne.backend.ReferenceAccumulator;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels' arithmetic without a GPU (DESIGN "Testing a GPU path without a GPU"):
 * kernels/test/host_model_test.cpp is compiled from the kernels' own headers by g++ and by nvcc
 * (each when on the PATH) and checked against the golden values, against finite differences, and,
 * running the kernels' per-thread code and reduction tree on the host, against
 * ReferenceAccumulator's normal equations.
 */
class KernelHostMathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double DT = 0.1;
    private static final double Q = 0.0054;
    private static final double L = 2e6;

    private static Path projectDir() {
        return Path.of(System.getProperty("homodyne.project.dir", ".")).toAbsolutePath().normalize();
    }

    private static Path workDir(String compiler) {
        return projectDir().resolve("target/kernel-host-test/" + compiler);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException,
            InterruptedException {
        Path log = dir.resolve("output-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }

    /** Compiles the host program once per compiler (nothing to do when it is newer than its sources). */
    private static synchronized Path program(String compiler) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath(compiler), compiler + " not on the PATH: host check of the kernel math skipped");
        Path dir = workDir(compiler);
        Files.createDirectories(dir);
        Path exe = dir.resolve("host_model_test");
        Path kernels = projectDir().resolve("kernels");
        Path src = kernels.resolve("test/host_model_test.cpp");
        if (Files.exists(exe)) {
            long built = Files.getLastModifiedTime(exe).toMillis();
            boolean fresh = Files.getLastModifiedTime(src).toMillis() < built;
            try (var files = Files.list(kernels)) {
                fresh &= files.filter(f -> f.toString().endsWith(".cuh")).allMatch(f -> {
                    try {
                        return Files.getLastModifiedTime(f).toMillis() < built;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
            if (fresh) {
                return exe;
            }
        }
        List<String> cmd = new ArrayList<>();
        if (compiler.equals("nvcc")) {
            // -x cu: the headers go through nvcc's host/device split exactly as in the kernels
            cmd.addAll(List.of("nvcc", "-x", "cu", "-O2", "-std=c++17"));
        } else {
            // no FMA contraction: the host run then rounds like Java (the reference)
            cmd.addAll(List.of(compiler, "-O2", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-ffp-contract=off"));
        }
        cmd.addAll(List.of("-I" + kernels, "-o", exe.toString(), src.toString()));
        Run r = run(cmd, dir, 300);
        assertEquals(0, r.exit(), "compiling the host test with " + compiler + " failed:\n" + r.output());
        return exe;
    }

    private static Run runProgram(String compiler, HostModelFile file, String name) throws IOException,
            InterruptedException {
        Path exe = program(compiler);
        Path input = file.write(workDir(compiler).resolve(name + ".txt"));
        return run(List.of(exe.toString(), input.toString()), workDir(compiler), 300);
    }

    private static int[] counts(String output) {
        Matcher m = Pattern.compile("checks=(\\d+) skipped=(\\d+) failures=(\\d+)").matcher(output);
        assertTrue(m.find(), "no summary line in:\n" + output);
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static double[] toArray(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }

    private static PreparedModel prepare(JsonNode kase) {
        AnalysisMode mode = AnalysisMode.fromName(kase.get("mode").asText());
        ShearConvention conv = ShearConvention.fromName(kase.get("shear_convention").asText());
        ModelSpec spec = new ModelSpec(mode, conv, kase.get("dt").asDouble(), kase.get("q").asDouble(),
                kase.get("L").asDouble(), toArray(kase.get("t")), toArray(kase.get("phi")));
        double[] params = new double[mode.physicalCount()];
        for (int k = 0; k < params.length; k++) {
            params[k] = kase.get("params").get(mode.physicalNames().get(k)).asDouble();
        }
        return PreparedModel.prepare(spec, params);
    }

    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void goldenValuesAndGradient(String compiler) throws Exception {
        program(compiler);
        JsonNode root = JSON.readTree(SharedFiles.golden().toFile());
        HostModelFile f = new HostModelFile();
        int values = 0;
        int laminar = -1;
        for (JsonNode kase : root.get("cases")) {
            PreparedModel m = prepare(kase);
            int id = f.model(m);
            if (kase.get("name").asText().equals("laminar")) {
                laminar = id;
            }
            double[] phi = toArray(kase.get("phi"));
            for (JsonNode v : kase.get("values")) {
                int a = 0;
                while (phi[a] != v.get("phi").asDouble()) {
                    a++;
                }
                f.g2(id, a, v.get("i").asInt(), v.get("j").asInt(), kase.get("contrast").asDouble(),
                        kase.get("offset").asDouble(), v.get("g2").asDouble(), 1e-10);
                values++;
            }
        }
        assertEquals(48, values, "every golden value is checked");
        JsonNode g = root.get("gradient_laminar_phi0_i0_j3");
        List<String> names = new ArrayList<>(AnalysisMode.LAMINAR_FLOW.physicalNames());
        names.add("contrast");
        names.add("offset");
        double[] expected = names.stream().mapToDouble(n -> g.get(n).asDouble()).toArray();
        f.grad(laminar, 0, 0, 3, 0.3, 1.0, 1e-6, expected);
        Run r = runProgram(compiler, f, "golden");
        assertEquals(0, r.exit(), r.output());
        assertEquals(48 + 9, counts(r.output())[0], r.output());
    }

    private static final int[][] FD_PAIRS = {{0, 1}, {0, 5}, {3, 17}, {10, 39}, {22, 23}, {39, 2}};

    /** Finite-difference commands for every parameter at one point (as GradientFiniteDifferenceTest). */
    private static void addFd(HostModelFile f, ModelSpec spec, double[] physical, double contrast, double offset) {
        PreparedModel base = PreparedModel.prepare(spec, physical);
        int baseId = f.model(base);
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < spec.angleCount(); a++) {
            for (int[] ij : FD_PAIRS) {
                pairs.add(new int[]{a, ij[0], ij[1]});
            }
        }
        int[][] aij = pairs.toArray(new int[0][]);
        for (int k = 0; k < physical.length; k++) {
            double scale = Math.max(1e-3, Math.abs(physical[k]));
            double h = 2e-6 * scale;
            int[] full = new int[4];
            int[] half = new int[4];
            double[] steps = {2, 1, -1, -2};
            for (int s = 0; s < 4; s++) {
                full[s] = f.model(shifted(spec, physical, k, steps[s] * h));
                half[s] = f.model(shifted(spec, physical, k, steps[s] * h / 2));
            }
            f.fd(baseId, k, h, 1e-9 / scale + 1e-13, full, half, contrast, offset, aij);
        }
        f.fdScale(baseId, contrast, offset, aij);
    }

    private static PreparedModel shifted(ModelSpec spec, double[] physical, int k, double h) {
        double[] x = physical.clone();
        x[k] += h;
        return PreparedModel.prepare(spec, x);
    }

    private static ModelSpec fdSpec(AnalysisMode mode, ShearConvention conv, double[] phi) {
        return new ModelSpec(mode, conv, DT, Q, L, ModelSpec.fitGrid(DT, 40), phi);
    }

    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void gradientAgainstFiniteDifferences(String compiler) throws Exception {
        HostModelFile f = new HostModelFile();
        Random rnd = new Random(7);
        double[] phi = {-60, 0, 37.5, 90, 135};
        for (ShearConvention conv : ShearConvention.values()) {
            for (int trial = 0; trial < 6; trial++) {
                double[] lam = new double[7];
                for (int k = 0; k < 7; k++) {
                    Bounds b = ParameterNames.defaultBounds(AnalysisMode.LAMINAR_FLOW.physicalNames().get(k));
                    lam[k] = b.min() + (b.max() - b.min()) * rnd.nextDouble();
                }
                lam[2] *= 1e-2;
                addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, conv, phi), lam, 0.05 + 0.9 * rnd.nextDouble(),
                        0.5 + rnd.nextDouble());
                addFd(f, fdSpec(AnalysisMode.STATIC, conv, new double[]{0}), new double[]{lam[0], lam[1], lam[2]},
                        0.3, 1.0);
            }
            // series sinc and many sinc lobes
            addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, conv, new double[]{10, 80}),
                    new double[]{1e3, 0.0, 10, 1e-6, 0.0, 1e-9, 0}, 0.3, 1.0);
            addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, conv, new double[]{0, 30}),
                    new double[]{1e2, 0.0, 1, 0.4, 0.5, 0.05, 5}, 0.3, 1.0);
        }
        // negative exponents, floors active, phi0 near phi ± 90°
        addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, new double[]{0, 45}),
                new double[]{2e3, -1.5, 10, 0.01, -1.2, 1e-4, 3}, 0.2, 1.0);
        addFd(f, fdSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, new double[]{0}),
                new double[]{500, -1.0, -1100}, 0.3, 1.0);
        addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, new double[]{0, 45}),
                new double[]{1e3, 0.5, 5, 1e-6, 0.0, -0.05, 0}, 0.3, 1.0);
        addFd(f, fdSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, new double[]{-88, 92, 91.999}),
                new double[]{5e3, 0.3, 20, 0.02, 0.1, 1e-3, 2.0}, 0.3, 1.0);
        Run r = runProgram(compiler, f, "finite-differences");
        assertEquals(0, r.exit(), r.output());
        int[] c = counts(r.output());
        assertTrue(c[0] > 3000, "checked " + c[0]);
        assertTrue(c[1] <= 0.05 * (c[0] + c[1]), "too many non-smooth points: " + c[1] + " of " + (c[0] + c[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void pairIndexingUpToBeyondTwoToThe31(String compiler) throws Exception {
        HostModelFile f = new HostModelFile();
        for (int n : new int[]{2, 3, 4, 255, 256, 257, 1000, 65536, 70001, 2_000_000}) {
            f.geometry(n);
        }
        Run r = runProgram(compiler, f, "geometry");
        assertEquals(0, r.exit(), r.output());
        assertTrue(counts(r.output())[0] > 1000, r.output());
    }

    /**
     * The flat NormalEquations layout is defined once in Java (NormalEquations.FlatLayout) and
     * once in CUDA (hm::FlatLayout in kernels/homodyne_accumulate.cuh): both must give the same
     * offsets, for both models and any angle count.
     */
    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void flatLayoutOfTheKernelsIsTheJavaOne(String compiler) throws Exception {
        HostModelFile f = new HostModelFile();
        List<int[]> shapes = new ArrayList<>();
        for (int p : new int[]{AnalysisMode.STATIC.physicalCount(), AnalysisMode.LAMINAR_FLOW.physicalCount()}) {
            for (int angles : new int[]{1, 2, 3, 23, 360}) {
                f.layout(p, angles);
                shapes.add(new int[]{p, angles});
            }
        }
        Run r = runProgram(compiler, f, "layout");
        assertEquals(0, r.exit(), r.output());
        List<String> lines = r.output().lines().filter(l -> l.startsWith("layout ")).toList();
        assertEquals(shapes.size(), lines.size(), r.output());
        for (int k = 0; k < shapes.size(); k++) {
            NormalEquations.FlatLayout ours = new NormalEquations.FlatLayout(shapes.get(k)[0], shapes.get(k)[1]);
            String expected = String.format(java.util.Locale.ROOT, "layout %d %d %d %d %d %d %d %d %d %d %d %d",
                    ours.physCount(), ours.angles(), ours.chi2(), ours.points(), ours.physHess(), ours.physGrad(),
                    ours.scaleHess(), ours.scaleGrad(), ours.coupling(), ours.chi2PerAngle(), ours.pointsPerAngle(),
                    ours.size());
            assertEquals(expected, lines.get(k).trim());
        }
    }

    /**
     * The kernels know every analysis mode by its model id (hm::ModelId, hm::ModelTraits), with the
     * mode's parameter count and shear term, and no other id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void kernelsKnowEveryModelIdWithItsParameterCount(String compiler) throws Exception {
        HostModelFile f = new HostModelFile();
        List<String> expected = new ArrayList<>();
        int unused = 0;
        for (AnalysisMode mode : AnalysisMode.values()) {
            f.modelInfo(mode.modelId());
            expected.add("modelinfo " + mode.modelId() + " " + mode.physicalCount() + " "
                    + (mode.has(ModelTerm.SHEAR) ? 1 : 0));
            unused = Math.max(unused, mode.modelId() + 1);
        }
        f.modelInfo(unused);
        expected.add("modelinfo " + unused + " unknown");
        Run r = runProgram(compiler, f, "modelinfo");
        assertEquals(0, r.exit(), r.output());
        assertEquals(expected, r.output().lines().filter(l -> l.startsWith("modelinfo ")).toList());
    }

    private static double[] parseFlat(String line) {
        String[] tok = line.trim().split("\\s+");
        int size = Integer.parseInt(tok[1]);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = Double.parseDouble(tok[2 + i]);
        }
        return out;
    }

    /**
     * The kernels' accumulation run on the host (same partition, same per-thread code, same
     * reduction tree, also in sub-chunks like a streamed pass) against ReferenceAccumulator, to
     * 1e-12 relative; chunked and whole runs must give the same bits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"g++", "nvcc"})
    void accumulationMatchesReferenceAccumulator(String compiler) throws Exception {
        HostModelFile f = new HostModelFile();
        Random rnd = new Random(11);
        List<NormalEquations> expected = new ArrayList<>();
        List<Integer> physCounts = new ArrayList<>();
        double[] phi = {-30, 0, 45, 90};
        Object[][] cases = {
                {AnalysisMode.STATIC, ShearConvention.HOMODYNE},
                {AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE},
                {AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL}};
        int n = 90;
        for (Object[] c : cases) {
            ModelSpec spec = TestBatches.spec((AnalysisMode) c[0], (ShearConvention) c[1], n, phi);
            PreparedModel m = TestBatches.model(spec, rnd);
            int id = f.model(m);
            AngleScaling s = TestBatches.scaling(phi.length, rnd);
            Batch[] batches = {
                    TestBatches.batch(0, 0, 4, 0, n - 1, n),     // every row of every angle
                    TestBatches.batch(1, 1, 2, 30, 61, n),       // one angle, middle rows
                    TestBatches.batch(2, 2, 4, 80, n, n)};       // short rows incl. the empty last one
            for (Batch b : batches) {
                BatchData d = TestBatches.data(b, m, s, rnd, 0.01, 0.05);
                NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, 0.01);
                for (long chunkUnits : new long[]{0, 3}) {
                    f.accumulate(id, b, d.values(), s, 1.0 / (0.01 * 0.01), 512, chunkUnits);
                    expected.add(ref);
                    physCounts.add(m.mode().physicalCount());
                }
            }
        }
        Run r = runProgram(compiler, f, "accumulate");
        assertEquals(0, r.exit(), r.output());
        List<double[]> flats = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("flat ")) {
                flats.add(parseFlat(line));
            }
        }
        assertEquals(expected.size(), flats.size(), r.output());
        for (int q = 0; q < flats.size(); q++) {
            NormalEquations ref = expected.get(q);
            NormalEquations got = NormalEquations.fromFlat(flats.get(q), physCounts.get(q), ref.angleCount());
            assertNull(TestBatches.compare(got, ref, 1e-12), "batch " + q);
            if (q % 2 == 1) {
                assertArrayEquals(flats.get(q - 1), flats.get(q), "chunked and whole runs sum the same numbers");
            }
        }
    }
}
