"""Matrix changes of coordinates (rlct/matrix_change.py): the move on hand-built and random bilinear ideals,
reduced-rank regression with several surplus hidden units through the engine, and corrupted certificates."""
from __future__ import annotations

import copy
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import rlct
from linear_checks import assert_rrr_exact_through, certificate_kinds
from rlct.families import dln as dln_closed_form, rrr as rrr_closed_form
from rlct.matrix_change import check_matrix_change, find_matrix_change, substitute_matrix
from rlct.models import linear
from rlct.newton import CertificateError
from rlct.poly import parse
from rlct.problem import Problem
from rlct.verify import verify


_kinds = certificate_kinds


def _find(cert: dict, kind: str) -> dict | None:
    if cert["kind"] == kind:
        return cert
    return next((c for c in (_find(p, kind) for p in cert.get("parts", [])) if c is not None), None)


def _random_bilinear(seed: int) -> tuple[Problem, list[str]]:
    """Generators z_i·M(y)·x_j (i rows, j columns, M 2×2 with M(0) invertible): RRR of size (rows, cols, 2)
    at rank 0 in disguise."""
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 3), rng.randint(1, 3)
    z = [[f"z{i}{h}" for h in range(2)] for i in range(rows)]
    x = [[f"x{h}{j}" for h in range(2)] for j in range(cols)]
    y = ["y0", "y1"]
    names = sorted({v for r in z + x for v in r} | set(y))
    while True:
        base = [[rng.randint(-2, 2) for _ in range(2)] for _ in range(2)]
        if base[0][0] * base[1][1] - base[0][1] * base[1][0]:
            break
    M = [[f"({base[a][b]} + {rng.randint(-1, 1)}*{rng.choice(y)}*{rng.choice(y)})" for b in range(2)]
         for a in range(2)]
    gens = []
    for i in range(rows):
        for j in range(cols):
            gens.append(" + ".join(f"{z[i][a]}*{M[a][b]}*{x[j][b]}" for a in range(2) for b in range(2)))
    return Problem.from_generators([parse(g, names) for g in gens]), names


def test_the_move_makes_rrr_bilinear_and_checks():
    P, _ = _random_bilinear(3)
    change = find_matrix_change(P)
    assert change is not None
    check_matrix_change(P, change.to_json(), change.child)
    for g in change.child.generators:
        assert len(g.terms) == 2 and all(c == 1 for c in g.terms.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_random_bilinear_ideals_come_back_as_rrr_at_zero(seed):
    """After the moves, z·x' is RRR(rows, cols, 2) at 0; the engine must give its closed form or an honest
    bound, never a wrong exact value."""
    P, names = _random_bilinear(seed)
    rows = len({v[:2] for v in names if v.startswith("z")})
    cols = len({v[2] for v in names if v.startswith("x")})
    truth = rrr_closed_form(rows, cols, 2, 0)
    r = rlct.learning_coefficient(rlct.SumOfSquares([str(g) for g in P.generators]), variables=names,
                                  time_limit=30)
    assert verify(r)
    if r.is_exact:
        assert (r.lam, r.m) == (truth.lam, truth.m)
    else:
        assert r.lam >= truth.lam


@pytest.mark.parametrize("M, N, H, r", [(3, 3, 3, 1), (3, 4, 3, 1), (4, 4, 4, 2), (4, 4, 3, 1)])
def test_rrr_with_several_surplus_units_is_exact(M, N, H, r):
    assert_rrr_exact_through(M, N, H, r, "rule:matrix-change")


def test_dln_with_several_surplus_units_is_exact():
    model = linear.dln([3, 3, 3], 1)
    result = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=60)
    truth = dln_closed_form([3, 3, 3], 1)
    assert (result.lam, result.m, result.status) == (truth.lam, truth.m, "exact")
    assert verify(result)


def test_no_move_where_nothing_changes():
    names = ["a", "b", "c", "d"]
    # already bilinear with M = I: no move (the search would loop)
    assert find_matrix_change(Problem.from_generators([parse("a*c + b*d", names)])) is None
    # the coefficient matrix singular at the point: no move
    P = Problem.from_generators([parse("a*b*c + a*d", ["a", "b", "c", "d"]), parse("b*b*c", names)])
    assert find_matrix_change(P) is None
    # K as one polynomial: not handled
    assert find_matrix_change(Problem.from_polynomial(parse("(a*c + b*d)**2", names))) is None


def test_substitution_is_simultaneous():
    names = ["a", "x", "y"]
    M = ((parse("0", names), parse("1", names)), (parse("1", names), parse("0", names)))   # swap x, y
    assert str(substitute_matrix(parse("x**2*y", names), (1, 2), M)) == "x*y**2"


def test_corrupted_matrix_changes_fail():
    model = linear.rrr(3, 3, 3, 1)
    d = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=60).to_dict()
    assert verify(d)
    for corrupt in ("singular", "involves-x", "child", "prior", "variables"):
        bad = copy.deepcopy(d)
        node = _find(bad["certificate"], "rule:matrix-change")
        change, names = node["change"], node["problem"]["variables"]
        if corrupt == "singular":
            change["matrix"][0] = change["matrix"][1]
        elif corrupt == "involves-x":
            change["matrix"][0][0] = parse(f"1 + {change['variables'][0]}", names).to_json()
        elif corrupt == "child":
            child = node["parts"][0]["problem"]
            child["generators"][0], child["generators"][1] = child["generators"][1], child["generators"][0]
        elif corrupt == "prior":
            node["problem"]["prior"][names.index(change["variables"][0])] = 1
            node["parts"][0]["problem"]["prior"] = node["problem"]["prior"]
        else:
            change["variables"] = change["variables"][:1]
        with pytest.raises(CertificateError):
            verify(bad)


def test_a_forged_matrix_with_a_vanishing_determinant_is_refused():
    """x' = (y·x): the map is not a diffeomorphism at 0 (it would turn ⟨x·y⟩ into ⟨x'⟩)."""
    names = ["x", "y"]
    P = Problem.from_generators([parse("x*y", names)])
    child = Problem.from_generators([parse("x", names)])
    data = {"variables": ["x"], "matrix": [[parse("y", names).to_json()]]}
    assert substitute_matrix(child.generators[0], (0,), ((parse("y", names),),)) == P.generators[0]
    with pytest.raises(CertificateError, match="singular"):
        check_matrix_change(P, data, child)
