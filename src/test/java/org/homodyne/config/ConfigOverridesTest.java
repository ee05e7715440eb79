package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.homodyne.InvalidSettingException;
import org.homodyne.backend.DeviceChoice;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.Strategy;
import org.junit.jupiter.api.Test;

/** Command-line flags applied on top of a config. */
class ConfigOverridesTest {

    @Test
    void noOverridesChangeNothing() {
        HomodyneConfig c = loadWithDt("analysis_mode: static\n");
        HomodyneConfig same = c.withOverrides(ConfigOverrides.NONE);
        assertEquals(c, same);
    }

    @Test
    void everyOverride() {
        HomodyneConfig c = loadWithDt("experimental_data:\n  file_path: a.h5\n").withOverrides(new ConfigOverrides(
                Path.of("b.h5"), null, 7, Strategy.STREAMING, DeviceChoice.CPU, 2, true));
        assertEquals(Path.of("b.h5").toAbsolutePath().normalize(), c.data().filePath());
        assertEquals(7, c.optimization().maxIterations());
        assertEquals(Strategy.STREAMING, c.performance().strategyOverride());
        assertEquals(DeviceChoice.CPU, c.performance().device());
        assertEquals(2, c.performance().gpuId());
        assertFalse(c.streaming().resumeFromCheckpoint());
        assertEquals(1e-8, c.optimization().ftol());
    }

    @Test
    void noResumeFalseKeepsTheConfig() {
        HomodyneConfig c = loadWithDt("").withOverrides(new ConfigOverrides(null, null, null, null, null, null, false));
        assertTrue(c.streaming().resumeFromCheckpoint());
    }

    @Test
    void badOverrideValues() {
        HomodyneConfig c = loadWithDt("");
        InvalidSettingException iterations = assertThrows(InvalidSettingException.class,
                () -> c.withOverrides(new ConfigOverrides(null, null, 0, null, null, null, null)));
        assertEquals("optimization.nlsq.max_iterations", iterations.setting());
        assertEquals("must be an integer >= 1, got 0", iterations.problem());
        InvalidSettingException gpu = assertThrows(InvalidSettingException.class,
                () -> c.withOverrides(new ConfigOverrides(null, null, null, null, null, -1, null)));
        assertEquals("performance.gpu_id", gpu.setting());
        assertEquals("must be a GPU number >= 0, got -1", gpu.problem());
    }

    @Test
    void laminarToStaticKeepsSharedStartValues() {
        HomodyneConfig laminar = loadWithDt("initial_parameters:\n  values: [1000, 0.5, 10, 0.01, 0.1, 0.001, 2]\n");
        HomodyneConfig c = laminar.withOverrides(new ConfigOverrides(null, AnalysisMode.STATIC, null, null, null,
                null, null));
        assertEquals(AnalysisMode.STATIC, c.mode());
        assertArrayEquals(new double[] {1000, 0.5, 10}, c.initial().values());
        assertEquals(List.of("analysis mode laminar_flow of the config overridden by static on the command line:"
                + " start values of gamma_dot_t0, beta, gamma_dot_t_offset, phi0 are not used"),
                c.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void staticToLaminarStartsNewParametersAtMidpoints() {
        HomodyneConfig stat = loadWithDt("analysis_mode: static\ninitial_parameters:\n  values: [1000, 0.5, 10]\n");
        HomodyneConfig c = stat.withOverrides(new ConfigOverrides(null, AnalysisMode.LAMINAR_FLOW, null, null, null,
                null, null));
        assertArrayEquals(new double[] {1000, 0.5, 10, 0.2500005, 0, 0, 0}, c.physicalStartValues(), 1e-15);
        assertTrue(c.warnings().get(0).message().endsWith("gamma_dot_t0, beta, gamma_dot_t_offset, phi0 start at"
                + " the midpoints of their bounds"), c.warnings()::toString);
    }

    @Test
    void modeChangeWithoutValuesNeedsNothing() {
        HomodyneConfig c = loadWithDt("").withOverrides(new ConfigOverrides(null, AnalysisMode.STATIC, null, null,
                null, null, null));
        assertEquals(3, c.physicalStartValues().length);
        assertTrue(c.warnings().isEmpty());
        assertSame(AnalysisMode.STATIC, c.mode());
    }
}
