"""Numeric confirmation (rlct.estimators.volume): quadrature of Z(n) and Monte Carlo of V(ε).

The estimates are checked against closed forms where they exist, against the exact λ of known cases
(tolerance 10%, m fixed to the claim), and must reject wrong claims.
"""
import json
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import integrate
from scipy.special import erf, gamma, gammainc

from rlct import InputError, SumOfSquares
from rlct.estimators import confirm, free_energy_fit, volume_scaling
from rlct.estimators.volume import (VolumeEstimate, _decide, _kref_grid, _line_measure, _Model, _proposal,
                                    _Quadrature)
from rlct.inputs import to_problem

RRR_121 = SumOfSquares(["b11*a1 + b12*a2", "b21*a1 + b22*a2"])   # RRR M=1, N=2, H=2, r=0: (1, 2)


def _z(K, ns, prior=None):
    P = to_problem(K, prior=prior)
    return _Quadrature(_Model(P), 1.0, np.asarray(ns, dtype=float)).run()


def _gauss(n):
    return np.sqrt(np.pi / n) * erf(np.sqrt(n))


# ------------------------------------------------------------------------------------------------
# quadrature against closed forms

def test_quadrature_matches_closed_forms():
    ns = 10.0 * 2.0 ** np.arange(36)                                   # 10 … 3.4e11, squaring path
    assert np.allclose(_z("x**2", ns), _gauss(ns), rtol=2e-4, atol=0)
    assert np.allclose(_z("x**2 + y**2", ns), _gauss(ns) ** 2, rtol=2e-4, atol=0)
    sextic = 2 * ns ** (-1 / 6) * gamma(1 / 6) * gammainc(1 / 6, ns) / 6   # ∫_{-1}^{1} e^{-n y^6} dy
    assert np.allclose(_z("x**2 + y**6", ns), _gauss(ns) * sextic, rtol=2e-4, atol=0)
    prior = 2 * 0.25 * ns ** -0.5 * gamma(0.5) * gammainc(0.5, ns)       # ∫ |x| e^{-n x^4} dx
    assert np.allclose(_z("x**4", ns, prior={"x": 1}), prior, rtol=2e-4, atol=0)


def test_quadrature_normal_crossing_and_arbitrary_n_grid():
    ns = np.array([3.0e2, 1.1e4, 7.0e5, 2.2e7, 9.9e8, 4.0e10])          # not factors of 2: exp path

    def ref(n):  # 4 ∫_0^1 √π erf(x√n) / (2x√n) dx
        f = lambda x: math.sqrt(math.pi) * math.erf(x * math.sqrt(n)) / (2 * x * math.sqrt(n)) if x else 1.0
        return 4 * integrate.quad(f, 0, 1, points=[1 / math.sqrt(n)], limit=400, epsrel=1e-11)[0]
    assert np.allclose(_z("x**2*y**2", ns), [ref(n) for n in ns], rtol=1e-4, atol=0)


def test_quadrature_finds_ridges_off_the_axes():
    # the zero set is the line y = -x; Z = ∫_{-2}^{2} e^{-n u²} (2 − |u|) du exactly
    ns = np.array([1e2, 1e4, 1e6, 1e8])
    exact = [2 * math.sqrt(math.pi / n) * math.erf(2 * math.sqrt(n)) - (1 - math.exp(-4 * n)) / n for n in ns]
    assert np.allclose(_z("(x + y)**2", ns), exact, rtol=1e-4, atol=0)
    # inner and outer variable swapped give the same Z for a cusp
    P = to_problem("(x**2 - y**3)**2")
    M, ns = _Model(P), 1e3 * 2.0 ** np.arange(0, 30, 3)
    a, b = _Quadrature(M, 1.0, ns, inner=0).run(), _Quadrature(M, 1.0, ns, inner=1).run()
    assert np.allclose(a, b, rtol=1e-4, atol=0)


# ------------------------------------------------------------------------------------------------
# confirm: known cases pass, wrong claims fail

