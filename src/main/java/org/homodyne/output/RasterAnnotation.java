package org.homodyne.output;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * A heatmap raster filling a plot's data area (whose axes span exactly the raster's time extent),
 * drawn at its own pixel size from the data area's whole-pixel origin: on a PNG at base resolution
 * it is a 1:1 copy, never resampled (JFreeChart's XYDataImageAnnotation scales the image to the
 * data area's fractional size, which interpolates cells unevenly). Scaled outputs (another dpi,
 * PDF, SVG) scale the whole drawing.
 */
final class RasterAnnotation extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;
    private final transient BufferedImage image;

    RasterAnnotation(BufferedImage image) {
        this.image = image;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                     int rendererIndex, PlotRenderingInfo info) {
        int x = (int) Math.round(dataArea.getX());
        int y = (int) Math.round(dataArea.getY());
        g2.drawImage(image, x, y, image.getWidth(), image.getHeight(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
