"""Closed forms: hand-checked values, DLN with one hidden layer = RRR, engine agreement."""
from fractions import Fraction as F
from itertools import product

import pytest
import sympy

from rlct import InputError, SumOfSquares, learning_coefficient, verify
from rlct.families import dln, normal_crossing, regular, rrr



def test_rrr_cases_by_hand():
    assert (rrr(1, 1, 1, 0).lam, rrr(1, 1, 1, 0).m) == (F(1, 2), 2)
    assert (rrr(2, 1, 1, 0).lam, rrr(2, 1, 1, 0).m) == (F(1, 2), 1)
    assert rrr(3, 1, 1, 0).lam == F(1, 2)
    assert (rrr(2, 2, 2, 0).lam, rrr(2, 2, 2, 0).m) == (F(3, 2), 1)       # s = 12, even
    assert (rrr(2, 2, 1, 0).lam, rrr(2, 2, 1, 0).m) == (F(1), 2)          # s = 7, odd: (7+1)/8
    # M + H < N + r: y in R^5 from x in R^1 through H = 1, r = 1 -> (HM - Hr + Nr)/2 = (1 - 1 + 5)/2
    assert rrr(1, 5, 1, 1).lam == F(5, 2) and rrr(1, 5, 1, 1).certificate["case"] == "M+H < N+r"
    # M + N < H + r: wide inner layer -> MN/2 (the product BA is a generic M×N matrix)
    assert rrr(2, 2, 5, 1).lam == F(2) and rrr(2, 2, 5, 1).certificate["case"] == "M+N < H+r"


def test_wbic_series_m6_n6_r3():
    # Watanabe's WBIC paper uses M = N = 6, true rank 3; λ grows with H, then saturates at MN/2 = 18
    values = [rrr(6, 6, H, 3).lam for H in range(3, 7)]
    assert values == sorted(values) and values[0] == rrr(6, 6, 3, 3).lam
    assert rrr(6, 6, 3, 3).lam == F(27, 2)  # full rank 3: regular in the 3(6+6) − 9 = 27 free directions


@pytest.mark.parametrize("M,N,H,r", [(M, N, H, r) for M, N, H in product(range(1, 8), repeat=3)
                                     for r in range(0, min(M, N, H) + 1)])
def test_dln_with_one_hidden_layer_equals_rrr(M, N, H, r):
    a, b = dln([M, H, N], r), rrr(M, N, H, r)
    assert (a.lam, a.m) == (b.lam, b.m)


def test_dln_known():
    assert (dln([1, 1, 1, 1], 0).lam, dln([1, 1, 1, 1], 0).m) == (F(1, 2), 3)   # (abc)²
    assert dln([3, 4], 0).lam == F(6)                                         # one layer: regular 12/2
    for widths in ([2, 3, 4, 2], [5, 1, 5, 5], [3, 3, 3, 3, 3]):
        r = dln(widths, 0)
        assert r.lam > 0 and r.m >= 1 and verify(r)


def test_regular_and_normal_crossing():
    assert regular(5).lam == F(5, 2) and regular(5).m == 1
    nc = normal_crossing([1, 2, 1], [0, 1, 0])
    assert (nc.lam, nc.m) == (F(1, 2), 3)


@pytest.mark.parametrize("call", [lambda: rrr(0, 1, 1, 0), lambda: rrr(2, 2, 2, 3), lambda: rrr(2, 2, 2, -1),
                                  lambda: dln([2], 0), lambda: dln([2, 0, 2], 0), lambda: dln([2, 2, 2], 5),
                                  lambda: regular(0), lambda: normal_crossing([0, 0])])
def test_bad_parameters(call):
    with pytest.raises(InputError):
        call()


def _rrr_generators(M, N, H):
    A = sympy.Matrix(H, M, lambda i, j: sympy.Symbol(f"a{i}{j}"))
    B = sympy.Matrix(N, H, lambda i, j: sympy.Symbol(f"b{i}{j}"))
    C = B * A
    return [C[i, j] for i in range(N) for j in range(M)]


@pytest.mark.parametrize("M,N,H", [(1, 1, 1), (2, 1, 1), (1, 3, 1), (2, 2, 1), (3, 2, 1)])
def test_engine_agrees_with_rrr_where_exact(M, N, H):
    r = learning_coefficient(SumOfSquares(_rrr_generators(M, N, H)))
    truth = rrr(M, N, H, 0)
    assert r.lam >= truth.lam                      # engine result is a certified upper bound at worst
    if r.is_exact:
        assert (r.lam, r.m) == (truth.lam, truth.m)
    assert r.lower is None or r.lower <= truth.lam


def test_family_certificates_verify_and_reject_doctoring():
    from rlct.newton import CertificateError
    d = rrr(3, 3, 2, 0).to_dict()
    assert verify(d)
    d["lambda"] = "3"
    with pytest.raises(CertificateError):
        verify(d)


ARRANGEMENTS = [  # (forms, multiplicities, polynomial f, λ of f², m)
    ([[1, 0], [0, 1], [1, 1], [1, -1]], None, "x*y*(x + y)*(x - y)", F(1, 4), 1),
    ([[1, 0], [0, 1], [1, 1]], None, "x*y*(x + y)", F(1, 3), 1),
    ([[1, 0], [0, 1]], None, "x*y", F(1, 2), 2),
    ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], None, "x*y*z", F(1, 2), 3),
    ([[1, 0], [0, 1]], [2, 1], "x**2*y", F(1, 4), 1),
    ([[1, 1, 0], [0, 1, 1], [1, 0, 1]], None, "(x + y)*(y + z)*(x + z)", F(1, 2), 3),
]


@pytest.mark.parametrize("forms,mult,f,lam,m", ARRANGEMENTS)
def test_arrangements(forms, mult, f, lam, m):
    from rlct.families import arrangement
    r = arrangement(forms, mult)
    assert (r.lam, r.m) == (lam, m) and verify(r)
    engine = learning_coefficient(SumOfSquares([f]))
    assert engine.lam >= lam
    if engine.is_exact:
        assert (engine.lam, engine.m) == (lam, m)
