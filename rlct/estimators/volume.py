"""Numeric confirmation of a claimed learning coefficient (λ, m): an estimate with an error bar.

Nothing here defines λ. The exact value comes from the symbolic strategies; these functions only check
that a claimed pair is consistent with two asymptotic laws (REFERENCE.md §1), measured numerically on
the box ``[-box, box]^d`` around the point:

- :func:`free_energy_fit` (d <= 3): the free energy F(n) = −log ∫ e^{−nK(w)} φ(w) dw, computed by
  deterministic quadrature over a geometric range of n and fitted to λ log n − (m−1) log log n + c.
- :func:`volume_scaling` (d <= 8): the volume V(ε) = ∫_{K<ε} φ(w) dw, estimated by Monte Carlo on a
  geometric range of ε and fitted to log V = λ log ε + (m−1) log log(1/ε) + c. Points come from an
  importance mixture concentrated towards small coordinates at log-uniform scales (plus a component
  learned from a pilot run); where K is at most quadratic in some variable, each sample is a whole
  line in that variable, whose measure of {K < ε} is computed exactly.
- :func:`confirm`: runs one of them with m fixed to the claim and compares λ̂ with the claimed λ.

Both laws hold only asymptotically (n → ∞, ε → 0). At any finite range the fit is biased:

- Log terms. When m >= 2, Z(n) = n^{−λ}(C₁ (log n)^{m−1} + C₂ (log n)^{m−2} + …), so log Z carries a
  series in 1/log n that converges very slowly; a fit with only λ log n − (m−1) log log n + c is off by a
  few percent even at n = 10¹². With m fixed at m >= 2 the fit therefore also takes the next term
  a/log n (a/log(1/ε)) of that series. With m free it does not (the two are nearly collinear).
- Other poles. Subleading poles −λ' > −λ of the zeta function add C' n^{−λ'} corrections; the fitted
  slope moves towards λ' by about (λ'−λ)·C'/C·n^{−(λ'−λ)}, e.g. −3% for (x²−y³)² (λ' = 1/2).
- The box. The box is part of the integral: the asymptotic law is that of the most singular point of
  {K = 0} in the box, and the box edges and the rest of the zero set set the constants and the
  subleading terms. For a *local* λ at a point, take a box small enough to exclude other, more singular
  points of {K = 0}. The n- and ε-ranges are taken relative to K_ref, the mean of K over the box, and
  the fits use log(n·K_ref) and log(K_ref/ε), so K → cK gives the same estimate. (The log log term
  depends on where log n is measured from; that choice is a finite-n effect of the same size as the
  a/log n term.)

So the reported standard errors say how well the data determine the fitted model, and (for quadrature)
how much the estimate drifts between the whole range and its asymptotic half; they do not bound the
distance to the true λ. A 10% tolerance is the intended use.

Examples
--------
>>> confirm("x**2*y**2", "1/2", 2).passed
True
>>> confirm("x**2", 1, 1).passed
False
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from itertools import product

import numpy as np

from ..errors import InputError
from ..inputs import to_problem
from ..poly import fraction_str, parse_rational

__all__ = ["VolumeEstimate", "Confirmation", "free_energy_fit", "volume_scaling", "confirm"]

MAX_DIM_QUADRATURE = 3
MAX_DIM_MONTE_CARLO = 8

# Quadrature defaults: n·K_ref runs over [1e4, 1e12] in factors of 4 (the squaring trick below).
N_REL_RANGE = (1e4, 1e12)
N_STEP = 4.0
QUAD_TOL = {1: 1e-5, 2: 1e-5, 3: 1e-4}   # relative per-cell refinement tolerance of the outer cubature, by d
QUAD_MAX_POINTS = 400_000    # outer nodes; past this the cubature stops refining (details["converged"])
# Monte Carlo defaults: ε/K_ref runs from 1e-2 down to 1e-10, three points per decade; usable are the
# largest ε down to the last one whose effective sample size is at least MIN_ESS; the fit takes the
# MAX_WINDOW smallest usable ones.
EPS_REL_RANGE = (1e-2, 1e-10)
EPS_PER_DECADE = 3
MIN_ESS = 1000.0
MAX_WINDOW = 16          # at most 16 ε values (5⅓ decades), the smallest usable ones
PILOT_FRACTION = 0.25    # a pilot run of samples/4 learns which coordinate subsets are small together
LEARNED_WEIGHT = 0.4     # weight of the learned component in the main run's mixture
JACKKNIFE_BLOCKS = 20
PROPOSAL_WEIGHTS = (0.3, 0.3, 0.15, 0.25)   # log-uniform coordinates, subset small, all small, uniform


# ----------------------------------------------------------------------------------------------
# results

@dataclass(frozen=True)
class VolumeEstimate:
    """A numeric estimate of λ (and possibly m) with its standard error; never a definition of λ.

    ``method`` is "quadrature" (free energy) or "monte-carlo" (volume scaling); ``m_fit`` is the fitted
    coefficient of the log-log term plus one when m was fitted, else None; ``details`` holds the grid,
    the values, the fit, its residuals and everything needed to reproduce the run.

    Examples
    --------
    >>> e = VolumeEstimate("quadrature", 0.5, 0.001, None, {"box": 1.0})
    >>> e.to_dict()["lam"]
    0.5
    """
    method: str
    lam: float
    lam_stderr: float
    m_fit: float | None
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A JSON-serialisable dict (numpy arrays and scalars become lists and floats)."""
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class Confirmation:
    """Outcome of :func:`confirm`: whether the estimate is consistent with the claimed (λ, m).

    Examples
    --------
    >>> c = Confirmation(True, "1/2", 1, VolumeEstimate("quadrature", 0.5, 0.0, None, {}), 0.1, "ok")
    >>> c.to_dict()["claimed_lam"], c.to_dict()["estimate"]["method"]
    ('1/2', 'quadrature')
    """
    passed: bool
    claimed_lam: str
    claimed_m: int
    estimate: VolumeEstimate
    tolerance: float
    reason: str

    def to_dict(self) -> dict:
        """A JSON-serialisable dict; the estimate is nested as its own ``to_dict()``."""
        return {"passed": bool(self.passed), "claimed_lam": self.claimed_lam, "claimed_m": int(self.claimed_m),
                "tolerance": float(self.tolerance), "reason": self.reason, "estimate": self.estimate.to_dict()}


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        v = float(x)
        return v if math.isfinite(v) else None
    if isinstance(x, Fraction):
        return fraction_str(x)
    return x


