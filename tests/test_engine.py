"""Known values (REFERENCE §2, §4) and theorems, through the public API."""
import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

import rlct
from rlct import SumOfSquares, learning_coefficient, verify

# (K, kwargs, λ, m): exact values the engine must certify.
EXACT = [
    ("x**2", {}, F(1, 2), 1),
    ("x**2 + y**2 + z**2", {}, F(3, 2), 1),
    ("x**2*y**2", {}, F(1, 2), 2),
    ("x**2*y**2 + x**4 + y**6", {}, F(1, 2), 2),
    ("x**4 + y**6", {}, F(5, 12), 1),                      # monomial ideal <y^2, x^3>: lct 5/6, halved
    ("x**2*y**2*z**2", {}, F(1, 2), 3),
    ("x**2*y**4", {}, F(1, 4), 1),
    ("x**2 + x*y + y**2", {}, F(1), 1),                     # positive definite quadratic
    ("(x**2 - y**3)**2", {}, F(5, 12), 1),                 # single-generator rule
    ("(x + y**2 + z**2)**2", {}, F(1, 2), 1),
    ("(x + y)**2", {}, F(1, 2), 1),
    ("x**2*y**2", {"at": {"x": 1}}, F(1, 2), 1),
    ("a**2*b**2", {"prior": {"a": 1, "b": 1}}, F(1), 2),
    ("x**2 + y**2", {"prior": {"x": 1}}, F(3, 2), 1),
    ("x**2*(y**2 + z**4)*(1 + w)", {}, F(1, 2), 1),
    ("(x - y)**4*(z**2 + w**2)", {}, F(1, 4), 1),
    ("(w1 - 1)**2*(w1**2 + w2**2 + w3**2 + w4**2)**4", {}, F(4, 8), 1),   # line plus dot, d = 4, origin
    ("(w1 - 1)**2*(w1**2 + w2**2 + w3**2 + w4**2)**4", {"at": {"w1": 1}}, F(1, 2), 1),
    ("x**6 + y**6 + x**2*y**2", {}, F(1, 2), 2),
]

SOS_EXACT = [
    (["a*b", "c*d"], {}, F(1), 3),
    (["a*b"], {}, F(1, 2), 2),
    (["x**2", "y**3"], {}, F(5, 12), 1),
    (["x", "y", "z"], {}, F(3, 2), 1),
    (["a*b + c"], {}, F(1, 2), 1),
]

# Degenerate inputs: never a wrong exact. (K, true λ, Newton bound)
DEGENERATE = [
    ("(y - x**2)**2 + x**6", F(2, 3), F(3, 4)),
    ("(x - y**2)**2 + y**8", F(5, 8), F(2, 3)),
]


@pytest.mark.parametrize("K,kw,lam,m", EXACT)
def test_exact_values(K, kw, lam, m):
    r = learning_coefficient(K, **kw)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    assert verify(r)


@pytest.mark.parametrize("gens,kw,lam,m", SOS_EXACT)
def test_exact_sum_of_squares(gens, kw, lam, m):
    r = learning_coefficient(SumOfSquares(gens), **kw)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    assert verify(r)


@pytest.mark.parametrize("K,truth,bound", DEGENERATE)
def test_degenerate_is_an_honest_bound(K, truth, bound):
    r = learning_coefficient(K)
    assert r.status == "upper_bound" or r.lam == truth
    assert r.lam >= truth and (r.lower is None or r.lower <= truth)
    assert verify(r)


def test_lin_degenerate_ab_sum_is_bounded_or_right():
    r = learning_coefficient(SumOfSquares(["a1*b1 + a2*b2"]))
    assert r.lam >= F(1, 2)
    assert r.status == "upper_bound" or (r.lam, r.m) == (F(1, 2), 1)


def test_multiplicity_at_a_tie_is_not_claimed():
    # (x² − y²)²: λ = 1/2 but the true m is 2 while m_N = 1 — must not be "exact" with m = 1
    r = learning_coefficient("(x**2 - y**2)**2")
    assert r.lam == F(1, 2)
    assert r.status == "upper_bound" or r.m == 2


