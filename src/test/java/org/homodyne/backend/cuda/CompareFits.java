package org.homodyne.backend.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two fits of the same data for the device check, where there is no python: a
 * {@code --cpu-only} and a {@code --gpu} output folder.
 *
 * <pre>java -cp homodyne.jar:test-classes org.homodyne.backend.cuda.CompareFits CPU_DIR GPU_DIR [REL_TOL]</pre>
 *
 * Reads DIR/nlsq/parameters.json (every parameters.NAME.value, per_angle contrast/offset,
 * chi_squared) and DIR/nlsq/convergence_metrics.json (device used, fallback reason, time), prints
 * one line, and exits 0 when the values agree within REL_TOL (default 1e-8, SPEC §7) and the second
 * fit really ran on a GPU, 1 when they differ, 4 when they agree but the second fit fell back to
 * the CPU, 2 on usage or missing files.
 */
public final class CompareFits {
    private CompareFits() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CompareFits CPU_OUTPUT_DIR GPU_OUTPUT_DIR [REL_TOL]");
            System.exit(2);
        }
        double tol = args.length > 2 ? Double.parseDouble(args[2]) : 1e-8;
        ObjectMapper json = new ObjectMapper();
        JsonNode a;
        JsonNode b;
        JsonNode ma;
        JsonNode mb;
        try {
            a = json.readTree(Path.of(args[0], "nlsq", "parameters.json").toFile());
            b = json.readTree(Path.of(args[1], "nlsq", "parameters.json").toFile());
            ma = json.readTree(Path.of(args[0], "nlsq", "convergence_metrics.json").toFile());
            mb = json.readTree(Path.of(args[1], "nlsq", "convergence_metrics.json").toFile());
        } catch (IOException e) {
            System.out.println("MISSING " + e.getMessage());
            System.exit(2);
            return;
        }
        double worst = 0;
        String worstName = "-";
        int compared = 0;
        Iterator<Map.Entry<String, JsonNode>> it = a.get("parameters").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            double d = rel(e.getValue().get("value").asDouble(),
                    b.get("parameters").get(e.getKey()).get("value").asDouble());
            compared++;
            if (d > worst) {
                worst = d;
                worstName = e.getKey();
            }
        }
        for (int k = 0; k < a.get("per_angle").size(); k++) {
            for (String f : new String[]{"contrast", "offset"}) {
                double d = rel(a.get("per_angle").get(k).get(f).asDouble(), b.get("per_angle").get(k).get(f).asDouble());
                compared++;
                if (d > worst) {
                    worst = d;
                    worstName = "per_angle[" + k + "]." + f;
                }
            }
        }
        double chi = rel(a.get("chi_squared").asDouble(), b.get("chi_squared").asDouble());
        compared++;
        if (chi > worst) {
            worst = chi;
            worstName = "chi_squared";
        }
        boolean match = worst <= tol;
        String deviceB = mb.path("device").path("used").asText("?");
        // one GPU ("cuda:0 NAME") or several ("2 devices: cuda:0 NAME; cuda:1 NAME"), none fallen back
        boolean onGpu = deviceB.contains("cuda:") && mb.path("device").path("fallback_reason").isNull();
        System.out.printf(Locale.ROOT, "%s: %d values, largest relative difference %.3e (%s, tolerance %.0e) | "
                        + "first %.2f s, %d passes on %s | second %.2f s, %d passes on %s%s%n",
                match ? "MATCH" : "DIFFER", compared, worst, worstName, tol,
                ma.path("execution_time").asDouble(), ma.path("passes").asInt(), ma.path("device").path("used").asText(),
                mb.path("execution_time").asDouble(), mb.path("passes").asInt(), deviceB,
                onGpu ? "" : " (GPU NOT USED: " + mb.path("device").path("fallback_reason").asText("?") + ")");
        System.exit(!match ? 1 : onGpu ? 0 : 4);
    }

    private static double rel(double x, double y) {
        if (x == y) {
            return 0;
        }
        return Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    }
}
