package org.homodyne.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.TreeSet;

/**
 * Decides once per matrix, at open time, how it is stored ({@link MatrixKind}), from a sample of
 * whole rows — streaming never holds a whole (F, F) matrix, so the decision cannot look at all of it.
 *
 * <p>Sample: {@value #POSITIONS} positions spread evenly over [0, F−2], each with its next row
 * (at most 32 rows, all rows when F ≤ 32). Adjacent pairs put sampled entries right beside the
 * diagonal, where c2 varies most. Rules, in order:
 * <ol>
 *   <li>every sampled strict-lower entry (column &lt; row) is exactly 0 → {@link MatrixKind#UPPER_HALF};</li>
 *   <li>every sampled pair (r, r′) of sampled rows has H[r][r′] == H[r′][r] up to round-off
 *       ({@link #mirrored}; NaN pairs included) → {@link MatrixKind#FULL_SYMMETRIC};</li>
 *   <li>otherwise {@link MatrixKind#GENERAL} (H + Hᵀ, which is right for any storage, only slower).</li>
 * </ol>
 * A half matrix has an exactly zero lower part and measured data is never exactly zero on a whole
 * row segment, so rule 1 is safe; a full matrix written by software is symmetric up to round-off. A
 * matrix that fools the sample (zero lower part except in unsampled rows, or symmetric only on the
 * sample) is not produced by any known writer; GENERAL would still be exact for it.
 */
final class MatrixClassifier {
    static final int POSITIONS = 16;
    /** Relative difference still counted as symmetric (~80 float32 ulps). */
    static final double SYMMETRY_TOLERANCE = 1e-5;

    /**
     * @param kind          the decision
     * @param sampleNonFinite non-finite values among the sampled entries
     */
    record Result(MatrixKind kind, long sampleNonFinite) {
    }

    private MatrixClassifier() {
    }

    static int[] sampleRows(int side) {
        TreeSet<Integer> rows = new TreeSet<>();
        if (side <= 2 * POSITIONS) {
            for (int r = 0; r < side; r++) {
                rows.add(r);
            }
        } else {
            for (int k = 0; k < POSITIONS; k++) {
                int p = (int) Math.round((double) k * (side - 2) / (POSITIONS - 1));
                rows.add(p);
                rows.add(p + 1);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    static Result classify(MatrixStore store) {
        int f = store.side();
        int[] rows = sampleRows(f);
        float[][] sample = new float[rows.length][f];
        long nonFinite = 0;
        boolean lowerZero = true;
        for (int k = 0; k < rows.length; k++) {
            int r = rows[k];
            store.readRuns(r, r + 1, MatrixStore.Columns.fixed(0, f), sample[k], 0);
            for (int c = 0; c < f; c++) {
                float v = sample[k][c];
                if (!Float.isFinite(v)) {
                    nonFinite++;
                }
                if (c < r && v != 0.0f) {
                    lowerZero = false;
                }
            }
        }
        MatrixKind kind;
        if (lowerZero) {
            kind = MatrixKind.UPPER_HALF;
        } else {
            boolean symmetric = true;
            for (int a = 0; a < rows.length && symmetric; a++) {
                for (int b = a + 1; b < rows.length; b++) {
                    if (!mirrored(sample[a][rows[b]], sample[b][rows[a]])) {
                        symmetric = false;
                        break;
                    }
                }
            }
            kind = symmetric ? MatrixKind.FULL_SYMMETRIC : MatrixKind.GENERAL;
        }
        return new Result(kind, nonFinite);
    }

    /**
     * Equal up to {@value #SYMMETRY_TOLERANCE} relative: a full matrix computed by software is
     * symmetric only up to round-off (the shared real-data matrix differs in the last bit of float64
     * between (i, j) and (j, i)), while a half or general matrix differs by O(1).
     */
    static boolean mirrored(float x, float y) {
        if (x == y || Float.isNaN(x) && Float.isNaN(y)) {
            return true;
        }
        return Math.abs(x - y) <= SYMMETRY_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
