package org.homodyne.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.homodyne.BadInputException;

/**
 * What to read from a two-time file (SPEC §3), independent of how the configuration was
 * written: the config package builds one of these and the data package never sees YAML.
 *
 * @param file              the HDF5 or .npy file
 * @param wavevectorQ       requested q in Å⁻¹; the closest bin q is selected
 * @param startFrame        first frame, 1-based inclusive (values below 1 are clamped with a warning)
 * @param endFrame          last frame, inclusive; −1 = the last frame of the file
 * @param phiFilterEnabled  whether {@code phiRanges} restricts the angles
 * @param phiRanges         {min, max} in degrees, inclusive; min &gt; max is a range that wraps through ±180°
 * @param dt                frame time in s (&gt; 0)
 * @param layout            where the matrices are in a file of another facility; null: detect APS-U,
 *                          APS-old (HDF5) by their paths
 */
public record DataSelection(Path file, double wavevectorQ, int startFrame, int endFrame, boolean phiFilterEnabled,
                            List<double[]> phiRanges, double dt, GenericLayout layout) {

    public DataSelection {
        Objects.requireNonNull(file, "file");
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new BadInputException("dt must be a finite number > 0, got " + dt);
        }
        if (!Double.isFinite(wavevectorQ)) {
            throw new BadInputException("wavevector_q must be a finite number, got " + wavevectorQ);
        }
        List<double[]> copy = new ArrayList<>();
        if (phiRanges != null) {
            for (double[] r : phiRanges) {
                if (r == null || r.length != 2 || !Double.isFinite(r[0]) || !Double.isFinite(r[1])) {
                    throw new BadInputException("phi range must be two finite numbers {min_angle, max_angle}");
                }
                copy.add(r.clone());
            }
        }
        phiRanges = List.copyOf(copy);
    }

    /** An APS file (layout detected). */
    public DataSelection(Path file, double wavevectorQ, int startFrame, int endFrame, boolean phiFilterEnabled,
                         List<double[]> phiRanges, double dt) {
        this(file, wavevectorQ, startFrame, endFrame, phiFilterEnabled, phiRanges, dt, null);
    }

    /** All frames, no φ filter. */
    public static DataSelection all(Path file, double wavevectorQ, double dt) {
        return new DataSelection(file, wavevectorQ, 1, -1, false, List.of(), dt);
    }

    /** The ranges (defensive copies: the arrays are mutable). */
    @Override
    public List<double[]> phiRanges() {
        List<double[]> out = new ArrayList<>(phiRanges.size());
        for (double[] r : phiRanges) {
            out.add(r.clone());
        }
        return out;
    }

    /** The same selection from another file (data that moved). */
    public DataSelection withFile(Path other) {
        return new DataSelection(other, wavevectorQ, startFrame, endFrame, phiFilterEnabled, phiRanges, dt, layout);
    }

    public DataSelection withFrames(int start, int end) {
        return new DataSelection(file, wavevectorQ, start, end, phiFilterEnabled, phiRanges, dt, layout);
    }

    public DataSelection withPhiRanges(List<double[]> ranges) {
        return new DataSelection(file, wavevectorQ, startFrame, endFrame, true, ranges, dt, layout);
    }
}
