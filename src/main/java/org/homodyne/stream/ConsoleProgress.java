package org.homodyne.stream;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.homodyne.data.Batch;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.LmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a streamed fit (SPEC §7), answering "how far, how long": the LM iteration out of
 * max_iterations, the pass and what it evaluates, the batch, points/s, the time since the fit
 * started and an estimate of the time left in the pass.
 *
 * <p>On a terminal: one live line, rewritten after every batch, most important first (a line cut
 * by a narrow terminal loses χ² first):
 * <pre>iter 3/100 | pass 4 (trial) | batch 5/12 | ETA 3.1 s | elapsed 12.3 s | 1.23e+07 points/s | chi2 so far 1.2346e+05</pre>
 * Otherwise (a log file): the same facts as a plain log line each time a pass crosses a tenth of
 * its points (passes of at least {@value #MIN_BATCHES_FOR_TENTHS} batches), and at least every
 * {@value #PLAIN_INTERVAL_SECONDS} s whatever the batch count, so a log shows a slow pass moving.
 * Pass results and LM decisions are logged in both cases; {@code enable_progress: false} silences
 * the per-batch output only.
 */
public final class ConsoleProgress implements FitListener {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.progress");
    /** Not on a terminal: a progress line at least this often while batches finish. */
    static final double PLAIN_INTERVAL_SECONDS = 30;
    /** Not on a terminal: passes of this many batches or more also get a line per tenth of the pass. */
    static final int MIN_BATCHES_FOR_TENTHS = 10;

    private final boolean perBatch;
    private final boolean terminal;
    private final PrintStream out;
    private final List<Batch> plan;
    private final int maxIterations;
    private final LongSupplier clock;
    private final Consumer<String> info;
    private final long fitStartNanos;
    private long passPoints;
    private long donePoints;
    private long passStartNanos;
    private long lastLineNanos;
    private int lastTenth;
    private int pass;
    private FitPhase phase;
    /** Trial points the LM has evaluated (LmState.iteration) when the pass in progress started. */
    private int iterationsDone;
    /** Characters of the live line on screen (0: none). */
    private int shown;

    /** Where warnings go: logged at WARN (and kept, when they are the run's warnings list). */
    private final Consumer<String> warnings;

    /**
     * @param enabled       {@code enable_progress}: the per-batch output
     * @param terminal      live line on {@code out}, else plain log lines
     * @param maxIterations {@code max_iterations}, for "iteration k of max"
     * @param warnings      logs and keeps a warning (the run's warnings list)
     */
    public ConsoleProgress(boolean enabled, boolean terminal, PrintStream out, List<Batch> plan, int maxIterations,
                           Consumer<String> warnings) {
        this(enabled, terminal, out, plan, maxIterations, System::nanoTime, LOG::info, warnings);
    }

    /** With the clock and the log sink given (tests). */
    ConsoleProgress(boolean enabled, boolean terminal, PrintStream out, List<Batch> plan, int maxIterations,
                    LongSupplier clock, Consumer<String> info) {
        this(enabled, terminal, out, plan, maxIterations, clock, info, LOG::warn);
    }

    private ConsoleProgress(boolean enabled, boolean terminal, PrintStream out, List<Batch> plan, int maxIterations,
                            LongSupplier clock, Consumer<String> info, Consumer<String> warnings) {
        this.perBatch = enabled;
        this.terminal = terminal;
        this.out = out;
        this.plan = plan;
        this.warnings = warnings;
        this.maxIterations = maxIterations;
        this.clock = clock;
        this.info = info;
        this.fitStartNanos = clock.getAsLong();
    }

    @Override
    public void warning(String message) {
        endLine();
        warnings.accept(message);
    }

    /** A resumed run: the LM had evaluated this many trial points before the checkpoint. */
    public void resumingAt(int iterations) {
        iterationsDone = iterations;
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
        lastTenth = 0;
        passStartNanos = clock.getAsLong();
        lastLineNanos = passStartNanos;
        LOG.debug("pass {} ({}) from batch {} of {}", pass, label(phase), firstBatch, batches);
    }

    private static String label(FitPhase p) {
        return switch (p) {
            case INITIAL -> "start point";
            case TRIAL -> "trial point";
            case REEVALUATE -> "re-evaluation";
        };
    }

    private static String shortLabel(FitPhase p) {
        return switch (p) {
            case INITIAL -> "start";
            case TRIAL -> "trial";
            case REEVALUATE -> "re-eval";
        };
    }

    /** The LM iteration the pass belongs to: a trial pass evaluates the next one. */
    private int iteration() {
        return phase == FitPhase.TRIAL ? iterationsDone + 1 : iterationsDone;
    }

    @Override
    public void batchFinished(int pass, int planIndex, int batches, long points, double seconds, double chi2SoFar) {
        donePoints += points;
        if (!perBatch) {
            return;
        }
        long now = clock.getAsLong();
        double inPass = (now - passStartNanos) * 1e-9;
        double elapsed = (now - fitStartNanos) * 1e-9;
        double rate = inPass > 0 ? donePoints / inPass : 0;
        double eta = rate > 0 ? (passPoints - donePoints) / rate : 0;
        double chi2 = FitStatistics.fullMatrixChi2(chi2SoFar);
        if (terminal) {
            show(String.format(Locale.ROOT, "iter %d/%d | pass %d (%s) | batch %d/%d | ETA %s | elapsed %s | %.3g points/s"
                            + " | chi2 so far %.4e", iteration(), maxIterations, pass, shortLabel(phase), planIndex + 1,
                    batches, duration(eta), duration(elapsed), rate, chi2));
            return;
        }
        int tenth = passPoints == 0 ? 10 : (int) (10 * donePoints / passPoints);
        boolean newTenth = batches >= MIN_BATCHES_FOR_TENTHS && tenth > lastTenth;
        if (newTenth || (now - lastLineNanos) * 1e-9 >= PLAIN_INTERVAL_SECONDS) {
            lastTenth = tenth;
            lastLineNanos = now;
            info.accept(String.format(Locale.ROOT, "iteration %d of at most %d, pass %d (%s): batch %d/%d (%d%% of the"
                            + " pass), %.3g points/s, elapsed %s, pass ETA %s, chi2 so far %.4e", iteration(),
                    maxIterations, pass, label(phase), planIndex + 1, batches,
                    passPoints == 0 ? 100 : 100 * donePoints / passPoints, rate, duration(elapsed), duration(eta), chi2));
        }
    }

    /** Rewrites the live line; a shorter line blanks what the longer one left. */
    private void show(String line) {
        String pad = line.length() < shown ? " ".repeat(shown - line.length()) : "";
        out.print("\r" + line + pad);
        out.flush();
        shown = line.length();
    }

    @Override
    public void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
        endLine();
        warnings.accept("batch " + plan.get(planIndex).id() + " attempt " + attempt + " failed: " + error
                + (willRetry ? " (retrying)" : ""));
    }

    @Override
    public void batchExcluded(int planIndex, String error) {
        endLine();
        warnings.accept("batch " + plan.get(planIndex).id() + " excluded from all later passes after its last "
                + "attempt failed: " + error);
    }

    @Override
    public void passFinished(int pass, FitPhase phase, double chi2, double seconds) {
        endLine();
        info.accept(String.format(Locale.ROOT, "pass %d (%s): chi2 = %.8g in %s (%.3g points/s)", pass, label(phase),
                FitStatistics.fullMatrixChi2(chi2), duration(seconds), seconds > 0 ? donePoints / seconds : 0));
    }

    @Override
    public void decided(LmState s) {
        iterationsDone = s.iteration();
        List<IterationRecord> h = s.history();
        if (h.isEmpty()) {
            info.accept(String.format(Locale.ROOT, "start: chi2 = %.8g", FitStatistics.fullMatrixChi2(s.chi2())));
        } else {
            IterationRecord r = h.get(h.size() - 1);
            info.accept(String.format(Locale.ROOT, "iteration %d/%d: trial chi2 = %.8g %s (lambda %.3g, |step| %.3g)",
                    r.iteration(), maxIterations, FitStatistics.fullMatrixChi2(r.trialChi2()),
                    r.accepted() ? "accepted" : "rejected", r.lambda(), r.stepNorm()));
        }
        if (s.finished()) {
            info.accept("stopped: " + s.termination().status() + " (" + s.termination().reason() + ")");
        }
    }

    @Override
    public void checkpointWritten(String file, double seconds) {
        if (LOG.isDebugEnabled()) { // formatting costs the fit thread more than handing over the checkpoint
            LOG.debug(String.format(Locale.ROOT, "checkpoint %s handed to the writer in %.3f ms", file, 1e3 * seconds));
        }
    }

    /** Clears the live line, so that the next log line starts on an empty line. */
    private void endLine() {
        if (shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
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
