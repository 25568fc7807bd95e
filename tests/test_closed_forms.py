"""Closed forms of rlct.families.closed_forms: hand values, identities between forms, parameter
validation, certificate round trips, and a numeric confirmation of the shallow-tanh formula.

The numeric check estimates λ from the volume scaling V(ε) = P_φ(K < ε) ~ C ε^λ log(1/ε)^(m−1)
under a uniform prior on [−1, 1]^d, with m fixed to the claimed value. V(ε) is followed down to
ε ≈ 1e−12 by subset simulation (multilevel splitting): keep the 10% of particles with the smallest
K, log V drops by log 0.1, and the survivors are regenerated inside {K ≤ ε} by slice sampling along
random coordinate or isotropic directions (the shrinkage procedure always ends with an accepted
move, so it adapts to the thin sets near the singularities). λ is the least-squares slope of
log V − (m−1) log log(1/ε) against log ε over the levels with ε ≤ 1e−3.
"""
import json
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
import sympy

from rlct import InputError, SumOfSquares, learning_coefficient
from rlct.families import normal_crossing, rrr
from rlct.families.closed_forms import (factor_analysis, lda, mixture_bound, nmf_bound, shallow_tanh,
                                        two_component_mixture)


# --- numeric estimator (numpy only) --------------------------------------------------------------

def _slice_moves(K, W, k, eps, rng, steps):
    """`steps` slice-sampling moves of every particle, uniform target on box ∩ {K ≤ eps}."""
    n, d = W.shape
    for _ in range(steps):
        u = rng.standard_normal((n, d))
        coord = rng.random(n) < 0.5
        j = rng.integers(0, d, n)
        u[coord] = 0.0
        u[coord, j[coord]] = 1.0
        u /= np.linalg.norm(u, axis=1, keepdims=True)
        lo = -2.0 * rng.random(n)
        hi = lo + 2.0
        pending = np.ones(n, bool)
        for _ in range(64):
            idx = np.flatnonzero(pending)
            if idx.size == 0:
                break
            t = lo[idx] + (hi[idx] - lo[idx]) * rng.random(idx.size)
            prop = W[idx] + t[:, None] * u[idx]
            inside = np.all(np.abs(prop) <= 1, axis=1)
            kp = np.full(idx.size, np.inf)
            kp[inside] = K(prop[inside])
            ok = kp <= eps
            W[idx[ok]] = prop[ok]
            k[idx[ok]] = kp[ok]
            pending[idx[ok]] = False
            lo[idx[~ok & (t < 0)]] = t[~ok & (t < 0)]
            hi[idx[~ok & (t >= 0)]] = t[~ok & (t >= 0)]
    return W, k


def estimate_lambda(K, d, m, seed, n=2000, steps=20, eps_min=1e-12, fit_below=1e-3):
    """Volume-scaling estimate of λ for K on [−1, 1]^d (uniform prior) with m fixed."""
    rng = np.random.default_rng(seed)
    W = rng.uniform(-1, 1, size=(n, d))
    k = K(W)
    log_v, levels = 0.0, []
    for _ in range(40):
        eps = np.quantile(k, 0.1)
        keep = k <= eps
        log_v += np.log(keep.mean())
        levels.append((eps, log_v))
        if eps < eps_min:
            break
        idx = rng.choice(np.flatnonzero(keep), size=n)
        W, k = _slice_moves(K, W[idx], k[idx], eps, rng, steps)
    e, v = np.array(levels).T
    sel = e <= fit_below
    y = v[sel] - (m - 1) * np.log(np.log(1 / e[sel]))
    return float(np.polyfit(np.log(e[sel]), y, 1)[0])


def tanh_ideal_K(W):
    """Σ_{k ≤ H} (Σ_h b_h a_h^(2k−1))², columns a_1..a_H, b_1..b_H."""
    H = W.shape[1] // 2
    a, b = W[:, :H], W[:, H:]
    t, c = a * a, b * a
    out = np.zeros(W.shape[0])
    for _ in range(H):
        p = c.sum(axis=1)
        out += p * p
        c = c * t
    return out


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)


def tanh_network_K(W):
    """½ E_x (Σ_h b_h tanh(a_h x))², x uniform on [−1, 1] (Gauss–Legendre)."""
    H = W.shape[1] // 2
    a, b = W[:, :H], W[:, H:]
    f = np.einsum("nh,nhx->nx", b, np.tanh(a[:, :, None] * _NODES[None, None, :]))
    return 0.25 * (f * f) @ _WEIGHTS


def _assert_close(est, lam, tol=0.10):
    assert abs(est / float(lam) - 1) < tol, f"estimate {est:.4f} vs formula {lam} ({float(lam):.4f})"


