package org.homodyne.model;

/** A closed interval [min, max] for one parameter; min < max. */
public record Bounds(double min, double max) {
    public Bounds {
        if (!(min < max)) {
            throw new IllegalArgumentException("bounds need min < max, got [" + min + ", " + max + "]");
        }
    }

    public double midpoint() {
        return 0.5 * (min + max);
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    public double clip(double v) {
        return Math.max(min, Math.min(max, v));
    }
}
