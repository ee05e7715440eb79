package org.homodyne.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of a campaign on this machine (issue 15 §3): a fixed pool of slots, each slot with
 * its share of the cores and, on a GPU node, its GPU; tasks are taken in plan order. Resumable: a
 * task done under the same config is skipped, an interrupted one (left RUNNING by a process that
 * died, or INTERRUPTED by a signal) runs again and its fit resumes from its checkpoints, a failed
 * one gets one more attempt. Every task is the same fit that a lone run of it would make (its own
 * folder, its own checkpoints, the config as template), so results do not depend on the pool size.
 */
public final class CampaignRunner {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.campaign");

    /**
     * Where a task runs: its slot's number, its GPU (null: the config's device settings) and its CPU
     * threads (null: the config's cpu_threads).
     */
    public record Slot(int index, Integer gpu, Integer cpuThreads) {
    }

    /** How one run of a task's fit ended. */
    public record Outcome(int exitCode, String message) {
        public static final int OK = 0;
        public static final int FAILED = 1;
        public static final int BAD_INPUT = 2;
        public static final int INTERRUPTED = 130;
    }

    /** Runs the fit of one task into its folder (the command line's fit runner). */
    @FunctionalInterface
    public interface TaskExecutor {
        /**
         * @return the fit's exit code and, when it did not succeed, why
         * @throws BadInputException for bad input (not retried); any other exception counts as a
         *                           failure (retried once)
         */
        Outcome run(CampaignTask task, Path folder, Slot slot) throws Exception;
    }

    /** What a campaign run did. */
    public record Result(int skipped, int done, int failed, int interrupted) {
    }

    private final Path dir;
    private final CampaignPlan plan;
    private final List<Slot> slots;
    private final AtomicBoolean interrupt;
    private final TaskExecutor executor;
    private final Object progressLock = new Object();
    private int finished;
    private int toRun;
    private long startNanos;

