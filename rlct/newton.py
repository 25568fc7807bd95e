"""Newton polyhedra: the exact Newton value (λ_N, m_N) with a checkable certificate, and faces.

P = conv(supp) + R^n_{≥0}. For a weight w = h + 1 (h the exponents of a monomial prior), t is the
least scalar with t·w ∈ P, λ_N = 1/t (REFERENCE §2), and m_N is the codimension of the smallest face
of P containing p = t·w (the *principal face*). Everything is computed by exact rational LPs:

* dual: a ≥ 0, ⟨a, w⟩ = 1, ⟨a, α⟩ ≥ ℓ for every support point α, maximal ℓ; then t ≥ ℓ;
* a relative-interior normal a* of the normal cone at p (one LP with capped slacks), whose tight
  points T and zero coordinates Z span the principal face F = conv(T) + cone(e_Z);
* primal: p = Σ_T c_α α + Σ_Z s_i e_i with every c_α, s_i > 0, Σ c = 1 — so p ∈ P (t ≤ ℓ) and F is
  the smallest face containing p; m_N = n − dim F.

These three facts are the certificate; :func:`verify_newton_certificate` re-checks them in exact
arithmetic without solving anything. A float LP (HiGHS) only picks the first working set of
constraints.

Examples
--------
>>> v = newton_value([(2, 2), (4, 0), (0, 6)])
>>> v.lam, v.m, v.principal_face.points
(Fraction(1, 2), 2, ((2, 2),))
>>> newton_value([(2, 0), (0, 3)]).lam      # x² + y³: 1/2 + 1/3
Fraction(5, 6)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Mapping, Sequence

import numpy as np

from .errors import InputError, RlctError
from .lp import common_denominator, exact_rank, integer_dots, solve_exact_lp
from .poly import fraction_str

Exponent = tuple[int, ...]


class CertificateError(RlctError):
    """A certificate does not prove what it claims."""


@dataclass(frozen=True)
class Face:
    """A face of a Newton polyhedron: its support points, recession directions and an inner normal.

    ``normal`` is a primitive integer vector in the relative interior of the face's normal cone,
    ``level`` = ⟨normal, α⟩ on the face. A face is compact iff it has no directions.
    """

    points: tuple[Exponent, ...]
    directions: tuple[int, ...]
    normal: tuple[int, ...]
    level: int
    dimension: int

    @property
    def is_compact(self) -> bool:
        return not self.directions

    def to_dict(self) -> dict:
        return {"points": [list(p) for p in self.points], "directions": list(self.directions),
                "normal": list(self.normal), "level": self.level, "dimension": self.dimension}


@dataclass(frozen=True)
class NewtonValue:
    """λ_N = 1/t, m_N, the point p = t·w, the principal face and the certificate."""

    lam: Fraction
    m: int
    t: Fraction
    weight: tuple[int, ...]
    point: tuple[Fraction, ...]
    principal_face: Face
    certificate: dict


def as_support_array(support: Sequence[Exponent]) -> np.ndarray:
    """Support points as an (N, n) integer array, validated (nonempty, nonnegative, no zero vector).

    >>> as_support_array([(1, 0), (0, 2)]).shape
    (2, 2)
    """
    pts = np.array([tuple(int(k) for k in e) for e in support], dtype=np.int64)
    if pts.ndim != 2 or len(pts) == 0:
        raise InputError("the Newton polyhedron needs at least one monomial")
    if (pts < 0).any():
        raise InputError("exponents must be nonnegative")
    if (pts.sum(axis=1) == 0).any():
        raise InputError("K does not vanish at the point (it has a constant term)")
    return np.unique(pts, axis=0)


def _weight(weight: Sequence[int] | None, n: int) -> tuple[int, ...]:
    w = tuple(int(k) for k in weight) if weight is not None else (1,) * n
    if len(w) != n or any(k < 1 for k in w):
        raise InputError(f"weight h+1 must be {n} positive integers, got {w}")
    return w


def newton_value(support: Sequence[Exponent], weight: Sequence[int] | None = None) -> NewtonValue:
    """The certified Newton value (λ_N, m_N) of the support for weight w = h + 1.

    Examples
    --------
    >>> v = newton_value([(2, 0), (0, 2)], weight=(2, 1))   # x² + y², prior |x|
    >>> v.lam, v.m
    (Fraction(3, 2), 1)
    >>> newton_value([(2, 2)]).m                              # x²y²: normal crossing, m = 2
    2
    """
    pts = as_support_array(support)
    n = pts.shape[1]
    w = _weight(weight, n)
    t, a1 = _dual_optimum(pts, w)
    point = tuple(t * k for k in w)
    face = _face_of_normal(pts, point, _primitive(common_denominator(a1)[0]))
    try:  # generic case: a1 already exposes the smallest face containing p
        weights, slack = _positive_primal(pts, point, face)
    except CertificateError:
        face = _face_of_normal(pts, point, _relative_interior_normal(pts, point, a1))
        weights, slack = _positive_primal(pts, point, face)
    cert = {
        "weight": list(w),
        "t": fraction_str(t),
        "lambda": fraction_str(1 / t),
        "point": [fraction_str(x) for x in point],
        "dual": {"normal": [fraction_str(x) for x in a1], "level": fraction_str(t)},
        "face": face.to_dict() | {"weights": [fraction_str(c) for c in weights],
                                  "slack": [fraction_str(s) for s in slack]},
        "multiplicity": n - face.dimension,
    }
    return NewtonValue(1 / t, n - face.dimension, t, w, point, face, cert)


def _float_seed(pts: np.ndarray, w: Sequence[int], k: int = 8, chunk: int = 256) -> set[int]:
    """Indices of the support points that a float LP finds (nearly) tight: a first working set.

    The float LP itself runs on a working set too (rows most violated by the last solution are
    added), which keeps HiGHS off the full 10⁴-row problem. Only a guess: the exact loop decides.
    """
    from scipy.optimize import linprog

    n = pts.shape[1]
    fpts = pts.astype(float)
    scaled = (fpts / np.asarray(w, dtype=float)).sum(axis=1)
    rows = set(np.argsort(scaled)[:chunk].tolist())
    fallback = set(np.argsort(scaled)[:k].tolist())
    c = np.zeros(n + 1)
    c[-1] = -1.0  # variables (a, ℓ): maximise ℓ, ℓ - ⟨a,α⟩ <= 0, ⟨a,w⟩ = 1, a >= 0
    for _ in range(20):
        idx = np.array(sorted(rows))
        A_ub = np.hstack([-fpts[idx], np.ones((len(idx), 1))])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(len(idx)),
                      A_eq=np.array([list(map(float, w)) + [0.0]]), b_eq=[1.0],
                      bounds=[(0, None)] * n + [(None, None)], method="highs")
        if res.status != 0:
            return fallback
        slack = fpts @ res.x[:n] - res.x[n]
        tol = 1e-7 * max(1.0, abs(res.x[n]))
        violated = np.flatnonzero(slack < -tol)
        if len(violated) == 0:
            tight = set(np.flatnonzero(slack <= tol).tolist())
            return tight or fallback
        rows.update(violated[np.argsort(slack[violated])[:chunk]].tolist())
    return fallback


def _dual_optimum(pts: np.ndarray, w: tuple[int, ...]) -> tuple[Fraction, tuple[Fraction, ...]]:
    """Exact max ℓ over a ≥ 0, ⟨a,w⟩ = 1, ⟨a,α⟩ ≥ ℓ ∀α, by constraint generation."""
    n = pts.shape[1]
    working = _float_seed(pts, w)
    while True:
        rows = [(list(pts[i]) + [-1], 0) for i in sorted(working)]
        ell, x = solve_exact_lp(n + 1, rows, [(list(w) + [0], -1)], [0] * n + [1],
                                nonnegative=range(n))
        a = x[:n]
        num, den = common_denominator(a)
        slack = integer_dots(pts, num).astype(object) * ell.denominator - ell.numerator * den
        violated = [i for i in np.argsort(slack.astype(float))[:32] if slack[i] < 0]
        if not violated:
            return ell, a
        working.update(int(i) for i in violated)


def _relative_interior_normal(pts: np.ndarray, point: tuple[Fraction, ...],
                              a1: tuple[Fraction, ...]) -> tuple[int, ...]:
    """A primitive integer normal in the relative interior of the normal cone N(p) at p.

    One LP with capped slacks: maximise Σ min(⟨a, α − p⟩, 1) over the points tight under a1 plus
    Σ min(a_i, 1) over the zero coordinates of a1, a ∈ N(p). Any slack that can be positive in N(p)
    is positive at the optimum (N(p) is a cone), and adding a1 keeps every other slack positive.
    """
    n = pts.shape[1]
    pnum, pden = common_denominator(point)
    a1num, a1den = common_denominator(a1)
    level1 = _gap(pts, a1num, pnum, pden)
    tight = [int(i) for i in np.flatnonzero(level1 == 0)]
    zeros = [i for i in range(n) if a1[i] == 0]
    nt, nz = len(tight), len(zeros)
    nv = n + nt + nz
    working = set(tight)
    while True:
        rows = [(_scaled_diff(pts[i], pnum, pden) + [0] * (nt + nz), 0) for i in sorted(working)]
        for j, i in enumerate(tight):
            rows.append((_scaled_diff(pts[i], pnum, pden) + _unit(nt + nz, j, -1), 0))
        for j, i in enumerate(zeros):
            rows.append((_unit(n, i, 1) + _unit(nt + nz, nt + j, -1), 0))
        rows += [([0] * n + _unit(nt + nz, j, -1), 1) for j in range(nt + nz)]
        _, x = solve_exact_lp(nv, rows, [], [0] * n + [1] * (nt + nz))
        star, _ = common_denominator(x[:n])
        gap = _gap(pts, star, pnum, pden)
        violated = [int(i) for i in np.flatnonzero(gap < 0)[:32]]
        if not violated:  # a* ∈ N(p); a* + a1 is positive wherever either is
            num, _ = common_denominator([x[i] * a1den + a1num[i] for i in range(n)])
            return _primitive(num)
        working.update(violated)


def _scaled_diff(alpha: np.ndarray, pnum: Sequence[int], pden: int) -> list[int]:
    return [int(a) * pden - int(q) for a, q in zip(alpha, pnum)]


def _gap(pts: np.ndarray, normal: Sequence[int], pnum: Sequence[int], pden: int) -> np.ndarray:
    """pden·(⟨normal, α⟩ − ⟨normal, p⟩) for every support point α, exactly (p = pnum / pden)."""
    dots = integer_dots(pts, normal).astype(object) * pden
    return dots - sum(int(u) * int(v) for u, v in zip(normal, pnum))


def _face_of_normal(pts: np.ndarray, point: tuple[Fraction, ...], normal: Sequence[int]) -> Face:
    """The face of P exposed by an inner normal that is minimised at ``point``."""
    levels = integer_dots(pts, normal)
    level = int(levels.min())
    on_face = np.flatnonzero(levels == level)
    directions = tuple(i for i, a in enumerate(normal) if a == 0)
    face_pts = pts[on_face]
    dim = _span_rank(face_pts, directions)
    return Face(tuple(sorted(tuple(int(k) for k in p) for p in face_pts)), directions,
                tuple(int(k) for k in normal), level, dim)


def _positive_primal(pts: np.ndarray, point: tuple[Fraction, ...], face: Face):
    """p = Σ c_α α + Σ s_i e_i over the face's points and directions with all c, s > 0."""
    unique = _unique_combination(point, face)
    if unique is not None:
        return unique
    return _positive_primal_lp(pts, point, face)


