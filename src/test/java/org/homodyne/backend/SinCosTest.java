package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link SinCos} over the phases the laminar kernel meets: |Φ| from 0 to far beyond
 * the reduction limit, with the arguments where range reduction is hardest (next to multiples of
 * π/2) sampled on purpose. The reference is a 60-digit BigDecimal evaluation, so the bound is on
 * the true error, not on the distance to another approximation.
 */
class SinCosTest {
    /** π to 110 digits. */
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510"
            + "58209749445923078164062862089986280348253421170679821480865132823066470938446");
    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigDecimal HALF_PI = PI.divide(BigDecimal.valueOf(2), new MathContext(110));

    /** Error of {@code value} against the exact {@code ref}, in ulps of ref rounded to double. */
    private static double ulps(double value, BigDecimal ref) {
        double r = ref.doubleValue();
        double ulp = Math.ulp(r == 0 ? Double.MIN_NORMAL : r);
        return new BigDecimal(value).subtract(ref).abs().doubleValue() / ulp;
    }

    /** {sin x, cos x} to 60 digits. */
    private static BigDecimal[] reference(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal k = bx.divide(HALF_PI, new MathContext(110)).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = bx.subtract(k.multiply(HALF_PI), new MathContext(110)).round(MC);
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal sin = BigDecimal.ZERO;
        BigDecimal cos = BigDecimal.ZERO;
        BigDecimal termS = r;               // r^(2m+1)/(2m+1)!
        BigDecimal termC = BigDecimal.ONE;  // r^(2m)/(2m)!
        for (int m = 0; m < 40; m++) {
            sin = sin.add(termS, MC);
            cos = cos.add(termC, MC);
            termS = termS.multiply(r2, MC).divide(BigDecimal.valueOf((2L * m + 2) * (2L * m + 3)), MC).negate();
            termC = termC.multiply(r2, MC).divide(BigDecimal.valueOf((2L * m + 1) * (2L * m + 2)), MC).negate();
        }
        int quadrant = k.remainder(BigDecimal.valueOf(4)).intValue();
        quadrant = (quadrant + 4) % 4;
        return switch (quadrant) {
            case 0 -> new BigDecimal[]{sin, cos};
            case 1 -> new BigDecimal[]{cos, sin.negate()};
            case 2 -> new BigDecimal[]{sin.negate(), cos.negate()};
            default -> new BigDecimal[]{cos.negate(), sin};
        };
    }

    private static double[] arguments(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            double v;
            switch (i % 4) {
                case 0 -> v = Math.pow(10, -8 + 17 * rnd.nextDouble());            // 1e-8 .. 1e9, log-uniform
                case 1 -> v = rnd.nextDouble() * 400;                                // the usual phases
                case 2 -> {                                                          // next to k·π/2
                    double k = Math.floor(Math.pow(10, 9 * rnd.nextDouble()));
                    v = k * (Math.PI / 2);
                    for (int s = rnd.nextInt(-3, 4); s != 0; s -= Integer.signum(s)) {
                        v = s > 0 ? Math.nextUp(v) : Math.nextDown(v);
                    }
                }
                default -> v = Math.PI / 4 * (1 + 1e-6 * (rnd.nextDouble() - 0.5)); // the kernel's edge
            }
            x[i] = rnd.nextBoolean() ? v : -v;
        }
        return x;
    }

    @Test
    void errorBelowOneUlpAgainstA60DigitReference() {
        double worstSin = 0;
        double worstCos = 0;
        for (double x : arguments(6000, 11)) {
            BigDecimal[] ref = reference(x);
            worstSin = Math.max(worstSin, ulps(SinCos.sin(x), ref[0]));
            worstCos = Math.max(worstCos, ulps(SinCos.cos(x), ref[1]));
        }
        System.out.printf("SinCos vs 60-digit reference: max error sin %.3f ulp, cos %.3f ulp%n", worstSin, worstCos);
        assertTrue(worstSin < 1.0, "sin error " + worstSin + " ulp");
        assertTrue(worstCos < 1.0, "cos error " + worstCos + " ulp");
    }

    @Test
    void withinOneUlpOfMathSinAndCos() {
        double worst = 0;
        int differ = 0;
        int count = 0;
        for (double x : arguments(400_000, 5)) {
            double s = SinCos.sin(x);
            double c = SinCos.cos(x);
            double es = Math.abs(s - Math.sin(x)) / Math.ulp(Math.sin(x));
            double ec = Math.abs(c - Math.cos(x)) / Math.ulp(Math.cos(x));
            worst = Math.max(worst, Math.max(es, ec));
            differ += (es > 0 ? 1 : 0) + (ec > 0 ? 1 : 0);
            count += 2;
        }
        System.out.printf("SinCos vs Math: max %.3f ulp, %d of %d values differ%n", worst, differ, count);
        assertTrue(worst <= 1.0, "max distance to Math.sin/cos " + worst + " ulp");
    }

    @Test
    void specialValuesAndTheFallbackBeyondTheReductionLimit() {
        assertEquals(0.0, SinCos.sin(0.0));
        assertEquals(1.0, SinCos.cos(0.0));
        assertTrue(Double.isNaN(SinCos.sin(Double.NaN)) && Double.isNaN(SinCos.cos(Double.NaN)));
        assertTrue(Double.isNaN(SinCos.sin(Double.POSITIVE_INFINITY)));
        double big = SinCos.REDUCTION_LIMIT * 3.5;
        assertEquals(Math.sin(big), SinCos.sin(big));
        assertEquals(Math.cos(-big), SinCos.cos(-big));
        assertEquals(1e-9, SinCos.sin(1e-9));
    }
}
