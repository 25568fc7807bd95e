"""Tests for rlct.nondegeneracy (real torus zeros of face systems) and its helper rlct.torus."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from rlct.nondegeneracy import (TorusVerdict, common_torus_zero, positive_on_torus,
                                singular_torus_zero, verify_verdict)
from rlct.poly import parse
from rlct.torus import column_echelon, reduce_system, real_root


def T(expr: str, variables: str) -> dict:
    """Terms of an expression over the comma-separated variables."""
    return dict(parse(expr, variables.split(",")).terms)


def point(v: TorusVerdict) -> list[Fraction]:
    assert v.witness["kind"] == "rational"
    return [Fraction(x) for x in v.witness["point"]]


def checked(v: TorusVerdict, polys, n: int) -> TorusVerdict:
    """Every verdict must survive an independent re-check and a JSON round trip."""
    assert verify_verdict(polys, n, v), v
    d = json.loads(json.dumps(v.to_dict()))
    assert TorusVerdict.from_dict(d) == v
    assert verify_verdict(polys, n, d)
    return v


# ---------------------------------------------------------------------------------------------
# positive_on_torus: face polynomials of K >= 0

POSITIVE_CASES = [
    ("(x+y)^2", "x,y", "zero"),
    ("x^2 + y^2", "x,y", "none"),
    ("x^2*y^2 + x^4", "x,y", "none"),            # faces of x^2 y^2 + x^4 + y^6
    ("x^2*y^2 + y^6", "x,y", "none"),
    ("x^4", "x,y", "none"),
    ("(y - x^2)^2", "x,y", "zero"),               # the edge of (y - x^2)^2 + x^6
    ("(x^2 - y^2)^2", "x,y", "zero"),
    ("(x^2 - y^3)^2", "x,y", "zero"),
    ("x^2 - x*y + y^2", "x,y", "none"),           # positive definite, not a sum of even monomials
    ("(x^2 - 2*y^2)^2", "x,y", "zero"),           # irrational zero x/y = ±√2
    ("(x^2 + x*y + y^2)^2", "x,y", "none"),
    ("(x*y - z^2)^2", "x,y,z", "zero"),
    ("x^2 + y^2 + z^2 - x*y - y*z", "x,y,z", "none"),
    ("(x - y)^2 + (y - z)^2", "x,y,z", "zero"),
    ("(a*b + c*d)^2", "a,b,c,d", "zero"),
    ("(x^2 + y^2 - 2*z^2)^2", "x,y,z", "zero"),
    ("(x^2 + y^2 - z^2)^2 + (x*y - z^2)^2", "x,y,z", "none"),
]


@pytest.mark.parametrize("expr,variables,expected", POSITIVE_CASES)
def test_positive_on_torus(expr, variables, expected):
    K = T(expr, variables)
    n = len(variables.split(","))
    v = checked(positive_on_torus(K, n), [K], n)
    assert v.status == expected, v
    if v.status == "zero" and v.witness["kind"] == "rational":
        assert parse(expr, variables.split(",")).evaluate(dict(zip(variables.split(","), point(v)))) == 0


def test_positive_on_torus_witness_for_square_of_sum():
    v = positive_on_torus(T("(x+y)^2", "x,y"), 2)
    x, y = point(v)
    assert x == -y != 0


def test_positive_on_torus_reasons():
    assert positive_on_torus(T("x^2 + y^2", "x,y"), 2).reason == "positive-even"
    assert positive_on_torus(T("x^2*y^4", "x,y"), 2).reason == "monomial"
    assert positive_on_torus(T("x^2 - x*y + y^2", "x,y"), 2).reason == "critical:univariate-real-roots"
    v = positive_on_torus(T("x^2 + y^2 + z^2 - x*y - y*z", "x,y,z"), 3)
    assert v.reason == "critical:groebner-unit"


@pytest.mark.parametrize("expr", ["x - y", "x^2 - 3*x*y + y^2", "x^3*y + y^4"])
def test_positive_on_torus_refuses_sign_changing_input(expr):
    v = positive_on_torus(T(expr, "x,y"), 2)
    assert (v.status, v.reason) == ("unknown", "not-nonnegative")


# ---------------------------------------------------------------------------------------------
# singular_torus_zero: the single-generator rule

SINGULAR_CASES = [
    ("x^2 - y^3", "x,y", "none"),
    ("x^2 - y^2", "x,y", "none"),
    ("x^2 - 2*x*y + y^2", "x,y", "zero"),
    ("(x^2 - 2*y^2)^2", "x,y", "zero"),
    ("x^3 - 3*x*y^2 + y^3", "x,y", "none"),
    ("y - x^2", "x,y", "none"),
    ("x*y - z^2", "x,y,z", "none"),
    ("x^2 + y^2 - z^2", "x,y,z", "none"),
    ("(x + y + z)^2", "x,y,z", "zero"),
    ("x^3 + y^3 + z^3 - 3*x*y*z", "x,y,z", "zero"),  # singular along x = y = z
]


@pytest.mark.parametrize("expr,variables,expected", SINGULAR_CASES)
def test_singular_torus_zero(expr, variables, expected):
    f = T(expr, variables)
    n = len(variables.split(","))
    v = checked(singular_torus_zero(f, n), [f], n)
    assert v.status == expected, v
    assert v.reason.startswith("singular:")


# ---------------------------------------------------------------------------------------------
# common_torus_zero: face systems

SYSTEM_CASES = [
    (["x^2 - y^3"], "x,y", "zero"),
    (["x^2 - 2*y^2"], "x,y", "zero"),
    (["x^2 + 2*y^2 - 3*x*y"], "x,y", "zero"),
    (["x*y - z^2"], "x,y,z", "zero"),
    (["(x^2 - y^2)^2"], "x,y", "zero"),
    (["x^2 + y^2"], "x,y", "none"),
    (["a*b", "c*d"], "a,b,c,d", "none"),
    (["a1*b1 + a2*b2"], "a1,a2,b1,b2", "zero"),
    (["x - y", "x + y"], "x,y", "none"),
    (["x^2 - y^3", "x*y"], "x,y", "none"),
    (["x + y + z", "x - y + 2*z"], "x,y,z", "zero"),
    (["x + y + z", "x - y + 2*z", "x + 2*y - z"], "x,y,z", "none"),
    (["x^2 + x*z + z^2", "y - z"], "x,y,z", "none"),
    (["x^2 - 2*z^2", "y - x"], "x,y,z", "zero"),
    (["x^2 - 2*z^2", "y^2 - 2*z^2"], "x,y,z", "zero"),
    (["x^2 + y^2 - 3*z^2"], "x,y,z", "zero"),
    (["a*b + c*d", "a*d - b*c"], "a,b,c,d", "none"),
    (["a*c - b^2", "a*d - b*c", "b*d - c^2"], "a,b,c,d", "zero"),  # twisted cubic cone
    (["x^2 + y^2 - z^2 - w^2", "x*y - z*w", "x*z + y*w"], "x,y,z,w", "none"),
    (["x^3 + y^3 + z^3 + w^3 - 7*x*y*z", "x*y*w - z^3 + 2*w^3"], "x,y,z,w", "zero"),  # a curve
    (["b11*a11 + b12*a21", "b11*a12 + b12*a22", "b21*a11 + b22*a21", "b21*a12 + b22*a22"],
     "a11,a12,a21,a22,b11,b12,b21,b22", "zero"),                                     # BA = 0
    (["0", "x - 2*y"], "x,y", "zero"),
    (["0"], "x,y", "zero"),
]


@pytest.mark.parametrize("exprs,variables,expected", SYSTEM_CASES)
def test_common_torus_zero(exprs, variables, expected):
    names = variables.split(",")
    polys = [T(e, variables) for e in exprs]
    v = checked(common_torus_zero(polys, len(names)), polys, len(names))
    assert v.status == expected, v
    if v.status == "zero" and v.witness["kind"] == "rational":
        w = dict(zip(names, point(v)))
        assert all(x != 0 for x in w.values())
        assert all(parse(e, names).evaluate(w) == 0 for e in exprs)


def test_common_torus_zero_reasons_and_witnesses():
    assert common_torus_zero([T("x^2 - y^3", "x,y")], 2).witness == {"kind": "rational", "point": ["1", "1"]}
    assert common_torus_zero([T("a*b", "a,b,c,d"), T("c*d", "a,b,c,d")], 4).reason == "monomial"
    assert common_torus_zero([T("x - y", "x,y"), T("x + y", "x,y")], 2).reason == "univariate-real-roots"
    v = common_torus_zero([T("x^2 + x*z + z^2", "x,y,z"), T("y - z", "x,y,z")], 3)
    assert v.reason == "elimination-real-roots"
    v = common_torus_zero([T(e, "x,y,z") for e in ["x + y + z", "x - y + 2*z", "x + 2*y - z"]], 3)
    assert v.reason == "groebner-unit"


def test_undecided_cases_stay_unknown(monkeypatch):
    # positive definite but not even, single polynomial, k = 2: no certificate in common_torus_zero
    v = common_torus_zero([T("x^2 - x*y + y^2 + z^2", "x,y,z")], 3)
    assert (v.status, v.reason) == ("unknown", "inconclusive")
    # five reduced variables: over the Groebner caps
    names = "a,b,c,d,e,f"
    polys = [T(e, names) for e in ["a*b + c*d - 2*e*f", "a*d - b*c + e^2", "a*c + b*d - f^2"]]
    assert common_torus_zero(polys, 6).reason == "unsupported"
    # a failing sympy call becomes "unknown", never a crash or a claim
    import rlct.nondegeneracy as nd

    def boom(*args, **kwargs):
        raise RuntimeError("sympy failed")
    monkeypatch.setattr(nd, "saturated_basis", boom)
    v = common_torus_zero([T(e, "x,y,z") for e in ["x + y + z", "x - y + 2*z", "x + 2*y - z"]], 3)
    assert (v.status, v.reason) == ("unknown", "unsupported")


def test_malformed_input_is_an_input_error():
    from rlct.errors import InputError
    with pytest.raises(InputError):
        common_torus_zero([{(1, 0, 0): 1}], 2)


def test_algebraic_witness_sqrt2():
    f = T("x^2 - 2*y^2", "x,y")
    v = common_torus_zero([f], 2)
    assert (v.status, v.reason) == ("zero", "algebraic-witness")
    w = v.witness
    theta = sympy.Symbol("theta")
    minpoly = sum(sympy.Rational(c) * theta**i for i, c in enumerate(w["minpoly"]))
    assert sympy.degree(minpoly, theta) == 2
    lo, hi = (Fraction(x) for x in w["interval"])
    assert lo < hi and (lo >= 0 or hi <= 0)
    assert verify_verdict([f], 2, v)


def test_shape_position_witnesses_are_algebraic():
    for exprs in (["x^2 - 2*z^2", "y - x"], ["x^2 - 2*z^2", "y^2 - 2*z^2"]):
        polys = [T(e, "x,y,z") for e in exprs]
        v = common_torus_zero(polys, 3)
        assert v.reason == "algebraic-witness"
        assert verify_verdict(polys, 3, v)


# ---------------------------------------------------------------------------------------------
# verify_verdict refuses wrong claims


def test_corrupted_rational_witness_fails():
    f = T("x^2 - y^3", "x,y")
    v = common_torus_zero([f], 2).to_dict()
    assert verify_verdict([f], 2, v)
    for bad in (["2", "1"], ["0", "0"], ["1"], ["1", "1", "1"]):
        assert not verify_verdict([f], 2, dict(v, witness={"kind": "rational", "point": bad}))


def test_corrupted_algebraic_witness_fails():
    f = T("x^2 - 2*y^2", "x,y")
    v = common_torus_zero([f], 2).to_dict()
    w = v["witness"]
    corruptions = [
        dict(w, minpoly=["-3", "0", "1"]),                  # root √3: f does not vanish
        dict(w, interval=["3", "4"]),                        # no sign change: no root inside
        dict(w, interval=["-2", "2"]),                       # no strict sign change either
        dict(w, u=[["0", "0"], ["1"]]),                      # a zero coordinate
        dict(w, exponents=[[2, 0], [0, 1]]),                 # wrong monomial map
        dict(w, kind="quaternion"),
        None,
    ]
    for bad in corruptions:
        assert not verify_verdict([f], 2, dict(v, witness=bad)), bad


def test_wrong_none_claims_fail():
    f = T("x - y", "x,y")
    for reason in ("monomial", "positive-even", "univariate-real-roots", "groebner-unit",
                   "elimination-real-roots", "critical:groebner-unit", "made-up"):
        assert not verify_verdict([f], 2, TorusVerdict("none", reason))
    g = [T("x^2 - 2*z^2", "x,y,z"), T("y - x", "x,y,z")]
    for reason in ("groebner-unit", "elimination-real-roots", "univariate-real-roots"):
        assert not verify_verdict(g, 3, TorusVerdict("none", reason))
    assert not verify_verdict([f, f], 2, TorusVerdict("none", "singular:monomial"))
    assert not verify_verdict([f], 2, {"status": "none"})
    assert not verify_verdict([f], 2, "garbage")


def test_unknown_verifies_trivially():
    assert verify_verdict([T("x - y", "x,y")], 2, TorusVerdict("unknown", "unsupported"))
    with pytest.raises(ValueError):
        TorusVerdict("maybe", "x")


def test_singular_verdict_checks_the_derived_system():
    f = T("x^2 - 2*x*y + y^2", "x,y")
    v = singular_torus_zero(f, 2)
    assert verify_verdict([f], 2, v)
    # a zero of f that is not singular must not pass as a singular witness
    g = T("x^2 - y^2", "x,y")
    fake = TorusVerdict("zero", "singular:rational-witness", {"kind": "rational", "point": ["1", "1"]})
    assert not verify_verdict([g], 2, fake)
    assert verify_verdict([g], 2, TorusVerdict("zero", "rational-witness", fake.witness))


# ---------------------------------------------------------------------------------------------
# the lattice reduction


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-4, 4), min_size=4, max_size=4), min_size=1, max_size=4))
def test_column_echelon_is_unimodular_and_exact(rows):
    k, V = column_echelon(rows, 4)
    assert abs(sympy.Matrix(V).det()) == 1
    DV = sympy.Matrix(rows) * sympy.Matrix(V)
    assert k == sympy.Matrix(rows).rank()
    assert all(DV[i, j] == 0 for i in range(len(rows)) for j in range(k, 4))


def test_reduce_system_drops_to_face_dimension():
    red = reduce_system([T("x^2*y + x*y^2*z + z^3*x", "x,y,z")], 3)
    assert red.k == 2
    red = reduce_system([T("a*b + c*d", "a,b,c,d"), T("a*d - b*c", "a,b,c,d")], 4)
    assert red.k == 2


def test_real_root_exactness():
    assert real_root([{0: Fraction(1), 2: Fraction(1)}]) is None
    assert real_root([{1: Fraction(1)}]) is None  # only the root 0, which is not in the torus
    x2_4, x_2 = {0: Fraction(-4), 2: Fraction(1)}, {0: Fraction(2), 1: Fraction(1)}
    assert real_root([x2_4, x_2]) == ("rational", -2)
    kind, minpoly, lo, hi = real_root([{0: Fraction(-3), 2: Fraction(1)}])
    assert kind == "algebraic" and minpoly == [-3, 0, 1]
    assert min(lo * lo, hi * hi) < 3 < max(lo * lo, hi * hi) and (lo >= 0 or hi <= 0)


# ---------------------------------------------------------------------------------------------
# properties

small_rationals = st.fractions(min_value=-4, max_value=4, max_denominator=4).filter(lambda q: q != 0)
even_monomials = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(1, 5)),
                          min_size=1, max_size=3)


def _positive_even(monos) -> dict:
    out: dict = {}
    for a, b, c in monos:
        out[(2 * a, 2 * b)] = out.get((2 * a, 2 * b), 0) + Fraction(c)
    return out


def _mul(p: dict, q: dict) -> dict:
    out: dict = {}
    for e, c in p.items():
        for f, d in q.items():
            g = (e[0] + f[0], e[1] + f[1])
            out[g] = out.get(g, 0) + c * d
    return {e: c for e, c in out.items() if c}


@settings(max_examples=40, deadline=None)
@given(small_rationals, st.integers(1, 3), even_monomials)
def test_products_with_a_real_branch_are_never_none(r, k, monos):
    f = _mul({(1, 0): Fraction(1), (0, k): -r}, _positive_even(monos))
    v = common_torus_zero([f], 2)
    assert v.status in ("zero", "unknown")
    assert verify_verdict([f], 2, v)


@settings(max_examples=40, deadline=None)
@given(even_monomials)
def test_sums_of_positive_even_monomials_are_none(monos):
    f = _positive_even(monos)
    v = common_torus_zero([f], 2)
    assert v.status == "none"
    assert verify_verdict([f], 2, v)
    assert positive_on_torus(f, 2).status == "none"


# ---------------------------------------------------------------------------------------------
# planted zeros: a system with a known real torus zero must never be reported "none"

nonzero_q = st.fractions(min_value=-3, max_value=3, max_denominator=3).filter(lambda q: q != 0)


def _terms(nvars: int, max_exp: int):
    exps = st.tuples(*[st.integers(0, max_exp)] * nvars)
    return st.dictionaries(exps, st.integers(-3, 3).filter(bool).map(Fraction), min_size=2, max_size=4)


def _evaluate(p: dict, w) -> Fraction:
    total = Fraction(0)
    for e, c in p.items():
        term = c
        for x, a in zip(w, e):
            term *= Fraction(x) ** a
        total += term
    return total


def _plant(p: dict, w) -> dict:
    """Adjust one coefficient so that p(w) = 0."""
    e0 = min(p)
    q = dict(p)
    q[e0] -= _evaluate(p, w) / _evaluate({e0: Fraction(1)}, w)
    return {e: c for e, c in q.items() if c}


@settings(max_examples=40, deadline=None)
@given(st.data(), st.integers(2, 3))
def test_planted_rational_zero_is_never_none(data, n):
    w = data.draw(st.tuples(*[nonzero_q] * n))
    polys = [_plant(p, w) for p in data.draw(st.lists(_terms(n, 2), min_size=1, max_size=3))]
    v = common_torus_zero(polys, n)
    assert v.status != "none", (polys, w, v)
    assert verify_verdict(polys, n, v)
    if n == 2:  # K = sum of squares vanishes at w as well
        K: dict = {}
        for p in polys:
            for e, c in _mul(p, p).items():
                K[e] = K.get(e, 0) + c
        K = {e: c for e, c in K.items() if c}
        v = positive_on_torus(K, 2)
        assert v.status != "none" and verify_verdict([K], 2, v)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_planted_irrational_zero_is_never_none(data):
    c = data.draw(nonzero_q)
    g1 = {(2, 0): Fraction(1), (0, 2): Fraction(-2)}          # x^2 - 2 y^2
    g2 = {(0, 1): Fraction(1), (0, 0): -c}                    # y - c: zero at (c√2, c)
    polys = []
    for _ in range(data.draw(st.integers(1, 3))):
        a, b = data.draw(_terms(2, 1)), data.draw(_terms(2, 1))
        f = _mul(a, g1)
        for e, x in _mul(b, g2).items():
            f[e] = f.get(e, 0) + x
        f = {e: x for e, x in f.items() if x}
        if f:
            polys.append(f)
    v = common_torus_zero(polys, 2)
    assert v.status != "none", (polys, v)
    assert verify_verdict(polys, 2, v)
