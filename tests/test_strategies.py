"""The single-generator rule (rlct/strategies.py): K = f² through RLCT(|f|), above all at the tie 1/t = 1."""
import random
import time
from fractions import Fraction as F

import pytest

from rlct.poly import Polynomial, parse
from rlct.problem import Problem
from rlct.resolution.recursion import blowup_strategy
from rlct.strategies import single_generator_strategy
from rlct.newton import CertificateError
from rlct.verify import Claim, check, verify

# (f, λ(f²), m, m_N): at the tie 1/t = 1 with real torus zeros, m is m_N + 1 exactly when a face of
# the principal face has one
TIES = [
    ("x**2 - y**2", F(1, 2), 2, 1),                # the principal edge itself has the real zeros x = ±y
    ("x**2*y + y**3 - x*z**2", F(1, 2), 2, 1),     # the principal facet has real torus zeros
    ("x**2*z + y**2*z - z**3", F(1, 2), 2, 2),     # real zeros only on an edge outside the principal one
    ("x**2*y - z**3 + x*y*z", F(1, 2), 3, 3),      # principal face the vertex xyz: m = m_N = d
    ("x**2*y - y**2*z + x*y*z", F(1, 2), 3, 3),
]


@pytest.mark.parametrize("f, lam, m, m_newton", TIES)
def test_the_multiplicity_at_the_tie_is_certified(f, lam, m, m_newton):
    r = single_generator_strategy(Problem.from_generators([parse(f)]))
    assert (r.lam, r.m, r.status) == (lam, m, "exact")
    assert r.certificate["newton"]["multiplicity"] == m_newton
    assert verify(r) and check(r.certificate) == Claim(lam, m, True, lam)


@pytest.mark.parametrize("f, lam, m, m_newton", TIES[:3])
def test_the_tie_agrees_with_a_blowup_tree(f, lam, m, m_newton):
    b = blowup_strategy(Problem.from_generators([parse(f)]), time.monotonic() + 20, progress=False)
    assert (b.lam, b.m, b.status) == (lam, m, "exact")


def test_a_forged_principal_face_fails_verification():
    r = single_generator_strategy(Problem.from_generators([parse("x**2 - y**2")]))
    r.certificate["newton"]["face"]["points"] = r.certificate["newton"]["face"]["points"][:1]
    with pytest.raises(CertificateError):
        check(r.certificate)


def _random_ties(seed: int, n: int, count: int):
    rng, names = random.Random(seed), ("x", "y", "z", "w")[:n]
    while count:
        terms = {}
        for _ in range(rng.randint(2, 4)):
            e = tuple(rng.randint(0, 3) for _ in range(n))
            if sum(e) >= 2:
                terms[e] = F(rng.choice([-3, -2, -1, 1, 2, 3]))
        if len(terms) < 2:
            continue
        P = Problem.from_generators([Polynomial(names, terms)])
        r = single_generator_strategy(P)
        if r is None or not r.certificate["has_real_torus_zero"] or F(r.certificate["newton"]["lambda"]) != 1:
            continue
        count -= 1
        yield P, r


@pytest.mark.parametrize("n", [2, 3])
def test_random_ties_agree_with_blowup_trees(n):
    """The tie's (λ, m) against an independent blow-up tree wherever that tree closes."""
    compared = raised = 0
    for P, r in _random_ties(n, n, 40):
        b = blowup_strategy(P, time.monotonic() + 2, progress=False)
        if b is None or not b.is_exact:
            continue
        assert (b.lam, b.m) == (r.lam, r.m), str(P.generators[0])
        compared += 1
        raised += r.m > r.certificate["newton"]["multiplicity"]
    assert compared >= 25 and raised >= 3
