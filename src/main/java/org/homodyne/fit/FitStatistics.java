package org.homodyne.fit;

/**
 * χ² in homodyne's full-matrix convention (SPEC §1): the fit sums the strict upper triangle,
 * χ²_full = 2·Σ_{i<j} r²; n_data = n_φ·N² (diagonal points count as masked zeros; non-finite
 * data points, masked in both triangles, do not count); χ²_red = χ²_full/(n_data − p_eff).
 */
public record FitStatistics(double chi2Upper, double chi2Full, long nData, int pEff, double reducedChi2,
                            String qualityFlag) {

    public static FitStatistics of(double chi2Upper, int angles, int n, long maskedPoints, int pEff) {
        double full = fullMatrixChi2(chi2Upper);
        long nData = (long) angles * n * n - 2L * maskedPoints;
        long fitted = (long) angles * n * (n - 1) / 2 - maskedPoints;
        // without a single fitted pair χ² = 0 says nothing: never "0.00000 (good)" (issue 12)
        double red = fitted > 0 && nData > pEff ? full / (nData - pEff) : Double.NaN;
        return new FitStatistics(chi2Upper, full, nData, pEff, red, quality(red));
    }

    /**
     * homodyne's full-matrix χ² from the fit's strict-upper-triangle sum: χ²_full = 2·Σ_{i<j} r²
     * (c2 and the model are symmetric, the diagonal is masked). Every χ² a user sees — result
     * files, logs, progress, checkpoint logs, plots — goes through here.
     */
    public static double fullMatrixChi2(double chi2Upper) {
        return 2.0 * chi2Upper;
    }

    /** The inverse of {@link #fullMatrixChi2}: the upper-triangle sum of a χ² read from a result file (exact). */
    public static double upperTriangleChi2(double chi2Full) {
        return chi2Full / 2.0;
    }

    /** good < 1.5 ≤ marginal < 3 ≤ poor (SPEC §1). */
    public static String quality(double reducedChi2) {
        if (!Double.isFinite(reducedChi2)) {
            return "poor";
        }
        return reducedChi2 < 1.5 ? "good" : reducedChi2 < 3.0 ? "marginal" : "poor";
    }

    public long degreesOfFreedom() {
        return nData - pEff;
    }
}
