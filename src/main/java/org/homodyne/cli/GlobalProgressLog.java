package org.homodyne.cli;

import java.util.Locale;
import org.homodyne.stream.GlobalFit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Log lines of the global phase: one per local fit, CMA-ES run and refinement (screening at debug). */
final class GlobalProgressLog implements GlobalFit.Listener {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.progress");

    GlobalProgressLog() {
    }

    @Override
    public void screened(int index, double chi2Full) {
        LOG.debug(String.format(Locale.ROOT, "global phase: start %d screened, subsample chi2 %.6g", index, chi2Full));
    }

    @Override
    public void localFitFinished(int index, double chi2Full, String status, int done, int of) {
        LOG.info(String.format(Locale.ROOT, "global phase: local fit %d/%d (start %d) %s, subsample chi2 %.6g", done,
                of, index, status, chi2Full));
    }

    @Override
    public void cmaesRunFinished(int run, int popsize, int evaluations, double bestPerPoint) {
        LOG.info(String.format(Locale.ROOT, "global phase: CMA-ES run %d (population %d) %d evaluations, best chi2 per"
                + " point %.6g", run, popsize, evaluations, bestPerPoint));
    }

    @Override
    public void refinementStarted(int number, String from) {
        LOG.info("global phase: refinement {} on the full data from {}", number, from);
    }

    @Override
    public void refinementFinished(int number, double chi2Full, String status) {
        LOG.info(String.format(Locale.ROOT, "global phase: refinement %d %s, chi2 %.8g", number, status, chi2Full));
    }
}
