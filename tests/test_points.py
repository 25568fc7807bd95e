"""Where the generators vanish on a node's fibre set (rlct.resolution.points): the ``units`` move, which drops
the monomial's coordinates that have no zero there. (Translations and slices are tested with the moves that
use them, in test_recursion.py and test_divide.py), and the visit to a few zeros before a blow-up."""
from __future__ import annotations

from fractions import Fraction

import pytest

from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import Node
from rlct.resolution.points import units_dropped, units_on_zeros
from rlct.resolution.tree_view import tree_nodes
from tree_walk import first

XYZ = list("xyz")


def _node(gens, kappa, eta, zero):
    return Node(tuple(parse(g, XYZ) for g in gens), tuple(kappa), tuple(eta), frozenset(zero), 2)


def test_a_coordinate_without_zero_on_the_curve_is_a_unit_there():
    # on z = 0 the curve x(1 − 2y²) = −1 never meets x = 0
    S = _node(["x*(1 - 2*y**2) + 1", "x**2*y*z**2"], (3, 0, 6), (4, 0, 7), {2})
    assert units_on_zeros(S) == [0]
    child = units_dropped(S, [0])
    assert (child.kappa, child.eta, child.gens, child.zero) == ((0, 0, 6), (0, 0, 7), S.gens, S.zero)


@pytest.mark.parametrize("gens, kappa, eta, zero, units", [
    (["x + y - 1", "z"], (1, 1, 1), (1, 1, 1), {2}, []),          # the line meets x = 0 and y = 0
    (["x*y - 1", "z"], (1, 1, 1), (1, 1, 1), {2}, [0, 1]),        # the hyperbola meets neither
    (["x*y - 1", "z"], (0, 0, 1), (2, 0, 1), {2}, [0]),           # an amplitude coordinate alone counts too
    (["x*y - 1", "x*z"], (0, 1, 1), (0, 1, 1), {1, 2}, []),       # y is on the fibre set: no zeros to avoid
])
def test_units_on_zeros(gens, kappa, eta, zero, units):
    assert units_on_zeros(_node(gens, kappa, eta, zero)) == units


def _open_tree():
    names = ["a", "b", "c"]
    r = blowup_strategy(Problem.from_generators([parse(g, names) for g in
                                                 ("2*c*c + 2*b*b*c + b*a", "-a*b*c - a*a*c")]))
    return r


def test_units_nodes_are_recorded_and_checked():
    r = _open_tree()
    assert first(r.certificate["tree"], "units") is not None
    assert "nonzero where the generators vanish on the fibre set" in resolution_text(r.certificate)
    assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.status == "exact")


@pytest.mark.parametrize("forge", [
    lambda data: data["coordinates"].append("a"),       # a coordinate that does vanish there
    lambda data: data["coordinates"].clear(),
    lambda data: data.update(rest=None),
])
def test_a_forged_units_claim_fails(forge):
    cert = _open_tree().certificate
    forge(first(cert["tree"], "units")["units"])
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


def test_few_zeros_on_the_fibre_set_are_visited_before_a_blow_up():
    # in a chart of (x² − 2y² + z³, x²yz): on the x-line, (2x² − 4)·y + x² and z⁵·(...) vanish only at x = 0,
    # where 2x² − 4 is a unit and the generator becomes a coordinate. Blowing up instead swelled past the
    # size limits, chart after chart. The rational twin (y → y/√2, u = x − y, v = x + y) agrees.
    def solve(gens):
        r = blowup_strategy(Problem.from_generators([parse(g, XYZ) for g in gens]))
        assert verify_blowup_certificate(r.certificate) == (r.lam, r.m, r.status == "exact")
        return r

    r = solve(["x**2 - 2*y**2 + z**3", "x**2*y*z"])
    assert (r.lam, r.m, r.status) == (Fraction(13, 22), 1, "exact")
    translations = [n for n in tree_nodes(r.certificate["tree"]) if "translate" in n and "blowup" not in n]
    assert any(len(n["state"]["zero"]) < 3 and n["translate"]["points"] for n in translations)
    twin = solve(["x*y + z**3", "(x + y)**2*(y - x)*z"])
    assert (twin.lam, twin.m, twin.status) == (Fraction(13, 22), 1, "exact")
