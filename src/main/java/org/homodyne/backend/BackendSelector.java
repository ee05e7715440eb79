package org.homodyne.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.homodyne.RunWarnings;
import org.homodyne.backend.cuda.CudaBackend;
import org.homodyne.backend.cuda.GpuOpener;
import org.homodyne.backend.cuda.GpuUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the backend of a run (DESIGN "GPU path", fallback):
 * <ul>
 *   <li>{@code cpu}: the CPU backend, no reason;</li>
 *   <li>{@code gpu}: the CUDA backend; when it cannot be used the CPU backend, with the reason
 *       logged as a warning and returned as {@link BackendSelection#fallbackReason()};</li>
 *   <li>{@code auto}: the CUDA backend when it works, else the CPU backend with the reason
 *       (logged at info level: a machine without a GPU is normal).</li>
 * </ul>
 * Reasons: no CUDA driver, no CUDA device or no such device number, kernels not built (or not for
 * this GPU), out of GPU memory at initialisation, other CUDA initialisation failure.
 *
 * <p>A GPU backend comes wrapped in {@link CpuFallbackBackend}: a batch that still runs out of GPU
 * memory after the CUDA backend's own retry is summed on the CPU.
 */
public final class BackendSelector {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private BackendSelector() {
    }

    public static BackendSelection select(DeviceRequest request) {
        return select(request, CudaBackend.opener(), CpuBackend::new);
    }

    /**
     * The backends of every device the request names ({@code performance.devices}), one lane each
     * (issue 15 §2). A device that cannot be opened hands its lane to the CPU, with its reason
     * (lanes that fell back share one CPU backend); when no device opens, the run has one CPU lane,
     * as with {@link #select}. {@code all} opens devices 0, 1, ... until the node has no more.
     * A request for one device gives the one lane of {@link #select}.
     */
    public static DeviceSet selectDevices(DeviceRequest request) {
        return selectDevices(request, CudaBackend.opener(), CpuBackend::new);
    }

    /**
     * The GPUs a pool of independent fits may use, one fit per GPU at a time (campaigns): none for
     * {@code cpu}, the listed devices, or every device the node has (0 when it has no usable one).
     * Opens no context.
     */
    public static java.util.List<Integer> gpusFor(DeviceChoice choice, DeviceList devices) {
        if (choice == DeviceChoice.CPU) {
            return java.util.List.of();
        }
        if (devices != null && !devices.all()) {
            return devices.ids();
        }
        int n = CudaBackend.deviceCount();
        java.util.List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    static DeviceSet selectDevices(DeviceRequest request, GpuOpener gpu, IntFunction<Backend> cpu) {
        DeviceList devices = request.deviceList();
        if (request.choice() == DeviceChoice.CPU || (!devices.all() && devices.ids().size() == 1)) {
            int id = devices.all() ? request.gpuId() : devices.ids().get(0);
            return new DeviceSet(List.of(select(withGpu(request, id), gpu, cpu)));
        }
        List<Integer> opened = new ArrayList<>();
        List<Object> lanes = new ArrayList<>();     // a GPU Backend, or the reason its device fell back
        int limit = devices.all() ? DeviceList.MAX_DEVICES : devices.ids().size();
        for (int i = 0; i < limit; i++) {
            int id = devices.all() ? i : devices.ids().get(i);
            try {
                Backend b = gpu.open(id, request.memoryLimitBytes());
                LOG.info("lane {}: {}", lanes.size(), b.description());
                lanes.add(new CpuFallbackBackend(b, cpu, request.effectiveCpuThreads()));
                opened.add(id);
            } catch (GpuUnavailableException e) {
                boolean machineWide = e.reason() == GpuUnavailableException.Reason.NO_DEVICE
                        || e.reason() == GpuUnavailableException.Reason.NO_DRIVER;
                if (devices.all() && (e.reason() == GpuUnavailableException.Reason.NO_SUCH_DEVICE || machineWide)) {
                    if (i == 0) {
                        lanes.add(e.getMessage());
                    }
                    break;   // every device of the node has been tried
                }
                if (machineWide) {
                    // no driver or no device: no other number will open either
                    lanes.add(e.getMessage());
                    break;
                }
                lanes.add(e.getMessage().startsWith("GPU " + id + " ") ? e.getMessage()
                        : "GPU " + id + ": " + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                lanes.add("GPU " + id + ": CUDA initialisation failed: " + e);
            }
        }
        if (opened.isEmpty()) {
            String reason = String.join("; ", lanes.stream().map(String::valueOf).toList());
            return new DeviceSet(List.of(cpuBecause(request, reason, cpu)));
        }
        while (!devices.all() && lanes.size() < devices.ids().size()) {
            lanes.add("GPU " + devices.ids().get(lanes.size()) + ": not tried after " + lanes.get(lanes.size() - 1));
        }
        Backend shared = null;
        List<BackendSelection> out = new ArrayList<>();
        for (Object lane : lanes) {
            if (lane instanceof Backend b) {
                out.add(new BackendSelection(b, b.description(), null));
            } else {
                if (shared == null) {
                    shared = cpu.apply(request.effectiveCpuThreads());
                }
                LOG.warn("{}; its share of the batches runs on the CPU: {}", lane, shared.description());
                out.add(new BackendSelection(shared, shared.description(), (String) lane));
            }
        }
        return new DeviceSet(out);
    }

    private static DeviceRequest withGpu(DeviceRequest r, int id) {
        return new DeviceRequest(r.choice(), id, r.cpuThreads(), r.memoryLimitBytes());
    }

    static BackendSelection select(DeviceRequest request, GpuOpener gpu, IntFunction<Backend> cpu) {
        if (request.choice() == DeviceChoice.CPU) {
            Backend b = cpu.apply(request.effectiveCpuThreads());
            return new BackendSelection(b, b.description(), null);
        }
        String reason;
        try {
            Backend b = gpu.open(request.gpuId(), request.memoryLimitBytes());
            LOG.info("using {}", b.description());
            return new BackendSelection(new CpuFallbackBackend(b, cpu, request.effectiveCpuThreads()),
                    b.description(), null);
        } catch (GpuUnavailableException e) {
            reason = e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            // a broken installation must not stop a run that can go on on the CPU
            reason = "CUDA initialisation failed: " + e;
        }
        return cpuBecause(request, reason, cpu);
    }

    /** The CPU backend with the reason no GPU is used, logged (WARN when a GPU was asked for). */
    private static BackendSelection cpuBecause(DeviceRequest request, String reason, IntFunction<Backend> cpu) {
        Backend b = cpu.apply(request.effectiveCpuThreads());
        if (request.choice() == DeviceChoice.GPU) {
            RunWarnings.warn(LOG, "GPU requested but not usable ({}); running on the CPU: {}", reason, b.description());
        } else {
            LOG.info("no usable GPU ({}); running on the CPU: {}", reason, b.description());
        }
        return new BackendSelection(b, b.description(), reason);
    }
}
