package org.homodyne.data;

/**
 * A selected angle left out of the data because it holds nothing to fit (issue 12: an angle
 * whose every value is NaN must not be reported with start values and invented uncertainties).
 *
 * @param phi    the angle in degrees, normalised to (−180, 180]
 * @param path   HDF5 path of its matrix
 * @param reason why, for logs and parameters.json
 */
public record DroppedAngle(double phi, String path, String reason) {
}
