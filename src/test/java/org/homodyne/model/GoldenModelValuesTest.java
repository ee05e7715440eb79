package org.homodyne.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every value of the golden model values (fixtures/reference, a copy of ../shared), to 1e-10 relative. */
class GoldenModelValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode golden() throws IOException {
        return JSON.readTree(SharedFiles.golden().toFile());
    }

    static PreparedModel prepare(JsonNode kase) {
        AnalysisMode mode = AnalysisMode.fromName(kase.get("mode").asText());
        ShearConvention conv = ShearConvention.fromName(kase.get("shear_convention").asText());
        double[] t = toArray(kase.get("t"));
        double[] phi = toArray(kase.get("phi"));
        ModelSpec spec = new ModelSpec(mode, conv, kase.get("dt").asDouble(), kase.get("q").asDouble(),
                kase.get("L").asDouble(), t, phi);
        double[] params = new double[mode.physicalCount()];
        for (int k = 0; k < params.length; k++) {
            params[k] = kase.get("params").get(mode.physicalNames().get(k)).asDouble();
        }
        return PreparedModel.prepare(spec, params);
    }

    static double[] toArray(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenValue() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode kase : golden().get("cases")) {
            PreparedModel m = prepare(kase);
            double[] phi = toArray(kase.get("phi"));
            double contrast = kase.get("contrast").asDouble();
            double offset = kase.get("offset").asDouble();
            for (JsonNode v : kase.get("values")) {
                int a = indexOf(phi, v.get("phi").asDouble());
                int i = v.get("i").asInt();
                int j = v.get("j").asInt();
                double expected = v.get("g2").asDouble();
                tests.add(DynamicTest.dynamicTest(kase.get("name").asText() + " phi=" + phi[a] + " (" + i + "," + j + ")",
                        () -> {
                            double got = PairModel.g2(m, a, i, j, contrast, offset);
                            assertEquals(expected, got, 1e-10 * Math.abs(expected));
                        }));
            }
        }
        assertEquals(48, tests.size(), "every golden value is checked");
        return tests.stream();
    }

    @Test
    void goldenGradientToOneInAMillion() throws IOException {
        JsonNode root = golden();
        JsonNode kase = null;
        for (JsonNode c : root.get("cases")) {
            if (c.get("name").asText().equals("laminar")) {
                kase = c;
            }
        }
        PreparedModel m = prepare(kase);
        double[] grad = new double[9];
        PairModel.evaluate(m, 0, 0, 3, 0.3, 1.0, grad);
        JsonNode expected = root.get("gradient_laminar_phi0_i0_j3");
        List<String> names = new ArrayList<>(AnalysisMode.LAMINAR_FLOW.physicalNames());
        names.add("contrast");
        names.add("offset");
        for (int k = 0; k < names.size(); k++) {
            double e = expected.get(names.get(k)).asDouble();
            assertEquals(e, grad[k], 1e-6 * Math.abs(e), names.get(k));
        }
    }

    private static int indexOf(double[] phi, double v) {
        for (int k = 0; k < phi.length; k++) {
            if (phi[k] == v) {
                return k;
            }
        }
        throw new AssertionError("phi " + v + " not in case");
    }
}
