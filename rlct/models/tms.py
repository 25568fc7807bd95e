"""Toy model of superposition (TMS): closed-form population loss, its derivatives, k-gon points.

The model (Elhage et al. 2022; Chen, Lau, Mendel, Wei, Murfet 2023, arXiv 2310.06301) with two
hidden dimensions is f(x; W, b) = ReLU(WᵀW x + b), W ∈ R^{2×c}, b ∈ R^c. In the high-sparsity
limit the input is x = μ e_i with i uniform on {1..c} and μ ~ U[0, 1]; the population loss is
L(w) = E‖x − f(x; w)‖².

Parameter order (d = 3c, used by every function here)::

    w = (W[0,0], W[1,0], W[0,1], W[1,1], ..., W[0,c-1], W[1,c-1], b[0], ..., b[c-1])

i.e. W flattened column-major (column W_i = w[2i:2i+2]) followed by the biases.

Closed form. For the input μ e_i, output j is ReLU(μ a_ji + b_j) with a_ji = W_j·W_i and target
μ t with t = δ_ij. The coordinate term T(a, b, t) = ∫_0^1 (μ t − ReLU(μ a + b))² dμ is a polynomial
on each side of the ReLU kink μ0 = −b/a: with [p, q] = {μ ∈ [0, 1] : μ a + b > 0} (an interval,
possibly empty),

    T = t²/3 + G(q) − G(p),   G(μ) = ((t − a)² − t²) μ³/3 − b (t − a) μ² + b² μ,

and L = (1/c) Σ_i Σ_j T(a_ji, b_j, δ_ij). Derivatives in (a, b) are integrals over [p, q] plus, for
t = 1 only, a boundary term at an interior kink (the integrand vanishes at the kink, so first
derivatives have none). Near w the branch of every term is fixed, so L is analytic there, as long
as no kink sits at an end of the input range: b_j ≠ 0 and a_ji + b_j ≠ 0 for all i, j
(:func:`kinks` lists the pairs where this fails).

Two implementations: numpy, batched over leading axes (:func:`loss`, :func:`loss_grad`), and
mpmath at any precision with exact analytic first and second derivatives (:func:`loss_mp`,
:func:`gradient_mp`, :func:`hessian_mp`). :func:`monte_carlo_loss` samples the same expectation.

Examples
--------
>>> w = kgon(6, 6, "1.32053", "-0.61814")            # the 6-gon critical point, c = 6
>>> round(float(loss(np.array(w, dtype=float))), 5)
0.04819
>>> abs(float(loss_mp(w)) - float(loss(np.array(w, dtype=float)))) < 1e-15
True
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Sequence

import mpmath
import numpy as np

__all__ = ["n_params", "pack", "unpack", "forward", "sample_inputs", "monte_carlo_loss", "loss", "loss_grad",
           "loss_mp", "gradient_mp", "hessian_mp", "kinks", "kink_margin", "kgon", "context"]


@lru_cache(maxsize=None)
def context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A private mpmath context with ``dps`` decimal digits (cached; never changes its precision).

    Examples
    --------
    >>> context(30).dps, context(30) is context(30)
    (30, True)
    """
    ctx = mpmath.MPContext()
    ctx.dps = int(dps)
    return ctx


def _c_of(d: int) -> int:
    if d < 3 or d % 3:
        raise ValueError(f"a TMS parameter vector has length 3c, got {d}")
    return d // 3


def n_params(c: int) -> int:
    """d = 3c: 2c entries of W and c biases.

    Examples
    --------
    >>> n_params(6)
    18
    """
    return 3 * int(c)


def pack(W, b) -> np.ndarray:
    """Parameter vector from W (shape (..., 2, c)) and b (shape (..., c)), in the documented order.

    Examples
    --------
    >>> pack(np.array([[1., 2.], [3., 4.]]), np.array([5., 6.]))
    array([1., 3., 2., 4., 5., 6.])
    """
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    cols = np.swapaxes(W, -1, -2)                         # (..., c, 2): row i is column W_i
    return np.concatenate([cols.reshape(cols.shape[:-2] + (-1,)), b], axis=-1)


