"""Toric charts (issue 3, part 2) and the moves of the ≥ 3-variable resolution (rlct.resolution.blowup,
points, smooth): each move's algebra, its preconditions, and the fibre-set bookkeeping."""
from fractions import Fraction as F

import pytest

from rlct.errors import InputError
from rlct.poly import parse
from rlct.resolution.blowup import (MoveError, Node, blowup_chart, eliminate, factor_eliminate, fibre_components,
                                    leaf_reason, leaf_value, normalise, root_node, substitute, unit_eliminate)
from rlct.resolution.points import fibre_points, translate
from rlct.resolution.smooth import smooth_point, smooth_value
from rlct.toric import ToricChart, blowup_matrix, candidate_pole, pull_back, toric_chart, unimodular

XYZ = ["x", "y", "z"]


def P(s, names=XYZ):
    return parse(s, names)


def test_toric_chart_exponents_follow_reference_formulas():
    # w = u^A with columns the rays: κ_j = ℓ(a_j) (order along the ray), η_j = ⟨a_j, h + 1⟩ − 1
    A = [[1, 1, 0], [0, 1, 1], [0, 0, 1]]
    ch = toric_chart(A, [P("x**2 + y**3*z")], kappa=(0, 0, 0), eta=(1, 0, 0))
    assert isinstance(ch, ToricChart)
    assert ch.kappa == (0, 2, 0)          # x = uv, y = vw, z = w: x² → u²v², y³z → v³w⁴; min per coordinate
    assert ch.eta == (1, 2, 1)            # (1+1)−1, (2+1)−1, (1+1)−1
    assert ch.strict[0] == P("x**2 + y*z**4")
    assert ch.candidate() == candidate_pole(ch.kappa, ch.eta, 2)


def test_pull_back_is_a_monomial_map_and_matrices_are_checked():
    assert pull_back(((1, 0), (1, 1)), parse("x*y", ["x", "y"])).terms == {(2, 1): 1}
    assert unimodular(blowup_matrix(4, [0, 1, 3], 1))
    with pytest.raises(InputError):
        toric_chart([[2, 0], [0, 1]], [parse("x", ["x", "y"])], (0, 0), (0, 0))
    with pytest.raises(InputError):
        blowup_matrix(3, [0, 1], 2)


def test_blowup_chart_divides_the_order_and_adds_the_jacobian():
    S = root_node([P("x*y + z**2")], (0, 0, 0), 2)
    C = blowup_chart(S, (0, 1, 2), 2)          # z = w, x = w x', y = w y'
    assert C.kappa == (0, 0, 2) and C.eta == (0, 0, 2)
    assert str(C.gens[0]) in ("x*y + 1", "1 + x*y")


@pytest.mark.parametrize("zero, centre, j, expected", [
    ({0, 1, 2}, (0, 1), 0, [{0, 2}]),                  # chart coordinate in Z: one component
    ({0, 2}, (0, 1), 1, [{1, 2}, {0, 2}]),            # j ∉ Z, Z ∩ S ≠ ∅: the new divisor or the old Z
    ({2}, (0, 1), 0, [{2}]),                           # centre outside Z: unchanged
])
def test_fibre_components_cover_the_chart_preimage(zero, centre, j, expected):
    got = fibre_components(frozenset(zero), centre, j)
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected))


def test_normalise_keeps_the_ideal_and_moves_the_monomial():
    S = normalise(Node((P("2*x*y"), P("x*y"), P("x**2*z")), (0, 0, 0), (0, 0, 0), frozenset({0, 1, 2}), 2))
    assert [str(g) for g in S.gens] == ["y", "x*z"] and S.kappa == (1, 0, 0)


def test_substitute_checks_the_fibre_set_and_the_monomial():
    S = Node((P("x + y*z"),), (0, 0, 1), (0, 0, 0), frozenset({0, 2}), 2)
    T = substitute(S, 0, P("-y*z"))                    # g vanishes on F (z ∈ Z): allowed
    assert str(T.gens[0]) == "1" and T.kappa == (1, 0, 1)     # the generator became x: into κ
    with pytest.raises(MoveError):
        substitute(S, 0, P("y"))                       # y ∉ Z: would move the fibre set
    with pytest.raises(MoveError):
        substitute(S, 2, P("y"))                       # κ_z > 0
    with pytest.raises(MoveError):
        substitute(S, 0, P("x*y"))                     # shift contains the coordinate


