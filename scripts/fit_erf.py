#!/usr/bin/env python3
"""Fits the rational erf of Sources/Tensor/FastMath.swift: erf(x) ≈ x·P(x²)/Q(x²) on |x| ≤ 3.92
(erf reaches ±1 in float there), P and Q of degree 5 in x², Q(0) = 1.

Linearised weighted least squares (x·P − erf·Q = 0, divided by the previous Q), reweighted
Lawson-style toward the minimax fit; then the float32 error of the rounded coefficients,
evaluated with one rounding per Horner step as FMAs do. Needs numpy.

    python3 scripts/fit_erf.py      # prints the error and the coefficients, highest power first
"""
from math import erf

import numpy as np

BOUND, NP, NQ = 3.92, 6, 6
xs = np.linspace(0, BOUND, 20001)
f = np.array([erf(v) for v in xs])
z = xs ** 2
q_prev, w, best = np.ones_like(xs), np.ones_like(xs), None
for _ in range(200):
    a = np.column_stack([xs * z ** k for k in range(NP)] + [-f * z ** k for k in range(1, NQ)])
    scale = w / q_prev
    sol = np.linalg.lstsq(a * scale[:, None], f * scale, rcond=None)[0]
    p, q = sol[:NP], np.concatenate([[1.0], sol[NP:]])
    q_prev = np.polyval(q[::-1], z)
    err = xs * np.polyval(p[::-1], z) / q_prev - f
    worst = np.abs(err).max()
    if best is None or worst < best[0]:
        best = (worst, p, q)
    w = w * (np.abs(err) / worst + 1e-3) ** 0.5
    w /= w.mean()
worst, p, q = best


def horner_fma(coefficients, zz):
    acc = np.full_like(zz, np.float32(coefficients[-1]))
    for c in coefficients[-2::-1]:
        acc = (acc.astype(np.float64) * zz + np.float64(np.float32(c))).astype(np.float32)
    return acc


x32 = np.linspace(-4.5, 4.5, 400001).astype(np.float32)
xc = np.clip(x32, np.float32(-BOUND), np.float32(BOUND))
got = xc * horner_fma(p, xc * xc) / horner_fma(q, xc * xc)
ref = np.array([erf(float(v)) for v in x32])
print(f"fit error (float64) {worst:.3g}; float32 with FMAs {np.abs(got - ref).max():.3g}")
print("P:", ", ".join(repr(float(np.float32(c))) for c in p[::-1]))
print("Q:", ", ".join(repr(float(np.float32(c))) for c in q[::-1]))
