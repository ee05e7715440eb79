package org.homodyne.stream;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.LmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a streamed fit (SPEC §7). On a terminal: one live line per batch (pass, batch k/B,
 * points/s, ETA of the pass, χ² so far). Otherwise: a log line about every 10% of a pass (passes
 * of at least 10 batches; shorter passes only get their summary line). Pass
 * results and LM decisions are logged in both cases; {@code enable_progress: false} silences the
 * per-batch output only.
 */
public final class ConsoleProgress implements FitListener {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.progress");

    private final boolean perBatch;
    private final boolean terminal;
    private final PrintStream out;
    private final List<org.homodyne.data.Batch> plan;
    private long passPoints;
    private long donePoints;
    private long passStartNanos;
    private int lastDecile;
    private int pass;
    private FitPhase phase;
    private boolean lineOpen;

    public ConsoleProgress(boolean enabled, boolean terminal, PrintStream out, List<org.homodyne.data.Batch> plan) {
        this.perBatch = enabled;
        this.terminal = terminal;
        this.out = out;
        this.plan = plan;
    }

    @Override
    public void passStarted(int pass, FitPhase phase, int firstBatch, int batches) {
        this.pass = pass;
        this.phase = phase;
        passPoints = 0;
        for (int k = firstBatch; k < plan.size(); k++) {
            passPoints += plan.get(k).points();
        }
        donePoints = 0;
        lastDecile = 0;
        passStartNanos = System.nanoTime();
        LOG.debug("pass {} ({}) from batch {} of {}", pass, label(phase), firstBatch, batches);
    }

    private static String label(FitPhase p) {
        return switch (p) {
            case INITIAL -> "start point";
            case TRIAL -> "trial point";
            case REEVALUATE -> "re-evaluation";
        };
    }

    @Override
    public void batchFinished(int pass, int planIndex, int batches, long points, double seconds, double chi2SoFar) {
        donePoints += points;
        if (!perBatch) {
            return;
        }
        double elapsed = (System.nanoTime() - passStartNanos) * 1e-9;
        double rate = elapsed > 0 ? donePoints / elapsed : 0;
        double eta = rate > 0 ? (passPoints - donePoints) / rate : 0;
        String line = String.format(Locale.ROOT, "pass %d (%s) | batch %d/%d | %.3g points/s | ETA %s | chi2 so far %.6g",
                pass, label(phase), planIndex + 1, batches, rate, duration(eta), FitStatistics.fullMatrixChi2(chi2SoFar));
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
            lineOpen = true;
        } else if (batches >= 10) {
            int decile = passPoints == 0 ? 10 : (int) (10 * donePoints / passPoints);
            if (decile > lastDecile) {
                lastDecile = decile;
                LOG.info(line);
            }
        }
    }

    @Override
    public void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
        endLine();
        LOG.warn("batch {} attempt {} failed: {}{}", plan.get(planIndex).id(), attempt, error,
                willRetry ? " (retrying)" : "");
    }

    @Override
    public void batchExcluded(int planIndex, String error) {
        endLine();
        LOG.warn("batch {} excluded from all later passes after its last attempt failed: {}",
                plan.get(planIndex).id(), error);
    }

    @Override
    public void passFinished(int pass, FitPhase phase, double chi2, double seconds) {
        endLine();
        LOG.info(String.format(Locale.ROOT, "pass %d (%s): chi2 = %.8g in %s (%.3g points/s)", pass, label(phase),
                FitStatistics.fullMatrixChi2(chi2), duration(seconds), seconds > 0 ? donePoints / seconds : 0));
    }

    @Override
    public void decided(LmState s) {
        List<IterationRecord> h = s.history();
        if (h.isEmpty()) {
            LOG.info(String.format(Locale.ROOT, "start: chi2 = %.8g", FitStatistics.fullMatrixChi2(s.chi2())));
        } else {
            IterationRecord r = h.get(h.size() - 1);
            LOG.info(String.format(Locale.ROOT, "iteration %d: trial chi2 = %.8g %s (lambda %.3g, |step| %.3g)",
                    r.iteration(), FitStatistics.fullMatrixChi2(r.trialChi2()), r.accepted() ? "accepted" : "rejected", r.lambda(),
                    r.stepNorm()));
        }
        if (s.finished()) {
            LOG.info("stopped: {} ({})", s.termination().status(), s.termination().reason());
        }
    }

    @Override
    public void checkpointWritten(String file, double seconds) {
        if (LOG.isDebugEnabled()) { // formatting costs the fit thread more than handing over the checkpoint
            LOG.debug(String.format(Locale.ROOT, "checkpoint %s handed to the writer in %.3f ms", file, 1e3 * seconds));
        }
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    static String duration(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", (long) s / 3600, ((long) s % 3600) / 60);
    }
}
