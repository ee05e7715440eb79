package org.homodyne.stream;

import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * One pass to evaluate: the point (the model prepared for its physical parameters and its per-angle
 * scaling) and the plan index the pass starts at (0, or the next batch of a resumed pass).
 *
 * @param pass      the pass's number over the whole fit (1 = the first), for fault injection and logs
 * @param model     the model at the point
 * @param scaling   per-angle contrast and offset at the point
 * @param fromBatch plan index of the first batch to evaluate
 */
public record PassRequest(int pass, PreparedModel model, AngleScaling scaling, int fromBatch) {
}
