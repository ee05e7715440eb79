package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.homodyne.testutil.Npy;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fits the measured BNL two-time matrix (vendored fixtures/realdata, 350 frames, full symmetric, aging
 * dynamics; converted to APS-U with dt = 1 s, q = 0.0054 Å⁻¹) with the static model. What it
 * finds is documented in docs/VALIDATION.md: the minimum has χ²_red ≈ 51.5 (the data's noise is
 * far above σ = 0.01), contrast ≈ 0.059 and offset ≈ 1.027 are well determined, and
 * D0·t^α + D_offset is nearly degenerate along D0 + D_offset ≈ const, so with the default bounds
 * D0 and D_offset run to a bound of that valley while with the seed's D_offset bounds (±100)
 * D0 and α are determined (α ≈ −0.5: slower dynamics at later ages).
 */
class RealDataFitTest {
    @TempDir
    static Path dir;

    static JsonNode fit(String name, String bounds) throws IOException {
        double[][] c2 = Npy.readMatrix(SharedFiles.realDataNpy());
        Path h5 = Npy.toApsU(c2, 0.0054, dir.resolve("bnl_ttc350.h5"));
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, """
                analysis_mode: static
                experimental_data:
                  file_path: %s
                analyzer_parameters:
                  dt: 1.0
                  scattering:
                    wavevector_q: 0.0054
                optimization:
                  streaming:
                    enable_checkpoints: false
                """.formatted(h5.getFileName()) + bounds);
        Path out = dir.resolve("out-" + name);
        int code = Main.execute("--config", cfg.toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, code);
        return new ObjectMapper().readTree(out.resolve("nlsq/parameters.json").toFile());
    }

    static double value(JsonNode p, String name) {
        return p.get("parameters").get(name).get("value").asDouble();
    }

    @Test
    void withTheSeedsDiffusionOffsetBoundsTheDynamicsAreDetermined() throws IOException {
        JsonNode p = fit("seed-bounds", """
                parameter_space:
                  bounds:
                    - name: D_offset
                      min: -100.0
                      max: 100.0
                """);
        assertEquals("converged", p.get("convergence_status").asText());
        double red = p.get("reduced_chi_squared").asDouble();
        assertTrue(red > 45 && red < 60, "reduced chi2 " + red);
        assertEquals(0.059, value(p, "contrast"), 0.003);
        assertEquals(1.0274, value(p, "offset"), 0.002);
        double d0 = value(p, "D0");
        double alpha = value(p, "alpha");
        assertTrue(d0 > 100 && d0 < 1e5, "D0 inside its bounds: " + d0);
        assertTrue(alpha > -2 && alpha < 0, "alpha inside its bounds and negative (aging): " + alpha);
        // D_offset sits at −100, a bound: the data does not resolve it, and a result at a bound has
        // no uncertainty (issue 11 §3): listed in at_bounds, uncertainty null, never a number
        JsonNode offset = p.get("parameters").get("D_offset");
        assertEquals("lower", offset.get("at_bound").asText());
        assertTrue(offset.get("uncertainty").isNull(), "uncertainty of a parameter at a bound: " + offset);
        assertTrue(offset.get("uncertainty_scaled").isNull(), offset.toString());
        assertTrue(p.get("at_bounds").toString().contains("D_offset"), p.get("at_bounds").toString());
    }

    @Test
    void withDefaultBoundsTheSameMinimumIsReachedAlongTheDegenerateValley() throws IOException {
        JsonNode bounded = fit("seed-bounds-2", """
                parameter_space:
                  bounds:
                    - name: D_offset
                      min: -100.0
                      max: 100.0
                """);
        JsonNode free = fit("default-bounds", "");
        assertEquals("converged", free.get("convergence_status").asText());
        double chiFree = free.get("chi_squared").asDouble();
        double chiBounded = bounded.get("chi_squared").asDouble();
        // more freedom cannot fit worse; the valley is flat: both within 0.1% of each other
        assertTrue(chiFree <= chiBounded * (1 + 1e-9), chiFree + " vs " + chiBounded);
        assertEquals(chiBounded, chiFree, 1e-3 * chiBounded);
        assertEquals(value(bounded, "contrast"), value(free, "contrast"), 0.002);
        assertEquals(value(bounded, "offset"), value(free, "offset"), 0.001);
    }
}
