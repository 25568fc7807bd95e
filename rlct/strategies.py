"""Strategies that turn a problem into a certified result: the Newton value with a non-degeneracy
certificate, and the single-generator rule for K = f² (REFERENCE §2).

Examples
--------
>>> from rlct.poly import parse
>>> r = newton_strategy(Problem.from_polynomial(parse("x**2*y**2 + x**4 + y**6")))
>>> r.lam, r.m, r.status, r.certificate["nondegeneracy"]["method"]
(Fraction(1, 2), 2, 'exact', 'positive-even')
>>> r = single_generator_strategy(Problem.from_generators([parse("x**2 - y**3")]))
>>> r.lam, r.m, r.status
(Fraction(5, 12), 1, 'exact')
"""
from __future__ import annotations

import time
from fractions import Fraction
from typing import Sequence

from .errors import BudgetExceeded, InputError
from .newton import compact_faces, face_polynomial, newton_value
from .poly import Polynomial, fraction_str
from .problem import Problem
from .result import LC

NONDEGENERACY_MAX_FACES = 2000


def lower_bound(P: Problem) -> Fraction:
    """1/ord(K): a certified lower bound on λ for any monomial prior.

    The real threshold is at least the complex one (Saito 2007, arXiv 0707.2308), which is at least
    1/ord for any holomorphic function (Kollár, Singularities of pairs, Lemma 8.10); a monomial prior
    only raises λ.
    """
    return Fraction(1, P.order())


def newton_strategy(P: Problem, deadline: float | None = None) -> LC:
    """λ_N, m_N of K (or of 2·P(I) for a sum of squares), exact when non-degenerate.

    Lin 2017, Thm 1.3: (λ, m) ≤ (λ_N, m_N) always, with equality for (sos-)non-degenerate K.
    """
    nv = newton_value(P.ideal_support(), P.weight)
    scale = 2 if P.is_sos else 1  # P(Σ f²) = 2·P(I): t doubles, λ halves
    nd = nondegeneracy(P, deadline)
    exact = nd["status"] == "certified"
    cert = {"kind": "newton", "problem": P.to_json(), "scale": scale, "newton": nv.certificate,
            "principal_face": nv.principal_face.to_dict(), "nondegeneracy": nd}
    return LC(nv.lam / scale, nv.m, "exact" if exact else "upper_bound", "newton",
              None if exact else lower_bound(P), P.variables, cert)


def nondegeneracy(P: Problem, deadline: float | None = None) -> dict:
    """Certificate that every compact face polynomial has no real torus zero (or why not)."""
    if not P.is_sos and all(c > 0 and all(k % 2 == 0 for k in e) for e, c in P.K.terms.items()):
        return {"status": "certified", "method": "positive-even"}
    if P.is_sos and all(len(g.terms) == 1 for g in P.generators):
        return {"status": "certified", "method": "monomial-ideal"}
    try:
        faces = compact_faces(P.ideal_support(), NONDEGENERACY_MAX_FACES)
    except BudgetExceeded as exc:
        return {"status": "unknown", "method": "faces", "reason": str(exc), "faces": []}
    records, statuses = [], []
    for face in faces:
        if deadline is not None and time.monotonic() > deadline:
            return {"status": "unknown", "method": "faces", "reason": "time limit", "faces": records}
        verdict = face_verdict(P, face)
        statuses.append(verdict.status)
        records.append({"face": face.to_dict(), "verdict": verdict.to_dict()})
    status = ("degenerate" if "zero" in statuses else "unknown" if "unknown" in statuses else "certified")
    return {"status": status, "method": "faces", "faces": records}


def face_system(P: Problem, face) -> tuple[list[dict], int]:
    """The face polynomials whose common real torus zeros decide non-degeneracy on ``face``."""
    if P.is_sos:
        return [fp for fp in (face_polynomial(g.terms, face) for g in P.generators) if fp], P.nvars
    return [face_polynomial(P.K.terms, face)], P.nvars


def face_verdict(P: Problem, face):
    """Does the face system have a real torus zero? (K: K_γ; sum of squares: the f_{i,γ}).

    For K itself the zero test runs on K_γ directly, so a "none" never rests on K being >= 0.
    A certified torus zero of K_γ that is not a critical point is a sign change: K is refused.
    """
    from . import nondegeneracy as nd

    polys, n = face_system(P, face)
    if P.is_sos:
        return nd.common_torus_zero(polys, n)
    K_face = polys[0]
    _refuse_negative_face(P, K_face)
    verdict = nd.common_torus_zero([K_face], n)
    if verdict.status == "zero" and nd.singular_torus_zero(K_face, n).status == "none":
        raise InputError(f"K is negative near the point: its face polynomial {Polynomial(P.variables, K_face)} "
                         "changes sign on the real torus")
    if verdict.status == "unknown" and positive_definite_form(K_face, n):
        return nd.TorusVerdict("none", "positive-definite-form", None, "a positive definite quadratic form")
    return verdict


