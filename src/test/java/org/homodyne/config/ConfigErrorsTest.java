package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every class of config error gives ONE line naming file, line, key, value and what is allowed. */
class ConfigErrorsTest {
    private static final String DT = "analyzer_parameters:\n  dt: 0.1\n";

    @Test
    void wrongType() {
        assertEquals("/cfg/config.yaml line 5: optimization.nlsq.max_iterations = \"ten\": expected an integer >= 1",
                error(DT + "optimization:\n  nlsq:\n    max_iterations: ten\n"));
        assertEquals("/cfg/config.yaml line 2: analyzer_parameters.dt = \"fast\": expected a number > 0"
                + " (the frame time in seconds)", error("analyzer_parameters:\n  dt: fast\n"));
        assertEquals("/cfg/config.yaml line 4: output.save_plots = \"maybe\": expected true or false",
                error(DT + "output:\n  save_plots: maybe\n"));
        assertEquals("/cfg/config.yaml line 3: optimization = \"nlsq\": expected a mapping (keys indented below"
                + " optimization:)", error(DT + "optimization: nlsq\n"));
        assertEquals("/cfg/config.yaml line 5: optimization.nlsq.tolerance = (a list): expected a number > 0",
                error(DT + "optimization:\n  nlsq:\n    tolerance: [1, 2]\n"));
    }