def unpack(w) -> tuple[np.ndarray, np.ndarray]:
    """(W, b) with W of shape (..., 2, c) and b of shape (..., c) from w of shape (..., 3c).

    Examples
    --------
    >>> W, b = unpack(np.array([1., 3., 2., 4., 5., 6.]))
    >>> W.tolist(), b.tolist()
    ([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0])
    """
    w = np.asarray(w, dtype=float)
    c = _c_of(w.shape[-1])
    cols = w[..., :2 * c].reshape(w.shape[:-1] + (c, 2))
    return np.swapaxes(cols, -1, -2), w[..., 2 * c:]


def forward(w, x) -> np.ndarray:
    """f(x; W, b) = ReLU(WᵀW x + b) for a batch of inputs x of shape (n, c) (rows are inputs).

    Examples
    --------
    >>> w = pack(np.eye(2), np.zeros(2))
    >>> forward(w, np.array([[0.5, 0.0], [0.0, 0.25]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    W, b = unpack(w)
    x = np.asarray(x, dtype=float)
    return np.maximum(x @ (W.T @ W) + b, 0.0)


def sample_inputs(n: int, c: int, rng: np.random.Generator) -> np.ndarray:
    """n high-sparsity inputs x = μ e_i (i uniform on {0..c−1}, μ ~ U[0, 1]) as rows of an (n, c) array.

    Examples
    --------
    >>> x = sample_inputs(4, 3, np.random.default_rng(0))
    >>> x.shape, bool(((x > 0).sum(axis=1) <= 1).all())
    ((4, 3), True)
    """
    i = rng.integers(0, c, size=n)
    x = np.zeros((n, c))
    x[np.arange(n), i] = rng.uniform(0.0, 1.0, size=n)
    return x


def monte_carlo_loss(w, n: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte Carlo estimate of L(w) = E‖x − f(x)‖² from n samples: (mean, standard error).

    Examples
    --------
    >>> w = kgon(6, 6, "1.32053", "-0.61814")
    >>> m, se = monte_carlo_loss(np.array(w, dtype=float), 200_000, np.random.default_rng(1))
    >>> abs(m - 0.04819) < 5 * se
    True
    """
    w = np.asarray(w, dtype=float)
    x = sample_inputs(n, _c_of(w.shape[-1]), rng)
    err = ((x - forward(w, x)) ** 2).sum(axis=1)
    return float(err.mean()), float(err.std(ddof=1) / np.sqrt(n))


# ---------------------------------------------------------------- numpy (batched) closed form

def _terms_np(a, b, t):
    """T, T_a, T_b elementwise (numpy broadcasting); see the module docstring."""
    pos, neg = a > 0, a < 0
    safe = np.where(a != 0, a, 1.0)
    mu0 = np.clip(-b / safe, 0.0, 1.0)
    p = np.where(pos, mu0, 0.0)
    q = np.where(pos, 1.0, np.where(neg, mu0, np.where(b > 0, 1.0, 0.0)))
    s = t - a
    G = lambda m: (s * s - t * t) * m ** 3 / 3 - b * s * m * m + b * b * m  # noqa: E731
    T = t * t / 3 + G(q) - G(p)
    Ta = -2 * (s * (q ** 3 - p ** 3) / 3 - b * (q * q - p * p) / 2)
    Tb = -2 * (s * (q * q - p * p) / 2 - b * (q - p))
    return T, Ta, Tb


def _gram_np(w):
    w = np.asarray(w, dtype=float)
    c = _c_of(w.shape[-1])
    cols = w[..., :2 * c].reshape(w.shape[:-1] + (c, 2))   # row i = W_i
    A = cols @ np.swapaxes(cols, -1, -2)                    # A[..., j, i] = W_j·W_i
    return c, cols, A, w[..., 2 * c:, None]                 # b_j broadcast along i


