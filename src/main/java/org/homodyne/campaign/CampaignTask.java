package org.homodyne.campaign;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One task of a campaign: the fit of one q-bin of one file with the campaign's config as template.
 *
 * @param index  the task's number in the plan (0-based; the Slurm array index)
 * @param file   the data file (absolute)
 * @param stem   the file's name without its extension (its folder under the campaign folder)
 * @param q      the bin's q in Å⁻¹, as the file stores it (the fit selects exactly this bin)
 * @param folder the task's output folder relative to the campaign folder: {@code <stem>/q_<q>}
 */
public record CampaignTask(int index, Path file, String stem, double q, String folder) {
    public CampaignTask {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(stem, "stem");
        Objects.requireNonNull(folder, "folder");
    }

    /** The file name without its last extension ("run_1.h5" → "run_1"). */
    public static String stemOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * q as a folder name: {@code q_0.0054}, with {@code digits} significant digits, plain notation,
     * no trailing zeros (the plan uses 6 and more only when two bins of a file would share a name).
     */
    public static String qFolder(double q, int digits) {
        return "q_" + plain(q, digits);
    }

    /** A finite number with {@code digits} significant digits, plain notation, no trailing zeros: 0.0054. */
    public static String plain(double v, int digits) {
        return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** "run_1 q=0.0054", for logs. */
    public String label() {
        return stem + " q=" + plain(q, 6);
    }
}
