package org.homodyne.config;

/**
 * An inclusive range of scattering angles in degrees, from {@code minAngle} counter-clockwise to
 * {@code maxAngle}. When {@code minAngle > maxAngle} (after both are brought into (−180, 180])
 * the range wraps through ±180°, e.g. [170, −170] keeps 170..180 and −180..−170. A range at
 * least 360° wide keeps every angle. Values are stored as written in the config.
 */
public record AngleRange(double minAngle, double maxAngle) {
    /** True when {@code phiDegrees} lies inside this range (inclusive), angles compared modulo 360°. */
    public boolean contains(double phiDegrees) {
        if (maxAngle - minAngle >= 360.0) {
            return true;
        }
        double lo = normalize(minAngle);
        double hi = normalize(maxAngle);
        double phi = normalize(phiDegrees);
        return lo <= hi ? phi >= lo && phi <= hi : phi >= lo || phi <= hi;
    }

    /** Brings an angle into (−180, 180], the convention used for data angles (SPEC §3). */
    public static double normalize(double degrees) {
        double a = degrees % 360.0;
        if (a <= -180.0) {
            a += 360.0;
        } else if (a > 180.0) {
            a -= 360.0;
        }
        return a;
    }

    @Override
    public String toString() {
        return "[" + Numbers.format(minAngle) + ", " + Numbers.format(maxAngle) + "]";
    }
}
