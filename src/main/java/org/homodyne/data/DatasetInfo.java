package org.homodyne.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What was selected from a two-time file, for logs, outputs and checkpoints.
 *
 * @param file           the HDF5 file
 * @param layout         "APS-U", "APS-old", "generic" or "npy"
 * @param q              the selected bin q in Å⁻¹ (the closest to the requested one)
 * @param phiDegrees     selected angles, normalised to (−180, 180], in file order
 * @param matrixPaths    HDF5 path of each selected angle's matrix ([m] for a plane of an (M, F, F)
 *                       dataset; "(npy)" for a .npy file), parallel to {@code phiDegrees}
 * @param matrixKinds    how each matrix is stored (see {@link MatrixKind}), parallel to {@code phiDegrees}
 * @param fileFrames     F, the side of the stored (F, F) matrices
 * @param framesSelected frames after slicing, including the t = 0 frame that the fit drops
 * @param dt             frame time in s
 * @param startFrame     resolved first frame (1-based, inclusive)
 * @param endFrame       resolved last frame (1-based, inclusive)
 * @param fingerprint    hex SHA-256 over layout, paths, shapes, dtype and selection: identifies the data a
 *                       checkpoint belongs to; the values themselves are checked per batch (CRC32C stored
 *                       in the checkpoint)
 * @param warnings       one line each, already logged at WARN when the file was opened
 * @param droppedAngles  selected angles left out because they hold no finite value (not in
 *                       {@code phiDegrees})
 */
public record DatasetInfo(Path file, String layout, double q, double[] phiDegrees, List<String> matrixPaths,
                          List<MatrixKind> matrixKinds, int fileFrames, int framesSelected, double dt,
                          int startFrame, int endFrame, String fingerprint, List<String> warnings,
                          List<DroppedAngle> droppedAngles) {

    public static final String APS_U = "APS-U";
    public static final String APS_OLD = "APS-old";
    /** HDF5 paths given in the configuration ({@code experimental_data.layout: generic}). */
    public static final String GENERIC = "generic";
    /** One matrix in a NumPy .npy file. */
    public static final String NPY = "npy";

    public DatasetInfo {
        Objects.requireNonNull(file, "file");
        phiDegrees = phiDegrees.clone();
        matrixPaths = List.copyOf(matrixPaths);
        matrixKinds = List.copyOf(matrixKinds);
        warnings = List.copyOf(warnings);
        droppedAngles = List.copyOf(droppedAngles);
        if (matrixPaths.size() != phiDegrees.length || matrixKinds.size() != phiDegrees.length) {
            throw new IllegalArgumentException("angles, paths and kinds differ in length");
        }
    }

    /** A selection with no angle dropped. */
    public DatasetInfo(Path file, String layout, double q, double[] phiDegrees, List<String> matrixPaths,
                       List<MatrixKind> matrixKinds, int fileFrames, int framesSelected, double dt, int startFrame,
                       int endFrame, String fingerprint, List<String> warnings) {
        this(file, layout, q, phiDegrees, matrixPaths, matrixKinds, fileFrames, framesSelected, dt, startFrame,
                endFrame, fingerprint, warnings, List.of());
    }

    @Override
    public double[] phiDegrees() {
        return phiDegrees.clone();
    }

    public int angleCount() {
        return phiDegrees.length;
    }

    /** The fit-grid size n = framesSelected − 1 (SPEC §1: frame 0, t = 0, is dropped). */
    public int size() {
        return framesSelected - 1;
    }

    /** Data points of the fit: n_φ · n(n−1)/2 upper-triangle pairs. */
    public long upperPairs() {
        long n = size();
        return angleCount() * (n * (n - 1) / 2);
    }
}