QUADRATURE_CASES = [
    ("x**2", None, "1/2", 1),
    ("x**2 + y**2", None, "1", 1),
    ("x**2*y**2", None, "1/2", 2),
    ("x**4 + y**6", None, "5/12", 1),
    ("x**2*y**2 + x**4 + y**6", None, "1/2", 2),
    ("(x**2 - y**3)**2", None, "5/12", 1),
    ("x**2 + y**2 + z**2", None, "3/2", 1),
    ("x**4", {"x": 1}, "1/2", 1),
    ("x**2*y**2", {"y": 1}, "1/2", 1),
    ("x**2*y**2", {"x": 1, "y": 1}, "1", 2),
]


@pytest.mark.parametrize("K,prior,lam,m", QUADRATURE_CASES)
def test_confirm_quadrature_known_cases(K, prior, lam, m):
    c = confirm(K, lam, m, prior=prior)
    assert c.estimate.method == "quadrature"
    assert c.passed, c.reason
    assert abs(c.estimate.lam - float(Fraction(lam))) < 0.05 * float(Fraction(lam))
    assert c.estimate.details["converged"]


MONTE_CARLO_CASES = [
    ("a**2*b**2 + c**2*d**2", "1", 3),
    (SumOfSquares(["a*b + c*d"]), "1/2", 1),
    (SumOfSquares(["a1*b1 + a2*b2"]), "1/2", 1),
    (RRR_121, "1", 2),
    ("x**2 + y**2 + z**2 + u**2 + v**2", "5/2", 1),
]


@pytest.mark.parametrize("K,lam,m", MONTE_CARLO_CASES)
def test_confirm_monte_carlo_known_cases(K, lam, m):
    c = confirm(K, lam, m)
    assert c.estimate.method == "monte-carlo" and c.estimate.details["sampler"] == "line"
    assert c.passed, c.reason
    assert c.estimate.lam_stderr < 0.02


def test_monte_carlo_with_prior():
    # |x y| prior on x²y²: normal crossing, λ = min(2/2, 2/2) = 1, m = 2
    e = volume_scaling("x**2*y**2", prior={"x": 1, "y": 1}, m=2)
    assert abs(e.lam - 1) < 0.02
    # prior |a| on a²b² + c²d²: λ = 1/2 + 1/2, m = 1 + 2 − 1
    assert confirm("a**2*b**2 + c**2*d**2", 1, 2, prior={"a": 1}).passed


@pytest.mark.parametrize("method", ["quadrature", "monte-carlo"])
@pytest.mark.parametrize("K,lam,m", [("x**2", "1", 1), ("x**2 + y**2", "1/2", 1), ("x**2*y**2", "1/4", 2),
                                     ("x**4 + y**6", "1/2", 1)])
def test_confirm_rejects_wrong_claims(K, lam, m, method):
    c = confirm(K, lam, m, method=method)
    assert not c.passed, c.reason
    assert "|Δ|" in c.reason


def test_monte_carlo_agrees_with_quadrature_in_two_variables():
    for K, m in [("x**2*y**2", 2), ("x**4 + y**6", 1), ("x**2*y**2 + x**4 + y**6", 2)]:
        q = free_energy_fit(K, m=m)
        v = volume_scaling(K, m=m)
        assert abs(q.lam - v.lam) < 0.03, (K, q.lam, v.lam)
    assert volume_scaling("x**4 + y**6", m=1).details["sampler"] == "points"


def test_at_translates_to_the_point():
    # at (1, 0): K = (1+x)²y²; the box [0, 2] × [-1, 1] in original coordinates still contains x = 0,
    # where (λ, m) = (1/2, 2), so the estimate sees that point
    c = confirm("x**2*y**2", "1/2", 2, at={"x": 1})
    assert c.passed, c.reason
    # a small box isolates the point: locally K ≈ y², λ = 1/2, m = 1
    e = free_energy_fit("x**2*y**2", at={"x": 1}, box=0.5, m=1)
    assert abs(e.lam - 0.5) < 0.01