def test_eliminate_and_unit_eliminate():
    S = Node((P("x"), P("x*y + z**2")), (0, 0, 0), (0, 0, 0), frozenset({0, 1, 2}), 2)
    assert [str(g) for g in eliminate(S, 0, 0).gens] == ["x", "z**2"]
    with pytest.raises(MoveError):
        eliminate(S, 1, 0)
    # x(1 + y) + z: new coordinate x' = x(1+y) + z; the other generator x·y² → (−z)·y² (times 1)
    S = Node((P("x + x*y + z"), P("x*y**2")), (0, 0, 0), (0, 0, 0), frozenset({0, 1, 2}), 2)
    T = unit_eliminate(S, 0, 0)
    assert [str(g) for g in T.gens] == ["x", "-y**2*z"]
    bad = Node((P("x*y + z"), P("x*y**2")), (0, 0, 0), (0, 0, 0), frozenset({0, 1, 2}), 2)
    with pytest.raises(MoveError):
        unit_eliminate(bad, 0, 0)                      # coefficient y vanishes on F


def test_factor_eliminate_makes_a_factor_with_a_unit_coefficient_a_coordinate():
    # x·(y(1 + x) − z²) with F the origin: y' = y(1 + x) − z² (Jacobian 1/(1 + x), a unit near F), the
    # generator becomes x·y'; the other, y·z, becomes (1 + x)·y·z = (y' + z²)·z, exactly y·z times 1 + x
    S = Node((P("x*(y*(1 + x) - z**2)"), P("y*z")), (0, 0, 0), (0, 0, 0), frozenset({0, 1, 2}), 2)
    T = factor_eliminate(S, 0, 1)
    assert [str(g) for g in T.gens] == ["x*y", "y*z + z**3"]
    with pytest.raises(MoveError):
        factor_eliminate(S, 0, 0)                      # the monomial factor contains x
    with pytest.raises(MoveError):
        factor_eliminate(S, 1, 2)                      # y·z: the coefficient y of z vanishes on F
    free = Node((P("x*(y*(1 + z) - x)"), P("y*z")), (0, 0, 0), (0, 0, 0), frozenset({0, 1}), 2)
    with pytest.raises(MoveError):
        factor_eliminate(free, 0, 1)                   # 1 + z vanishes at z = −1 on F = {x = y = 0}
    kappa = Node((P("x*(y*(1 + x) - z**2)"), P("y*z")), (0, 1, 0), (0, 0, 0), frozenset({0, 1, 2}), 2)
    with pytest.raises(MoveError):
        factor_eliminate(kappa, 0, 1)                  # y is in the monomial u^κ


def test_leaf_reasons_and_values():
    S = Node((P("1 + y**2"), P("x")), (2, 0, 1), (1, 0, 0), frozenset({0}), 2)
    leaf = leaf_reason(S)
    assert leaf["reason"] == "definite"
    assert leaf_value(S, leaf) == (F(1, 2), 2)        # x: 2/4, z: 1/2
    S = Node((P("x + y + 1"), P("y - 1"), P("z")), (1, 0, 0), (0, 0, 0), frozenset({0}), 2)
    assert leaf_reason(S)["reason"] == "groebner"     # y + 1 = y − 1 = 0 has no solution: 1 ∈ ideal


def test_translation_points_and_units():
    S = Node((P("y"), P("z**2 - 4")), (1, 0, 1), (0, 0, 3), frozenset({0}), 2)
    pts = fibre_points(S)
    assert pts == [{1: F(0), 2: F(-2)}, {1: F(0), 2: F(2)}]
    T = translate(S, pts[1])
    assert T.kappa == (1, 0, 0) and T.eta == (0, 0, 0) and T.zero == frozenset({0, 1, 2})
    irrational = Node((P("y"), P("z**2 - 2")), (1, 0, 0), (0, 0, 0), frozenset({0}), 2)
    assert fibre_points(irrational) is None            # √2: not handled, the branch stays unresolved
    curve = Node((P("y*z - 1"),), (1, 0, 0), (0, 0, 0), frozenset({0}), 2)
    assert fibre_points(curve) is None                 # positive-dimensional


def test_smooth_leaf_value():
    S = Node((P("x*y + 1"),), (0, 0, 2), (0, 0, 2), frozenset({2}), 2)
    p = smooth_point(S)
    assert p is not None and p[2] == 0
    assert smooth_value(S, p) == (F(1, 2), 1)
    singular = Node((P("x**2 - y**2"),), (0, 0, 2), (0, 0, 2), frozenset({2}), 2)
    assert smooth_point(singular) is None              # singular at x = y = 0
