package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AngleFilterTest {
    @Test
    void normalisesToMinus180Exclusive180Inclusive() {
        assertEquals(180.0, AngleFilter.normalise(-180));
        assertEquals(180.0, AngleFilter.normalise(180));
        assertEquals(180.0, AngleFilter.normalise(540));
        assertEquals(-170.0, AngleFilter.normalise(190));
        assertEquals(10.0, AngleFilter.normalise(370));
        assertEquals(-10.0, AngleFilter.normalise(-370));
        assertEquals(0.0, AngleFilter.normalise(-360));
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(AngleFilter.normalise(-0.0)));
        assertEquals(179.5, AngleFilter.normalise(-180.5));
    }

    @Test
    void rangesAreInclusiveAndWrapWhenMinExceedsMax() {
        assertTrue(AngleFilter.inRange(-10, -10, 10));
        assertTrue(AngleFilter.inRange(10, -10, 10));
        assertFalse(AngleFilter.inRange(10.01, -10, 10));
        // wrapped through ±180
        assertTrue(AngleFilter.inRange(180, 170, -170));
        assertTrue(AngleFilter.inRange(-175, 170, -170));
        assertTrue(AngleFilter.inRange(170, 170, -170));
        assertFalse(AngleFilter.inRange(0, 170, -170));
        // bounds outside (−180, 180] are normalised too: {170, 190} is the same range
        assertTrue(AngleFilter.inRange(-175, 170, 190));
        assertFalse(AngleFilter.inRange(160, 170, 190));
        // the whole circle
        assertTrue(AngleFilter.inRange(123, -180, 180));
        assertTrue(AngleFilter.inRange(180, -180, 0));
        assertTrue(AngleFilter.inRange(-90, -180, 0));
        assertFalse(AngleFilter.inRange(90, -180, 0));
        // float32 round-off of a stored bound angle
        assertTrue(AngleFilter.inRange((float) 45.0000001, 0, 45));
        assertTrue(AngleFilter.inAny(100, List.of(new double[] {-10, 10}, new double[] {90, 120})));
        assertFalse(AngleFilter.inAny(50, List.of(new double[] {-10, 10}, new double[] {90, 120})));
    }
}
