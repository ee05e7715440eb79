#!/usr/bin/env python3
"""Independent reference fit of per_angle_mode: fourier for homodyne-java's parity test.

The same problem file as scipy_fit.py (whose model, written from SPEC.md, and fit are reused) plus
"fourier_order" K. The fitted vector is the 1+2K Fourier coefficients of contrast, those of
offset, then the physical parameters; contrast(phi) = c0 + sum_k (ck cos(k phi) + sk sin(k phi)),
phi in radians (issue 11 section 4, homodyne's fourier_reparam), likewise offset. Fitted with
scipy.optimize.least_squares (TRF, complex-step Jacobian, tolerances at machine precision).
Usage: fourier_fit.py problem.json result.json
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipy_fit import fit  # noqa: E402  (the model of SPEC section 1 and the same least-squares fit)


def basis(phi_deg, order):
    phi = np.radians(np.asarray(phi_deg, dtype=np.float64))
    cols = [np.ones_like(phi)]
    for k in range(1, order + 1):
        cols.append(np.cos(k * phi))
        cols.append(np.sin(k * phi))
    return np.stack(cols, axis=1)


def main():
    prob = json.load(open(sys.argv[1]))
    b = basis(prob["phi"], prob["fourier_order"])
    m = b.shape[1]

    def per_angle(p):
        return np.concatenate([b @ p[:m], b @ p[m:2 * m], p[2 * m:]])

    json.dump(fit(prob, per_angle), open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