# ----------------------------------------------------------------------------------------------
# fast float evaluation of the polynomial

class _Poly:
    """A sparse polynomial with float coefficients, evaluated on arrays of points (..., d)."""

    def __init__(self, terms: dict, d: int):
        self.d = d
        self.E = np.array([list(e) for e in terms], dtype=np.int64).reshape(len(terms), d)
        self.c = np.array([float(v) for v in terms.values()], dtype=float)
        self.maxdeg = self.E.max(axis=0) if len(terms) else np.zeros(d, dtype=np.int64)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        shape = X.shape[:-1]
        if not len(self.c):
            return np.zeros(shape)
        powers = []
        for i in range(self.d):
            col = [np.ones(shape)]
            for _ in range(int(self.maxdeg[i])):
                col.append(col[-1] * X[..., i])
            powers.append(col)
        out = np.zeros(shape)
        for e, c in zip(self.E, self.c):
            t = None
            for i in range(self.d):
                if e[i]:
                    t = powers[i][e[i]] if t is None else t * powers[i][e[i]]
            out += c if t is None else c * t
        return out


class _Univariate:
    """A polynomial as Σ_k a_k(w_other) y^k in the variable with index j."""

    def __init__(self, terms: dict, d: int, j: int):
        self.j = j
        self.deg = max(e[j] for e in terms)
        others = [i for i in range(d) if i != j]
        self.coef = []
        for k in range(self.deg + 1):
            sub = {tuple(e[i] for i in others): v for e, v in terms.items() if e[j] == k}
            self.coef.append(_Poly(sub, d - 1) if sub else None)

    def coeffs(self, Xo: np.ndarray) -> np.ndarray:
        A = np.zeros((Xo.shape[0], self.deg + 1))
        for k, p in enumerate(self.coef):
            if p is not None:
                A[:, k] = p(Xo)
        return A


class _Model:
    """K (expanded, and as Σ g_i² when generators are known) and the prior, ready for numpy."""

    def __init__(self, P):
        self.P = P
        self.d = len(P.variables)
        self.h = np.array(P.prior, dtype=np.int64)
        self.terms = {e: float(c) for e, c in P.K.terms.items()}
        self.gens = None
        if P.generators is not None:
            self.gens = [{e: float(c) for e, c in g.terms.items()} for g in P.generators if g.terms]
        self.degs = [max(e[i] for e in self.terms) for i in range(self.d)]
        self.K = _Poly(self.terms, self.d)
        self._G = [_Poly(g, self.d) for g in self.gens] if self.gens else None

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """K at points X (..., d); as Σ g_i² when generators are known (no cancellation, >= 0)."""
        if self._G is not None:
            out = np.zeros(X.shape[:-1])
            for g in self._G:
                v = g(X)
                out += v * v
            return out
        return np.maximum(self.K(X), 0.0)

    def univariate(self, j: int):
        uK = _Univariate(self.terms, self.d, j)
        uG = [_Univariate(g, self.d, j) for g in self.gens] if self.gens else None
        return uK, uG


def _problem(K, at, prior, variables, max_dim: int, what: str):
    P = to_problem(K, at=at, prior=prior, variables=variables)
    d = len(P.variables)
    if d > max_dim:
        raise InputError(f"{what} handles at most {max_dim} variables, K has {d}")
    return P


def _kref_grid(model: _Model, box: float) -> float:
    """Mean of K over a midpoint grid of the box (deterministic; the scale for the n- and ε-ranges)."""
    d = model.d
    k = max(2, int(round(4096 ** (1.0 / d))))
    x = (np.arange(k) + 0.5) / k * 2 * box - box
    X = np.stack(np.meshgrid(*([x] * d), indexing="ij"), axis=-1).reshape(-1, d)
    kref = float(np.mean(model(X)))
    if not kref > 0:
        raise InputError("K vanishes on the whole box (λ is undefined there)")
    return kref


# ----------------------------------------------------------------------------------------------
# univariate helpers

