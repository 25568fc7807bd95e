"""Nodes equal up to renaming (rlct/resolution/symmetry.py): the renaming check, the memo, and certificates
whose repeated charts are references — same answers as the full tree, and forged references fail."""
from __future__ import annotations

import copy
from fractions import Fraction as F

import pytest

from rlct.models import linear
from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.resolution.blowup import Node
from rlct.resolution.recursion import blowup_strategy
from rlct.resolution.symmetry import NodeMemo, colours, renamed, same_node
from rlct.resolution.tree_check import verify_blowup_certificate
from rlct.resolution.tree_view import blowup_text

from tree_walk import nodes

NAMES = ("a", "b", "c", "d")


def node(gens, kappa=(0, 0, 0, 0), eta=(0, 0, 0, 0), zero=(0, 1, 2, 3), scale=2) -> Node:
    return Node(tuple(parse(g, NAMES) for g in gens), kappa, eta, frozenset(zero), scale)


SWAP = {"a": "b", "b": "a", "c": "c", "d": "d"}


def test_renaming_moves_every_part_of_the_node():
    S = node(["a**2*c + d", "b - c"], kappa=(1, 0, 0, 2), eta=(3, 0, 1, 0), zero=(0, 3))
    T = renamed(S, SWAP, NAMES)
    assert [str(g) for g in T.gens] == ["b**2*c + d", "a - c"]
    assert T.kappa == (0, 1, 0, 2) and T.eta == (0, 3, 1, 0) and T.zero == frozenset({1, 3})
    assert same_node(S, T, SWAP) and not same_node(S, T, {v: v for v in NAMES})


@pytest.mark.parametrize("change, same", [
    ({}, True),
    ({"gens": ["b*a - c", "b**2 + d"]}, True),          # generators in another order
    ({"gens": ["c - a*b", "b**2 + d"]}, True),          # a generator's sign (the same ideal)
    ({"gens": ["a*b + c", "b**2 + d"]}, False),         # a different generator
    ({"kappa": (0, 1, 0, 0)}, False),
    ({"eta": (1, 0, 0, 0)}, False),
    ({"zero": (0, 1, 2)}, False),
    ({"scale": 1}, False),
])
def test_same_node_compares_all_data(change, same):
    base = dict(gens=["a*b - c", "b**2 + d"])
    S = node(**base)
    T = node(**(base | change))
    assert same_node(S, T, {v: v for v in NAMES}) is same


def test_sign_matters_for_K_itself():
    S = node(["a**2 - b**2*c"], scale=1)
    T = node(["b**2*c - a**2"], scale=1)
    assert not same_node(S, T, {v: v for v in NAMES})


def test_a_renaming_must_be_a_bijection():
    S = node(["a*b - c"])
    assert not same_node(S, S, {"a": "a", "b": "a", "c": "c", "d": "d"})
    assert not same_node(S, S, {"a": "a", "b": "b", "c": "c"})


def test_colours_are_invariant_under_renaming():
    S = node(["a*b - c**2", "a*d + b"], kappa=(1, 0, 0, 0), zero=(0, 2))
    perm = {"a": "c", "b": "d", "c": "a", "d": "b"}
    T = renamed(S, perm, NAMES)
    (cs, gs), (ct, gt) = colours(S), colours(T)
    assert sorted(cs) == sorted(ct) and sorted(gs) == sorted(gt)
    assert all(cs[NAMES.index(v)] == ct[NAMES.index(w)] for v, w in perm.items())


def test_memo_finds_a_checked_renaming_and_nothing_else():
    S = node(["a*b + c*d", "a*d"], zero=(0, 1))
    perm = {"a": "c", "b": "d", "c": "a", "d": "b"}
    T = renamed(S, perm, NAMES)
    memo = NodeMemo()
    memo.add(S, 1, (F(1), 1), 0)
    ident, renaming, value, unresolved = memo.find(T)
    assert (ident, value, unresolved) == (1, (F(1), 1), 0) and same_node(S, T, renaming)
    assert memo.find(node(["a*b + c*d", "a**2*d"], zero=(0, 1))) is None
    assert memo.find(node(["a*b + c*d", "a*d"], zero=(0, 2))) is None


