package org.homodyne.output;

import java.util.Locale;

/**
 * The file format of the figures and, for PNG, their resolution. The figures are laid out in
 * pixels at {@link #BASE_DPI} (a 520-pixel heatmap panel is 5.2 inches wide); another dpi scales
 * the whole drawing, so text and lines keep their size on paper. PDF and SVG are vector formats
 * (text and lines; the heatmap rasters are embedded as images at their cell resolution) and
 * ignore the dpi.
 *
 * @param kind png, pdf or svg
 * @param dpi  PNG resolution in dots per inch
 */
public record FigureFormat(Kind kind, int dpi) {
    /** The resolution at which the layout's pixel sizes are meant. */
    public static final int BASE_DPI = 100;
    /** What the fit writes: PNG at the base resolution. */
    public static final FigureFormat DEFAULT = new FigureFormat(Kind.PNG, BASE_DPI);

    /** File formats. */
    public enum Kind {
        PNG, PDF, SVG;

        /** "png", "pdf", "svg" */
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named (case-insensitive), or null. */
        public static Kind fromName(String name) {
            for (Kind k : values()) {
                if (k.extension().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    public FigureFormat {
        if (kind == null) {
            throw new IllegalArgumentException("figure format kind is null");
        }
        if (dpi < 10 || dpi > 2400) {
            throw new IllegalArgumentException("dpi must be between 10 and 2400, got " + dpi);
        }
    }

    /** Drawing scale of a PNG: dpi / 100. */
    double scale() {
        return kind == Kind.PNG ? dpi / (double) BASE_DPI : 1.0;
    }

    /** {@code name} + "." + extension. */
    String file(String stem) {
        return stem + "." + kind.extension();
    }
}
