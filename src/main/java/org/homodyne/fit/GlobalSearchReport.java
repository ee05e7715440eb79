package org.homodyne.fit;

import java.util.List;

/**
 * What the global phase did (issue 11 §1), for convergence_metrics.json: the method and why, the
 * subsample, every start with its screening and local-fit χ², which were refined on the full data,
 * which won, and the time and passes of each phase. χ² values are in the full-matrix convention
 * ({@link FitStatistics#fullMatrixChi2}); those of the screening and local fits are over the
 * subsample's points only.
 *
 * @param method      "multi_start", "cmaes" or "none"
 * @param reason      why (the setting or the default policy that decided)
 * @param names       physical parameter names, the order of every point below
 * @param subsample   the subsample plan, or null when no global phase ran
 * @param starts      every start of multi-start (empty for CMA-ES and none)
 * @param cmaes       CMA-ES runs, or null
 * @param refinements the full-data fits, in order
 * @param winner      number of the refinement whose result is reported, or null
 * @param phases      time and passes per phase
 * @param resumed     whether finished work was read back from the global phase's checkpoint
 */
public record GlobalSearchReport(String method, String reason, List<String> names, Subsample subsample,
                                 List<Start> starts, Cmaes cmaes, List<Refinement> refinements, Integer winner,
                                 Phases phases, boolean resumed) {
    public GlobalSearchReport {
        names = List.copyOf(names);
        starts = List.copyOf(starts);
        refinements = List.copyOf(refinements);
    }

    /** The report of a fit without a global phase. */
    public static GlobalSearchReport none(String reason) {
        return new GlobalSearchReport("none", reason, List.of(), null, List.of(), null, List.of(), null, null, false);
    }

    public boolean ran() {
        return subsample != null;
    }

    /**
     * @param points     points of the subsample (all angles)
     * @param batches    its batches
     * @param fraction   points / all points of the data
     * @param bands      age bands (groups of consecutive rows) it takes from every angle
     * @param rowsPerBand rows of the upper triangle per band
     */
    public record Subsample(long points, int batches, double fraction, int bands, int rowsPerBand) {
    }

    /**
     * @param index           0 = the configured start (values or bound midpoints), then the drawn ones
     * @param source          "config", "latin_hypercube" or "random"
     * @param physical        the start point
     * @param screeningChi2   χ² on the subsample at the start with its best scaling (null when not screened)
     * @param kept            whether screening kept it for a local fit
     * @param localChi2       χ² on the subsample after its local fit (null when none)
     * @param localIterations LM iterations of the local fit
     * @param localStatus     how the local fit ended
     * @param localPhysical   where the local fit ended (null when none)
     * @param refinement      number of the refinement started from it, or null
     */
    public record Start(int index, String source, double[] physical, Double screeningChi2, boolean kept,
                        Double localChi2, Integer localIterations, String localStatus, double[] localPhysical,
                        Integer refinement) {
    }

    /**
     * @param number        1, 2, …
     * @param from          the start index (multi-start) or "CMA-ES best" it began at
     * @param startPhysical its start point
     * @param chi2          final χ² on the full data
     * @param status        converged, max_iterations or failed
     * @param iterations    LM iterations
     * @param passes        passes over the full data
     */
    public record Refinement(int number, String from, double[] startPhysical, double chi2, String status,
                             int iterations, int passes) {
    }

    /**
     * @param evaluations objective evaluations (one subsample pass each)
     * @param runs        one per (re)start
     * @param best        best point found
     * @param bestChi2    its χ² on the subsample
     */
    public record Cmaes(String preset, int maxGenerations, int popsize, double sigma, String restartStrategy,
                        int maxRestarts, long seed, int evaluations, List<CmaesRun> runs, double[] best,
                        double bestChi2) {
        public Cmaes {
            runs = List.copyOf(runs);
        }
    }

    /**
     * @param popsize     population of the run
     * @param sigma       initial step in the unit box
     * @param evaluations evaluations of the run
     * @param bestChi2    best χ² of the run (subsample)
     * @param regime      "default", "large" or "small" (BIPOP)
     */
    public record CmaesRun(int number, int popsize, double sigma, int evaluations, double bestChi2, String regime) {
    }

    /**
     * @param screeningSeconds  screening of the starts
     * @param localSeconds      local fits on the subsample (or CMA-ES)
     * @param refinementSeconds full-data fits
     * @param subsamplePasses   passes over the subsample
     * @param fullPasses        passes over the full data (all refinements)
     */
    public record Phases(double screeningSeconds, double localSeconds, double refinementSeconds,
                         long subsamplePasses, long fullPasses) {
    }
}
