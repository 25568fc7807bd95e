"""The steps of the plane resolution, shared by the search and the checker (all exact, no search).

A :class:`Local` problem at the origin of (u, v) over a real number field F stands for

    K = ε · U · u^m1 v^m2 · Π_j q_j^e_j · (Σ_i h_i²)   (the last factor only when an ideal part is present),

U a positive unit, every q_j and the ideal vanishing at the origin (factors that do not are units and are
dropped, their sign kept in ε). For K given by generators f_i, the root is f_i = c·x^a y^b·Π g_j^k_j·h_i
(g = gcd of the f_i), so m = 2(a, b), e_j = 2k_j and the ideal is ⟨h_i⟩; for K itself, K = c·x^a y^b·Π f_j^e_j
and there is no ideal part. The amplitude is |u|^η1 |v|^η2 times a positive unit.

Leaves (normal crossing):
- no factor and no ideal: K = unit·u^m1 v^m2;
- no ideal and one factor q that is smooth and crosses the monomial curve transversally: q_v(0,0) ≠ 0 with
  m2 = η2 = 0 (coordinates (u, w = q)), or q_u(0,0) ≠ 0 with m1 = η1 = 0 (coordinates (w, v)). This stops
  the chase of a smooth branch whose Taylor series never ends.

Examples
--------
>>> unimodular_rays([(1, 0), (3, 2), (0, 1)])
[(1, 0), (2, 1), (3, 2), (1, 1), (0, 1)]
>>> newton_polygon_rays([(4, 0), (2, 3), (0, 6)])
[(1, 0), (3, 2), (0, 1)]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from typing import Sequence

from .field import RealField
from .polys import (bp_chart, bp_edge, bp_from_terms, bp_json, bp_map, bp_min_exponents, bp_shift,
                    bp_translate_v, up_eval, up_gcd, up_mul)


class StepError(ValueError):
    """A step's precondition fails (a chart origin that is not a unit, a wrong factorisation, ...)."""


@dataclass
class Local:
    fid: int
    monomial: tuple[int, int]
    factors: list = field(default_factory=list)   # [(BPoly, exponent)]
    ideal: list = field(default_factory=list)     # [BPoly]; empty: no ideal part
    sign: int = 1
    eta: tuple[int, int] = (0, 0)


@dataclass
class Chart:
    a: tuple[int, int]
    b: tuple[int, int]
    orders: list            # [(ℓ_j(a), ℓ_j(b))] per factor
    strict: list            # strict transforms q̃_j
    ideal_order: tuple | None
    ideal_strict: list
    unit: int | None        # an ideal generator with nonzero constant term
    kappa: tuple[int, int]
    eta: tuple[int, int]
    sign: int               # sign of K at the chart origin (K given directly)


def leaf_of(L: Local) -> dict | None:
    """The normal-crossing description of a local problem that needs no chart, or None.

    >>> Q = RealField.rationals()
    >>> leaf_of(Local(0, (4, 0), [(bp_from_terms(Q, {(0, 1): 1, (1, 0): 3}), 2)], eta=(1, 0)))["kappa"]
    (4, 2)
    >>> leaf_of(Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 2): -1}), 2)])) is None   # two lines
    True
    """
    if not L.factors and not L.ideal:
        return {"type": "monomial", "kappa": tuple(L.monomial), "eta": tuple(L.eta)}
    if L.ideal or len(L.factors) != 1:
        return None
    q, e = L.factors[0]
    if (0, 0) in q:
        return None
    if (0, 1) in q and L.monomial[1] == 0 and L.eta[1] == 0:
        return {"type": "smooth", "direction": "v", "kappa": (L.monomial[0], e), "eta": (L.eta[0], 0)}
    if (1, 0) in q and L.monomial[0] == 0 and L.eta[0] == 0:
        return {"type": "smooth", "direction": "u", "kappa": (e, L.monomial[1]), "eta": (0, L.eta[1])}
    return None


def node_rays(L: Local) -> list[tuple[int, int]]:
    """Unimodular refinement of the common refinement of the factors' and the ideal's normal fans.

    >>> Q = RealField.rationals()
    >>> node_rays(Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 3): -1}), 2)]))
    [(1, 0), (2, 1), (3, 2), (1, 1), (0, 1)]
    """
    rays = set()
    for q, _ in L.factors:
        rays.update(newton_polygon_rays(q))
    if L.ideal:
        rays.update(newton_polygon_rays({e for h in L.ideal for e in h}))
    rays.update({(1, 0), (0, 1)})
    ordered = sorted(rays, key=lambda r: Fraction(r[1], r[0] + r[1]))
    return unimodular_rays(ordered)


