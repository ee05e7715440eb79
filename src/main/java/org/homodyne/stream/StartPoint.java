package org.homodyne.stream;

/**
 * Where a fit starts: per-angle contrast and offset (data estimates or the user's values; also
 * the fixed values in constant mode) and the physical parameters.
 *
 * @param contrast  per-angle start contrast
 * @param offset    per-angle start offset
 * @param physical  physical start values (canonical order)
 * @param fromData  per angle: whether contrast/offset came from the data (false: user values or
 *                  bound midpoints)
 */
public record StartPoint(double[] contrast, double[] offset, double[] physical, boolean[] fromData) {
    public StartPoint {
        contrast = contrast.clone();
        offset = offset.clone();
        physical = physical.clone();
        fromData = fromData.clone();
    }

    @Override
    public double[] contrast() {
        return contrast.clone();
    }

    @Override
    public double[] offset() {
        return offset.clone();
    }

    @Override
    public double[] physical() {
        return physical.clone();
    }

    @Override
    public boolean[] fromData() {
        return fromData.clone();
    }
}
