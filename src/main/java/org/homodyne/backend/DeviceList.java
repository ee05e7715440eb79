package org.homodyne.backend;

import java.util.List;
import java.util.Objects;

/**
 * Which GPUs of the node a run uses ({@code performance.devices}, CLI {@code --devices}): a list of
 * CUDA device numbers, or every device the node has. Each device gets its own thread, context and
 * fixed share of the batches (the stream package's multi-device evaluator).
 *
 * @param all true for every device of the node ({@code ids} is then empty)
 * @param ids distinct CUDA device numbers (≥ 0), in the order their lanes are numbered
 */
public record DeviceList(boolean all, List<Integer> ids) {
    /** Every device of the node. */
    public static final DeviceList ALL = new DeviceList(true, List.of());
    /** What {@code all} is spelled as. */
    public static final String ALL_NAME = "all";
    /** Devices opened at most for {@code all} (a guard, far above any node). */
    static final int MAX_DEVICES = 64;

    public DeviceList {
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
        if (all && !ids.isEmpty()) {
            throw new IllegalArgumentException("all devices, or a list: not both");
        }
        if (!all && ids.isEmpty()) {
            throw new IllegalArgumentException("at least one device");
        }
        if (ids.stream().anyMatch(id -> id < 0) || ids.stream().distinct().count() != ids.size()) {
            throw new IllegalArgumentException("device numbers must be distinct and >= 0: " + ids);
        }
    }

    /** The given devices, in this order. */
    public static DeviceList of(List<Integer> ids) {
        return new DeviceList(false, ids);
    }

    /** One device. */
    public static DeviceList single(int id) {
        return of(List.of(id));
    }

    /** "all" or "0,1,3", as the command line writes it. */
    public String text() {
        return all ? ALL_NAME : String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