def loss(w) -> np.ndarray | float:
    """Closed-form L(w), numpy, batched over leading axes of w (shape (..., 3c)).

    Examples
    --------
    >>> float(loss(pack(np.zeros((2, 3)), -np.ones(3))))      # f = 0: L = E μ² = 1/3
    0.3333333333333333
    >>> loss(np.zeros((4, 9))).shape
    (4,)
    """
    c, _, A, b = _gram_np(w)
    T, _, _ = _terms_np(A, b, np.eye(c))
    return T.sum(axis=(-1, -2)) / c


def loss_grad(w) -> tuple[np.ndarray, np.ndarray]:
    """(L(w), ∇L(w)), numpy, batched over leading axes; ∇L in the documented parameter order.

    Examples
    --------
    >>> w = np.array(kgon(6, 6, "1.3205290", "-0.6181381"), dtype=float)
    >>> L, g = loss_grad(w)
    >>> bool(np.abs(g).max() < 1e-5)
    True
    """
    c, cols, A, b = _gram_np(w)
    T, Ta, Tb = _terms_np(A, b, np.eye(c))
    gW = (Ta + np.swapaxes(Ta, -1, -2)) @ cols              # dA[j,i]/dW_m summed: (Ta + Taᵀ) W
    grad = np.concatenate([gW.reshape(gW.shape[:-2] + (-1,)), Tb.sum(axis=-1)], axis=-1)
    return T.sum(axis=(-1, -2)) / c, grad / c


# ---------------------------------------------------------------- mpmath, exact derivatives

def _term_mp(ctx, a, b, t):
    """(T, T_a, T_b, T_aa, T_ab, T_bb) for one coordinate term at (a, b), t ∈ {0, 1}."""
    zero, one = ctx.zero, ctx.one
    mu0, side = None, 0               # side: +1 kink is the upper end q, −1 the lower end p
    if a > 0:
        m = -b / a
        p, q = (zero, one) if m <= 0 else ((one, one) if m >= 1 else (m, one))
        if 0 < m < 1:
            mu0, side = m, -1
    elif a < 0:
        m = -b / a
        p, q = (zero, zero) if m <= 0 else ((zero, one) if m >= 1 else (zero, m))
        if 0 < m < 1:
            mu0, side = m, 1
    else:
        p, q = (zero, one) if b > 0 else (zero, zero)
    s = t - a

    def G(x):
        return (s * s - t * t) * x ** 3 / 3 - b * s * x * x + b * b * x

    T = ctx.mpf(t * t) / 3 + G(q) - G(p)
    Ta = -2 * (s * (q ** 3 - p ** 3) / 3 - b * (q * q - p * p) / 2)
    Tb = -2 * (s * (q * q - p * p) / 2 - b * (q - p))
    Taa = 2 * (q ** 3 - p ** 3) / 3
    Tab = q * q - p * p
    Tbb = 2 * (q - p)
    if mu0 is not None and t:
        # boundary terms at the kink: ∂g/∂a(μ0) = −2μ0² t, ∂g/∂b(μ0) = −2μ0 t,
        # ∂μ0/∂a = −μ0/a, ∂μ0/∂b = −1/a
        Taa += side * 2 * t * mu0 ** 3 / a
        Tab += side * 2 * t * mu0 ** 2 / a
        Tbb += side * 2 * t * mu0 / a
    return T, Ta, Tb, Taa, Tab, Tbb


def _mpf(ctx, x):
    """mpf from a number, decimal string, Fraction or mpf of another context."""
    if isinstance(x, Fraction):
        return ctx.mpf(x.numerator) / x.denominator
    return ctx.mpf(x)


