"""Dividing a generator by a factor with simple zeros (rlct.resolution.divide): the moves, their conditions,
answers they unlock (irrational points in ≥ 3 variables, smooth curves in a chart), and corrupted certificates."""
from __future__ import annotations

import copy
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import rlct
from rlct.families import arrangement
from rlct.newton import CertificateError
from rlct.poly import SumOfSquares, parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import Node
from rlct.resolution.graph import phantoms_harmless
from rlct.resolution.divide import (derivative, near_zeros, smooth_child, smooth_conditions,
                                   smooth_factor, smooth_generator, univariate_factor)
from rlct.resolution.points import slice_cuts
from rlct.verify import verify
from tree_walk import steps

XYZ = list("xyz")


def _node(gens, names, kappa, zero):
    n = len(names)
    return Node(tuple(parse(g, names) for g in gens), tuple(kappa), tuple(kappa), frozenset(zero), 2)


def _solve(gens, names=XYZ):
    r = blowup_strategy(Problem.from_generators([parse(g, names) for g in gens]))
    assert verify_blowup_certificate(r.certificate)[:2] == (r.lam, r.m)
    return r


def _first_divide(node, kind):
    """The first (depth first) ``divide`` entry of the given kind (smooth / unit / variable)."""
    data = node.get("divide")
    if data is not None and kind in data:
        return data
    kids = [kid for chart in node.get("blowup", {}).get("charts", []) for kid in chart["children"]]
    kids += [e["node"] for e in node.get("translate", {}).get("points", [])]
    kids += [e["node"] for e in node.get("slices", {}).get("slices", [])]
    if data is not None:
        kids += [e["node"] for e in data.get("slices", [])] + [data["quotient"]]
        kids += [data["smooth"]["node"]] if "smooth" in data else []
    for kid in kids:
        found = _first_divide(kid, kind)
        if found is not None:
            return found
    return None


# ---- answers the move unlocks --------------------------------------------------------------------------------
def test_irrational_points_in_three_variables():
    # x² − 2y² = (x − √2y)(x + √2y): the rotation u, v = x ∓ √2y makes it the rational ideal (uv, (u − v)z)
    r = _solve(["x**2 - 2*y**2", "y*z"])
    rotated = _solve(["u*v", "(u - v)*z"], ["u", "v", "z"])
    assert (r.lam, r.m, r.status) == (rotated.lam, rotated.m, rotated.status) == (F(3, 4), 2, "exact")
    assert _first_divide(r.certificate["tree"], "smooth") is not None


def test_irrational_points_through_the_engine():
    r = rlct.learning_coefficient(SumOfSquares(["x**2 - 2*y**2", "y*z"]))
    assert (r.lam, r.m, r.status) == (F(3, 4), 2, "exact") and verify(r)


@pytest.mark.parametrize("f, forms", [
    ("(x**2 - y**2)*(x**2 - z**2)", [[1, -1, 0], [1, 1, 0], [1, 0, -1], [1, 0, 1]]),
    ("(x**2 - y**2)*(y**2 - z**2)*x", [[1, -1, 0], [1, 1, 0], [0, 1, -1], [0, 1, 1], [1, 0, 0]]),
    # y ↦ y/√2 is a real linear change: the arrangement of x = ±y, z = 0
    ("(x**2 - 2*y**2)*z", [[1, -1, 0], [1, 1, 0], [0, 0, 1]]),
    ("(x**2 - 2*y**2)*(x**2 - 2*z**2)", [[1, -1, 0], [1, 1, 0], [1, 0, -1], [1, 0, 1]]),
])
def test_arrangements_with_slices_and_smooth_factors(f, forms):
    r = _solve([f])
    truth = arrangement(forms)
    assert r.status == "upper_bound" and r.lam >= truth.lam or (r.lam, r.m) == (truth.lam, truth.m)


def test_smooth_curve_in_a_chart(monkeypatch):
    # chart z of the blow-up of {y, z} leaves x·y − 1 beside x²·y·z: the factor's zeros are a smooth curve
    # apart from z once the units x, y (no common zero with x·y − 1) are dropped. Quadrature gives 0.613.
    # The scaling move (x ↦ s²x, y ↦ y/s², z ↦ z/s) settles the chart before that; without it, the zeros do
    r = _solve(["x*y - z**2", "x**2*y"])
    assert (r.lam, r.m, r.status) == (F(5, 8), 1, "exact")
    monkeypatch.setattr("rlct.resolution.simplify._scaling", lambda S: None)
    r = _solve(["x*y - z**2", "x**2*y"])
    assert (r.lam, r.m, r.status) == (F(5, 8), 1, "exact")
    assert "smooth zeros" in resolution_text(r.certificate)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(*[st.integers(-2, 2)] * 3).filter(any), min_size=2, max_size=4))
