"""Re-check a blow-up certificate without searching (:mod:`.tree_view` prints it and draws it).

:func:`verify_blowup_certificate` rebuilds the root node from the problem and walks the tree: every stored
state (generators, κ, η, fibre set) must equal the one re-derived from the parent; every coordinate change is
re-applied with its preconditions (shift free of its coordinate, κ_k = η_k = 0, the fibre set mapped onto
itself); every eliminate re-checked (the generator is c·u_k); every blow-up must list each centre coordinate
as a chart exactly once, and each chart's children must be exactly the components of the preimage of the
fibre set (:func:`~rlct.resolution.blowup.fibre_components`); translation points and slices must be exactly
the recomputed real zeros (:mod:`rlct.resolution.points`), and so must ``algebraic`` points, each
irrational one's Newton leaf recomputed with its face claims re-checked (:mod:`rlct.resolution.algebraic`); a ``divide`` node's factor must divide its
generator, its slices must be the factor's rational roots, a ``unit`` factor must be sign-definite, and a
``smooth`` child's conditions and sign witnesses are re-checked (:mod:`rlct.resolution.divide`), each
child re-derived; a ``zeros`` node's conditions likewise, or with ``substitute`` those of the substitution
through the other generators and its phantom points (:mod:`rlct.resolution.graph`); a ``units`` node's
coordinates must be exactly the recomputed ones (:func:`~rlct.resolution.points.units_on_zeros`); a ``field-slices`` node's slices must be the recomputed roots, and each irrational slice's subtree over
its number field is re-checked by :func:`~rlct.resolution.field_tree.check_field`; every ``power-eliminate`` re-checks that the generator is a constant times the stated
power, and every ``factor-eliminate`` that the generator is a monomial free of its coordinate times a factor
linear in it whose coefficient has no zero on the fibre set; every ``scaling`` step re-checks that the generators are homogeneous for its weights, with weights
≥ 0 off the fibre set's zero coordinates (:mod:`rlct.resolution.scaling`); every leaf's reason is re-checked on the fibre set (nonzero constant, sign-definite generator, a
reduced Groebner basis [1], or a smooth leaf with its witness) and its candidate recomputed. A reference (``same``) must name an earlier node with an ``id`` whose
state, renamed as stated, is exactly the reference's state (:func:`~rlct.resolution.symmetry.same_node`); it
takes that subtree's value. λ, m are the Lin-minimum over the leaves; the result is exact only if no branch
is unresolved.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> from rlct.resolution.recursion import blowup_strategy
>>> cert = blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4"))).certificate
>>> verify_blowup_certificate(cert)
(Fraction(1, 2), 3, True)
>>> cert["tree"]["blowup"]["charts"].pop()["chart"]                    # drop a chart
'y'
>>> verify_blowup_certificate(cert)
Traceback (most recent call last):
...
rlct.newton.CertificateError: blowup: the charts ['x'] are not the centre ['x', 'y']
"""
from __future__ import annotations

from fractions import Fraction

from ..newton import CertificateError
from ..poly import Polynomial, fraction_str
from ..problem import Problem
from .blowup import (MoveError, Node, blowup_chart, definite, fibre_components, leaf_value, restricted, root_node,
                     unit_ideal)
from ..toric import candidate_pole
from .algebraic import algebraic_leaf, algebraic_points, point_record, rational_point
from .divide import coordinates, divide_roots, quotient_node, smooth_child, smooth_conditions
from .graph import graph_child, substitution_conditions
from .points import fibre_points, slice_cuts, slice_node, translate, units_dropped, units_on_zeros
from .recursion import combine, point_json
from .simplify import apply_step
from .symmetry import same_node


def verify_blowup_certificate(cert: dict) -> tuple[Fraction, int, bool]:
    """(λ, m, complete) proved by a ``blowup`` certificate; raises CertificateError on any failed claim."""
    P = Problem.from_json(cert["problem"])
    scale = 2 if P.is_sos else 1
    _require(int(cert["scale"]) == scale, "wrong scale")
    gens = list(P.generators) if P.is_sos else [P.K]
    walk = _Walk()
    try:
        unresolved = _node(root_node(gens, P.prior, scale), cert["tree"], walk)
    except MoveError as exc:
        raise CertificateError(f"blowup: {exc}") from None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        # a malformed certificate (an unknown coordinate name, a missing field, a wrong type) is a failed
        # claim too, never a crash of the checker
        raise CertificateError(f"blowup: malformed certificate ({type(exc).__name__}: {exc})") from None
    _require(bool(walk.leaves), "the tree has no leaf")
    lam, m = combine(walk.leaves)
    complete = unresolved == 0
    _require(Fraction(cert["lambda"]) == lam and int(cert["m"]) == m,
             f"the tree proves λ = {fraction_str(lam)}, m = {m}, the certificate says {cert['lambda']}, {cert['m']}")
    _require(bool(cert.get("complete")) == complete, "the completeness flag is wrong")
    return lam, m, complete


