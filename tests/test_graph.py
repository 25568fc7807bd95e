"""A smooth generator made a coordinate by a whole substitution (rlct.resolution.graph): the child, the
conditions and the phantom points they allow or refuse, trees it closes, and corrupted certificates."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import Node
from rlct.resolution.divide import smooth_generator
from rlct.resolution.graph import graph_child, phantoms_harmless, substitution_conditions
from tree_walk import nodes

XYZ = list("xyz")
ABCDE = list("abcde")


def _node(gens, names, kappa, zero, eta=None):
    return Node(tuple(parse(g, names) for g in gens), tuple(kappa), tuple(eta or kappa), frozenset(zero), 2)


def _solve(gens, names):
    r = blowup_strategy(Problem.from_generators([parse(g, names) for g in gens]))
    assert verify_blowup_certificate(r.certificate)[:2] == (r.lam, r.m)
    return r


def _substitutions(cert):
    return [n for n in nodes(cert["tree"]) if n.get("zeros", {}).get("substitute")]


# ---- the child ------------------------------------------------------------------------------------------------
def test_the_coordinate_is_carried_through_the_other_generators():
    # x(1 − 2y²) + 1 beside x²yz² on z = 0: x ≠ 0 on the curve, so κ_x, η_x go; x = −1/(1 − 2y²) there,
    # and x²yz² times (1 − 2y²)² is y·z²
    S = _node(["x*(1 - 2*y**2) + 1", "x**2*y*z**2"], XYZ, (3, 0, 6), {2}, eta=(4, 0, 7))
    assert substitution_conditions(S, 0, 0)
    child = graph_child(S, 0, 0)
    assert [str(g) for g in child.gens] == ["x", "y*z**2"]
    assert (child.kappa, child.eta, sorted(child.zero)) == ((0, 0, 6), (0, 0, 7), [0, 2])
    found = smooth_generator(S)
    assert found["substitute"] and found["coordinate"] == 0


def test_terms_on_the_fibre_set_go_into_the_coefficient():
    # h = (1 + z)·x·y + x − 1 is q = x(y + 1) − 1 on z = 0; C = 1 + y + z·y is the whole coefficient of x
    S = _node(["x*y + x*y*z + x - 1", "x*z"], XYZ, (0, 0, 1), {2})
    child = graph_child(S, 0, 0)
    assert [str(g) for g in child.gens] == ["x", "z"]


def test_a_generator_that_is_its_coordinate_alone():
    # h = −y (R = 0): the other generator, free of y, is only taken modulo it (no 0**0 in the substitution)
    names = list("wxyz")
    S = Node((parse("w**2 + 2*x*y*z + z + 1", names), parse("-y", names)), (0,) * 4, (0,) * 4, frozenset({0}), 2)
    assert substitution_conditions(S, 1, 2)
    assert [str(g) for g in graph_child(S, 1, 2).gens] == ["-w**2 - z - 1", "y"]


@pytest.mark.parametrize("gens, kappa, zero, k, why", [
    (["x*y + 1", "x*z"], (0, 0, 1), {2}, 2, "z is not a coordinate of q"),
    (["x**2*y + x + 1", "y*z"], (0, 0, 1), {2}, 0, "degree 2 in x"),
    (["x*y - x", "x*z"], (1, 0, 1), {2}, 0, "c = y − 1 and r = 0 share the zero y = 1 (q = x(y − 1) is singular)"),
    (["x*(y - 1) + y", "z"], (0, 1, 1), {2}, 1, "y stays in κ: it vanishes on q = 0 at x = 0"),
])
def test_substitution_is_refused(gens, kappa, zero, k, why):
    assert not substitution_conditions(_node(gens, XYZ, kappa, zero), 0, k), why


def test_phantom_points_decide_the_substitution():
    names = list("xyzw")
    # q = y(x + 1) − 1, c = y: beside x·z the child has (1 − y)·z, a unit times z near the phantom y = 0
    assert substitution_conditions(_node(["x*y + y - 1", "x*z"], names, (0, 0, 1, 0), {2}), 0, 0)
    # beside x·z + w it has (1 − y)·z + y·w: at y = 0 that is z, elsewhere a mix of z and w — refused
    assert not substitution_conditions(_node(["x*y + y - 1", "x*z + w"], names, (0, 0, 1, 1), {2, 3}), 0, 0)


# ---- phantom points -------------------------------------------------------------------------------------------
def test_a_factor_without_zero_on_the_phantom_points_is_a_unit_there():
    # c = 1 − 2b² vanishes at b = ±1/√2, where b·e ≍ e: the real points beside them have the same problem
    child = _node(["d", "b*e"], ABCDE, (0, 0, 0, 0, 1), {3, 4})
    assert phantoms_harmless(child, parse("1 - 2*b**2", ABCDE))
    # the factor b itself vanishes at the phantom point b = 0 of c = b: refused
    assert not phantoms_harmless(child, parse("b", ABCDE))
    # b + e is no such product, but it is nonzero at the phantom points (e = 0 there): harmless
    assert phantoms_harmless(_node(["d", "b + e"], ABCDE, (0, 0, 0, 0, 0), {3, 4}), parse("1 - 2*b**2", ABCDE))
    # 2b² − 1 + e vanishes at the phantom points and not at the real points beside them: refused
    assert not phantoms_harmless(_node(["d", "2*b**2 - 1 + e"], ABCDE, (0, 0, 0, 0, 0), {3, 4}),
                                 parse("1 - 2*b**2", ABCDE))


def test_phantom_points_are_judged_after_eliminations_near_them():
    # c = b + 1: the child's second generator is 2c plus terms on the fibre set, a coordinate near b = −1
    # (and everywhere): seen that way the child is (a, c), free of b
    child = Node((parse("a", ABCDE), parse("-b**2*d - b*d - b*e + 2*c", ABCDE)), (0, 0, 0, 0, 2),
                 (0, 0, 0, 0, 3), frozenset({0, 2, 3, 4}), 2)
    assert phantoms_harmless(child, parse("b + 1", ABCDE))
    # with a coefficient that vanishes at the phantom point (b·c instead of 2c) nothing is eliminated
    stuck = Node((parse("a", ABCDE), parse("-b**2*d - b*d - b*e + (b + 1)*c", ABCDE)), (0, 0, 0, 0, 2),
                 (0, 0, 0, 0, 3), frozenset({0, 2, 3, 4}), 2)
    assert not phantoms_harmless(stuck, parse("b + 1", ABCDE))


# ---- trees it closes --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("gens, lam, m", [
    (["2*b*d*a", "c*c + 2*a*c - b*b"], F(3, 4), 1),
    (["-d*d - a*d + 2*c*a", "-c*c*a"], F(2, 3), 1),
    (["-b*d*a - c*d*a", "2*c*a*a + c*c*b"], F(2, 3), 3),
    (["d*b + c*a - a*b", "-a*b*d + 2*a*d*c"], F(3, 4), 1),
    (["e*a - e*e + b*a", "-d*b*e - e*b*a + 2*c*a"], F(7, 8), 1),
])
def test_substitutions_close_trees(gens, lam, m):
    names = sorted({v for g in gens for v in "abcde" if v in g})
    r = _solve(gens, names)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    assert _substitutions(r.certificate)
    assert "substituted in the others" in resolution_text(r.certificate)


def test_substitution_answers_do_not_depend_on_the_names():
    gens, names = ["2*b*d*a", "c*c + 2*a*c - b*b"], list("abcd")
    rng = random.Random(0)
    for _ in range(4):
        renamed = rng.sample(names, 4)
        r = blowup_strategy(Problem.from_generators([parse(g, renamed) for g in gens]))
        assert (r.lam, r.m) == (F(3, 4), 1) and r.status in ("exact", "upper_bound")


# ---- corrupted certificates -------------------------------------------------------------------------------------
def test_a_substitution_claimed_without_its_flag_or_on_another_coordinate_fails():
    names = list("abcd")
    cert = _solve(["2*b*d*a", "c*c + 2*a*c - b*b"], names).certificate
    data = _substitutions(cert)[0]["zeros"]
    del data["substitute"]          # without the substitution the coordinate is used elsewhere
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
    data["substitute"] = True
    data["coordinate"] = next(v for v in names if v != data["coordinate"])
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
