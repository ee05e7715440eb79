package org.homodyne.stream;

import org.homodyne.model.AnalysisMode;

/**
 * Whether and how a global phase chooses the start of the fit (issue 11 §1), after homodyne's
 * priority CMA-ES > multi-start > local and this program's default policy: multi-start runs for
 * laminar_flow fits without start values ({@code initial_parameters.values: null}) unless
 * {@code multi_start.enable: false}; with start values, and for static fits, only when enabled.
 *
 * @param method     what runs
 * @param reason     why, in words (logged and written to convergence_metrics.json)
 * @param multiStart the multi-start settings (also the subsample's size)
 * @param cmaes      the CMA-ES settings
 */
public record GlobalSettings(Method method, String reason, MultiStartSettings multiStart, CmaesSettings cmaes) {
    /** The global phase's method. */
    public enum Method {
        NONE, MULTI_START, CMAES;

        /** "none", "multi_start", "cmaes". */
        public String id() {
            return org.homodyne.ConfigNames.of(this);
        }
    }

    public static GlobalSettings resolve(MultiStartSettings ms, CmaesSettings cm, AnalysisMode mode,
                                         boolean startValuesGiven) {
        if (cm.enable()) {
            return new GlobalSettings(Method.CMAES, "optimization.nlsq.cmaes.enable: true"
                    + (Boolean.TRUE.equals(ms.enable()) ? " (CMA-ES has priority over multi-start)" : ""), ms, cm);
        }
        if (ms.enable() != null) {
            return ms.enable()
                    ? new GlobalSettings(Method.MULTI_START, "optimization.nlsq.multi_start.enable: true", ms, cm)
                    : new GlobalSettings(Method.NONE, "optimization.nlsq.multi_start.enable: false", ms, cm);
        }
        if (mode.has(org.homodyne.model.ModelTerm.SHEAR) && !startValuesGiven) {
            return new GlobalSettings(Method.MULTI_START, "default for laminar_flow without start values"
                    + " (initial_parameters.values: null; multi_start.enable: false turns it off)", ms, cm);
        }
        return new GlobalSettings(Method.NONE, startValuesGiven ? "start values given (initial_parameters.values)"
                : "default for " + mode.configName() + " (multi_start.enable: true turns it on)", ms, cm);
    }

    public boolean enabled() {
        return method != Method.NONE;
    }
}
