"""Tests of the toric fan: normal fan, simplicial and unimodular refinement, charts (Varchenko check)."""
from fractions import Fraction
import random

import pytest

from rlct.errors import BudgetExceeded
from rlct.newton import newton_value
from rlct.poly import parse
from rlct.toric_fan import (determinant, fan_value, normal_fan, simplicial_subdivision, toric_charts,
                            unimodular_refinement)


def _solve(cone, p):
    """λ with p = Σ λ_i a_i (Fractions)."""
    n = len(p)
    M = [[Fraction(cone[i][j]) for i in range(n)] + [Fraction(p[j])] for j in range(n)]
    for c in range(n):
        piv = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[piv] = M[piv], M[c]
        M[c] = [x / M[c][c] for x in M[c]]
        for r in range(n):
            if r != c:
                M[r] = [x - M[r][c] * y for x, y in zip(M[r], M[c])]
    return [M[i][n] for i in range(n)]


def _random_support(rng, n, k, top=3):
    pts = set()
    while len(pts) < k:
        pts.add(tuple(2 * rng.randint(0, top) for _ in range(n)))
    pts.discard((0,) * n)
    return sorted(pts) or [(2,) * n]


def _fan(support):
    return unimodular_refinement(simplicial_subdivision(normal_fan(support)))


CASES = [[(2, 0), (0, 3)], [(4, 0), (2, 2), (0, 6)], [(2, 0, 0), (0, 4, 0), (0, 0, 6)],
         [(2, 2, 0), (0, 2, 2), (4, 0, 0), (0, 0, 2)], [(2, 0, 0, 0), (0, 2, 0, 0), (0, 0, 4, 0), (0, 0, 0, 6)],
         [(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 0)],                        # a 4-ray (non-simplicial) cone
         [(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 1)], [(4, 0, 0), (0, 4, 0), (0, 0, 4), (2, 2, 0), (0, 2, 2)],
         [(2, 2, 0, 0), (0, 0, 2, 2), (4, 0, 0, 0), (0, 4, 0, 4), (0, 0, 6, 0)]]


@pytest.mark.parametrize("support", CASES)
def test_unimodular_and_fan(support):
    fan = _fan(support)
    n = len(support[0])
    assert all(abs(determinant(c)) == 1 for c in fan)
    assert all(min(x) >= 0 for c in fan for x in c)
    rng = random.Random(len(fan))
    for _ in range(60):       # small vectors: covered by at least one cone
        p = tuple(rng.randint(0, 7) for _ in range(n))
        if any(p):
            assert any(min(_solve(c, p)) >= 0 for c in fan), p
    for _ in range(60):       # generic vectors: in exactly one cone, and in its interior
        p = tuple(rng.randint(1, 10 ** 6) for _ in range(n))
        lams = [_solve(c, p) for c in fan]
        assert sum(min(lam) >= 0 for lam in lams) == 1, p
        assert sum(min(lam) > 0 for lam in lams) == 1, p


def test_normal_fan_cones_are_vertex_normal_cones():
    # x² + y³ + x y: vertices (2,0), (1,1), (0,3); facet normals (1,1), (2,1) besides e1, e2
    assert normal_fan([(2, 0), (1, 1), (0, 3)]) == [((0, 1), (1, 1)), ((1, 0), (2, 1)), ((1, 1), (2, 1))]
    # a cone with four rays (square pyramid apex) is split into two simplicial cones sharing a face
    fan = normal_fan([(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 0)])
    split = simplicial_subdivision(fan)
    assert all(len(c) == 3 for c in split) and len(split) >= len(fan)


def test_hirzebruch_jung_2d():
    fan = _fan([(2, 0), (0, 3)])
    rays = sorted({r for c in fan for r in c}, key=lambda r: Fraction(r[1], r[0] + r[1]))
    assert rays == [(1, 0), (2, 1), (3, 2), (1, 1), (0, 1)]
    # minimality (no (−1)-curves): consecutive rays satisfy a_{i−1} + a_{i+1} = b_i a_i, and b_i ≥ 2 at
    # every ray the refinement introduced (the Hirzebruch–Jung continued fraction)
    rng = random.Random(3)
    for _ in range(10):
        a, b = rng.randint(1, 9), rng.randint(1, 9)
        support = [(2 * a, 0), (0, 2 * b), (a, rng.randint(0, b))]
        fan = _fan(support)
        old = {r for c in normal_fan(support) for r in c}
        rays = sorted({r for c in fan for r in c}, key=lambda r: Fraction(r[1], r[0] + r[1]))
        assert len(fan) == len(rays) - 1
        for prev, mid, nxt in zip(rays, rays[1:], rays[2:]):
            s = (prev[0] + nxt[0], prev[1] + nxt[1])
            k = (s[0] // mid[0]) if mid[0] else s[1] // mid[1]
            assert s == (k * mid[0], k * mid[1])
            if mid not in old:
                assert k >= 2, (support, mid)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_varchenko_random(n):
    rng = random.Random(100 + n)
    non_simplicial = 0
    for trial in range({2: 15, 3: 12, 4: 6, 5: 3}[n]):
        support = _random_support(rng, n, rng.randint(2, 5), top=3 if n < 4 else 2)
        non_simplicial += any(len(c) > n for c in normal_fan(support))
        charts = toric_charts(support)
        assert all(abs(determinant(list(zip(*ch.A)))) == 1 for ch in charts)
        v = newton_value(support)
        assert fan_value(charts) == (v.lam, v.m), support
        h = tuple(rng.randint(0, 2) for _ in range(n))
        vh = newton_value(support, weight=tuple(x + 1 for x in h))
        assert fan_value(toric_charts(support, prior=h)) == (vh.lam, vh.m), (support, h)
    assert n == 2 or non_simplicial          # the triangulation step is exercised


def test_prior_shifts_eta():
    f = parse("x**2 + y**4")
    plain, shifted = toric_charts(f), toric_charts(f, prior=(2, 0))
    for a, b in zip(plain, shifted):
        assert a.A == b.A and a.kappa == b.kappa
        assert all(y - x == 2 * a.A[0][j] for j, (x, y) in enumerate(zip(a.eta, b.eta)))
    assert fan_value(plain) == (Fraction(3, 4), 1)
    assert fan_value(shifted) == (Fraction(7, 4), 1)       # |x|²: 3/2 + 1/4


def test_generators_and_budget():
    gens = [parse("x**2", ["x", "y"]), parse("y**2", ["x", "y"])]
    charts = toric_charts(gens)
    assert fan_value(charts, scale=2) == (Fraction(1, 2), 1)   # K = x⁴ + y⁴
    assert all(len(ch.strict) == 2 for ch in charts)
    with pytest.raises(BudgetExceeded):
        toric_charts([(30, 0, 0), (0, 29, 0), (0, 0, 31)], max_cones=20)
