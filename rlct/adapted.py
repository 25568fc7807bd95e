"""Adapted coordinates: coordinate changes read off Newton-degenerate faces, each result re-solved and re-checked.

A degenerate face polynomial usually says which coordinates the singularity wants. Two kinds of move are read
off it:

* a **factor move**: an irreducible factor p = c·u_j + g of the face polynomial (c a nonzero constant, g free
  of u_j — a linear form such as x + y, or a curve such as y − x²) becomes the coordinate u_j;
* a **Tschirnhaus move**: where f = a·u_j^k + b·u_j^(k−1) + … and k·a divides b, the coordinate
  u_j + b/(k·a) completes the k-th power (for k = 2: completing the square);
* an **essential-forms move**: a homogeneous face polynomial that is a polynomial in fewer linear forms than
  it has variables (e.g. (x + y)² + (x − z)² in x, y, z) gets a basis of those forms as coordinates — the
  splitting-lemma step for a degenerate quadratic leading part, and its analogue in higher degree.

Every move is one change of coordinates u_j' = c·u_j + g(u) with g free of u_j and vanishing at the origin, and
the prior exponent of u_j zero. Its inverse u_j = (u_j' − g)/c is again polynomial, so the map is a polynomial
automorphism of ℝⁿ that fixes the point, has constant Jacobian 1/c, and leaves the prior monomial (which does
not involve u_j) unchanged. λ and m are local invariants of (K, φ) under such maps, so the transformed problem
has the same (λ, m) and also the same bounds. The search (:func:`adapted_strategy`) re-solves the transformed
problem with the whole engine (rules, Newton with its certificate, plane curves, and further moves up to a
depth); the certificate lists the moves and the inner certificate, and :func:`verify_moves` re-applies them
exactly and checks that they lead to the inner problem.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> P = Problem.from_polynomial(parse("(x + y)**2 + z**4"))
>>> move = CoordinateChange(0, Fraction(1), parse("y", ["x", "y", "z"]))   # x' = x + y
>>> str(apply_moves(P, [move]).K)
'x**2 + z**4'
>>> [str(m) for m in essential_forms_moves(P, parse("(x + y)**2", ["x", "y", "z"]).terms)]
["x' = x + y"]
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Callable, Sequence

from .newton import CertificateError
from .poly import Polynomial, _ring, fraction_str, from_ring_element, to_ring_element
from .problem import Problem
from .result import LC

MAX_BRANCH = 6            # candidate moves tried per node of the search
MAX_FACE_TERMS = 120      # face polynomials past this are not factored (multivariate factoring is costly)
ADAPT_SECONDS = 10.0      # the search's own cap (the blow-up search after it gets the rest)


@dataclass(frozen=True)
class CoordinateChange:
    """The new coordinate u_j' = c·u_j + g(u), g free of u_j and without constant term."""

    variable: int
    coefficient: Fraction
    shift: Polynomial

    def __str__(self) -> str:
        name = self.shift.variables[self.variable]
        lead = name if self.coefficient == 1 else f"{fraction_str(self.coefficient)}*{name}"
        if self.shift.is_zero():
            return f"{name}' = {lead}"
        rest = str(self.shift)
        sign = " - " if rest.startswith("-") else " + "
        return f"{name}' = {lead}{sign}{rest.lstrip('-')}"

    def to_json(self) -> dict:
        return {"variable": self.shift.variables[self.variable], "coefficient": fraction_str(self.coefficient),
                "shift": self.shift.to_json()}

    @classmethod
    def from_json(cls, names: Sequence[str], data: dict) -> "CoordinateChange":
        return cls(list(names).index(data["variable"]), Fraction(data["coefficient"]),
                   Polynomial.from_json(names, data["shift"]))


