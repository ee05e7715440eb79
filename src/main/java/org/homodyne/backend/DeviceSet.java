package org.homodyne.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The backends of a run, one per lane (device): what {@link BackendSelector#selectDevices}
 * returns. A lane whose GPU could not be opened runs on the CPU, with the reason recorded; lanes
 * that fell back share one CPU backend. Closing the set closes every backend once.
 *
 * @param lanes one selection per lane, in lane order (at least one)
 */
public record DeviceSet(List<BackendSelection> lanes) implements AutoCloseable {
    public DeviceSet {
        lanes = List.copyOf(lanes);
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("at least one lane");
        }
    }

    /** The lanes' backends, in lane order (a backend shared by lanes appears once per lane). */
    public List<Backend> backends() {
        return lanes.stream().map(BackendSelection::backend).toList();
    }

    /** True when there are several lanes (the multi-device evaluator runs the passes). */
    public boolean multiple() {
        return lanes.size() > 1;
    }

    /** "cuda:0 NAME", or "2 devices: cuda:0 NAME; cpu (8 threads)". */
    public String deviceUsed() {
        if (!multiple()) {
            return lanes.get(0).deviceUsed();
        }
        return lanes.size() + " devices: " + String.join("; ", lanes.stream().map(BackendSelection::deviceUsed)
                .toList());
    }

    /** The reasons lanes fell back to the CPU ("GPU 1: ..."), or null when none did. */
    public String fallbackReason() {
        List<String> reasons = new ArrayList<>();
        for (BackendSelection s : lanes) {
            if (s.fallbackReason() != null) {
                reasons.add(s.fallbackReason());
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** Batches lane {@code lane} summed on the CPU after its GPU ran out of memory. */
    public long cpuFallbackBatches(int lane) {
        return lanes.get(lane).backend() instanceof CpuFallbackBackend f ? f.cpuBatches() : 0;
    }

    @Override
    public void close() {
        Set<Backend> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (BackendSelection s : lanes) {
            if (closed.add(s.backend())) {
                s.backend().close();
            }
        }
    }
}