def test_random_arrangements_never_wrong(forms):
    """A product of linear forms (repeats allowed): any exact answer equals the arrangement formula."""
    f = "*".join(f"({a}*x + {b}*y + {c}*z)" for a, b, c in forms)
    r = blowup_strategy(Problem.from_generators([parse(f, XYZ)]), max_nodes=400)
    if r is None:
        return
    truth = arrangement([list(v) for v in forms])
    if r.status == "exact":
        assert (r.lam, r.m) == (truth.lam, truth.m)
    else:
        assert r.lam >= truth.lam


# ---- the moves and their conditions ---------------------------------------------------------------------------
def test_multi_coordinate_slices():
    S = _node(["a", "(1 - b)*(1 - c) + a*b"], list("abc"), (0, 0, 0), {0})
    assert slice_cuts(S, 1) == [(1, F(1)), (2, F(1))]
    assert slice_cuts(_node(["a", "1 - b*c"], list("abc"), (0, 0, 0), {0}), 1) is None


def test_univariate_factor_needs_rational_roots():
    assert univariate_factor(_node(["a", "(b**2 - 2)*(1 - c*d)"], list("abcd"), (1, 0, 0, 0), {0})) is None
    i, t, q = univariate_factor(_node(["a", "(b**2 - 4)*(1 - c*d)"], list("abcd"), (1, 0, 0, 0), {0}))
    assert (i, t, str(q)) == (1, 1, "b**2 - 4")


def test_smooth_factor_strips_units_near_its_zeros():
    S = _node(["1 - 2*y**2", "y*z"], XYZ, (2, 0, 0), {0, 2})   # chart x of the blow-ups of (x² − 2y², y·z)
    found = smooth_factor(S)
    assert (found["generator"], str(found["q"]), found["coordinate"]) == (0, "1 - 2*y**2", 1)
    near = near_zeros(S, 0, found["q"])                      # y·z: y has no common zero with 2y² − 1
    assert [str(g) for g in near.gens] == ["1", "z"]
    assert [str(g) for g in smooth_child(S, 0, found["q"], 1).gens] == ["y", "z"]


def test_smooth_factor_conditions():
    names = list("abcde")
    ok = _node(["e", "(1 - a*b)*(1 - c*d)"], names, (0, 0, 0, 0, 1), {4})
    assert smooth_conditions(ok, 1, parse("1 - a*b", names))
    # a coordinate of q in the monomial, in Z, or in another generator (not as a unit): refused
    assert not smooth_conditions(_node(["e", "(a + b - 1)*e"], names, (1, 0, 0, 0, 1), {4}), 1,
                                 parse("a + b - 1", names))
    # … but a monomial coordinate without a common zero with q is a unit near {q = 0}: accepted
    assert smooth_conditions(_node(["e", "(1 - a*b)*e"], names, (1, 0, 0, 0, 1), {4}), 1, parse("1 - a*b", names))
    assert not smooth_conditions(_node(["e", "1 - a*b"], names, (0, 0, 0, 0, 1), {0, 4}), 1, parse("1 - a*b", names))
    assert not smooth_conditions(_node(["e + a - 1", "1 - a*b"], names, (0, 0, 0, 0, 1), {4}), 1,
                                 parse("1 - a*b", names))
    # singular zero set: a·b has a singular point at the origin of ℝ²
    assert not smooth_conditions(_node(["e", "a*b + a**3"], names, (0, 0, 0, 0, 1), {4}), 1,
                                 parse("a*b + a**3", names))
    child = smooth_child(ok, 1, parse("1 - a*b", names), 0)
    assert [str(g) for g in child.gens] == ["e", "-a*c*d + a"] and 0 in child.zero