CONCLUSIONS = ("leaf", "blowup", "translate", "slices", "divide", "zeros", "algebraic", "units", "field-slices",
               "units-off-slices", "factor-off-slices")


class _Walk:
    """The leaves' values so far, and every node with an ``id``: (its state, its subtree's value, unresolved)."""

    def __init__(self):
        self.leaves: list = []
        self.seen: dict = {}


def _node(S: Node, node: dict, walk: _Walk) -> int:
    _require(node["state"] == S.to_json(), f"a stored state differs from the derived one: {node['state']}")
    if "same" in node:
        _require(not any(k in node for k in CONCLUSIONS + ("unresolved", "steps", "id")),
                 "a reference to another node with a conclusion of its own")
        return _same(S, node["same"], walk)
    start = len(walk.leaves)
    unresolved = _conclusion(S, node, walk)
    if "id" in node:
        ident = node["id"]
        _require(type(ident) is int and ident not in walk.seen, f"a node id that is not a new integer: {ident!r}")
        value = combine(walk.leaves[start:]) if len(walk.leaves) > start else None
        walk.seen[ident] = (S, value, unresolved)
    return unresolved


def _same(S: Node, data: dict, walk: _Walk) -> int:
    """S is an earlier node with its coordinates renamed: it has that node's value (:mod:`.symmetry`)."""
    ident = data["node"]
    _require(type(ident) is int and ident in walk.seen, f"a reference to node {ident}, which is not an earlier node of the tree")
    reference, value, unresolved = walk.seen[ident]
    renaming = {str(a): str(b) for a, b in data["renaming"].items()}
    _require(same_node(reference, S, renaming), f"the node is not node {ident} with its coordinates renamed "
                                                f"by {renaming}")
    if value is not None:
        walk.leaves.append(value)
    return int(unresolved > 0)


def _conclusion(S: Node, node: dict, walk: _Walk) -> int:
    if "unresolved" in node:
        _require(not any(k in node for k in CONCLUSIONS), "an unresolved node with a conclusion")
        return 1
    for step in node.get("steps", []):
        S = apply_step(S, step)
    if "leaf" in node:
        _check_leaf(S, node["leaf"])
        walk.leaves.append(leaf_value(S, node["leaf"]))
        return 0
    if "translate" in node:
        return _translations(S, node["translate"], walk)
    if "slices" in node:
        return _slices(S, node["slices"], walk)
    if "divide" in node:
        return _divide(S, node["divide"], walk)
    if "zeros" in node:
        return _zeros(S, node["zeros"], walk)
    if "algebraic" in node:
        return _algebraic(S, node["algebraic"], walk)
    if "units" in node:
        return _units(S, node["units"], walk)
    if "field-slices" in node:
        return _field_slices(S, node["field-slices"], walk)
    if "units-off-slices" in node:
        return _units_off_slices(S, node["units-off-slices"], walk)
    if "factor-off-slices" in node:
        return _factor_off_slices(S, node["factor-off-slices"], walk)
    data = node["blowup"]
    names = S.variables
    centre = [names.index(v) for v in data["centre"]]
    charts = [names.index(c["chart"]) for c in data["charts"]]
    _require(sorted(charts) == sorted(centre) and len(set(centre)) == len(centre),
             f"the charts {[c['chart'] for c in data['charts']]} are not the centre {data['centre']}")
    count = 0
    for j, chart in zip(charts, data["charts"]):
        C = blowup_chart(S, centre, j)
        comps = fibre_components(S.zero, centre, j)
        kids = chart["children"]
        got = [frozenset(names.index(v) for v in kid["state"]["zero"]) for kid in kids]
        _require(sorted(map(sorted, got)) == sorted(map(sorted, comps)) and len(got) == len(comps),
                 f"chart {names[j]}: the children's fibre sets are not the preimage's components")
        for Z, kid in zip(got, kids):
            count += _node(Node(C.gens, C.kappa, C.eta, Z, C.scale), kid, walk)
    return count


