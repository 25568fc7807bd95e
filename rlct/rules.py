"""Rules that give exact answers or split a problem (REFERENCE §4).

Each rule is a pure function of a :class:`~rlct.problem.Problem` that either declines (returns
None) or returns the sub-problems and how their results combine:

* free variables (K does not depend on them) are dropped: λ and m do not change;
* disjoint-variable sums split: λ = Σ λ_i, m = Σ m_i − (c − 1)   (Lin 2017, Prop 3.7);
* disjoint-variable products split: λ = min λ_i, m = Σ m_i over the minimisers;
* factors that do not vanish at the point are dropped; K = F^e gives λ(F^e) = λ(F)/e
  (and λ(F^{2k}) = λ(F²)/k for a sign-changing F);
* a single monomial (normal crossing): λ = min_j (h_j + 1)/α_j, m = #argmin;
* a generator with a linear term in a variable the prior does not vanish on: λ(f²) = 1/2, m = 1.

Examples
--------
>>> from rlct.poly import parse
>>> P = Problem.from_polynomial(parse("x**2 + y**4*z**2"))
>>> disjoint_components(P)
[[0], [1, 2]]
>>> normal_crossing(Problem.from_polynomial(parse("x**2*y**4"), prior=(0, 1)))
(Fraction(1, 2), 2)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Sequence

import networkx as nx
import sympy

from .errors import InputError
from .poly import Polynomial, polynomial_from_expr
from .problem import Problem

FACTOR_MAX_VARIABLES = 10
FACTOR_MAX_TERMS = 400


def free_variables(P: Problem) -> list[int]:
    """Indices of variables that occur in no monomial of K.

    >>> from rlct.poly import parse
    >>> free_variables(Problem.from_polynomial(parse("x**2", ["x", "y"])))
    [1]
    """
    used = [any(e[i] for e in P.K.terms) for i in range(P.nvars)]
    return [i for i, u in enumerate(used) if not u]


def disjoint_components(P: Problem) -> list[list[int]]:
    """Groups of variable indices that K splits into (monomials, or generators, sharing none).

    >>> from rlct.poly import parse
    >>> disjoint_components(Problem.from_polynomial(parse("x**2*y**2 + y**2*z**2 + w**4")))
    [[0], [1, 2, 3]]
    """
    G = nx.Graph()
    G.add_nodes_from(range(P.nvars))
    pieces = [g.terms for g in P.generators] if P.is_sos else [{e: 1} for e in P.K.terms]
    for terms in pieces:
        used = sorted({i for e in terms for i, k in enumerate(e) if k})
        G.add_edges_from(zip(used, used[1:]))
    return sorted(sorted(c) for c in nx.connected_components(G))


def split_sum(P: Problem, groups: Sequence[Sequence[int]]) -> list[Problem]:
    """The sub-problems of a disjoint-variable sum, one per variable group."""
    parts = []
    for grp in groups:
        inside = set(grp)
        if P.is_sos:
            gens = [g for g in P.generators if _vars_of(g.terms) <= inside]
            sub = Problem.from_generators(gens, P.prior)
        else:
            terms = {e: c for e, c in P.K.terms.items() if _vars_of({e: c}) <= inside}
            sub = Problem.from_polynomial(Polynomial(P.variables, terms), P.prior)
        parts.append(sub.restrict(sorted(grp)))
    return parts


def _vars_of(terms) -> set[int]:
    return {i for e in terms for i, k in enumerate(e) if k}


def normal_crossing(P: Problem) -> tuple[Fraction, int] | None:
    """(λ, m) when K is one monomial c·w^α (c > 0, α even): λ = min_j (h_j+1)/α_j, m = #argmin."""
    if len(P.K.terms) != 1:
        return None
    (alpha, c), = P.K.terms.items()
    if c < 0 or any(k % 2 for k in alpha):
        raise InputError(f"K is negative near the point: its only monomial {P.K} changes sign")
    ratios = [Fraction(h + 1, k) for h, k in zip(P.prior, alpha) if k]
    lam = min(ratios)
    return lam, ratios.count(lam)


def regular_generator(P: Problem) -> int | None:
    """Index j when K = f² with f having a linear term in w_j and prior exponent h_j = 0."""
    if not (P.is_sos and len(P.generators) == 1):
        return None
    f = P.generators[0]
    for j in range(P.nvars):
        unit = tuple(int(i == j) for i in range(P.nvars))
        if unit in f.terms and P.prior[j] == 0:
            return j
    return None


def squares_part(P: Problem, keep: Sequence[int]) -> Problem:
    """Σ_{i ∈ keep} u_i² on those variables, with their prior exponents: the regular part of a split.

    >>> from rlct.poly import parse
    >>> str(squares_part(Problem.from_polynomial(parse("x*y*z")), [0, 2]).K)
    'x**2 + z**2'
    """
    n = P.nvars
    squares = Polynomial(P.variables, {tuple(2 * (j == i) for j in range(n)): Fraction(1) for i in keep})
    return Problem.from_polynomial(squares, P.prior).restrict(sorted(keep))


