package org.homodyne.fit;

/**
 * The bound a fitted value sits at. A parameter at a bound has no meaningful uncertainty (the
 * fit was stopped by the box, not by the data), so results mark it and print its uncertainty
 * as "—". The one definition of "at a bound": tables, result files and figures all ask here.
 */
public enum AtBound {
    LOWER("lower"),
    UPPER("upper");

    /**
     * A value within this fraction of the interval's width of a bound is at it. The LM step is
     * clipped onto the bounds exactly, so this only absorbs rounding (a value 1e-9 of the range
     * from a bound is, for any reading of the result, at it).
     */
    public static final double RELATIVE_TOLERANCE = 1e-9;

    private final String id;

    AtBound(String id) {
        this.id = id;
    }

    /** "lower" or "upper": the value of {@code at_bound} in the result files. */
    public String id() {
        return id;
    }

    /** The bound with this {@link #id()}, or null (for null, "" or any other text). */
    public static AtBound fromId(String id) {
        for (AtBound b : values()) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        return null;
    }

    /**
     * The bound {@code value} sits at, or null when it is inside [lower, upper] by more than the
     * tolerance (and for a non-finite value, which is at no bound).
     */
    public static AtBound of(double value, double lower, double upper) {
        if (!Double.isFinite(value)) {
            return null;
        }
        double tol = RELATIVE_TOLERANCE * (upper - lower);
        if (value <= lower + tol) {
            return LOWER;
        }
        if (value >= upper - tol) {
            return UPPER;
        }
        return null;
    }
}
