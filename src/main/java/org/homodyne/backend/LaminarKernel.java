package org.homodyne.backend;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner loops of the laminar-flow accumulation ({@link LaminarTile}), in two implementations that
 * give the same bits: {@link VectorLaminarKernel} (jdk.incubator.vector, one vector of pairs at a time)
 * and {@link ScalarLaminarKernel} (plain Java, the same operations one lane at a time).
 *
 * <p>Per point (pair p, angle a): Φ = K_a·ΔG_p; s = sinc Φ (series below 1e-4), s' = ds/dΦ;
 * shape = s² (homodyne) or s (physical), g1 = g1d·shape, g2 = offset + contrast·g1², e = data − g2.
 * The physical gradient of g2 is α·u ⊕ β·v ⊕ γ with α = 2c·g1·shape, β = 2c·g1·g1d·shape'·K_a,
 * γ = 2c·g1·g1d·shape'·K'_a·ΔG (all 0 where g1 is floored). A kernel adds per point:
 * <ul>
 *   <li>to the per-pair sums of {@link PairBlock} (over angles): α², β², αβ, αγ, βγ, γ², αe, βe, γe;</li>
 *   <li>to per-angle sums, {@link #ANGLE_SUMS} of them (indices below): χ², the scaling block and the
 *       coupling of (contrast, offset) with the physical parameters.</li>
 * </ul>
 * and per pair, after all angles, the outer products of (u, v, 1) weighted by the per-pair sums
 * ({@link #OUTER_SUMS}: the 7×7 block and the gradient).
 *
 * <p>Summation order (what makes the result reproducible): every sum has {@link #lanes()} partial
 * sums; lane l takes the pairs at positions ≡ l (mod lanes) of each block, in order. Per-angle sums
 * start from 0 in each block and are added to the tile's lane sums after the block; outer sums are
 * added directly. {@link LaminarTile} adds the lanes 0, 1, … in order at the end. So the result
 * depends on the tile and the lane count only — not on threads, not on which kernel ran.
 */
abstract class LaminarKernel {
    private static final Logger LOG = LoggerFactory.getLogger(LaminarKernel.class);
    /**
     * System property: "off" forces the scalar kernel, "now" compiles the vector kernel at once instead
     * of after {@value WarmingUpKernel#WARMUP_AFTER_POINTS} points (benchmarks, diagnosis).
     */
    static final String SIMD_PROPERTY = "homodyne.simd";
    /** Lanes of the scalar kernel when no vector kernel runs: those of a 512-bit vector of doubles. */
    static final int SCALAR_LANES = 8;

    // Per-angle sums (index × lanes + lane in the sums array):
    /** Σ e². */
    static final int CHI2 = 0;
    /** Σ g1⁴: scaling block (contrast, contrast). */
    static final int G1_4 = 1;
    /** Σ g1²: scaling block (contrast, offset). */
    static final int G1_2 = 2;
    /** Σ g1²·e: contrast gradient. */
    static final int G1_2_E = 3;
    /** Σ e: offset gradient. */
    static final int E = 4;
    /** Σ g1²·∇g2 (7 entries, physical order u0 u1 u2 v0 v1 v2 φ0): contrast coupling. */
    static final int CONTRAST_COUPLING = 5;
    /** Σ ∇g2 (7 entries): offset coupling. */
    static final int OFFSET_COUPLING = 12;
    static final int ANGLE_SUMS = 19;

    // Outer sums: physical parameter r (0..6 = D0, α, D_offset, γ̇0, β, γ̇_offset, φ0).
    static final int P = 7;
    /** JᵀJ[r][c] (c ≥ r) at index r·7 + c. */
    static final int HESS = 0;
    /** Σ e·∇g2 [r] at index 49 + r. */
    static final int GRAD = P * P;
    static final int OUTER_SUMS = P * P + P;

    /** Index of JᵀJ[r][c] in the outer sums. */
    static int hess(int r, int c) {
        return HESS + r * P + c;
    }

    /** Number of partial sums per quantity (the vector length). */
    abstract int lanes();

    /** For the log: which kernel, how wide. */
    abstract String description();

    /**
     * Adds one angle's points of one block: per-pair sums to the block, per-angle sums to
     * {@code angleSums} ({@link #ANGLE_SUMS} × lanes).
     *
     * @param values      the batch buffer
     * @param blockOffset index in {@code values} of this angle's value of the block's first pair
     */
    abstract void addAngle(PairBlock block, float[] values, int blockOffset, ShearAngle angle, boolean physical,
                           double[] angleSums);

    /**
     * A hint: the data being fitted has this many points a pass (all angles, the whole fit grid).
     * Lets a kernel that pays a one-time cost (compiling) pay it early when the fit is large enough
     * to win it back. Called with every tile; nothing by default.
     */
    void anticipate(long pointsPerPass) {
    }

    /** Adds the block's outer products to {@code outerSums} ({@link #OUTER_SUMS} × lanes). */
    abstract void addOuterProducts(PairBlock block, double[] outerSums);

    /**
     * The kernel this JVM runs: chosen once, logged once. The vector kernel comes wrapped in a
     * {@link WarmingUpKernel}: the scalar kernel (same bits) runs until the JIT has compiled it.
     */
    static LaminarKernel selected() {
        return Selected.KERNEL;
    }

    private static final class Selected {
        static final LaminarKernel KERNEL = warmingUp(System.getProperty(SIMD_PROPERTY, "auto"));

        private static LaminarKernel warmingUp(String setting) {
            LaminarKernel k = choose(setting);
            return k instanceof ScalarLaminarKernel ? k
                    : new WarmingUpKernel(k, setting.trim().equalsIgnoreCase("now"));
        }
    }

    static LaminarKernel choose(String setting) {
        String reason;
        if (setting.trim().toLowerCase(Locale.ROOT).matches("off|false|scalar")) {
            reason = "-D" + SIMD_PROPERTY + "=" + setting;
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            reason = "the JVM runs without the module jdk.incubator.vector (scripts/homodyne adds it)";
        } else {
            try {
                LaminarKernel k = (LaminarKernel) Class.forName("org.homodyne.backend.VectorLaminarKernel")
                        .getDeclaredConstructor().newInstance();
                if (PairBlock.CAPACITY % k.lanes() == 0 && k.lanes() > 1) {
                    LOG.info("laminar kernel: {} (the scalar kernel, same results, until it is compiled)",
                            k.description());
                    return k;
                }
                reason = k.lanes() + "-lane vectors";
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                reason = "vector kernel unavailable: " + e;
            }
        }
        LaminarKernel k = new ScalarLaminarKernel(SCALAR_LANES);
        LOG.info("laminar kernel: {} ({})", k.description(), reason);
        return k;
    }
}
