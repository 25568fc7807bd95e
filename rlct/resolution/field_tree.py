"""The search below an irrational slice (nodes over Q(θ), :mod:`.field_nodes`) and its re-check.

:func:`expand_field` grows the subtree of a :class:`~rlct.resolution.field_nodes.FieldNode` inside the
blow-up search (:mod:`.recursion`, which owns the budget, the leaves and the count of open branches);
:func:`check_field` walks a stored subtree as :mod:`.tree_check` walks a rational one: every state
re-derived and compared, every step re-applied with its precondition, every centre re-validated, the points
recomputed by the same exact function, every leaf re-checked.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> from rlct.resolution import blowup_strategy, verify_blowup_certificate
>>> from rlct.resolution.tree_view import tree_nodes
>>> r = blowup_strategy(Problem.from_generators([parse(g, ["x", "y", "z"]) for g in
...                                             ("x**2 - 7*z**2", "y**3 - 2*x**3 - 2*z**3")]))
>>> r.lam, r.m, r.status
(Fraction(2, 3), 2, 'exact')
>>> sorted({n["state"]["field"]["minpoly"][-1] and len(n["state"]["field"]["minpoly"]) - 1
...         for n in tree_nodes(r.certificate["tree"]) if "field" in n["state"]})       # degrees of the fields
[2, 6]
>>> verify_blowup_certificate(r.certificate)
(Fraction(2, 3), 2, True)
"""
from __future__ import annotations

from fractions import Fraction

from ..newton import CertificateError
from ..poly import fraction_str
from ..toric import candidate_pole
from .blowup import MoveError, fibre_components
from .field import FieldError
from .field_nodes import (MAX_TERMS, FieldNode, apply_step, field_chart, field_leaf, field_points, normalise,
                          point_child, point_json, simplify, term_supports)

MAX_DEPTH = 40      # the rational search's limit (recursion.MAX_DEPTH), counted on from its depth


def expand_field(search, N: FieldNode, depth: int) -> dict:
    """The subtree of N; leaves and open branches are booked on ``search`` (a recursion._Search)."""
    out = {"state": N.to_json()}
    if search.out_of_budget() or depth > MAX_DEPTH:
        search.unresolved += 1
        search.cutoffs += 1
        out["unresolved"] = "budget" if depth <= MAX_DEPTH else "depth"
        return out
    search.count += 1
    if search.bar is not None:
        search.bar.update(1)
    try:
        N, steps = simplify(N)
        found = field_leaf(N)
    except (MoveError, FieldError):
        search.unresolved += 1
        out["unresolved"] = "error"
        return out
    out["steps"] = steps
    if N.size() > MAX_TERMS:
        search.unresolved += 1
        out["unresolved"] = "size"
        return out
    if found is not None:
        leaf, value = found
        search.leaves.append(value)
        out["leaf"] = leaf | {"lambda": fraction_str(value[0]), "m": value[1]}
        return out
    from .recursion import centre_for

    centre = centre_for(term_supports(N), len(N.kappa), N.zero)
    points = None
    if centre is None or len(N.zero) < len(N.kappa):
        # where the generators' zeros on F are a few points, go to them first: a blow-up centred on F would
        # leave charts whose fibre sets carry curves of zeros, which no move here can close
        try:
            points = field_points(N)
        except FieldError:
            points = None
    if centre is None or points is not None:
        if points is None:
            search.unresolved += 1
            out["unresolved"] = "no centre"
            return out
        try:
            children = [point_child(N, H, image, p) for H, image, p in points]
        except (MoveError, FieldError):
            search.unresolved += 1
            out["unresolved"] = "error"
            return out
        out["points"] = {"rest": _rest(N, search.leaves),
                         "points": [point_json(N, *point) | {"node": expand_field(search, child, depth + 1)}
                                    for point, child in zip(points, children)]}
        return out
    try:
        transforms = [(j, field_chart(N, centre, j)) for j in centre]
    except (MoveError, FieldError):
        search.unresolved += 1
        return {"state": out["state"], "unresolved": "error"}
    if any(C.gens == N.gens for _, C in transforms):
        # a chart gives the node back with a larger κ: blowing up this centre again would not end
        search.unresolved += 1
        return {"state": out["state"], "unresolved": "repeat"}
    charts = []
    for j, C in transforms:
        kids = [expand_field(search, FieldNode(C.field, C.names, C.gens, C.kappa, C.eta, Z), depth + 1)
                for Z in fibre_components(N.zero, centre, j)]
        charts.append({"chart": N.names[j], "children": kids})
    out["blowup"] = {"centre": [N.names[i] for i in centre], "charts": charts}
    return out


