package org.homodyne.data;

import java.util.List;

/** Angle normalisation and the φ range filter of SPEC §3. */
final class AngleFilter {
    /** Inclusive bounds tolerate float32 round-off of stored angles (45.000001 is in [0, 45]). */
    private static final double EPS = 1e-6;

    private AngleFilter() {
    }

    /** Maps an angle in degrees to (−180, 180]. */
    static double normalise(double deg) {
        double a = deg % 360.0;          // (−360, 360)
        if (a > 180.0) {
            a -= 360.0;
        } else if (a <= -180.0) {
            a += 360.0;
        }
        return a == 0.0 ? 0.0 : a;       // no −0.0 in outputs
    }

    /**
     * Whether a normalised angle lies in the inclusive range {min, max}. Both bounds are normalised
     * too, so {170, 190} and {170, −170} are the same wrapped range; min &gt; max (after normalising)
     * wraps through ±180°; a range 360° wide or more keeps everything.
     */
    static boolean inRange(double angle, double min, double max) {
        if (max - min >= 360.0 - EPS) {
            return true;
        }
        double lo = normalise(min);
        double hi = normalise(max);
        if (lo <= hi) {
            return angle >= lo - EPS && angle <= hi + EPS;
        }
        return angle >= lo - EPS || angle <= hi + EPS;
    }

    static boolean inAny(double angle, List<double[]> ranges) {
        for (double[] r : ranges) {
            if (inRange(angle, r[0], r[1])) {
                return true;
            }
        }
        return false;
    }
}
