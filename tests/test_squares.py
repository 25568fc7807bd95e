"""K typed as a positive combination of squares: the engine's fallback to the ideal of the squares."""
from fractions import Fraction

import pytest

import rlct
from rlct import learning_coefficient, verify
from rlct.poly import SumOfSquares, parse
from rlct.squares import check_weighted_squares, weighted_squares
from rlct.verify import CertificateError

XYZ = ("x", "y", "z")


@pytest.mark.parametrize("K, expected", [
    ("(x + y*z)**2 + 2*(y**2 - z**3)**2", [("1", "x + y*z"), ("2", "y**2 - z**3")]),
    ("x**4*y**2 + 3*z**6", [("1", "x**2*y"), ("3", "z**3")]),
    ("(x - y)**2*(y + z)**4", [("1", "x*y**2 + 2*x*y*z + x*z**2 - y**3 - 2*y**2*z - y*z**2")]),
])
def test_squares_are_read_from_the_typed_expression(K, expected):
    got = sorted((str(c), str(g)) for c, g in weighted_squares(K, XYZ))
    assert got == sorted(expected)


@pytest.mark.parametrize("K", ["x**2 - y**2", "x*y + z**2", "(x + y)**3 + z**2", "-(x + y)**2", "x**2 + 1",
                               parse("x**2 + y**2", list(XYZ)), SumOfSquares(["x"])])
def test_anything_else_is_not_a_sum_of_squares(K):
    assert weighted_squares(K, XYZ) is None


def test_the_identity_is_checked_exactly():
    gens = [parse("x + y*z", list(XYZ)), parse("z**2", list(XYZ))]
    K = parse("(x + y*z)**2 + 5*z**4", list(XYZ))
    assert check_weighted_squares(K, [1, 5], gens)
    assert not check_weighted_squares(K, [1, 4], gens)
    assert not check_weighted_squares(K, [1, -5], gens)
    assert not check_weighted_squares(K, [1], gens)


def test_engine_solves_the_ideal_when_the_polynomial_route_is_not_exact():
    typed = "(a*b + c*d)**2 + 3*(a*d)**2"
    r = learning_coefficient(typed)
    ideal = learning_coefficient(SumOfSquares(["a*b + c*d", "a*d"]))
    assert (r.lam, r.m, r.status) == (ideal.lam, ideal.m, "exact") == (Fraction(3, 4), 1, "exact")
    assert r.certificate["kind"] == "rule:positive-squares" and verify(r)
    expanded = learning_coefficient(str(parse(typed, ["a", "b", "c", "d"])))
    assert expanded.status == "upper_bound" and expanded.lam >= r.lam      # the structure is what helped


def test_weights_do_not_change_the_answer():
    a = learning_coefficient("(a*c + b*d)**2 + (a*d)**2")
    b = learning_coefficient("7*(a*c + b*d)**2 + (a*d)**2/3")
    assert (a.lam, a.m, a.status) == (b.lam, b.m, b.status) == (Fraction(3, 4), 1, "exact")


def test_corrupted_positive_squares_certificates_fail():
    d = learning_coefficient("(a*b + c*d)**2 + 3*(a*d)**2").to_dict()
    bad = {**d, "certificate": {**d["certificate"], "weights": ["1", "2"]}}
    with pytest.raises(CertificateError):
        verify(bad)
    bad = {**d, "certificate": {**d["certificate"], "weights": ["1", "-3"]}}
    with pytest.raises(CertificateError):
        verify(bad)
    part = dict(d["certificate"]["parts"][0])
    part["problem"] = {**part["problem"], "prior": [1, 0, 0, 0]}
    bad = {**d, "certificate": {**d["certificate"], "parts": [part]}}
    with pytest.raises(CertificateError):
        verify(bad)


def test_cli_uses_the_same_fallback(capsys):
    from rlct.cli import main

    assert main(["lc", "(a*b + c*d)**2 + 3*(a*d)**2"]) == 0
    out = capsys.readouterr().out
    assert "λ = 3/4" in out and "status: exact" in out
    assert rlct.learning_coefficient("x**2*y**2 + x**4 + y**6").method == "newton"   # 2 variables: untouched