def positive_definite_form(terms: dict, n: int) -> bool:
    """Is the polynomial a positive definite quadratic form? (exact Sylvester criterion)

    >>> positive_definite_form({(2, 0, 0): 1, (1, 1, 0): 1, (0, 2, 0): 1, (0, 0, 2): 1}, 3)
    True
    >>> positive_definite_form({(2, 0): 1, (1, 1): 2, (0, 2): 1}, 2)
    False
    """
    import sympy

    if not terms or any(sum(e) != 2 for e in terms):
        return False
    Q = sympy.zeros(n, n)
    for e, c in terms.items():
        idx = [i for i, k in enumerate(e) for _ in range(k)]
        i, j = idx
        value = sympy.Rational(c.numerator, c.denominator) if hasattr(c, "numerator") else sympy.Rational(c)
        if i == j:
            Q[i, i] += value
        else:
            Q[i, j] += value / 2
            Q[j, i] += value / 2
    return all(Q[:k, :k].det() > 0 for k in range(1, n + 1))


def _refuse_negative_face(P: Problem, K_face: dict) -> None:
    """K_γ(w0) < 0 at a torus point means K(s^a·w0) < 0 for small s > 0: K is not >= 0."""
    if P.nvars > 10:
        return
    poly = Polynomial(P.variables, K_face)
    for signs in range(2 ** P.nvars):
        point = {v: (-1 if signs >> i & 1 else 1) for i, v in enumerate(P.variables)}
        value = poly.evaluate(point)
        if value < 0:
            shown = ", ".join(f"{v}={x}" for v, x in point.items())
            raise InputError(f"K is negative near the point: its face polynomial {poly} is {value} at {shown}")


def single_generator_strategy(P: Problem, deadline: float | None = None) -> LC | None:
    """K = f²: RLCT(|f|) = 1/t(f) if no face polynomial f_γ has a real torus zero, else
    min(1/t(f), 1); valid when no f_γ has a singular torus point (REFERENCE §2). λ = RLCT(|f|)/2.

    Returns None when the rule does not apply or a face cannot be decided.
    """
    from . import nondegeneracy as nd

    if not (P.is_sos and len(P.generators) == 1):
        return None
    f = P.generators[0]
    nv = newton_value(f.support, P.weight)
    try:
        faces = compact_faces(f.support, NONDEGENERACY_MAX_FACES)
    except BudgetExceeded:
        return None
    records, zero_faces = [], []
    for face in faces:
        if deadline is not None and time.monotonic() > deadline:
            return None
        f_face = face_polynomial(f.terms, face)
        singular = nd.singular_torus_zero(f_face, P.nvars)
        zero = nd.common_torus_zero([f_face], P.nvars)
        if singular.status != "none" or zero.status == "unknown":
            return None
        if zero.status == "zero":
            zero_faces.append(face.points)
        records.append({"face": face.to_dict(), "singular": singular.to_dict(), "zero": zero.to_dict()})
    rlct_f, m = _single_generator_value(nv.lam, nv.m, zero_faces, nv.principal_face.points)
    cert = {"kind": "single-generator", "problem": P.to_json(), "newton": nv.certificate,
            "principal_face": nv.principal_face.to_dict(), "faces": records,
            "has_real_torus_zero": bool(zero_faces),
            "rlct_abs_f": fraction_str(rlct_f), "multiplicity_certified": True}
    return LC(rlct_f / 2, m, "exact", "single-generator", None, P.variables, cert)


def _single_generator_value(inv_t: Fraction, m_newton: int, zero_faces: Sequence, principal: Sequence
                            ) -> tuple[Fraction, int]:
    """(RLCT(|f|), m) from 1/t(f), m_N(f), the compact faces (as point tuples) whose f_γ
    has a real torus zero, and the points of the principal face γ.

    With torus zeros the strict transform adds the pole 1 (order 1, smooth and transversal by the
    non-degeneracy): if 1 < 1/t it decides alone (m = 1), if 1 > 1/t the Newton poles do (m = m_N). At a
    tie 1/t = 1 the toric divisors of pole 1 are those of rays in γ's normal cone: at most m_N meet at a
    point, and over the origin all m_N meet exactly on orbits O(τ) with face(τ) a compact face γ' ⊆ γ
    (for a non-compact γ they also meet over its non-compact faces, which lie off π⁻¹(0)). There the
    strict transform restricts to f_γ' up to a monomial, and y ↦ y^A is a bijection of the real torus
    (A unimodular), so the real points of O(τ) on the strict transform are the real torus zeros of f_γ'.
    So m = m_N + 1 if some compact γ' ⊆ γ has a real torus zero (there the strict transform crosses m_N
    divisors of pole 1), and m = m_N otherwise (REFERENCE §2). For a compact γ that is the same as f_γ
    having a real torus zero.

    >>> _single_generator_value(Fraction(3, 2), 1, [((0, 2),)], [((2, 0),)])
    (Fraction(1, 1), 1)
    >>> _single_generator_value(Fraction(5, 6), 1, [((0, 2),)], [((2, 0),)])
    (Fraction(5, 6), 1)
    >>> edge = ((0, 2), (2, 0))                        # x² − y²: 1/t = 1, the edge has a real zero
    >>> _single_generator_value(Fraction(1), 1, [edge], edge)
    (Fraction(1, 1), 2)
    >>> _single_generator_value(Fraction(1), 3, [((0, 0, 3), (2, 1, 0))], ((1, 1, 1),))   # vertex xyz
    (Fraction(1, 1), 3)
    """
    if not zero_faces or inv_t < 1:
        return inv_t, m_newton
    if inv_t > 1:
        return Fraction(1), 1
    inside = set(map(tuple, principal))
    crossed = any(set(map(tuple, face)) <= inside for face in zero_faces)
    return Fraction(1), m_newton + crossed