def chart_step(F: RealField, L: Local, a, b, signed: bool) -> Chart:
    """x = u^a1 v^b1, y = u^a2 v^b2 on every factor and the ideal; the chart origin must be a unit.

    >>> Q = RealField.rationals()
    >>> L = Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 3): -1}), 2)])
    >>> ch = chart_step(Q, L, (3, 2), (1, 1), signed=True)
    >>> ch.kappa, ch.eta, ch.orders
    ((12, 4), (4, 1), [(6, 2)])
    """
    m = L.monomial
    ka, kb = a[0] * m[0] + a[1] * m[1], b[0] * m[0] + b[1] * m[1]
    sign = L.sign
    orders, strict = [], []
    for q, e in L.factors:
        moved = bp_chart(q, a, b)
        la, lb = bp_min_exponents([moved])
        qs = bp_shift(moved, -la, -lb)
        if (0, 0) not in qs:
            raise StepError("a chart origin is not a unit: the fan does not refine a factor's normal fan")
        orders.append((la, lb))
        strict.append(qs)
        ka, kb = ka + e * la, kb + e * lb
        if signed:
            sign *= F.sign(qs[(0, 0)]) ** e
    ideal_order, ideal_strict, unit = None, [], None
    if L.ideal:
        moved = [bp_chart(h, a, b) for h in L.ideal]
        la, lb = bp_min_exponents(moved)
        ideal_strict = [bp_shift(h, -la, -lb) for h in moved]
        unit = next((i for i, h in enumerate(ideal_strict) if (0, 0) in h), None)
        if unit is None:
            raise StepError("a chart origin is not a unit: the fan does not refine the ideal's normal fan")
        ideal_order = (la, lb)
        ka, kb = ka + 2 * la, kb + 2 * lb
    eta = L.eta
    eta_c = (a[0] * (eta[0] + 1) + a[1] * (eta[1] + 1) - 1, b[0] * (eta[0] + 1) + b[1] * (eta[1] + 1) - 1)
    return Chart(tuple(a), tuple(b), orders, strict, ideal_order, ideal_strict, unit, (ka, kb), eta_c, sign)


def edge_polynomial(F: RealField, ch: Chart) -> list:
    """E(t): zero exactly where some strict factor, or the whole strict ideal, vanishes on u = 0.

    >>> Q = RealField.rationals()
    >>> L = Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 3): -1}), 2)])
    >>> [c[0] for c in edge_polynomial(Q, chart_step(Q, L, (3, 2), (1, 1), True))]     # 1 − t
    [Fraction(1, 1), Fraction(-1, 1)]
    """
    E = [F.one]
    for q in ch.strict:
        E = up_mul(F, E, bp_edge(F, q))
    if ch.ideal_strict:
        g: list = []
        for h in ch.ideal_strict:
            g = up_gcd(F, g, bp_edge(F, h))
        E = up_mul(F, E, g)
    return E


def child_local(F: RealField, G: RealField, image, L: Local, ch: Chart, c, cid: int, signed: bool) -> Local:
    """The local problem at (u, v) = (0, c) of the chart, in coordinates (u, v') with v = c + v'.

    >>> Q = RealField.rationals()
    >>> L = Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 3): -1}), 2)])
    >>> ch = chart_step(Q, L, (3, 2), (1, 1), True)
    >>> child = child_local(Q, Q, lambda c: c, L, ch, Q.one, 0, True)
    >>> child.monomial, child.eta, child.factors[0][0]                          # u^12·(−v')²
    ((12, 0), (4, 0), {(0, 1): (Fraction(-1, 1),)})
    """
    sign = L.sign * G.sign(c) ** ch.kappa[1] if signed else 1   # v^κ2 has the sign of c^κ2 near c
    factors = []
    for q, (_, e) in zip(ch.strict, L.factors):
        qG = bp_map(q, image)
        value = up_eval(G, bp_edge(G, qG), c)
        if G.is_zero(value):
            factors.append((bp_translate_v(G, qG, c), e))
        elif signed:
            sign *= G.sign(value) ** e
    ideal = []
    if ch.ideal_strict:
        hs = [bp_map(h, image) for h in ch.ideal_strict]
        if all(G.is_zero(up_eval(G, bp_edge(G, h), c)) for h in hs):
            ideal = [bp_translate_v(G, h, c) for h in hs]
    return Local(cid, (ch.kappa[0], 0), factors, ideal, sign, (ch.eta[0], 0))


def leaf_value(kappa, eta) -> tuple[Fraction, int] | None:
    """Candidate (λ, m) at a normal-crossing point K = u^κ1 v^κ2·unit, amplitude |u|^η1 |v|^η2.

    >>> leaf_value((4, 2), (1, 0))
    (Fraction(1, 2), 2)
    >>> leaf_value((0, 0), (0, 0)) is None
    True
    """
    values = [Fraction(e + 1, k) for k, e in zip(kappa, eta) if k > 0]
    if not values:
        return None
    lam = min(values)
    return lam, values.count(lam)


