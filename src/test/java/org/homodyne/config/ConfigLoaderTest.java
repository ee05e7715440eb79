package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.load;
import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.homodyne.backend.DeviceChoice;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.Strategy;
import org.junit.jupiter.api.Test;

/** Values, defaults and conversions of valid configs. */
class ConfigLoaderTest {

    @Test
    void onlyDtGivesEveryDefault() {
        HomodyneConfig c = loadWithDt("");
        assertEquals(AnalysisMode.LAMINAR_FLOW, c.mode());
        assertNull(c.data().filePath());
        assertEquals(new AnalyzerConfig(0.1, 1, -1, 0.0054, 2e6), c.analyzer());
        assertEquals(new PhiFilterConfig(false, List.of()), c.phiFilter());
        assertEquals(InitialParameters.none(), c.initial());
        assertEquals(ShearConvention.HOMODYNE, c.convention());
        assertEquals(new OptimizationConfig("nlsq", 100, 1e-8, 1e-8, 1e-8, PerAngleMode.AUTO), c.optimization());
        assertEquals(new StreamingConfig(true, "./checkpoints", 10, true, 3, true, 2, 0.5, true, true, null),
                c.streaming());
        assertEquals(new PerformanceConfig(null, null, DeviceChoice.AUTO, 0, null), c.performance());
        assertEquals(new OutputConfig(true, true), c.output());
        assertTrue(c.warnings().isEmpty(), c.warnings()::toString);
        assertEquals(PRETEND(), c.sourceFile());
    }

    private static Path PRETEND() {
        return ConfigTestSupport.PRETEND_FILE;
    }

    @Test
    void defaultsMatchAnEmptyConfigWithDt() {
        HomodyneConfig fromText = loadWithDt("");
        HomodyneConfig built = ConfigLoader.defaults(AnalysisMode.LAMINAR_FLOW, null, 0.1);
        assertEquals(fromText.analyzer(), built.analyzer());
        assertEquals(fromText.bounds(), built.bounds());
        assertEquals(fromText.streaming(), built.streaming());
        assertEquals(fromText.optimization(), built.optimization());
        assertEquals(fromText.performance(), built.performance());
        assertEquals(fromText.initial(), built.initial());
        assertNull(built.sourceFile());
    }

    @Test
    void everyKeyIsRead() {
        HomodyneConfig c = load("""
                analysis_mode: static_isotropic
                experimental_data:
                  file_path: data/run1.h5
                analyzer_parameters:
                  dt: 1e-3
                  start_frame: 11
                  end_frame: 1010
                  scattering:
                    wavevector_q: 0.01
                  geometry:
                    stator_rotor_gap: 1e6
                phi_filtering:
                  enabled: yes
                  target_ranges:
                    - min_angle: -10
                      max_angle: 10
                    - {min_angle: 170, max_angle: -170}
                initial_parameters:
                  parameter_names: [alpha, D0, D_offset]
                  values: [0.5, 2000, -3]
                  per_angle_scaling:
                    contrast: 0.2
                    offset: [1.0, 1.01]
                parameter_space:
                  bounds:
                    - name: D0
                      min: 10
                      max: 1e4
                model:
                  shear_convention: physical
                optimization:
                  method: NLSQ
                  nlsq:
                    max_iterations: 250
                    tolerance: 1e-6
                    xtol: 1e-10
                    per_angle_mode: constant
                  streaming:
                    enable_checkpoints: false
                    checkpoint_dir: /scratch/ckpt
                    checkpoint_frequency: 5
                    resume_from_checkpoint: no
                    keep_last_checkpoints: 1
                    enable_fault_tolerance: off
                    max_retries_per_batch: 0
                    min_success_rate: 1
                    enable_progress: false
                    save_batch_statistics: false
                    batch_size: 1e6
                performance:
                  strategy_override: chunked
                  memory_limit_gb: 1.5
                  device: cpu
                  gpu_id: 1
                  cpu_threads: 4
                output:
                  save_fitted_data: false
                  save_plots: False
                """);
        assertEquals(AnalysisMode.STATIC, c.mode());
        assertEquals(Path.of("/cfg/data/run1.h5"), c.data().filePath());
        assertEquals(new AnalyzerConfig(1e-3, 11, 1010, 0.01, 1e6), c.analyzer());
        assertEquals(new PhiFilterConfig(true, List.of(new AngleRange(-10, 10), new AngleRange(170, -170))),
                c.phiFilter());
        assertEquals(List.of("alpha", "D0", "D_offset"), c.initial().parameterNames());
        // values come back in the canonical order D0, alpha, D_offset
        assertArrayEquals(new double[] {2000, 0.5, -3}, c.initial().values());
        assertArrayEquals(new double[] {0.2}, c.initial().contrast());
        assertArrayEquals(new double[] {1.0, 1.01}, c.initial().offset());
        assertEquals(new Bounds(10, 1e4), c.boundsOf("D0"));
        assertEquals(ParameterNames.defaultBounds("alpha"), c.boundsOf("alpha"));
        assertEquals(ShearConvention.PHYSICAL, c.convention());
        assertEquals(new OptimizationConfig("nlsq", 250, 1e-6, 1e-10, 1e-6, PerAngleMode.CONSTANT), c.optimization());
        assertEquals(new StreamingConfig(false, "/scratch/ckpt", 5, false, 1, false, 0, 1.0, false, false, 1_000_000L),
                c.streaming());
        assertEquals(new PerformanceConfig(Strategy.CHUNKED, 1.5, DeviceChoice.CPU, 1, 4), c.performance());
        assertEquals(new OutputConfig(false, false), c.output());
        assertTrue(c.warnings().isEmpty(), c.warnings()::toString);
    }

