package org.homodyne.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Start values ({@code initial_parameters}).
 *
 * @param parameterNames canonical names (aliases resolved) in the order written in the config;
 *                       empty when the config lists none. Informational: {@code values} is
 *                       always in canonical order.
 * @param values         physical start values in the CANONICAL order of the mode
 *                       ({@link org.homodyne.model.AnalysisMode#physicalNames()}), whatever order
 *                       parameter_names used; null = midpoints of the bounds
 * @param contrast       per-angle contrast start values: null (estimate from the data), or
 *                       length 1 (all angles) or n_φ (checked against the data later)
 * @param offset         per-angle offset start values, like {@code contrast}
 */
public record InitialParameters(List<String> parameterNames, double[] values, double[] contrast, double[] offset) {
    public InitialParameters {
        parameterNames = List.copyOf(parameterNames);
        values = copy(values);
        contrast = copy(contrast);
        offset = copy(offset);
    }

    /** No start values given: midpoints for the physical parameters, data estimates for the scaling. */
    public static InitialParameters none() {
        return new InitialParameters(List.of(), null, null, null);
    }

    @Override
    public double[] values() {
        return copy(values);
    }

    @Override
    public double[] contrast() {
        return copy(contrast);
    }

    @Override
    public double[] offset() {
        return copy(offset);
    }

    private static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitialParameters p && parameterNames.equals(p.parameterNames)
                && Arrays.equals(values, p.values) && Arrays.equals(contrast, p.contrast)
                && Arrays.equals(offset, p.offset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parameterNames, Arrays.hashCode(values), Arrays.hashCode(contrast),
                Arrays.hashCode(offset));
    }

    @Override
    public String toString() {
        return "InitialParameters[parameterNames=" + parameterNames + ", values="
                + (values == null ? "midpoints" : show(values)) + ", contrast="
                + (contrast == null ? "from data" : show(contrast)) + ", offset="
                + (offset == null ? "from data" : show(offset)) + "]";
    }

    static String show(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Numbers.format(a[i]));
        }
        return sb.append(']').toString();
    }
}
