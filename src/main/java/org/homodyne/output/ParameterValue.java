package org.homodyne.output;

/**
 * A fitted parameter for figure titles and the npz.
 *
 * @param name  canonical name (D0, alpha, …)
 * @param value fitted value
 * @param sigma 1σ uncertainty; 0 or NaN when not available (printed without ±)
 * @param unit  unit text printed after the value ("" for none; the per-mode parameter table
 *              supplies them)
 */
public record ParameterValue(String name, double value, double sigma, String unit) {
    public ParameterValue {
        unit = unit == null ? "" : unit;
    }

    /** A parameter without a unit. */
    public ParameterValue(String name, double value, double sigma) {
        this(name, value, sigma, "");
    }

    /** "name = value ± σ unit" with the precision the uncertainty supports. */
    public String label() {
        String v = UncertainFormat.format(value, sigma);
        return name + " = " + v + (unit.isEmpty() ? "" : " " + unit);
    }
}
