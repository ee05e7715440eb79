package org.homodyne.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.homodyne.InvalidSettingException;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;

/**
 * Everything a synthetic two-time file is made from (see {@link SyntheticDataWriter}). Invalid values
 * are reported as {@link InvalidSettingException}s named after the record component ("frames",
 * "phiDegrees", "physical", ...); the command line maps the names onto its options.
 *
 * @param mode       static or laminar_flow
 * @param convention shear convention of the model
 * @param physical   physical parameters in {@link AnalysisMode#physicalNames()} order
 * @param phiDegrees angles, one matrix each
 * @param frames     F, frames per stored matrix (frame k at t = k·dt)
 * @param dt         frame time in s
 * @param q          wavevectors in Å⁻¹ (distinct): one q-bin each, every bin with the same physical
 *                   parameters, angles, contrast and offset, and its own q in the model
 * @param gapL       stator–rotor gap in Å
 * @param contrast   per angle (length n_φ)
 * @param offset     per angle (length n_φ)
 * @param noiseSd    standard deviation of the added Gaussian noise (0 = none)
 * @param seed       noise seed; the same seed gives the same file
 * @param chunked    write chunked + deflate datasets instead of contiguous ones
 */
public record SimulationSpec(AnalysisMode mode, ShearConvention convention, double[] physical, double[] phiDegrees,
                             int frames, double dt, double[] q, double gapL, double[] contrast, double[] offset,
                             double noiseSd, long seed, boolean chunked) {

    /** One q-bin. */
    public SimulationSpec(AnalysisMode mode, ShearConvention convention, double[] physical, double[] phiDegrees,
                          int frames, double dt, double q, double gapL, double[] contrast, double[] offset,
                          double noiseSd, long seed, boolean chunked) {
        this(mode, convention, physical, phiDegrees, frames, dt, new double[] {q}, gapL, contrast, offset, noiseSd,
                seed, chunked);
    }

    public SimulationSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(convention, "convention");
        physical = physical.clone();
        phiDegrees = phiDegrees.clone();
        q = q.clone();
        contrast = contrast.clone();
        offset = offset.clone();
        if (physical.length != mode.physicalCount()) {
            throw new InvalidSettingException("physical", mode.configName() + " needs " + mode.physicalCount()
                    + " parameters " + mode.physicalNames() + ", got " + physical.length);
        }
        for (int k = 0; k < physical.length; k++) {
            if (!Double.isFinite(physical[k])) {
                throw new InvalidSettingException("physical", mode.physicalNames().get(k)
                        + " must be a finite number, got " + physical[k]);
            }
        }
        if (phiDegrees.length < 1) {
            throw new InvalidSettingException("phiDegrees", "at least one angle is needed");
        }
        for (double p : phiDegrees) {
            requireFinite("phiDegrees", p);
        }
        if (frames < FrameRange.MIN_FRAMES) {
            throw new InvalidSettingException("frames", "must be >= " + FrameRange.MIN_FRAMES + ", got " + frames);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new InvalidSettingException("dt", "must be a finite number > 0, got " + dt);
        }
        if (q.length < 1) {
            throw new InvalidSettingException("q", "at least one q is needed");
        }
        for (int i = 0; i < q.length; i++) {
            if (!(q[i] > 0) || !Double.isFinite(q[i])) {
                throw new InvalidSettingException("q", "must be finite numbers > 0, got " + q[i]);
            }
            for (int j = 0; j < i; j++) {
                if (q[j] == q[i]) {
                    throw new InvalidSettingException("q", q[i] + " is given twice");
                }
            }
        }
        if (!(gapL > 0) || !Double.isFinite(gapL)) {
            throw new InvalidSettingException("gapL", "must be a finite number > 0, got " + gapL);
        }
        if (contrast.length != phiDegrees.length || offset.length != phiDegrees.length) {
            throw new InvalidSettingException(contrast.length != phiDegrees.length ? "contrast" : "offset",
                    "needs one value per angle (" + phiDegrees.length + ")");
        }
        for (int a = 0; a < contrast.length; a++) {
            requireFinite("contrast", contrast[a]);
            requireFinite("offset", offset[a]);
        }
        if (!(noiseSd >= 0) || !Double.isFinite(noiseSd)) {
            throw new InvalidSettingException("noiseSd", "must be a finite number >= 0, got " + noiseSd);
        }
    }

    private static void requireFinite(String setting, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidSettingException(setting, "must be finite numbers, got " + v);
        }
    }

    @Override
    public double[] physical() {
        return physical.clone();
    }

    @Override
    public double[] phiDegrees() {
        return phiDegrees.clone();
    }

    @Override
    public double[] contrast() {
        return contrast.clone();
    }

    @Override
    public double[] offset() {
        return offset.clone();
    }

    @Override
    public double[] q() {
        return q.clone();
    }

    public int angleCount() {
        return phiDegrees.length;
    }

    /** Number of q-bins. */
    public int qCount() {
        return q.length;
    }

    /** Stored values: n_q · n_φ · F². */
    public long storedPoints() {
        return (long) q.length * phiDegrees.length * frames * frames;
    }

    /**
     * Parses "D0=1e4,alpha=-0.5,D_offset=0" into the mode's physical vector: every physical
     * parameter of the mode's table once, by name or alias (gamma_dot_0, gamma_dot_offset, phi_0).
     */
    public static double[] parsePhysical(AnalysisMode mode, String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> names = mode.physicalNames();
        for (String item : text.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new InvalidSettingException("physical", "'" + t + "' is not NAME=VALUE (names: "
                        + parameterList(mode) + ")");
            }
            String given = t.substring(0, eq).trim();
            ModelParameter parameter = mode.physicalParameters().stream().filter(p -> p.isCalled(given)).findFirst()
                    .orElseThrow(() -> new InvalidSettingException("physical", "'" + given + "' is not a parameter of "
                            + mode.configName() + " (allowed: " + parameterList(mode) + ")"));
            String name = parameter.name();
            double v;
            try {
                v = Double.parseDouble(t.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("physical", "value of " + name + " is not a number: '"
                        + t.substring(eq + 1).trim() + "'");
            }
            if (values.put(name, v) != null) {
                throw new InvalidSettingException("physical", name + " is given twice");
            }
        }
        double[] out = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
            Double v = values.get(names.get(k));
            if (v == null) {
                throw new InvalidSettingException("physical", names.get(k) + " is missing (" + mode.configName() + " needs "
                        + String.join(", ", names) + ")");
            }
            out[k] = v;
        }
        return out;
    }

    /** "D0, alpha, D_offset, gamma_dot_t0 (gamma_dot_0), ...": the mode's physical names with aliases. */
    private static String parameterList(AnalysisMode mode) {
        return mode.physicalParameters().stream().map(ParameterNames::withAliases).collect(Collectors.joining(", "));
    }

    /** Expands a list of 1 or n values of {@code setting} ("contrast", "offset") to n values. */
    public static double[] perAngle(String setting, List<Double> values, int angles) {
        if (values.size() == 1) {
            double[] out = new double[angles];
            java.util.Arrays.fill(out, values.get(0));
            return out;
        }
        if (values.size() != angles) {
            throw new InvalidSettingException(setting, "give 1 value or one per angle (" + angles + "), got "
                    + values.size());
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One line for the file's provenance attribute and logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder("homodyne simulate: mode=").append(mode.configName());
        if (mode.has(ModelTerm.SHEAR)) {
            sb.append(" convention=").append(convention.configName());
        }
        for (int k = 0; k < physical.length; k++) {
            sb.append(' ').append(mode.physicalNames().get(k)).append('=').append(fmt(physical[k]));
        }
        sb.append(" frames=").append(frames).append(" dt=").append(fmt(dt)).append(" q=").append(qText())
                .append(" gap=").append(fmt(gapL)).append(" phi=").append(java.util.Arrays.toString(phiDegrees))
                .append(" contrast=").append(java.util.Arrays.toString(contrast))
                .append(" offset=").append(java.util.Arrays.toString(offset))
                .append(" noise=").append(fmt(noiseSd)).append(" seed=").append(seed)
                .append(chunked ? " chunked" : "");
        return sb.toString();
    }

    private String qText() {
        if (q.length == 1) {
            return fmt(q[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < q.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(fmt(q[i]));
        }
        return sb.append(']').toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
