"""Toric resolution from the Newton polyhedron: normal fan, simplicial and unimodular refinement, charts.

The normal fan of P = conv(support) + ℝ≥0^n covers the positive orthant; its maximal cones are the normal
cones of the vertices of P, spanned by the (primitive, inner) normals of the facets through the vertex
(REFERENCE §2–§3). :func:`simplicial_subdivision` triangulates every cone by pulling its rays in one global
order (so shared faces are triangulated alike and the result is a fan); :func:`unimodular_refinement`
star-subdivides the whole fan at lattice points of half-open fundamental parallelepipeds until every cone
has |det| = 1 (in 2D this is Hirzebruch–Jung). :func:`toric_charts` turns each unimodular cone into a
:class:`rlct.toric.ToricChart` (the rays are the columns of the chart matrix). By Varchenko's theorem the
smallest candidate pole over the charts is the Newton value λ_N with multiplicity m_N: :func:`fan_value`.

All arithmetic is exact (integers and Fractions; PPL for facets).

Examples
--------
>>> fan = unimodular_refinement(simplicial_subdivision(normal_fan([(2, 0), (0, 3)])))
>>> sorted({r for c in fan for r in c})
[(0, 1), (1, 0), (1, 1), (2, 1), (3, 2)]
>>> fan_value(toric_charts([(2, 0), (0, 3)]))            # x² + y³: λ = 1/2 + 1/3
(Fraction(5, 6), 1)
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import Sequence

from .errors import BudgetExceeded, InputError
from .poly import Polynomial
from .toric import ToricChart, candidate_pole, toric_chart

Ray = tuple[int, ...]
Cone = tuple[Ray, ...]


def _primitive(v: Sequence[int]) -> Ray:
    g = 0
    for x in v:
        g = gcd(g, int(x))
    return tuple(int(x) // g for x in v) if g > 1 else tuple(int(x) for x in v)


def _polyhedron(points, rays):
    import ppl

    n = len(points[0]) if points else len(rays[0])
    gens = ppl.Generator_System()
    for p in points:
        gens.insert(ppl.point(ppl.Linear_Expression([int(k) for k in p], 0)))
    for r in rays:
        gens.insert(ppl.ray(ppl.Linear_Expression([int(k) for k in r], 0)))
    return ppl.C_Polyhedron(gens), n


def normal_fan(support: Sequence[Sequence[int]]) -> list[Cone]:
    """Maximal cones of the normal fan of conv(support) + ℝ≥0^n: for each vertex v of the polyhedron, the
    primitive inner normals of the facets through v (sorted; the cones are sorted too).

    Examples
    --------
    >>> normal_fan([(2, 0), (0, 3)])
    [((0, 1), (3, 2)), ((1, 0), (3, 2))]
    >>> normal_fan([(1, 1, 1)])           # a single monomial: the whole orthant
    [((0, 0, 1), (0, 1, 0), (1, 0, 0))]
    """
    pts = sorted({tuple(int(x) for x in e) for e in support})
    if not pts:
        raise InputError("the normal fan needs a nonempty support")
    n = len(pts[0])
    if n == 0 or any(len(p) != n or min(p) < 0 for p in pts):
        raise InputError("the support must be nonnegative exponent tuples of one length ≥ 1")
    poly, _ = _polyhedron(pts, [tuple(int(i == j) for j in range(n)) for i in range(n)])
    facets = []
    for con in poly.minimized_constraints():
        facets.append((_primitive([int(c) for c in con.coefficients()]), -int(con.inhomogeneous_term())))
    vertices = [tuple(int(c) for c in g.coefficients()) for g in poly.minimized_generators()
                if g.is_point()]
    cones = set()
    for v in vertices:
        cones.add(tuple(sorted(a for a, b in facets if sum(x * y for x, y in zip(a, v)) == b)))
    return sorted(cones)


@lru_cache(maxsize=None)
def _cone_facets(rays: Cone) -> tuple[tuple[Cone, ...], int]:
    """The facets of cone(rays) (as subsets of the rays, order kept) and the cone's dimension."""
    n = len(rays[0])
    poly, _ = _polyhedron([(0,) * n], list(rays))
    out = []
    for con in poly.minimized_constraints():
        if con.is_inequality():
            a = [int(c) for c in con.coefficients()]
            out.append(tuple(r for r in rays if sum(x * y for x, y in zip(a, r)) == 0))
    return tuple(out), poly.affine_dimension()


