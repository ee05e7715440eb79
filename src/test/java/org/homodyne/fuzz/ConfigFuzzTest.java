package org.homodyne.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.homodyne.config.ConfigException;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigSummary;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.model.Bounds;

/**
 * Fuzz target 1: the YAML config loader, from the bytes of a file to a validated
 * {@link HomodyneConfig} or a {@link ConfigException} with one line. A loaded config must also
 * hold what the loader promises (finite numbers in range, min &lt; max, ...), since a config
 * accepted with a NaN or an infinite bound is silent garbage.
 *
 * <p>Seeds: {@code ConfigFuzzTestInputs/configFile/} (the templates, the seed guide's examples, one
 * file per known bad input, every finding). Regression: part of {@code mvn verify}. Fuzzing:
 * {@code mvn test -Pfuzz -Dtest=ConfigFuzzTest}.
 */
class ConfigFuzzTest {
    private static final long ALLOCATION_LIMIT = 256L << 20;
    private static final Path DIR = FuzzContract.tempDir("homodyne-config-fuzz");


    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "config.dict")
    void configFile(byte[] bytes) throws Exception {
        Path file = DIR.resolve("config.yaml");
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        FuzzContract.requireBoundedAllocation("loading a config of " + bytes.length + " bytes", ALLOCATION_LIMIT,
                () -> load(file));
    }

    private static void load(Path file) {
        HomodyneConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            FuzzContract.requireOneLine(e);
            if (!e.getMessage().startsWith(file.toString())) {
                throw new AssertionError("message does not name the file: " + e.getMessage(), e);
            }
            return;
        }
        checkValid(config);
        List<String> summary = ConfigSummary.lines(config);
        if (summary.isEmpty()) {
            throw new AssertionError("empty summary");
        }
    }

    /** What every config the loader returns must satisfy (docs/CONFIGURATION.md). */
    static void checkValid(HomodyneConfig c) {
        var a = c.analyzer();
        require(Double.isFinite(a.dt()) && a.dt() > 0, "dt " + a.dt());
        require(a.startFrame() >= 1, "start_frame " + a.startFrame());
        require(a.endFrame() == -1 || a.endFrame() >= a.startFrame(), "end_frame " + a.endFrame());
        require(Double.isFinite(a.wavevectorQ()) && a.wavevectorQ() > 0, "q " + a.wavevectorQ());
        require(Double.isFinite(a.gapL()) && a.gapL() > 0, "gap " + a.gapL());
        for (Map.Entry<String, Bounds> e : c.bounds().entrySet()) {
            Bounds b = e.getValue();
            require(Double.isFinite(b.min()) && Double.isFinite(b.max()) && b.min() < b.max(),
                    "bounds of " + e.getKey() + " " + b);
        }
        double[] values = c.initial().values();
        if (values != null) {
            List<String> names = c.mode().physicalNames();
            require(values.length == names.size(), "values length " + values.length);
            for (int k = 0; k < values.length; k++) {
                require(c.boundsOf(names.get(k)).contains(values[k]), names.get(k) + " start " + values[k]);
            }
        }
        checkScaling(c, c.initial().contrast(), "contrast");
        checkScaling(c, c.initial().offset(), "offset");
        var o = c.optimization();
        require(o.maxIterations() >= 1, "max_iterations " + o.maxIterations());
        for (double t : new double[] {o.ftol(), o.xtol(), o.gtol()}) {
            require(Double.isFinite(t) && t > 0, "tolerance " + t);
        }
        var s = c.streaming();
        require(s.checkpointFrequency() >= 1 && s.keepLastCheckpoints() >= 1 && s.maxRetriesPerBatch() >= 0,
                "streaming counts");
        require(s.minSuccessRate() >= 0 && s.minSuccessRate() <= 1, "min_success_rate " + s.minSuccessRate());
        require(s.batchSize() == null || s.batchSize() >= 1000, "batch_size " + s.batchSize());
        require(s.checkpointDir() != null && !s.checkpointDir().isBlank(), "checkpoint_dir");
        var p = c.performance();
        require(p.memoryLimitGb() == null || Double.isFinite(p.memoryLimitGb()) && p.memoryLimitGb() > 0,
                "memory_limit_gb " + p.memoryLimitGb());
        require(p.gpuId() >= 0 && (p.cpuThreads() == null || p.cpuThreads() >= 1), "device numbers");
        for (var r : c.phiFilter().targetRanges()) {
            require(Math.abs(r.minAngle()) <= 360 && Math.abs(r.maxAngle()) <= 360, "angle range " + r);
        }
        for (var w : c.warnings()) {
            FuzzContract.requireOneLine(w.message(), null);
        }
    }

    private static void checkScaling(HomodyneConfig c, double[] v, String name) {
        if (v == null) {
            return;
        }
        require(v.length >= 1, name + " empty");
        for (double x : v) {
            require(c.boundsOf(name).contains(x), name + " start " + x);
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("loaded config breaks its contract: " + what);
        }
    }
}
