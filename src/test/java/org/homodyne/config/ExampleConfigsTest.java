package org.homodyne.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.Strategy;
import org.junit.jupiter.api.Test;

/** The example configs in config/ load with zero warnings; the YAML examples of the docs load as documented. */
class ExampleConfigsTest {
    private static Path example(String name) {
        String dir = System.getProperty("homodyne.project.dir", ".");
        return Path.of(dir, "config", name);
    }

    private static HomodyneConfig loadClean(String name) {
        HomodyneConfig c = ConfigLoader.load(example(name));
        assertTrue(c.warnings().isEmpty(), () -> name + ": " + c.warnings());
        return c;
    }

    @Test
    void staticExample() {
        HomodyneConfig c = loadClean("static.yaml");
        assertEquals(AnalysisMode.STATIC, c.mode());
        assertEquals(example("static.yaml").toAbsolutePath().getParent().resolve("../demo-output/static_demo.h5")
                .normalize(), c.data().filePath());
        assertEquals(3, c.initial().values().length);
    }

    @Test
    void laminarFlowExample() {
        HomodyneConfig c = loadClean("laminar_flow.yaml");
        assertEquals(AnalysisMode.LAMINAR_FLOW, c.mode());
        assertEquals(7, c.initial().values().length);
        assertEquals(3, c.phiFilter().targetRanges().size());
    }

    @Test
    void streamingExample() {
        HomodyneConfig c = loadClean("streaming.yaml");
        assertEquals(Strategy.STREAMING, c.performance().strategyOverride());
        assertEquals(2.0, c.performance().memoryLimitGb());
        assertEquals(StreamingConfig.defaults(), c.streaming());
    }

    @Test
    void yamlExamplesInTheDocsLoadAsDocumented() throws Exception {
        Path doc = Path.of(System.getProperty("homodyne.project.dir", "."), "docs", "CONFIGURATION.md");
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(doc)) {
            if (current == null && line.equals("```yaml")) {
                current = new StringBuilder();
            } else if (current != null && line.equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        assertEquals(2, blocks.size());
        HomodyneConfig minimal = ConfigLoader.fromString(blocks.get(0), Path.of("/cfg/my.yaml"));
        assertTrue(minimal.warnings().isEmpty(), minimal.warnings()::toString);
        assertEquals(Path.of("/cfg/data/run42.h5"), minimal.data().filePath());
        HomodyneConfig guide = ConfigLoader.fromString(blocks.get(1), Path.of("/cfg/my.yaml"));
        assertEquals(1, guide.warnings().size(), guide.warnings()::toString);
        assertEquals("optimization", guide.warnings().get(0).key());
    }

    @Test
    void summaryOfAnEnabledFilterAndGivenScaling() {
        HomodyneConfig c = ConfigLoader.fromString("""
                analyzer_parameters: {dt: 0.1}
                phi_filtering:
                  enabled: true
                  target_ranges: [{min_angle: -10, max_angle: 10}, {min_angle: 170, max_angle: -170}]
                initial_parameters:
                  per_angle_scaling: {contrast: 0.2, offset: [1, 1.1]}
                optimization:
                  streaming: {enable_checkpoints: false, batch_size: 50000}
                performance: {memory_limit_gb: 4, cpu_threads: 8, strategy_override: large}
                """, null);
        List<String> lines = ConfigSummary.lines(c);
        String all = String.join("\n", lines);
        assertTrue(all.contains("phi filter:       keep angles in any of [-10, 10], [170, -170] deg"), all);
        assertTrue(all.matches("(?s).*contrast\\s+start 0.2\\s+bounds.*"), all);
        assertTrue(all.matches("(?s).*offset\\s+start \\[1, 1.1]\\s+bounds.*"), all);
        assertTrue(all.contains("checkpoints:      off"), all);
        assertTrue(all.contains("batches:          size 50000 points"), all);
        assertTrue(all.contains("performance:      strategy large, memory limit 4 GB, device auto (gpu 0), cpu threads 8"),
                all);
        assertTrue(all.contains("config file:      (not from a file)"), all);
    }
}
