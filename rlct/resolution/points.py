"""Translations to the real points where a node's strict transform vanishes on its fibre set, slices, and the
monomial's coordinates that have no zero there.

When the generators restricted to F = {u_Z = 0} have finitely many common zeros, all real ones rational, the
node splits into the points of that zero set V and the rest of F:

- at p ∈ V the coordinates are translated, u_t → p_t + u_t; where p_t ≠ 0 the factors |u_t|^{2κ_t} and
  |u_t|^{η_t} are positive units near p and are dropped (κ_t = η_t = 0); the child's fibre set is the point
  itself (Z = every coordinate), which lies over the point because p ∈ F;
- on F∖V, K∘π is u^{2κ} times a unit, so every (λ_p, m_p) is at least (in Lin's order) the origin's
  monomial candidate (c0, m0) = min over all j with κ_j > 0 of (η_j + 1)/(2κ_j). If the origin is not in V
  it attains that; if it is, K∘π ≤ C·u^{2κ} near the origin gives (λ_0, m_0) ≤ (c0, m0) (monotonicity:
  K1 ≤ C·K2 ⇒ (λ1, m1) ≤ (λ2, m2)), so including (c0, m0) never changes the Lin-minimum either way.

:func:`fibre_points` computes V exactly: for each free coordinate t, a lex Groebner basis (t last) of the
restricted ideal gives a univariate polynomial q_t(t) in the ideal; the ideal must be zero-dimensional, and
every irreducible factor of q_t over ℚ of degree ≥ 2 must have no real root (Sturm count); then V is the set
of tuples of rational roots at which every restricted generator vanishes. Otherwise it returns None and the
branch stays unresolved. The checker recomputes the same function (no search).

Slices: when one generator, restricted to F, is a nonconstant product of polynomials q_k(u_{t_k}), each in
one free coordinate, whose real roots r are all rational (e.g. (1 − u_5)(1 − u_11), as RRR with more hidden
units than inputs leaves behind), its zeros on F are the union of the hyperplanes F ∩ {u_t = r}. The node
splits the same way into those slices (translated to u_t = 0, the units |u_t|^… dropped when r ≠ 0; each a
coordinate subspace, still inside π⁻¹(0); slices of different coordinates overlap, which a Lin-minimum over
a covering does not mind) and the rest of F, where the generator is nonzero and K∘π ≍ u^{2κ}: again
(c0, m0) at the origin.

Units: take a free coordinate t of the monomial or the amplitude (κ_t > 0 or η_t > 0) such that 1 lies in
the ideal of u_t and the restricted generators: u_t has no zero on V, whatever V is (a curve, a surface).
Near every point of V the factors |u_t|^{2κ_t} and |u_t|^{η_t} are then positive units, and the child (same
F, κ_t = η_t = 0) has the node's local problem at each point of V. Off V every point of the node gives the
origin's monomial candidate (c0, m0) or more, as above; there the child's points are monomial too, with a
subset of the node's candidates at the same point (none where κ' = 0), so again (c0, m0) or more (in Lin's
order). (c0, m0) itself is kept beside the child, and the node's value is at most (c0, m0) because the
origin lies in F. The Lin-minimum of the two is the node's.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["a", "b", "c"]
>>> S = Node((parse("b", names), parse("c**2 - 1", names)), (1, 0, 1), (1, 0, 1), frozenset({0}), 2)
>>> fibre_points(S)
[{1: Fraction(0, 1), 2: Fraction(-1, 1)}, {1: Fraction(0, 1), 2: Fraction(1, 1)}]
>>> T = translate(S, {1: Fraction(0), 2: Fraction(1)})
>>> [str(g) for g in T.gens], T.kappa, T.eta, sorted(T.zero)
(['b', 'c**2 + 2*c'], (1, 0, 0), (1, 0, 0), [0, 1, 2])
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from itertools import product

from ..poly import Polynomial, _ring, from_ring_element, to_ring_element
from .blowup import GROEBNER_TERMS, Node, normalise, restricted

MAX_POINTS = 64


def fibre_points(S: Node) -> list[dict] | None:
    """The real points of F where every generator vanishes, as {coordinate index: value}, or None."""
    free = [i for i in range(len(S.kappa)) if i not in S.zero]
    if not free or S.scale != 2:
        return None
    polys = [p for p in restricted(S) if not p.is_zero()]
    if not polys or sum(len(p.terms) for p in polys) > GROEBNER_TERMS:
        return None
    roots = {}
    for t in free:
        q = _univariate_in(polys, free, t)
        values = None if q is None else _rational_real_roots(q)
        if values is None:
            return None
        roots[t] = values
    candidates = product(*(roots[t] for t in free))
    points = []
    for values in candidates:
        point = dict(zip(free, values))
        at = {S.variables[i]: v for i, v in point.items()}
        if all(p.evaluate(at) == 0 for p in polys):
            points.append(point)
            if len(points) > MAX_POINTS:
                return None
    return points


def _univariate_in(polys: list[Polynomial], free: list[int], t: int):
    """A nonzero polynomial in u_t alone lying in the ideal (lex basis with u_t last), as a sympy Poly."""
    import sympy
    from sympy.polys.orderings import lex

    from ..groebner import groebner_within

    names = [polys[0].variables[i] for i in free if i != t] + [polys[0].variables[t]]
    # any Groebner basis in lex order with u_t last meets Q[u_t] in a basis of the elimination ideal; past
    # the budget there is no claim (the node's points are then not found, and the branch stays open)
    basis = groebner_within(polys, names, lex) or []
    last = len(names) - 1
    for g in basis:
        if all(all(k == 0 for k in m[:last]) for m in g.monoms()):
            if g.is_ground:
                return None
            coeffs = {m[last]: c for m, c in g.terms()}
            x = sympy.Symbol("t")
            return sympy.Poly(sum(sympy.Rational(int(c.numerator), int(c.denominator)) * x**k
                                  for k, c in coeffs.items()), x, domain="QQ")
    return None


def _rational_real_roots(q) -> list[Fraction] | None:
    """Every real root of q if all are rational (each irreducible factor of degree ≥ 2 has no real root)."""
    roots = []
    for factor, _ in q.factor_list()[1]:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            r = -Fraction(int(b.p), int(b.q)) / Fraction(int(a.p), int(a.q))
            roots.append(r)
        elif factor.count_roots() != 0:
            return None
    return sorted(set(roots))


def translate(S: Node, point: dict) -> Node:
    """The node at a point of F: u_t → p_t + u_t, the units |u_t|^… dropped where p_t ≠ 0, Z = everything."""
    R, xs = _ring(S.variables)
    shifts = [(xs[i], xs[i] + R.domain.convert(v.numerator) / R.domain.convert(v.denominator))
              for i, v in sorted(point.items()) if v != 0]
    gens = []
    for g in S.gens:
        f = to_ring_element(g, R)
        for x, y in shifts:
            f = f.compose(x, y)
        gens.append(from_ring_element(f, S.variables))
    moved = {i for i, v in point.items() if v != 0}
    kappa = tuple(0 if i in moved else k for i, k in enumerate(S.kappa))
    eta = tuple(0 if i in moved else e for i, e in enumerate(S.eta))
    return normalise(replace(S, gens=tuple(gens), kappa=kappa, eta=eta, zero=frozenset(range(len(S.kappa)))))


def slice_cuts(S: Node, i: int) -> list[tuple[int, Fraction]] | None:
    """The hyperplanes {u_t = r} of F holding every zero there of generator i, as sorted (t, r), when that
    generator restricted to F is a nonconstant product of one-coordinate polynomials in free coordinates whose
    real roots are all rational; otherwise None. Off those hyperplanes the generator is nonzero.

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c"]
    >>> S = Node((parse("a + (1 - b)*(c**2 - 4)*(c**2 + 1)", names),), (0, 0, 0), (0, 0, 0), frozenset({0}), 2)
    >>> slice_cuts(S, 0)
    [(1, Fraction(1, 1)), (2, Fraction(-2, 1)), (2, Fraction(2, 1))]
    """
    if S.scale != 2:
        return None
    g = restricted(S)[i]
    if g.is_zero() or set(g.terms) == {(0,) * g.nvars} or len(g.terms) > GROEBNER_TERMS:
        return None  # zero or a constant: nothing to cut (a constant makes the node a leaf)
    from .divide import coordinate_content, coordinates

    R, _ = _ring(S.variables)
    cuts: set = set()
    rest = to_ring_element(g, R)
    for t in sorted(coordinates(g)):
        if t in S.zero:
            return None
        q = coordinate_content(from_ring_element(rest, S.variables), {t})
        if not any(e[t] for e in q.terms):
            continue
        roots = _rational_real_roots(univariate(q, t))
        if roots is None:
            return None
        cuts.update((t, r) for r in roots)
        rest = rest.exquo(to_ring_element(q, R))
    # what is left must be a constant: then g is the product of the one-coordinate contents
    return sorted(cuts) if rest.is_ground else None


def find_slices(S: Node) -> tuple[int, list[tuple[int, Fraction]]] | None:
    """The first (generator, cuts) usable for slicing F (:func:`slice_cuts`)."""
    for i in range(len(S.gens)):
        cuts = slice_cuts(S, i)
        if cuts is not None:
            return i, cuts
    return None


def slice_node(S: Node, t: int, root: Fraction) -> Node:
    """The slice F ∩ {u_t = root}, translated to u_t = 0 (the units |u_t|^… dropped when root ≠ 0)."""
    R, xs = _ring(S.variables)
    gens = S.gens
    if root != 0:
        shift = xs[t] + R.domain.convert(root.numerator) / R.domain.convert(root.denominator)
        gens = tuple(from_ring_element(to_ring_element(g, R).compose(xs[t], shift), S.variables) for g in S.gens)
    keep = root == 0
    kappa = tuple(k if (j != t or keep) else 0 for j, k in enumerate(S.kappa))
    eta = tuple(e if (j != t or keep) else 0 for j, e in enumerate(S.eta))
    return normalise(replace(S, gens=tuple(gens), kappa=kappa, eta=eta, zero=S.zero | {t}))


def univariate(q: Polynomial, t: int):
    """q, a polynomial in u_t alone, as a sympy Poly over QQ."""
    import sympy

    x = sympy.Symbol("t")
    return sympy.Poly(sum(sympy.Rational(c.numerator, c.denominator) * x ** e[t] for e, c in q.terms.items()), x,
                      domain="QQ")


def units_on_zeros(S: Node) -> list[int]:
    """The free coordinates of the monomial or the amplitude (κ_t > 0 or η_t > 0, t ∉ Z) that have no zero on
    V, the common zeros on F of the restricted generators: 1 ∈ ⟨u_t, restricted generators⟩ (a Groebner
    basis over ℚ; no common complex zero). Near V each such |u_t|^… is a positive unit.

    >>> from rlct.poly import parse
    >>> names = ["x", "y", "z"]
    >>> S = Node((parse("x*(1 - 2*y**2) + 1", names), parse("x**2*y*z**2", names)), (3, 0, 6), (4, 0, 7),
    ...          frozenset({2}), 2)
    >>> units_on_zeros(S)
    [0]
    """
    if S.scale != 2:
        return []
    polys = [p for p in restricted(S) if not p.is_zero()]
    if not polys:
        return []
    from .blowup import coordinate, unit_ideal

    return [t for t in range(len(S.kappa)) if t not in S.zero and (S.kappa[t] or S.eta[t])
            and unit_ideal([coordinate(S.variables, t)] + polys)]


def units_dropped(S: Node, units: list[int]) -> Node:
    """The node near V with the unit coordinates' factors dropped (κ_t = η_t = 0 for t in ``units``)."""
    kappa = tuple(0 if i in units else k for i, k in enumerate(S.kappa))
    eta = tuple(0 if i in units else e for i, e in enumerate(S.eta))
    return replace(S, kappa=kappa, eta=eta)