def test_unit_factor_tangled_with_a_smooth_one():
    # review finding: 2 + x²y² shares y with 1 − 2y² in a chart, so the product's complex zeros made the
    # smoothness test fail; the sign-definite factor is now divided out first
    r = _solve(["(2 + y**2)*(x**2 - 2*y**2)", "y*z"])
    assert (r.lam, r.m, r.status) == (F(3, 4), 2, "exact")
    assert _first_divide(r.certificate["tree"], "unit") is not None


def test_unit_factor_is_divided_out():
    names = list("abc")
    found = smooth_factor(_node(["c", "(1 + a**2*b**2)*(1 - a*b)"], names, (0, 0, 1), {2}))
    assert found is not None


# ---- certificates: corrupted ones fail --------------------------------------------------------------------
def _smooth_cert():
    return _solve(["x**2 - 2*y**2", "y*z"]).certificate


@pytest.mark.parametrize("corrupt", [
    lambda d: d["smooth"].update(positive=d["smooth"]["negative"]),              # the witness has the wrong sign
    lambda d: d["smooth"].update({"coordinate": "z"}),                              # not a coordinate of q
    lambda d: d.update({"unit": True}) or d.pop("smooth"),                          # q is not sign-definite
    lambda d: d.update({"factor": [[[0, 1, 0], "1"]]}),                             # y does not divide
    lambda d: d.pop("quotient"),                                                    # the rest of F missing
])
def test_corrupted_divide_fails(corrupt):
    cert = copy.deepcopy(_smooth_cert())
    corrupt(_first_divide(cert["tree"], "smooth"))
    with pytest.raises((CertificateError, KeyError)):
        verify_blowup_certificate(cert)
    r = rlct.learning_coefficient(SumOfSquares(["x**2 - 2*y**2", "y*z"]))
    data = r.to_dict()
    data["certificate"] = cert if r.certificate.get("kind") == "blowup" else data["certificate"]
    if r.certificate.get("kind") == "blowup":
        with pytest.raises(CertificateError):
            verify(data)


# ---- power-eliminate: a generator that is a power of a function with a unit coefficient ----------------------
def test_power_of_a_smooth_function_becomes_a_coordinate_power():
    # (y + 2z)² and (x + y + z)² beside z: without the move the search chases the square's Taylor series
    r = _solve(["z*(y + 2*z)**2", "z*(x + y + z)**2"])
    truth = rlct.learning_coefficient(SumOfSquares(["z*y**2", "z*x**2"]))
    assert (r.lam, r.m, r.status) == (truth.lam, truth.m, "exact")
    assert "power-eliminate" in str(r.certificate["tree"])


def _first_step(node, move):
    if any(s["move"] == move for s in node.get("steps", [])):
        return node
    kids = [kid for chart in node.get("blowup", {}).get("charts", []) for kid in chart["children"]]
    for kid in kids:
        found = _first_step(kid, move)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("field, value", [("root", [[[0, 1, 0], "1"], [[0, 0, 1], "3"]]), ("power", 3)])
def test_corrupted_power_step_fails(field, value):
    cert = _solve(["z*(y + 2*z)**2", "z*(x + y + z)**2"]).certificate
    node = _first_step(cert["tree"], "power-eliminate")
    step = next(s for s in node["steps"] if s["move"] == "power-eliminate")
    step[field] = value
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


def test_smooth_leaf_beside_bare_coordinates():
    # generators c (a coordinate of the fibre set) and 1 − a·b: near a·b = 1 they are two coordinates, so
    # the y-block (c, 1 − a·b) counts as κ 1, η 1: candidate 1, tied with the monomial's (η_d + 1)/(2κ_d) = 1
    # at the witness (a, b) = (1, 1): m = 2; with κ_d = 2 the monomial's 1/2 wins alone
    from rlct.resolution.smooth import smooth_parts, smooth_point, smooth_value

    S = _node(["c", "1 - a*b"], list("abcd"), (0, 0, 0, 1), {2, 3})
    h, C = smooth_parts(S)
    assert (str(h), C) == ("-a*b + 1", (2,))
    p = smooth_point(S)
    assert p is not None and smooth_value(S, p) == (F(1), 2)
    S2 = Node(S.gens, (0, 0, 0, 2), (0, 0, 0, 1), S.zero, 2)
    assert smooth_value(S2, smooth_point(S2)) == (F(1, 2), 1)
    # a bare coordinate with κ > 0, or outside the fibre set, is not split off
    assert smooth_parts(Node(S.gens, (0, 0, 1, 1), (0, 0, 0, 1), S.zero, 2)) is None
    assert smooth_parts(Node(S.gens, S.kappa, S.eta, frozenset({3}), 2)) is None