    @Test
    void aliasesThatExpandBeyondAnyConfigAreRejectedBeforeTheyAreCopied() {
        // 285 bytes that expanded to ~10^6 values (338 MB) before the limit (a fuzzing finding).
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'h'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int k = 0; k < 6; k++) {
                yaml.append(k == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        String message = error(DT + yaml);
        assertTrue(message.contains("expands to more than 100000 values (YAML aliases repeating blocks?)"), message);
    }

    @Test
    void aTagSnakeyamlRejectsWithAnIllegalArgumentExceptionIsInvalidYaml() {
        // " !n%13" made snakeyaml throw IllegalArgumentException, not a YAMLException (a fuzzing finding).
        assertEquals("/cfg/config.yaml: invalid YAML: Tag must not contain leading or trailing spaces.",
                error(" !n%13"));
    }

    @Test
    void aKeyWithALineBreakIsNamedOnOneLine() {
        assertEquals("/cfg/config.yaml line 4: a?b given twice (lines 3 and 4): a value may be given only once (only"
                + " mappings given twice are merged)", error(DT + "\"a\\nb\": 1\n\"a\\nb\": 2\n"));
    }

    @Test
    void floatWhereAnIntegerIsExpected() {
        assertEquals("/cfg/config.yaml line 5: optimization.nlsq.max_iterations = 100.5: expected an integer >= 1",
                error(DT + "optimization:\n  nlsq:\n    max_iterations: 100.5\n"));
        assertEquals("/cfg/config.yaml line 3: analyzer_parameters.start_frame = 1.0: expected an integer >= 1"
                + " (first frame, 1-based)", error(DT + "  start_frame: 1.0\n"));
    }

    @Test
    void outOfRange() {
        assertEquals("/cfg/config.yaml line 2: analyzer_parameters.dt = 0: expected a number > 0"
                + " (the frame time in seconds)", error("analyzer_parameters:\n  dt: 0\n"));
        assertEquals("/cfg/config.yaml line 4: analyzer_parameters.end_frame = 5: expected -1 (to the last frame)"
                + " or an integer >= start_frame (10)", error(DT + "  start_frame: 10\n  end_frame: 5\n"));
        assertEquals("/cfg/config.yaml line 5: optimization.streaming.min_success_rate = 1.5: expected a number"
                + " from 0 to 1", error(DT + "optimization:\n  streaming:\n    min_success_rate: 1.5\n"));
        assertEquals("/cfg/config.yaml line 5: optimization.streaming.batch_size = 10: expected auto or an integer"
                + " >= 1000 (points per batch)", error(DT + "optimization:\n  streaming:\n    batch_size: 10\n"));
        assertEquals("/cfg/config.yaml line 4: performance.gpu_id = -1: expected an integer >= 0 (CUDA device"
                + " number)", error(DT + "performance:\n  gpu_id: -1\n"));
        assertEquals("/cfg/config.yaml line 4: performance.memory_limit_gb = 0: expected auto or a number > 0 (GB)",
                error(DT + "performance:\n  memory_limit_gb: 0\n"));
        assertTrue(error(DT + "optimization:\n  streaming:\n    max_retries_per_batch: -1\n")
                .contains("optimization.streaming.max_retries_per_batch = -1: expected an integer >= 0"));
        assertTrue(error(DT + "optimization:\n  streaming:\n    checkpoint_frequency: 0\n")
                .contains("line 5: optimization.streaming.checkpoint_frequency = 0: expected an integer >= 1"));
        assertTrue(error(DT + "performance:\n  cpu_threads: 0\n")
                .contains("line 4: performance.cpu_threads = 0: expected auto or an integer >= 1"));
        assertTrue(error(DT + "phi_filtering:\n  target_ranges:\n    - {min_angle: -400, max_angle: 0}\n")
                .contains("line 5: phi_filtering.target_ranges[0].min_angle = -400: expected an angle in degrees"));
        assertTrue(error(DT + "  scattering:\n    wavevector_q: -0.1\n")
                .contains("line 4: analyzer_parameters.scattering.wavevector_q = -0.1: expected a number > 0"));
        assertTrue(error(DT + "optimization:\n  nlsq:\n    gtol: 0\n")
                .contains("line 5: optimization.nlsq.gtol = 0: expected a number > 0"));
    }

    @Test
    void unknownEnumValue() {
        assertEquals("/cfg/config.yaml line 5: optimization.nlsq.per_angle_mode = \"spline\": expected one of:"
                + " individual, auto, constant, fourier", error(DT + "optimization:\n  nlsq:\n    per_angle_mode: spline\n"));
        assertEquals("/cfg/config.yaml line 1: analysis_mode = \"shear\": expected one of: static, static_isotropic,"
                + " static_anisotropic, laminar_flow", error("analysis_mode: shear\n" + DT));
        assertEquals("/cfg/config.yaml line 4: optimization.method = \"mcmc\": expected one of: nlsq (the only method"
                + " implemented)", error(DT + "optimization:\n  method: mcmc\n"));
        assertTrue(error(DT + "performance:\n  device: tpu\n")
                .contains("line 4: performance.device = \"tpu\": expected one of: auto, gpu, cpu"));
        assertTrue(error(DT + "performance:\n  strategy_override: huge\n")
                .contains("line 4: performance.strategy_override = \"huge\": expected one of: standard, large,"));
        assertTrue(error(DT + "model:\n  shear_convention: other\n")
                .contains("line 4: model.shear_convention = \"other\": expected one of: homodyne, physical"));
    }

    @Test
    void modeGivenTwiceDifferently() {
        assertEquals("/cfg/config.yaml line 5: parameter_space.model = static disagrees with analysis_mode ="
                + " laminar_flow (line 3): give one of them, or make them agree",
                error(DT + "analysis_mode: laminar_flow\nparameter_space:\n  model: static\n"));
    }

    @Test
    void boundsMinNotBelowMax() {
        assertEquals("/cfg/config.yaml line 6: parameter_space.bounds[0] (alpha): min = 2 must be < max = 1",
                error(DT + "parameter_space:\n  bounds:\n    - name: alpha\n      min: 2\n      max: 1\n"));
        assertTrue(error(DT + "parameter_space:\n  bounds:\n    - {name: D0, min: 5, max: 5}\n")
                .contains("line 5: parameter_space.bounds[0] (D0): min = 5 must be < max = 5"));
    }

    @Test
    void boundsProblems() {
        assertEquals("/cfg/config.yaml line 5: parameter_space.bounds[0].name = \"D1\": unknown parameter; expected a"
                + " parameter name: contrast, offset, D0, alpha, D_offset, gamma_dot_t0 (gamma_dot_0), beta,"
                + " gamma_dot_t_offset (gamma_dot_offset), phi0 (phi_0)",
                error(DT + "parameter_space:\n  bounds:\n    - {name: D1, min: 1, max: 2}\n"));
        assertTrue(error(DT + "parameter_space:\n  bounds:\n    - {name: D0, max: 2}\n")
                .contains("line 5: parameter_space.bounds[0].min is missing: expected a number"));
        assertTrue(error(DT + "parameter_space:\n  bounds:\n    - {name: phi0, min: 0, max: 2}\n"
                + "    - {name: phi_0, min: 0, max: 3}\n")
                .contains("line 6: parameter_space.bounds[1].name: bounds of phi0 given twice (lines 5 and 6)"));
        assertTrue(error(DT + "parameter_space:\n  bounds:\n    - D0\n")
                .contains("line 5: parameter_space.bounds[0] = \"D0\": expected a mapping with name, min and max"));
    }

    @Test
    void duplicateScalar() {
        assertEquals("/cfg/config.yaml line 3: analyzer_parameters.dt given twice (lines 2 and 3): a value may be"
                + " given only once (only mappings given twice are merged)",
                error("analyzer_parameters:\n  dt: 0.1\n  dt: 0.2\n"));
        // also inside merged top-level blocks, and for top-level scalars
        assertTrue(error(DT + "optimization:\n  nlsq:\n    max_iterations: 5\noptimization:\n  nlsq:\n"
                + "    max_iterations: 5\n").contains("line 8: optimization.nlsq.max_iterations given twice"
                + " (lines 5 and 8)"));
        assertTrue(error("analysis_mode: static\n" + DT + "analysis_mode: static\n")
                .contains("line 4: analysis_mode given twice (lines 1 and 4)"));
        assertTrue(error(DT + "phi_filtering:\n  target_ranges: []\n  target_ranges: []\n")
                .contains("line 5: phi_filtering.target_ranges given twice (lines 4 and 5)"));
    }

    @Test
    void missingDt() {
        assertEquals("/cfg/config.yaml: analyzer_parameters.dt is missing: expected a number > 0"
                + " (the frame time in seconds)", error("analysis_mode: static\n"));
        assertEquals("/cfg/config.yaml line 1: analyzer_parameters.dt is missing: expected a number > 0"
                + " (the frame time in seconds)", error("analyzer_parameters:\n  start_frame: 1\n"));
        assertEquals("/cfg/config.yaml line 2: analyzer_parameters.dt = null: expected a number > 0"
                + " (the frame time in seconds)", error("analyzer_parameters:\n  dt: null\n"));
        assertTrue(error("").contains("analyzer_parameters.dt is missing"));
    }

    @Test
    void badYamlSyntax() {
        String m = error(DT + "optimization:\n  nlsq:\n    max_iterations: 5\n   tolerance: 1e-8\n");
        assertTrue(m.startsWith("/cfg/config.yaml line 6: invalid YAML: "), m);
        String tab = error(DT + "output:\n\tsave_plots: true\n");
        assertTrue(tab.startsWith("/cfg/config.yaml line 4: invalid YAML: "), tab);
        String unclosed = error(DT + "phi_filtering:\n  target_ranges: [ {min_angle: 1, max_angle: 2}\n");
        assertTrue(unclosed.startsWith("/cfg/config.yaml line ") && unclosed.contains("invalid YAML"), unclosed);
        assertEquals("/cfg/config.yaml line 1: the top level of a config must be a mapping of keys (analysis_mode:,"
                + " analyzer_parameters:, ...)", error("- a\n- b\n"));
        assertTrue(error(DT + "---\n" + DT).contains("invalid YAML"));
        assertEquals("/cfg/config.yaml line 3: a[0]: a YAML alias refers to a block that contains it",
                error(DT + "a: &x [*x]\n"));
        assertTrue(error("base: &b {dt: 0.1}\nanalyzer_parameters:\n  <<: *b\n")
                .contains("line 3: analyzer_parameters: YAML merge keys (<<) are not supported"));
    }

    @Test
    void wrongValuesCount() {
        assertEquals("/cfg/config.yaml line 6: initial_parameters.values has 2 numbers but parameter_names (line 5)"
                + " has 3", error(DT + "analysis_mode: static\ninitial_parameters:\n  parameter_names: [D0, alpha,"
                + " D_offset]\n  values: [1, 2]\n"));
        assertEquals("/cfg/config.yaml line 4: initial_parameters.values has 3 numbers but the laminar_flow"
                + " parameters (D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0) need 7 (or give"
                + " parameter_names)", error(DT + "initial_parameters:\n  values: [1000, 0, 0]\n"));
        assertEquals("/cfg/config.yaml line 5: initial_parameters.parameter_names = [D0, alpha]: with values given,"
                + " it must list exactly the static parameters (D0, alpha, D_offset), in any order",
                error(DT + "analysis_mode: static\ninitial_parameters:\n  parameter_names: [D0, alpha]\n"
                        + "  values: [1000, 0]\n"));
    }

    @Test
    void parameterNameNotOfTheMode() {
        String m = error(DT + "analysis_mode: static\ninitial_parameters:\n  parameter_names: [D0, alpha, phi0]\n"
                + "  values: [1000, 0, 0]\n");
        assertTrue(m.contains("line 5: initial_parameters.parameter_names = [D0, alpha, phi0]: with values given,"
                + " it must list exactly the static parameters"), m);
    }

    @Test
    void unknownParameterName() {
        assertEquals("/cfg/config.yaml line 6: initial_parameters.parameter_names[1] = \"Dzero\": expected a parameter"
                + " name: contrast, offset, D0, alpha, D_offset, gamma_dot_t0 (gamma_dot_0), beta, gamma_dot_t_offset"
                + " (gamma_dot_offset), phi0 (phi_0)",
                error(DT + "initial_parameters:\n  parameter_names:\n    - D0\n    - Dzero\n"));
        assertTrue(error(DT + "initial_parameters:\n  parameter_names: [contrast]\n")
                .contains("line 4: initial_parameters.parameter_names[0] = contrast: contrast and offset are"
                        + " per-angle; give their start values in initial_parameters.per_angle_scaling"));
        assertTrue(error(DT + "analysis_mode: static\ninitial_parameters:\n  parameter_names: [D0, D0, alpha]\n")
                .contains("initial_parameters.parameter_names[1] = D0: listed twice"));
    }

    @Test
    void valueOutsideBounds() {
        assertEquals("/cfg/config.yaml line 5: initial_parameters.values[0] = 1e7: start value of D0 is outside its"
                + " bounds [100, 100000] (parameter_space.bounds)",
                error(DT + "analysis_mode: static\ninitial_parameters:\n  values: [1e7, 0, 0]\n"));
        // bounds from the config, values in written order
        assertTrue(error(DT + "analysis_mode: static\ninitial_parameters:\n  parameter_names: [alpha, D0, D_offset]\n"
                + "  values: [3, 1000, 0]\nparameter_space:\n  bounds:\n    - {name: alpha, min: 0, max: 1}\n")
                .contains("line 6: initial_parameters.values[0] = 3: start value of alpha is outside its bounds"
                        + " [0, 1]"));
        assertTrue(error(DT + "initial_parameters:\n  per_angle_scaling:\n    contrast: [0.1, 1.5]\n")
                .contains("line 5: initial_parameters.per_angle_scaling.contrast[1] = 1.5: start value of contrast"
                        + " is outside its bounds [0, 1]"));
        assertTrue(error(DT + "initial_parameters:\n  per_angle_scaling:\n    offset: 3\n")
                .contains("initial_parameters.per_angle_scaling.offset = 3: start value of offset is outside its"
                        + " bounds [0.5, 1.5]"));
    }

    @Test
    void perAngleStartValuesMustMatchTheSelectedAnglesOnceTheDataIsOpen() {
        HomodyneConfig c = ConfigTestSupport.loadWithDt(
                "initial_parameters:\n  per_angle_scaling:\n    contrast: [0.2, 0.3]\n    offset: [1.0]\n");
        c.checkAgainstData(2);
        assertEquals("/cfg/config.yaml: initial_parameters.per_angle_scaling.contrast has 2 values; the data has 3"
                + " angle(s): give 1 or 3", assertThrows(ConfigException.class, () -> c.checkAgainstData(3)).getMessage());
        HomodyneConfig none = ConfigTestSupport.loadWithDt("");
        none.checkAgainstData(7); // estimated from the data: nothing to check
    }

    @Test
    void dataPathProblems() {
        assertTrue(error(DT + "experimental_data:\n  data_folder_path: ./data\n")
                .contains("line 4: experimental_data.data_folder_path is given without data_file_name"));
        assertTrue(error(DT + "experimental_data:\n  file_path: \"\"\n")
                .contains("line 4: experimental_data.file_path = \"\": expected a file path"));
    }

    @Test
    void missingOrUnreadableFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.load(missing));
        assertEquals("config file not found: " + missing, e.getMessage());
        assertEquals(dir + " is a folder, not a config file",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(dir)).getMessage());
        Path binary = dir.resolve("bin.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertEquals(binary + ": not a UTF-8 text file",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(binary)).getMessage());
    }

    @Test
    void fileNameIsTheOneGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "analyzer_parameters:\n  dt: -1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + " line 2: analyzer_parameters.dt = -1: expected a number > 0 (the frame time in seconds)",
                e.getMessage());
    }

    @Test
    void fromStringWithoutAFileName() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromString("analyzer_parameters:"
                + "\n  dt: x\n", null));
        assertTrue(e.getMessage().startsWith("<config> line 2: "), e.getMessage());
    }

    @Test
    void defaultsRejectBadDt() {
        assertThrows(ConfigException.class,
                () -> ConfigLoader.defaults(org.homodyne.model.AnalysisMode.STATIC, null, 0));
        assertThrows(ConfigException.class,
                () -> ConfigLoader.defaults(org.homodyne.model.AnalysisMode.STATIC, null, Double.NaN));
    }
}