def _rest(N: FieldNode, leaves: list) -> dict | None:
    rest = candidate_pole(N.kappa, N.eta, 2)
    if rest is not None:
        leaves.append(rest)
    return None if rest is None else {"lambda": fraction_str(rest[0]), "m": rest[1]}


CONCLUSIONS = ("leaf", "blowup", "points")


def check_field(N: FieldNode, node: dict, leaves: list) -> int:
    """Re-check a stored subtree of N; its leaves' values are appended to ``leaves``; returns the number of
    open branches. Raises CertificateError on any failed claim."""
    _require(node.get("state") == N.to_json(), "a stored state over a number field differs from the derived one")
    if "unresolved" in node:
        _require(not any(k in node for k in CONCLUSIONS), "an unresolved node with a conclusion")
        return 1
    N = normalise(N)
    for step in node.get("steps", []):
        N = apply_step(N, step)
    if "leaf" in node:
        stored = node["leaf"]
        found = field_leaf(N, stored)
        _require(found is not None, "a leaf over a number field whose claim does not hold")
        leaf, value = found
        _require(Fraction(stored["lambda"]) == value[0] and int(stored["m"]) == value[1],
                 f"a leaf over a number field has candidate {fraction_str(value[0])} (m = {value[1]}), the "
                 f"certificate says {stored['lambda']} (m = {stored['m']})")
        leaves.append(value)
        return 0
    if "points" in node:
        points = field_points(N)
        _require(points is not None, "points claimed where the zeros over a number field are not found")
        data = node["points"]
        entries = data["points"]
        _require(len(entries) == len(points) and all({k: e[k] for k in ("field", "image", "at")} == point_json(N, *p)
                                                     for e, p in zip(entries, points)),
                 "the points over a number field are not the real zeros on the fibre set")
        rest = candidate_pole(N.kappa, N.eta, 2)
        _require((rest is None) == (data["rest"] is None), "the candidate off the points is wrong")
        if rest is not None:
            _require(Fraction(data["rest"]["lambda"]) == rest[0] and int(data["rest"]["m"]) == rest[1],
                     "the candidate off the points is wrong")
            leaves.append(rest)
        return sum(check_field(point_child(N, *p), e["node"], leaves) for e, p in zip(entries, points))
    data = node["blowup"]
    centre = [N.names.index(v) for v in data["centre"]]
    charts = [N.names.index(c["chart"]) for c in data["charts"]]
    _require(sorted(charts) == sorted(centre) and len(set(centre)) == len(centre),
             "the charts over a number field are not the centre")
    count = 0
    for j, chart in zip(charts, data["charts"]):
        C = field_chart(N, centre, j)
        comps = fibre_components(N.zero, centre, j)
        kids = chart["children"]
        got = [frozenset(N.names.index(v) for v in kid["state"]["zero"]) for kid in kids]
        _require(sorted(map(sorted, got)) == sorted(map(sorted, comps)) and len(got) == len(comps),
                 "a chart's children over a number field are not the preimage's components")
        for Z, kid in zip(got, kids):
            count += check_field(FieldNode(C.field, C.names, C.gens, C.kappa, C.eta, Z), kid, leaves)
    return count


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError(f"blowup: {message}")
