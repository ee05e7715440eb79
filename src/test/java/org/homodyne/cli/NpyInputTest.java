package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.homodyne.testutil.Npy;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/DATA.md "Other facilities": the measured BNL matrix (NSLS-II, a .npy
 * of float64) fitted directly, with q and φ from the configuration, gives the same parameters, bit
 * for bit, as the same matrix converted to an APS-U file (float32 either way: the reader converts
 * each value once); `homodyne plot` redraws its figures from run_inputs.json, which records the
 * layout.
 */
class NpyInputTest {
    @TempDir
    static Path dir;

    private static final String REST = """
            analyzer_parameters:
              dt: 1.0
              scattering:
                wavevector_q: 0.0054
            parameter_space:
              bounds:
                - name: D_offset
                  min: -100.0
                  max: 100.0
            optimization:
              streaming:
                enable_checkpoints: false
            output:
              save_fitted_data: false
            """;

    private static JsonNode fit(String name, String data) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "analysis_mode: static\n" + data + REST);
        Path out = dir.resolve(name);
        assertEquals(0, Main.execute("--config", cfg.toString(), "--output-dir", out.toString(), "-q"));
        return new ObjectMapper().readTree(out.resolve("nlsq/parameters.json").toFile());
    }

    @Test
    void theBnlNpyFittedDirectlyEqualsItsApsUConversion() throws IOException {
        Path npy = Files.copy(SharedFiles.realDataNpy(), dir.resolve("ttc.npy"));
        JsonNode direct = fit("npy", """
                experimental_data:
                  file_path: ttc.npy
                  layout: generic
                  generic:
                    q: 0.0054
                    phi: 0.0
                """);
        Path h5 = Npy.toApsU(Npy.readMatrix(npy), 0.0054, dir.resolve("ttc.h5"));
        JsonNode converted = fit("h5", """
                experimental_data:
                  file_path: %s
                """.formatted(h5.getFileName()));
        assertEquals("converged", direct.get("convergence_status").asText());
        assertEquals(converted.get("chi_squared").asDouble(), direct.get("chi_squared").asDouble(), 0.0);
        for (Iterator<Map.Entry<String, JsonNode>> it = converted.get("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = direct.get("parameters").get(e.getKey());
            assertEquals(e.getValue().get("value").asDouble(), d.get("value").asDouble(), 0.0, e.getKey());
            assertEquals(e.getValue().get("uncertainty").asDouble(), d.get("uncertainty").asDouble(), 0.0, e.getKey());
        }
        JsonNode info = new ObjectMapper().readTree(dir.resolve("npy/nlsq/analysis_results_nlsq.json").toFile())
                .get("dataset_info");
        assertEquals("npy", info.get("layout").asText());

        // plot reopens the .npy through the layout recorded in run_inputs.json
        Path png = dir.resolve("npy/nlsq/c2_heatmaps_phi_0.0deg.png");
        byte[] before = Files.readAllBytes(png);
        Files.delete(png);
        assertEquals(0, Main.execute("plot", "--output-dir", dir.resolve("npy").toString()));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(png)), "plot redraws the fit's PNG");
    }
}
