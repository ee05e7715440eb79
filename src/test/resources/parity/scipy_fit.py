#!/usr/bin/env python3
"""Independent reference fit for homodyne-java's parity test (SPEC.md section 1).

Reads a problem (JSON: mode, convention, dt, q, L, fit-grid times, angles, the strict upper
triangle of each angle's c2 matrix, start values and bounds), fits it with
scipy.optimize.least_squares (trust-region reflective, the model in numpy, its Jacobian by
complex-step differentiation — exact to machine precision, so the fit converges as far as
float64 allows — tolerances at machine precision) and writes the parameters and the full-matrix
chi2.

The model is written from SPEC.md alone, not from the Java code.
Usage: scipy_fit.py problem.json result.json [TOL]
TOL (default 1e-15, i.e. as far as float64 allows) sets ftol = xtol = gtol; the pass-count
benchmark (scripts/bench.sh passes) uses 1e-8, the fitter's defaults. The problem's optional
"scaling" is "individual" (default: contrast and offset per angle) or "shared" (one pair).
Optional problem keys ftol, xtol, gtol, max_nfev override TOL and 5000. The result also records
fit_seconds and fit_cpu_seconds, the wall and CPU time of least_squares alone (scripts/bench-startup.sh
compares them with a whole homodyne-java process).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import least_squares


# Every function accepts complex parameters (complex-step Jacobian): comparisons, floors and
# clamps look at real parts only, which is what they mean for real arguments.

def prefix_integral(t, a, b, off):
    eps = max(abs(t[1] - t[0]) / 2.0, 1e-8)
    tt = np.where(t <= eps, eps, t)
    x = a * tt ** b + off
    x = np.where(x.real > 1e-10, x, 1e-10)
    c = np.zeros_like(x)
    c[1:] = np.cumsum(0.5 * (x[:-1] + x[1:]))
    return c


def sinc(x):
    small = np.abs(x.real) < 1e-4
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 - x * x / 6.0 + x ** 4 / 120.0, np.sin(safe) / safe)


def model(p, prob, iu, ju):
    t = np.asarray(prob["t"])
    dt, q, L = prob["dt"], prob["q"], prob["L"]
    na = len(prob["phi"])
    nphys = 3 if prob["mode"] == "static" else 7
    if prob.get("scaling", "individual") == "shared":
        contrast = [p[0]] * na
        offset = [p[1]] * na
        phys = p[2:2 + nphys]
    else:
        contrast = p[:na]
        offset = p[na:2 * na]
        phys = p[2 * na:2 * na + nphys]
    c = prefix_integral(t, phys[0], phys[1], phys[2])
    dC = np.sqrt((c[iu] - c[ju]) ** 2 + 1e-12)
    arg = -0.5 * q * q * dt * dC
    g1d = np.exp(np.where(arg.real > -700.0, arg, -700.0))
    out = []
    for a, phi in enumerate(prob["phi"]):
        g1 = g1d
        if nphys == 7:
            g = prefix_integral(t, phys[3], phys[4], phys[5])
            dG = np.sqrt((g[iu] - g[ju]) ** 2 + 1e-12)
            cosang = np.cos((phys[6] - phi) * np.pi / 180.0)
            if prob["convention"] == "homodyne":
                g1 = g1d * sinc(q * L * dt / (2 * np.pi) * cosang * dG) ** 2
            else:
                g1 = g1d * sinc(0.5 * q * L * dt * cosang * dG)
        g1sq = np.where(np.abs(g1.real) > 1e-10, g1 * g1, 1e-20)
        out.append(offset[a] + contrast[a] * g1sq)
    return np.concatenate(out)


def fit(prob, to_model=lambda p: p):
    """Least-squares fit of the problem; to_model maps the fitted vector onto the model's
    [contrast per angle, offset per angle, physical] (the identity for individual scaling)."""
    n = len(prob["t"])
    iu, ju = np.triu_indices(n, k=1)
    data = np.concatenate([np.asarray(v, dtype=np.float64) for v in prob["upper"]])
    sigma = prob["sigma"]

    def residuals(p):
        return (data - model(to_model(p), prob, iu, ju)) / sigma

    def jacobian(p):
        jac = np.empty((data.size, p.size))
        for k in range(p.size):
            h = 1e-30 * max(abs(p[k]), 1.0)
            pc = p.astype(complex)
            pc[k] += 1j * h
            jac[:, k] = -model(to_model(pc), prob, iu, ju).imag / (h * sigma)
        return jac

    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-15
    t0 = time.perf_counter()
    c0 = time.process_time()
    res = least_squares(residuals, np.asarray(prob["x0"]), jac=jacobian,
                        bounds=(prob["lower"], prob["upper_bounds"]), method="trf", x_scale="jac",
                        ftol=prob.get("ftol", tol), xtol=prob.get("xtol", tol), gtol=prob.get("gtol", tol),
                        max_nfev=prob.get("max_nfev", 5000))
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    r = residuals(res.x)
    return {"x": res.x.tolist(), "chi2_full": float(2.0 * np.sum(r * r)), "status": int(res.status),
            "nfev": int(res.nfev), "njev": int(res.njev), "message": str(res.message),
            "fit_seconds": seconds, "fit_cpu_seconds": cpu_seconds}


def main():
    prob = json.load(open(sys.argv[1]))
    json.dump(fit(prob), open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