    @Test
    void boundsCoverContrastOffsetAndBothModesInCanonicalOrder() {
        HomodyneConfig c = loadWithDt("analysis_mode: static\n");
        assertEquals(List.of("contrast", "offset", "D0", "alpha", "D_offset", "gamma_dot_t0", "beta",
                "gamma_dot_t_offset", "phi0"), List.copyOf(c.bounds().keySet()));
        assertEquals(ParameterNames.defaultBounds("phi0"), c.boundsOf("phi_0"));
    }

    @Test
    void aliasesInBoundsAndParameterNames() {
        HomodyneConfig c = loadWithDt("""
                initial_parameters:
                  parameter_names: [phi_0, gamma_dot_offset, gamma_dot_0, beta, D_offset, alpha, D0]
                  values: [1, 0.01, 0.1, 0.5, 5, -1, 1000]
                parameter_space:
                  bounds:
                    - {name: phi_0, min: -180, max: 180}
                    - {name: gamma_dot_0, min: 1e-6, max: 1}
                """);
        assertEquals(new Bounds(-180, 180), c.boundsOf("phi0"));
        assertEquals(new Bounds(1e-6, 1), c.boundsOf("gamma_dot_t0"));
        assertEquals(List.of("phi0", "gamma_dot_t_offset", "gamma_dot_t0", "beta", "D_offset", "alpha", "D0"),
                c.initial().parameterNames());
        assertArrayEquals(new double[] {1000, -1, 5, 0.1, 0.5, 0.01, 1}, c.initial().values());
    }

    @Test
    void valuesWithoutNamesAreInCanonicalOrder() {
        HomodyneConfig c = loadWithDt("analysis_mode: static\ninitial_parameters:\n  values: [500, 0.1, 2]\n");
        assertArrayEquals(new double[] {500, 0.1, 2}, c.physicalStartValues());
        assertTrue(c.initial().parameterNames().isEmpty());
    }

    @Test
    void nullValuesMeanMidpoints() {
        HomodyneConfig c = loadWithDt("analysis_mode: static\ninitial_parameters:\n  values: null\n"
                + "parameter_space:\n  bounds:\n    - {name: D0, min: 100, max: 300}\n");
        assertNull(c.initial().values());
        assertArrayEquals(new double[] {200, 0, 0}, c.physicalStartValues());
    }

    @Test
    void nullMeansDefaultAndAutoMeansAutomatic() {
        HomodyneConfig c = loadWithDt("""
                analysis_mode: ~
                optimization:
                  nlsq:
                    max_iterations: null
                    per_angle_mode:
                  streaming:
                    batch_size: auto
                performance:
                  strategy_override: null
                  memory_limit_gb: auto
                  cpu_threads: "auto"
                  device: ~
                """);
        assertEquals(AnalysisMode.LAMINAR_FLOW, c.mode());
        assertEquals(OptimizationConfig.defaults(), c.optimization());
        assertNull(c.streaming().batchSize());
        assertEquals(PerformanceConfig.defaults(), c.performance());
    }

    @Test
    void numbersInAnyYamlSpelling() {
        HomodyneConfig c = load("""
                analyzer_parameters:
                  dt: "1e-3"
                  start_frame: +2
                  end_frame: 1_000
                  scattering: {wavevector_q: .0054}
                  geometry: {stator_rotor_gap: 2E+6}
                optimization:
                  nlsq: {max_iterations: 1e3, tolerance: 1.0e-08}
                """);
        assertEquals(new AnalyzerConfig(1e-3, 2, 1000, 0.0054, 2e6), c.analyzer());
        assertEquals(1000, c.optimization().maxIterations());
        assertEquals(1e-8, c.optimization().ftol());
    }

