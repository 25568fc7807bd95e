"""Toy model of superposition: local λ at the k-gon critical points by a certified Morse–Bott check.

Chen, Lau, Mendel, Wei, Murfet (2023, arXiv 2310.06301) found that in TMS with two hidden dimensions
(:mod:`rlct.models.tms`) the regular k-gons are critical points of the population loss L. This module
computes them and their local learning coefficient from routines, not from a table:

1. **Critical point.** Columns 0..k−1 are l·(cos 2πj/k, sin 2πj/k) with common bias b; the other c − k
   columns are zero, ``positive_dead`` of them with bias 1/(2c) (a zero column with positive bias
   outputs b_j for every input, its term E(x_j − b_j)² is smallest at b_j = E x_j = 1/(2c)) and
   ``negative_dead`` with bias −1 (any negative value: the loss does not depend on it locally).
   For k ≥ 5, (l*, b*) solves the two stationarity equations of L restricted to this family:
   Nelder–Mead (numpy) for a start, then Newton in mpmath with the exact analytic gradient and Hessian.
   The full d-dimensional gradient is then checked to vanish at working precision. For k ≤ 4
   every pair of distinct k-gon columns has W_i·W_j ≤ 0, so l = 1, b = 0 reconstructs the k features
   exactly; that point has ReLU kinks at μ = 0 and is refused below.
2. **Analyticity.** L is analytic near w iff no ReLU kink sits at an end of the input range
   (b_j ≠ 0 and W_j·W_i + b_j ≠ 0 for all i, j; :func:`rlct.models.tms.kinks`). Otherwise refused
   (for the 4-gon, (W_j·W_i, b_j) = (0, 0) for neighbours: L is not even twice differentiable there).
3. **Critical set.** Two mechanisms give a smooth manifold N ∋ w* on which L = L(w*):
   the rotation orbit W → R_θ W (dimension 1: L depends on W only through WᵀW), and coordinates on
   which L is locally constant: the bias of a negative-bias dead column (its outputs stay
   ReLU(μ W_j·W_i + b_j) = 0 nearby), and its W-column too when every other column has negative bias
   (then ReLU(μ W_i·W_j + b_i) = 0 nearby as well). With a positive-bias dead column present, the W
   of a negative-bias dead column is NOT locally flat: the output b_j + μ W_j·W_j' of the positive one
   couples the two columns, and the Hessian has a negative eigenvalue there (a saddle).
4. **Morse–Bott certificate.** H = ∇²L(w*) exactly (analytic second derivatives, ``DPS`` digits). The
   kernel of H contains the tangent space S of N (exactly, by the two mechanisms above; checked
   numerically too). With Q an orthonormal basis of S^⊥, A = QᵀHQ is shown positive definite with a
   lower bound σ on its spectrum: A − (σ + δ)I has an LDLᵀ factorisation with positive pivots, computed
   in exact rational arithmetic on the high-precision matrix, and δ = ``ERROR_ALLOWANCE`` dominates the
   difference to the matrix recomputed with ``DPS_CHECK`` digits (Weyl's inequality). Then
   H ≅ diag(A, 0) is positive semidefinite with rank d − dim N: w* is a local minimum, K = L − L(w*)
   has the smooth zero set N, and λ = (d − dim N)/2, m = 1 (Morse–Bott, REFERENCE §4). A negative
   eigenvalue (certified by a witness vector v with vᵀHv < 0 exactly) means a saddle: refused.

Certified minima for c = 5..8 (:func:`table`; ``+`` a dead column with bias 1/(2c), ``-`` one with
negative bias). Every k ≤ 4 is refused (non-analytic); 5+- (c = 7), 6+- and 5++- / 5+-- (c = 8) are
saddles; the 10-gon at c = 10 is a saddle too.

====  =====================================================================================
c     k-gon and dead columns: λ
====  =====================================================================================
5     5: 7
6     6: 17/2,  5+: 17/2,  5-: 7
7     7: 10,  6+: 10,  6-: 17/2,  5++: 10,  5--: 7
8     8: 23/2,  7+: 23/2,  7-: 10,  6++: 23/2,  6--: 17/2,  5+++: 23/2,  5---: 7
====  =====================================================================================

So at every certified minimum here λ = (3c − 1 − 3 n₋)/2 with n₋ the number of negative-bias dead
columns (rotation orbit 1 + three flat coordinates per such column); each is certified, not assumed.

Examples
--------
>>> r = tms(6, 6)
>>> r.lam, r.m, r.certificate["case"]
(Fraction(17, 2), 1, '6-gon, no dead columns: critical set dim 1 (rotation 1 + flat 0), Hessian rank 17 = 18 - 1')
>>> tms(6, 5, negative_dead=1).lam
Fraction(7, 1)
"""
from __future__ import annotations

