"""Nodes over a number field below irrational slices (rlct.resolution.field_nodes, field_tree): the moves, the
points over towers of fields, whole trees against rational twins, and corrupted certificates."""
from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import MoveError, Node
from rlct.resolution.field import RealField
from rlct.resolution.field_nodes import (FieldNode, apply_step, field_chart, field_leaf, field_points,
                                         irrational_slices, point_child, simplify, slice_child)
from rlct.resolution.tree_view import blowup_graph, tree_nodes

XYZ = list("xyz")
SQRT2 = RealField([-2, 0, 1], 1, 2)


def _solve(gens, prior=None):
    P = Problem.from_generators([parse(g, XYZ) for g in gens])
    if prior is not None:
        P = Problem.from_generators([parse(g, XYZ) for g in gens], prior=prior)
    r = blowup_strategy(P)
    assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.is_exact)
    return r


def _field_node(gens, kappa, eta, zero, F=SQRT2):
    """A node over F from {exponent: rational or (a, b) meaning a + b·θ}."""
    def element(c):
        return F.add(F.const(c[0]), F.scale(c[1], F.theta)) if isinstance(c, tuple) else F.const(c)
    return FieldNode(F, tuple(XYZ), tuple({e: element(c) for e, c in g.items()} for g in gens), kappa, eta,
                     frozenset(zero))


# the irrational family of bench/resolution.py, each beside a rational twin: z → z/√p makes x² − p·z² into
# x² − z² and multiplies each z^k of the other generator by p^(−k/2); a generic rational value there gives the
# same (λ, m) (two values each, so that neither is special)
TWINS = [
    (["x**2 - 7*z**2", "y**3 - 2*x**3 - 2*z**3"], ["x**2 - z**2", "y**3 - 2*x**3 - z**3/9"],
     ["x**2 - z**2", "y**3 - 2*x**3 - z**3/10"], Fraction(2, 3), 2),
    (["x**2 - 7*z**2", "y**2*z - 2*x*z**2"], ["x**2 - z**2", "y**2*z - 3*x*z**2/4"],
     ["x**2 - z**2", "y**2*z - 4*x*z**2/5"], Fraction(5, 8), 1),
]


@pytest.mark.parametrize("irrational, twin1, twin2, lam, m", TWINS)
def test_irrational_slices_close_with_the_rational_twins_value(irrational, twin1, twin2, lam, m):
    r = _solve(irrational)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    assert any("field-slices" in n for n in tree_nodes(r.certificate["tree"]))
    for twin in (twin1, twin2):
        t = _solve(twin)
        assert (t.lam, t.m, t.status) == (lam, m, "exact")


def test_irrational_slices_are_found_with_their_fields():
    S = Node((parse("1 - 2*z**2", XYZ), parse("x*(y - z)", XYZ)), (2, 0, 0), (2, 0, 0), frozenset({0}), 2)
    i, rational, irrational = irrational_slices(S)
    assert (i, rational) == (0, [])
    assert [(t, F.m, F.inside(F.theta, -1, 0)) for t, F in irrational] == [
        (2, (Fraction(-1, 2), 0, 1), True), (2, (Fraction(-1, 2), 0, 1), False)]
    # rational roots alone are the rational slices' business
    S = Node((parse("1 - z**2", XYZ), parse("x*(y - z)", XYZ)), (2, 0, 0), (2, 0, 0), frozenset({0}), 2)
    assert irrational_slices(S) is None


def test_slice_child_drops_the_sliced_coordinates_units():
    S = Node((parse("2 - z**2", XYZ), parse("x*y", XYZ)), (2, 0, 1), (2, 0, 3), frozenset({0}), 2)
    N = slice_child(S, 2, SQRT2)
    assert (N.kappa, N.eta, sorted(N.zero)) == ((2, 0, 0), (2, 0, 0), [0, 2])


def test_simplify_makes_a_monomial_times_a_unit_a_monomial_and_eliminates():
    # z·(2√2 + z) on F = {x = z = 0} is z times a unit; then z leaves the other generator
    N = _field_node([{(0, 0, 1): (0, 2), (0, 0, 2): 1}, {(1, 1, 0): 1, (1, 0, 1): 3}], (1, 0, 0), (0, 0, 0), {0, 2})
    out, steps = simplify(N)
    assert [s["move"] for s in steps] == ["monomial", "eliminate"]
    assert [sorted(g) for g in out.gens] == [[(0, 0, 1)], [(1, 1, 0)]] and out.kappa == (1, 0, 0)


def test_steps_check_their_preconditions():
    # 1 − z² has zeros: not a unit on F = {x = 0} (z free)
    N = _field_node([{(1, 0, 0): 1, (1, 0, 2): -1}], (0, 0, 0), (0, 0, 0), {0})
    with pytest.raises(MoveError):
        apply_step(N, {"move": "monomial", "generator": 0, "monomial": [1, 0, 0]})
    with pytest.raises(MoveError):
        apply_step(N, {"move": "eliminate", "generator": 0, "eliminate": 0})
    with pytest.raises(MoveError):
        apply_step(N, {"move": "reduce", "generator": 0})


def test_a_definite_generator_is_a_leaf_and_a_point_gets_a_newton_leaf():
    N = _field_node([{(0, 0, 0): (0, 1), (0, 2, 0): 1}], (1, 0, 0), (0, 0, 0), {0})        # √2 + y²
    assert field_leaf(N) == ({"reason": "definite", "generator": 0}, (Fraction(1, 2), 1))
    N = _field_node([{(1, 0, 0): 1, (0, 2, 0): (0, 1)}, {(0, 0, 1): 1}], (0, 0, 0), (0, 0, 0), {0, 1, 2})
    leaf, value = field_leaf(N)
    assert leaf["reason"] == "newton" and value == (Fraction(1), 1)             # ⟨x + √2·y², z⟩: smooth, codim 2


