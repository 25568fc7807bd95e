"""Irrational points of a node's fibre set (rlct.resolution.algebraic): finding them exactly, the Newton leaf
over Q(θ) at each, rational twins with the same (λ, m), and corrupted certificates."""
from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.algebraic import (_no_torus_zero, _recheck, algebraic_leaf, algebraic_points, evaluate,
                                      local_form)
from rlct.resolution.blowup import Node, restricted
from rlct.resolution.field import RealField
from rlct.resolution.tree_view import blowup_graph, tree_nodes
from tree_walk import first

XYZ = list("xyz")


def _node(gens, zero=(2,), kappa=(0, 0, 2), eta=(0, 0, 2)):
    return Node(tuple(parse(g, XYZ) for g in gens), kappa, eta, frozenset(zero), 2)


def _solve(gens):
    r = blowup_strategy(Problem.from_generators([parse(g, XYZ) for g in gens]))
    assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.is_exact)
    return r


def _shown(S):
    return [(F.d, {XYZ[i]: F.element_str(v) for i, v in sorted(p.items())}) for F, p in algebraic_points(S)]


def test_points_in_shape_position():
    # x = y², y⁴ = 2: the two real fourth roots of 2, in Q(2^(1/4))
    assert _shown(_node(["x**2 - 2", "y**2 - x"])) == [(4, {"x": "θ^2", "y": "θ"})] * 2


def test_a_non_radical_ideal_is_made_radical():
    # y² alone is not in shape position; its squarefree part y is added (same zeros)
    assert _shown(_node(["x**2 - 2", "y**2"])) == [(2, {"x": "θ", "y": "0"})] * 2


def test_points_no_coordinate_separates_get_a_linear_form():
    S = _node(["(x**2 - 2)*(x - 1)", "y*(y - x)"])
    points = algebraic_points(S)
    assert [F.d for F, _ in points] == [1, 1, 2, 2, 2, 2]     # (1, 0), (1, 1), then (±√2, 0), (±√2, ±√2)
    for F, p in points:
        assert all(F.is_zero(evaluate(F, g.terms, p)) for g in restricted(S))
    values = {tuple(float(F.enclosure(p[i], 1e-9)[0]) for i in (0, 1)) for F, p in points}
    assert len(values) == 6


def test_the_linear_form_takes_a_fresh_name():
    names = ["x", "_s", "z"]
    S = Node((parse("(x**2 - 2)*(x - 1)", names), parse("_s*(_s - x)", names)), (0, 0, 2), (0, 0, 2),
             frozenset({2}), 2)
    assert [F.d for F, _ in algebraic_points(S)] == [1, 1, 2, 2, 2, 2]


@pytest.mark.parametrize("gens", [["x**2 - 2 - y**3"], ["x**2 - 2", "z*y"]])
def test_curves_are_not_points(gens):
    assert algebraic_points(_node(gens)) is None


@pytest.mark.parametrize("gens, twin", [
    # a chart of each meets x² = 2z² at irrational points; the twins meet x² = 4z² at rational ones
    (["x**2 - 2*z**2", "y**2 - x*z"], ["x**2 - 4*z**2", "y**2 - 2*x*z"]),
    (["x**2 - 2*z**2", "y**2 - 3*x*z + z**2"], ["x**2 - 4*z**2", "y**2 - 2*x*z + 3*z**2"]),
    (["x**2 - 3*z**2", "y**2 - x*z"], ["x**2 - 9*z**2", "y**2 - 3*x*z"]),
])
def test_irrational_points_match_rational_twins(gens, twin):
    """Before the Newton leaf over Q(θ) each of the first was an upper bound (the irrational points unvisited).
    Since the substitution of rlct.resolution.graph, some charts meet no irrational point at all."""
    r, t = _solve(gens), _solve(twin)
    assert (r.lam, r.m, r.status) == (t.lam, t.m, "exact") and t.is_exact
    text = resolution_text(r.certificate)
    assert "Newton leaf over Q(θ)" in text or "substituted in the others" in text
    if gens[1] == "y**2 - 3*x*z + z**2":
        assert "Newton leaf over Q(θ)" in text


def test_a_degenerate_point_is_no_leaf():
    # at (√2, 0): 2√2·v + v² − y and y² + z share the face v ~ y, z ~ y² with a torus zero
    S = _node(["x**2 - 2 - y", "y**2 + z"])
    (F, p), _ = algebraic_points(S)
    assert algebraic_leaf(S, F, p) is None