import copy
import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from ..errors import InputError
from ..models import tms as model
from ..result import LC

__all__ = ["tms", "kgon_critical_point", "critical_sample_size", "table", "DPS", "DPS_CHECK",
           "ERROR_ALLOWANCE"]

DPS = 50                      # working precision of the certificate (decimal digits)
DPS_CHECK = 70                # second, independent evaluation used to bound the numerical error
ERROR_ALLOWANCE = Fraction(1, 10 ** 25)   # δ: allowed ‖A_true − A_computed‖₂ (observed differences ≈ 1e-45)
NEGATIVE_BIAS = "-1"
THEOREM = "Morse–Bott (REFERENCE §4) at the k-gon critical point (Chen et al. 2023, arXiv 2310.06301)"


# ------------------------------------------------------------------------------------ validation

def _check_params(c, k, positive_dead, negative_dead) -> None:
    for name, v, low in (("c", c, 1), ("k", k, 1), ("positive_dead", positive_dead, 0),
                         ("negative_dead", negative_dead, 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < low:
            raise InputError(f"tms: {name} must be an integer >= {low}, got {v!r}")
    if k > c:
        raise InputError(f"tms: k = {k} exceeds the number of features c = {c}")
    if positive_dead + negative_dead != c - k:
        raise InputError(f"tms: positive_dead + negative_dead must equal c - k = {c - k}, "
                         f"got {positive_dead} + {negative_dead}")


def _label(k: int, pos: int, neg: int) -> str:
    parts = []
    if pos:
        parts.append(f"{pos} dead with bias 1/(2c) > 0")
    if neg:
        parts.append(f"{neg} dead with bias < 0")
    return f"{k}-gon, " + (" and ".join(parts) if parts else "no dead columns")


# ------------------------------------------------------------------------------------ critical point

def _reduced_directions(ctx, c: int, k: int):
    """∂w/∂l and ∂w/∂b along the k-gon family (w is linear in (l, b), so these are constant)."""
    d = 3 * c
    w1 = model.kgon(c, k, 1, 0, c - k, 0, dps=ctx.dps)
    Vl = [ctx.mpf(x) if j < 2 * k else ctx.zero for j, x in enumerate(w1)]
    Vb = [ctx.one if 2 * c <= j < 2 * c + k else ctx.zero for j in range(d)]
    return Vl, Vb


def _newton(c, k, pos, neg, l, b, dps):
    """Newton on the two stationarity equations ∂L/∂l = ∂L/∂b = 0 of the k-gon family, in mpmath."""
    ctx = model.context(dps)
    l, b = ctx.mpf(l), ctx.mpf(b)
    Vl, Vb = _reduced_directions(ctx, c, k)
    tol = ctx.mpf(10) ** (-(dps - 8))
    for _ in range(60):
        w = model.kgon(c, k, l, b, pos, neg, NEGATIVE_BIAS, dps=dps)
        _, g, H = model._derivatives(w, dps, 2)
        gl = ctx.fsum(x * y for x, y in zip(g, Vl))
        gb = ctx.fsum(x * y for x, y in zip(g, Vb))
        Hl = [ctx.fsum(H[i, j] * Vl[j] for j in range(len(w))) for i in range(len(w))]
        Hb = [ctx.fsum(H[i, j] * Vb[j] for j in range(len(w))) for i in range(len(w))]
        J = ctx.matrix([[ctx.fsum(x * y for x, y in zip(Vl, Hl)), ctx.fsum(x * y for x, y in zip(Vl, Hb))],
                        [ctx.fsum(x * y for x, y in zip(Vb, Hl)), ctx.fsum(x * y for x, y in zip(Vb, Hb))]])
        step = ctx.lu_solve(J, ctx.matrix([gl, gb]))
        l, b = l - step[0], b - step[1]
        if abs(step[0]) + abs(step[1]) < tol:
            return l, b
    raise InputError(f"tms: Newton's method did not converge to a {k}-gon critical point")


@lru_cache(maxsize=None)
def _start(c: int, k: int, pos: int, neg: int) -> tuple[float, float]:
    """Float start for Newton: minimise L over the k-gon family (l, b) with Nelder–Mead."""
    from scipy.optimize import minimize

    def f(x):
        return float(model.loss(np.array(model.kgon(c, k, x[0], x[1], pos, neg, NEGATIVE_BIAS, dps=20),
                                         dtype=float)))

    best = min(((f((l0, b0)), (l0, b0)) for l0 in (0.8, 1.2, 1.6) for b0 in (-0.1, -0.5, -1.0)))[1]
    r = minimize(f, best, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 4000})
    return float(r.x[0]), float(r.x[1])


@lru_cache(maxsize=None)
def _critical_point(c: int, k: int, pos: int, neg: int, dps: int):
    if k <= 4:
        ctx = model.context(dps)
        return ctx.one, ctx.zero
    l0, b0 = _start(c, k, pos, neg)
    return _newton(c, k, pos, neg, l0, b0, dps + 10)


def kgon_critical_point(c: int, k: int, positive_dead: int = 0, negative_dead: int = 0,
                        dps: int = DPS) -> dict:
    """The k-gon critical point: {"l", "b", "loss", "w"} (mpf values, w a list in the model's order).

    For k ≥ 5 it is found by Newton's method on the k-gon family (see the module docstring); for
    k ≤ 4 it is l = 1, b = 0 (exact reconstruction of the k features, at a ReLU kink).

    Examples
    --------
    >>> p = kgon_critical_point(6, 5, positive_dead=1)
    >>> [round(float(p[x]), 5) for x in ("l", "b", "loss")]
    [1.17046, -0.2823, 0.0618]
    >>> round(float(kgon_critical_point(6, 6)["loss"]), 5)
    0.04819
    """
    _check_params(c, k, positive_dead, negative_dead)
    l, b = _critical_point(c, k, positive_dead, negative_dead, int(dps))
    ctx = model.context(dps)
    l, b = ctx.mpf(l), ctx.mpf(b)
    w = model.kgon(c, k, l, b, positive_dead, negative_dead, NEGATIVE_BIAS, dps=dps)
    return {"l": l, "b": b, "loss": model.loss_mp(w, dps), "w": w}


# ------------------------------------------------------------------------------------ exact linear algebra

def _frac(x) -> Fraction:
    sign, man, exp, _ = x._mpf_          # exact value (−1)^sign · man · 2^exp of a finite mpf
    q = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -q if sign else q


def _positive_definite(A: list[list[Fraction]]) -> bool:
    """Exact LDLᵀ (Gaussian elimination without pivoting) of a symmetric rational matrix: all pivots > 0."""
    M = [row[:] for row in A]
    n = len(M)
    for i in range(n):
        p = M[i][i]
        if p <= 0:
            return False
        for r in range(i + 1, n):
            f = M[r][i] / p
            if f:
                for s in range(i + 1, n):
                    M[r][s] -= f * M[i][s]
    return True


def _floor_sig(x: float, digits: int = 3) -> Fraction:
    """A rational ≤ x with ``digits`` significant decimal digits (x > 0)."""
    e = math.floor(math.log10(x)) - digits + 1
    return Fraction(math.floor(Fraction(x) / Fraction(10) ** e)) * Fraction(10) ** e


def _decimal(q: Fraction) -> str:
    """Exact decimal string of a rational with a power-of-ten denominator."""
    s = f"{q.numerator * 10 ** 30 // q.denominator:031d}"
    s = s[:-30] + "." + s[-30:]
    s = s.rstrip("0").rstrip(".")
    return s if not s.startswith(".") else "0" + s


# ------------------------------------------------------------------------------------ the analysis

def _flat_coordinates(c: int, k: int, pos: int, neg: int, b) -> tuple[list[int], int, int]:
    """Coordinates on which L is locally constant near the point, and their counts (bias, W)."""
    flat, nb, nw = [], 0, 0
    for j in range(k + pos, c):                      # negative-bias dead columns
        flat.append(2 * c + j)
        nb += 1
        if b < 0 and pos == 0:                       # every other column has a negative bias
            flat += [2 * j, 2 * j + 1]
            nw += 2
    return sorted(flat), nb, nw


def _basis_orthogonal_to(ctx, u):
    """Columns of a Householder reflector: an orthonormal basis (n × (n−1)) of u^⊥ (u a unit vector)."""
    n = len(u)
    sign = 1 if u[0] >= 0 else -1
    h = list(u)
    h[0] += sign
    hh = ctx.fsum(x * x for x in h)
    P = ctx.matrix(n, n)
    for i in range(n):
        for j in range(n):
            P[i, j] = (1 if i == j else 0) - 2 * h[i] * h[j] / hh
    return P[:, 1:]


def _projected_hessian(c, k, pos, neg, dps):
    ctx = model.context(dps)
    p = kgon_critical_point(c, k, pos, neg, dps)
    w, b = p["w"], p["b"]
    g = model.gradient_mp(w, dps)
    H = model.hessian_mp(w, dps)
    d = 3 * c
    flat, nb, nw = _flat_coordinates(c, k, pos, neg, b)
    rot = [ctx.zero] * d
    for i in range(c):
        rot[2 * i], rot[2 * i + 1] = -w[2 * i + 1], w[2 * i]
    free = [i for i in range(d) if i not in flat]
    norm = ctx.sqrt(ctx.fsum(rot[i] ** 2 for i in free))
    Q = _basis_orthogonal_to(ctx, [rot[i] / norm for i in free])
    HF = ctx.matrix([[H[i, j] for j in free] for i in free])
    A = Q.T * HF * Q
    A = (A + A.T) / 2
    return {"point": p, "grad": g, "H": H, "flat": flat, "n_flat_bias": nb, "n_flat_w": nw, "rot": rot,
            "free": free, "Q": Q, "A": A}


def _refuse(c, k, pos, neg, why: str):
    raise InputError(f"tms(c={c}, k={k}, positive_dead={pos}, negative_dead={neg}): {why}")


@lru_cache(maxsize=None)
def _analyse(c: int, k: int, pos: int, neg: int) -> dict:
    p = kgon_critical_point(c, k, pos, neg, DPS)
    bad = model.kinks(p["w"])
    if bad:
        if any(kind == "a=b=0" for _, _, kind in bad):
            _refuse(c, k, pos, neg, f"no analytic λ: at the {k}-gon point (l = 1, b = 0) some pairs have "
                                    "W_j·W_i = 0 and b_j = 0, where L is not twice differentiable")
        _refuse(c, k, pos, neg, f"no analytic λ: at the {k}-gon point a ReLU kink sits at the end of the "
                                "input range (b_j = 0 or W_j·W_i + b_j = 0), where L changes closed-form "
                                "branch and is not analytic")
    data = _projected_hessian(c, k, pos, neg, DPS)
    ctx = model.context(DPS)
    tiny = ctx.mpf(10) ** (-(DPS - 15))
    gmax = max(abs(x) for x in data["grad"])
    if gmax > tiny:
        _refuse(c, k, pos, neg, f"not a critical point: |∇L| = {float(gmax):.3g}")
    H, d = data["H"], 3 * c
    # the kernel directions: flat coordinates give exactly zero rows, the rotation a numerically zero H·v
    for i in data["flat"]:
        if any(H[i, j] != 0 for j in range(d)):
            raise AssertionError("a locally flat coordinate has a nonzero Hessian row")
    rot = data["rot"]
    hrot = max(abs(ctx.fsum(H[i, j] * rot[j] for j in range(d))) for i in range(d))
    if hrot > tiny:
        raise AssertionError("the rotation direction is not in the Hessian kernel")
    A = data["A"]
    n = A.rows
    E, V = ctx.eigsy(A)
    e0 = E[0]
    if e0 < -ctx.mpf("1e-20"):
        v = data["Q"] * V[:, 0]
        full = [Fraction(0)] * d
        for idx, i in enumerate(data["free"]):
            full[i] = _frac(v[idx])
        Hq = [[_frac(H[i, j]) for j in range(d)] for i in range(d)]
        quad = sum(full[i] * Hq[i][j] * full[j] for i in range(d) for j in range(d) if full[i] and full[j])
        if quad < -ERROR_ALLOWANCE * sum(x * x for x in full):
            _refuse(c, k, pos, neg, f"a saddle, not a local minimum: the Hessian has a negative eigenvalue "
                                    f"≈ {float(e0):.4g} (witness v with vᵀHv < 0): no local λ")
        raise AssertionError("negative eigenvalue not confirmed")
    if e0 <= ctx.mpf("1e-20"):
        _refuse(c, k, pos, neg, "degenerate beyond the rotation and flat directions (Hessian eigenvalue "
                                f"≈ {float(e0):.3g}): Morse–Bott not certified")
    # numerical error bound: the same matrix from an independent, more precise evaluation
    A2 = _projected_hessian(c, k, pos, neg, DPS_CHECK)["A"]
    diff = max(abs(A[i, j] - A2[i, j]) for i in range(n) for j in range(n)) * n     # ≥ ‖A − A2‖₂
    if _frac(diff) >= ERROR_ALLOWANCE:
        raise AssertionError(f"precision check failed: ‖A − A'‖ ≈ {float(diff):.3g}")
    sigma = _floor_sig(float(e0) * 0.99, 3)
    shift = sigma + ERROR_ALLOWANCE
    Af = [[_frac(A[i, j]) - (shift if i == j else 0) for j in range(n)] for i in range(n)]
    if not _positive_definite(Af):
        raise AssertionError("LDLᵀ certificate of the spectral gap failed")
    dim = 1 + len(data["flat"])
    rank = d - dim
    assert rank == n
    return {"c": c, "k": k, "pos": pos, "neg": neg, "d": d, "dim": dim, "rank": rank,
            "n_flat_bias": data["n_flat_bias"], "n_flat_w": data["n_flat_w"],
            "l": ctx.nstr(p["l"], 30), "b": ctx.nstr(p["b"], 30), "loss": ctx.nstr(p["loss"], 30),
            "margin": ctx.nstr(model.kink_margin(p["w"]), 8), "gap": _decimal(sigma),
            "min_eig": ctx.nstr(e0, 8), "gmax": f"{float(gmax):.1e}",
            "precision_diff": f"{float(diff):.1e}"}


def tms(c: int, k: int, positive_dead: int = 0, negative_dead: int = 0) -> LC:
    """Local λ of TMS (two hidden dimensions, c features) at the k-gon critical point.

    The other c − k columns are zero: ``positive_dead`` with bias 1/(2c), ``negative_dead`` with
    negative bias. Returns λ = rank(H)/2 = (3c − dim N)/2 with m = 1, certified as in the module
    docstring. Raises :class:`~rlct.errors.InputError` for invalid parameters, for k ≤ 4 (ReLU
    kinks: L is not analytic there) and for saddles (positive- and negative-bias dead columns together).

    Examples
    --------
    >>> tms(6, 5, positive_dead=1).lam
    Fraction(17, 2)
    >>> tms(6, 5, negative_dead=1).certificate["hessian"]["critical_set_dimension"]
    4
    >>> tms(6, 4, negative_dead=2)
    Traceback (most recent call last):
    ...
    rlct.errors.InputError: tms(c=6, k=4, positive_dead=0, negative_dead=2): no analytic λ: ...
    """
    _check_params(c, k, positive_dead, negative_dead)
    a = _analyse(c, k, positive_dead, negative_dead)
    params = {"c": c, "k": k, "positive_dead": positive_dead, "negative_dead": negative_dead}
    case = (f"{_label(k, positive_dead, negative_dead)}: critical set dim {a['dim']} "
            f"(rotation 1 + flat {a['dim'] - 1}), Hessian rank {a['rank']} = {a['d']} - {a['dim']}")
    cert = {
        "kind": "family:tms", "params": params, "theorem": THEOREM, "case": case,
        "critical_point": {
            "l": a["l"], "b": a["b"], "loss": a["loss"],
            "layout": (f"columns 0..{k - 1}: l·(cos 2πj/{k}, sin 2πj/{k}) with bias b; then {positive_dead} "
                       f"zero columns with bias 1/(2c) = 1/{2 * c}; then {negative_dead} zero columns with "
                       f"bias {NEGATIVE_BIAS}"),
            "gradient_max_abs": a["gmax"], "digits": DPS,
            "kink_margin": a["margin"],      # min |b_j|, |W_j·W_i + b_j| > 0: L is analytic near the point
        },
        "hessian": {
            "rank": a["rank"], "critical_set_dimension": a["dim"],
            "spectral_gap_lower_bound": a["gap"], "smallest_nonzero_eigenvalue": a["min_eig"],
            "kernel": {"rotation": 1, "flat_dead_biases": a["n_flat_bias"], "flat_dead_weights": a["n_flat_w"]},
            "method": (f"exact LDLᵀ of QᵀHQ − (gap + δ)I, Q an orthonormal basis of the kernel's complement; "
                       f"δ = 1e-25 bounds ‖QᵀHQ − (same at {DPS_CHECK} digits)‖ = {a['precision_diff']}"),
        },
    }
    return LC(Fraction(a["rank"], 2), 1, "exact", "family:tms", None, (), copy.deepcopy(cert))


# ------------------------------------------------------------------------------------ tables, transitions

def table(c_values=range(5, 9)) -> list[dict]:
    """Every (c, k, positive_dead, negative_dead) with c in ``c_values``, classified.

    Each row: {"c", "k", "positive_dead", "negative_dead", "status", "lambda", "loss", "gap", "reason"};
    status is "minimum" (certified, λ given), "saddle", "non-analytic" or "refused".

    Examples
    --------
    >>> rows = table([5])
    >>> [(r["k"], r["status"], r["lambda"]) for r in rows if r["status"] == "minimum"]
    [(5, 'minimum', '7')]
    """
    rows = []
    for c in c_values:
        for k in range(c, 0, -1):
            for pos in range(c - k, -1, -1):
                neg = c - k - pos
                row = {"c": c, "k": k, "positive_dead": pos, "negative_dead": neg, "status": "minimum",
                       "lambda": None, "loss": None, "gap": None, "reason": ""}
                try:
                    r = tms(c, k, pos, neg)
                except InputError as exc:
                    msg = str(exc)
                    row["reason"] = msg.split("): ", 1)[-1]
                    row["status"] = ("saddle" if "saddle" in msg else
                                     "non-analytic" if "analytic" in msg else "refused")
                else:
                    row["lambda"] = f"{r.lam.numerator}/{r.lam.denominator}" if r.lam.denominator > 1 \
                        else str(r.lam.numerator)
                    row["loss"] = r.certificate["critical_point"]["loss"][:12]
                    row["gap"] = r.certificate["hessian"]["spectral_gap_lower_bound"]
                rows.append(row)
    return rows


def critical_sample_size(c: int, k1: int, k2: int, positive_dead1: int = 0, positive_dead2: int = 0,
                         negative_dead1: int | None = None, negative_dead2: int | None = None) -> float:
    """Sample size at which the Bayesian posterior prefers phase 2 over phase 1 (c features).

    Uses the free-energy asymptotics F_n ≈ n L + λ log n (natural log, L = E‖x − f(x)‖² the population
    loss of :mod:`rlct.models.tms` at the critical point, λ from :func:`tms`, m = 1 for both): n_cr is the
    larger root of n L1 + λ1 log n = n L2 + λ2 log n, i.e. n ΔL = Δλ log n with ΔL = L1 − L2 > 0,
    Δλ = λ2 − λ1 > 0, so n_cr = −(Δλ/ΔL) W₋₁(−ΔL/Δλ) with W₋₁ the lower branch of Lambert's W.
    negative_deadX defaults to the rest, c − kX − positive_deadX.

    Examples
    --------
    >>> round(critical_sample_size(6, 5, 6))          # 5-gon (one negative-bias dead column) → 6-gon
    445
    """
    import mpmath

    n1 = c - k1 - positive_dead1 if negative_dead1 is None else negative_dead1
    n2 = c - k2 - positive_dead2 if negative_dead2 is None else negative_dead2
    r1, r2 = tms(c, k1, positive_dead1, n1), tms(c, k2, positive_dead2, n2)
    L1 = mpmath.mpf(r1.certificate["critical_point"]["loss"])
    L2 = mpmath.mpf(r2.certificate["critical_point"]["loss"])
    dL, dlam = L1 - L2, mpmath.mpf(r2.lam.numerator) / r2.lam.denominator - \
        mpmath.mpf(r1.lam.numerator) / r1.lam.denominator
    if dL <= 0 or dlam <= 0:
        raise InputError(f"no Bayesian phase transition: need L1 > L2 and λ1 < λ2, got "
                         f"L1 - L2 = {float(dL):.5g}, λ2 - λ1 = {float(dlam):.5g}")
    x = -dL / dlam
    if x < -1 / mpmath.e:
        raise InputError("no Bayesian phase transition: n ΔL > Δλ log n for every n")
    return float(-(dlam / dL) * mpmath.lambertw(x, -1).real)