def test_estimator_on_known_cases():
    # regular, d = 3: λ = 3/2
    _assert_close(estimate_lambda(lambda W: (W * W).sum(axis=1), 3, 1, seed=0), F(3, 2))
    # RRR M = 2, N = 1, H = 2, r = 0: K = Σ_j (Σ_h b_h a_hj)², λ = 1, m = 2 (Aoyagi–Watanabe)
    ref = rrr(2, 1, 2, 0)
    assert (ref.lam, ref.m) == (1, 2)

    def rrr_K(W):
        f = np.einsum("nh,nhj->nj", W[:, 4:], W[:, :4].reshape(-1, 2, 2))
        return (f * f).sum(axis=1)

    _assert_close(estimate_lambda(rrr_K, 6, ref.m, seed=0), ref.lam)


@pytest.mark.parametrize("H", [1, 2, 3])
def test_shallow_tanh_numeric(H):
    r = shallow_tanh(H)
    _assert_close(estimate_lambda(tanh_ideal_K, 2 * H, r.m, seed=H), r.lam)


@pytest.mark.slow
@pytest.mark.parametrize("H", [4, 5, 6])
def test_shallow_tanh_numeric_slow(H):
    # mean of three runs (measured: H = 4, 5, 6 within 1% of 1, 11/10, 6/5)
    r = shallow_tanh(H)
    runs = [estimate_lambda(tanh_ideal_K, 2 * H, r.m, seed=H + 100 * s, n=3000, steps=30) for s in range(3)]
    _assert_close(float(np.mean(runs)), r.lam)


@pytest.mark.slow
@pytest.mark.parametrize("H", [2, 3])
def test_shallow_tanh_numeric_network_K(H):
    # the network's own K (not the ideal's sum of squares) scales the same way; its higher Taylor
    # terms carry small coefficients, so the fit starts deeper (eps <= 1e-4)
    r = shallow_tanh(H)
    runs = [estimate_lambda(tanh_network_K, 2 * H, r.m, seed=10 + H + 100 * s, eps_min=1e-13, fit_below=1e-4)
            for s in range(3)]
    _assert_close(float(np.mean(runs)), r.lam)


# --- shallow tanh: hand values and the ideal ------------------------------------------------------

def test_shallow_tanh_hand_values():
    assert (shallow_tanh(1).lam, shallow_tanh(1).m) == (F(1, 2), 2)        # (ab)²
    nc = normal_crossing([1, 1])
    assert (shallow_tanh(1).lam, shallow_tanh(1).m) == (nc.lam, nc.m)
    assert (shallow_tanh(2).lam, shallow_tanh(2).m) == (F(2, 3), 1)        # REFERENCE issue 3
    assert (shallow_tanh(3).lam, shallow_tanh(3).m) == (F(5, 6), 1)
    assert (shallow_tanh(4).lam, shallow_tanh(4).m) == (F(1), 2)
    assert (shallow_tanh(9).lam, shallow_tanh(9).m) == (F(3, 2), 2)        # i = 3: 21/14
    assert (shallow_tanh(10).lam, shallow_tanh(10).m) == (F(22, 14), 1)
    values = [shallow_tanh(H).lam for H in range(1, 40)]
    assert values == sorted(values) and all(v < F(H, 1) for H, v in zip(range(1, 40), values))
    assert shallow_tanh(5).status == "exact" and "numerically confirmed" in shallow_tanh(5).certificate["confirmation"]


def test_shallow_tanh_ideal_generators():
    x = sympy.symbols("x")
    coeffs = sympy.Poly(sympy.series(sympy.tanh(x), x, 0, 16).removeO(), x).all_coeffs()[::-1]
    assert all(coeffs[j] != 0 for j in range(1, 16, 2))          # every odd Taylor coefficient
    # power sums beyond k = H lie in <p_1..p_H> (Newton recurrence), H = 2
    a1, a2, b1, b2 = sympy.symbols("a1 a2 b1 b2")
    p = [b1 * a1 ** (2 * k - 1) + b2 * a2 ** (2 * k - 1) for k in range(1, 5)]
    G = sympy.groebner(p[:2], a1, a2, b1, b2, order="grevlex")
    assert all(G.reduce(q)[1] == 0 for q in p[2:])


# --- LDA ------------------------------------------------------------------------------------------

def test_lda_hand_values():
    r = lda(4, 3, 2, 1)                                  # example in the author's code: 3.5
    assert (r.lam, r.lower, r.m, r.status) == (F(7, 2), F(7, 2), 1, "upper_bound")
    assert r.certificate["multiplicity"].startswith("unknown")
    assert lda(5, 4, 1, 0).lam == 2                        # one topic: (M − 1)/2
    assert lda(2, 7, 1, 0).lam == F(1, 2)