def nonnegative_leaf(kappa, sign: int) -> bool:
    """K = sign·(positive unit)·u^κ1 v^κ2 (or w^κ) is >= 0 near the point.

    >>> nonnegative_leaf((4, 2), 1), nonnegative_leaf((3, 0), 1), nonnegative_leaf((2, 0), -1)
    (True, False, False)
    """
    return sign > 0 and kappa[0] % 2 == 0 and kappa[1] % 2 == 0


# ---- the root: factorisation -----------------------------------------------------------------------
def factorise(P) -> dict:
    """Search: K = c·x^a y^b·Π f_j^e_j, or for generators f_i = c·x^a y^b·Π g_j^k_j·h_i (g their gcd).

    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> factorise(Problem.from_polynomial(parse("x**2*(x - y)**2")))
    {'constant': '1', 'monomial': [2, 0], 'factors': [[[[[0, 1], '-1'], [[1, 0], '1']], 2]]}
    """
    import sympy

    from ..poly import polynomial_from_expr

    names = P.variables
    syms = sympy.symbols(names)
    if P.is_sos:
        polys = [sympy.Poly(g.to_sympy(), *syms, domain="QQ") for g in P.generators]
        common = polys[0]
        for p in polys[1:]:
            common = common.gcd(p)
        cofactors = [p.exquo(common) for p in polys]
        target = common
    else:
        target, cofactors = sympy.Poly(P.K.to_sympy(), *syms, domain="QQ"), None
    c, flist = target.factor_list()
    mono = [0, 0]
    factors = []
    for f, e in flist:
        if len(f.terms()) == 1:
            (ex, coef), = f.terms()
            mono = [mono[0] + ex[0] * e, mono[1] + ex[1] * e]
            c *= coef ** e
            continue
        factors.append([polynomial_from_expr(f.as_expr(), names).to_json(), int(e)])
    out = {"constant": str(sympy.Rational(c)), "monomial": mono, "factors": factors}
    if cofactors is not None:
        out["cofactors"] = [polynomial_from_expr(h.as_expr(), names).to_json() for h in cofactors]
    return out


def root_local(F: RealField, P, fact: dict) -> Local:
    """Check the factorisation by exact expansion and build the root local problem from it.

    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> P = Problem.from_generators([parse("x*(y - x**2)"), parse("y*(y - x**2)")])
    >>> L = root_local(RealField.rationals(), P, factorise(P))
    >>> L.monomial, [e for _, e in L.factors], len(L.ideal)                  # (y − x²)² · (x² + y²)
    ((0, 0), [2], 2)
    """
    from ..poly import Polynomial, _ring, from_ring_element, to_ring_element

    names = P.variables
    R, _ = _ring(names)
    c = Fraction(fact["constant"])
    a, b = (int(k) for k in fact["monomial"])
    if c == 0 or a < 0 or b < 0:
        raise StepError("bad constant or monomial in the factorisation")
    parts = [(Polynomial.from_json(names, f), int(e)) for f, e in fact["factors"]]
    if any(e < 1 or len(f.terms) < 2 for f, e in parts):
        raise StepError("factors must have exponent >= 1 and at least two terms")
    prod = to_ring_element(Polynomial(names, {(a, b): c}), R)
    for f, e in parts:
        prod *= to_ring_element(f, R) ** e
    signed = not P.is_sos
    if signed:
        if from_ring_element(prod, names) != P.K:
            raise StepError("the factorisation does not multiply out to K")
        scale, ideal_src = 1, []
    else:
        cof = [Polynomial.from_json(names, h) for h in fact["cofactors"]]
        if len(cof) != len(P.generators) or any(
                from_ring_element(prod * to_ring_element(h, R), names) != g for h, g in zip(cof, P.generators)):
            raise StepError("common factor times cofactors does not give the generators")
        scale, ideal_src = 2, cof
    sign = (1 if c > 0 else -1) if signed else 1
    factors = []
    for f, e in parts:
        q = bp_from_terms(F, f.terms)
        if (0, 0) in q:
            if signed:
                sign *= F.sign(q[(0, 0)]) ** e
        else:
            factors.append((q, scale * e))
    ideal = [bp_from_terms(F, h.terms) for h in ideal_src]
    if any((0, 0) in h for h in ideal):
        ideal = []
    return Local(0, (scale * a, scale * b), factors, ideal, sign, tuple(P.prior))


