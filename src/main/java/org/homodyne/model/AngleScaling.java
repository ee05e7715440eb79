package org.homodyne.model;

/**
 * Per-angle contrast and offset of the current parameters (the model is offset_a + contrast_a·g1²).
 */
public record AngleScaling(double[] contrast, double[] offset) {
    public AngleScaling {
        if (contrast.length != offset.length) {
            throw new IllegalArgumentException("contrast and offset need one value per angle");
        }
        contrast = contrast.clone();
        offset = offset.clone();
    }

    public int angleCount() {
        return contrast.length;
    }

    public double contrast(int a) {
        return contrast[a];
    }

    public double offset(int a) {
        return offset[a];
    }

    @Override
    public double[] contrast() {
        return contrast.clone();
    }

    @Override
    public double[] offset() {
        return offset.clone();
    }
}
