"""Toy model of superposition: closed-form loss, k-gon critical points, Morse–Bott λ, refusals."""
import json
from fractions import Fraction as F

import numpy as np
import pytest

from rlct import InputError
from rlct.families.tms import critical_sample_size, kgon_critical_point, table, tms
from rlct.models import tms as M


def _random_points(rng, c, n):
    """Generic parameters: kinks of many pairs fall inside (0, 1), some outputs are dead, some always on."""
    return [rng.normal(scale=0.8, size=3 * c) for _ in range(n)]


# ----------------------------------------------------------------------------- the closed form

@pytest.mark.parametrize("seed", [0, 1])
def test_closed_form_matches_monte_carlo(seed):
    rng = np.random.default_rng(seed)
    points = _random_points(rng, 4, 3) + [np.array(M.kgon(6, 5, "1.17046", "-0.28230", 1, 0), dtype=float)]
    for w in points:
        mean, se = M.monte_carlo_loss(w, 400_000, rng)
        assert abs(mean - float(M.loss(w))) < 5 * se + 1e-12


def test_numpy_and_mpmath_agree_and_batch():
    rng = np.random.default_rng(2)
    ws = np.stack(_random_points(rng, 5, 6))
    batch, grads = M.loss_grad(ws)
    assert batch.shape == (6,) and grads.shape == (6, 15)
    for w, Lb, gb in zip(ws, batch, grads):
        assert abs(float(M.loss_mp(list(w), 30)) - Lb) < 1e-13
        assert np.allclose(np.array(M.gradient_mp(list(w), 30), dtype=float), gb, atol=1e-12)


def test_pack_unpack_order():
    W = np.arange(8.0).reshape(2, 4)
    b = -np.arange(4.0)
    w = M.pack(W, b)
    assert w[:4].tolist() == [0.0, 4.0, 1.0, 5.0]                 # column-major: W[:,0], W[:,1], ...
    W2, b2 = M.unpack(w)
    assert (W2 == W).all() and (b2 == b).all()
    x = np.array([[0.3, 0, 0, 0]])
    assert np.allclose(M.forward(w, x), np.maximum(W.T @ W @ x[0] + b, 0))


@pytest.mark.parametrize("which", ["random", "5+"])
def test_exact_derivatives_match_finite_differences(which):
    dps = 60
    ctx = M.context(dps)
    if which == "random":
        w = [ctx.mpf(float(x)) for x in np.random.default_rng(3).normal(scale=0.8, size=9)]
        w[6:] = [ctx.mpf("-0.3"), ctx.mpf("0.2"), ctx.mpf("-0.1")]
    else:
        w = M.kgon(6, 5, "1.17", "-0.28", 1, 0, dps=dps)
    assert M.kinks(w) == []
    H, g = M.hessian_mp(w, dps), M.gradient_mp(w, dps)
    h = ctx.mpf("1e-20")
    for j in range(len(w)):
        wp, wm = list(w), list(w)
        wp[j] += h
        wm[j] -= h
        gp, gm = M.gradient_mp(wp, dps), M.gradient_mp(wm, dps)
        assert abs((M.loss_mp(wp, dps) - M.loss_mp(wm, dps)) / (2 * h) - g[j]) < 1e-30
        assert max(abs((gp[i] - gm[i]) / (2 * h) - H[i, j]) for i in range(len(w))) < 1e-30


def test_kinks_detected():
    assert M.kinks(M.kgon(6, 6, "1.32", "-0.61")) == []
    four = M.kinks(M.kgon(4, 4, 1, 0))
    assert (0, 1, "a=b=0") in four and (0, 0, "mu=0") in four
    # a kink at μ = 1: W_0·W_0 + b_0 = 0
    assert (0, 0, "mu=1") in M.kinks([1, 0, 0, 0, 0, 0, -1, -1, -1])


# ----------------------------------------------------------------------------- critical points

def test_kgon_critical_points_reproduce_reference():
    p5, p6 = kgon_critical_point(6, 5, positive_dead=1), kgon_critical_point(6, 6)
    assert round(float(p5["l"]), 5) == 1.17046 and round(float(p5["b"]), 5) == -0.28230
    assert round(float(p6["l"]), 5) == 1.32053 and round(float(p6["b"]), 5) == -0.61814
    assert round(float(p6["loss"]), 5) == 0.04819
    assert round(float(p5["loss"]), 5) == 0.06180
    assert round(float(kgon_critical_point(6, 5, negative_dead=1)["loss"]), 5) == 0.06874
    # the full gradient vanishes at working precision (not only along the k-gon family)
    assert max(abs(x) for x in M.gradient_mp(p6["w"], 50)) < 1e-40
    # the dead column's positive bias is E x_j = 1/(2c)
    assert float(p5["w"][-1]) == pytest.approx(1 / 12, abs=0)