def rrr_problem(M, N, H, r=0) -> Problem:
    model = linear.rrr(M, N, H, r)
    return Problem.from_generators([parse(g, model.variables) for g in model.generators])


@pytest.mark.parametrize("size", [(2, 2, 2), (2, 2, 3), (2, 3, 2), (3, 3, 2), (1, 3, 3)])
def test_references_give_the_full_trees_answer_with_fewer_nodes(size):
    P = rrr_problem(*size)
    full = blowup_strategy(P, max_nodes=20_000, symmetry=False)
    short = blowup_strategy(P)
    assert (short.lam, short.m, short.status) == (full.lam, full.m, full.status) == (
        short.lam, short.m, "exact")
    assert short.certificate["nodes"] < full.certificate["nodes"]
    assert verify_blowup_certificate(short.certificate) == (short.lam, short.m, True)


def test_rrr_3x3x3_rank_0_is_a_small_tree():
    r = blowup_strategy(rrr_problem(3, 3, 3))
    assert (r.lam, r.m, r.status) == (F(7, 2), 2, "exact")          # Aoyagi–Watanabe
    assert r.certificate["nodes"] < 20 < r.certificate["references"]  # 649 nodes without references


def reference_certificate():
    cert = blowup_strategy(rrr_problem(2, 2, 3)).certificate
    assert any("same" in n for n in nodes(cert["tree"]))
    return cert


def first_reference(cert) -> dict:
    return next(n for n in nodes(cert["tree"]) if "same" in n)


def test_text_shows_references():
    text = blowup_text(reference_certificate())
    ident = first_reference(reference_certificate())["same"]["node"]
    assert f"[#{ident}]" in text and f"the same as node #{ident}" in text


def forge_renaming(cert):
    ref = first_reference(cert)["same"]
    names = list(ref["renaming"].values())
    keys = list(ref["renaming"])
    ref["renaming"] = dict(zip(keys, names[1:] + names[:1]))          # a cyclic shift: not the symmetry


def forge_target(cert):
    ref = first_reference(cert)["same"]
    ref["node"] = max(int(n["id"]) for n in nodes(cert["tree"]) if "id" in n) + 1   # not an earlier node


def forge_other_node(cert):
    ref = first_reference(cert)["same"]
    others = [int(n["id"]) for n in nodes(cert["tree"]) if "id" in n and int(n["id"]) != int(ref["node"])]
    ref["node"] = others[0]


def forge_duplicate_id(cert):
    with_id = [n for n in nodes(cert["tree"]) if "id" in n]
    with_id[1]["id"] = with_id[0]["id"]


def forge_string_id(cert):
    ref = first_reference(cert)["same"]
    ref["node"] = str(ref["node"])


def forge_conclusion(cert):
    first_reference(cert)["leaf"] = {"reason": "definite", "generator": 0, "lambda": "1/2", "m": 1}


def forge_not_a_bijection(cert):
    ref = first_reference(cert)["same"]
    keys = list(ref["renaming"])
    ref["renaming"][keys[0]] = ref["renaming"][keys[1]]


@pytest.mark.parametrize("forge", [forge_renaming, forge_target, forge_other_node, forge_duplicate_id,
                                   forge_string_id, forge_conclusion, forge_not_a_bijection])
def test_forged_references_fail(forge):
    cert = copy.deepcopy(reference_certificate())
    forge(cert)
    with pytest.raises(CertificateError):
        verify_blowup_certificate(cert)


def test_a_reference_to_an_open_subtree_stays_open():
    # the budget cuts the tree; every reference below a cut subtree would inherit its openness, and the
    # search never registers a subtree the budget cut, so the answer is a bound that verifies as one
    r = blowup_strategy(rrr_problem(3, 3, 3), max_nodes=5)
    assert r.status == "upper_bound"
    assert verify_blowup_certificate(r.certificate)[2] is False