# ---- fans ------------------------------------------------------------------------------------------
def newton_polygon_rays(support) -> list[tuple[int, int]]:
    """e1, the inner normals of the compact edges of the Newton polygon (by increasing slope), e2.

    Examples
    --------
    >>> newton_polygon_rays([(4, 0), (2, 3), (0, 6)])
    [(1, 0), (3, 2), (0, 1)]
    >>> newton_polygon_rays([(2, 2), (3, 3)])
    [(1, 0), (0, 1)]
    """
    pts = sorted(set((int(i), int(j)) for i, j in support))
    if not pts:
        raise StepError("the Newton polygon needs at least one monomial")
    hull: list[tuple[int, int]] = []
    for p in pts:  # lower hull, left to right
        while len(hull) >= 2 and _cross(hull[-2], hull[-1], p) <= 0:
            hull.pop()
        hull.append(p)
    lowest = min(pts, key=lambda p: (p[1], p[0]))
    chain = hull[: hull.index(lowest) + 1]
    rays = [(1, 0)]
    for (x1, y1), (x2, y2) in zip(chain, chain[1:]):
        dx, dy = x2 - x1, y1 - y2
        g = gcd(dx, dy)
        rays.append((dy // g, dx // g))
    rays.append((0, 1))
    return rays


def _cross(o, a, b) -> int:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def unimodular_rays(rays: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Refine consecutive rays (det > 0) to a unimodular fan (Hirzebruch–Jung).

    Between a and b with det d > 1: take e with det(a, e) = 1, write b = α·a + d·e and insert
    c = (⌊α/d⌋ + 1)·a + e, which has det(a, c) = 1 and 0 < det(c, b) < d; repeat on (c, b).

    Examples
    --------
    >>> unimodular_rays([(1, 0), (3, 2), (0, 1)])
    [(1, 0), (2, 1), (3, 2), (1, 1), (0, 1)]
    """
    out = [tuple(rays[0])]
    for b in rays[1:]:
        b = tuple(b)
        a = out[-1]
        while a[0] * b[1] - a[1] * b[0] > 1:
            d = a[0] * b[1] - a[1] * b[0]
            e = _complement(a)
            alpha = (b[0] - d * e[0]) // a[0] if a[0] else (b[1] - d * e[1]) // a[1]
            c = ((alpha // d + 1) * a[0] + e[0], (alpha // d + 1) * a[1] + e[1])
            out.append(c)
            a = c
        out.append(b)
    return out


def _complement(a: tuple[int, int]) -> tuple[int, int]:
    """e with a0·e1 − a1·e0 = 1."""
    r0, r1, s0, s1, t0, t1 = a[0], a[1], 1, 0, 0, 1
    while r1:
        q = r0 // r1
        r0, r1, s0, s1, t0, t1 = r1, r0 - q * r1, s1, s0 - q * s1, t1, t0 - q * t1
    if r0 < 0:
        s0, t0 = -s0, -t0
    return (-t0, s0)  # s0·a0 + t0·a1 = 1


# ---- JSON (canonical: equal objects give equal JSON) ---------------------------------------------
def local_json(F: RealField, L: Local) -> dict:
    """JSON of a local problem (canonical, so equal problems give equal JSON).

    >>> local_json(RealField.rationals(), Local(0, (2, 0)))["monomial"]
    [2, 0]
    """
    return {"field": L.fid, "monomial": list(L.monomial),
            "factors": [{"poly": bp_json(F, q), "exponent": e} for q, e in L.factors],
            "ideal": [bp_json(F, h) for h in L.ideal], "sign": L.sign, "amplitude": list(L.eta)}


def chart_json(F: RealField, ch: Chart) -> dict:
    """JSON of a chart with its candidate pole.

    >>> Q = RealField.rationals()
    >>> L = Local(0, (0, 0), [(bp_from_terms(Q, {(2, 0): 1, (0, 3): -1}), 2)])
    >>> chart_json(Q, chart_step(Q, L, (3, 2), (1, 1), True))["candidate"]
    ['5/12', 1]
    """
    from ..poly import fraction_str
    leaf = leaf_value(ch.kappa, ch.eta)
    return {"cone": [list(ch.a), list(ch.b)], "orders": [list(o) for o in ch.orders],
            "strict": [bp_json(F, q) for q in ch.strict],
            "ideal_order": None if ch.ideal_order is None else list(ch.ideal_order),
            "ideal_strict": [bp_json(F, h) for h in ch.ideal_strict], "unit": ch.unit,
            "kappa": list(ch.kappa), "eta": list(ch.eta), "sign": ch.sign,
            "candidate": None if leaf is None else [fraction_str(leaf[0]), leaf[1]]}


def leaf_json(leaf: dict) -> dict:
    """JSON of a leaf with its candidate pole.

    >>> leaf_json({"type": "monomial", "kappa": (2, 2), "eta": (0, 0)})["candidate"]
    ['1/2', 2]
    """
    from ..poly import fraction_str

    value = leaf_value(leaf["kappa"], leaf["eta"])
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in leaf.items()}
    out["candidate"] = None if value is None else [fraction_str(value[0]), value[1]]
    return out
