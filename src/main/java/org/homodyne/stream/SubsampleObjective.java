package org.homodyne.stream;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;

/**
 * Single passes of the global phase over the subsample plan, through the same pass evaluator
 * (and so the same backend: CPU tiles or the GPU) as the fit: the screening of a start and each
 * CMA-ES evaluation are one such pass. A batch that fails every attempt stays excluded for the
 * passes after it, as in a fit; χ² values are compared per valid point.
 */
final class SubsampleObjective {
    /** Thrown when an interrupt stops a pass: the global phase saves its progress and ends the run. */
    static final class Interrupted extends Exception {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private final PassEvaluator evaluator;
    private final ModelSpec spec;
    private final AtomicBoolean interrupt;
    private final Set<Integer> excluded = new TreeSet<>();
    private int passes;

    SubsampleObjective(PassEvaluator evaluator, ModelSpec spec, AtomicBoolean interrupt) {
        this.evaluator = evaluator;
        this.spec = spec;
        this.interrupt = interrupt;
    }

    /** The normal equations of the subsample at x. */
    NormalEquations evaluate(ParameterLayout layout, double[] x) throws IOException, Interrupted {
        if (interrupt.get()) {
            throw new Interrupted();
        }
        passes++;
        FitState empty = new FitState(null, FitPhase.INITIAL, x, 0, new NormalEquations(spec.mode().physicalCount(),
                spec.angleCount()), 0, BatchCounters.ZERO, excluded, false);
        PassTally tally = PassTally.of(empty);
        PassRequest request = new PassRequest(passes, PreparedModel.prepare(spec, layout.physical(x)),
                layout.scaling(x), 0);
        boolean complete = evaluator.evaluate(request, tally, outcome -> !interrupt.get());
        excluded.addAll(tally.excluded());
        if (!complete) {
            throw new Interrupted();
        }
        return tally.sum();
    }

    /** Passes made by this objective. */
    int passes() {
        return passes;
    }
}
