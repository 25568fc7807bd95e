"""Shrinking a fibre set along a weighted scaling (rlct.resolution.scaling) and dropping a generator that another
divides: the moves' conditions, the answers they unlock (reduced-rank regression with more hidden units than
inputs or outputs, at rank 0, from K alone), and corrupted certificates."""
from __future__ import annotations

import copy

import pytest

from rlct.families import rrr as rrr_closed_form
from rlct.inputs import to_problem
from rlct.models import linear
from rlct.newton import CertificateError
from rlct.poly import SumOfSquares, parse
from rlct.problem import Problem
from rlct.resolution import blowup_strategy, resolution_text, verify_blowup_certificate
from rlct.resolution.blowup import MoveError, Node, drop_multiple
from rlct.resolution.scaling import restrict_by_scaling, scaling_weights
from tree_walk import first_step, nodes

NAMES = ["b1", "b2", "a1", "a2", "c"]


def _node(gens, zero, names=NAMES, kappa=None):
    n = len(names)
    kappa = kappa or (0,) * n
    return Node(tuple(parse(g, names) for g in gens), tuple(kappa), tuple(kappa), frozenset(zero), 2)


def _rrr_tree(M, N, H):
    model = linear.rrr(M, N, H, 0)
    P = to_problem(SumOfSquares(list(model.generators)), None, None, list(model.variables), False)
    return blowup_strategy(P)


# ---- answers -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("M, N, H", [(2, 2, 3), (2, 3, 3), (3, 2, 3), (2, 2, 4), (2, 4, 3), (3, 3, 3)])
def test_overparametrised_rrr_at_rank_zero_is_exact(M, N, H):
    """H ≥ M or H ≥ N: before the scaling move every chart kept its free matrix entries and the search ran out
    of nodes (2×2×3 gave a bound after 3000). Now each chart is a smaller product again, Aoyagi–Watanabe exactly."""
    r = _rrr_tree(M, N, H)
    truth = rrr_closed_form(M, N, H, 0)
    assert (r.lam, r.m, r.status) == (truth.lam, truth.m, "exact")
    assert verify_blowup_certificate(r.certificate) == (truth.lam, truth.m, True)
    assert "'scaling'" in str(r.certificate["tree"])


def test_text_names_the_coordinates_that_join_the_fibre_set():
    text = resolution_text(blowup_strategy(to_problem(SumOfSquares(["x - y*z", "z**2"]), None, None,
                                                      ["x", "y", "z"], False)).certificate)
    assert "x = 0 on the fibre set by scaling" in text


# ---- the scaling move --------------------------------------------------------------------------------------
def test_weights_move_every_free_coordinate_that_can_scale():
    S = _node(["b1*a1 + b2*a2", "b1 - b2*c**2"], {0, 1})
    w = scaling_weights(S)
    assert {i for i, v in w.items() if v > 0 and i not in S.zero} == {2, 3, 4}
    assert restrict_by_scaling(S, w).zero == frozenset(range(5))


def test_absent_coordinates_always_join():
    S = _node(["b1*b2", "b1**2 + b2**3"], {0, 1})
    assert scaling_weights(S) == {2: 1, 3: 1, 4: 1}


def test_no_weights_where_a_free_coordinate_has_a_constant_term_beside_it():
    # a1 − 1 vanishes at a1 = 1 only: no scaling fixes that point set, so a1 stays free
    S = _node(["b1*(a1 - 1)", "b2"], {0, 1}, names=NAMES)
    w = scaling_weights(S)
    assert w is None or 2 not in {i for i, v in w.items() if v > 0}


@pytest.mark.parametrize("weights, message", [
    ({2: 1}, "not homogeneous"),                 # a1 alone: b1·a1 + b2·a2 mixes degrees
    ({2: 1, 3: -1, 0: 2, 1: 4}, "negative"),    # a2 < 0 off Z: σ_s(p) runs away as s → 0
    ({0: 1, 1: 1}, "moves no coordinate"),      # only Z coordinates
    ({9: 1}, "names no coordinate"),
])
def test_scaling_refuses_wrong_weights(weights, message):
    S = _node(["b1*a1 + b2*a2"], {0, 1})
    with pytest.raises(MoveError, match=message):
        restrict_by_scaling(S, weights)


# ---- the drop move -----------------------------------------------------------------------------------------
def test_drop_needs_an_exact_multiple():
    S = _node(["b1*(a1*a2 - 1)", "a1*a2 - 1", "b2"], {0, 1})
    assert [str(g) for g in drop_multiple(S, 0, 1).gens] == ["a1*a2 - 1", "b2"]
    with pytest.raises(MoveError, match="not a multiple"):
        drop_multiple(S, 1, 2)
    with pytest.raises(MoveError, match="wrong pair"):
        drop_multiple(S, 1, 1)


# ---- corrupted certificates --------------------------------------------------------------------------------
def _scaling_step(cert):
    node = first_step(cert["tree"], "scaling")
    return next(s for s in node["steps"] if s["move"] == "scaling")


def _break_homogeneity(cert):
    """Raise the weight of a coordinate whose degree varies within one generator of the node."""
    for node in nodes(cert["tree"]):
        steps = node.get("steps", [])
        if not steps or steps[0]["move"] != "scaling":
            continue
        names = cert["problem"]["variables"]
        for name in steps[0]["weights"]:
            k = names.index(name)
            if any(len({e[k] for e, _ in g}) > 1 for g in node["state"]["generators"]):
                steps[0]["weights"][name] += 5
                return
    raise AssertionError("no scaling step with a coordinate inside a generator")


def _negative_free_weight(cert):
    step = _scaling_step(cert)
    name = next(v for v, w in step["weights"].items() if w > 0)
    step["weights"] = {v: -w for v, w in step["weights"].items()}
    assert step["weights"][name] < 0


def _forged_drop(cert):
    node = first_step(cert["tree"], "scaling")
    node["steps"].insert(0, {"move": "drop", "generator": 0, "by": 1})


@pytest.mark.parametrize("corrupt, tree", [
    (_break_homogeneity, lambda: blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4")))),
    (_negative_free_weight, lambda: _rrr_tree(2, 2, 3)),
    (_forged_drop, lambda: _rrr_tree(2, 2, 3))])
def test_corrupted_scaling_certificates_fail(corrupt, tree):
    cert = tree().certificate
    assert verify_blowup_certificate(copy.deepcopy(cert))[2]
    corrupt(cert)
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)



@pytest.mark.parametrize("weights", [{"x": 1.9}, {"x": "1"}, {"x": True}, {"nowhere": 1}, [["x", 1]]])
def test_malformed_scaling_steps_fail(weights):
    """Weights are integers on named coordinates, exactly as stated (a float is not read as its floor)."""
    cert = blowup_strategy(to_problem(SumOfSquares(["x - y*z", "z**2"]), None, None, ["x", "y", "z"],
                                      False)).certificate
    step = next(s for node in nodes(cert["tree"]) for s in node.get("steps", []) if s["move"] == "scaling")
    step["weights"] = weights
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)
