package org.homodyne.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.homodyne.data.Batch;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.stream.BatchSource;

/**
 * The independent reference fit (src/test/resources/parity/scipy_fit.py: scipy least_squares,
 * TRF, model in numpy from SPEC.md): writes a problem file, runs the script, reads its answer.
 * Used by the parity test and the pass-count benchmark.
 */
public final class ScipyReference {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** scipy's answer: parameters, full-matrix χ², status, function and Jacobian evaluations. */
    public record Result(double[] x, double chi2Full, int status, int nfev, int njev, String message) {
    }

    private ScipyReference() {
    }

    /** True when python3 with numpy and scipy is installed. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy, scipy.optimize").redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The problem file's content: model constants, grid, angles, every angle's strict upper
     * triangle as the source holds it, start vector and bounds of the layout.
     */
    public static ObjectNode problem(ModelSpec spec, ParameterLayout layout, double sigma, double[] x0,
                                     BatchSource source) throws IOException {
        if (layout.scalingMode() == ScalingMode.CONSTANT) {
            throw new IllegalArgumentException("scipy_fit.py fits the scaling: individual or shared only");
        }
        ObjectNode prob = JSON.createObjectNode();
        prob.put("mode", spec.mode() == AnalysisMode.STATIC ? "static" : "laminar_flow");
        prob.put("convention", spec.convention().configName());
        prob.put("scaling", layout.scalingMode() == ScalingMode.SHARED ? "shared" : "individual");
        prob.put("dt", spec.dt());
        prob.put("q", spec.q());
        prob.put("L", spec.gapL());
        prob.put("sigma", sigma);
        array(prob.putArray("t"), spec.times());
        array(prob.putArray("phi"), spec.phiDegrees());
        array(prob.putArray("x0"), x0);
        array(prob.putArray("lower"), layout.lower());
        array(prob.putArray("upper_bounds"), layout.upper());
        ArrayNode upper = prob.putArray("upper");
        int n = source.size();
        for (int a = 0; a < source.angleCount(); a++) {
            float[] v = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
            source.readUpperRows(a, 0, n - 1, v, 0);
            ArrayNode row = upper.addArray();
            for (float f : v) {
                row.add((double) f);
            }
        }
        return prob;
    }

    /**
     * Fits the problem with ftol = xtol = gtol = {@code tol}.
     *
     * @param dir a folder for the problem and result files
     */
    public static Result fit(ObjectNode problem, double tol, Path dir) throws IOException, InterruptedException {
        Path in = dir.resolve("problem.json");
        Path out = dir.resolve("result.json");
        JSON.writeValue(in.toFile(), problem);
        Process p = new ProcessBuilder("python3", script().toString(), in.toString(), out.toString(),
                Double.toString(tol)).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1800, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("scipy_fit.py timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException("scipy_fit.py exited " + p.exitValue() + ": " + log);
        }
        JsonNode r = JSON.readTree(out.toFile());
        double[] x = new double[r.get("x").size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.get("x").get(i).asDouble();
        }
        return new Result(x, r.get("chi2_full").asDouble(), r.get("status").asInt(), r.get("nfev").asInt(),
                r.get("njev").asInt(), r.get("message").asText());
    }

    /**
     * Runs another script of src/test/resources/parity on a problem file (e.g. fourier_fit.py, which
     * reuses scipy_fit.py's model and fit) and returns its result document.
     */
    public static JsonNode run(String script, ObjectNode problem, Path dir) throws IOException, InterruptedException {
        Path in = dir.resolve("problem.json");
        Path out = dir.resolve("result.json");
        JSON.writeValue(in.toFile(), problem);
        Process p = new ProcessBuilder("python3", script().resolveSibling(script).toString(), in.toString(),
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1800, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(script + " exited " + p.exitValue() + ": " + log);
        }
        return JSON.readTree(out.toFile());
    }

    /** The script, from the project folder (the tests run there; surefire passes it as a property). */
    public static Path script() {
        return Path.of(System.getProperty("homodyne.project.dir", "."), "src/test/resources/parity/scipy_fit.py");
    }

    private static void array(ArrayNode a, double[] v) {
        for (double d : v) {
            a.add(d);
        }
    }
}
