package org.homodyne.backend.cuda;

import org.homodyne.backend.cuda.CudaDriver.DeviceBuffer;

/**
 * One launch of an hd_accumulate_* kernel: units [firstUnit, firstUnit + units) of a batch, one
 * thread block per unit. Mirrors the kernel's parameter list (kernels/homodyne_accumulate.cu).
 *
 * @param variant         which model the kernel computes
 * @param kernel          the kernel's name (the variant at the chosen occupancy)
 * @param values          device buffer holding the launch's values, starting at valuesOffset bytes
 * @param valuesOffset    byte offset of batch value {@code valuesFirst} in {@code values}
 * @param valuesFirst     batch index of the first value the launch's buffer region holds
 * @param model           packed prepared model ({@link ModelPacker})
 * @param n               fit-grid size
 * @param diffusionFactor −q²dt/2
 * @param phaseFactor     K of the shear phase (0 for static)
 * @param angles          4 doubles per batch angle (kc, ks, contrast, offset)
 * @param partials        unit partials, K doubles per unit of the batch
 * @param layout          the batch's unit layout
 * @param firstUnit       first unit of this launch
 * @param units           number of units (grid size)
 */
record AccumulateLaunch(KernelVariant variant, String kernel, DeviceBuffer values, long valuesOffset, long valuesFirst,
                        DeviceBuffer model, int n, double diffusionFactor, double phaseFactor, DeviceBuffer angles,
                        DeviceBuffer partials, UnitLayout layout, long firstUnit, long units) {
}