# ---- zeros: a generator that is a smooth q on the fibre set becomes a coordinate near its zeros -----------------
def test_generator_smooth_on_the_fibre_set():
    # chart x leaves 1 − 3y² + x·z³ beside y·z (fibre x = z = 0): on F the generator is 1 − 3y², zeros
    # y = ±1/√3 where y is a unit; quadrature of (x² − 3y² + z³)² + y²z² with m = 2: 0.764
    r = _solve(["x**2 - 3*y**2 + z**3", "y*z"])
    assert (r.lam, r.m, r.status) == (F(3, 4), 2, "exact")
    assert "'zeros'" in str(r.certificate["tree"])


def test_smooth_generator_needs_terms_off_the_fibre_set_to_hold_z():
    names = XYZ
    S = _node(["x*z**3 - 3*y**2 + 1", "y*z"], names, (2, 0, 0), {0, 2})
    assert smooth_generator(S)["coordinate"] == 1
    # y in the other generator through a factor that vanishes where q does: not apart, no move
    assert smooth_generator(_node(["x*z**3 - 3*y**2 + 1", "(3*y**2 - 1)*z"], names, (2, 0, 0), {0, 2})) is None


def _first_key(node, key):
    if key in node:
        return node[key]
    kids = [kid for chart in node.get("blowup", {}).get("charts", []) for kid in chart["children"]]
    kids += [e["node"] for e in node.get("slices", {}).get("slices", [])]
    for kid in kids:
        found = _first_key(kid, key)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("corrupt", [
    lambda d: d.update(positive=d["negative"]),
    lambda d: d.update(coordinate="z"),
    lambda d: d.update(rest=None),
    lambda d: d.update(generator=1),
])
def test_corrupted_zeros_fails(corrupt):
    cert = _solve(["x**2 - 3*y**2 + z**3", "y*z"]).certificate
    corrupt(_first_key(cert["tree"], "zeros"))
    with pytest.raises((CertificateError, KeyError)):
        verify_blowup_certificate(cert)


@pytest.mark.parametrize("irrational, rational", [
    (["x**2 - 2*y**2", "z**2 - 3*y**2"], ["x**2 - y**2", "z**2 - y**2"]),
    (["x**2 - 2*y**2", "z**2 - 3*x**2"], ["x**2 - y**2", "z**2 - x**2"]),
    (["x**2 - 5*y**2", "z*y"], ["x**2 - y**2", "z*y"]),
])
def test_irrational_complete_intersections_match_rational_twins(irrational, rational):
    """In a chart, z² − 3y² beside 1 − 2y² needs ``reduce`` (g − (3/2)·(1 − 2y²) = z² − 3/2) before the
    two smooth factors sit in separate coordinates; the rational twin has the same lattice of lines."""
    r, twin = _solve(irrational), _solve(rational)
    assert (r.lam, r.m, r.status) == (twin.lam, twin.m, twin.status) == (twin.lam, twin.m, "exact")


def test_a_wrong_reduction_fails():
    cert = _solve(["x**2 - 2*y**2", "z**2 - 3*y**2"]).certificate
    step = next(s for s in steps(cert["tree"]) if s["move"] == "reduce")
    names = cert["problem"]["variables"]
    step["multiplier"] = parse("5/2", names).to_json()
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


# ---- a graph coordinate: q's coordinates used elsewhere, but not the one that becomes q ------------------------
BCDEF = list("bcdef")


def test_smooth_factor_takes_a_graph_coordinate_where_q_shares_coordinates():
    # q = b(c + de) − 1 beside d·f (fibre f = 0): d is used elsewhere, b is not; for every d there is a zero
    # (c = 1, e = 0, b = 1/c), and ∂_b q = c + de ≠ 0 wherever q = 0
    S = _node(["b*c + b*d*e - 1", "d*f"], BCDEF, (0, 0, 0, 0, 0), {4})
    q = S.gens[0]
    found = smooth_factor(S)
    assert found["generator"] == 0 and found["coordinate"] == 0
    assert smooth_conditions(S, 0, q, coordinate=1)          # c: coefficient b, free of d
    assert not smooth_conditions(S, 0, q, coordinate=2)      # d is used by d·f
    assert not smooth_conditions(S, 0, q)                    # no coordinate named: all of Q must be apart
    assert [str(g) for g in smooth_child(S, 0, q, 0).gens] == ["b", "d*f"]