def test_chart_needs_a_centre_meeting_every_term():
    N = _field_node([{(1, 0, 0): 1, (0, 1, 0): (0, 1)}], (0, 0, 0), (0, 0, 0), {0, 1})
    C = field_chart(N, (0, 1), 0)
    assert C.kappa == (1, 0, 0) and C.eta == (1, 0, 0)
    with pytest.raises(MoveError):
        field_chart(N, (0, 2), 0)


def test_points_over_a_tower_of_fields():
    # on F = {x = 0}: z = 0 and y³ = √2 + 1: one real point, in a field of degree 6 over Q
    N = _field_node([{(0, 0, 1): 1}, {(0, 3, 0): 1, (0, 0, 0): (-1, -1)}], (1, 0, 0), (1, 0, 0), {0})
    points = field_points(N)
    assert len(points) == 1
    H, image, p = points[0]
    assert H.d == 6 and H.is_zero(p[2])
    y = p[1]
    assert H.is_zero(H.sub(H.power(y, 3), H.add(H.one, image)))       # y³ = 1 + θ with θ ↦ √2 in H
    child = point_child(N, H, image, p)
    assert sorted(child.zero) == [0, 1, 2] and child.kappa == (1, 0, 0)
    # a curve of zeros (no generator in one coordinate alone) gives no points
    N = _field_node([{(0, 1, 0): 1, (0, 0, 1): (0, 1)}], (1, 0, 0), (1, 0, 0), {0})
    assert field_points(N) is None


def test_text_and_graph_show_the_number_field_nodes():
    r = _solve(TWINS[0][0])
    text = resolution_text(r.certificate)
    assert "over Q(θ) of degree 2" in text and "with irrational roots" in text
    kinds = {d["kind"] for _, d in blowup_graph(r.certificate).nodes(data=True)}
    assert "leaf" in kinds


def _field_leaf_node(tree):
    for n in tree_nodes(tree):
        if "field" in n["state"] and "leaf" in n:
            return n
    return None


def test_corrupted_number_field_subtrees_fail_the_check():
    r = _solve(TWINS[0][0])
    cert = copy.deepcopy(r.certificate)
    _field_leaf_node(cert["tree"])["leaf"]["lambda"] = "1/3"
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
    cert = copy.deepcopy(r.certificate)
    node = next(n for n in tree_nodes(cert["tree"]) if "points" in n)
    node["points"]["points"].pop()
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
    cert = copy.deepcopy(r.certificate)
    node = next(n for n in tree_nodes(cert["tree"]) if "field-slices" in n)
    node["field-slices"]["slices"][-1]["field"]["interval"] = ["-3", "3"]
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
    cert = copy.deepcopy(r.certificate)
    node = next(n for n in tree_nodes(cert["tree"]) if "field" in n["state"] and n.get("steps"))
    node["steps"][0]["monomial"] = [0, 0, 0]
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


def test_a_degenerate_irrational_point_is_searched_over_its_field():
    # in chart x of (x² − 2y² + z³, xyz³) the zeros on the fibre set are the points y = ±1/√2, where the
    # translated problem is Newton-degenerate: it is searched over Q(√2) instead of left open. The twin
    # (y → y/√2, u = x − y, v = x + y) is rational.
    r = _solve(["x**2 - 2*y**2 + z**3", "x*y*z**3"])
    assert (r.lam, r.m, r.status) == (Fraction(7, 12), 1, "exact")
    points = [e for n in tree_nodes(r.certificate["tree"]) if "algebraic" in n
              for e in n["algebraic"]["points"] if "field" in e]
    assert any("node" in e for e in points)
    twin = _solve(["x*y + z**3", "(y**2 - x**2)*z**3"])
    assert (twin.lam, twin.m, twin.status) == (Fraction(7, 12), 1, "exact")
    cert = copy.deepcopy(r.certificate)
    entry = next(e for n in tree_nodes(cert["tree"]) if "algebraic" in n
                 for e in n["algebraic"]["points"] if "node" in e and "field" in e)
    entry["node"]["state"]["kappa"][0] += 1       # the point's subtree no longer starts from the point
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


def test_a_fibre_line_with_one_zero_goes_to_that_point_before_any_blow_up():
    # on F = the z-line, ⟨z² − 4θy − 2y², x⁴⟩ (θ = √2; any θ ≠ 0 would do) vanishes only at the origin; there
    # y is the linear term, so the point's Newton leaf closes it: min(9/16 from x⁸(y² + x⁸), 5/8 off the point).
    # Blowing up {x, y, z} instead leaves charts with a curve of zeros on their fibre sets.
    from rlct.resolution.field_tree import check_field, expand_field
    from rlct.resolution.recursion import _Search, combine

    N = _field_node([{(0, 0, 2): 1, (0, 1, 0): (0, -4), (0, 2, 0): -2}, {(4, 0, 0): 1}], (4, 0, 2), (4, 0, 2),
                    {0, 1})
    search = _Search(None, 100, False)
    tree = expand_field(search, N, 0)
    assert "points" in tree and search.unresolved == 0
    assert combine(search.leaves) == (Fraction(9, 16), 1)
    leaves: list = []
    assert check_field(N, tree, leaves) == 0 and combine(leaves) == (Fraction(9, 16), 1)
