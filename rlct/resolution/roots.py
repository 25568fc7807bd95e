"""Search side: every real root of a univariate polynomial over a real number field, each placed in
a number field of its own (Trager's norm and primitive elements).

For E over F = Q(θ) with squarefree part S: pick a small integer k for which the norm
N(s) = Res_y(m(y), S(y; s − k·y)) is squarefree, and factor N over Q. Each irreducible factor N_j
belongs to one irreducible factor of S over F (Trager 1976). If deg N_j = deg m that factor is linear
and its root lies in F: it is −g_0 for g = gcd(S(t), N_j(t + kθ)) over F. Otherwise, for each real root
γ of N_j, the field G = Q(γ) holds θ as the linear gcd of m(s) and S(s; γ − k·s) over G; when that
image is the real θ (it lies in θ's isolating interval) the real number γ − kθ is a root of E.

The results feed the certificate, whose checker re-proves what matters (field, embedding, root,
count) without any of this; sympy is used here only to factor over Q, take resultants and isolate
the real roots of rational polynomials.

Examples
--------
>>> from rlct.resolution.field import RealField
>>> Q = RealField.rationals()
>>> roots = real_roots(Q, [Q.const(c) for c in (-2, 0, 1)])        # t² − 2
>>> [(r.field.d, r.interval[0] < 0) for r in roots]
[(2, True), (2, False)]
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from .field import Element, FieldError, RealField
from .polys import UPoly, up_add, up_gcd, up_mul, up_scale, up_squarefree, up_trim

_T, _Y, _S = sympy.symbols("t_ y_ s_")


@dataclass
class Root:
    """A real root c of E: its field G ⊇ F (θ_F ↦ ``phi``), c ∈ G and a rational interval around c."""

    field: RealField
    phi: Element
    value: Element
    interval: tuple[Fraction, Fraction]


def real_roots(F: RealField, E: UPoly) -> list[Root]:
    """All distinct real roots of E ∈ F[t] (E ≠ 0), with pairwise disjoint rational intervals.

    Examples
    --------
    >>> Q = RealField.rationals()
    >>> [r.value for r in real_roots(Q, [Q.const(c) for c in (1, 2, 1)])]     # (t + 1)²
    [(Fraction(-1, 1),)]
    >>> F = RealField([-2, 0, 1], 1, 2)                                         # Q(√2)
    >>> E = [F.neg(F.theta), F.zero, F.one]                                     # t² − √2
    >>> [(r.field.d, r.field.inside(r.value, 1, 2)) for r in real_roots(F, E)]
    [(4, False), (4, True)]
    """
    S = up_squarefree(F, E)
    if len(S) <= 1:
        return []
    roots = _roots_rational(F, S) if F.d == 1 else _roots_extension(F, S)
    return _separate(roots)


def _sym_rational(q: Fraction):
    return sympy.Rational(q.numerator, q.denominator)


def _to_qpoly(p, var) -> sympy.Poly:
    return sympy.Poly([_sym_rational(Fraction(c)) for c in reversed(list(p))], var, domain="QQ")


def _ascending(poly: sympy.Poly) -> list[Fraction]:
    coeffs = poly.all_coeffs()
    return [Fraction(int(c.p), int(c.q)) for c in reversed(coeffs)]


def _monic_factors(poly: sympy.Poly) -> list[sympy.Poly]:
    return [f.monic() for f, _ in poly.factor_list()[1]]


def _real_intervals(poly: sympy.Poly) -> list[tuple[Fraction, Fraction]]:
    out = []
    for (lo, hi), _ in poly.intervals():
        out.append((Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q))))
    return out


def _roots_rational(F: RealField, S: UPoly) -> list[Root]:
    poly = _to_qpoly([c[0] for c in S], _T)
    out = []
    for q in _monic_factors(poly):
        coeffs = _ascending(q)
        if q.degree() == 1:
            out.append(Root(F, F.theta, F.const(-coeffs[0]), (-coeffs[0], -coeffs[0])))
            continue
        for lo, hi in _real_intervals(q):
            G = RealField(coeffs, lo, hi)
            out.append(Root(G, G.const(F.theta[0]), G.theta, (lo, hi)))
    return out


def _field_expr(F: RealField, a: Element):
    return sum((_sym_rational(c) * _Y ** i for i, c in enumerate(a) if c), sympy.Integer(0))


def _norm(F: RealField, S: UPoly, k: int) -> sympy.Poly:
    """Res_y(m(y), S(y; s − k·y)) as a polynomial in s."""
    m = _to_qpoly(F.m, _Y).as_expr()
    shifted = sum((_field_expr(F, c) * (_S - k * _Y) ** j for j, c in enumerate(S)), sympy.Integer(0))
    res = sympy.resultant(m, sympy.expand(shifted), _Y)
    return sympy.Poly(res, _S, domain="QQ")


def _roots_extension(F: RealField, S: UPoly) -> list[Root]:
    for k in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5):
        N = _norm(F, S, k)
        if N.degree() >= 1 and sympy.gcd(N, N.diff(_S)).degree() == 0:
            break
    else:
        raise FieldError("no squarefree norm found")
    out = []
    for Nj in _monic_factors(N):
        coeffs = _ascending(Nj)
        if Nj.degree() == F.d:
            out.append(_root_in_field(F, S, coeffs, k))
            continue
        for lo, hi in _real_intervals(Nj):
            G = RealField(coeffs, lo, hi)
            phi = _theta_image(F, S, G, k)
            if phi is not None and G.inside(phi, F.lo0, F.hi0):
                value = G.sub(G.theta, G.scale(k, phi))
                out.append(Root(G, phi, value, G.enclosure(value)))
    return out


def _root_in_field(F: RealField, S: UPoly, Nj: list[Fraction], k: int) -> Root:
    shift = [F.scale(k, F.theta), F.one]  # t + kθ
    composed, power = [], [F.one]
    for c in Nj:
        composed = up_add(F, composed, up_scale(F, F.const(c), power))
        power = up_mul(F, power, shift)
    g = up_gcd(F, S, composed)
    if len(g) != 2:
        raise FieldError("Trager factor is not linear")
    value = F.neg(g[0])
    return Root(F, F.theta, value, F.enclosure(value))


def _theta_image(F: RealField, S: UPoly, G: RealField, k: int):
    """The image of θ in G = Q(γ): the root of gcd(m(s), S(s; γ − k·s)) over G, or None."""
    m_G = up_trim(G, [G.const(c) for c in F.m])
    lin = [G.theta, G.const(-k)]  # γ − k·s
    total, power = [], [G.one]
    for c in S:  # c = Σ c_i θ^i with θ -> s
        coeff = up_trim(G, [G.const(x) for x in c])
        total = up_add(G, total, up_mul(G, coeff, power))
        power = up_mul(G, power, lin)
    g = up_gcd(G, m_G, total)
    if len(g) != 2:
        return None
    return G.neg(g[0])


def _separate(roots: list[Root]) -> list[Root]:
    """Shrink the intervals until they are pairwise disjoint; sort by position."""
    width = None
    for _ in range(200):
        roots.sort(key=lambda r: r.interval[0])
        clash = any(a.interval[1] >= b.interval[0] for a, b in zip(roots, roots[1:]))
        if not clash:
            return roots
        width = min(r.interval[1] - r.interval[0] for r in roots) / 4 if width is None else width / 4
        if width == 0:
            width = Fraction(1, 2**20)
        for r in roots:
            if r.interval[1] - r.interval[0] > width:
                r.interval = r.field.enclosure(r.value, width)
    raise FieldError("could not separate the roots")
