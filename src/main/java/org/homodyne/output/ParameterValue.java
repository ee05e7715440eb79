package org.homodyne.output;

import org.homodyne.fit.AtBound;

/**
 * A fitted parameter for figure titles and the npz.
 *
 * @param name    canonical name (D0, alpha, …)
 * @param value   fitted value
 * @param sigma   1σ uncertainty; 0 or NaN when not available (printed without ±)
 * @param unit    unit text printed after the value ("" for none; the mode's parameter table
 *                supplies them)
 * @param atBound the bound the value sits at, or null: then the label says so and prints "± —"
 *                (an uncertainty at a bound means nothing)
 */
public record ParameterValue(String name, double value, double sigma, String unit, AtBound atBound) {
    public ParameterValue {
        unit = unit == null ? "" : unit;
    }

    /** A parameter without a unit, inside its bounds. */
    public ParameterValue(String name, double value, double sigma) {
        this(name, value, sigma, "", null);
    }

    /** A parameter inside its bounds. */
    public ParameterValue(String name, double value, double sigma, String unit) {
        this(name, value, sigma, unit, null);
    }

    /**
     * "name = value ± σ unit" with the precision the uncertainty supports; at a bound
     * "name = value ± — unit (at lower bound)".
     */
    public String label() {
        String u = unit.isEmpty() ? "" : " " + unit;
        if (atBound != null) {
            return name + " = " + UncertainFormat.format(value, Double.NaN) + " \u00b1 \u2014" + u + " (at "
                    + atBound.id() + " bound)";
        }
        return name + " = " + UncertainFormat.format(value, sigma) + u;
    }
}
