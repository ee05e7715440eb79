package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.load;
import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Accepted-but-suspicious configs: unknown keys, merged duplicates, tolerated homodyne keys. */
class ConfigWarningsTest {

    private static List<String> messages(HomodyneConfig c) {
        return c.warnings().stream().map(ConfigWarning::toString).toList();
    }

    @Test
    void unknownKeysNameFullKeyAndLine() {
        HomodyneConfig c = loadWithDt("""
                optimization:
                  nlsq:
                    max_iterations: 10
                    foo: 1
                  bar: {x: 1}
                colour: blue
                phi_filtering:
                  target_ranges:
                    - {min_angle: 0, max_angle: 10, width: 3}
                """);
        assertEquals(List.of(
                "unknown key optimization.nlsq.foo (line 6): ignored",
                "unknown key optimization.bar (line 7): ignored",
                "unknown key colour (line 8): ignored",
                "unknown key phi_filtering.target_ranges[0].width (line 11): ignored"), messages(c));
        ConfigWarning first = c.warnings().get(0);
        assertEquals("optimization.nlsq.foo", first.key());
        assertEquals(6, first.line());
        assertEquals(10, c.optimization().maxIterations());
    }

    @Test
    void anUnknownSubtreeWarnsOnce() {
        HomodyneConfig c = loadWithDt("noise_estimation:\n  enabled: false\n  adam_config:\n    lr: 0.01\n");
        assertEquals(List.of("unknown key noise_estimation (line 3): ignored"), messages(c));
    }

    @Test
    void hintsForKeysThatLiveElsewhere() {
        HomodyneConfig c = loadWithDt("output:\n  directory: ./results\n"
                + "optimization:\n  nlsq:\n    anti_degeneracy:\n      per_angle_mode: constant\n");
        assertEquals(List.of(
                "unknown key output.directory (line 4): ignored (the output folder is given on the command line)",
                "unknown key optimization.nlsq.anti_degeneracy (line 7): ignored (homodyne's"
                        + " anti_degeneracy.per_angle_mode is optimization.nlsq.per_angle_mode here)"), messages(c));
    }

    @Test
    void toleratedHomodyneKeysAreSilent() {
        HomodyneConfig c = loadWithDt("""
                metadata:
                  config_version: "2.23.1"
                analysis_settings:
                  model_description: {type: x}
                logging:
                  level: INFO
                initial_parameters:
                  units: ["A^2/s", "-", "A^2/s"]
                parameter_space:
                  bounds:
                    - name: D0
                      min: 100
                      max: 1000
                      type: TruncatedNormal
                      prior_mu: 500
                      prior_sigma: 100
                      unit: "A^2/s"
                      description: diffusion
                phi_filtering:
                  target_ranges:
                    - {min_angle: 0, max_angle: 10, description: flow}
                optimization:
                  nlsq:
                    loss: linear
                    trust_region_scale: 1.0
                    x_scale: jac
                    x_scale_map: null
                    verbose: false
                  mcmc: {num_samples: 10}
                  cmc: {enable: auto}
                output:
                  formats: {json: true}
                  create_subdirs: true
                  timestamp_dirs: false
                """);
        assertTrue(c.warnings().isEmpty(), c.warnings()::toString);
        assertTrue(IgnoredKeys.isTolerated("parameter_space.bounds[12].prior_mu"));
        assertTrue(IgnoredKeys.isTolerated("metadata.anything.below"));
    }

    @Test
    void robustLossIsReportedNotSilentlyDropped() {
        HomodyneConfig c = loadWithDt("optimization:\n  nlsq:\n    loss: soft_l1\n");
        assertEquals(List.of("optimization.nlsq.loss = \"soft_l1\" (line 5): only plain least squares (linear) is"
                + " implemented; ignored"), messages(c));
    }

    @Test
    void duplicateTopLevelMappingIsMergedWithBothLines() {
        HomodyneConfig c = loadWithDt("""
                optimization:
                  method: nlsq
                  nlsq:
                    max_iterations: 7
                optimization:
                  streaming:
                    keep_last_checkpoints: 9
                """);
        assertEquals(List.of("key optimization given twice (lines 3 and 7): the two blocks are merged"), messages(c));
        assertEquals(7, c.optimization().maxIterations());
        assertEquals(9, c.streaming().keepLastCheckpoints());
        assertEquals(7, c.warnings().get(0).line());
        assertEquals("optimization", c.warnings().get(0).key());
    }

    @Test
    void nestedDuplicateMappingsMergeToo() {
        HomodyneConfig c = loadWithDt("""
                optimization:
                  nlsq:
                    max_iterations: 7
                  nlsq:
                    tolerance: 1e-6
                """);
        assertEquals(List.of("key optimization.nlsq given twice (lines 4 and 6): the two blocks are merged"),
                messages(c));
        assertEquals(7, c.optimization().maxIterations());
        assertEquals(1e-6, c.optimization().xtol());
    }

    @Test
    void phiFilterEnabledWithoutRanges() {
        HomodyneConfig c = loadWithDt("phi_filtering:\n  enabled: true\n");
        assertEquals(List.of("phi_filtering.enabled is true (line 4) but no target_ranges are given: all angles are"
                + " kept"), messages(c));
    }

    @Test
    void parameterNamesOfTheOtherModeWithNullValues() {
        HomodyneConfig c = loadWithDt("analysis_mode: static\ninitial_parameters:\n"
                + "  parameter_names: [D0, alpha, D_offset, gamma_dot_t0]\n  values: null\n");
        assertEquals(List.of("initial_parameters.parameter_names (line 5) does not list the static parameters"
                + " (D0, alpha, D_offset); ignored since values is null"), messages(c));
    }

    @Test
    void legacyDataPathThatDisagreesWithFilePath() {
        HomodyneConfig c = loadWithDt("experimental_data:\n  file_path: a.h5\n  data_folder_path: ./d\n"
                + "  data_file_name: b.h5\n");
        assertEquals(Path.of("/cfg/a.h5"), c.data().filePath());
        assertEquals(List.of("experimental_data.file_path and data_folder_path + data_file_name (line 6) name"
                + " different files: /cfg/a.h5 (file_path) is used"), messages(c));
        HomodyneConfig same = loadWithDt("experimental_data:\n  file_path: ./d/b.h5\n  data_folder_path: ./d/\n"
                + "  data_file_name: b.h5\n");
        assertTrue(same.warnings().isEmpty(), same.warnings()::toString);
    }

    @Test
    void warningsAreInFileOrder() {
        HomodyneConfig c = load("zzz: 1\nanalyzer_parameters:\n  dt: 0.1\n  yyy: 2\n");
        assertEquals(List.of("unknown key zzz (line 1): ignored",
                "unknown key analyzer_parameters.yyy (line 4): ignored"), messages(c));
    }
}