def _derivatives(w: Sequence, dps: int, order: int):
    ctx = context(dps)
    w = [_mpf(ctx, x) for x in w]
    d = len(w)
    c = _c_of(d)
    cols = [(w[2 * i], w[2 * i + 1]) for i in range(c)]
    L = ctx.zero
    g = [ctx.zero] * d
    H = [[ctx.zero] * d for _ in range(d)] if order >= 2 else None
    for i in range(c):            # input feature e_i
        for j in range(c):        # output coordinate j
            t = 1 if i == j else 0
            a = cols[j][0] * cols[i][0] + cols[j][1] * cols[i][1]
            T, Ta, Tb, Taa, Tab, Tbb = _term_mp(ctx, a, w[2 * c + j], t)
            L += T
            if order < 1:
                continue
            if t:
                da = [(2 * i, 2 * cols[i][0]), (2 * i + 1, 2 * cols[i][1])]
            else:
                da = [(2 * j, cols[i][0]), (2 * j + 1, cols[i][1]), (2 * i, cols[j][0]), (2 * i + 1, cols[j][1])]
            bj = 2 * c + j
            for k, v in da:
                g[k] += Ta * v
            g[bj] += Tb
            if order < 2:
                continue
            for k, u in da:
                for m, v in da:
                    H[k][m] += Taa * u * v
                H[k][bj] += Tab * u
                H[bj][k] += Tab * u
            H[bj][bj] += Tbb
            if t:                 # ∇²a = 2 I on the W_i block
                H[2 * i][2 * i] += 2 * Ta
                H[2 * i + 1][2 * i + 1] += 2 * Ta
            else:                 # ∇²a = I on the (W_j, W_i) blocks
                for r in range(2):
                    H[2 * j + r][2 * i + r] += Ta
                    H[2 * i + r][2 * j + r] += Ta
    L /= c
    g = [x / c for x in g]
    if H is not None:
        H = ctx.matrix([[x / c for x in row] for row in H])
    return L, g, H


def loss_mp(w: Sequence, dps: int = 50):
    """Closed-form L(w) in mpmath with ``dps`` digits (w: numbers, decimal strings, Fractions or mpf).

    Examples
    --------
    >>> x = loss_mp([0, 0, 0, 0, 0, 0, "0.25", "0.25", "0.25"], dps=40)  # W = 0: L = c b² − b + 1/3
    >>> mpmath.nstr(x, 20), 13 / 48                                       # c = 3, b = 1/4
    ('0.27083333333333333333', 0.2708333333333333)
    """
    return _derivatives(w, dps, 0)[0]


def gradient_mp(w: Sequence, dps: int = 50) -> list:
    """Exact analytic ∇L(w) (list of mpf), valid where every term's branch is fixed (see :func:`kinks`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = gradient_mp([0] * 6 + [Fraction(1, 6)] * 3, dps=30)     # b_j = 1/(2c): stationary biases
    >>> max(abs(x) for x in g) < 1e-25
    True
    """
    return _derivatives(w, dps, 1)[1]


def hessian_mp(w: Sequence, dps: int = 50):
    """Exact analytic Hessian of L at w (mpmath matrix, d × d) where L is analytic (see :func:`kinks`).

    Examples
    --------
    >>> H = hessian_mp([0, 0, 0, 0, 0, 0, 1/6, 1/6, 1/6], dps=30)
    >>> float(H[6, 6]), float(H[0, 0])     # ∂²L/∂b_j² = 2; ∂²L/∂W_00² = −2∫(μ² − μ/6)dμ · 2/c
    (2.0, -0.3333333333333333)
    """
    return _derivatives(w, dps, 2)[2]


