"""HDF5 seed files for Hdf5FuzzTest written by the HDF5 C library (through h5py), the way beamline
software writes them: superblock v0, symbol-table groups, v1 B-tree chunk index, big-endian and
compact storage. Run: python3 h5py_seeds.py Hdf5FuzzTestInputs/twoTimeFile (needs h5py)."""
import sys

import h5py
import numpy as np

out = sys.argv[1]


def full(f, seed):
    i, j = np.indices((f, f))
    return 1 + 0.3 * np.exp(-0.2 * abs(i - j)) + 1e-3 * seed + 1e-4 * (i + j)


def upper(c):
    h = np.triu(c / 2)
    np.fill_diagonal(h, np.diag(c))
    return h


with h5py.File(f"{out}/valid-h5py-aps-u-big-endian-gzip.h5", "w") as h:
    h["xpcs/qmap/dynamic_v_list_dim0"] = np.array([0.0054])
    h["xpcs/qmap/dynamic_v_list_dim1"] = np.array([0.0, 60.0])
    h["xpcs/twotime/processed_bins"] = np.array([1, 2], dtype=np.int64)
    h.create_dataset("xpcs/twotime/correlation_map/c2_00001", data=upper(full(6, 1)).astype(">f4"))
    h.create_dataset("xpcs/twotime/correlation_map/c2_00002", data=upper(full(6, 2)).astype("<f8"),
                     chunks=(4, 3), compression="gzip", shuffle=True)

with h5py.File(f"{out}/valid-h5py-aps-old-compact.h5", "w") as h:
    h["xpcs/dqlist"] = np.array([[0.0054, 0.006]])
    h["xpcs/dphilist"] = np.array([[0.0, 90.0]])
    for k, name in enumerate(["c2_1", "c2_2"]):
        space = h5py.h5s.create_simple((5, 5))
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_layout(h5py.h5d.COMPACT)
        g = h.require_group("exchange/C2T_all")
        dsid = h5py.h5d.create(g.id, name.encode(), h5py.h5t.IEEE_F32LE, space, dcpl=plist)
        dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, full(5, k).astype("<f4"))