def quadratic_split(P: Problem) -> list[Problem] | None:
    """The splitting lemma in polynomial form: [Σ_{i∈U} u_i², g(v)] when K = g(v) + R(u, v) with every term
    of R of degree ≥ 2 in u and R's terms of degree 2 (in u alone) a positive definite form; else None.

    Then R = uᵀM(u, v)u with M(0) ≻ 0, so c|u|² ≤ R ≤ C|u|² near the point and K ≍ Σ u_i² + g(v): the
    λ and m of K are those of that disjoint sum (λ adds, m = m(g)). g = K(0, v) (for generators, the
    generators at u = 0); it is dropped when zero. U starts as the variables whose square is a term of K and
    loses every variable that occurs in a term of degree 1 in U.

    >>> from rlct.poly import parse
    >>> [str(Q.K) for Q in quadratic_split(Problem.from_polynomial(parse("x**2*(1 + y) + (y**2 - 2*z**2)**2")))]
    ['x**2', 'y**4 - 4*y**2*z**2 + 4*z**4']
    >>> quadratic_split(Problem.from_polynomial(parse("(x - y**2)**2 + y**6"))) is None
    True
    """
    from .strategies import positive_definite_form

    n = P.nvars
    U = {i for i in range(n) if tuple(2 * (j == i) for j in range(n)) in P.K.terms}
    while U:
        linear = {i for e in P.K.terms if sum(e[k] for k in U) == 1 for i in U if e[i]}
        if not linear:
            break
        U -= linear
    if not U or len(U) == n:
        return None
    keep_u, keep_v = sorted(U), [i for i in range(n) if i not in U]
    quad = {e: c for e, c in P.K.terms.items() if sum(e) == 2 and sum(e[k] for k in U) == 2}
    if not positive_definite_form({tuple(e[i] for i in keep_u): c for e, c in quad.items()}, len(keep_u)):
        return None
    parts = [squares_part(P, keep_u)]
    at_zero = lambda p: Polynomial(P.variables, {e: c for e, c in p.terms.items() if not any(e[i] for i in U)})
    if P.is_sos:
        gens = [g for g in map(at_zero, P.generators) if not g.is_zero()]
        if gens:
            parts.append(Problem.from_generators(gens, P.prior).restrict(keep_v))
    elif not at_zero(P.K).is_zero():
        parts.append(Problem.from_polynomial(at_zero(P.K), P.prior).restrict(keep_v))
    return parts


@dataclass(frozen=True)
class Factored:
    """K (or the single generator f) = sign · Π units · Π g_i^e_i, found by sympy's factor_list."""

    sign: int
    units: tuple[tuple[Polynomial, int], ...]
    factors: tuple[tuple[Polynomial, int], ...]


def factorize(p: Polynomial) -> Factored | None:
    """Factor over Q, within size caps (multivariate factoring is costly); None when too large.

    >>> from rlct.poly import parse
    >>> F = factorize(parse("-(x - y)**2*(1 + x)"))
    >>> F.sign, [(str(u), e) for u, e in F.units], [(str(g), e) for g, e in F.factors]
    (-1, [('x + 1', 1)], [('x - y', 2)])
    """
    if p.nvars > FACTOR_MAX_VARIABLES or len(p.terms) > FACTOR_MAX_TERMS:
        return None
    coeff, pairs = sympy.factor_list(p.to_sympy(), *[sympy.Symbol(v) for v in p.variables])
    sign = 1 if coeff > 0 else -1
    units, factors = [], []
    for g, e in pairs:
        gp = polynomial_from_expr(g, p.variables)
        constant = gp.terms.get((0,) * p.nvars, Fraction(0))
        if constant != 0:
            units.append((gp, int(e)))
            if constant < 0 and e % 2:
                sign = -sign
        else:
            factors.append((gp, int(e)))
    return Factored(sign, tuple(units), tuple(factors))


def vertex_sign(p: Polynomial) -> int:
    """Sign of p's coefficient at a vertex of its Newton polyhedron (the min of (degree, exponent)).

    A polynomial of constant sign near 0 has that sign at every Newton vertex.
    """
    e = min(p.terms, key=lambda a: (sum(a), a))
    return 1 if p.terms[e] > 0 else -1


def expand_product(variables: tuple[str, ...], factors: Sequence[tuple[Polynomial, int]], sign: int = 1) -> Polynomial:
    """sign · Π g^e, expanded exactly."""
    from .poly import _ring, from_ring_element, to_ring_element

    R, _ = _ring(variables)
    total = R.one * sign
    for g, e in factors:
        total *= to_ring_element(g, R) ** e
    return from_ring_element(total, variables)


def factor_groups(factors: Sequence[tuple[Polynomial, int]]) -> list[list[tuple[Polynomial, int]]]:
    """Factors grouped into classes that share variables (connected components)."""
    G = nx.Graph()
    G.add_nodes_from(range(len(factors)))
    for i, (g, _) in enumerate(factors):
        for j in range(i):
            if _vars_of(g.terms) & _vars_of(factors[j][0].terms):
                G.add_edge(i, j)
    comps = sorted(sorted(c) for c in nx.connected_components(G))
    return [[factors[i] for i in c] for c in comps]


def common_power(factors: Sequence[tuple[Polynomial, int]]) -> int:
    """gcd of the factor exponents: K = F^e with F = Π g^(e_i/e)."""
    e = 0
    for _, k in factors:
        e = gcd(e, k)
    return e
