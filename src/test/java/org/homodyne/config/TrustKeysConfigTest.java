package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.error;
import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.homodyne.fit.PerAngleMode;
import org.homodyne.fit.QualitySettings;
import org.homodyne.fit.SigmaChoice;
import org.homodyne.fit.StartSampler;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.CmaesSettings;
import org.homodyne.stream.GlobalSettings;
import org.homodyne.stream.MultiStartSettings;
import org.junit.jupiter.api.Test;

/** The keys of issue 11 (SPEC §8): values, defaults, errors, homodyne's flat spellings, the default policy. */
class TrustKeysConfigTest {
    static OptimizationConfig nlsq(String keys) {
        return loadWithDt("optimization:\n  nlsq:\n" + keys.indent(4)).optimization();
    }

    @Test
    void defaultsAreHomodynes() {
        OptimizationConfig o = loadWithDt("").optimization();
        assertEquals(SigmaChoice.fixed(0.01), o.sigma());
        assertTrue(o.sigmaIsDefault());
        assertEquals(2, o.fourierOrder());
        assertEquals(MultiStartSettings.defaults(), o.multiStart());
        assertNull(o.multiStart().enable(), "auto");
        assertEquals(10, o.multiStart().nStarts());
        assertEquals(42, o.multiStart().seed());
        assertEquals(CmaesSettings.defaults(), o.cmaes());
        assertFalse(o.cmaes().enable());
        assertEquals(100, o.cmaes().generations());
        assertEquals(QualitySettings.defaults(), o.quality());
        assertEquals(10.0, o.quality().reducedChi2Threshold());
        assertEquals(1e-9, o.quality().boundsTolerance());
    }

