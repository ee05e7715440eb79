package org.homodyne.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.homodyne.RunWarnings;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.NormalizedSpace;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingProfile;
import org.homodyne.fit.StartSampler;
import org.homodyne.fit.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fit whose start is chosen by a global phase (issue 11 §1), then refined by the LM on the full
 * data:
 * <ol>
 *   <li>multi-start: the configured start and {@code n_starts} points drawn in the unit box
 *       ({@link NormalizedSpace}, {@link StartSampler}); screening evaluates each once on the
 *       subsample with its best scaling ({@link ScalingProfile}) and keeps the best share; short
 *       LM fits on the subsample take the kept ones to their local minima; the best
 *       {@code refine_top_k} distinct minima are refined on the full data;</li>
 *   <li>CMA-ES ({@link CmaesSearch}) on the subsample; its best point is refined;</li>
 *   <li>the refinement with the lowest final χ² is the result.</li>
 * </ol>
 * Every subsample pass goes through the subsample's {@link PassEvaluator} (same backend as the
 * fit), every refinement is an ordinary streamed fit ({@link FitSession#run}) with its own
 * checkpoints. The global phase records each finished unit in {@link GlobalProgress}: an
 * interrupted run resumes without redoing finished starts, and ends with the same bits.
 * Deterministic for a seed: the work runs in a fixed order on the calling thread.
 */
public final class GlobalFit {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    /** Iteration limit of the local fits on the subsample (at most max_iterations). */
    static final int LOCAL_MAX_ITERATIONS = 50;
    /** ftol/xtol/gtol of the local fits (at least the configured ones): the refinement polishes. */
    static final double LOCAL_TOLERANCE = 1e-6;
    /** Iteration limit of the polishing fits of several candidates on the subsample. */
    static final int POLISH_MAX_ITERATIONS = 100;
    /** Local minima closer than this in every coordinate of the unit box are one minimum. */
    static final double SAME_MINIMUM = 0.01;
    /**
     * Local minima whose subsample χ² differ by at most this many units of the noise level ŝ²
     * (χ² per point at the best minimum) are one minimum: the data cannot tell them apart, and
     * refining both costs a full fit for the same answer.
     */
    static final double SAME_CHI2 = 1.0;
    /**
     * A local minimum worse than the best by more than this many units of ŝ² is not refined: two
     * minima whose models differ by D (χ² units) differ on the subsample by D ± 2·ŝ·√D, so a
     * difference of 100·ŝ² is 5 standard deviations of that comparison, and the full data, which
     * the subsample represents, will not reverse it.
     */
    static final double WORSE_CHI2 = 36.0;
    /**
     * Additive offsets: not drawn, every start keeps their configured value (bound midpoints: 0)
     * and the local fits fit them ({@link NormalizedSpace} says why).
     */
    static final java.util.Set<String> NOT_SEARCHED = java.util.Set.of("D_offset", "gamma_dot_t_offset");

    /** The unit box of a job: every physical parameter but the additive offsets. */
    static NormalizedSpace space(FitJob job) {
        List<String> names = job.spec().mode().physicalNames();
        boolean[] searched = new boolean[names.size()];
        for (int k = 0; k < searched.length; k++) {
            searched[k] = !NOT_SEARCHED.contains(names.get(k));
        }
        return new NormalizedSpace(job.physicalBounds(), searched);
    }

    private GlobalFit() {
    }

    /** Where the refinements checkpoint; provided by the command that runs the fit. */
    public interface Refinements {
        /** The checkpoint refinement {@code number} (1, 2, …) resumes from, if any. */
        Optional<CheckpointStore.Resumable> resume(int number) throws IOException;

        /** The checkpoint sink of refinement {@code number} starting at {@code start}. */
        CheckpointSink open(int number, StartPoint start) throws IOException;

        /** Closes what {@link #open} returned (waits for its writes). */
        void close(CheckpointSink sink) throws IOException;
    }

    /** Progress events of the global phase (log lines; tests interrupt here). Defaults do nothing. */
    public interface Listener {
        default void screened(int index, double chi2Full) {
        }

        default void localFitFinished(int index, double chi2Full, String status, int done, int of) {
        }

        default void cmaesRunFinished(int run, int popsize, int evaluations, double bestPerPoint) {
        }

        default void refinementStarted(int number, String from) {
        }

        default void refinementFinished(int number, double chi2Full, String status) {
        }
    }

    /**
     * @param subsample   evaluators of the subsample, one per worker: the starts are independent,
     *                    so their screening passes and local fits run side by side, one per worker
     *                    (each result is the same whichever worker computed it); each evaluator
     *                    must have a feed of its own. CMA-ES uses the first.
     * @param full        the full data's evaluator
     * @param progressDir the checkpoint folder (for {@code global_search.json}), or null without checkpoints
     */
    public record Inputs(FitJob job, StartPoint base, GlobalSettings settings, List<PassEvaluator> subsample,
                         GlobalSearchReport.Subsample subsampleInfo, PassEvaluator full, Path progressDir,
                         String fingerprint, String configHash) {
        public Inputs {
            subsample = List.copyOf(subsample);
            if (subsample.isEmpty()) {
                throw new IllegalArgumentException("need a subsample evaluator");
            }
        }
    }

    /**
     * @param kind    how it ended
     * @param winner  the refinement reported (FINISHED), null otherwise
     * @param report  what the global phase did
     * @param stopped the refinement's outcome when one was interrupted or stopped, else null
     */
    public record Outcome(Kind kind, FitSession.Run winner, GlobalSearchReport report, FitOutcome stopped) {
        public enum Kind { FINISHED, INTERRUPTED, STOPPED }
    }

    /** Deletes the global phase's progress and the refinements' checkpoints (a fresh start on purpose). */
    public static List<Path> deleteProgress(Path checkpointDir) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (GlobalProgress.delete(checkpointDir)) {
            removed.add(checkpointDir.resolve(GlobalProgress.FILE_NAME));
        }
        if (Files.isDirectory(checkpointDir)) {
            try (Stream<Path> s = Files.list(checkpointDir)) {
                for (Path p : s.filter(q -> q.getFileName().toString().startsWith(REFINEMENT_DIR_PREFIX)).toList()) {
                    removed.addAll(CheckpointStore.deleteAll(p));
                }
            }
        }
        return removed;
    }

    /** Refinement r checkpoints in {@code <checkpoint_dir>/refinement_<r>/}. */
    public static final String REFINEMENT_DIR_PREFIX = "refinement_";

    public static Path refinementDir(Path checkpointDir, int number) {
        return checkpointDir.resolve(REFINEMENT_DIR_PREFIX + number);
    }

    public static Outcome run(Inputs in, Refinements refinements, Listener listener, FitListener fullListener,
                              FaultInjector injector, AtomicBoolean interrupt) throws IOException {
        return new Search(in, listener, interrupt).run(refinements, fullListener, injector);
    }

    /** One global fit: the state of its phases. */
    private static final class Search {
        final Inputs in;
        final Listener listener;
        final AtomicBoolean interrupt;
        final ParameterLayout layout;
        final NormalizedSpace space;
        /** One objective per worker (each over its own evaluator). */
        final List<SubsampleObjective> objectives = new ArrayList<>();
        final GlobalProgress progress;
        final List<GlobalSearchReport.Start> starts = new ArrayList<>();
        final List<GlobalSearchReport.Refinement> refined = new ArrayList<>();
        GlobalSearchReport.Cmaes cmaesReport;
        double screeningSeconds;
        double localSeconds;
        double refinementSeconds;
        long localPasses;
        long fullPasses;

        Search(Inputs in, Listener listener, AtomicBoolean interrupt) {
            this.in = in;
            this.listener = listener;
            this.interrupt = interrupt;
            this.layout = FitSession.layout(in.job(), in.base());
            this.space = space(in.job());
            for (PassEvaluator e : in.subsample()) {
                objectives.add(new SubsampleObjective(e, in.job().spec(), interrupt));
            }
            this.progress = in.progressDir() == null ? GlobalProgress.inMemory()
                    : GlobalProgress.open(in.progressDir().resolve(GlobalProgress.FILE_NAME), in.fingerprint(),
                    in.configHash(), w -> RunWarnings.warn(LOG, "{}", w));
        }

        Outcome run(Refinements refinements, FitListener fullListener, FaultInjector injector) throws IOException {
            List<Candidate> candidates;
            try {
                candidates = in.settings().method() == GlobalSettings.Method.CMAES ? cmaes() : multiStart();
            } catch (SubsampleObjective.Interrupted e) {
                progress.save();
                return new Outcome(Outcome.Kind.INTERRUPTED, null, report(null), null);
            }
            progress.save();
            FitSession.Run winner = null;
            Integer winnerNumber = null;
            for (int r = 0; r < candidates.size(); r++) {
                Candidate c = candidates.get(r);
                int number = r + 1;
                listener.refinementStarted(number, c.from);
                long t0 = System.nanoTime();
                Optional<CheckpointStore.Resumable> resume = refinements.resume(number);
                StartPoint start = resume.map(CheckpointStore.Resumable::start).orElse(c.start);
                CheckpointSink sink = refinements.open(number, start);
                FitSession.Run run;
                try {
                    run = FitSession.run(in.job(), start, in.full(), sink, fullListener, injector, interrupt,
                            resume.map(CheckpointStore.Resumable::state).orElse(null));
                } finally {
                    refinements.close(sink);
                }
                refinementSeconds += (System.nanoTime() - t0) * 1e-9;
                FitOutcome o = run.outcome();
                fullPasses += o.state().passes();
                if (o.kind() != FitOutcome.Kind.FINISHED) {
                    Outcome.Kind kind = o.kind() == FitOutcome.Kind.INTERRUPTED ? Outcome.Kind.INTERRUPTED
                            : Outcome.Kind.STOPPED;
                    return new Outcome(kind, null, report(null), o);
                }
                FitResult res = run.result();
                double chi2 = res.statistics().chi2Full();
                refined.add(new GlobalSearchReport.Refinement(number, c.from, layout.physical(c.x), chi2,
                        res.termination().status().id(), res.iterations(), res.passes()));
                listener.refinementFinished(number, chi2, res.termination().status().id());
                if (winner == null || better(res, winner.result())) {
                    winner = run;
                    winnerNumber = number;
                }
            }
            return new Outcome(Outcome.Kind.FINISHED, winner, report(winnerNumber), null);
        }

        /** A failed fit never beats a finished one; otherwise the lower χ², the earlier on a tie. */
        private static boolean better(FitResult a, FitResult b) {
            boolean aFailed = a.termination().status() == Termination.Status.FAILED;
            boolean bFailed = b.termination().status() == Termination.Status.FAILED;
            if (aFailed != bFailed) {
                return bFailed;
            }
            return a.statistics().chi2Full() < b.statistics().chi2Full();
        }

        // ---- multi-start --------------------------------------------------------------------

        List<Candidate> multiStart() throws IOException, SubsampleObjective.Interrupted {
            MultiStartSettings ms = in.settings().multiStart();
            List<double[]> points = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            points.add(in.base().physical());
            sources.add("config");
            for (double[] u : StartSampler.sample(ms.sampling(), ms.nStarts(), space.dimensions(), ms.seed())) {
                points.add(space.fromUnit(u, in.base().physical()));
                sources.add(ms.sampling().configName());
            }
            int count = points.size();

            long t0 = System.nanoTime();
            GlobalProgress.Screened[] screened = new GlobalProgress.Screened[count];
            List<Integer> toScreen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                screened[i] = progress.screened(i);
                if (screened[i] == null) {
                    toScreen.add(i);
                }
            }
            // without use_screening nothing is dropped: the pass only sets each start's scaling
            inParallel(toScreen, (worker, i) -> {
                GlobalProgress.Screened sc = screen(objectives.get(worker), i, points.get(i));
                synchronized (progress) {
                    screened[i] = sc;
                    progress.screened(sc);
                }
            });
            for (int i = 0; i < count; i++) {
                listener.screened(i, FitStatistics.fullMatrixChi2(screened[i].chi2()));
            }
            progress.save();
            screeningSeconds = (System.nanoTime() - t0) * 1e-9;

            List<Integer> order = rank(count, i -> perPoint(screened[i].chi2(), screened[i].points()));
            int keep = ms.useScreening()
                    ? Math.min(count, Math.max(Math.max(1, (int) Math.ceil(ms.screenKeepFraction() * count)),
                    Math.min(count, ms.refineTopK())))
                    : count;
            List<Integer> kept = order.subList(0, keep);

            long t1 = System.nanoTime();
            GlobalProgress.Local[] fits = new GlobalProgress.Local[count];
            fitOnSubsample(GlobalProgress.Stage.LOCAL, localJob(), kept, fits, i -> screened[i].x());
            localSeconds = (System.nanoTime() - t1) * 1e-9;

            List<Integer> byLocal = new ArrayList<>(kept);
            byLocal.sort(Comparator.comparingDouble((Integer i) -> failedLast(fits[i])).thenComparingInt(i -> i));
            List<Candidate> out = candidates(byLocal, fits, ms.refineTopK());
            if (out.size() > 1) {
                // Several minima: local fits stopped at loose tolerance, so points of one flat valley
                // look distinct. Polish each on the subsample to the configured tolerance (passes at
                // a fraction of the cost of a refinement), then choose again.
                fitOnSubsample(GlobalProgress.Stage.POLISHED, polishJob(), out.stream().map(Candidate::index).toList(),
                        fits, i -> fits[i].x());
                byLocal.sort(Comparator.comparingDouble((Integer i) -> failedLast(fits[i])).thenComparingInt(i -> i));
                List<Integer> polished = new ArrayList<>();
                for (int i : byLocal) {
                    if (out.stream().anyMatch(c -> c.index == i)) {
                        polished.add(i);
                    }
                }
                out = candidates(polished, fits, ms.refineTopK());
            }
            for (int i = 0; i < count; i++) {
                int index = i;
                Integer refinement = null;
                for (int r = 0; r < out.size(); r++) {
                    if (out.get(r).index == index) {
                        refinement = r + 1;
                    }
                }
                GlobalProgress.Local f = fits[i];
                starts.add(new GlobalSearchReport.Start(i, sources.get(i), points.get(i),
                        FitStatistics.fullMatrixChi2(screened[i].chi2()), kept.contains(i),
                        f == null ? null : FitStatistics.fullMatrixChi2(f.chi2()), f == null ? null : f.iterations(),
                        f == null ? null : f.status(), f == null ? null : layout.physical(f.x()), refinement));
            }
            return out;
        }

        /**
         * The minima to refine, best first: at most {@code topK}, never two the subsample cannot
         * tell apart ({@link #SAME_CHI2}, {@link #SAME_MINIMUM}), none it already rules out
         * ({@link #WORSE_CHI2}).
         */
        private List<Candidate> candidates(List<Integer> ranked, GlobalProgress.Local[] fits, int topK) {
            List<Candidate> out = new ArrayList<>();
            List<GlobalProgress.Local> chosen = new ArrayList<>();
            GlobalProgress.Local best = fits[ranked.get(0)];
            double noise = perPoint(best.chi2(), best.points()); // ŝ²: χ² per point at the best minimum
            for (int i : ranked) {
                GlobalProgress.Local f = fits[i];
                if (out.size() == topK || failedLast(f) == Double.MAX_VALUE) {
                    break;
                }
                double worse = (perPoint(f.chi2(), f.points()) - noise) * best.points() / noise;
                if (!out.isEmpty() && worse > WORSE_CHI2) {
                    break;
                }
                double[] phys = layout.physical(f.x());
                boolean same = chosen.stream().anyMatch(c -> space.distance(layout.physical(c.x()), phys) < SAME_MINIMUM
                        || Math.abs(perPoint(f.chi2(), f.points()) - perPoint(c.chi2(), c.points())) * best.points()
                        <= SAME_CHI2 * noise);
                if (!same) {
                    chosen.add(f);
                    out.add(new Candidate(i, "start " + i, f.x(), startPoint(f.x())));
                }
            }
            if (out.isEmpty()) { // every local fit failed: refine the best screened start's fit anyway
                GlobalProgress.Local f = fits[ranked.get(0)];
                out.add(new Candidate(f.index(), "start " + f.index(), f.x(), startPoint(f.x())));
            }
            return out;
        }

        private double failedLast(GlobalProgress.Local f) {
            double v = perPoint(f.chi2(), f.points());
            return f.status().equals(Termination.Status.FAILED.id()) || !Double.isFinite(v) ? Double.MAX_VALUE : v;
        }

        private static double perPoint(double chi2, long points) {
            return points > 0 && Double.isFinite(chi2) ? chi2 / points : Double.MAX_VALUE;
        }

        private static List<Integer> rank(int count, java.util.function.IntToDoubleFunction key) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> key.applyAsDouble(i)).thenComparingInt(i -> i));
            return order;
        }

        /**
         * Fits each start of {@code indices} on the subsample from the point {@code from} gives, side
         * by side; a fit that the progress records for this stage is taken from there. Each new result
         * is recorded and saved as soon as it is known.
         */
        private void fitOnSubsample(GlobalProgress.Stage stage, FitJob job, List<Integer> indices,
                                    GlobalProgress.Local[] fits, java.util.function.IntFunction<double[]> from)
                throws IOException, SubsampleObjective.Interrupted {
            List<Integer> todo = new ArrayList<>();
            for (int i : indices) {
                GlobalProgress.Local f = progress.fit(stage, i);
                if (f == null) {
                    todo.add(i);
                } else {
                    fits[i] = f;
                }
            }
            int[] done = {indices.size() - todo.size()};
            inParallel(todo, (worker, i) -> {
                GlobalProgress.Local f = localFit(job, worker, i, from.apply(i));
                synchronized (progress) {
                    fits[i] = f;
                    progress.fit(stage, f);
                    progress.save();
                    if (stage == GlobalProgress.Stage.LOCAL) {
                        listener.localFitFinished(i, FitStatistics.fullMatrixChi2(f.chi2()), f.status(), ++done[0],
                                indices.size());
                    }
                }
            });
            for (int i : indices) {
                localPasses += fits[i].passes();
            }
        }

        /** Work on one start by one worker. */
        private interface Work {
            void run(int worker, int index) throws IOException, SubsampleObjective.Interrupted;
        }

        /**
         * Runs the work of each index, in order of the list, on as many workers as there are
         * subsample evaluators (the calling thread alone when there is one). Every index is done
         * or, after an interrupt, not started; an I/O error ends all of it.
         */
        private void inParallel(List<Integer> indices, Work work) throws IOException, SubsampleObjective.Interrupted {
            int workers = Math.min(objectives.size(), indices.size());
            if (workers <= 1) {
                for (int i : indices) {
                    work.run(0, i);
                }
                return;
            }
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            Throwable[] failure = new Throwable[workers];
            Thread[] threads = new Thread[workers];
            for (int w = 0; w < workers; w++) {
                int worker = w;
                threads[w] = new Thread(() -> {
                    try {
                        for (int k; (k = next.getAndIncrement()) < indices.size(); ) {
                            work.run(worker, indices.get(k));
                        }
                    } catch (IOException | SubsampleObjective.Interrupted | RuntimeException | Error e) {
                        failure[worker] = e;
                        next.set(indices.size()); // the other workers take nothing new
                    }
                }, "homodyne-global-" + w);
                threads[w].setDaemon(true);
                threads[w].start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupt.set(true);
                    throw new SubsampleObjective.Interrupted();
                }
            }
            for (Throwable f : failure) {
                if (f instanceof IOException io) {
                    throw io;
                } else if (f instanceof RuntimeException re) {
                    throw re;
                } else if (f instanceof Error er) {
                    throw er;
                }
            }
            for (Throwable f : failure) {
                if (f instanceof SubsampleObjective.Interrupted in) {
                    throw in;
                }
            }
        }

        /** One subsample pass at the start with the data's scaling, then its best scaling. */
        private GlobalProgress.Screened screen(SubsampleObjective objective, int index, double[] physical)
                throws IOException, SubsampleObjective.Interrupted {
            double[] x = layout.clip(layout.vector(in.base().contrast(), in.base().offset(), physical));
            NormalEquations ne = objective.evaluate(layout, x);
            ScalingProfile.Profiled p = ScalingProfile.profile(layout, x, ne);
            return new GlobalProgress.Screened(index, p.x(), ne.isFinite() ? p.chi2() : Double.NaN, ne.points());
        }

        /** The LM of the fit with the local fits' limits (never looser than configured... nor tighter). */
        private FitJob localJob() {
            LmSettings s = in.job().lmSettings();
            LmSettings local = new LmSettings(Math.min(s.maxIterations(), LOCAL_MAX_ITERATIONS),
                    Math.max(s.ftol(), LOCAL_TOLERANCE), Math.max(s.xtol(), LOCAL_TOLERANCE),
                    Math.max(s.gtol(), LOCAL_TOLERANCE));
            return in.job().withLmSettings(local).withStreamSettings(in.job().streamSettings().withoutCheckpoints());
        }

        /** The polishing fits: the configured tolerances, at most {@link #POLISH_MAX_ITERATIONS}. */
        private FitJob polishJob() {
            LmSettings s = in.job().lmSettings();
            return in.job().withLmSettings(new LmSettings(Math.min(s.maxIterations(), POLISH_MAX_ITERATIONS), s.ftol(),
                    s.xtol(), s.gtol())).withStreamSettings(in.job().streamSettings().withoutCheckpoints());
        }

        private GlobalProgress.Local localFit(FitJob local, int worker, int index, double[] x)
                throws IOException, SubsampleObjective.Interrupted {
            StartPoint sp = startPoint(x);
            FitSession.Run run = FitSession.run(local, sp, in.subsample().get(worker), CheckpointSink.NONE, SUBSAMPLE_LISTENER,
                    FaultInjector.NONE, interrupt, null);
            FitOutcome o = run.outcome();
            if (o.kind() == FitOutcome.Kind.INTERRUPTED) {
                throw new SubsampleObjective.Interrupted();
            }
            if (o.kind() != FitOutcome.Kind.FINISHED) {
                RunWarnings.warn(LOG, "global phase: the local fit from start {} stopped ({}); it is not refined",
                        index, o.message());
                return new GlobalProgress.Local(index, x, Double.NaN, 0, 0, o.state().passes(),
                        Termination.Status.FAILED.id());
            }
            FitResult r = run.result();
            return new GlobalProgress.Local(index, r.x(), r.atSolution().chi2(), r.atSolution().points(),
                    r.iterations(), r.passes(), r.termination().status().id());
        }

        /** A start point of the fit at the full vector x (per-angle scaling from x). */
        private StartPoint startPoint(double[] x) {
            var sc = layout.scaling(x);
            return new StartPoint(sc.contrast(), sc.offset(), layout.physical(x), in.base().fromData());
        }

        // ---- CMA-ES -------------------------------------------------------------------------

        List<Candidate> cmaes() throws IOException, SubsampleObjective.Interrupted {
            CmaesSettings cm = in.settings().cmaes();
            if (!cm.refineWithNlsq()) {
                RunWarnings.warn(LOG, "optimization.nlsq.cmaes.refine_with_nlsq: false is not supported: the best"
                        + " CMA-ES point is refined by the LM on the full data (its uncertainties need the LM's"
                        + " normal equations)");
            }
            long t0 = System.nanoTime();
            CmaesSearch search = new CmaesSearch(cm, layout, in.base(), space, objectives.get(0), progress, listener);
            CmaesSearch.Result r = search.run();
            localSeconds = (System.nanoTime() - t0) * 1e-9;
            cmaesReport = r.report();
            return List.of(new Candidate(-1, "CMA-ES best", r.bestX(), startPoint(r.bestX())));
        }

        GlobalSearchReport report(Integer winner) {
            return new GlobalSearchReport(in.settings().method().id(), in.settings().reason(),
                    in.job().spec().mode().physicalNames(), in.subsampleInfo(), starts, cmaesReport, refined, winner,
                    new GlobalSearchReport.Phases(screeningSeconds, localSeconds, refinementSeconds,
                            objectives.stream().mapToLong(SubsampleObjective::passes).sum() + localPasses, fullPasses),
                    progress.resumed());
        }
    }

    /** A point to refine: where it came from and its start. */
    private record Candidate(int index, String from, double[] x, StartPoint start) {
    }

    /** The local fits' listener: batch failures are warnings, the rest is quiet. */
    private static final FitListener SUBSAMPLE_LISTENER = new FitListener() {
        @Override
        public void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
            RunWarnings.warn(LOG, "global phase: subsample batch {} attempt {} failed: {}", planIndex, attempt, error);
        }
    };
}
