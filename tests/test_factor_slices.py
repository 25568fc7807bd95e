"""A factor of a generator that meets the zeros only over finitely many slices
(rlct.resolution.factor_slices): the finder, whole trees against equivalent rational problems, and corrupted
certificates."""
from __future__ import annotations

import copy
from fractions import Fraction as F

import pytest

from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import Node
from rlct.resolution.factor_slices import factor_cuts, factor_off_slices
from rlct.resolution.tree_view import tree_nodes

XYZ = list("xyz")


def _solve(gens):
    r = blowup_strategy(Problem.from_generators([parse(g, XYZ) for g in gens]))
    assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.is_exact)
    return r


def _node(gens, kappa, zero):
    return Node(tuple(parse(g, XYZ) for g in gens), kappa, kappa, frozenset(zero), 2)


def test_the_finder_slices_where_the_factor_meets_the_zeros():
    # on the hyperbola z² + 1 = 2y², y·(2y² − 1) vanishes only at y = ±1/√2 (and y = 0 is in the eliminant)
    S = _node(["z**2 + 1 - 2*y**2", "2*x**2*y**3 - x**2*y"], (4, 0, 0), {0})
    i, q, s, cuts = factor_off_slices(S)
    assert (i, str(q), s) == (1, "2*y**3 - y", 1)
    assert [c.d for c in cuts] == [1, 2, 2]


def test_a_factor_without_real_zeros_on_the_curve_has_no_slices():
    # y = 0 meets x² − 2y² + 1 = 0 nowhere over the reals: the eliminant x² + 1 has no real root
    S = _node(["x**2 - 2*y**2 + 1", "y*z**2"], (0, 0, 4), {2})
    assert factor_cuts(S, parse("y", XYZ), 0) == []


def test_powers_in_the_eliminant_do_not_count_against_its_degree():
    # on the circle x² + z² = 2, z⁵(z² − 2)² vanishes at x = ±√2 and x = 0; the eliminant x⁴(x² − 2)³ has
    # degree 10, past the limit of 8; its square-free part x(x² − 2) has degree 3
    S = _node(["x**2 + z**2 - 2", "y**8*z**9 - 4*y**8*z**7 + 4*y**8*z**5"], (0, 4, 0), {1})
    i, q, s, cuts = factor_off_slices(S)
    assert (i, str(q), s) == (1, "z**9 - 4*z**7 + 4*z**5", 0)
    assert [c.d for c in cuts] == [1, 2, 2]


def test_a_factor_that_vanishes_on_all_of_the_fibre_set_is_not_used():
    S = _node(["x**2 - 2*y**2 + 1", "x*y*z**2"], (0, 0, 4), {2})
    assert factor_cuts(S, parse("z", XYZ), 0) is None
    assert factor_cuts(S, parse("x", XYZ), 2) is None  # z is not free: no slices in it


@pytest.mark.parametrize("gens, twin, value", [
    # y → y/√2, u = x − y, v = x + y: (x² − 2y² + z⁴, xyz²) becomes (uv + z⁴, (v² − u²)z²) up to constants
    (["x**2 - 2*y**2 + z**4", "x*y*z**2"], ["x*y + z**4", "(y**2 - x**2)*z**2"], (F(7, 12), 1)),
    # (x + y)⁴(y − x) in the twin: a factor z⁵(z² − 2)² on a circle, sliced at x = 0, ±√2
    (["x**2 - 2*y**2 + z**4", "x**4*y*z**2"], ["x*y + z**4", "(x + y)**4*(y - x)*z**2"], (F(13, 24), 1)),
])
def test_curve_crossing_a_coordinate_plane_against_its_rational_twin(gens, twin, value):
    r = _solve(gens)
    assert (r.lam, r.m, r.status) == value + ("exact",)
    assert any("factor-off-slices" in n for n in tree_nodes(r.certificate["tree"]))
    t = _solve(twin)
    assert (t.lam, t.m, t.status) == value + ("exact",)
    assert "the factor meets the zeros only on the slices" in resolution_text(r.certificate)


def test_corrupted_factors_and_slices_fail_the_check():
    r = _solve(["x**2 - 2*y**2 + z**4", "x*y*z**2"])
    for corrupt in (lambda d: d["slices"].pop(),
                    lambda d: d.__setitem__("slice", "z"),
                    lambda d: d.__setitem__("factor", [[[0, 0, 0], "1"], [[0, 2, 0], "-2"]]),
                    lambda d: d.__setitem__("generator", 0),
                    lambda d: d.__setitem__("slices", d["slices"][::-1])):
        cert = copy.deepcopy(r.certificate)
        nodes = [n for n in tree_nodes(cert["tree"]) if "factor-off-slices" in n]
        corrupt(next(n for n in nodes if len(n["factor-off-slices"]["slices"]) > 1)["factor-off-slices"])
        with pytest.raises(CertificateError):
            verify_blowup_certificate(cert)
