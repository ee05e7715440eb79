package org.homodyne.backend;

import org.homodyne.data.Batch;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * A backend that may keep a batch's data on its device after {@link #accumulate} (the CUDA backend
 * when the data fits its memory budget), so that later passes need not read it again. A capability
 * beside {@link Backend}, not part of it: only the pass evaluator that reads the batches asks.
 */
public interface ResidentBackend extends Backend {
    /**
     * True when this backend still holds the data of {@code batch} from an earlier
     * {@link #accumulate} call, so the caller may skip reading it and call
     * {@link #accumulateResident}. The answer may change before that call (memory pressure): the
     * caller then reads the batch and uses {@link #accumulate}.
     */
    boolean isResident(Batch batch);

    /**
     * Like {@link #accumulate} on data the backend already holds.
     *
     * @param n the fit-grid size (matrix side) the batch's rows belong to
     * @throws IllegalStateException when the batch is not (or no longer) held
     */
    NormalEquations accumulateResident(Batch batch, int n, PreparedModel model, AngleScaling scaling, double sigma)
            throws BackendException;
}
