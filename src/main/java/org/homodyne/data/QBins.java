package org.homodyne.data;

import java.nio.file.Path;
import java.util.Arrays;

import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;

import org.homodyne.BadInputException;

/**
 * The q-bins of a two-time file (SPEC §3), for campaigns: the distinct q values of its (q, φ) bins
 * and which of them a requested q selects. Reads only the bin metadata.
 *
 * @param file   the HDF5 file
 * @param layout {@link DatasetInfo#APS_U} or {@link DatasetInfo#APS_OLD}
 * @param bins   q of each bin with a matrix, in file order (may repeat: one per angle)
 */
public record QBins(Path file, String layout, double[] bins) {
    public QBins {
        bins = bins.clone();
    }

    /** Reads the bin catalog of {@code file} (the layout detected as for a fit). */
    public static QBins read(Path file) {
        HdfFile hdf = HdfAccess.open(file);
        try {
            BinCatalog c = BinCatalog.read(file, hdf);
            return new QBins(file, c.layout(), c.q());
        } catch (HdfException e) {
            throw new BadInputException(file + ": cannot read the file (truncated or corrupt?): "
                    + HdfAccess.oneLine(e), e);
        } finally {
            try {
                hdf.close();
            } catch (RuntimeException e) {
                // the channel-backed file closes its channel, then says "No backing file" (HdfAccess.open)
            }
        }
    }

    /**
     * Every q-bin of the file: its distinct finite q values, ascending. APS-old files have one q per
     * bin and a fit takes the bins within 10% of the requested q, so their bins do not split into
     * disjoint q-bins: asking for all of them is refused with the reason.
     */
    public double[] distinct() {
        if (layout.equals(DatasetInfo.APS_OLD)) {
            throw new BadInputException(file + ": an APS-old file groups bins within "
                    + Math.round(100 * BinSelection.OLD_Q_FRACTION) + "% of the requested q, so it has no separate"
                    + " q-bins to list: give the q values to fit explicitly");
        }
        return Arrays.stream(bins).filter(Double::isFinite).distinct().sorted().toArray();
    }

    /**
     * The bin q a fit of {@code requested} selects (the closest finite q, as {@link TwoTimeData#open}
     * selects it).
     *
     * @throws BadInputException when the file has no finite q
     */
    public double closest(double requested) {
        int k = BinSelection.closest(bins, requested);
        if (k < 0) {
            throw new BadInputException(file + ": no finite q value among its " + bins.length + " bins");
        }
        return bins[k];
    }
}