def check_move(P: Problem, move: CoordinateChange) -> None:
    """Raise CertificateError unless the move is a polynomial automorphism fixing the origin and the prior."""
    j, names = move.variable, P.variables
    if move.shift.variables != names or not 0 <= j < P.nvars:
        raise CertificateError("a coordinate change names other variables than the problem")
    if move.coefficient == 0:
        raise CertificateError(f"the coefficient of {names[j]} in a coordinate change is 0")
    if any(e[j] for e in move.shift.terms):
        raise CertificateError(f"the shift of {names[j]} contains {names[j]}")
    if (0,) * P.nvars in move.shift.terms:
        raise CertificateError(f"the shift of {names[j]} does not vanish at the point")
    if P.prior[j]:
        raise CertificateError(f"{names[j]} carries a prior exponent: changing it would change the prior")


def apply_moves(P: Problem, moves: Sequence[CoordinateChange]) -> Problem:
    """The problem in the new coordinates: u_j ← (u_j − g)/c in K (and in every generator), move by move."""
    for move in moves:
        check_move(P, move)
        R, xs = _ring(P.variables)
        j = move.variable
        inverse = (xs[j] - to_ring_element(move.shift, R)) * R.domain.convert(
            _sympy_rational(1 / move.coefficient))
        sub = lambda f: from_ring_element(to_ring_element(f, R).compose(xs[j], inverse), P.variables)
        P = (Problem.from_generators([sub(g) for g in P.generators], P.prior) if P.is_sos
             else Problem.from_polynomial(sub(P.K), P.prior))
    return P


def _sympy_rational(q: Fraction):
    import sympy

    return sympy.Rational(q.numerator, q.denominator)


def factor_moves(P: Problem, face_terms: dict) -> list[CoordinateChange]:
    """Moves that make an irreducible non-monomial factor c·u_j + g of the face polynomial a coordinate.

    >>> from rlct.poly import parse
    >>> P = Problem.from_polynomial(parse("(y - x**2)**2 + x**6 + z**2"))
    >>> [str(m) for m in factor_moves(P, parse("(y - x**2)**2", ["x", "y", "z"]).terms)]
    ["y' = y - x**2"]
    """
    from .rules import factorize

    if len(face_terms) > MAX_FACE_TERMS:
        return []
    F = factorize(Polynomial(P.variables, face_terms))
    if F is None:
        return []
    moves = []
    # repeated factors first: they are what makes a face degenerate
    for p, _ in sorted(F.factors, key=lambda f: (-f[1], len(f[0].terms))):
        if len(p.terms) < 2:
            continue
        for j in _pivot_order(P, p):
            split = _degree_one(p, j)
            if split is not None:
                c, g = split     # the coordinate p/c: u_j' = u_j + g/c
                moves.append(CoordinateChange(j, Fraction(1), Polynomial(P.variables,
                                                                         {e: v / c for e, v in g.terms.items()})))
    return moves


def _degree_one(p: Polynomial, j: int) -> tuple[Fraction, Polynomial] | None:
    """(c, g) with p = c·u_j + g, c a constant and g free of u_j, or None."""
    unit = tuple(int(i == j) for i in range(p.nvars))
    if any(e[j] and e != unit for e in p.terms) or unit not in p.terms:
        return None
    g = Polynomial(p.variables, {e: v for e, v in p.terms.items() if e != unit})
    return (p.terms[unit], g) if not g.is_zero() else None


def _pivot_order(P: Problem, p: Polynomial) -> list[int]:
    """Variables of p that may become the new coordinate: prior-free ones, those that divide no other part of
    K least first (a variable of K's common monomial is kept as it is), at most two."""
    used = [i for i in range(P.nvars) if any(e[i] for e in p.terms) and not P.prior[i]]
    common = [min(e[i] for e in P.K.terms) for i in range(P.nvars)]
    return sorted(used, key=lambda i: (common[i] > 0, i))[:2]


