package org.homodyne.fit;

/**
 * {@code optimization.nlsq.sigma}: the residual scale σ of r = (c2 − g2)/σ, either a fixed number
 * (homodyne's 0.01 by default, for parity) or {@code auto}, estimated from the data's own noise
 * ({@link NoiseEstimator}).
 *
 * @param value the fixed σ, or null for auto
 */
public record SigmaChoice(Double value) {
    public static final SigmaChoice AUTO = new SigmaChoice(null);

    public SigmaChoice {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, got " + value);
        }
    }

    public static SigmaChoice fixed(double sigma) {
        return new SigmaChoice(sigma);
    }

    public boolean auto() {
        return value == null;
    }

    @Override
    public String toString() {
        return auto() ? "auto" : Double.toString(value);
    }
}