def _unique_combination(point: tuple[Fraction, ...], face: Face):
    """Generic case: the face's generators are independent, so the combination is unique and one
    exact integer solve (fraction-free) finds it. None when not unique or not strictly positive."""
    from sympy.polys.domains import QQ, ZZ
    from sympy.polys.matrices import DomainMatrix

    n, k, nz = len(point), len(face.points), len(face.directions)
    pnum, pden = common_denominator(point)
    rows = [[p[j] for p in face.points] + [int(d == j) for d in face.directions] for j in range(n)]
    rows.append([1] * k + [0] * nz)
    rhs = list(pnum) + [pden]  # M·(pden·c) = (pnum, pden)
    M = DomainMatrix([[QQ(v) for v in r] for r in rows], (n + 1, k + nz), QQ)
    _, pivots = M.transpose().rref()
    if len(pivots) < k + nz:
        return None
    square = DomainMatrix([[ZZ(v) for v in rows[i]] for i in pivots], (len(pivots), k + nz), ZZ)
    b = DomainMatrix([[ZZ(rhs[i])] for i in pivots], (len(pivots), 1), ZZ)
    x, den = square.solve_den(b)
    den = int(den) * pden
    sol = [Fraction(int(v), den) for v in x.to_Matrix()]
    if any(v <= 0 for v in sol):
        return None
    for r, value in zip(rows, list(point) + [Fraction(1)]):
        if sum((a * v for a, v in zip(r, sol)), Fraction(0)) != value:
            return None
    return tuple(sol[:k]), tuple(sol[k:])


