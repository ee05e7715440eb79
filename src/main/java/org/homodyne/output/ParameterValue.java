package org.homodyne.output;

/**
 * A fitted parameter for figure titles.
 *
 * @param name  canonical name (D0, alpha, …)
 * @param value fitted value
 * @param sigma 1σ uncertainty; 0 or NaN when not available (printed without ±)
 */
public record ParameterValue(String name, double value, double sigma) {
    /** "name = value ± σ" with the precision the uncertainty supports. */
    public String label() {
        return name + " = " + UncertainFormat.format(value, sigma);
    }
}