    @Test
    void sigmaIsANumberOrAuto() {
        assertEquals(SigmaChoice.fixed(0.004), nlsq("sigma: 4e-3").sigma());
        assertFalse(nlsq("sigma: 0.004").sigmaIsDefault());
        assertEquals(SigmaChoice.AUTO, nlsq("sigma: auto").sigma());
        assertEquals(SigmaChoice.AUTO, nlsq("sigma: AUTO").sigma());
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    sigma: -1\n")
                .contains("optimization.nlsq.sigma = -1: expected auto or a number > 0"));
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    sigma: noisy\n")
                .contains("optimization.nlsq.sigma = \"noisy\""));
    }

    @Test
    void fourierModeAndOrder() {
        OptimizationConfig o = nlsq("per_angle_mode: fourier\nfourier_order: 3");
        assertEquals(PerAngleMode.FOURIER, o.perAngleMode());
        assertEquals(3, o.fourierOrder());
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    fourier_order: 0\n")
                .contains("fourier_order = 0: expected an integer from 1 to 50"));
    }

    @Test
    void multiStartKeys() {
        MultiStartSettings m = nlsq("""
                multi_start:
                  enable: true
                  n_starts: 20
                  seed: 7
                  sampling_strategy: random
                  use_screening: false
                  screen_keep_fraction: 0.25
                  refine_top_k: 2
                  subsample_points: 200000
                """).multiStart();
        assertEquals(new MultiStartSettings(true, 20, 7, StartSampler.Strategy.RANDOM, false, 0.25, 2, 200_000L), m);
        assertEquals(Boolean.FALSE, nlsq("multi_start:\n  enable: false").multiStart().enable());
        assertNull(nlsq("multi_start:\n  enable: auto").multiStart().enable());
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    multi_start:\n"
                + "      sampling_strategy: sobol\n").contains("expected one of: latin_hypercube, random"));
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    multi_start:\n"
                + "      screen_keep_fraction: 0\n").contains("screen_keep_fraction = 0"));
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    multi_start:\n"
                + "      subsample_points: 10\n").contains("subsample_points = 10"));
    }

    @Test
    void cmaesKeys() {
        CmaesSettings c = nlsq("""
                cmaes:
                  enable: true
                  preset: cmaes-global
                  max_generations: 30
                  sigma: 0.3
                  popsize: 16
                  restart_strategy: none
                  max_restarts: 2
                  seed: 5
                  refine_with_nlsq: true
                """).cmaes();
        assertEquals(new CmaesSettings(true, CmaesSettings.Preset.CMAES_GLOBAL, 30, 0.3, 16,
                CmaesSettings.RestartStrategy.NONE, 2, 5, true), c);
        assertEquals(30, c.generations(), "max_generations wins over the preset");
        assertEquals(200, nlsq("cmaes:\n  preset: cmaes-global").cmaes().generations());
        assertEquals(50, nlsq("cmaes:\n  preset: cmaes-fast").cmaes().generations());
        assertEquals(9, CmaesSettings.defaults().population(7), "4 + floor(3 ln 7)");
        assertEquals(8, CmaesSettings.defaults().population(5), "the 5 searched laminar parameters");
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    cmaes:\n      sigma: 2\n")
                .contains("cmaes.sigma = 2: expected a number > 0 and <= 1"));
        assertTrue(error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    cmaes:\n      preset: fast\n")
                .contains("expected one of: cmaes-fast, cmaes, cmaes-global"));
    }

    @Test
    void qualityValidationNestedAndFlat() {
        QualitySettings nested = nlsq("""
                quality_validation:
                  enable: false
                  reduced_chi_squared_threshold: 5
                  bounds_tolerance: 1e-6
                  warn_on_bounds_hit: false
                  warn_on_max_iterations: false
                """).quality();
        assertEquals(new QualitySettings(false, 5, 1e-6, false, false), nested);
        QualitySettings flat = nlsq("""
                enable_quality_validation: false
                quality_reduced_chi_squared_threshold: 5
                quality_bounds_tolerance: 1e-6
                quality_warn_on_bounds_hit: false
                quality_warn_on_convergence_failure: false
                """).quality();
        assertEquals(nested, flat);
        assertFalse(nlsq("quality_validation:\n  warn_on_convergence_failure: false").quality().warnOnMaxIterations());
        assertTrue(loadWithDt("optimization:\n  nlsq:\n    quality_validation:\n      enable: true\n").warnings()
                .isEmpty());
        String twice = error("analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    quality_validation:\n"
                + "      reduced_chi_squared_threshold: 5\n    quality_reduced_chi_squared_threshold: 6\n");
        assertTrue(twice.contains("optimization.nlsq.quality_reduced_chi_squared_threshold")
                && twice.contains("quality_validation.reduced_chi_squared_threshold") && twice.contains("give it once"),
                twice);
    }

    @Test
    void defaultPolicyRunsMultiStartForLaminarFlowWithoutStartValuesOnly() {
        OptimizationConfig d = loadWithDt("").optimization();
        assertEquals(GlobalSettings.Method.MULTI_START,
                GlobalSettings.resolve(d.multiStart(), d.cmaes(), AnalysisMode.LAMINAR_FLOW, false).method());
        assertEquals(GlobalSettings.Method.NONE,
                GlobalSettings.resolve(d.multiStart(), d.cmaes(), AnalysisMode.LAMINAR_FLOW, true).method());
        assertEquals(GlobalSettings.Method.NONE,
                GlobalSettings.resolve(d.multiStart(), d.cmaes(), AnalysisMode.STATIC, false).method());
        OptimizationConfig on = nlsq("multi_start:\n  enable: true");
        assertEquals(GlobalSettings.Method.MULTI_START,
                GlobalSettings.resolve(on.multiStart(), on.cmaes(), AnalysisMode.STATIC, true).method());
        OptimizationConfig both = nlsq("multi_start:\n  enable: true\ncmaes:\n  enable: true");
        GlobalSettings g = GlobalSettings.resolve(both.multiStart(), both.cmaes(), AnalysisMode.STATIC, true);
        assertEquals(GlobalSettings.Method.CMAES, g.method(), "CMA-ES > multi-start > local");
        assertTrue(g.reason().contains("priority"));
    }

    @Test
    void theValidatedSummaryShowsTheNewSettings() {
        String lines = String.join("\n", ConfigSummary.lines(loadWithDt("optimization:\n  nlsq:\n    sigma: auto\n")));
        assertTrue(lines.contains("sigma:") && lines.contains("auto (estimated from the data"), lines);
        assertTrue(lines.contains("global start:") && lines.contains("multi_start (default for laminar_flow"), lines);
        assertTrue(lines.contains("quality checks:"), lines);
    }
}
