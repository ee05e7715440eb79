package org.homodyne.config;

import java.util.List;

/**
 * Angle selection ({@code phi_filtering}). When enabled, an angle is kept if it lies inside ANY
 * of the ranges; when none matches, the data layer keeps all angles with a warning (SPEC §3).
 */
public record PhiFilterConfig(boolean enabled, List<AngleRange> targetRanges) {
    public PhiFilterConfig {
        targetRanges = List.copyOf(targetRanges);
    }

    /** True when the angle passes the filter (always true when the filter is off or has no ranges). */
    public boolean accepts(double phiDegrees) {
        if (!enabled || targetRanges.isEmpty()) {
            return true;
        }
        for (AngleRange r : targetRanges) {
            if (r.contains(phiDegrees)) {
                return true;
            }
        }
        return false;
    }
}
