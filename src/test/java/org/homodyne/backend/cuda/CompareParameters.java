package org.homodyne.backend.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two nlsq/parameters.json files (e.g. a --cpu-only and a --gpu fit of the same data) for
 * the device check, where there is no python:
 *
 * <pre>java -cp homodyne.jar:test-classes org.homodyne.backend.cuda.CompareParameters A.json B.json [REL_TOL]</pre>
 *
 * Compares every parameters.NAME.value, per_angle contrast/offset and chi_squared; prints the
 * largest relative difference and exits 0 when it is within REL_TOL (default 1e-8), else 1.
 */
public final class CompareParameters {
    private CompareParameters() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CompareParameters A.json B.json [REL_TOL]");
            System.exit(2);
        }
        double tol = args.length > 2 ? Double.parseDouble(args[2]) : 1e-8;
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(new File(args[0]));
        JsonNode b = json.readTree(new File(args[1]));
        double worst = 0;
        String worstName = "-";
        int compared = 0;
        Iterator<Map.Entry<String, JsonNode>> it = a.get("parameters").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            double d = rel(e.getValue().get("value").asDouble(), b.get("parameters").get(e.getKey()).get("value").asDouble());
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
        boolean ok = worst <= tol;
        System.out.printf(Locale.ROOT, "%s: %d values, largest relative difference %.3e (%s), tolerance %.1e%n",
                ok ? "MATCH" : "DIFFER", compared, worst, worstName, tol);
        System.exit(ok ? 0 : 1);
    }

    private static double rel(double x, double y) {
        if (x == y) {
            return 0;
        }
        return Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    }
}