def _positive_primal_lp(pts: np.ndarray, point: tuple[Fraction, ...], face: Face):
    """The same by exact LP: maximise the smallest weight τ; τ > 0 or CertificateError."""
    n = pts.shape[1]
    k, nz = len(face.points), len(face.directions)
    nv = k + nz + 1  # c, s, τ
    pnum, pden = common_denominator(point)
    eqs = []  # pden·(Σ c α_j + s_j) = pnum_j: integer rows keep the exact LP fast
    for j in range(n):
        row = [int(p[j]) * pden for p in face.points] + [int(d == j) * pden for d in face.directions]
        eqs.append((row + [0], -pnum[j]))
    eqs.append(([1] * k + [0] * nz + [0], -1))
    ineqs = [(_unit(nv, i, 1)[:-1] + [-1], 0) for i in range(k + nz)] + [(_unit(nv, nv - 1, -1), 1)]
    tau, x = solve_exact_lp(nv, ineqs, eqs, _unit(nv, nv - 1, 1))
    if tau <= 0:
        raise CertificateError("no strictly positive primal representation of p on its face")
    return x[:k], x[k:k + nz]


def _unit(size: int, i: int, value) -> list:
    row = [0] * size
    row[i] = value
    return row


def _primitive(vector: Sequence[int]) -> tuple[int, ...]:
    g = 0
    for v in vector:
        g = gcd(g, int(v))
    return tuple(int(v) // g for v in vector) if g else tuple(int(v) for v in vector)


def _span_rank(points: np.ndarray, directions: Sequence[int]) -> int:
    """Dimension of conv(points) + cone(e_i for i in directions)."""
    n = points.shape[1]
    rows = [list(map(int, p - points[0])) for p in points[1:]] + [_unit(n, i, 1) for i in directions]
    return _rank(rows)


def _rank(rows: list[list[int]]) -> int:
    return exact_rank(rows)


def verify_newton_certificate(support: Sequence[Exponent], certificate: Mapping) -> tuple[Fraction, int]:
    """Re-check a Newton certificate exactly (no LP); return (λ_N, m_N) or raise CertificateError.

    >>> v = newton_value([(2, 0), (1, 1), (0, 2)])
    >>> verify_newton_certificate([(2, 0), (1, 1), (0, 2)], v.certificate)
    (Fraction(1, 1), 1)
    """
    pts = as_support_array(support)
    n = pts.shape[1]
    c = certificate
    w = _weight(c["weight"], n)
    t = Fraction(c["t"])
    point = tuple(t * k for k in w)
    _check(t > 0 and [Fraction(x) for x in c["point"]] == list(point), "p must equal t·w with t > 0")
    # dual: every point of P has ⟨a, ·⟩ ≥ ℓ, and ⟨a, t'w⟩ = t' so t' ≥ ℓ = t
    a1 = [Fraction(x) for x in c["dual"]["normal"]]
    _check(len(a1) == n and all(x >= 0 for x in a1), "dual normal must be >= 0")
    _check(sum(x * k for x, k in zip(a1, w)) == 1, "dual normal must satisfy <a, w> = 1")
    _check(Fraction(c["dual"]["level"]) == t, "dual level must equal t")
    num, den = common_denominator(a1)
    dots = integer_dots(pts, num).astype(object) * t.denominator
    _check(bool((dots >= t.numerator * den).all()), "dual normal violates a support point")
    # face: normal in N(p), its exposed face is exactly the claimed one, p strictly inside it
    f = c["face"]
    normal = [int(x) for x in f["normal"]]
    _check(len(normal) == n and all(x >= 0 for x in normal), "face normal must be n numbers >= 0")
    face = _face_of_normal(pts, point, normal)
    pnum, pden = common_denominator(point)
    _check(face.level * pden == sum(x * y for x, y in zip(normal, pnum)), "face normal is not tight at p")
    claimed_pts = sorted(tuple(int(k) for k in p) for p in f["points"])
    _check(list(face.points) == claimed_pts, "face points differ from the points the normal exposes")
    _check(list(face.directions) == [int(d) for d in f["directions"]], "face directions differ")
    weights = [Fraction(x) for x in f["weights"]]
    slack = [Fraction(x) for x in f["slack"]]
    _check(len(weights) == len(claimed_pts) and len(slack) == len(face.directions), "weights do not match")
    _check(all(x > 0 for x in weights + slack) and sum(weights) == 1, "face weights must be > 0, sum 1")
    combo = [sum((cw * p[j] for cw, p in zip(weights, claimed_pts)), Fraction(0)) for j in range(n)]
    for s, d in zip(slack, face.directions):
        combo[d] += s
    _check(combo == list(point), "face weights do not reproduce p")
    m = n - face.dimension
    _check(int(c["multiplicity"]) == m, "multiplicity differs from the face codimension")
    _check(Fraction(c["lambda"]) == 1 / t, "lambda must be 1/t")
    return 1 / t, m


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError(message)


def face_polynomial(terms: Mapping[Exponent, Fraction], face: Face) -> dict[Exponent, Fraction]:
    """The part of a polynomial supported on a face: f_γ = Σ_{α ∈ γ} c_α w^α.

    >>> f = {(2, 0): Fraction(1), (1, 1): Fraction(2), (0, 3): Fraction(1)}
    >>> face_polynomial(f, Face(((2, 0), (1, 1)), (), (1, 1), 2, 1))
    {(2, 0): Fraction(1, 1), (1, 1): Fraction(2, 1)}
    """
    return {e: c for e, c in terms.items()
            if sum(a * k for a, k in zip(face.normal, e)) == face.level}


def is_vertex(support: Sequence[Exponent], candidate: Exponent) -> bool:
    """Exactly decide whether ``candidate`` (a support point) is a vertex of P(support).

    A vertex has a strictly positive normal minimised only there: find a ≥ 1 with
    ⟨a, β − α⟩ ≥ 1 for every other support point β (scale-free), by exact LP.

    >>> is_vertex([(2, 0), (1, 1), (0, 2)], (1, 1)), is_vertex([(2, 0), (0, 2)], (2, 0))
    (False, True)
    """
    pts = as_support_array(support)
    alpha = np.array(candidate, dtype=np.int64)
    others = pts[(pts != alpha).any(axis=1)]
    if len(others) == 0:
        return True
    diff = others - alpha
    if (diff <= 0).all(axis=1).any():
        return False  # dominated by another point plus the positive orthant
    n = pts.shape[1]
    working = set(np.argsort(diff.sum(axis=1))[:8].tolist())
    from .lp import LPFailure
    while True:
        rows = [(list(diff[i]), -1) for i in sorted(working)] + [(_unit(n, i, 1), -1) for i in range(n)]
        try:
            _, a = solve_exact_lp(n, rows, [], [-1] * n)
        except LPFailure:
            return False
        num, den = common_denominator(a)
        gap = integer_dots(diff, num) - den
        bad = [int(i) for i in np.flatnonzero(gap < 0)[:32]]
        if not bad:
            return True
        working.update(bad)


def compact_faces(support: Sequence[Exponent], max_faces: int = 2000) -> list[Face]:
    """All compact faces of P(support) (vertices included), by exact facet enumeration (PPL).

    Facet enumeration explodes with dimension, so it runs under a budget: more than ``max_faces``
    faces, or more than 12 variables, raises :class:`~rlct.errors.BudgetExceeded`.

    >>> [f.points for f in compact_faces([(2, 0), (0, 3)])]
    [((0, 3),), ((2, 0),), ((0, 3), (2, 0))]
    """
    from .faces import enumerate_compact_faces

    return enumerate_compact_faces(as_support_array(support), max_faces)
