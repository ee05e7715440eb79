package org.homodyne.backend.cuda;

import org.homodyne.backend.cuda.CudaDriver.DeviceBuffer;

/**
 * One launch of an hd_finalize_* kernel: sums the unit partials of a batch into the flat
 * NormalEquations layout for {@code anglesTotal} angles.
 *
 * @param variant        which kernel (its physical parameter count)
 * @param partials       unit partials of the batch
 * @param angles         4 doubles per batch angle (kc, ks, contrast, offset)
 * @param out            flat output, NormalEquations.flatSize(p, anglesTotal) doubles
 * @param unitsPerAngle  units of each angle
 * @param anglesLocal    angles in the batch
 * @param angleStart     global index of the batch's first angle
 * @param anglesTotal    angles of the model
 * @param weight         1/σ²
 */
record FinalizeLaunch(KernelVariant variant, DeviceBuffer partials, DeviceBuffer angles, DeviceBuffer out,
                      long unitsPerAngle, int anglesLocal, int angleStart, int anglesTotal, double weight) {
}