@pytest.mark.parametrize("M,N,H", list(product(range(2, 7), range(2, 7), range(1, 7))))
def test_lda_two_forms_agree(M, N, H):
    for r in range(0, min(M, N, H)):
        res = lda(M, N, H, r)
        second = rrr(M, N, H, r + 1).lam - F(N, 2)
        first = (rrr(M - 1, N - 1, H - 1, r).lam if H > 1 else 0) + F(M - 1, 2)
        assert res.lam == first == second


def test_lda_penalty_over_matrix_factorization():
    # the simplex restriction adds (M−1)/2 to the RRR value of the reduced problem
    assert lda(6, 5, 4, 2).lam - rrr(5, 4, 3, 2).lam == F(5, 2)


# --- NMF ------------------------------------------------------------------------------------------

def test_nmf_bounds():
    r = nmf_bound(3, 4, 2, 1)
    assert r.lam == F(9, 2) and r.status == "upper_bound" and r.lower is None
    b = r.certificate["bounds"]
    assert b["hayashi-watanabe-2017-neurocomputing"] == "9/2" == b["hayashi-watanabe-2017-ssci"]
    r = nmf_bound(4, 4, 3, 2)
    assert r.certificate["bounds"]["hayashi-watanabe-2017-neurocomputing"] == "9"
    assert r.lam == 8 and r.certificate["case"] == "upper bound hayashi-watanabe-2017-ssci"
    for M, N, H in product(range(1, 6), range(1, 6), range(1, 5)):
        for H0 in range(1, min(H, M, N) + 1):
            c = nmf_bound(M, N, H, H0).certificate["bounds"]
            a, t = F(c["hayashi-watanabe-2017-neurocomputing"]), F(c["hayashi-watanabe-2017-ssci"])
            assert t <= a and F(c["hayashi-2020"]) == a
            assert a <= F(H * (M + N), 2)                  # below the regular value


def test_nmf_pinned_and_exact_cases():
    r = nmf_bound(3, 5, 1, 1)                             # H = H0 = 1: (M + N − 1)/2
    assert (r.lam, r.lower, r.status) == (F(7, 2), F(7, 2), "upper_bound")
    r = nmf_bound(3, 5, 2, 2)
    assert r.lam == r.lower == 6
    r = nmf_bound(3, 5, 3, 2)
    assert r.lower is None
    r = nmf_bound(2, 3, 2, 0)                             # K ≍ Σ_k |a_k|²|b_k|²
    assert (r.lam, r.m, r.status) == (F(2), 1, "exact")
    r = nmf_bound(3, 3, 2, 0)                             # tie M = N: m = H + 1
    assert (r.lam, r.m) == (F(3), 3)
    r = nmf_bound(2, 4, 3, 0, phi_u=2, phi_v=1)           # tie phi_u M = phi_v N = 4
    assert (r.lam, r.m) == (F(6), 4)
    # H = 1, H0 = 0 agrees with the product rule on (|a|²)(|b|²)
    assert nmf_bound(1, 1, 1, 0).lam == normal_crossing([1, 1]).lam


def test_nmf_gamma_prior_bound():
    r = nmf_bound(4, 4, 2, 1, phi_u=F(1, 4), phi_v=F(3, 4))   # the setting of the author's experiment
    assert r.lam == (1 * 7 + 1 * min(F(1), F(3))) / 2 == 4
    assert list(r.certificate["bounds"]) == ["hayashi-2020"] and r.lower is None
    assert nmf_bound(4, 4, 2, 1, phi_u="1/4", phi_v="3/4").lam == 4


# --- mixtures and factor analysis ------------------------------------------------------------------

def test_mixture_bound():
    r = mixture_bound(3, 1, 2)
    assert (r.lam, r.status, r.lower) == (F(2), "upper_bound", None)
    assert mixture_bound(2, 2, 2).lam == F(5, 2)                 # k0 = k: (rk + k − 1)/2
    # sBIC's Gaussian mixtures: r = 2, default phi = (r + 1)/2
    assert mixture_bound(3, 1, 2, phi=F(3, 2)).lam == F(5, 2)
    # large phi: merging extra components is the better bound, ½(rk + k0 − 1)
    r = mixture_bound(4, 2, 3, phi=10)
    assert r.lam == F(3 * 4 + 1, 2) and r.certificate["case"] == "extra components merged"
    for k, k0, rr in product(range(1, 6), range(1, 6), range(1, 4)):
        if k0 <= k:
            assert mixture_bound(k, k0, rr).lam <= F(rr * k + k - 1, 2)


def test_factor_analysis_matches_sbic_table():
    # sBIC tests/testthat/test_FactorAnalyses.R: 6 covariates, up to 3 factors (rows k, columns r)
    table = [[F(3)], [F(9, 2), F(6)], [F(6), F(29, 4), F(17, 2)], [F(15, 2), F(17, 2), F(19, 2), F(21, 2)]]
    for k, row in enumerate(table):
        for r, lam in enumerate(row):
            assert factor_analysis(6, k, r).lam == lam