    @Test
    void parameterSpaceModelSetsTheMode() {
        assertEquals(AnalysisMode.STATIC, loadWithDt("parameter_space:\n  model: static_anisotropic\n").mode());
        assertEquals(AnalysisMode.STATIC,
                loadWithDt("analysis_mode: static\nparameter_space:\n  model: static_isotropic\n").mode());
    }

    @Test
    void dataFolderAndFileName() {
        HomodyneConfig c = loadWithDt("experimental_data:\n  data_folder_path: ./data/sample/\n"
                + "  data_file_name: run.hdf\n");
        assertEquals(Path.of("/cfg/data/sample/run.hdf"), c.data().filePath());
        HomodyneConfig abs = loadWithDt("experimental_data:\n  file_path: /abs/x.h5\n");
        assertEquals(Path.of("/abs/x.h5"), abs.data().filePath());
        HomodyneConfig nameOnly = loadWithDt("experimental_data:\n  data_file_name: ../x.h5\n");
        assertEquals(Path.of("/x.h5"), nameOnly.data().filePath());
    }

    @Test
    void fileReadFromDiskResolvesAgainstItsFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/my.yaml");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "analyzer_parameters: {dt: 0.5}\nexperimental_data:\n"
                + "  file_path: ../d.h5\n");
        HomodyneConfig c = ConfigLoader.load(file);
        assertEquals(dir.resolve("d.h5").toAbsolutePath().normalize(), c.data().filePath());
        assertEquals(file, c.sourceFile());
        assertEquals(0.5, c.analyzer().dt());
    }

    @Test
    void recordsAreImmutable() {
        double[] values = {1, 2, 3};
        InitialParameters p = new InitialParameters(List.of("D0"), values, null, null);
        values[0] = 99;
        assertEquals(1, p.values()[0]);
        p.values()[1] = 99;
        assertEquals(2, p.values()[1]);
        HomodyneConfig c = loadWithDt("");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> c.bounds().put("D0", new Bounds(0, 1)));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> c.warnings().add(new ConfigWarning("k", 1, "m")));
    }

    @Test
    void toStringsAreReadable() {
        InitialParameters p = new InitialParameters(List.of("D0"), new double[] {1000, 0.5, 1e-8}, null,
                new double[] {1.0});
        assertEquals("InitialParameters[parameterNames=[D0], values=[1000, 0.5, 1e-8], contrast=from data,"
                + " offset=[1]]", p.toString());
        assertEquals("[170, -170]", new AngleRange(170, -170).toString());
        String s = loadWithDt("").toString();
        assertTrue(s.contains("dt=0.1") && !s.contains("[D@"), s);
    }

    @Test
    void angleRanges() {
        AngleRange plain = new AngleRange(-10, 10);
        assertTrue(plain.contains(0) && plain.contains(10) && plain.contains(-10) && plain.contains(360));
        assertFalse(plain.contains(10.5));
        AngleRange wrapped = new AngleRange(170, -170);
        assertTrue(wrapped.contains(180) && wrapped.contains(-180) && wrapped.contains(175) && wrapped.contains(-170));
        assertFalse(wrapped.contains(0) || wrapped.contains(169));
        AngleRange homodyneStyle = new AngleRange(160, 200); // homodyne templates write ranges beyond 180
        assertTrue(homodyneStyle.contains(-170) && homodyneStyle.contains(170));
        assertFalse(homodyneStyle.contains(0));
        assertTrue(new AngleRange(-180, 180).contains(0) && new AngleRange(0, 360).contains(-90));
        PhiFilterConfig off = new PhiFilterConfig(false, List.of(plain));
        assertTrue(off.accepts(90));
        PhiFilterConfig on = new PhiFilterConfig(true, List.of(plain, new AngleRange(80, 100)));
        assertTrue(on.accepts(90) && on.accepts(5));
        assertFalse(on.accepts(45));
    }

    @Test
    void numberFormatting() {
        assertEquals("0.0054", Numbers.format(0.0054));
        assertEquals("100000", Numbers.format(1e5));
        assertEquals("2000000", Numbers.format(2e6));
        assertEquals("1e-8", Numbers.format(1e-8));
        assertEquals("-1.5e-6", Numbers.format(-1.5e-6));
        assertEquals("2.5e7", Numbers.format(2.5e7));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("0.1", Numbers.format(0.1));
    }
}