def test_a_point_is_simplified_before_the_newton_test():
    # at y = ±1/√2 (the README's last open chart): x²yz is x²z times the unit y, then z + 1 − 2y² is the only
    # generator in v = y − θ, with the linear term −4θ·v, so it becomes v: the ideal x⁶z²·⟨v, x²z⟩ is monomial
    S = _node(["z + 1 - 2*y**2", "x**2*y*z"], zero=(0, 2), kappa=(6, 0, 2), eta=(7, 0, 2))
    for F, p in algebraic_points(S):
        leaf = algebraic_leaf(S, F, p)
        assert leaf["local"] == [{"generator": 1, "monomial": [2, 0, 1]}, {"generator": 0, "coordinate": 1}]
        assert (leaf["lambda"], leaf["m"]) == (Fraction(5, 8), 1)


def test_a_coordinate_used_elsewhere_is_not_taken():
    F = RealField([-2, 0, 1], 1, 2)
    hs = [{(1, 0): F.one, (0, 2): F.theta}, {(1, 1): F.one, (0, 3): F.one}]     # v + θw², vw + w³
    out, steps = local_form(F, hs, {0, 1})
    assert steps == [] and out == hs
    # v is not plain (in κ or η): no change either
    assert local_form(F, [{(1, 0): F.one, (0, 2): F.theta}], {1}) == ([{(1, 0): F.one, (0, 2): F.theta}], [])


def test_the_lifted_claim_and_its_recheck():
    F = RealField([-2, 0, 1], 1, 2)                                     # θ = √2
    theta, one, minus = F.theta, F.one, F.const(-1)
    # v + θw and v − w: no torus zero (it would need θ = −1)
    system = [{(1, 0): one, (0, 1): theta}, {(1, 0): one, (0, 1): minus}]
    claim = _no_torus_zero(F, system, 2)
    assert claim["reason"] == "lifted" and _recheck(F, system, 2, claim) == claim
    # v − θw and v² − 2w²: the line v = √2·w lies on both
    zero = [{(1, 0): one, (0, 1): F.neg(theta)}, {(2, 0): one, (0, 2): F.const(-2)}]
    assert _no_torus_zero(F, zero, 2) is None
    assert _recheck(F, zero, 2, claim) is None
    assert _recheck(F, system, 2, {"reason": "monomial", "polynomial": 0}) is None


def _certificate():
    r = _solve(["x**2 - 2*z**2", "y**2 - 3*x*z + z**2"])
    return r.certificate, first(r.certificate["tree"], "algebraic")["algebraic"]


@pytest.mark.parametrize("forge, message", [
    (lambda data: data["points"][0]["leaf"].update({"lambda": "1/2"}), "Newton value at an irrational point"),
    (lambda data: data["points"][0]["leaf"]["faces"][0].update({"polynomial": 7}), "face claims"),
    (lambda data: data["points"].pop(), "not the real zeros"),
    (lambda data: data["points"][0]["field"].update({"interval": ["0", "2"]}), "irrational point is not"),
    (lambda data: data["points"][0]["at"].update({"x": ["0", "0", "1", "0"]}), "irrational point is not"),
    (lambda data: data["points"][0]["leaf"].pop("faces"), "without its face claims"),
])
def test_a_corrupted_certificate_fails(forge, message):
    cert, _ = _certificate()
    forged = copy.deepcopy(cert)
    forge(first(forged["tree"], "algebraic")["algebraic"])
    with pytest.raises(CertificateError, match=message):
        verify_blowup_certificate(forged)


def test_a_forged_simplification_fails():
    r = _solve(["x**2 - 3*z**2", "y**2*z - 3*x*z**2"])        # open elsewhere; its irrational points close
    forged = copy.deepcopy(r.certificate)
    entries = [e for n in tree_nodes(forged["tree"]) if "algebraic" in n for e in n["algebraic"]["points"]
               if e.get("leaf", {}).get("local")]
    assert entries
    entries[0]["leaf"]["local"] = entries[0]["leaf"]["local"][:1]
    with pytest.raises(CertificateError, match="simplification at an irrational point"):
        verify_blowup_certificate(forged)
    assert "is taken as the new coordinate y" in resolution_text(r.certificate)


def test_an_open_point_makes_the_tree_incomplete():
    cert, _ = _certificate()
    forged = copy.deepcopy(cert)
    entry = first(forged["tree"], "algebraic")["algebraic"]["points"][0]
    del entry["leaf"]
    entry["unresolved"] = "degenerate"
    forged["complete"] = False
    lam, m, complete = verify_blowup_certificate(forged)
    assert not complete and (str(lam), m) == (cert["lambda"], cert["m"])


def test_the_picture_shows_the_irrational_leaves():
    cert, data = _certificate()
    G = blowup_graph(cert)
    labels = [d["label"] for _, d in G.nodes(data=True) if d["kind"] == "leaf" and "θ" in d["label"]]
    assert len(labels) == sum("leaf" in e for e in data["points"]) == 2
