"""Block elimination: generators that are linear in a block of variables, with an invertible coefficient
matrix at the point, become coordinates (the ideal's splitting lemma, in exact polynomial form).

Let g_1 … g_k be generators with g = C(v)·u_S + G(v): linear in the k variables u_S jointly (no monomial has two
of them, or a square), C a k×k matrix and G a vector of polynomials in the other variables v, det C(0) ≠ 0,
G(0) = 0, and no prior exponent on u_S. Then u_S' = C(v)·u_S + G(v) (v unchanged) is a local diffeomorphism
fixing the point, with Jacobian det C(v), a unit near 0, and the prior (a monomial in v) unchanged. In these
coordinates the block generators are the coordinates u_S', and every other generator h equals, modulo ⟨u_S'⟩,
h(u_S = −C⁻¹G, v) = N_h(v) / det C(v)^e with N_h a polynomial (Cramer: C⁻¹ = adj C / det C). So locally

    ⟨g⟩ = ⟨u_S'⟩ + ⟨N_h(v)⟩,   hence   λ = k/2 + λ(⟨N_h⟩),  m = m(⟨N_h⟩)

(a disjoint sum; λ depends only on the local ideal). A factor of N_h that does not vanish at the point is a
unit and is divided out (the factors of det C are such factors), and an N_h = x^α·u with u(0) ≠ 0 is replaced
by x^α. The certificate records the block and the
divided-out units; :func:`check_block` recomputes everything exactly.

This is how reduced-rank regression and deep linear networks at a rank-r true parameter lose their regular
directions: each column of the first layer against the identity block is one block (k = r), then each row
of the last layer.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> names = ["a", "b", "c", "d"]
>>> P = Problem.from_generators([parse(f, names) for f in ("a + a*b + c*d", "a*c + d**2")])
>>> block = find_block(P)
>>> [P.variables[i] for i in block.variables], block.generators
(['a'], (0,))
>>> squares, rest = eliminate_block(P, block)[0]       # a' = (1 + b)·a + c·d; then a = −c·d/(1 + b) in the other
>>> str(squares.K), [str(g) for g in rest.generators], rest.variables
('a**2', ['b*d**2 - c**2*d + d**2'], ('b', 'c', 'd'))
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

from .poly import Polynomial, _ring, exact_quotient, from_ring_element, to_ring_element
from .lp import exact_rank
from .problem import Problem
from .rules import squares_part

MAX_BLOCK = 4          # det and adjugate by cofactors: k! products
MAX_RESULT_TERMS = 50_000   # one substituted generator before the units are divided out
MAX_COST = 3_000_000   # monomial products of one substitution, estimated before it runs
MAX_FACTOR_TERMS = 40  # det C factored (sympy, dense) only up to this size


@dataclass(frozen=True)
class Block:
    generators: tuple[int, ...]   # indices into P.generators
    variables: tuple[int, ...]    # indices into P.variables, one per generator (same order)


def _linear_split(f, S: Sequence[int], R):
    """(C row, G) with f = Σ_k C_k·x_{S_k} + G, C and G free of S; None if f is not jointly linear in S."""
    C = [R.zero] * len(S)
    G = R.zero
    for mon, c in f.terms():
        hits = [k for k, s in enumerate(S) if mon[s]]
        if not hits:
            G += R({mon: c})
            continue
        if len(hits) > 1 or mon[S[hits[0]]] > 1:
            return None
        k = hits[0]
        rest = list(mon)
        rest[S[k]] = 0
        C[k] += R({tuple(rest): c})
    return C, G


def find_block(P: Problem) -> Block | None:
    """A block of generators jointly linear in as many prior-free variables (up to MAX_BLOCK), each with a
    linear term, whose linear-part matrix is invertible at the point; or None.

    The block is grown greedily from the first (generator, linear variable) pair through generators that
    share its variables. (Ranking blocks by the size of det C or by the terms they touch was tried on RRR
    6×6×5 at rank 3 and made the substituted generators larger, not smaller.)"""
    if not P.is_sos:
        return None
    n = P.nvars
    unit = lambda j: tuple(int(i == j) for i in range(n))
    pairs = [(i, j) for i, g in enumerate(P.generators) for j in range(n)
             if unit(j) in g.terms and not P.prior[j] and all(e[j] <= 1 for e in g.terms)]
    R, _ = _ring(P.variables)
    ring_gens = [to_ring_element(g, R) for g in P.generators]
    for i0, j0 in pairs:
        gens, vars_ = [i0], [j0]
        grown = True
        while grown and len(gens) < MAX_BLOCK:
            grown = False
            for i, j in pairs:
                if i in gens or j in vars_ or not _touches(P.generators[i], vars_):
                    continue
                if _admissible(ring_gens, gens + [i], vars_ + [j], R, P):
                    gens.append(i)
                    vars_.append(j)
                    grown = True
                    break
        if _admissible(ring_gens, gens, vars_, R, P):
            return Block(tuple(gens), tuple(vars_))
    return None


def _touches(g: Polynomial, vars_: Sequence[int]) -> bool:
    return any(e[j] for e in g.terms for j in vars_)


def _admissible(ring_gens, gens, vars_, R, P: Problem) -> bool:
    """Jointly linear in vars_, and the constant part of C (the linear-part matrix) invertible."""
    from fractions import Fraction

    rows = []
    for i in gens:
        split = _linear_split(ring_gens[i], vars_, R)
        if split is None:
            return False
        zero = (0,) * P.nvars
        rows.append([Fraction(int(c.numerator), int(c.denominator)) if (c := dict(Ck.terms()).get(zero)) else
                     Fraction(0) for Ck in split[0]])
    return exact_rank(rows) == len(gens)


def _det(M, R):
    """Determinant by cofactor expansion (k ≤ MAX_BLOCK)."""
    k = len(M)
    if k == 1:
        return M[0][0]
    total = R.zero
    for c in range(k):
        if M[0][c]:
            minor = [row[:c] + row[c + 1:] for row in M[1:]]
            total += (-1) ** c * M[0][c] * _det(minor, R)
    return total


def _adjugate(M, R):
    k = len(M)
    if k == 1:
        return [[R.one]]
    cof = [[(-1) ** (r + c) * _det([row[:c] + row[c + 1:] for i, row in enumerate(M) if i != r], R)
            for c in range(k)] for r in range(k)]
    return [[cof[c][r] for c in range(k)] for r in range(k)]


def eliminate_block(P: Problem, block: Block, units: Sequence[Polynomial] | None = None,
                    inherited: Sequence[Polynomial] = (), deadline: float | None = None,
                    guard: bool = True) -> tuple[list[Problem], list[Polynomial]] | None:
    """The parts [Σ_{s∈S} u_s² on S, ⟨N_h⟩ on the other variables] (the second omitted when every N_h is 0)
    and the units divided out of the N_h.

    ``units`` fixes the units (a certificate's; each must be nonzero at the point), otherwise they are
    :func:`unit_candidates` of det C given the ``inherited`` units of earlier blocks. With ``guard`` the
    substitution is refused (None) when its estimated cost or a result is too large or the deadline passes;
    verification recomputes without the guard."""
    names, S = P.variables, list(block.variables)
    R, _ = _ring(names)
    ring_gens = [to_ring_element(g, R) for g in P.generators]
    rows = [_linear_split(ring_gens[i], S, R) for i in block.generators]
    C = [row[0] for row in rows]
    G = [row[1] for row in rows]
    det = _det(C, R)
    adj = _adjugate(C, R)
    # u_S = −adj·G / det: numerators of the solution
    sol = [-sum((adj[r][c] * G[c] for c in range(len(S))), R.zero) for r in range(len(S))]
    ring_units = ([to_ring_element(u, R) for u in units] if units is not None else
                  unit_candidates(det, [to_ring_element(u, R) for u in inherited], R))
    sol, det = _cancel_units(sol, det, ring_units)
    if guard and _substitution_cost(ring_gens, block, S, sol, det) > MAX_COST:
        return None
    rest, cache = [], {}
    for i, h in enumerate(ring_gens):
        if i in block.generators:
            continue
        if guard and deadline is not None and time.monotonic() > deadline:
            return None
        N = _substitute(h, S, sol, det, R, cache)
        if guard and len(N.terms()) > MAX_RESULT_TERMS:
            return None
        for u in ring_units:
            while N and not u.is_ground:
                q = exact_quotient(N, u)
                if q is None:
                    break
                N = q
        if N:
            rest.append(_monomial_if_unit_multiple(N, R))
    keep_v = [i for i in range(len(names)) if i not in S]
    parts = [squares_part(P, S)]
    if rest:
        kept = tuple(names[i] for i in keep_v)
        on_kept = lambda N: Polynomial(kept, {tuple(e[i] for i in keep_v): c
                                              for e, c in from_ring_element(N, names).terms.items()})
        parts.append(Problem.from_generators([on_kept(N) for N in rest], tuple(P.prior[i] for i in keep_v)))
    return parts, [from_ring_element(u, names) for u in ring_units]


def _cancel_units(sol, det, ring_units):
    """u_S = sol/det with the units that divide det and every entry of sol cancelled: the same solution, of
    lower degree. In RRR at rank r the second layer's det C is det(B₁₁)^(r−1)·det(W) and adj C carries
    det(B₁₁)^(r−2); without the cancellation RRR 6×6×6 at rank 3 swelled past any budget there. The
    substituted generators change by a power of the cancelled units, nonzero at the point: the same ideal."""
    for u in ring_units:
        if u.is_ground:
            continue
        while True:
            q = exact_quotient(det, u)
            quotients = None if q is None else _divide_all(sol, u)
            if quotients is None:
                break
            det, sol = q, quotients
    return sol, det


def _divide_all(values, u) -> list | None:
    out = []
    for x in values:
        q = exact_quotient(x, u)
        if q is None:
            return None
        out.append(q)
    return out


def _monomial_if_unit_multiple(N, R):
    """x^α when N = x^α·u with u(0) ≠ 0 (the same local ideal), else N."""
    mons = list(N.itermonoms())
    alpha = tuple(min(m[i] for m in mons) for i in range(len(mons[0])))
    return R({alpha: 1}) if alpha in N.itermonoms() else N


def _substitution_cost(ring_gens, block: Block, S, sol, det) -> int:
    """Σ over the other generators of #terms · (largest #sol)^d · #det^(D−d): a bound on the products."""
    width, dt = max(len(x.terms()) for x in sol) if sol else 1, len(det.terms())
    total = 0
    for i, h in enumerate(ring_gens):
        if i in block.generators:
            continue
        D = max(sum(mon[s] for s in S) for mon in h.itermonoms())
        for mon in h.itermonoms():
            d = sum(mon[s] for s in S)
            total += max(1, width) ** d * dt ** (D - d)
    return total


def _substitute(h, S, sol, det, R, cache: dict):
    """det^D · h(u_S = sol/det), D the degree of h in u_S: a polynomial free of u_S.

    Terms are grouped by their exponents in u_S, so each product Π sol^a · det^(D−|a|) (cached across
    generators) is formed once and multiplied by a small coefficient polynomial."""
    D = max(sum(mon[s] for s in S) for mon in h.itermonoms())
    groups: dict = {}
    for mon, c in h.terms():
        pattern = tuple(mon[s] for s in S)
        rest = tuple(0 if i in S else e for i, e in enumerate(mon))
        groups.setdefault(pattern, {})[rest] = c
    total = R.zero
    for pattern, coeff in groups.items():
        key = (pattern, D - sum(pattern))
        if key not in cache:
            product = det ** key[1]
            for k, a in enumerate(pattern):
                if a:
                    product *= sol[k] ** a
            cache[key] = product
        total += R(coeff) * cache[key]
    return total


def unit_candidates(det, inherited: Sequence, R) -> list:
    """Units to divide the substituted generators by: the inherited units of earlier blocks (their factors
    survive into later generators), then the irreducible factors of what is left of det C once they are
    divided out (factored only when small: multivariate factoring of a large determinant costs more than the
    substitution), or that rest itself. All are nonzero at the point: inherited ones by induction, the rest
    since det C(0) ≠ 0."""
    found, rest = [], det
    for u in inherited:
        if u.is_ground or u in found:
            continue
        found.append(u)
        q = exact_quotient(rest, u)
        while q is not None:
            rest = q
            q = exact_quotient(rest, u)
    if rest.is_ground:
        return found
    if len(rest.terms()) > MAX_FACTOR_TERMS:
        return found + [rest]
    _, factors = rest.factor_list()
    return found + [f for f, _ in factors if not f.is_ground]


def check_block(P: Problem, block_json: dict, parts: list[Problem], units_json: Sequence) -> None:
    """Recompute a block elimination from P with the recorded units (each checked to be nonzero at the point:
    dividing by such a polynomial keeps the local ideal) and require the recorded parts (raises
    CertificateError)."""
    from .newton import CertificateError

    names = P.variables
    try:
        block = Block(tuple(int(i) for i in block_json["generators"]),
                      tuple(names.index(v) for v in block_json["variables"]))
        units = [Polynomial.from_json(names, u) for u in units_json]
    except (KeyError, ValueError, TypeError) as exc:
        raise CertificateError(f"malformed block ({exc})") from None
    if not P.is_sos or len(set(block.generators)) != len(block.generators) or \
            len(set(block.variables)) != len(block.variables) or len(block.generators) != len(block.variables) \
            or not block.generators or any(not 0 <= i < len(P.generators) for i in block.generators):
        raise CertificateError("the block is not a set of generators with as many distinct variables")
    if any(P.prior[j] for j in block.variables):
        raise CertificateError("a block variable carries a prior exponent")
    zero = (0,) * len(names)
    if any(zero not in u.terms for u in units):
        raise CertificateError("a divided-out factor vanishes at the point: it is not a unit")
    if any(set(u.terms) == {zero} for u in units):
        # dividing by a constant never ends (the remainder is always 0); the engine records none
        raise CertificateError("a divided-out factor is a constant")
    R, _ = _ring(names)
    ring_gens = [to_ring_element(g, R) for g in P.generators]
    rows = [_linear_split(ring_gens[i], list(block.variables), R) for i in block.generators]
    if any(r is None for r in rows):
        raise CertificateError("a block generator is not jointly linear in the block variables")
    if any(dict(r[1].terms()).get(zero) for r in rows):
        raise CertificateError("a block generator does not vanish at the point")
    det = _det([r[0] for r in rows], R)
    if not dict(det.terms()).get(zero):
        raise CertificateError("the block's coefficient matrix is singular at the point")
    found = eliminate_block(P, block, units=units, guard=False)
    if found is None or found[0] != parts:
        raise CertificateError("the parts are not the block elimination of the generators")