def _translations(S: Node, data: dict, walk: "_Walk") -> int:
    points = fibre_points(S)
    _require(points is not None, "translations claimed where the fibre set's zeros are not finite and rational")
    names = S.variables
    _require([p["at"] for p in data["points"]] == [point_json(names, p) for p in points],
             "the translation points are not the real zeros on the fibre set")
    _rest(S, data["rest"], walk)
    return sum(_node(translate(S, p), entry["node"], walk) for p, entry in zip(points, data["points"]))


def _algebraic(S: Node, data: dict, walk: "_Walk") -> int:
    """Recompute the points (:func:`~rlct.resolution.algebraic.algebraic_points`), then each rational point's
    subtree and each irrational point's leaf, its face claims re-checked."""
    points = algebraic_points(S)
    _require(points is not None, "algebraic points claimed where the fibre set's zeros are not finitely many "
                                 "in shape position")
    names, entries = S.variables, data["points"]
    _require(len(entries) == len(points), "the algebraic points are not the real zeros on the fibre set")
    _rest(S, data["rest"], walk)
    count = 0
    for (F, point), entry in zip(points, entries):
        if F.d == 1:
            p = rational_point(F, point)
            _require(entry.get("at") == point_json(names, p), "a rational point is not a real zero on the fibre set")
            count += _node(translate(S, p), entry["node"], walk)
            continue
        record = point_record(names, F, point)
        _require(entry.get("field") == record["field"] and entry.get("at") == record["at"],
                 "an irrational point is not a real zero on the fibre set")
        if "unresolved" in entry:
            _require("leaf" not in entry and "node" not in entry, "an unresolved point with a leaf or a subtree")
            count += 1
            continue
        if "node" in entry:
            from .field_nodes import algebraic_child
            from .field_tree import check_field

            _require("leaf" not in entry, "an irrational point with both a leaf and a subtree")
            count += check_field(algebraic_child(S, F, point), entry["node"], walk.leaves)
            continue
        stored = entry["leaf"]
        # the claims must be there to be re-checked: without them algebraic_leaf would search, not check
        _require(isinstance(stored.get("faces"), list), "an irrational point's leaf without its face claims")
        leaf = algebraic_leaf(S, F, point, stored["faces"])
        _require(leaf is not None, "an irrational point's face claims do not hold (not shown non-degenerate)")
        _require(stored.get("local", []) == leaf["local"],
                 "the simplification at an irrational point is not the recomputed one")
        _require(Fraction(stored["lambda"]) == leaf["lambda"] and int(stored["m"]) == leaf["m"],
                 f"the Newton value at an irrational point is {fraction_str(leaf['lambda'])} (m = {leaf['m']}), "
                 f"the certificate says {stored['lambda']} (m = {stored['m']})")
        walk.leaves.append((leaf["lambda"], leaf["m"]))
    return count


def _units(S: Node, data: dict, walk: "_Walk") -> int:
    """The monomial's coordinates claimed nonzero on the zeros must be exactly the recomputed ones."""
    units = units_on_zeros(S)
    _require(bool(units) and data["coordinates"] == [S.variables[t] for t in units],
             "the coordinates claimed to have no zero where the generators vanish on the fibre set are not "
             "the recomputed ones")
    _rest(S, data["rest"], walk)
    return _node(units_dropped(S, units), data["node"], walk)


def _field_slices(S: Node, data: dict, walk: "_Walk") -> int:
    """Slices at rational and irrational roots: recomputed (:func:`~.field_nodes.irrational_slices`); each
    irrational slice's subtree re-checked over its field (:func:`~.field_tree.check_field`)."""
    from .field_nodes import irrational_slices, slice_child
    from .field_tree import check_field

    found = irrational_slices(S)
    _require(found is not None and found[0] == data["generator"],
             "slices at irrational roots claimed where no generator is such a product on the fibre set")
    _, rational, irrational = found
    names, entries = S.variables, data["slices"]
    expected = ([(names[t], fraction_str(r)) for t, r in rational] +
                [(names[t], F.to_json()) for t, F in irrational])
    _require([(e["variable"], e["at"] if "at" in e else e["field"]) for e in entries] == expected,
             "the slices are not the real roots of the generator on the fibre set")
    _rest(S, data["rest"], walk)
    count = sum(_node(slice_node(S, t, r), e["node"], walk) for (t, r), e in zip(rational, entries))
    for (t, F), e in zip(irrational, entries[len(rational):]):
        count += check_field(slice_child(S, t, F), e["node"], walk.leaves)
    return count