def tschirnhaus_moves(P: Problem, face_terms: dict) -> list[CoordinateChange]:
    """Completing the power: where f = a·u_j^k + b·u_j^(k−1) + … (k ≥ 2, a and b free of u_j) and k·a divides
    b exactly, the coordinate u_j + b/(k·a) removes the u_j^(k−1) term (when b/(k·a) vanishes at 0).

    >>> from rlct.poly import parse
    >>> P = Problem.from_polynomial(parse("3*z**2*(y + 2*z)**2 + x**4 + z**8"))
    >>> [str(m) for m in tschirnhaus_moves(P, parse("3*z**2*(y + 2*z)**2 + x**4", ["x", "y", "z"]).terms)]
    ["y' = y + 2*z", "z' = z + y/4"]
    """
    if len(face_terms) > MAX_FACE_TERMS:
        return []
    n = P.nvars
    R, _ = _ring(P.variables)
    moves = []
    for j in range(n):
        k = max(e[j] for e in face_terms)
        if k < 2 or P.prior[j]:
            continue
        part = lambda d: to_ring_element(Polynomial(P.variables, {e[:j] + (0,) + e[j + 1:]: c for e, c in
                                                                 face_terms.items() if e[j] == d}), R)
        a, b = part(k), part(k - 1)
        if not b:
            continue
        q, rem = divmod(b, a * k)
        shift = from_ring_element(q, P.variables)
        if rem or shift.is_zero() or (0,) * n in shift.terms:
            continue
        moves.append(CoordinateChange(j, Fraction(1), shift))
    return moves


def essential_forms_moves(P: Problem, face_terms: dict) -> list[CoordinateChange]:
    """For a homogeneous face polynomial f of degree d: the linear forms spanned by its (d−1)-th partial
    derivatives (f is a polynomial in them, and in nothing smaller), made coordinates when there are fewer
    of them than variables in f. Pivots avoid prior variables (column order: prior-free first).

    >>> from rlct.poly import parse
    >>> P = Problem.from_polynomial(parse("(x + y)**2 + (x - z)**2 + y**6"))
    >>> [str(m) for m in essential_forms_moves(P, parse("(x + y)**2 + (x - z)**2", ["x", "y", "z"]).terms)]
    ["x' = x - z", "y' = y + z"]
    """
    degrees = {sum(e) for e in face_terms}
    if len(degrees) != 1 or degrees == {0} or len(face_terms) > MAX_FACE_TERMS:
        return []
    n = P.nvars
    present = [i for i in range(n) if any(e[i] for e in face_terms)]
    rows: dict = {}
    for e, c in face_terms.items():          # ∂^β f for |β| = d − 1 is Σ_i c_{β+e_i}·(β_i + 1)·u_i (times β!)
        for i in range(n):
            if e[i]:
                beta = e[:i] + (e[i] - 1,) + e[i + 1:]
                rows.setdefault(beta, [Fraction(0)] * n)[i] += c * e[i]
    order = sorted(range(n), key=lambda i: (P.prior[i] > 0, i))
    basis = _row_echelon([[row[i] for i in order] for row in rows.values()])
    if not basis or len(basis) >= len(present):
        return []
    moves = []
    pivots = {next(k for k, a in enumerate(row) if a) for row in basis}
    for row in basis:
        pivot = next(k for k, a in enumerate(row) if a)
        j = order[pivot]
        if P.prior[j]:
            return []
        g = {tuple(int(t == order[k]) for t in range(n)): a for k, a in enumerate(row) if a and k not in pivots}
        if not g:
            continue  # the form is already the coordinate u_j
        moves.append(CoordinateChange(j, Fraction(1), Polynomial(P.variables, g)))
    return moves


