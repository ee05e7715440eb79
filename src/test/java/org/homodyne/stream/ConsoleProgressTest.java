package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.data.Batch;
import org.junit.jupiter.api.Test;

/**
 * The two forms of the fit's progress, with a clock the test moves (one second per batch) so that
 * rates, elapsed times and ETAs are exact: the live terminal line (golden text, rewritten in place,
 * cleared before the pass's log line) and the plain periodic log lines (a line per tenth of a pass
 * of at least ten batches, and at least every 30 s however few the batches).
 */
class ConsoleProgressTest {
    /** The test's clock, in nanoseconds. */
    private long now;

    /** {@code count} batches of 1000 points each. */
    private static List<Batch> plan(int count) {
        List<Batch> plan = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            plan.add(new Batch(k, 0, 1, k, k + 1, 1000));
        }
        return plan;
    }

    private void tick(double seconds) {
        now += (long) (seconds * 1e9);
    }

    @Test
    void terminalLineSaysIterationPassBatchEtaElapsedAndRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> log = new ArrayList<>();
        List<Batch> plan = plan(4);
        ConsoleProgress p = new ConsoleProgress(true, true, out, plan, 100, () -> now, log::add);
        p.resumingAt(2);           // two trial points evaluated: this trial pass is iteration 3
        tick(5);                   // 5 s of the fit before this pass
        p.passStarted(4, FitPhase.TRIAL, 0, 4);
        tick(1);
        p.batchFinished(4, 0, 4, 1000, 1, 50.0);
        assertEquals("\riter 3/100 | pass 4 (trial) | batch 1/4 | ETA 3.0 s | elapsed 6.0 s | 1.00e+03 points/s"
                + " | chi2 so far 1.0000e+02", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        tick(1);
        p.batchFinished(4, 1, 4, 1000, 1, 5.0e99);  // a wild trial point
        assertEquals("\riter 3/100 | pass 4 (trial) | batch 2/4 | ETA 2.0 s | elapsed 7.0 s | 1.00e+03 points/s"
                + " | chi2 so far 1.0000e+100", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        tick(1);
        p.batchFinished(4, 2, 4, 1000, 1, 0.5);  // a shorter line blanks the rest of the longer one
        String line = "\riter 3/100 | pass 4 (trial) | batch 3/4 | ETA 1.0 s | elapsed 8.0 s | 1.00e+03 points/s"
                + " | chi2 so far 1.0000e+00";
        assertEquals(line + " ", bytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), log, "a terminal gets no log line per batch");
        bytes.reset();
        tick(1);
        p.batchFinished(4, 3, 4, 1000, 1, 0.5);
        int last = bytes.toString(StandardCharsets.UTF_8).length() - 1;
        bytes.reset();
        p.passFinished(4, FitPhase.TRIAL, 0.5, 4.0);
        assertEquals("\r" + " ".repeat(last) + "\r", bytes.toString(StandardCharsets.UTF_8),
                "the live line is cleared before the pass's log line");
        assertEquals(List.of("pass 4 (trial point): chi2 = 1.0000000 in 4.0 s (1.00e+03 points/s)"), log);
    }

    @Test
    void plainLinesEveryTenthOfALongPass() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        ConsoleProgress p = new ConsoleProgress(true, false, new PrintStream(bytes), plan(20), 50, () -> now,
                log::add);
        p.passStarted(1, FitPhase.INITIAL, 0, 20);
        for (int k = 0; k < 20; k++) {
            tick(1);
            p.batchFinished(1, k, 20, 1000, 1, 10.0);
        }
        assertEquals(10, log.size(), log.toString());
        assertEquals("iteration 0 of at most 50, pass 1 (start point): batch 2/20 (10% of the pass), 1.00e+03"
                + " points/s, elapsed 2.0 s, pass ETA 18.0 s, chi2 so far 2.0000e+01", log.get(0));
        assertEquals("iteration 0 of at most 50, pass 1 (start point): batch 20/20 (100% of the pass), 1.00e+03"
                + " points/s, elapsed 20.0 s, pass ETA 0.0 s, chi2 so far 2.0000e+01", log.get(9));
        assertEquals(0, bytes.size(), "no carriage-return lines in a log file");
    }

    @Test
    void plainLinesAtLeastEveryThirtySecondsWhateverTheBatchCount() {
        List<String> log = new ArrayList<>();
        ConsoleProgress p = new ConsoleProgress(true, false, new PrintStream(new ByteArrayOutputStream()), plan(3),
                10, () -> now, log::add);
        p.resumingAt(6);
        p.passStarted(9, FitPhase.TRIAL, 0, 3);
        tick(10);
        p.batchFinished(9, 0, 3, 1000, 10, 1.0);          // 10 s: too soon, and 3 batches get no tenths
        assertEquals(0, log.size());
        tick(25);
        p.batchFinished(9, 1, 3, 1000, 25, 1.0);          // 35 s since the pass started
        tick(40);
        p.batchFinished(9, 2, 3, 1000, 40, 1.0);          // 40 s since that line
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("iteration 7 of at most 10, pass 9 (trial point): batch 2/3 (66% of the"
                + " pass), 57.1 points/s, elapsed 35.0 s, pass ETA 17.5 s"), log.get(0));
        assertTrue(log.get(1).contains("batch 3/3 (100% of the pass)") && log.get(1).contains("elapsed 1 min 15 s"),
                log.get(1));
    }

    @Test
    void progressOffLeavesOnlyThePassLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        ConsoleProgress p = new ConsoleProgress(false, true, new PrintStream(bytes), plan(20), 50, () -> now,
                log::add);
        p.passStarted(1, FitPhase.INITIAL, 0, 20);
        for (int k = 0; k < 20; k++) {
            tick(40);
            p.batchFinished(1, k, 20, 1000, 40, 10.0);
        }
        p.passFinished(1, FitPhase.INITIAL, 10.0, 800);
        assertEquals(0, bytes.size());
        assertEquals(List.of("pass 1 (start point): chi2 = 20.000000 in 13 min 20 s (25.0 points/s)"), log);
    }
}