@pytest.mark.parametrize("gens", [
    ["b*d + e**2 - 1", "d*f"],     # b's coefficient d is used and vanishes on {q = 0} (at e = ±1); e enters as e²
    ["b*d + c - 1", "c*d*f"],      # b's coefficient d is used, c is used: no zero of q over d = 0, c = 0
])
def test_no_graph_coordinate_where_q_does_not_project_onto_the_used_coordinates(gens):
    S = _node(gens, BCDEF, (0, 0, 0, 0, 0), {4})
    assert smooth_factor(S) is None


def test_graph_coordinate_in_a_certificate_and_a_forged_one():
    # after the blow-up of the origin, chart t leaves b(c + e) − 1 beside c·d: a graph coordinate b
    names = ["t", "b", "c", "d", "e"]
    cert = _solve(["b*c + b*e - t**2", "c*d"], names).certificate
    data = _first_divide(cert["tree"], "smooth")
    assert data is not None and data["smooth"]["coordinate"] in ("b", "e")
    data["smooth"]["coordinate"] = "c"      # c is used by c·d: not a graph coordinate
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


# ---- phantom points: the graph coordinate's coefficient vanishes where q has no zero ---------------------------
ABCDE = list("abcde")


def test_phantom_points_that_are_only_monomial_are_harmless():
    # q = (b + 1)e + 1 beside d (fibre a = c = d = 0): over b = −1 the curve q = 0 has no point, but the child
    # (generators d, e) does not involve b, and b = −1 is not a zero of b, so a real point (b near −1) has
    # the same local problem there
    S = _node(["d", "b*e + e + 1"], ABCDE, (1, 1, 2, 1, 0), {0, 2, 3})
    found = smooth_factor(S) or smooth_generator(S)
    assert found is not None and ABCDE[found["coordinate"]] == "e"
    assert smooth_conditions(S, 1, S.gens[1], coordinate=4)
    # b alone would do as well: q(b = 0) = 1, so b is a unit near q = 0 and its κ is dropped in the child
    assert phantoms_harmless(smooth_child(S, 1, S.gens[1], 4), parse("b + 1", ABCDE))


@pytest.mark.parametrize("gens, kappa, zero", [
    (["a", "b*e + d*e + 1"], (1, 1, 0, 1, 0), {0}),         # c = b + d: the phantom b = d = 0 has both candidates
    (["b*d + c - 1", "c*d*e"], (0, 0, 0, 0, 0), {4}),      # c = d: at d = 0 the child's c*d*e is not the real one
])
def test_phantom_points_that_could_be_lower_are_refused(gens, kappa, zero):
    S = _node(gens, ABCDE, kappa, zero)
    i = 1 if gens[0] == "a" else 0
    q, k = S.gens[i], (4 if gens[0] == "a" else 1)
    assert not phantoms_harmless(smooth_child(S, i, q, k), derivative(q, k))
    assert not smooth_conditions(S, i, q, coordinate=k)


@pytest.mark.parametrize("gens, lam, m", [
    (["-a*e**2 + b*c + e*b", "-d*b*c"], F(3, 4), 2),
    (["a*b*e + d*b*a + c*d", "-b*c*d"], F(3, 4), 2),
])
def test_phantom_points_close_trees(gens, lam, m):
    r = _solve(gens, ABCDE)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")


def test_no_factorisation_of_a_deep_chart_polynomial():
    """A few terms of degree in the hundreds (a deep chart of a 4-variable generator): factor_list ran for
    more than ten minutes past the search's deadline, so such a q is not searched for a definite factor."""
    from rlct.resolution.divide import _definite_factor

    q = parse("w**173*x**186*y**178*z**183 - 2*w**36*x**44*y**36*z**40 - 3*w**27*x**27*y**28*z**27"
              " + w**12*x**21*y**11*z**16 + 2*x**4*z**5 - 3")
    assert _definite_factor(q) is None
    assert str(_definite_factor(parse("(2 + x**2*y**2)*(1 - 2*y**2)"))) == "x**2*y**2 + 2"
