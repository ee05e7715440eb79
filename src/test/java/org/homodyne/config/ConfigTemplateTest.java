package org.homodyne.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ParameterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The template of {@code homodyne config} loads back with zero warnings and holds every default. */
class ConfigTemplateTest {

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void templateLoadsWithoutWarningsAndEqualsTheDefaults(AnalysisMode mode) {
        String text = ConfigTemplate.render(mode);
        Path file = Path.of("/cfg/template.yaml");
        HomodyneConfig loaded = ConfigLoader.fromString(text, file);
        assertTrue(loaded.warnings().isEmpty(), loaded.warnings()::toString);

        HomodyneConfig defaults = ConfigLoader.defaults(mode, Path.of("/cfg/data/your_data.h5"),
                ConfigTemplate.PLACEHOLDER_DT);
        assertEquals(defaults.mode(), loaded.mode());
        assertEquals(defaults.data(), loaded.data());
        assertEquals(defaults.analyzer(), loaded.analyzer());
        assertEquals(defaults.phiFilter(), loaded.phiFilter());
        assertEquals(defaults.bounds(), loaded.bounds());
        assertEquals(defaults.convention(), loaded.convention());
        assertEquals(defaults.optimization(), loaded.optimization());
        assertEquals(defaults.streaming(), loaded.streaming());
        assertEquals(defaults.performance(), loaded.performance());
        assertEquals(defaults.output(), loaded.output());
        assertEquals(mode.physicalNames(), loaded.initial().parameterNames());
        assertNull(loaded.initial().values());
        assertNull(loaded.initial().contrast());
    }

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void templateIsAsciiAndMentionsEveryKey(AnalysisMode mode) {
        String text = ConfigTemplate.render(mode);
        assertTrue(text.chars().allMatch(ch -> ch < 128), "template must be ASCII");
        for (String key : new String[] {"analysis_mode:", "file_path:", "dt:", "start_frame:", "end_frame:",
            "wavevector_q:", "stator_rotor_gap:", "enabled:", "target_ranges:", "parameter_names:", "values:",
            "contrast:", "offset:", "bounds:", "shear_convention:", "method:", "max_iterations:", "tolerance:",
            "per_angle_mode:", "enable_checkpoints:", "checkpoint_dir:", "checkpoint_frequency:",
            "resume_from_checkpoint:", "keep_last_checkpoints:", "enable_fault_tolerance:",
            "max_retries_per_batch:", "min_success_rate:", "enable_progress:", "save_batch_statistics:",
            "batch_size:", "strategy_override:", "memory_limit_gb:", "device:", "gpu_id:", "cpu_threads:",
            "save_fitted_data:", "save_plots:"}) {
            assertTrue(text.contains(key), key);
        }
    }

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void exampleValuesInTheCommentLoad(AnalysisMode mode) {
        String text = ConfigTemplate.render(mode);
        String example = text.lines().filter(l -> l.startsWith("  # Example: values: ")).findFirst().orElseThrow();
        String withValues = text.replace("  values: null\n", example.replace("# Example: ", "") + "\n");
        HomodyneConfig c = ConfigLoader.fromString(withValues, null);
        assertEquals(mode.physicalCount(), c.initial().values().length);
    }

    /**
     * The template's example start values are the parameter table's typical starts, and
     * docs/CONFIGURATION.md shows the same list and the same table (issue 16: they had drifted).
     */
    @Test
    void templateDocsAndParameterTableAgree() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("homodyne.project.dir", "."), "docs",
                "CONFIGURATION.md"));
        String laminarStarts = "[" + String.join(", ", ConfigTemplate.typicalStarts(AnalysisMode.LAMINAR_FLOW)) + "]";
        assertTrue(ConfigTemplate.render(AnalysisMode.LAMINAR_FLOW).contains("# Example: values: " + laminarStarts));
        assertTrue(doc.contains("`" + laminarStarts + "`"), "docs/CONFIGURATION.md shows " + laminarStarts);
        Pattern row = Pattern.compile("^\\| `(\\w+)` \\| (?:`(\\w+)`)? ?\\| (\\S*) \\| \\[(\\S+), (\\S+)] \\| ([^|]+) \\| "
                + "([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(doc);
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            ModelParameter p = ParameterNames.find(m.group(1)).orElseThrow(() -> new AssertionError(m.group()));
            documented.add(p.name());
            assertEquals(p.aliases().isEmpty() ? null : p.aliases().get(0), m.group(2), m.group());
            assertEquals(p.unit().isEmpty() ? "–" : p.unit(), m.group(3), m.group());
            assertEquals(p.defaultBounds().min(), Double.parseDouble(m.group(4).replace('−', '-')), m.group());
            assertEquals(p.defaultBounds().max(), Double.parseDouble(m.group(5).replace('−', '-')), m.group());
            boolean scaling = ModelParameter.SCALING.contains(p);
            assertEquals(scaling ? "from the data" : Numbers.format(p.typicalStart()), m.group(6).trim(), m.group());
        }
        assertEquals(ParameterNames.all().stream().map(ModelParameter::name).toList(), documented);
    }
}
