"""The moves a blow-up node tries before it blows up (rlct.resolution.simplify): which step each finds."""
from __future__ import annotations

from rlct.poly import parse
from rlct.resolution.blowup import Node
from rlct.resolution.simplify import _multiple_generator, _reduction, _Shifted, apply_step, simplify


def _node(gens, names, zero, kappa=None):
    n = len(names)
    kappa = tuple(kappa or (0,) * n)
    return Node(tuple(parse(g, names) for g in gens), kappa, kappa, frozenset(names.index(v) for v in zero), 2)


ABCXY = ["a", "b", "c", "x", "y"]


def test_reduction_in_a_lex_order_with_another_coordinate_first():
    # q = b(c − a) − 1: in lex order a·b leads q, and no term of g is divisible by it; with c first b·c leads,
    # and g − x·y·q = x·a·(y·b + y + 1) has lost c
    S = _node(["b*c - a*b - 1", "x*(y*a + y*b*c - y + a)"], ABCXY, ["x"])
    step = _reduction(S)
    assert step is not None and step[0]["move"] == "reduce" and (step[0]["generator"], step[0]["by"]) == (1, 0)
    reduced = apply_step(S, step[0]).gens
    assert any(str(g) == "a*b*x*y + a*x*y + a*x" for g in reduced)


def test_no_reduction_that_keeps_every_coordinate():
    S = _node(["b*c - a*b - 1", "x*(y*a + b + c)"], ABCXY, ["x"])
    assert _reduction(S) is None


def test_a_multiple_of_a_monomial_generator_is_dropped():
    S = _node(["x*y", "a*x*y*(1 + b)", "b*c - 1"], ABCXY, ["x", "y"])
    assert _multiple_generator(S) == [{"move": "drop", "generator": 1, "by": 0}]


def test_a_renewed_coordinate_is_shifted_again_only_without_swell():
    S = _node(["x*(a + b*c)", "y*(a + b**2*c**3 + c**5)"], ABCXY, ["x", "y"])
    shifted = _Shifted()
    shift = {"move": "substitute", "variable": "a", "shift": parse("-b*c", ABCXY).to_json()}
    assert shifted.take(S, 0, shift) and 0 in shifted.used
    shifted.renew()
    assert not shifted.used and 0 in shifted.renewed
    grows = {"move": "substitute", "variable": "a", "shift": parse("-(b + c)**4", ABCXY).to_json()}
    assert not shifted.take(S, 0, grows)     # more terms than before: refused
    assert shifted.take(S, 0, shift)


def test_simplify_reduces_then_drops():
    # the reduction (c first) leaves x·a·(y·b + y + 1), a multiple of the generator x·a, which is dropped
    S = _node(["x*a", "b*c - a*b - 1", "x*(y*a + y*b*c - y + a)"], ABCXY, ["x"])
    T, steps, _ = simplify(S)
    assert [s["move"] for s in steps][:2] == ["reduce", "drop"]
    assert [str(g) for g in T.gens] == ["a*x", "-a*b + b*c - 1"]


def test_a_factor_with_a_unit_coefficient_becomes_a_coordinate():
    # x·(c(1 + a·b) − a) with a, b, x on the fibre set: the coefficient 1 + a·b is 1 on F, so c' = c(1 + a·b) − a
    # is a coordinate near F (factor-eliminate); substituting only its constant part would leave the series
    # 1/(1 + a·b) to be chased one blow-up at a time (deep linear networks do this)
    S = _node(["x*(c*(1 + a*b) - a)", "y*c"], ABCXY, ["a", "b", "x", "y"])
    T, steps, _ = simplify(S)
    assert steps[0] == {"move": "factor-eliminate", "generator": 0, "variable": "c"}
    assert str(apply_step(S, steps[0]).gens[0]) == "c*x"


def test_a_corrupted_factor_step_is_refused():
    import pytest

    from rlct.resolution.blowup import MoveError

    S = _node(["x*(c*(1 + a*b) - a)", "y*c"], ABCXY, ["a", "b", "x", "y"])
    for step in ({"move": "factor-eliminate", "generator": 1, "variable": "c"},     # y·c: coefficient y
                 {"move": "factor-eliminate", "generator": 0, "variable": "x"},     # x in the monomial
                 {"move": "factor-eliminate", "generator": -2, "variable": "c"},    # no such generator
                 {"move": "factor-eliminate", "generator": "0", "variable": "c"},   # an index is an int
                 {"move": "unit-eliminate", "generator": True, "variable": "c"}):
        with pytest.raises(MoveError):
            apply_step(S, step)