def _horner(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Σ_k A[:, k] Y^k for A (N, D+1) and Y (N, M)."""
    out = np.broadcast_to(A[:, -1:], Y.shape).copy()
    for k in range(A.shape[1] - 2, -1, -1):
        out *= Y
        out += A[:, k:k + 1]
    return out


def _root_candidates(B: np.ndarray, box: float) -> np.ndarray:
    """Real parts of the complex roots of Σ_k B[:, k] y^k that lie in (−box, box), NaN padded.

    Roots with a small imaginary part are kept too: they mark near-critical spots and an extra
    breakpoint never hurts. Vanishing leading coefficients lower the degree row by row.
    """
    N, D1 = B.shape
    out = np.full((N, max(D1 - 1, 1)), np.nan)
    if D1 <= 1:
        return out
    scale = np.max(np.abs(B), axis=1)
    scale[scale == 0] = 1.0
    Bn = B / scale[:, None]
    nz = np.abs(Bn) > 1e-12
    deg = np.where(nz.any(axis=1), D1 - 1 - np.argmax(nz[:, ::-1], axis=1), 0)
    for k in np.unique(deg):
        if k < 1:
            continue
        idx = np.nonzero(deg == k)[0]
        c = Bn[idx, :k + 1]
        if k == 1:
            ev = (-c[:, 0] / c[:, 1])[:, None].astype(complex)
        else:
            M = np.zeros((len(idx), k, k))
            M[:, 0, :] = -c[:, k - 1::-1] / c[:, k:k + 1]
            M[:, np.arange(1, k), np.arange(k - 1)] = 1.0
            ev = np.linalg.eigvals(M)
        keep = np.abs(ev.imag) <= 0.25 * box
        r = np.where(keep, ev.real, np.nan)
        r = np.where(np.abs(r) < box, r, np.nan)
        out[idx, :k] = r
    return out


def _gauss_legendre(p: int):
    x, w = np.polynomial.legendre.leggauss(p)
    return (x + 1) / 2, w / 2


# ----------------------------------------------------------------------------------------------
# quadrature of Z(n)

class _Quadrature:
    """Z(n) = ∫_{[-box,box]^d} e^{−nK} φ for many n at once.

    Innermost variable y (the one of highest degree): for each outer point, the real critical points of
    K(·, y) split [−box, box] into pieces on which K is monotone; on each piece y = anchor + (other −
    anchor)·e^{−u}, graded towards the end where K is smaller, and a composite Gauss–Legendre rule in u
    resolves peaks of any width down to e^{−U} of the piece. Outer variables (d − 1 <= 2): per sign
    orthant, w_i = ±box·e^{−s_i}, s_i ∈ [0, S_i], by adaptive tensor Gauss–Legendre cubature (cells are
    split in 2^(d−1) while the children's sum differs from the parent by more than tol·Z(n) for some n).
    Successive n on the default grid differ by a factor 4, so e^{−4nK} = ((e^{−nK})²)² is two products,
    not an exp (re-anchored with an exp after 24 squarings: the relative rounding grows like 2^k·1e-16).
    """

    def __init__(self, model: _Model, box: float, ns: np.ndarray, tol: float | None = None,
                 max_points: int = QUAD_MAX_POINTS, p_outer: int = 4, inner: int | None = None):
        self.model, self.box, self.ns = model, float(box), np.asarray(ns, dtype=float)
        d = model.d
        degs = model.degs
        self.j = d - 1 - int(np.argmax(degs[::-1])) if inner is None else inner
        self.outer = [i for i in range(d) if i != self.j]
        self.uK, self.uG = model.univariate(self.j)
        self.h = model.h
        D = max(1, degs[self.j])
        coef_scale = sum(abs(c) * self.box ** sum(e) for e, c in model.terms.items()) * D * D
        # inner rule in u (y − anchor = span·e^{−u}), 4 Gauss–Legendre nodes per panel on [0, U]; the
        # rest [U, ∞) is one node at u = U with the weight e^{−U} (the integrand is flat there). A
        # minimum of order k makes a transition of width ~1/k in u, at depth u ~ log(n·c)/k: so panels
        # have width 2/D near u = 0, growing as 2u/log(n_max·c) to 1 (order k can only matter where
        # u <= log(n_max·c)/k).
        lognc = math.log(max(self.ns[-1] * coef_scale, math.e))
        U = max(16.0, 0.5 * lognc + 6.0)
        x, w = _gauss_legendre(4)
        lo_edges = [0.0]
        while lo_edges[-1] < U:
            u = lo_edges[-1]
            lo_edges.append(u + max(min(1.0, 2.0 / D), min(1.0, 2.0 * u / lognc)))
        e = np.array(lo_edges)
        U = e[-1]
        widths = np.diff(e)
        uq = np.concatenate([(e[:-1, None] + widths[:, None] * x).ravel(), [U]])
        self.eu = np.exp(-uq)
        self.wu = np.concatenate([(widths[:, None] * w).ravel(), [1.0]]) * self.eu
        # successive n in a ratio 2^k (k <= 4) reuse e^{−nK} by k squarings
        ratio = self.ns[1:] / self.ns[:-1]
        k = np.round(np.log2(ratio)).astype(int)
        ok = np.isclose(ratio, 2.0 ** k, rtol=1e-12) & (k >= 1) & (k <= 4)
        self.squarings = np.concatenate([[0], np.where(ok, k, 0)])
        # depth of the outer log coordinates: the slab |w_i| < box·e^{−S_i} must be negligible
        hsum = float(np.sum(self.h + 1))
        kmax = float(self.ns[-1]) * coef_scale / (D * D)
        self.S = [(hsum / 2 * math.log(max(kmax, math.e)) + 15.0) / (self.h[i] + 1) for i in self.outer]
        # features in s_i sit where n·K changes by O(1), i.e. s_i <= ½ log(kmax) + O(1); beyond that the
        # integrand is ≈ e^{−(h_i+1)s_i}·const and the initial cells grow geometrically
        self.S_feature = 0.5 * math.log(max(kmax, math.e)) + 8.0
        self.tol = QUAD_TOL[d] if tol is None else tol
        self.max_points, self.p = max_points, p_outer
        self.npoints = 0
        self.rounds = 0
        self.converged = True

    def line(self, Xo: np.ndarray) -> np.ndarray:
        """∫_{−box}^{box} e^{−nK(Xo, y)} |y|^{h_j} dy for each outer point (rows) and n (columns)."""
        N = Xo.shape[0]
        out = np.empty((N, len(self.ns)))
        per_point = len(self.eu) * (self.uK.deg + 2)
        step = max(1, 3_000_000 // per_point)
        for s in range(0, N, step):
            out[s:s + step] = self._line(Xo[s:s + step])
        return out

    def _line(self, Xo: np.ndarray) -> np.ndarray:
        N = Xo.shape[0]
        box = self.box
        A = self.uK.coeffs(Xo)
        D = A.shape[1] - 1
        roots = _root_candidates(A[:, 1:] * np.arange(1, D + 1), box) if D >= 2 else np.full((N, 1), np.nan)
        bp = np.concatenate([np.tile([-box, 0.0, box], (N, 1)), roots], axis=1)
        bp = np.where(np.isnan(bp), box, bp)
        bp.sort(axis=1)
        a, b = bp[:, :-1], bp[:, 1:]
        row, col = np.nonzero(b - a > 0)          # the non-empty pieces, flattened
        a, b = a[row, col], b[row, col]
        coefs = [A] if self.uG is None else [g.coeffs(Xo) for g in self.uG]

        def Kf(Y, rows):
            if self.uG is None:
                return np.maximum(_horner(A[rows], Y), 0.0)
            s = np.zeros_like(Y)
            for Ag in coefs:
                v = _horner(Ag[rows], Y)
                s += v * v
            return s
        ends = Kf(np.stack([a, b], axis=1), row)
        live = np.minimum(ends[:, 0], ends[:, 1]) * self.ns[0] < 700.0   # else e^{−nK} = 0 for every n
        row, a, b, ends = row[live], a[live], b[live], ends[live]
        left = ends[:, 0] <= ends[:, 1]
        anchor = np.where(left, a, b)
        span = np.where(left, b, a) - anchor
        Y = anchor[:, None] + span[:, None] * self.eu
        W = np.abs(span)[:, None] * self.wu
        hj = int(self.h[self.j])
        if hj:
            W = W * np.abs(Y) ** hj
        K = Kf(Y, row)
        out = np.empty((N, len(self.ns)))
        E, since_exp = None, 0
        for i, n in enumerate(self.ns):
            k = self.squarings[i]
            if E is not None and k and since_exp + k <= 24:    # rounding grows like 2^(squarings)
                for _ in range(k):
                    E *= E
                since_exp += k
            else:
                E, since_exp = np.exp(-n * K), 0
            out[:, i] = np.bincount(row, weights=np.einsum("ij,ij->i", E, W), minlength=N)
        return out

    def _cells(self, lo: np.ndarray, wid: np.ndarray, sig: np.ndarray) -> np.ndarray:
        k = lo.shape[1]
        x, w = _gauss_legendre(self.p)
        T = np.stack(np.meshgrid(*([x] * k), indexing="ij"), axis=-1).reshape(-1, k)
        Wt = np.prod(np.stack(np.meshgrid(*([w] * k), indexing="ij"), axis=-1).reshape(-1, k), axis=1)
        S = lo[:, None, :] + wid[:, None, :] * T[None]
        hh = self.h[self.outer]
        Xo = sig * self.box * np.exp(-S)
        jac = np.prod(self.box ** (hh + 1) * np.exp(-(hh + 1) * S) * wid[:, None, :], axis=2) * Wt
        vals = self.line(Xo.reshape(-1, k)).reshape(S.shape[0], S.shape[1], -1)
        self.npoints += S.shape[0] * S.shape[1]
        return np.einsum("cq,cqn->cn", jac, vals)

    def _edges(self, S: float) -> np.ndarray:
        """Initial cell edges on [0, S]: [0, 1/16, 1/4, 1] (the box face, where a zero set leaving the box
        makes a layer of width ~n^{−1/2}), width ~4 up to S_feature, then doubling widths."""
        top = min(S, self.S_feature)
        edges = [0.0, 1 / 16, 0.25] + list(np.linspace(1.0, top, max(2, int(math.ceil((top - 1) / 4))) + 1))
        width = 4.0
        while edges[-1] < S:
            width *= 2
            edges.append(min(S, edges[-1] + width))
        return np.array(edges)

    def run(self) -> np.ndarray:
        k = len(self.outer)
        if k == 0:
            self.npoints = 1
            return self.line(np.zeros((1, 0)))[0]
        sigs = [np.array(s, dtype=float) for s in product([1.0, -1.0], repeat=k)]
        edges = [self._edges(Si) for Si in self.S]
        lo = np.stack([a.ravel() for a in np.meshgrid(*[e[:-1] for e in edges], indexing="ij")], axis=1)
        wid = np.stack([a.ravel() for a in np.meshgrid(*[np.diff(e) for e in edges], indexing="ij")], axis=1)
        state, total = [], np.zeros(len(self.ns))
        for sg in sigs:
            v = self._cells(lo, wid, sg)
            total += v.sum(axis=0)
            state.append((sg, lo, wid, v))
        if not np.all(total > 0):
            raise InputError("the integral of e^{-nK} underflowed on the box; use a smaller n range")
        zref = total
        final = np.zeros(len(self.ns))
        offsets = np.array(list(product([0.0, 0.5], repeat=k)))
        while state:
            self.rounds += 1
            new = []
            for sg, lo, wid, v in state:
                C = lo.shape[0]
                clo = (lo[:, None, :] + offsets[None] * wid[:, None, :]).reshape(-1, k)
                cwid = np.repeat(wid / 2, len(offsets), axis=0)
                cv = self._cells(clo, cwid, sg)
                csum = cv.reshape(C, len(offsets), -1).sum(axis=1)
                ok = np.max(np.abs(csum - v) / zref, axis=1) <= self.tol
                final += csum[ok].sum(axis=0)
                if not ok.all():
                    bad = np.repeat(~ok, len(offsets))
                    new.append((sg, clo[bad], cwid[bad], cv[bad]))
            state = new
            if state and self.npoints > self.max_points:
                self.converged = False
                for _, _, _, v in state:
                    final += v.sum(axis=0)
                break
        return final


# ----------------------------------------------------------------------------------------------
# fits

def _lsq(X: np.ndarray, y: np.ndarray):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ coef
    dof = max(1, len(y) - X.shape[1])
    cov = (resid @ resid / dof) * np.linalg.pinv(X.T @ X)
    return coef, np.sqrt(np.maximum(np.diag(cov), 0.0)), resid


def _fit(L: np.ndarray, y: np.ndarray, m: int | None):
    """Fit y = λ L − (m−1) log L + c [+ a/L when m >= 2 is fixed]; y = −log Z or log V, L = log n or
    log 1/ε (for log V the sign of λ flips: pass −log V). Returns λ, its stderr, m_fit, residuals, coef."""
    logL = np.log(L)
    if m is None:
        X = np.stack([L, -logL, np.ones_like(L)], axis=1)
        coef, se, resid = _lsq(X, y)
        return coef[0], se[0], coef[1] + 1.0, resid, coef
    target = y + (m - 1) * logL
    cols = [L, np.ones_like(L)] + ([1.0 / L] if m >= 2 else [])
    coef, se, resid = _lsq(np.stack(cols, axis=1), target)
    return coef[0], se[0], None, resid, coef


def _check_m(m):
    if m is None:
        return None
    if isinstance(m, bool) or int(m) != m or int(m) < 1:
        raise InputError(f"m must be a positive integer, got {m!r}")
    return int(m)


# ----------------------------------------------------------------------------------------------
# public: quadrature

def free_energy_fit(K, *, at=None, prior=None, variables=None, box: float = 1.0, ns=None,
                    m: int | None = None) -> VolumeEstimate:
    """Estimate λ from the free energy F(n) = −log ∫_{[-box,box]^d} e^{−nK(w)} φ(w) dw, for d <= 3.

    Z(n) is computed by deterministic quadrature (see ``_Quadrature``: exact critical points of K along
    the innermost variable, logarithmically graded Gauss–Legendre rules towards them and towards the
    coordinate hyperplanes, adaptive cubature over the outer variables), for n·K_ref = 1e4 … 1e12 in
    factors of 4 by default (K_ref = mean of K over the box), or for the given ``ns``. Then least
    squares fits F(n) = λ log n − (m−1) log log n + c, with log n standing for log(n·K_ref):

    - ``m=None``: λ, m and c are fitted (m is poorly determined: log log n hardly varies);
    - ``m`` given (confirmation mode): m − 1 is fixed, λ and c are fitted, and for m >= 2 also the next
      term a/log n of the asymptotic series (without it the estimate is biased by several percent).

    ``lam_stderr`` combines the least-squares standard error with the drift |λ̂ − λ̂_upper|, where
    λ̂_upper is the same fit on the upper half of the n range. It is an error bar on the fit, not a
    bound on |λ̂ − λ|: see the module docstring on finite-n bias. This is an estimate, never a
    definition of λ.

    Examples
    --------
    >>> e = free_energy_fit("x**2 + y**2", m=1)
    >>> round(e.lam, 3), e.method
    (1.0, 'quadrature')
    """
    P = _problem(K, at, prior, variables, MAX_DIM_QUADRATURE, "free_energy_fit (quadrature)")
    return _free_energy(P, box, ns, _check_m(m))


def _free_energy(P, box, ns, m) -> VolumeEstimate:
    box = _check_box(box)
    model = _Model(P)
    kref = _kref_grid(model, box)
    if ns is None:
        lo, hi = N_REL_RANGE
        ns = (lo / kref) * N_STEP ** np.arange(int(round(math.log(hi / lo, N_STEP))) + 1)
    else:
        ns = np.sort(np.asarray(ns, dtype=float))
        if len(ns) < 4 or not np.all(np.isfinite(ns) & (ns > 0)):
            raise InputError("ns needs at least 4 positive values")
    Q = _Quadrature(model, box, ns)
    Z = Q.run()
    if not np.all(Z > 0):
        raise InputError("the integral of e^{-nK} underflowed on the box; use a smaller n range")
    L, F = np.log(ns * kref), -np.log(Z)
    lam, se, m_fit, resid, coef = _fit(L, F, m)
    half = len(L) // 2
    lam_up = _fit(L[half:], F[half:], m)[0] if len(L) - half >= 4 else lam
    stderr = math.hypot(se, lam - lam_up)
    slope = np.diff(F) / np.diff(L) + ((m or 1) - 1) / L[1:]
    details = {
        "variables": list(P.variables), "prior": list(P.prior), "box": box, "K_ref": kref,
        "ns": ns, "free_energy": F, "fit": {"model": _model_text("n", m), "coef": coef, "residuals": resid,
                                             "lam_stderr_lsq": se, "lam_upper_half": lam_up},
        "local_slope_top": float(slope[-1]), "inner_variable": P.variables[Q.j], "outer_nodes": Q.npoints,
        "refinement_rounds": Q.rounds, "converged": Q.converged, "m_fixed": m,
    }
    return VolumeEstimate("quadrature", float(lam), float(stderr), None if m_fit is None else float(m_fit),
                          details)


def _model_text(var: str, m):
    x = "log n" if var == "n" else "log(1/ε)"
    lhs = "F(n)" if var == "n" else "−log V(ε)"
    if m is None:
        return f"{lhs} = λ·{x} − (m−1)·log {x} + c"
    extra = f" + a/{x}" if m >= 2 else ""
    return f"{lhs} = λ·{x} − {m - 1}·log {x} + c{extra}"


def _check_box(box) -> float:
    box = float(box)
    if not (box > 0 and math.isfinite(box)):
        raise InputError(f"box must be a positive number, got {box!r}")
    return box


# ----------------------------------------------------------------------------------------------
# Monte Carlo of V(ε)

def _proposal(rng: np.random.Generator, N: int, k: int, box: float, S: float, alpha=PROPOSAL_WEIGHTS,
              subsets=None):
    """Draw N points in [−box, box]^k from a defensive mixture and return them with their density.

    Components (weights ``alpha``), with log-uniform scales r = box·e^{−t}, t ~ U[0, S]:
      P: each coordinate independently uniform (prob ½) or ±box·e^{−s}, s ~ U[0, S] (log-uniform |w_i|):
         K small when *some* coordinates are small, at unrelated scales (x⁴ + y⁶, a²b² + c²d²);
      C: one scale r; each coordinate independently (prob ½) uniform in [−r, r], else in [−box, box]:
         a subset of coordinates small *together*; its density is an exact integral over t, done in
         closed form (piecewise a polynomial in e^t);
      R: one scale r, every coordinate uniform in [−r, r] (all small together: regular points);
      U: uniform in the box, so that the weight φ/q stays bounded by (2box)^k·max φ / alpha_U.
    ``subsets`` = (masks (s, k) bool, probabilities (s,)) adds a component L of weight LEARNED_WEIGHT
    (the others are scaled down): a subset A drawn with its probability is small at one scale r, the
    rest uniform; density Σ_A P(A)·(1/S)(2box)^{−k}(e^{|A|τ_A} − 1)/|A|, τ_A = min_{i∈A} log(box/|w_i|).
    """
    if k == 0:
        return np.zeros((N, 0)), np.ones(N)
    if subsets is not None:
        n_learned = rng.binomial(N, LEARNED_WEIGHT)
        W0, q0 = _proposal(rng, N - n_learned, k, box, S, alpha)
        masks, probs = subsets
        pick = rng.choice(len(probs), size=n_learned, p=probs)
        r = box * np.exp(-S * rng.random(n_learned))
        unit = rng.uniform(-1.0, 1.0, size=(n_learned, k))
        W1 = unit * np.where(masks[pick], r[:, None], box)
        W = np.concatenate([W0, W1])
        order = rng.permutation(N)                 # blocks of the jackknife see both kinds
        W = W[order]
        q_base = np.concatenate([q0, _proposal_density(W1, box, S, alpha)])[order]
        tau = np.clip(np.log(box / np.maximum(np.abs(W), 1e-300)), 0.0, S)
        qL = np.zeros(N)
        for mask, p in zip(masks, probs):
            j = int(mask.sum())
            if j == 0:
                qL += p / (2 * box) ** k
            else:
                qL += p * np.expm1(j * tau[:, mask].min(axis=1)) / j / S / (2 * box) ** k
        return W, (1 - LEARNED_WEIGHT) * q_base + LEARNED_WEIGHT * qL
    cu = rng.random(N)
    cum = np.cumsum(alpha)
    comp = np.searchsorted(cum, cu, side="right")            # 0 = P, 1 = C, 2 = R, 3 = U
    sign = np.where(rng.random((N, k)) < 0.5, -1.0, 1.0)
    uniform_coord = rng.random((N, k)) < 0.5
    mag = np.where(uniform_coord, box * rng.random((N, k)), box * np.exp(-S * rng.random((N, k))))
    r = box * np.exp(-S * rng.random(N))
    small = rng.random((N, k)) < 0.5
    unit = rng.uniform(-1.0, 1.0, size=(N, k))
    W = np.select([comp[:, None] == 0, comp[:, None] == 1, comp[:, None] == 2],
                  [sign * mag, unit * np.where(small, r[:, None], box), unit * r[:, None]],
                  unit * box)
    return W, _proposal_density(W, box, S, alpha)


def _proposal_density(W: np.ndarray, box: float, S: float, alpha=PROPOSAL_WEIGHTS) -> np.ndarray:
    """The density of the components P, C, R, U of :func:`_proposal` at the points W."""
    N, k = W.shape
    a = np.abs(W)
    lo = box * math.exp(-S)
    tiny = np.maximum(a, 1e-300)
    qP = np.prod(0.5 / (2 * box) + 0.5 * (a >= lo) / (2 * S * tiny), axis=1)
    # q_C = (1/S)(4box)^{-k} ∫_0^S Π_i (1 + e^t·[t < τ_i]) dt, τ_i = log(box/|w_i|): piecewise (1+e^t)^j
    tau = np.clip(np.log(box / tiny), 0.0, S)
    tau.sort(axis=1)
    edges = np.concatenate([np.zeros((N, 1)), tau, np.full((N, 1), S)], axis=1)
    tot = np.zeros(N)
    for i in range(k + 1):
        j = k - i
        A_, B_ = edges[:, i], edges[:, i + 1]
        g = B_ - A_
        for l in range(1, j + 1):
            g = g + math.comb(j, l) * (np.exp(l * B_) - np.exp(l * A_)) / l
        tot += g
    qC = tot / S / (4 * box) ** k
    # q_R = (1/S)(2box)^{-k} ∫_0^{τ_min} e^{kt} dt
    qR = np.expm1(k * tau[:, 0]) / k / S / (2 * box) ** k
    return alpha[0] * qP + alpha[1] * qC + alpha[2] * qR + alpha[3] / (2 * box) ** k


def _learn_subsets(W: np.ndarray, contrib: np.ndarray, eps: np.ndarray, kref: float, box: float):
    """From a pilot run: which coordinates are small together where K < ε*, weighted by the target.

    ε* is the smallest ε whose pilot effective sample size is >= 200; a coordinate counts as small when
    |w_i| < box·(ε*/K_ref)^{1/4}. Returns ((masks, probabilities), a JSON summary) for the subsets
    carrying 99% of the mass (at most 16), or (None, None) when the pilot saw too little.
    """
    s1, s2 = contrib.sum(axis=0), (contrib ** 2).sum(axis=0)
    ess = np.where(s2 > 0, s1 ** 2 / np.where(s2 > 0, s2, 1.0), 0.0)
    ok = np.nonzero(ess >= 200)[0]
    if not len(ok):
        return None, None
    i = ok[-1]
    hit = contrib[:, i] > 0
    theta = box * (eps[i] / kref) ** 0.25
    small = np.abs(W[hit]) < theta
    keys, inverse = np.unique(small, axis=0, return_inverse=True)
    mass = np.bincount(inverse.ravel(), weights=contrib[hit, i], minlength=len(keys))
    order = np.argsort(mass)[::-1]
    cum = np.cumsum(mass[order]) / mass.sum()
    keep = order[:min(16, int(np.searchsorted(cum, 0.99)) + 1)]
    probs = mass[keep] / mass[keep].sum()
    summary = {"eps_rel": float(eps[i] / kref), "threshold": float(theta),
               "subsets": [[int(x) for x in np.nonzero(keys[c])[0]] for c in keep], "probabilities": probs}
    return (keys[keep], probs), summary


def _antiderivative(y: np.ndarray, h: int) -> np.ndarray:
    return np.sign(y) * np.abs(y) ** (h + 1) / (h + 1)


def _line_measure(A: np.ndarray, eps: np.ndarray, box: float, h: int) -> np.ndarray:
    """∫_{|y|<box, K(y)<ε} |y|^h dy for K(y) = Σ_k A[:, k] y^k, each row and each ε, exactly.

    Degree <= 2: closed-form roots. Higher degree: companion-matrix roots of K − ε (used for d = 1).
    """
    N, D1 = A.shape
    out = np.zeros((N, len(eps)))
    full = 2 * box ** (h + 1) / (h + 1)
    if D1 <= 3:
        a2 = A[:, 2] if D1 == 3 else np.zeros(N)
        a1 = A[:, 1] if D1 >= 2 else np.zeros(N)
        a0 = A[:, 0]
        flat = a2 <= 1e-300 * (1 + np.abs(a1))
        for i, e in enumerate(eps):
            c = a0 - e
            disc = a1 * a1 - 4 * a2 * c
            ok = (~flat) & (disc > 0)
            sq = np.sqrt(np.where(ok, disc, 0.0))
            qq = -0.5 * (a1 + np.copysign(sq, a1))
            with np.errstate(divide="ignore", invalid="ignore"):
                r1 = np.where(ok, qq / np.where(ok, a2, 1.0), 0.0)
                r2 = np.where(ok & (qq != 0), c / np.where(qq != 0, qq, 1.0), r1)
            lo_ = np.clip(np.minimum(r1, r2), -box, box)
            hi_ = np.clip(np.maximum(r1, r2), -box, box)
            val = np.where(ok, _antiderivative(hi_, h) - _antiderivative(lo_, h), 0.0)
            out[:, i] = np.where(flat & (c < 0), full, val)
        return out
    for i, e in enumerate(eps):
        B = A.copy()
        B[:, 0] -= e
        R = _root_candidates(B, box)
        bp = np.concatenate([np.tile([-box, 0.0, box], (N, 1)), R], axis=1)
        bp = np.where(np.isnan(bp), box, bp)
        bp.sort(axis=1)
        inside = _horner(A, 0.5 * (bp[:, :-1] + bp[:, 1:])) < e
        out[:, i] = np.sum(np.where(inside, _antiderivative(bp[:, 1:], h) - _antiderivative(bp[:, :-1], h), 0.0),
                           axis=1)
    return out


def volume_scaling(K, *, at=None, prior=None, variables=None, box: float = 1.0, samples: int = 200_000,
                   seed: int = 0, eps=None, m: int | None = None) -> VolumeEstimate:
    """Estimate λ from the volume V(ε) = ∫_{K<ε} φ(w) dw over [−box, box]^d by Monte Carlo, d <= 8.

    Sampling (a ``numpy.random.Generator(PCG64(seed))``, nothing global):

    - *Line sampling* when some variable y enters K with degree <= 2 (multilinear models, Σ f_i² of
      multilinear f_i): the other coordinates are drawn from the importance mixture of ``_proposal``
      (log-uniform coordinates, a random subset small at a common log-uniform scale, uniform), and the
      prior-weighted length of {y : K < ε} on that line is computed exactly from the roots of K − ε.
      Each line is thus an exact conditional expectation (no hit-or-miss in y): thin shells around
      zero sets crossing the line cost nothing extra.
    - *Point sampling* otherwise: all d coordinates are drawn from the same mixture and
      V(ε) = mean(φ/q · 1{K<ε}). For d = 1 the line is measured exactly (no randomness).

    ε runs geometrically over ε/K_ref = 1e-2 … 1e-10, three points per decade (or the given ``eps``);
    the usable ε run from the top down to the last one with effective sample size >= 1000 (>= 100 when
    that leaves fewer than 6 values: zero sets with bulk components of codimension >= 2 far from the
    coordinate subspaces are hit at a rate ~ε, and their window stays short); the fit takes the 16
    smallest usable ε (the asymptotic end; all of them when fewer), and fits
    −log V = λ ℓ − (m−1) log ℓ + c with ℓ = log(K_ref/ε) (with m fixed: λ and c, plus a/ℓ for
    m >= 2; with ``m=None`` also m). ``lam_stderr`` is a jackknife over 20 blocks of samples: statistical only.
    Finite-ε bias (module docstring) is not in it. This is an estimate, never a definition of λ.

    Examples
    --------
    >>> e = volume_scaling("a**2*b**2 + c**2", samples=20_000, m=2)
    >>> abs(e.lam - 1.0) < 0.1, e.method
    (True, 'monte-carlo')
    """
    P = _problem(K, at, prior, variables, MAX_DIM_MONTE_CARLO, "volume_scaling (Monte Carlo)")
    return _volume(P, box, samples, seed, eps, _check_m(m))


def _volume(P, box, samples, seed, eps, m) -> VolumeEstimate:
    box = _check_box(box)
    samples = int(samples)
    if samples < 10 * JACKKNIFE_BLOCKS:
        raise InputError(f"samples must be at least {10 * JACKKNIFE_BLOCKS}, got {samples}")
    model = _Model(P)
    d = model.d
    rng = np.random.Generator(np.random.PCG64(seed))
    kref = _kref_grid(model, box) if d <= 3 else float(np.mean(model(rng.uniform(-box, box, size=(8192, d)))))
    if not kref > 0:
        raise InputError("K vanishes on the whole box (λ is undefined there)")
    if eps is None:
        hi, lo = EPS_REL_RANGE
        count = int(round(math.log10(hi / lo) * EPS_PER_DECADE)) + 1
        eps = kref * np.geomspace(hi, lo, count)
        auto = True
    else:
        eps = np.sort(np.asarray(eps, dtype=float))[::-1]
        if len(eps) < 4 or not np.all(eps > 0):
            raise InputError("eps needs at least 4 positive values")
        auto = False
    S = 0.5 * math.log(max(kref / eps[-1], math.e)) + 3.0
    degs = model.degs
    quad_vars = [i for i in range(d) if degs[i] <= 2]
    if d == 1:
        sampler = "exact line"
        j = 0
    elif quad_vars:
        sampler = "line"
        j = max(quad_vars, key=lambda i: (sum(1 for e in model.terms if e[i]), i))
    else:
        sampler = "points"
        j = None
    if sampler == "points":
        k = d

        def contributions(W, q):
            wt = np.prod(np.abs(W) ** model.h, axis=1) / q
            return (model(W)[:, None] < eps[None, :]) * wt[:, None]
    else:
        outer = [i for i in range(d) if i != j]
        k = d - 1
        uK, _ = model.univariate(j)

        def contributions(W, q):
            wt = np.prod(np.abs(W) ** model.h[outer], axis=1) / q
            A = np.empty((W.shape[0], uK.deg + 1))
            for s in range(0, W.shape[0], 200_000):
                A[s:s + 200_000] = uK.coeffs(W[s:s + 200_000])
            return _line_measure(A, eps, box, int(model.h[j])) * wt[:, None]
    subsets, learned = None, None
    if k >= 2:
        W, q = _proposal(rng, max(JACKKNIFE_BLOCKS, int(samples * PILOT_FRACTION)), k, box, S)
        subsets, learned = _learn_subsets(W, contributions(W, q), eps, kref, box)
    W, q = _proposal(rng, 1 if d == 1 else samples, k, box, S, subsets=subsets)
    contrib = contributions(W, q)
    n_rows = contrib.shape[0]
    V = contrib.mean(axis=0)
    s1, s2 = contrib.sum(axis=0), (contrib ** 2).sum(axis=0)
    ess = np.where(s2 > 0, s1 ** 2 / np.where(s2 > 0, s2, 1.0), 0.0)
    if n_rows == 1:
        ess = np.where(V > 0, np.inf, 0.0)
    # the fit window: from the largest ε down to the last one whose effective sample size is at least
    # MIN_ESS (or MIN_ESS/10 when that leaves fewer than 6 values; recorded in details["min_ess"])
    for min_ess in ((MIN_ESS, MIN_ESS / 10) if auto else (1e-300,)):
        good = (V > 0) & (ess >= min_ess)
        use = np.cumprod(good).astype(bool) if auto else good
        if use.sum() >= 6:
            break
    if use.sum() < 4:
        raise InputError(f"too few samples below ε: {int(use.sum())} usable ε values (need 4); "
                         f"raise samples or give larger eps")
    if auto and use.sum() > MAX_WINDOW:       # keep the asymptotic end: the smallest usable ε
        use[np.nonzero(use)[0][:-MAX_WINDOW]] = False
    L = np.log(kref / eps[use])
    y = -np.log(V[use])
    lam, se_lsq, m_fit, resid, coef = _fit(L, y, m)
    # jackknife over blocks of samples (rows)
    if n_rows >= JACKKNIFE_BLOCKS:
        blocks = np.arange(n_rows) % JACKKNIFE_BLOCKS
        sums = np.stack([contrib[blocks == b].sum(axis=0) for b in range(JACKKNIFE_BLOCKS)])
        counts = np.bincount(blocks, minlength=JACKKNIFE_BLOCKS)
        tot, lams = sums.sum(axis=0), []
        for b in range(JACKKNIFE_BLOCKS):
            Vb = (tot - sums[b])[use] / (n_rows - counts[b])
            lams.append(_fit(L, -np.log(np.maximum(Vb, 1e-300)), m)[0] if np.all(Vb > 0) else np.nan)
        lams = np.array(lams)
        B = JACKKNIFE_BLOCKS
        stderr = float(np.sqrt((B - 1) / B * np.nansum((lams - np.nanmean(lams)) ** 2))) \
            if np.isfinite(lams).sum() >= B // 2 else float("inf")
    else:
        stderr = float(se_lsq)
    half = len(L) // 2
    lam_low = _fit(L[half:], y[half:], m)[0] if len(L) - half >= 4 else lam
    details = {
        "variables": list(P.variables), "prior": list(P.prior), "box": box, "K_ref": kref, "seed": seed,
        "samples": samples, "sampler": sampler, "line_variable": None if j is None else P.variables[j],
        "proposal": {"weights": list(PROPOSAL_WEIGHTS), "log_depth": S, "learned_subsets": learned},
        "eps": eps, "volume": V, "ess": ess, "used": use, "min_ess": min_ess if auto else None,
        "fit": {"model": _model_text("eps", m), "coef": coef, "residuals": resid, "lam_stderr_lsq": se_lsq,
                "lam_lower_half": lam_low},
        "m_fixed": m,
    }
    return VolumeEstimate("monte-carlo", float(lam), stderr, None if m_fit is None else float(m_fit), details)


# ----------------------------------------------------------------------------------------------
# public: confirmation

def confirm(K, lam, m, *, at=None, prior=None, variables=None, tolerance: float = 0.1, method: str = "auto",
            seed: int = 0, box: float = 1.0, samples: int = 200_000) -> Confirmation:
    """Check a claimed (λ, m) numerically: estimate λ with m fixed to the claim and compare.

    ``method``: "quadrature" (:func:`free_energy_fit`, d <= 3), "monte-carlo" (:func:`volume_scaling`,
    d <= 8) or "auto" (quadrature for d <= 3, Monte Carlo for d <= 8, else InputError), with their
    default n- and ε-ranges, ``box``, ``samples`` (Monte Carlo) and ``seed``. The box is centred at the
    point ``at``: for a *local* (λ, m) it must exclude more singular points of {K = 0} (e.g. the
    origin of (w₁−1)²(Σw_i²)⁴ when confirming λ = 1/2 on the line w₁ = 1: use box=0.5).

    Rule: with se the estimate's standard error, ``passed`` iff |λ̂ − λ| <= max(tolerance·λ, 3·se) and
    se <= tolerance·λ. The second condition keeps an estimate too noisy to tell λ from (1 ± tolerance)λ
    from confirming anything. m enters only through the fixed log-log term (and the a/log n term for
    m >= 2); a wrong m shifts λ̂ by a few percent at most, so this is a check of λ, not of m. A pass is
    numeric evidence, not a proof; a failure with a correct claim can come from finite-n/ε bias (see
    the module docstring), a box containing a more singular point, or too few samples.

    Examples
    --------
    >>> c = confirm("x**2 + y**2", 1, 1)
    >>> c.passed, c.estimate.method
    (True, 'quadrature')
    """
    if isinstance(lam, float):
        claimed = Fraction(lam).limit_denominator(10**6)
    else:
        claimed = parse_rational(lam, "claimed λ")
    if claimed <= 0:
        raise InputError(f"claimed λ must be positive, got {fraction_str(claimed)}")
    m = _check_m(m)
    if m is None:
        raise InputError("confirm needs the claimed m (a positive integer)")
    tolerance = float(tolerance)
    if not tolerance > 0:
        raise InputError(f"tolerance must be positive, got {tolerance!r}")
    P = to_problem(K, at=at, prior=prior, variables=variables)
    d = len(P.variables)
    if method == "auto":
        if d <= MAX_DIM_QUADRATURE:
            method = "quadrature"
        elif d <= MAX_DIM_MONTE_CARLO:
            method = "monte-carlo"
        else:
            raise InputError(f"numeric confirmation handles at most {MAX_DIM_MONTE_CARLO} variables, K has {d}")
    if method == "quadrature":
        if d > MAX_DIM_QUADRATURE:
            raise InputError(f"quadrature handles at most {MAX_DIM_QUADRATURE} variables, K has {d}")
        est = _free_energy(P, box, None, m)
    elif method == "monte-carlo":
        if d > MAX_DIM_MONTE_CARLO:
            raise InputError(f"Monte Carlo handles at most {MAX_DIM_MONTE_CARLO} variables, K has {d}")
        est = _volume(P, box, samples, seed, None, m)
    else:
        raise InputError(f"unknown method {method!r} (auto, quadrature, monte-carlo)")
    passed, reason = _decide(est, claimed, m, tolerance)
    return Confirmation(bool(passed), fraction_str(claimed), m, est, tolerance, reason)


def _decide(est: VolumeEstimate, claimed: Fraction, m: int, tolerance: float) -> tuple[bool, str]:
    """The confirmation rule of :func:`confirm` (see there)."""
    target = float(claimed)
    diff = abs(est.lam - target)
    allowed = max(tolerance * target, 3 * est.lam_stderr)
    if not (est.lam_stderr <= tolerance * target):
        return False, (f"inconclusive: standard error {est.lam_stderr:.3g} exceeds tolerance·λ = "
                       f"{tolerance * target:.3g}")
    passed = bool(diff <= allowed)
    return passed, (f"λ̂ = {est.lam:.4f} ± {est.lam_stderr:.4f} ({est.method}, m fixed to {m}) vs claimed "
                    f"{fraction_str(claimed)} = {target:.4f}: |Δ| = {diff:.4f} "
                    f"{'<=' if passed else '>'} {allowed:.4f} = max({tolerance:g}·λ, 3·se)")
