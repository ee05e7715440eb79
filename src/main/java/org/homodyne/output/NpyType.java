package org.homodyne.output;

/** The numpy element types the writers use, little-endian as numpy expects on every platform we run on. */
public enum NpyType {
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8);

    private final String descr;
    private final int bytes;

    NpyType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** numpy's dtype string, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    public int bytes() {
        return bytes;
    }
}
