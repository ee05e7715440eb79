package org.homodyne.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Path;

/**
 * The frame time a file records about itself, to check the dt the fit is given against it: the
 * times t = k·dt scale D0 and γ̇0, so a wrong dt gives a converged fit with wrong parameters.
 * Where it is recorded: the root attribute {@code dt} ({@code homodyne simulate} writes it), or
 * the APS-U (NeXus) detector frame time {@value #APS_U_FRAME_TIME}. Files without either are not
 * checked.
 */
final class FrameTime {
    static final String ROOT_ATTRIBUTE = "dt";
    static final String APS_U_FRAME_TIME = "/entry/instrument/detector_1/frame_time";
    /** Relative difference still counted as the same dt (float32 storage of a float64 value). */
    static final double TOLERANCE = 1e-6;

    private FrameTime() {
    }

    /**
     * A warning when the file records another frame time than {@code dt}, else null. Metadata that
     * cannot be read is not an error here (the fit does not need it): it is simply not compared.
     */
    static String mismatch(Path file, HdfFile hdf, double dt) {
        double recorded;
        String where;
        try {
            Attribute a = hdf.getAttribute(ROOT_ATTRIBUTE);
            if (a != null && a.getData() instanceof Number v) {
                recorded = v.doubleValue();
                where = "root attribute " + ROOT_ATTRIBUTE;
            } else {
                Node n = HdfAccess.find(file, hdf, APS_U_FRAME_TIME);
                if (!(n instanceof Dataset ds) || !ds.isScalar() || !(ds.getData() instanceof Number v)) {
                    return null;
                }
                recorded = v.doubleValue();
                where = APS_U_FRAME_TIME;
            }
        } catch (RuntimeException e) {
            return null;
        }
        if (!(recorded > 0) || Math.abs(recorded - dt) <= TOLERANCE * Math.abs(dt)) {
            return null;
        }
        return "dt = " + plain(dt) + " s is used, but the file records a frame time of " + plain(recorded) + " s ("
                + where + "): times, D0 and gamma_dot_t0 scale with dt; check the configured dt (expected when the "
                + "correlation matrices were computed from frames binned by " + plain(dt / recorded) + ")";
    }

    /** 0.1, 2.5e-05: the shortest form that reads back the same, without trailing zeros. */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toString();
    }
}
