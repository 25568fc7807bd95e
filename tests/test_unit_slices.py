"""A coordinate of the monomial that vanishes on the zeros only over finitely many slices
(rlct.resolution.unit_slices): the rule, the finder, a whole tree against an equivalent problem, and corrupted
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
from rlct.resolution.tree_view import tree_nodes
from rlct.resolution.unit_slices import decide, units_off_slices

XYZ = list("xyz")


def _solve(gens):
    r = blowup_strategy(Problem.from_generators([parse(g, XYZ) for g in gens]))
    assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.is_exact)
    return r


@pytest.mark.parametrize("value_B, value_C, complete_C, value_CB, complete_CB, rest, case", [
    ((F(3, 4), 1), (F(1, 2), 1), True, (F(3, 4), 1), True, (F(1), 1), "C"),      # C's minimum lies off the slices
    ((F(3, 4), 1), (F(1, 2), 2), False, (F(1, 2), 1), True, None, "C"),          # a tie with a larger m is below
    ((F(1, 2), 1), (F(1, 2), 1), True, (F(1, 2), 1), True, (F(1), 1), "B"),      # no lower than the slices
    ((F(3, 4), 1), (F(1, 2), 1), True, (F(1, 2), 1), True, (F(1, 2), 2), "B"),   # no lower than the origin
    ((F(3, 4), 1), (F(1, 2), 1), True, (F(1, 2), 1), True, (F(1), 1), "open"),   # its minimum may be on a slice
    ((F(3, 4), 1), (F(1, 2), 1), True, (F(3, 4), 1), False, (F(1), 1), "open"),  # C_B open: C_on not known
    ((F(1, 2), 1), (F(1, 2), 1), False, (F(1, 2), 1), True, None, "open"),       # C open: its minimum not known
])
def test_the_rule(value_B, value_C, complete_C, value_CB, complete_CB, rest, case):
    assert decide(value_B, value_C, complete_C, value_CB, complete_CB, rest) == case


def test_the_finder_needs_a_monomial_coordinate_with_finitely_many_slices():
    S = Node((parse("z + 1 - 2*y**2", XYZ), parse("x**2*y*z", XYZ)), (6, 0, 2), (7, 0, 2), frozenset({0}), 2)
    t, s, cuts = units_off_slices(S)
    assert (t, s, [c.d for c in cuts]) == (2, 1, [2, 2])
    # z not in the monomial or the amplitude: nothing to drop
    assert units_off_slices(Node(S.gens, (6, 0, 0), (7, 0, 0), S.zero, 2)) is None
    # z vanishes on a whole line of zeros (y free): no finitely many slices
    S = Node((parse("z", XYZ), parse("x**2*y", XYZ)), (6, 0, 2), (7, 0, 2), frozenset({0}), 2)
    assert units_off_slices(S) is None


def test_curve_crossing_a_coordinate_plane_at_irrational_points():
    # (x² − 2y² + z³, xyz): y → y/√2 gives (x² − y² + z³, xyz), and u = x − y, v = x + y give
    # (uv + z³, (v² − u²)z), which closes without this move
    r = _solve(["x**2 - 2*y**2 + z**3", "x*y*z"])
    assert (r.lam, r.m, r.status) == (F(5, 8), 1, "exact")
    moves = [n["units-off-slices"] for n in tree_nodes(r.certificate["tree"]) if "units-off-slices" in n]
    assert moves and {m["coordinate"] for m in moves} == {"z"}
    twin = _solve(["x*y + z**3", "(y**2 - x**2)*z"])
    assert (twin.lam, twin.m, twin.status) == (F(5, 8), 1, "exact")
    assert not any("units-off-slices" in n for n in tree_nodes(twin.certificate["tree"]))
    assert "is a unit where the generators vanish, off the slices in y" in resolution_text(r.certificate)


def test_corrupted_rules_and_subtrees_fail_the_check():
    r = _solve(["x**2 - 2*y**2 + z**3", "x*y*z"])
    for corrupt in (lambda d: d.__setitem__("case", "C" if d["case"] != "C" else "B"),
                    lambda d: d.__setitem__("coordinate", "x"),
                    lambda d: d["slices"].pop(),
                    lambda d: d.__setitem__("slices", d["unit-dropped-slices"])):
        cert = copy.deepcopy(r.certificate)
        corrupt(next(n for n in tree_nodes(cert["tree"]) if "units-off-slices" in n)["units-off-slices"])
        with pytest.raises(CertificateError):
            verify_blowup_certificate(cert)
