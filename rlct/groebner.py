"""Does 1 lie in an ideal over ℚ? Buchberger's algorithm with a deterministic budget.

sympy's ``groebner`` has no way to stop: on two polynomials of degree 7 in eight variables (a chart of the
tanh network with four hidden units) it ran for more than five minutes inside a 30-second engine budget.
The engine only ever needs the yes/no question "is the ideal the unit ideal?" (no common complex zero), and
a "don't know" is always safe there (the move or leaf that needed it is simply not made). So this module
answers it with Buchberger's algorithm (grevlex order, the normal selection strategy, Buchberger's coprime
criterion) and gives up, deterministically, after a fixed number of S-pairs or once a polynomial grows
past a fixed number of terms. Deterministic limits matter: the certificate checker asks the same question
and must get the same answer as the search did.

A Groebner basis G of I contains a constant exactly when 1 ∈ I (the leading monomial of 1 must be a
multiple of some leading monomial of G). The algorithm stops with True as soon as a reduced S-polynomial is
a nonzero constant, and with False when every S-pair reduces to 0 (then the set is a Groebner basis with
no constant).

Examples
--------
>>> from rlct.poly import parse
>>> unit_ideal_within([parse("x*y - 1", ["x", "y"]), parse("x", ["x", "y"])])
True
>>> unit_ideal_within([parse("x**2 - 2", ["x", "y"]), parse("y", ["x", "y"])])
False
"""
from __future__ import annotations

from typing import Sequence

from .poly import Polynomial, _ring

MAX_PAIRS = 400
MAX_TERMS = 2000
MAX_STEPS = 20_000  # reduction steps in all


class _OutOfBudget(Exception):
    pass


def unit_ideal_within(polys: Sequence[Polynomial], max_pairs: int = MAX_PAIRS,
                      max_terms: int = MAX_TERMS) -> bool | None:
    """True if 1 ∈ ⟨polys⟩ over ℚ, False if not, None if the budget ran out first.

    >>> from rlct.poly import parse
    >>> names = ["x", "y", "z"]
    >>> unit_ideal_within([parse(f, names) for f in ("x*y - z", "x - 1", "y - 1", "z")])
    True
    >>> unit_ideal_within([parse(f, names) for f in ("x**3 - y*z", "y**2 - x*z")], max_pairs=0) is None
    True
    """
    from sympy.polys.orderings import grevlex

    polys = [p for p in polys if not p.is_zero()]
    if not polys:
        return False
    if not polys[0].variables:
        return True
    basis = groebner_within(polys, polys[0].variables, grevlex, max_pairs, max_terms)
    return None if basis is None else any(g.is_ground for g in basis)


def groebner_within(polys: Sequence[Polynomial], names: Sequence[str], order, max_pairs: int = MAX_PAIRS,
                    max_terms: int = MAX_TERMS) -> list | None:
    """A Groebner basis (not reduced; [1] as soon as a constant appears) of the nonzero polys over ℚ in the
    ring with variables ``names`` (any order of the polys' own variables) and the monomial ``order``, as sympy
    ring elements; None if the budget ran out first.

    >>> from sympy.polys.orderings import lex
    >>> from rlct.poly import parse
    >>> basis = groebner_within([parse(f, ["x", "y"]) for f in ("x**2 - y", "x*y - 1")], ["x", "y"], lex)
    >>> [str(g) for g in basis if g.degree(0) == 0]            # an element in y alone (elimination)
    ['y**3 - 1']
    """
    from sympy.polys.domains import QQ

    names = list(names)
    R, _ = _ring(tuple(names), order)
    basis = []
    for p in polys:
        if p.is_zero():
            continue
        index = [p.variables.index(v) for v in names]
        f = R.from_dict({tuple(e[i] for i in index): QQ(c.numerator, c.denominator) for e, c in p.terms.items()})
        if f.is_ground:
            return [R.one]
        basis.append(f.monic())
    pairs = [(i, j) for j in range(len(basis)) for i in range(j)]
    steps = [MAX_STEPS]
    for _ in range(max_pairs + 1):
        if not pairs:
            return basis
        pairs.sort(key=lambda ij: -_lcm_degree(basis[ij[0]], basis[ij[1]]))
        i, j = pairs.pop()  # the pair of smallest lcm degree (the normal strategy)
        f, g = basis[i], basis[j]
        if _coprime(f.LM, g.LM):  # Buchberger's first criterion: the S-polynomial reduces to 0
            continue
        try:
            h = _reduce(_s_polynomial(f, g), basis, max_terms, steps)
        except _OutOfBudget:
            return None
        if h:
            if h.is_ground:
                return [R.one]
            basis.append(h.monic())
            pairs += [(k, len(basis) - 1) for k in range(len(basis) - 1)]
    return None


def _lcm_degree(f, g) -> int:
    return sum(max(a, b) for a, b in zip(f.LM, g.LM))


def _coprime(a: tuple, b: tuple) -> bool:
    return all(x == 0 or y == 0 for x, y in zip(a, b))


def _s_polynomial(f, g):
    lcm = tuple(max(a, b) for a, b in zip(f.LM, g.LM))
    one = f.ring.domain.one
    left = f.mul_term((tuple(x - y for x, y in zip(lcm, f.LM)), one))
    right = g.mul_term((tuple(x - y for x, y in zip(lcm, g.LM)), one))
    return left - right  # f and g are monic


def _reduce(h, basis, max_terms: int, steps: list):
    """h top-reduced by the basis until its leading term is no basis element's multiple."""
    while h:
        steps[0] -= 1
        if len(h) > max_terms or steps[0] < 0:
            raise _OutOfBudget
        lm, lc = h.LT
        for g in basis:
            glm = g.LM
            if all(a >= b for a, b in zip(lm, glm)):
                h = h - g.mul_term((tuple(a - b for a, b in zip(lm, glm)), lc))
                break
        else:
            return h
    return h