# ------------------------------------------------------------------------------------------------
# free fits, estimates and their records

def test_free_fit_of_m():
    e = free_energy_fit("x**2 + y**2")
    assert abs(e.lam - 1) < 0.01 and abs(e.m_fit - 1) < 0.1
    e = free_energy_fit("x**2*y**2")
    assert abs(e.lam - 0.5) < 0.03 and 1.5 < e.m_fit < 2.5
    assert free_energy_fit("x**2*y**2", m=2).m_fit is None


def test_scale_invariance_of_the_ranges():
    a, b = free_energy_fit("x**2*y**2", m=2), free_energy_fit("1000*x**2*y**2", m=2)
    assert abs(a.lam - b.lam) < 1e-6
    a, b = volume_scaling("a**2*b**2 + c**2*d**2", m=3), volume_scaling("a**2*b**2/7 + c**2*d**2/7", m=3)
    assert abs(a.lam - b.lam) < 1e-6


def test_seed_reproducible_and_independent():
    a = volume_scaling("a**2*b**2 + c**2*d**2", m=3, seed=1, samples=50_000)
    b = volume_scaling("a**2*b**2 + c**2*d**2", m=3, seed=1, samples=50_000)
    c = volume_scaling("a**2*b**2 + c**2*d**2", m=3, seed=2, samples=50_000)
    assert a.lam == b.lam and a.lam != c.lam
    assert abs(a.lam - c.lam) < 5 * math.hypot(a.lam_stderr, c.lam_stderr) + 1e-3
    assert a.details["seed"] == 1 and a.details["samples"] == 50_000


def test_user_eps_and_box():
    e = volume_scaling("x**2 + y**2", eps=[1e-2, 1e-3, 1e-4, 1e-5], box=0.5, m=1, samples=50_000)
    assert abs(e.lam - 1) < 0.03 and e.details["box"] == 0.5
    # V(ε) = π ε exactly once the disc is inside the box
    assert np.allclose(e.details["volume"], np.pi * np.array(e.details["eps"]), rtol=0.06)


def test_to_dict_is_json():
    c = confirm("x**2*y**2", "1/2", 2)
    d = json.loads(json.dumps(c.to_dict()))
    assert d["passed"] is True and d["claimed_lam"] == "1/2" and d["claimed_m"] == 2
    assert d["estimate"]["method"] == "quadrature" and len(d["estimate"]["details"]["ns"]) >= 10
    e = volume_scaling("a**2*b**2 + c**2", samples=5_000, m=2)
    assert json.loads(json.dumps(e.to_dict()))["details"]["sampler"] == "line"


def test_decision_rule():
    est = lambda lam, se: VolumeEstimate("monte-carlo", lam, se, None, {})
    assert _decide(est(0.54, 0.001), Fraction(1, 2), 1, 0.1)[0]
    assert not _decide(est(0.56, 0.001), Fraction(1, 2), 1, 0.1)[0]
    assert _decide(est(0.58, 0.03), Fraction(1, 2), 1, 0.1)[0]          # within 3·se
    ok, reason = _decide(est(0.5, 0.2), Fraction(1, 2), 1, 0.1)          # too noisy to confirm anything
    assert not ok and reason.startswith("inconclusive")


# ------------------------------------------------------------------------------------------------
# building blocks

def test_proposal_density_is_normalised():
    rng = np.random.default_rng(3)
    for k, box in [(1, 1.0), (3, 0.7), (6, 1.0)]:
        W, q = _proposal(rng, 400_000, k, box, S=12.0)
        assert np.all(np.abs(W) <= box)
        assert abs(np.mean(1 / q) / (2 * box) ** k - 1) < 0.02          # E_q[1/q] = volume of the box