def kinks(w: Sequence, tol: float = 1e-20) -> list[tuple[int, int, str]]:
    """Pairs (input i, output j) whose ReLU kink sits at an end of the input range μ ∈ [0, 1].

    Each entry is (i, j, kind) with kind "mu=0" (b_j = 0; if also a_ji = 0 the term is not even C²
    there, kind "a=b=0") or "mu=1" (a_ji + b_j = 0), all within ``tol``. An empty list means L is
    analytic on a neighbourhood of w (every term keeps its closed-form branch).

    Examples
    --------
    >>> kinks(kgon(4, 4, 1, 0))[:2]                     # the 4-gon: b = 0 with orthogonal neighbours
    [(0, 0, 'mu=0'), (0, 1, 'a=b=0')]
    >>> kinks(kgon(6, 6, "1.32053", "-0.61814"))
    []
    """
    ctx = context(30)
    w = [_mpf(ctx, x) for x in w]
    c = _c_of(len(w))
    out = []
    for i in range(c):
        for j in range(c):
            a = w[2 * j] * w[2 * i] + w[2 * j + 1] * w[2 * i + 1]
            b = w[2 * c + j]
            if abs(b) <= tol:
                out.append((i, j, "a=b=0" if abs(a) <= tol else "mu=0"))
            elif abs(a + b) <= tol:
                out.append((i, j, "mu=1"))
    return out


def kink_margin(w: Sequence, dps: int = 30):
    """min over all pairs (i, j) of |b_j| and |W_j·W_i + b_j|: how far every ReLU kink is from μ = 0, 1.

    A positive margin means L is analytic on a neighbourhood of w (no term changes branch).

    Examples
    --------
    >>> round(float(kink_margin(kgon(6, 6, "1.32053", "-0.61814"))), 5)
    0.25376
    """
    ctx = context(dps)
    w = [_mpf(ctx, x) for x in w]
    c = _c_of(len(w))
    best = None
    for i in range(c):
        for j in range(c):
            b = w[2 * c + j]
            a = w[2 * j] * w[2 * i] + w[2 * j + 1] * w[2 * i + 1]
            m = min(abs(b), abs(a + b))
            best = m if best is None else min(best, m)
    return best


def kgon(c: int, k: int, l, b, positive_dead: int = 0, negative_dead: int | None = None,
         negative_bias="-1", dps: int = 50) -> list:
    """The k-gon point: columns 0..k−1 are l·(cos 2πj/k, sin 2πj/k) with bias b; then
    ``positive_dead`` zero columns with bias 1/(2c), then ``negative_dead`` (default: the rest) zero
    columns with bias ``negative_bias`` (< 0). Returns the parameter vector as a list of mpf.

    A zero column j with bias b_j > 0 outputs b_j for every input, so its term is E(x_j − b_j)²,
    minimised at b_j = E x_j = 1/(2c).

    Examples
    --------
    >>> [float(x) for x in kgon(3, 2, 1, -0.5)]
    [1.0, 0.0, -1.0, 0.0, 0.0, 0.0, -0.5, -0.5, -1.0]
    >>> float(kgon(4, 2, 1, -0.5, positive_dead=1)[-2])
    0.125
    """
    ctx = context(dps)
    if negative_dead is None:
        negative_dead = c - k - positive_dead
    if k < 0 or positive_dead < 0 or negative_dead < 0 or k + positive_dead + negative_dead != c:
        raise ValueError("need k + positive_dead + negative_dead = c, all >= 0")
    l, b, nb = _mpf(ctx, l), _mpf(ctx, b), _mpf(ctx, negative_bias)
    W, bias = [], []
    exact = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}   # multiples of π/2: exact zeros
    for j in range(k):
        if (4 * j) % k == 0:
            cs, sn = (ctx.mpf(v) for v in exact[4 * j // k])
        else:
            theta = 2 * ctx.pi * j / k
            cs, sn = ctx.cos(theta), ctx.sin(theta)
        W += [l * cs, l * sn]
        bias.append(b)
    W += [ctx.zero] * (2 * (c - k))
    bias += [ctx.one / (2 * c)] * positive_dead + [nb] * negative_dead
    return W + bias
