package org.homodyne.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.stream.Strategy;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.Test;

/**
 * The YAML blocks of shared/seed/streaming_optimization.rst (homodyne's streaming guide) load:
 * including the repeated top-level {@code optimization:} key and the gamma_dot_0 / phi_0 aliases.
 */
class SeedConfigsTest {
    private static final String MARKER = "# ---- verbatim from the guide below ----\n";

    static Path resource(String name) {
        try {
            return Path.of(SeedConfigsTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource /config/" + name + " missing", e);
        }
    }

    @Test
    void streamingExampleLoadsWithMergedOptimization() {
        HomodyneConfig c = ConfigLoader.load(resource("seed_streaming.yaml"));
        assertEquals(AnalysisMode.LAMINAR_FLOW, c.mode());
        assertEquals(1, c.warnings().size(), c.warnings()::toString);
        ConfigWarning w = c.warnings().get(0);
        assertEquals("optimization", w.key());
        assertTrue(w.message().matches("key optimization given twice \\(lines \\d+ and \\d+\\): the two blocks are"
                + " merged"), w.message());
        assertEquals(new Bounds(-180, 180), c.boundsOf("phi0"));
        assertEquals(new Bounds(1e-6, 0.5), c.boundsOf("gamma_dot_t0"));
        assertEquals(new Bounds(-0.1, 0.1), c.boundsOf("gamma_dot_t_offset"));
        assertEquals(new Bounds(0, 2), c.boundsOf("alpha"));
        assertEquals(100, c.optimization().maxIterations());
        assertEquals(1e-8, c.optimization().gtol());
        assertTrue(c.streaming().enableCheckpoints() && c.streaming().enableFaultTolerance());
        assertEquals("./checkpoints", c.streaming().checkpointDir());
        assertEquals(resource("seed_streaming.yaml").getParent().resolve("data/500m_points.hdf"),
                c.data().filePath());
        assertEquals(0.0, c.physicalStartValues()[6]); // phi0 midpoint of -180..180
    }

    @Test
    void otherGuideBlocksLoadWithoutWarnings() {
        HomodyneConfig basic = ConfigLoader.load(resource("seed_basic.yaml"));
        assertTrue(basic.warnings().isEmpty(), basic.warnings()::toString);
        assertEquals(StreamingConfig.defaults(), basic.streaming());

        HomodyneConfig advanced = ConfigLoader.load(resource("seed_advanced.yaml"));
        assertTrue(advanced.warnings().isEmpty(), advanced.warnings()::toString);
        assertEquals(StreamingConfig.defaults(), advanced.streaming());

        HomodyneConfig strategy = ConfigLoader.load(resource("seed_strategy.yaml"));
        assertTrue(strategy.warnings().isEmpty(), strategy.warnings()::toString);
        assertEquals(Strategy.STREAMING, strategy.performance().strategyOverride());
    }

    /** The resources hold the guide's blocks unchanged below the marker (dt is added above it). */
    @Test
    void resourcesAreVerbatimCopiesOfTheGuide() throws Exception {
        List<String> blocks = yamlBlocks(Files.readString(SharedFiles.fixture("seed/streaming_optimization.rst")));
        assertEquals(4, blocks.size());
        String[] names = {"seed_strategy.yaml", "seed_basic.yaml", "seed_advanced.yaml", "seed_streaming.yaml"};
        for (int i = 0; i < names.length; i++) {
            String text = Files.readString(resource(names[i]));
            int at = text.indexOf(MARKER);
            assertTrue(at > 0, names[i]);
            assertEquals(blocks.get(i), text.substring(at + MARKER.length()), names[i]);
        }
    }

    /** The bodies of the {@code .. code-block:: yaml} directives, dedented. */
    private static List<String> yamlBlocks(String rst) {
        String[] lines = rst.split("\n", -1);
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals(".. code-block:: yaml")) {
                continue;
            }
            i++;
            while (lines[i].isBlank()) {
                i++;
            }
            List<String> body = new ArrayList<>();
            while (i < lines.length && (lines[i].startsWith("    ") || lines[i].isBlank())) {
                body.add(lines[i].length() >= 4 ? lines[i].substring(4) : "");
                i++;
            }
            while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
                body.remove(body.size() - 1);
            }
            blocks.add(String.join("\n", body) + "\n");
        }
        assertNotNull(blocks);
        return blocks;
    }
}
