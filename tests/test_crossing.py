"""The ``crossing`` leaf (rlct.resolution.crossing): two smooth hypersurfaces crossing at irrational points,
checked against the arrangement formula for their rational twins, its conditions, and corrupted certificates."""
from __future__ import annotations

import copy
from fractions import Fraction as F

import pytest

import rlct

from rlct.families import arrangement
from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import Node
from rlct.resolution.crossing import check_crossing, crossing_leaf
from tree_walk import nodes

XYZ = list("xyz")


def _solve(f):
    r = blowup_strategy(Problem.from_generators([parse(f, XYZ)]))
    assert verify_blowup_certificate(r.certificate)[:2] == (r.lam, r.m)
    return r


@pytest.mark.parametrize("f, twin", [
    # x = ±√2·y and x = ±√2·z: four planes through the x = y = z = 0 point, pairwise meeting in lines
    ("(x**2 - 2*y**2)*(x**2 - 2*z**2)", [[1, -1, 0], [1, 1, 0], [1, 0, -1], [1, 0, 1]]),
    ("(x**2 - 2*y**2)*(y**2 - 3*z**2)", [[1, -1, 0], [1, 1, 0], [0, 1, -1], [0, 1, 1]]),
    ("(x**2 - 2*y**2)*(x**2 - 3*z**2)*y", [[1, -1, 0], [1, 1, 0], [1, 0, -1], [1, 0, 1], [0, 1, 0]]),
    ("(x**2 - 5*z**2)*(y**2 - 2*z**2)", [[1, 0, -1], [1, 0, 1], [0, 1, -1], [0, 1, 1]]),
])
def test_irrational_crossings_match_their_rational_twins(f, twin):
    """Same intersection lattice as the rational arrangement, so the same (λ, m); before this leaf the first
    gave a bound (the curves cross at irrational points of a chart)."""
    r = _solve(f)
    truth = arrangement(twin)
    assert (r.lam, r.m, r.status) == (truth.lam, truth.m, "exact")
    assert "leaf (crossing)" in resolution_text(r.certificate)


def _node(h, kappa, eta, zero=(1,)):
    return Node((parse(h, XYZ),), kappa, eta, frozenset(zero), 2)


def test_the_leaf_needs_the_crossing_to_lie_above_the_origin():
    assert crossing_leaf(_node("(x**2 - 2)*(x**2*z**2 - 2)", (0, 4, 2), (0, 2, 1))) is not None
    # κ_y = 1, η_y = 0: the origin gives 1/2, no better than a zero of h, which might then attain it
    assert crossing_leaf(_node("(x**2 - 2)*(x**2*z**2 - 2)", (0, 1, 0), (0, 0, 0))) is None


def test_tangent_curves_are_refused():
    # y − 1 ± x² touch at (0, 1): dependent gradients there
    S = _node("(y - 1 + x**2)*(y - 1 - x**2)", (0, 0, 3), (0, 0, 0), zero=(2,))
    assert crossing_leaf(S) is None
    assert not check_crossing(S, {"reason": "crossing", "factor": parse("y - 1 + x**2", XYZ).to_json()})


def test_a_factor_that_does_not_divide_is_refused():
    S = _node("(x**2 - 2)*(x**2*z**2 - 2)", (0, 4, 2), (0, 2, 1))
    assert not check_crossing(S, {"reason": "crossing", "factor": parse("x**2 - 3", XYZ).to_json()})


@pytest.mark.parametrize("factor", ["x**2 - 3", "1 - 2*y**2 - x", "1"])
def test_corrupted_crossing_leaf_fails(factor):
    cert = _solve("(x**2 - 2*y**2)*(x**2 - 2*z**2)").certificate
    node = next(n for n in nodes(cert["tree"]) if n.get("leaf", {}).get("reason") == "crossing")
    names = cert["problem"]["variables"]
    node["leaf"]["factor"] = parse(factor, names).to_json()
    with pytest.raises(CertificateError):
        verify_blowup_certificate(copy.deepcopy(cert))


def test_factors_that_are_not_one_coordinate_contents():
    # f = (xz − 2y²)(xz² − 3y³): in the chart of y the leaf is (x z − 2)(x z² − 3), two smooth curves that cross, where
    # neither factor is a one-coordinate content: the leaf finds them by factorising. By hand: f is singular along the
    # x-axis, where z1 = z − 2y²/x makes f = z1·(x z1² + 4y²z1 − 3y³ + …), Newton polygon edge (0,3)–(3,1) in
    # (y, z1), distance 9/5, non-degenerate: lct(f) = 5/9 there (the origin gives 3/5), so λ(f²) = 5/18, m = 1
    r = rlct.learning_coefficient("((x*z - 2*y**2)*(x*z**2 - 3*y**3))**2", time_limit=60)
    assert (r.lam, r.m, r.status) == (F(5, 18), 1, "exact")
    assert rlct.verify(r)