# ----------------------------------------------------------------------------- λ by Morse–Bott

@pytest.mark.parametrize("pos,neg,k,lam,dim", [(0, 0, 6, F(17, 2), 1), (1, 0, 5, F(17, 2), 1), (0, 1, 5, F(7), 4)])
def test_lambda_at_c6(pos, neg, k, lam, dim):
    r = tms(6, k, positive_dead=pos, negative_dead=neg)
    assert (r.lam, r.m, r.status, r.method) == (lam, 1, "exact", "family:tms")
    cert = r.certificate
    assert cert["kind"] == "family:tms"
    assert cert["params"] == {"c": 6, "k": k, "positive_dead": pos, "negative_dead": neg}
    hess = cert["hessian"]
    assert hess["rank"] == 18 - dim and hess["critical_set_dimension"] == dim
    assert 0 < float(hess["spectral_gap_lower_bound"]) <= float(hess["smallest_nonzero_eigenvalue"])
    assert float(cert["critical_point"]["kink_margin"]) > 0.05
    assert tms(**cert["params"]).certificate["case"] == cert["case"]       # deterministic
    json.dumps(r.to_dict())


def test_hessian_spectrum_has_exactly_the_symmetry_kernel():
    ctx = M.context(50)
    for kw, zeros in (({}, 1), ({"negative_dead": 1}, 4)):
        k = 6 if not kw else 5
        w = kgon_critical_point(6, k, **kw)["w"]
        E = ctx.eigsy(M.hessian_mp(w, 50), eigvals_only=True)
        small = [e for e in E if abs(e) < 1e-30]
        assert len(small) == zeros and min(E) > -1e-30


def test_verify_roundtrip_when_registered():
    from rlct import families, verify
    if "tms" not in families.FAMILIES:
        pytest.skip("tms not registered in rlct.families yet")
    assert verify(tms(6, 5, positive_dead=1))


# ----------------------------------------------------------------------------- refusals

def test_saddle_refused():
    with pytest.raises(InputError, match="saddle"):
        tms(7, 5, positive_dead=1, negative_dead=1)


def test_four_gon_refused():
    with pytest.raises(InputError, match="not twice differentiable"):
        tms(6, 4, negative_dead=2)
    with pytest.raises(InputError, match="not analytic"):
        tms(3, 3)


@pytest.mark.parametrize("args", [(6, 5), (6, 5, 1, 1), (6, 7, 0, 0), (6, 0, 3, 3), (0, 0), (6, 6, -1, 1),
                                  (6.0, 6), (True, 1), (6, 5, 0.5, 0.5)])
def test_invalid_params(args):
    with pytest.raises(InputError) as e:
        tms(*args)
    assert "\n" not in str(e.value)


# ----------------------------------------------------------------------------- phase transitions

def test_critical_sample_size():
    n = critical_sample_size(6, 5, 6)                  # 5 (one negative-bias dead column) → 6
    L5 = float(kgon_critical_point(6, 5, negative_dead=1)["loss"])
    L6 = float(kgon_critical_point(6, 6)["loss"])
    assert n * L5 + 7 * np.log(n) == pytest.approx(n * L6 + 8.5 * np.log(n), rel=1e-12)
    assert round(n, 1) == 445.1
    with pytest.raises(InputError, match="no Bayesian phase transition"):
        critical_sample_size(6, 5, 6, positive_dead1=1)   # 5⁺ and 6 have equal λ: 6 wins for every n


@pytest.mark.slow
def test_table_c5_to_c8():
    rows = {(r["c"], r["k"], r["positive_dead"], r["negative_dead"]): r for r in table(range(5, 9))}
    minima = {key: r["lambda"] for key, r in rows.items() if r["status"] == "minimum"}
    assert minima == {
        (5, 5, 0, 0): "7",
        (6, 6, 0, 0): "17/2", (6, 5, 1, 0): "17/2", (6, 5, 0, 1): "7",
        (7, 7, 0, 0): "10", (7, 6, 1, 0): "10", (7, 6, 0, 1): "17/2", (7, 5, 2, 0): "10", (7, 5, 0, 2): "7",
        (8, 8, 0, 0): "23/2", (8, 7, 1, 0): "23/2", (8, 7, 0, 1): "10", (8, 6, 2, 0): "23/2", (8, 6, 0, 2): "17/2",
        (8, 5, 3, 0): "23/2", (8, 5, 0, 3): "7",
    }
    saddles = {key for key, r in rows.items() if r["status"] == "saddle"}
    assert saddles == {(7, 5, 1, 1), (8, 6, 1, 1), (8, 5, 2, 1), (8, 5, 1, 2)}
    assert all(r["status"] == "non-analytic" for key, r in rows.items() if key[1] <= 4)