def test_factor_analysis_cases():
    for p in range(2, 9):
        for k in range(0, p):
            # r = k: half the model dimension p(k+1) − k(k−1)/2
            assert factor_analysis(p, k, k).lam == F(p * (k + 1) - k * (k - 1) // 2, 2)
    r = factor_analysis(3, 1, 0)
    assert (r.lam, r.m, r.status) == (F(9, 4), 1, "exact")
    assert (factor_analysis(2, 1, 0).lam, factor_analysis(2, 1, 0).m) == (F(3, 2), 2)
    assert factor_analysis(5, 2, 1).status == "upper_bound"
    # the monomial part of the k = 1, r = 0 case, by the engine: <b_i b_j> in 3 and 4 variables
    for p, gens in [(3, ["b1*b2", "b1*b3", "b2*b3"]), (4, ["b1*b2", "b1*b3", "b1*b4", "b2*b3", "b2*b4", "b3*b4"])]:
        e = learning_coefficient(SumOfSquares(gens))
        assert (e.lam, e.m, e.status) == (F(p, 4), 1, "exact")
        assert factor_analysis(p, 1, 0).lam == F(p, 2) + e.lam


def test_two_component_mixture():
    r = two_component_mixture()
    nc = normal_crossing([1, 1])
    assert (r.lam, r.m, r.status) == (nc.lam, nc.m, "exact")


# --- validation and certificates ---------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda: shallow_tanh(0), lambda: shallow_tanh(2.0), lambda: shallow_tanh(True),
    lambda: lda(1, 3, 2, 0), lambda: lda(3, 1, 2, 0), lambda: lda(3, 3, 0, 0), lambda: lda(3, 3, 2, 2),
    lambda: lda(3, 3, 2, -1), lambda: lda(2, 5, 5, 2),
    lambda: nmf_bound(3, 3, 1, 2), lambda: nmf_bound(2, 5, 3, 3), lambda: nmf_bound(0, 3, 1, 0),
    lambda: nmf_bound(3, 3, 2, -1), lambda: nmf_bound(3, 3, 2, 1, phi_u=0), lambda: nmf_bound(3, 3, 2, 1, phi_v="x"),
    lambda: mixture_bound(2, 3, 1), lambda: mixture_bound(2, 0, 1), lambda: mixture_bound(2, 1, 0),
    lambda: mixture_bound(2, 1, 1, phi=-1),
    lambda: factor_analysis(3, 3, 0), lambda: factor_analysis(4, 1, 2), lambda: factor_analysis(0, 0, 0),
])
def test_validation(call):
    with pytest.raises(InputError) as exc:
        call()
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("fn,args", [
    (shallow_tanh, (7,)), (lda, (5, 4, 3, 1)), (nmf_bound, (4, 5, 3, 2)), (nmf_bound, (3, 3, 2, 0)),
    (nmf_bound, (4, 4, 2, 1, F(1, 4), F(3, 4))), (mixture_bound, (4, 2, 3, F(1, 2))),
    (factor_analysis, (6, 2, 1)), (factor_analysis, (5, 1, 0)), (two_component_mixture, ()),
])
def test_certificates_round_trip(fn, args):
    r = fn(*args)
    cert = json.loads(json.dumps(r.certificate))                # JSON-serialisable
    assert cert["kind"] == r.method and r.method.startswith("family:")
    assert set(cert) >= {"kind", "params", "theorem", "case"} and cert["theorem"]
    again = fn(**cert["params"])                                  # params are the keyword arguments
    assert (again.lam, again.m, again.status, again.lower) == (r.lam, r.m, r.status, r.lower)
    assert again.certificate == r.certificate
    assert json.loads(json.dumps(r.to_dict()))["lambda"] == r.to_dict()["lambda"]


REGISTRY_NAMES = {"shallow-tanh": shallow_tanh, "lda": lda, "nmf": nmf_bound, "mixture": mixture_bound,
                  "factor-analysis": factor_analysis, "two-component-mixture": two_component_mixture}


@pytest.mark.parametrize("fn,args", [
    (shallow_tanh, (4,)), (lda, (4, 3, 2, 1)), (nmf_bound, (4, 4, 3, 2)), (nmf_bound, (3, 3, 2, 0)),
    (mixture_bound, (3, 1, 2)), (factor_analysis, (6, 2, 1)), (factor_analysis, (3, 1, 0)),
    (two_component_mixture, ()),
])
def test_verify_once_registered(fn, args):
    from rlct import verify
    from rlct.families import FAMILIES
    r = fn(*args)
    name = r.method.split(":", 1)[1]
    assert REGISTRY_NAMES[name] is fn
    if FAMILIES.get(name) is not fn:
        pytest.skip(f"family {name!r} not registered in rlct.families.FAMILIES yet")
    assert verify(r)