def _row_echelon(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon basis of the row space (exact), each row scaled to pivot 1."""
    rows = [list(r) for r in rows if any(r)]
    basis: list[list[Fraction]] = []
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pick = next((r for r in rows if r[col]), None)
        if pick is None:
            continue
        pick = [a / pick[col] for a in pick]
        rows = [[a - r[col] * b for a, b in zip(r, pick)] for r in rows]
        rows = [r for r in rows if any(r)]
        basis = [[a - b[col] * p for a, p in zip(b, pick)] for b in basis] + [pick]
    return basis


def candidate_moves(P: Problem, newton_certificate: dict) -> list[list[CoordinateChange]]:
    """Move lists read off the faces the Newton certificate could not clear, smallest faces first."""
    from .newton import Face, face_polynomial

    records = newton_certificate.get("nondegeneracy", {}).get("faces", [])
    open_faces = [r["face"] for r in records if r.get("verdict", {}).get("status") != "none"]
    open_faces.sort(key=lambda f: (len(f["points"]), f["points"]))
    out: list[list[CoordinateChange]] = []
    seen: set = set()
    for fd in open_faces:
        face = Face(tuple(tuple(p) for p in fd["points"]), tuple(fd["directions"]), tuple(fd["normal"]),
                    int(fd["level"]), int(fd["dimension"]))
        polys = ([face_polynomial(g.terms, face) for g in P.generators] if P.is_sos
                 else [face_polynomial(P.K.terms, face)])
        candidates = [[m] for f in polys if f for m in factor_moves(P, f) + tschirnhaus_moves(P, f)]
        candidates += [ms for f in polys if f for ms in [essential_forms_moves(P, f)] if ms]
        for ms in candidates:
            key = tuple(str(m) for m in ms)
            if key not in seen:
                seen.add(key)
                out.append(ms)
    return out


def adapted_strategy(P: Problem, newton_certificate: dict, solve: Callable, budget) -> LC | None:
    """Try the moves of :func:`candidate_moves`, re-solving each transformed problem with ``solve`` (the
    engine, at one less depth); the first exact answer wins, else the sharpest bound, else None.

    Candidates are ranked by the Newton value (λ_N, m_N) of the transformed problem, an upper bound (in the
    Lin order) in any coordinates that falls towards (λ, m) as the coordinates improve; a move that raises it
    is not tried.
    """
    if budget.adapt_depth <= 0:
        return None
    cap = time.monotonic() + ADAPT_SECONDS
    deadline = cap if budget.deadline is None else min(budget.deadline, cap)
    child = replace(budget, deadline=deadline, adapt_depth=budget.adapt_depth - 1, blowups=False)
    best = None
    for moves, Q in _ranked(P, candidate_moves(P, newton_certificate))[:MAX_BRANCH]:
        if time.monotonic() > deadline:
            break
        r = solve(Q, child)
        cert = {"kind": "coordinate-change", "problem": P.to_json(), "moves": [m.to_json() for m in moves],
                "parts": [r.certificate]}
        result = LC(r.lam, r.m, r.status, "coordinate-change", r.lower, P.variables, cert)
        if result.is_exact:
            return result
        if best is None or (result.lam, -(result.lower or 0)) < (best.lam, -(best.lower or 0)):
            best = result
    return best


def _ranked(P: Problem, candidates: list) -> list[tuple[list, Problem]]:
    """(moves, transformed problem) by ascending Newton value; those above P's own value are dropped."""
    from .newton import newton_value

    def key(Q: Problem):      # the Lin order: a smaller λ, or the same λ with a larger m, is sharper
        v = newton_value(Q.ideal_support(), Q.weight)
        return v.lam, -v.m

    here = key(P)
    scored = []
    for i, moves in enumerate(candidates):
        try:
            Q = apply_moves(P, moves)
        except CertificateError:
            continue
        k = key(Q)
        if k <= here:
            scored.append((k, i, moves, Q))
    scored.sort(key=lambda t: t[:2])
    return [(moves, Q) for _, _, moves, Q in scored]


def verify_moves(P: Problem, moves_json: Sequence[dict], Q: Problem) -> None:
    """Re-apply recorded moves to P exactly and require that they give Q (raises CertificateError)."""
    moves = [CoordinateChange.from_json(P.variables, m) for m in moves_json]
    if not moves:
        raise CertificateError("a coordinate change without moves")
    if apply_moves(P, moves) != Q:
        raise CertificateError("the recorded coordinate changes do not give the inner problem")