@lru_cache(maxsize=None)
def _pull(rays: Cone) -> tuple[Cone, ...]:
    """Pulling triangulation of cone(rays), pulling the rays in the given order."""
    facets, dim = _cone_facets(rays)
    if len(rays) == dim:
        return (rays,)
    v = rays[0]
    return tuple((v,) + t for f in facets if v not in f for t in _pull(f))


def simplicial_subdivision(cones: Sequence[Sequence[Ray]]) -> list[Cone]:
    """Triangulate every cone with its own rays, pulling rays in one global (sorted) order, so that cones
    sharing a face triangulate it alike and the result is again a fan. Simplicial cones are kept.

    Examples
    --------
    >>> simplicial_subdivision([[(1, 0, 0), (0, 1, 0), (1, 0, 1), (0, 1, 1)]])
    [((0, 1, 0), (0, 1, 1), (1, 0, 1)), ((0, 1, 0), (1, 0, 0), (1, 0, 1))]
    """
    out = set()
    for c in cones:
        out.update(_pull(tuple(sorted(tuple(int(x) for x in r) for r in c))))
    return sorted(tuple(sorted(s)) for s in out)


def _inverse(rays: Cone) -> tuple[int, tuple[tuple[int, ...], ...]]:
    """(det A, adj A) for A with rows = rays, exactly: λ = p·adj/det solves p = Σ λ_i a_i."""
    n = len(rays)
    M = [[Fraction(x) for x in r] + [Fraction(int(i == j)) for j in range(n)] for i, r in enumerate(rays)]
    det = Fraction(1)
    for c in range(n):
        piv = next((r for r in range(c, n) if M[r][c] != 0), None)
        if piv is None:
            raise InputError(f"the cone {rays} is not full-dimensional")
        if piv != c:
            M[c], M[piv] = M[piv], M[c]
            det = -det
        det *= M[c][c]
        inv = 1 / M[c][c]
        M[c] = [x * inv for x in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    d = int(det)
    return d, tuple(tuple(int(x * d) for x in row[n:]) for row in M)


def determinant(rays: Sequence[Ray]) -> int:
    """The determinant of the matrix with the given rows.

    Examples
    --------
    >>> determinant([(1, 0), (3, 2)]), determinant([(0, 1), (1, 0)])
    (2, -1)
    """
    return _inverse(tuple(tuple(r) for r in rays))[0]


def _coords(inv, p: Ray) -> tuple[int, ...]:
    """det·λ for p = Σ λ_i a_i (integers; divide by det for λ)."""
    det, adj = inv
    n = len(p)
    return tuple(sum(p[j] * adj[j][i] for j in range(n)) for i in range(n))


def parallelepiped_point(rays: Sequence[Ray], max_group: int = 5000) -> Ray | None:
    """A nonzero primitive lattice point of the half-open parallelepiped {Σ λ_i a_i : 0 ≤ λ_i < 1} of the
    cone (the one with the smallest Σλ_i, ties broken lexicographically), or None when |det| = 1.

    Examples
    --------
    >>> parallelepiped_point([(0, 1), (3, 2)]), parallelepiped_point([(1, 0), (3, 2)])
    ((1, 1), (2, 1))
    >>> parallelepiped_point([(1, 0), (0, 1)]) is None
    True
    """
    rays = tuple(tuple(r) for r in rays)
    det, adj = inv = _inverse(rays)
    d = abs(det)
    if d == 1:
        return None
    n = len(rays)
    # the group ℤ^n / ⟨rays⟩, as λ-vectors scaled by d (entries mod d); generated by the unit vectors
    gens = {tuple((x * (1 if det > 0 else -1)) % d for x in _coords(inv, tuple(int(i == j) for j in range(n))))
            for i in range(n)}
    gens.discard((0,) * n)
    group, frontier = {(0,) * n}, [(0,) * n]
    while frontier and len(group) <= max_group:
        new = []
        for g in frontier:
            for h in gens:
                s = tuple((x + y) % d for x, y in zip(g, h))
                if s not in group:
                    group.add(s)
                    new.append(s)
        frontier = new
    best = min((sum(g), g) for g in group if any(g))[1]
    p = tuple(sum(best[i] * rays[i][j] for i in range(n)) // d for j in range(n))
    return _primitive(p)


def unimodular_refinement(cones: Sequence[Sequence[Ray]], max_cones: int = 20000) -> list[Cone]:
    """Refine a simplicial fan to a unimodular one by star subdivisions of the whole fan: pick a cone with
    |det| > 1 (largest |det| first), a primitive point p of its half-open parallelepiped, and replace every
    cone containing p = Σ λ_i a_i by the cones with a_i ↦ p for each λ_i > 0 (each has smaller |det|).

    Raises :class:`BudgetExceeded` when the fan would exceed ``max_cones`` cones.

    Examples
    --------
    >>> unimodular_refinement([((1, 0), (3, 2)), ((0, 1), (3, 2))])
    [((0, 1), (1, 1)), ((1, 0), (2, 1)), ((1, 1), (3, 2)), ((2, 1), (3, 2))]
    """
    fan = {tuple(sorted(tuple(int(x) for x in r) for r in c)): None for c in cones}
    invs = {c: _inverse(c) for c in fan}
    while True:
        bad = [c for c in fan if abs(invs[c][0]) > 1]
        if not bad:
            return sorted(fan)
        c0 = max(bad, key=lambda c: (abs(invs[c][0]), c))
        p = parallelepiped_point(c0)
        for c in list(fan):
            lam = _coords(invs[c], p)
            sign = 1 if invs[c][0] > 0 else -1
            if any(x * sign < 0 for x in lam):
                continue
            del fan[c]
            del invs[c]
            for i, x in enumerate(lam):
                if x != 0:
                    new = tuple(sorted(c[:i] + (p,) + c[i + 1:]))
                    fan[new] = None
                    invs[new] = _inverse(new)
        if len(fan) > max_cones:
            raise BudgetExceeded(f"the unimodular refinement of the toric fan needs more than {max_cones} cones")


def _generators(K) -> list[Polynomial]:
    if isinstance(K, Polynomial):
        return [K]
    K = list(K)
    if K and all(isinstance(g, Polynomial) for g in K):
        return K
    support = sorted({tuple(int(x) for x in e) for e in K})
    if not support:
        raise InputError("toric charts need a nonempty support or generator list")
    names = tuple(f"w{i + 1}" for i in range(len(support[0])))
    return [Polynomial(names, {e: Fraction(1) for e in support})]


def toric_charts(K, prior: Sequence[int] | None = None, max_cones: int = 20000) -> list[ToricChart]:
    """One :class:`ToricChart` per cone of the unimodular refinement of the normal fan of K's Newton
    polyhedron (chart matrix: the cone's rays as columns), with κ = the orders ℓ(a_j) of K along the rays
    and η_j = ⟨a_j, h + 1⟩ − 1 for the prior |w^h|.

    K is a Polynomial, a list of Polynomials (generators of an ideal: the Newton polyhedron of the union of
    their supports) or a list of exponent tuples (coefficients 1). The candidate pole of a chart for K itself
    is ``chart.candidate(scale=1)``; use scale=2 when the generators f_i stand for K = Σ f_i².

    Examples
    --------
    >>> charts = toric_charts([(2, 0), (0, 3)], prior=(1, 0))     # |x|: λ = 4/3
    >>> len(charts), sorted(ch.candidate(scale=1) for ch in charts)[0]
    (4, (Fraction(4, 3), 1))
    """
    gens = _generators(K)
    n = gens[0].nvars
    h = tuple(prior) if prior is not None else (0,) * n
    if len(h) != n or min(h, default=0) < 0:
        raise InputError(f"the prior exponent {h} must be {n} nonnegative integers")
    support = sorted({e for g in gens for e in g.terms})
    fan = unimodular_refinement(simplicial_subdivision(normal_fan(support)), max_cones)
    charts = []
    for cone in fan:
        A = [[cone[j][i] for j in range(n)] for i in range(n)]
        charts.append(toric_chart(A, gens, kappa=(0,) * n, eta=h))
    return charts


def fan_value(charts: Sequence[ToricChart], scale: int = 1):
    """(λ, m): the smallest candidate pole over the charts and the largest number of coordinates attaining
    it in one chart (None when no chart has a pole).

    Examples
    --------
    >>> fan_value(toric_charts([(2, 2)]))           # x²y²: λ = 1/2, m = 2
    (Fraction(1, 2), 2)
    """
    poles = [p for p in (candidate_pole(ch.kappa, ch.eta, scale) for ch in charts) if p is not None]
    if not poles:
        return None
    lam = min(p[0] for p in poles)
    return lam, max(m for l, m in poles if l == lam)
