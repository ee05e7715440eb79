package org.homodyne.data;

/**
 * The values of one batch, read from the data source into a (reusable) float buffer; layout as
 * documented on {@link Batch}. Non-finite values are kept as they are and masked by the backend.
 *
 * @param batch  which batch
 * @param n      fit-grid size (matrix side)
 * @param values at least {@code batch.points()} values; entries past that are ignored
 */
public record BatchData(Batch batch, int n, float[] values) {
    public BatchData {
        if (values.length < batch.points()) {
            throw new IllegalArgumentException("buffer of " + values.length + " floats for a batch of "
                    + batch.points() + " points");
        }
    }
}
