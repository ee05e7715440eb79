package org.homodyne.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The q and φ selection of SPEC §3 on a {@link BinCatalog}: which bins the fit uses.
 *
 * @param q        the selected q (the bin q closest to the requested one)
 * @param indices  selected bin indices in file order
 * @param phi      their angles normalised to (−180, 180]
 * @param warnings one line each
 */
record BinSelection(double q, int[] indices, double[] phi, List<String> warnings) {
    /**
     * APS-U (and generic/.npy) "exact match" on the chosen q, with homodyne's absolute tolerance for
     * float round-off. The APS-old 10 % rule is specific to those files' q binning.
     */
    static final double EXACT_Q_TOLERANCE = 1e-10;
    /** APS-old: bins within this fraction of the chosen q belong to it. */
    static final double OLD_Q_FRACTION = 0.10;
    /** APS-old: below this many bins within the fraction ... */
    static final int OLD_MIN_BINS = 5;
    /** ... the closest this many are taken instead. */
    static final int OLD_FALLBACK_BINS = 10;

    /** Selects q then φ; throws when there is no finite q to select from. */
    static BinSelection select(BinCatalog cat, DataSelection sel, java.nio.file.Path file) {
        List<String> warnings = new ArrayList<>();
        double[] q = cat.q();
        int best = closest(q, sel.wavevectorQ());
        String qPath = cat.qSource();
        if (best < 0) {
            throw HdfAccess.error(file, qPath, q.length == 0 ? "no (q, phi) bins with a matrix: nothing to select"
                    : "no finite q value among the " + q.length + " bins: nothing to select");
        }
        double qSel = q[best];
        if (Math.abs(qSel - sel.wavevectorQ()) > 0.1 * Math.abs(sel.wavevectorQ())) {
            warnings.add(String.format(Locale.ROOT, "requested wavevector_q %.6g 1/A, closest available q is %.6g 1/A",
                    sel.wavevectorQ(), qSel));
        }
        List<Integer> picked = new ArrayList<>();
        if (!cat.layout().equals(DatasetInfo.APS_OLD)) {
            for (int i = 0; i < q.length; i++) {
                if (Math.abs(q[i] - qSel) < EXACT_Q_TOLERANCE) {
                    picked.add(i);
                }
            }
        } else {
            for (int i = 0; i < q.length; i++) {
                if (Math.abs(q[i] - qSel) <= OLD_Q_FRACTION * Math.abs(qSel)) {
                    picked.add(i);
                }
            }
            if (picked.size() < OLD_MIN_BINS) {
                List<Integer> byDistance = new ArrayList<>();
                for (int i = 0; i < q.length; i++) {
                    if (Double.isFinite(q[i])) {
                        byDistance.add(i);
                    }
                }
                byDistance.sort(Comparator.comparingDouble((Integer i) -> Math.abs(q[i] - qSel)).thenComparingInt(i -> i));
                picked = new ArrayList<>(byDistance.subList(0, Math.min(OLD_FALLBACK_BINS, byDistance.size())));
                picked.sort(null);
            }
        }
        List<Integer> kept = picked;
        if (sel.phiFilterEnabled()) {
            List<double[]> ranges = sel.phiRanges();
            if (ranges.isEmpty()) {
                warnings.add("phi filtering is enabled but has no target ranges: all " + picked.size() + " angles kept");
            } else {
                List<Integer> inRange = new ArrayList<>();
                for (int i : picked) {
                    if (AngleFilter.inAny(AngleFilter.normalise(cat.phi()[i]), ranges)) {
                        inRange.add(i);
                    }
                }
                if (inRange.isEmpty()) {
                    warnings.add("phi filtering: no angle at q = " + String.format(Locale.ROOT, "%.6g", qSel)
                            + " lies in any target range " + describe(ranges) + ": all " + picked.size()
                            + " angles kept");
                } else {
                    kept = inRange;
                }
            }
        }
        int[] idx = kept.stream().mapToInt(Integer::intValue).toArray();
        double[] phi = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            phi[k] = AngleFilter.normalise(cat.phi()[idx[k]]);
        }
        return new BinSelection(qSel, idx, phi, List.copyOf(warnings));
    }

    /** Index of the finite q closest to the requested one (the first in file order on a tie), −1 when none. */
    static int closest(double[] q, double requested) {
        int best = -1;
        for (int i = 0; i < q.length; i++) {
            if (Double.isFinite(q[i]) && (best < 0 || Math.abs(q[i] - requested) < Math.abs(q[best] - requested))) {
                best = i;
            }
        }
        return best;
    }

    private static String describe(List<double[]> ranges) {
        StringBuilder sb = new StringBuilder();
        for (double[] r : ranges) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('[').append(r[0]).append(", ").append(r[1]).append(']');
        }
        return sb.toString();
    }
}