def test_json_round_trip_and_verify():
    r = learning_coefficient("x**2*y**2 + x**4 + y**6")
    d = json.loads(json.dumps(r.to_dict()))
    assert d["lambda"] == "1/2" and d["upper"] == "1/2" and d["lower"] == "1/2"
    assert set(d) == {"lambda", "m", "status", "lower", "upper", "method", "variables", "certificate"}
    assert verify(d)
    assert rlct.LC.from_dict(d) == r


def test_upper_bound_json_has_lower_bound():
    d = learning_coefficient("(x**2 - 2*y**3 + z**5)**2 + x**2*y**2*z**2", time_limit=5).to_dict()
    assert d["status"] == "upper_bound" and d["upper"] == d["lambda"] and d["lower"] == "1/4"


# --- theorems as properties -------------------------------------------------------------------

even_monomial = st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda e: sum(e) > 0)


def _poly(exps, names):
    return " + ".join(f"{names[0]}**{2 * a}*{names[1]}**{2 * b}" for a, b in exps)


@settings(max_examples=25, deadline=None)
@given(st.lists(even_monomial, min_size=1, max_size=4, unique=True),
       st.lists(even_monomial, min_size=1, max_size=4, unique=True))
def test_disjoint_sum_adds(e1, e2):
    r1 = learning_coefficient(_poly(e1, "xy"))
    r2 = learning_coefficient(_poly(e2, "uv"))
    r = learning_coefficient(_poly(e1, "xy") + " + " + _poly(e2, "uv"))
    assert r.is_exact and r.lam == r1.lam + r2.lam and r.m == r1.m + r2.m - 1


@settings(max_examples=25, deadline=None)
@given(st.lists(even_monomial, min_size=1, max_size=3, unique=True),
       st.lists(even_monomial, min_size=1, max_size=3, unique=True))
def test_disjoint_product_takes_min(e1, e2):
    r1 = learning_coefficient(_poly(e1, "xy"))
    r2 = learning_coefficient(_poly(e2, "uv"))
    r = learning_coefficient(f"({_poly(e1, 'xy')})*({_poly(e2, 'uv')})")
    lam = min(r1.lam, r2.lam)
    assert r.is_exact and r.lam == lam
    assert r.m == sum(x.m for x in (r1, r2) if x.lam == lam)


@settings(max_examples=25, deadline=None)
@given(st.lists(even_monomial, min_size=1, max_size=4, unique=True), st.integers(1, 5), st.integers(2, 3))
def test_scaling_and_powers(e, c, s):
    K = _poly(e, "xy")
    r = learning_coefficient(K)
    assert learning_coefficient(f"{c}*({K})").lam == r.lam
    rs = learning_coefficient(f"({K})**{s}")
    assert rs.lam == r.lam / s and (not rs.is_exact or rs.m == r.m)


@settings(max_examples=25, deadline=None)
@given(st.lists(even_monomial, min_size=1, max_size=4, unique=True))
def test_permutation_invariance(e):
    a = learning_coefficient(_poly(e, "xy"))
    b = learning_coefficient(_poly(e, "yx"))
    assert (a.lam, a.m, a.status) == (b.lam, b.m, b.status)


@settings(max_examples=20, deadline=None)
@given(st.lists(even_monomial, min_size=1, max_size=3, unique=True), st.integers(-2, 2).filter(bool))
def test_linear_change_never_gives_a_wrong_exact(e, k):
    # x -> x + k*y keeps λ; the engine may lose exactness but must never claim a different exact value
    truth = learning_coefficient(_poly(e, "xy"))
    moved = learning_coefficient(_poly(e, "xy").replace("x", f"(x + {k}*y)"))
    assert moved.lam >= truth.lam            # the Newton value in any coordinates bounds λ from above
    if moved.is_exact:
        assert (moved.lam, moved.m) == (truth.lam, truth.m)
    assert moved.lower is None or moved.lower <= truth.lam


