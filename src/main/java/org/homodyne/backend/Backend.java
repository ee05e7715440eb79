package org.homodyne.backend;

import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Turns one batch of data into exact partial normal equations (DESIGN "Key contracts").
 * Implementations are pure: the same batch, model and scaling give the same bits, whatever the
 * thread count. Nothing but {@link NormalEquations} crosses this boundary: no Jacobian is stored.
 * A backend that keeps batch data on its device between passes says so by being a
 * {@link ResidentBackend}.
 */
public interface Backend extends AutoCloseable {
    /** Short description for logs and metrics, e.g. "cpu (2 threads)" or "cuda:0 NVIDIA H100". */
    String description();

    /**
     * Accumulates χ², Jᵀr and the block-arrow JᵀJ of the batch's valid (finite) points.
     *
     * @param data     the batch's values
     * @param model    the model prepared for the current physical parameters (angles = all
     *                 selected angles, indexed like the batch's angles)
     * @param scaling  per-angle contrast and offset for the current parameters
     * @param sigma    the residual scale σ (SPEC §1: 0.01 unless weights are given)
     * @return the batch's normal equations (physical block symmetrized)
     */
    NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
            throws BackendException;

    @Override
    default void close() {
    }
}