def test_learned_subset_component_is_normalised():
    rng = np.random.default_rng(5)
    masks = np.array([[1, 1, 0, 0, 0], [0, 0, 1, 1, 1], [0, 0, 0, 0, 0]], dtype=bool)
    W, q = _proposal(rng, 400_000, 5, 0.8, 12.0, subsets=(masks, np.array([0.5, 0.3, 0.2])))
    assert abs(np.mean(1 / q) / 1.6 ** 5 - 1) < 0.02
    small = (np.abs(W[:, 0]) < 0.01) & (np.abs(W[:, 1]) < 0.01)          # uniform measure (0.01/0.8)²
    assert abs(np.mean(small / q) / 1.6 ** 5 / (0.01 / 0.8) ** 2 - 1) < 0.05


def test_line_measure_exact():
    A = np.array([[0.0, 0.0, 1.0], [0.25, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 4.0]])  # y², y²+¼, 0, 4y²
    eps = np.array([0.5, 1e-4, 2.0])
    M = _line_measure(A, eps, 1.0, 0)
    assert np.allclose(M[0], [2 * math.sqrt(0.5), 2e-2, 2.0])
    assert np.allclose(M[1], [2 * math.sqrt(0.25), 0.0, 2.0])
    assert np.allclose(M[2], [2.0, 2.0, 2.0]) and np.allclose(M[3], [math.sqrt(0.5), 1e-2, 2 * math.sqrt(0.5)])
    quartic = _line_measure(np.array([[0.0, 0, 0, 0, 1.0]]), eps, 1.0, 1)   # ∫_{y⁴<ε} |y| dy = √ε
    assert np.allclose(quartic[0], np.sqrt(np.minimum(eps, 1.0)))


def test_kref_is_the_mean_of_K():
    assert abs(_kref_grid(_Model(to_problem("x**2 + y**2")), 1.0) - 2 / 3) < 1e-3


# ------------------------------------------------------------------------------------------------
# refusals

def test_refusals():
    nine = " + ".join(f"x{i}**2" for i in range(9))
    with pytest.raises(InputError, match="at most 8 variables"):
        confirm(nine, "9/2", 1)
    with pytest.raises(InputError, match="at most 8 variables"):
        volume_scaling(nine)
    with pytest.raises(InputError, match="at most 3 variables"):
        free_energy_fit("a**2 + b**2 + c**2 + d**2")
    with pytest.raises(InputError, match="at most 3 variables"):
        confirm("a**2 + b**2 + c**2 + d**2", 2, 1, method="quadrature")
    with pytest.raises(InputError, match="unknown method"):
        confirm("x**2", "1/2", 1, method="sgld")
    with pytest.raises(InputError, match="m must be a positive integer"):
        confirm("x**2", "1/2", 0)
    with pytest.raises(InputError, match="box must be a positive"):
        free_energy_fit("x**2", box=0)
    with pytest.raises(InputError, match="does not vanish"):
        confirm("x**2 + 1", "1/2", 1)
    with pytest.raises(InputError, match="ns needs"):
        free_energy_fit("x**2", ns=[10, 100])
    for bad in (InputError("x"),):
        assert "\n" not in str(bad)


def test_float_claim_is_accepted():
    assert confirm("x**2", 0.5, 1).claimed_lam == "1/2"


def test_more_three_variable_and_larger_cases():
    assert confirm("(x*y + z**2)**2", "1/2", 1).passed
    assert confirm("x**2*y**2*z**2", "1/2", 3).passed
    # one-hidden-layer tanh network, H = 2: (H + i² + i)/(4i + 2) = 2/3 with i = 1
    assert confirm(SumOfSquares(["b1*a1 + b2*a2", "b1*a1**3 + b2*a2**3"]), "2/3", 1).passed
    # eight variables: regular (4, 1); RRR M=1, N=3, H=2, r=0 (s = 8, even: (1, 1)), with a pilot that
    # learns which coordinates are small together
    assert confirm(" + ".join(f"w{i}**2" for i in range(8)), 4, 1).passed
    c = confirm(SumOfSquares([f"a{i}1*b1 + a{i}2*b2" for i in range(1, 4)]), 1, 1)
    assert c.passed and c.estimate.details["proposal"]["learned_subsets"] is not None