def test_corrupted_certificates_fail_verify():
    from rlct.newton import CertificateError
    r = learning_coefficient(SumOfSquares(["x**2 - y**3"]))
    d = r.to_dict()
    d["lambda"] = "1/2"
    with pytest.raises(CertificateError):
        verify(d)
    d = json.loads(json.dumps(r.to_dict()))
    del d["certificate"]["newton"]["face"]["slack"]
    with pytest.raises(CertificateError, match="malformed"):
        verify(d)
    d = learning_coefficient("(x - y)**4*(z**2 + w**2)").to_dict()
    d["certificate"]["parts"][0]["problem"]["K"][0][1] = "7"     # change a coefficient of a factor
    with pytest.raises(CertificateError):
        verify(d)
    d = learning_coefficient("(x**2 - 2*y**3 + z**5)**2 + x**2*y**2*z**2", time_limit=5).to_dict()
    d["status"] = "exact"                                         # an upper bound dressed up as exact
    with pytest.raises(CertificateError):
        verify(d)


# Normal crossings K = Π w_j^(2k_j), prior Π |w_j|^h_j: λ = min (h_j+1)/(2k_j), m = #argmin
# (the table devinterp tests its estimator on, with the multiplicities it leaves out).
NORMAL_CROSSING = [
    ((1,), (0,), F(1, 2), 1),
    ((2,), (0,), F(1, 4), 1),
    ((1, 1), (0, 0), F(1, 2), 2),
    ((1, 2), (0, 0), F(1, 4), 1),
    ((2, 2), (0, 0), F(1, 4), 2),
    ((1, 1, 1), (0, 0, 0), F(1, 2), 3),
    ((1, 2, 3), (0, 0, 0), F(1, 6), 1),
    ((1, 2), (0, 1), F(1, 2), 2),
    ((3, 3, 1), (2, 2, 0), F(1, 2), 3),
    ((2, 1), (1, 0), F(1, 2), 2),
]


@pytest.mark.parametrize("k,h,lam,m", NORMAL_CROSSING)
def test_normal_crossing_table(k, h, lam, m):
    names = [f"w{i}" for i in range(len(k))]
    K = "*".join(f"{v}**{2 * kj}" for v, kj in zip(names, k))
    r = learning_coefficient(K, prior=dict(zip(names, h)))
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    # the same K written as a sum with a harmless extra monomial far inside the Newton polyhedron
    r2 = learning_coefficient(K + " + " + "*".join(f"{v}**{2 * kj + 2}" for v, kj in zip(names, k)),
                              prior=dict(zip(names, h)))
    assert (r2.lam, r2.m, r2.status) == (lam, m, "exact")


def test_a_blowup_tree_the_checker_rejects_is_never_returned(monkeypatch):
    # the search's bookkeeping (leaves, references) is checked again by the independent checker: a tree that
    # claims more than it proves is dropped, and the engine falls back to what it can certify
    from dataclasses import replace
    from fractions import Fraction

    from rlct.resolution import recursion

    real = recursion.blowup_strategy

    def overclaiming(*args, **kwargs):
        found = real(*args, **kwargs)
        return None if found is None else replace(found, lam=found.lam / 2)

    monkeypatch.setattr(recursion, "blowup_strategy", overclaiming)
    r = rlct.learning_coefficient(SumOfSquares(["a*c + b*d", "a*d"]))
    assert r.lam != Fraction(3, 8) and not (r.method == "blowup" and r.is_exact)
    assert rlct.verify(r)


def test_an_open_tree_is_searched_again_with_the_variables_reversed():
    # in the order a, b, d, e the blow-up search leaves a node open; in e, d, b, a it closes
    r = learning_coefficient(SumOfSquares(["b*b*e + 2*e*a*d", "2*d*a - e*e*a"]))
    assert (r.lam, r.m, r.status) == (F(3, 4), 1, "exact")
    assert r.certificate["kind"] == "reordered" and "blowup-reordered" in r.certificate["tried"]
    assert r.certificate["parts"][0]["problem"]["variables"] == ["e", "d", "b", "a"]
    assert verify(r) and verify(json.loads(json.dumps(r.to_dict())))


@pytest.mark.parametrize("forge", [
    lambda part: part["problem"]["generators"].pop(),                        # not the same problem
    lambda part: part["problem"].update(prior=[1, 0, 0, 0]),                  # the prior not carried along
])
def test_a_reordering_that_changes_the_problem_fails(forge):
    from rlct.newton import CertificateError

    data = learning_coefficient(SumOfSquares(["b*b*e + 2*e*a*d", "2*d*a - e*e*a"])).to_dict()
    forge(data["certificate"]["parts"][0])
    with pytest.raises(CertificateError):
        verify(data)