def _units_off_slices(S: Node, data: dict, walk: "_Walk") -> int:
    """Recompute t, s and the slices (:mod:`.unit_slices`), re-check the three subtrees, and apply the same
    rule to the values they prove."""
    from .unit_slices import decide, units_off_slices, without_unit

    found = units_off_slices(S)
    _require(found is not None and data["coordinate"] == S.variables[found[0]]
             and data["slice"] == S.variables[found[1]],
             "a coordinate claimed a unit off slices where none is found")
    t, s, cuts = found
    _rest(S, data["rest"], walk)
    rest = candidate_pole(S.kappa, S.eta, S.scale)
    value_B, open_B = _slices_apart(S, s, cuts, data["slices"], walk, keep=True)
    start = len(walk.leaves)
    open_C = _node(without_unit(S, t), data["unit-dropped"], walk)
    leaves_C = walk.leaves[start:]
    del walk.leaves[start:]
    value_CB, open_CB = _slices_apart(without_unit(S, t), s, cuts, data["unit-dropped-slices"], walk, keep=False)
    case = decide(value_B, combine(leaves_C) if leaves_C else None, open_C == 0, value_CB, open_CB == 0, rest)
    _require(case == data["case"], f"the rule for the unit off slices gives {case!r}, the certificate says "
                                   f"{data['case']!r}")
    if case == "C":
        walk.leaves.extend(leaves_C)
        return open_B + open_C
    return open_B + (case == "open")


def _factor_off_slices(S: Node, data: dict, walk: "_Walk") -> int:
    """q divides its generator; the slices are the real roots of the eliminant recomputed from q, the generators
    and s (:mod:`.factor_slices`); both parts re-checked, their leaves all counted."""
    from .factor_slices import factor_cuts

    names = S.variables
    i = int(data["generator"])
    _require(S.scale == 2 and 0 <= i < len(S.gens), "a factor off slices needs an ideal and an existing generator")
    _require(data["slice"] in names, f"an unknown slice coordinate {data['slice']!r}")
    q = Polynomial.from_json(names, data["factor"])
    s = names.index(data["slice"])
    cuts = factor_cuts(S, q, s)
    _require(cuts is not None, "no eliminant with isolated real roots for the factor off slices")
    count = _slices_apart(S, s, cuts, data["slices"], walk, keep=True)[1]
    return count + _node(quotient_node(S, i, q), data["quotient"], walk)


def _slices_apart(S: Node, s: int, cuts: list, entries: list, walk: "_Walk", keep: bool) -> tuple:
    from .field_tree import check_field
    from .unit_slices import slice_entries

    expected = slice_entries(S, s, cuts)
    _require(len(entries) == len(expected) and all({k: v for k, v in e.items() if k != "node"} == record
                                                   for e, (record, _) in zip(entries, expected)),
             "the slices are not the real roots of the eliminant")
    start, opened = len(walk.leaves), 0
    for e, (_, child) in zip(entries, expected):
        opened += (_node(child, e["node"], walk) if isinstance(child, Node)
                   else check_field(child, e["node"], walk.leaves))
    leaves = walk.leaves[start:]
    value = combine(leaves) if leaves else None
    if not keep:
        del walk.leaves[start:]
    return value, opened


def _slices(S: Node, data: dict, walk: "_Walk") -> int:
    i = int(data["generator"])
    _require(0 <= i < len(S.gens), "the sliced generator does not exist")
    cuts = slice_cuts(S, i)
    _require(cuts is not None, "slices claimed where the generator is not a product of one-coordinate "
                               "polynomials with rational real roots on the fibre set")
    names = S.variables
    _require([(e["variable"], e["at"]) for e in data["slices"]] == [(names[t], fraction_str(r)) for t, r in cuts],
             "the slices are not the real roots of the generator on the fibre set")
    _rest(S, data["rest"], walk)
    return sum(_node(slice_node(S, t, r), entry["node"], walk) for (t, r), entry in zip(cuts, data["slices"]))


