package org.homodyne.output;

import java.awt.Graphics2D;
import java.awt.font.TextAttribute;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A log axis with ticks where a reader expects them, at m·10^k for integer m, instead of
 * JFreeChart's evenly spaced exponents (which label "10^5.9" when the range is under a few
 * decades). Which mantissas get a label depends on the span: 1 only beyond four decades; 1, 2 and
 * 5 from 1.5 to four; every m below. Labels are "2×10⁵" or, for the {@code plain} style, "0.2".
 */
final class DecadeLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private final boolean plain;

    DecadeLogAxis(String label, boolean plain) {
        super(label);
        this.plain = plain;
        FigureStyle.axis(this);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List ticks = new ArrayList();
        double lo = getLowerBound();
        double hi = getUpperBound();
        if (!(lo > 0) || !(hi > lo)) {
            return ticks;
        }
        double decades = Math.log10(hi / lo);
        TextAnchor anchor = RectangleEdge.isTopOrBottom(edge)
                ? (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER)
                : (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
        int decadeStep = decades > 12 ? (int) Math.ceil(decades / 8) : 1;
        boolean minors = decades <= 8;
        for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, k);
                if (v < lo * (1 - 1e-12) || v > hi * (1 + 1e-12)) {
                    continue;
                }
                boolean labelled = m == 1 ? Math.floorMod(k, decadeStep) == 0
                        : decades <= 1.5 || (decades <= 4 && (m == 2 || m == 5));
                if (labelled) {
                    ticks.add(new LogTick(TickType.MAJOR, v, label(m, k), anchor));
                } else if (minors) {
                    ticks.add(new LogTick(TickType.MINOR, v, null, anchor));
                }
            }
        }
        return ticks;
    }

    private AttributedString label(int m, int k) {
        String text;
        if (plain && k >= -4 && k <= 5) {
            text = BigDecimal.valueOf(m).scaleByPowerOfTen(k).stripTrailingZeros().toPlainString();
        } else if (m == 1) {
            text = "10" + UncertainFormat.superscript(k);
        } else {
            text = m + "\u00d710" + UncertainFormat.superscript(k);
        }
        AttributedString s = new AttributedString(text);
        s.addAttribute(TextAttribute.FONT, getTickLabelFont());
        return s;
    }
}
