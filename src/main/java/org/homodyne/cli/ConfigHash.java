package org.homodyne.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.stream.GlobalSettings;

/**
 * A hash of every setting that changes the fit's arithmetic (model, data selection, bounds,
 * start values, scaling mode, tolerances, batching), so that a checkpoint is only reused by the
 * same computation. Settings that only change where or how fast it runs (threads, device,
 * progress, checkpoint cadence) are left out.
 */
final class ConfigHash {
    private ConfigHash() {
    }

    /**
     * With the settings of issue 11 that change the arithmetic: the Fourier order (per_angle_mode
     * fourier) and the global phase's settings when it runs. They enter only then, so the hash of
     * every other config is what it was before (its checkpoints stay usable).
     */
    static String of(HomodyneConfig c, long batchPoints, double sigma, GlobalSettings global) {
        Map<String, String> f = new TreeMap<>();
        f.put("mode", c.mode().configName());
        f.put("convention", c.convention().configName());
        f.put("dt", Double.toString(c.analyzer().dt()));
        f.put("frames", c.analyzer().startFrame() + ".." + c.analyzer().endFrame());
        f.put("q", Double.toString(c.analyzer().wavevectorQ()));
        f.put("L", Double.toString(c.analyzer().gapL()));
        f.put("phi_filter", c.phiFilter().enabled() + " " + c.phiFilter().targetRanges());
        f.put("bounds", new TreeMap<>(c.bounds()).toString());
        f.put("initial", Arrays.toString(c.physicalStartValues()));
        f.put("contrast", Arrays.toString(c.initial().contrast()));
        f.put("offset", Arrays.toString(c.initial().offset()));
        f.put("per_angle_mode", c.optimization().perAngleMode().configName());
        f.put("tolerances", c.optimization().ftol() + " " + c.optimization().xtol() + " " + c.optimization().gtol());
        f.put("max_iterations", Integer.toString(c.optimization().maxIterations()));
        f.put("batch_points", Long.toString(batchPoints));
        f.put("sigma", Double.toString(sigma));
        f.put("fault_tolerance", c.streaming().enableFaultTolerance() + " " + c.streaming().maxRetriesPerBatch());
        if (c.optimization().perAngleMode() == PerAngleMode.FOURIER) {
            f.put("fourier_order", Integer.toString(c.optimization().fourierOrder()));
        }
        if (global != null && global.enabled()) {
            f.put("global", global.method().id() + " " + global.multiStart() + " "
                    + (global.method() == GlobalSettings.Method.CMAES ? global.cmaes() : ""));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(f.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