def _divide(S: Node, data: dict, walk: "_Walk") -> int:
    names = S.variables
    i = int(data["generator"])
    _require(S.scale == 2 and 0 <= i < len(S.gens), "a division needs an ideal and an existing generator")
    q = Polynomial.from_json(names, data["factor"])
    count = 0
    if "variable" in data:
        t = names.index(data["variable"])
        roots = divide_roots(S, t, q)
        _require([e["at"] for e in data["slices"]] == [fraction_str(r) for r in roots],
                 "the slices are not the real roots of the divided factor")
        count += sum(_node(slice_node(S, t, r), entry["node"], walk) for r, entry in zip(roots, data["slices"]))
    elif data.get("unit"):
        _require(definite(q), "a factor divided out as a unit is not sign-definite")
    else:
        smooth = data["smooth"]
        k = names.index(smooth["coordinate"])
        _require(smooth_conditions(S, i, q, coordinate=k), "a smooth factor fails its conditions (coordinates apart from the "
                                             "rest, free, no singular zero)")
        _require(k in coordinates(q), "the child's coordinate is not q's")
        _witnesses(q, smooth)
        count += _node(smooth_child(S, i, q, k), smooth["node"], walk)
    return count + _node(quotient_node(S, i, q), data["quotient"], walk)


def _zeros(S: Node, data: dict, walk: "_Walk") -> int:
    names = S.variables
    i = int(data["generator"])
    _require(S.scale == 2 and 0 <= i < len(S.gens), "smooth zeros need an ideal and an existing generator")
    q = restricted(S)[i]
    k = names.index(data["coordinate"])
    if data.get("substitute"):
        _require(substitution_conditions(S, i, k), "a generator made a coordinate by substitution fails its "
                 "conditions (degree 1, coefficient nonzero on its zeros, not in κ or η, harmless phantom points)")
        _witnesses(q, data)
        _rest(S, data["rest"], walk)
        return _node(graph_child(S, i, k), data["node"], walk)
    _require(q != S.gens[i] and smooth_conditions(S, i, q, whole=True, coordinate=k),
             "a generator's smooth zeros fail their conditions (its value on the fibre set smooth, with "
             "coordinates apart from the rest, other terms on Z)")
    _require(k in coordinates(q), "the child's coordinate is not q's")
    _witnesses(q, data)
    _rest(S, data["rest"], walk)
    return _node(smooth_child(S, i, q, k, whole=True), data["node"], walk)


def _witnesses(q: Polynomial, data: dict) -> None:
    for sign, key in ((1, "positive"), (-1, "negative")):
        point = {v: Fraction(x) for v, x in data[key].items()}
        _require(set(point) <= set(q.variables), "a witness names an unknown coordinate")
        _require(q.evaluate(point) * sign > 0, f"the {key} witness of a smooth factor is not {key}")


def _rest(S: Node, stored, walk: "_Walk") -> None:
    rest = candidate_pole(S.kappa, S.eta, S.scale)
    _require((rest is None and stored is None) or (rest is not None and stored is not None and
             Fraction(stored["lambda"]) == rest[0] and int(stored["m"]) == rest[1]),
             "the candidate off the translation points or slices is wrong")
    if rest is not None:
        walk.leaves.append(rest)


def _check_leaf(S: Node, leaf: dict) -> None:
    on_fibre = restricted(S)
    reason = leaf["reason"]
    if reason == "definite":
        f = on_fibre[int(leaf["generator"])]
        _require(definite(f), "the leaf's generator is not sign-definite on the fibre set")
        if S.scale == 1:
            _require(f.terms[(0,) * f.nvars] > 0 and all(k % 2 == 0 for k in S.kappa),
                     "K is not a positive unit times an even monomial at the leaf")
    elif reason == "smooth":
        from .smooth import check_smooth_point, transversal

        point = {S.variables.index(v): Fraction(x) for v, x in leaf["point"].items()}
        _require(transversal(S), "the leaf's generator is not shown smooth and transversal on the fibre set")
        _require(check_smooth_point(S, point), "the smooth leaf's witness point is not where it is claimed")
    elif reason == "crossing":
        from .crossing import check_crossing

        _require(check_crossing(S, leaf), "the crossing leaf's factors are not shown smooth and transversal")
    else:
        _require(reason == "groebner" and S.scale == 2 and unit_ideal(on_fibre),
                 "the leaf's generators have a common zero on the fibre set")
    lam, m = leaf_value(S, leaf)
    _require(Fraction(leaf["lambda"]) == lam and int(leaf["m"]) == m,
             f"leaf candidate is {fraction_str(lam)} (m = {m}), the certificate says {leaf['lambda']}")


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError(f"blowup: {message}")
