"""Exact (λ, m) of any 2-variable problem by an embedded resolution with toric charts and translations.

The recursion works on local problems (:class:`~rlct.resolution.steps.Local`): at the origin of (u, v)
over a real number field, K = ε·unit·u^m1 v^m2·Π q_j^e_j·(Σ h_i²), amplitude |u|^η1 |v|^η2 (prior times
Jacobian, up to a positive unit). The root comes from an exact factorisation of K (or of the
generators' gcd, with the cofactors as the ideal part). One step (REFERENCE §3):

1. Unless the problem is already a normal-crossing leaf, the Newton polygons of the factors and of the
   ideal give a normal fan (the common refinement); its rays e1, (edge normals), e2 are refined to a
   unimodular fan (Hirzebruch–Jung: insert primitive rays until neighbours have det 1).
2. Each cone (a, b) gives the chart x = u^a1 v^b1, y = u^a2 v^b2. Every factor becomes u^ℓ(a) v^ℓ(b)·q̃
   with q̃(0, 0) ≠ 0, and the ideal u^ℓ(a) v^ℓ(b)·⟨h̃_i⟩ with some h̃_i(0, 0) ≠ 0 (the cone lies in one
   normal cone of each polygon): the chart origin is a leaf, K = unit·u^κ1 v^κ2, amplitude
   η' = (⟨a, η+1⟩ − 1, ⟨b, η+1⟩ − 1); candidate min over κ_i > 0 of (η'_i + 1)/κ_i, m = number of minimisers.
3. On the exceptional curve u = 0 of an interior ray a (chart (a, next ray)) the strict transform vanishes
   at v = c ≠ 0 exactly at the real roots of E = Π q̃_j(0, t) · gcd_i h̃_i(0, t). At each, v = c + v' gives
   the child: kept are the factors (and the ideal) vanishing there, the others are units (their sign
   goes into ε); monomial (κ1, 0), amplitude (η'1, 0). Complex roots give no real points. Irrational
   roots put the child over a larger real number field (:mod:`rlct.resolution.roots`).
4. Leaves without charts: a monomial (no factor, no ideal), or one smooth factor crossing the monomial
   curve transversally (q_v(0, 0) ≠ 0 with m2 = η2 = 0: coordinates (u, q)); this ends the chase of a
   smooth branch whose expansion never terminates.

λ is the smallest leaf candidate and m the largest leaf multiplicity attaining it. For K given directly
every leaf must also show K >= 0 (even exponents, positive sign), otherwise InputError.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> r = plane_curve_strategy(Problem.from_polynomial(parse("(x**2 - 2*y**2)**2")))
>>> r.lam, r.m, r.status, r.method
(Fraction(1, 2), 2, 'exact', 'plane-curve')
>>> verify_plane_certificate(r.certificate)
(Fraction(1, 2), 2)
"""
from __future__ import annotations

import time

from ..errors import InputError
from ..poly import fraction_str
from ..result import LC
from .check import COVERING, combine_leaves, resolution_text, verify_plane_certificate
from .field import RealField, embedding
from .roots import real_roots
from .steps import (Local, chart_json, chart_step, child_local, edge_polynomial, factorise, leaf_json, leaf_of,
                    leaf_value, local_json, node_rays, nonnegative_leaf, root_local)

__all__ = ["plane_curve_strategy", "verify_plane_certificate", "resolution_text"]

MAX_NODES = 4000


class _OutOfBudget(Exception):
    pass


def plane_curve_strategy(P, deadline: float | None = None, max_nodes: int = MAX_NODES) -> LC | None:
    """Exact (λ, m) of a 2-variable problem by toric charts and translations, with a certificate.

    Returns None when the problem does not have exactly 2 variables or the budget (``deadline`` on
    :func:`time.monotonic`, ``max_nodes`` local problems) ends before the tree is complete.
    Raises :class:`~rlct.errors.InputError` when K (not given as a sum of squares) is negative near
    the point.

    Examples
    --------
    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> r = plane_curve_strategy(Problem.from_polynomial(parse("(y - x**2)**2 + x**6")))
    >>> r.lam, r.m
    (Fraction(2, 3), 1)
    >>> r = plane_curve_strategy(Problem.from_generators([parse("x*y"), parse("x**2 - y**3")]))
    >>> r.lam, r.m
    (Fraction(1, 2), 2)
    >>> plane_curve_strategy(Problem.from_polynomial(parse("x**2 + y**2 + z**2"))) is None
    True
    """
    if P.nvars != 2 or P.K.is_zero():
        return None
    if (0, 0) in P.K.terms:
        raise InputError("K does not vanish at the point (it has a constant term)")
    Q = RealField.rationals()
    fact = factorise(P)
    builder = _Builder(not P.is_sos, [Q], deadline, max_nodes)
    try:
        tree = builder.node(root_local(Q, P, fact))
    except _OutOfBudget:
        return None
    lam, m = combine_leaves(builder.leaves)
    cert = {"kind": "plane-curve", "problem": P.to_json(), "scale": 2 if P.is_sos else 1, "factorisation": fact,
            "fields": [F.to_json() for F in builder.fields], "tree": tree,
            "lambda": fraction_str(lam), "m": m, "covering": COVERING, "nodes": builder.count}
    return LC(lam, m, "exact", "plane-curve", None, P.variables, cert)


class _Builder:
    def __init__(self, signed: bool, fields: list, deadline, max_nodes: int):
        self.signed, self.fields, self.deadline, self.max_nodes = signed, fields, deadline, max_nodes
        self.count = 0
        self.leaves: list = []

    def _tick(self):
        self.count += 1
        if self.count > self.max_nodes or (self.deadline is not None and time.monotonic() > self.deadline):
            raise _OutOfBudget()

    def _leaf(self, kappa, eta, sign):
        if self.signed and not nonnegative_leaf(kappa, sign):
            raise InputError("K is negative near the point: a chart of its resolution shows a sign change")
        value = leaf_value(kappa, eta)
        if value is not None:
            self.leaves.append(value)

    def node(self, L: Local) -> dict:
        self._tick()
        F = self.fields[L.fid]
        out = local_json(F, L)
        leaf = leaf_of(L)
        if leaf is not None:
            self._leaf(leaf["kappa"], leaf["eta"], L.sign)
            out["leaf"] = leaf_json(leaf)
            return out
        rays = node_rays(L)
        out["rays"] = [list(r) for r in rays]
        out["charts"] = []
        for a, b in zip(rays, rays[1:]):
            ch = chart_step(F, L, a, b, self.signed)
            self._leaf(ch.kappa, ch.eta, ch.sign)
            data = chart_json(F, ch)
            if a[0] > 0 and a[1] > 0:
                data["divisor"] = self.divisor(L, ch)
            out["charts"].append(data)
        return out

    def divisor(self, L: Local, ch) -> dict:
        F = self.fields[L.fid]
        E = edge_polynomial(F, ch)
        points = []
        for root in real_roots(F, E):
            if root.field is F:
                cid = L.fid
            else:
                self.fields.append(root.field)
                cid = len(self.fields) - 1
            G = self.fields[cid]
            child = child_local(F, G, embedding(F, G, root.phi), L, ch, root.value, cid, self.signed)
            points.append({"field": cid, "embedding": G.element_json(root.phi), "root": G.element_json(root.value),
                           "interval": [fraction_str(root.interval[0]), fraction_str(root.interval[1])],
                           "node": self.node(child)})
        return {"edge": [F.element_json(c) for c in E], "points": points}