    /**
     * @param slots the pool (one worker thread each)
     */
    public CampaignRunner(Path dir, CampaignPlan plan, List<Slot> slots, AtomicBoolean interrupt,
                          TaskExecutor executor) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("at least one slot");
        }
        this.dir = dir;
        this.plan = plan;
        this.slots = List.copyOf(slots);
        this.interrupt = interrupt;
        this.executor = executor;
    }

    /**
     * The pool for {@code jobs} concurrent tasks on {@code cores} cores and the given GPUs: slot s
     * uses GPU s mod n_gpus and cores/jobs threads (at least 1).
     */
    public static List<Slot> slots(int jobs, int cores, List<Integer> gpus) {
        List<Slot> out = new ArrayList<>();
        int threads = Math.max(1, cores / jobs);
        for (int s = 0; s < jobs; s++) {
            out.add(new Slot(s, gpus.isEmpty() ? null : gpus.get(s % gpus.size()), threads));
        }
        return out;
    }

    /** Default pool size: one task per GPU; without GPUs one per 4 cores (each task's fit uses its threads). */
    public static int defaultJobs(int cores, List<Integer> gpus) {
        return gpus.isEmpty() ? Math.max(1, cores / 4) : gpus.size();
    }

    /** Runs every task that is not done; returns when all ran or an interrupt stopped the pool. */
    public Result run() throws IOException {
        Queue<CampaignTask> queue = new ConcurrentLinkedQueue<>();
        int skipped = 0;
        for (CampaignTask t : plan.tasks()) {
            CampaignRow row = CampaignRow.read(dir, t, plan.configSha256());
            if (row.status() == TaskStatus.DONE) {
                skipped++;
            } else {
                queue.add(t);
            }
        }
        toRun = queue.size();
        startNanos = System.nanoTime();
        LOG.info("campaign: {} tasks, {} done before, {} to run on {} slot(s){}", plan.tasks().size(), skipped, toRun,
                Math.min(slots.size(), Math.max(1, toRun)), slots.get(0).gpu() == null ? ""
                        : " (GPUs " + slots.stream().map(s -> String.valueOf(s.gpu())).distinct().toList() + ")");
        List<Thread> workers = new ArrayList<>();
        int[] counts = new int[TaskStatus.values().length];
        List<Throwable> crashes = new ArrayList<>();
        for (Slot slot : slots.subList(0, Math.min(slots.size(), Math.max(1, toRun)))) {
            Thread w = new Thread(() -> {
                CampaignTask t;
                while (!interrupt.get() && (t = queue.poll()) != null) {
                    TaskRecord r = runTask(t, slot);
                    synchronized (counts) {
                        counts[r.status().ordinal()]++;
                    }
                }
            }, "campaign-slot-" + slot.index());
            w.setUncaughtExceptionHandler((th, e) -> {
                synchronized (crashes) {
                    crashes.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                interrupt.set(true);   // finish what runs (each task checkpoints), then stop
                Thread.currentThread().interrupt();
            }
        }
        if (!crashes.isEmpty()) {
            throw new IOException("a campaign worker failed: " + crashes.get(0), crashes.get(0));
        }
        return new Result(skipped, counts[TaskStatus.DONE.ordinal()], counts[TaskStatus.FAILED.ordinal()],
                counts[TaskStatus.INTERRUPTED.ordinal()] + (interrupt.get() ? queue.size() : 0));
    }

    /** Runs one task (this pool's, or a Slurm array task's): its attempts, its record, a progress line. */
    TaskRecord runTask(CampaignTask task, Slot slot) {
        Thread self = Thread.currentThread();
        String name = self.getName();
        self.setName("task " + task.label());
        try {
            TaskRecord r = runWithRetry(dir, plan, task, slot, interrupt, executor);
            progress(task, r);
            return r;
        } finally {
            self.setName(name);
        }
    }

    /**
     * One task with its second chance, recorded in its folder's task.json: RUNNING while it runs,
     * then DONE (exit 0, or a fit that ended with convergence status failed and wrote its results),
     * INTERRUPTED (exit 130: rerun to resume) or FAILED (with the reason).
     */
    public static TaskRecord runWithRetry(Path dir, CampaignPlan plan, CampaignTask task, Slot slot,
                                          AtomicBoolean interrupt, TaskExecutor executor) {
        Path folder = dir.resolve(task.folder());
        long t0 = System.nanoTime();
        Outcome out = null;
        int attempts = 0;
        boolean resultsWritten = false;
        while (attempts < 2 && !interrupt.get()) {
            attempts++;
            Path parameters = folder.resolve("nlsq").resolve("parameters.json");
            FileStamp before = FileStamp.of(parameters);
            try {
                TaskRecord.running(task, plan.configSha256(), attempts).write(folder);
                out = executor.run(task, folder, slot);
            } catch (BadInputException e) {
                out = new Outcome(Outcome.BAD_INPUT, e.getMessage());
            } catch (Exception e) {
                LOG.debug("task {} attempt {} failed", task.label(), attempts, e);
                out = new Outcome(Outcome.FAILED, e.toString());
            }
            resultsWritten = !FileStamp.of(parameters).equals(before) && Files.exists(parameters);
            if (out.exitCode() != Outcome.FAILED || resultsWritten) {
                break; // a fit that ran to its end (results written, convergence failed) is not retried
            }
            if (attempts < 2 && !interrupt.get()) {
                LOG.warn("task {} failed ({}); retrying it once", task.label(), out.message());
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        TaskStatus status;
        if (out == null || out.exitCode() == Outcome.INTERRUPTED) {
            status = TaskStatus.INTERRUPTED;
        } else if (out.exitCode() == Outcome.OK || (out.exitCode() == Outcome.FAILED && resultsWritten)) {
            status = TaskStatus.DONE;
        } else {
            status = TaskStatus.FAILED;
        }
        int code = out == null ? Outcome.INTERRUPTED : out.exitCode();
        String error = out == null || code == Outcome.OK ? null : out.message();
        TaskRecord rec = TaskRecord.ended(task, plan.configSha256(), status, code, attempts, error, seconds);
        try {
            rec.write(folder);
        } catch (IOException e) {
            LOG.error("task {}: cannot write {}: {}", task.label(), folder.resolve(TaskRecord.FILE_NAME),
                    e.getMessage());
            return new TaskRecord(task.index(), plan.configSha256(), TaskStatus.FAILED, code, attempts,
                    "cannot write its task.json: " + e.getMessage(), seconds, rec.finished());
        }
        return rec;
    }

    /**
     * What identifies a version of a file: results are written to a temporary file and renamed,
     * so a new version has a new file key; modification time and size as well where the file
     * system has no keys. (A time comparison alone failed: file times are kernel ticks behind
     * the clock.)
     */
    private record FileStamp(Object key, FileTime modified, long size) {
        static FileStamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(a.fileKey(), a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return new FileStamp(null, null, -1);
            }
        }
    }

    /** "[campaign] 3/8 run_1 q=0.0054: done (converged, χ²_red 1.02) in 12.3 s; ETA 0:45". */
    private void progress(CampaignTask task, TaskRecord r) {
        String result;
        try {
            CampaignRow row = CampaignRow.read(dir, task, plan.configSha256());
            result = row.status() == TaskStatus.DONE
                    ? String.format(Locale.ROOT, "done (%s, \u03c7\u00b2_red %s)", row.convergenceStatus(),
                    row.reducedChi2() == null ? "n/a" : String.format(Locale.ROOT, "%.4g", row.reducedChi2()))
                    : r.status().id() + (r.error() == null ? "" : ": " + r.error());
        } catch (IOException e) {
            result = r.status().id();
        }
        synchronized (progressLock) {
            finished++;
            double elapsed = (System.nanoTime() - startNanos) * 1e-9;
            double eta = elapsed / finished * (toRun - finished);
            String line = String.format(Locale.ROOT, "[campaign] %d/%d %s: %s in %.1f s; ETA %s", finished, toRun,
                    task.label(), result, r.wallSeconds(), finished == toRun ? "0:00" : clock(eta));
            if (r.status() == TaskStatus.DONE) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
