"""Block elimination (rlct/elimination.py): linear models at rank-r points against their closed forms, the
rule's guards, and corrupted certificates."""
from __future__ import annotations

import copy

import pytest

import rlct
from linear_checks import assert_rrr_exact_through, certificate_kinds
from rlct.elimination import Block, check_block, eliminate_block, find_block
from rlct.families import dln as dln_closed_form
from rlct.models import linear
from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.verify import verify


_kinds = certificate_kinds


@pytest.mark.parametrize("M, N, H, r", [(2, 2, 1, 1), (2, 3, 2, 1), (3, 3, 2, 1), (3, 3, 3, 2), (3, 2, 3, 2),
                                        (4, 3, 2, 2), (4, 4, 3, 2), (3, 3, 3, 1)])
def test_rrr_at_a_rank_r_point_matches_aoyagi_watanabe(M, N, H, r):
    assert_rrr_exact_through(M, N, H, r, "rule:block-elimination")


@pytest.mark.parametrize("M, N, H, r", [(2, 3, 4, 1), (3, 2, 4, 1)])
def test_overparametrised_rest_after_elimination(M, N, H, r):
    # the rest is RRR (M − 1, N − 1, 3) at rank 0: the chain ends one term larger than K (30 against 29 terms),
    # which the engine once refused, and the blow-ups (scaling move) close the rest
    assert_rrr_exact_through(M, N, H, r, "rule:block-elimination")


@pytest.mark.parametrize("widths, r", [([2, 2, 2, 2], 1), ([3, 2, 3], 1), ([2, 3, 3, 2], 2)])
def test_dln_at_a_rank_r_point_matches_aoyagi(widths, r):
    model = linear.dln(widths, r)
    result = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=60)
    truth = dln_closed_form(widths, r)
    assert result.status == "exact" and (result.lam, result.m) == (truth.lam, truth.m)
    assert verify(result)


def test_the_block_guards():
    names = ["a", "b", "c"]
    # a prior on the only linear variable: no block
    P = Problem.from_generators([parse("a + b*c", names), parse("b**2", names)], prior=(1, 0, 0))
    assert find_block(P) is None
    # a generator of degree 2 in its linear variable is not a block
    assert find_block(Problem.from_generators([parse("a + a**2*b", names), parse("c**2", names)])) is None
    # K given as one polynomial: no generators, no block
    assert find_block(Problem.from_polynomial(parse("(a + b*c)**2", names))) is None


def test_check_block_refuses_a_singular_block():
    names = ["a", "b", "c"]
    P = Problem.from_generators([parse("b*a + c**2", names), parse("c**3", names)])
    parts = eliminate_block(P, Block((0,), (0,)))[0]          # computed regardless of the guard
    with pytest.raises(CertificateError, match="singular"):
        check_block(P, {"generators": [0], "variables": ["a"]}, parts, [])


def test_check_block_refuses_a_unit_that_vanishes_at_the_point():
    """Dividing by b (zero at the point) would change the local ideal: the recorded units are checked."""
    names = ["a", "b", "c"]
    P = Problem.from_generators([parse("a + b*c", names), parse("b*a + c**3", names)])
    block = find_block(P)
    parts = eliminate_block(P, block)[0]
    record = {"generators": list(block.generators), "variables": ["a"]}
    check_block(P, record, parts, [])
    with pytest.raises(CertificateError, match="not a unit"):
        check_block(P, record, parts, [parse("b", names).to_json()])
    # a constant "unit" would make the division loop endless (review): refused
    with pytest.raises(CertificateError, match="constant"):
        check_block(P, record, parts, [parse("2", names).to_json()])


def test_a_chain_divides_by_inherited_units_without_factoring():
    """A later block's det C containing an earlier unit: the unit is found by division and recorded."""
    from rlct.elimination import unit_candidates
    from rlct.poly import _ring, to_ring_element

    names = ("b", "c")
    R, _ = _ring(names)
    det = to_ring_element(parse("(1 + b)**2*(1 + c)", names), R)
    found = unit_candidates(det, [to_ring_element(parse("1 + b", names), R)], R)
    assert [str(u) for u in found] == ["b + 1", "c + 1"]


def test_corrupted_block_certificates_fail():
    model = linear.rrr(3, 3, 2, 1)
    d = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=60).to_dict()

    def find(cert):
        if cert["kind"] == "rule:block-elimination":
            return cert
        return next((c for c in map(find, cert.get("parts", [])) if c is not None), None)

    for corrupt in ("variables", "generators", "parts", "prior"):
        bad = copy.deepcopy(d)
        node = find(bad["certificate"])
        if corrupt == "variables":
            node["block"]["variables"] = node["block"]["variables"][::-1] + ["nope"]
        elif corrupt == "generators":
            node["block"]["generators"] = [g + 1 for g in node["block"]["generators"]]
        elif corrupt == "parts":
            node["parts"] = node["parts"][:1]
        else:
            node["problem"]["prior"] = [1] * len(node["problem"]["prior"])
        with pytest.raises(CertificateError):
            verify(bad)


def test_elimination_records_the_units_of_det_c():
    """The factors of det C are units at the point: they are divided out where they divide, and recorded."""
    names = ["a", "b", "c", "d"]
    P = Problem.from_generators([parse("(1 + b)*a + c*d", names), parse("(1 + b)*c*d**2 + a*d**2", names)])
    block = find_block(P)
    parts, units = eliminate_block(P, block)
    assert [str(u) for u in units] == ["b + 1"]
    assert rlct.learning_coefficient(rlct.SumOfSquares(["(1 + b)*a + c*d", "(1 + b)*c*d**2 + a*d**2"])).is_exact


def test_units_common_to_the_solution_and_det_cancel():
    from rlct.elimination import _cancel_units
    from rlct.poly import _ring

    R, (a, b, c) = _ring(["a", "b", "c"])
    u = 1 + a * b
    sol, det = _cancel_units([u * a, u * b * c], u ** 2 * (1 + c), [u])
    assert sol == [a, b * c] and det == u * (1 + c)
    # a unit that does not divide every entry stays
    assert _cancel_units([u * a, b], u * (1 + c), [u]) == ([u * a, b], u * (1 + c))
