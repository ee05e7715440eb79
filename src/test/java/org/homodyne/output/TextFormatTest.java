package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers in titles: value ± σ at the precision σ supports, angles as in file names. */
class TextFormatTest {
    @Test
    void valueWithUncertainty() {
        assertEquals("(4.012 \u00b1 0.023)\u00d710\u2074", UncertainFormat.format(40123, 234));
        assertEquals("\u22120.2013 \u00b1 0.0021", UncertainFormat.format(-0.20131, 0.00212));
        assertEquals("(5.01 \u00b1 0.31)\u00d710\u207b\u2074", UncertainFormat.format(5.012e-4, 3.1e-5));
        assertEquals("3003 \u00b1 12", UncertainFormat.format(3003.2, 12.3));
        assertEquals("\u221223 \u00b1 36", UncertainFormat.format(-23.4, 36.1));
        assertEquals("0.0000 \u00b1 0.0010", UncertainFormat.format(2e-5, 1e-3));
        assertEquals("(0.2 \u00b1 1.0)\u00d710\u207b\u2074", UncertainFormat.format(2e-5, 1e-4));
        assertEquals("0.2500", UncertainFormat.format(0.25, Double.NaN));
        assertEquals("7.469\u00d710\u2075", UncertainFormat.format(746_912.0, 0));
        assertEquals("0.000 \u00b1 0.012", UncertainFormat.format(-1e-6, 0.0123));
        assertEquals("n/a", UncertainFormat.format(Double.NaN, 1));
    }

    @Test
    void anglesAndNumbers() {
        assertEquals("\u03c6 = \u221245.0\u00b0", TitleText.phi(-45));
        assertEquals("-45.0", TitleText.fileAngle(-45));
        assertEquals("0.1", TitleText.number(0.1));
        assertEquals("0.0054", TitleText.number(0.0054));
        assertEquals("2.5E-7", TitleText.number(2.5e-7));
    }

    @Test
    void titlesWrapBetweenItemsNeverInside() {
        String s = TitleText.wrap(List.of("a = 1", "b = 2", "c = 3"), 15);
        assertEquals("a\u00a0=\u00a01     b\u00a0=\u00a02\nc\u00a0=\u00a03", s);
    }
}
