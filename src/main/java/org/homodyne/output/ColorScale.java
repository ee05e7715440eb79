package org.homodyne.output;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * A colour map over a value range: the raster colours pixels with it, and as a JFreeChart
 * {@link PaintScale} it draws the matching colour bar ({@code PaintScaleLegend}).
 *
 * @param map   the colour map
 * @param lower value shown with the map's first colour (and anything below)
 * @param upper value shown with the map's last colour (and anything above)
 */
public record ColorScale(ColorMap map, double lower, double upper) implements PaintScale {
    public ColorScale {
        if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            // a flat or empty image: any non-empty range keeps the colour bar drawable
            double mid = Double.isFinite(lower) ? lower : 0.0;
            double half = Math.max(1e-6, Math.abs(mid) * 1e-3);
            lower = mid - half;
            upper = mid + half;
        }
    }

    /** A range symmetric about zero, ±limit, for residuals. */
    public static ColorScale symmetric(ColorMap map, double limit) {
        double l = Double.isFinite(limit) && limit > 0 ? limit : 1e-6;
        return new ColorScale(map, -l, l);
    }

    public int rgb(double value) {
        return map.rgb(value, lower, upper);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return new Color(rgb(value));
    }
}
