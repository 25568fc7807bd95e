"""The coordinate changes a node of the blow-up search tries before it blows up (:mod:`.recursion`).

:func:`simplify` applies, until the node is a leaf or nothing applies: ``unit-eliminate`` (a generator
c·u_k + g with c nonzero on the fibre set becomes the coordinate u_k), ``substitute`` (a generator
u^e·(c·u_k + g) with constant c gets the adapted coordinate u_k + g/c, once per coordinate), ``factor-eliminate``
(the same with c not constant but without zero on the fibre set: c·u_k + g becomes the coordinate) and
``power-eliminate`` (a generator c0·s^p with s as for unit-eliminate: u_k' = s makes it u_k'^p), a shift of a free
coordinate that makes a coefficient of a fibre monomial that coordinate, and — when nothing else applies and
the node is no leaf — ``drop`` (a generator another divides, a monomial included), ``reduce`` (g_j − c·g_i
where that removes a coordinate from g_j; the division tries lex orders with each of g_i's free coordinates
first) and ``scaling`` (free coordinates along which the generators are weighted homogeneous
join the fibre set's zero coordinates, :mod:`.scaling`). A coordinate is shifted once per chain, again
after a drop, reduce or scaling only where the shift adds no terms. The moves
themselves and their soundness are in :mod:`.blowup`; :func:`apply_step` re-applies a recorded step (the
checker uses it too).

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S, steps, leaf = simplify(Node((parse("(y + 2*z)**2", names), parse("x*z", names)), (0, 0, 0), (0, 0, 0),
...                                 frozenset({0, 1, 2}), 2))
>>> [s["move"] for s in steps], [str(g) for g in S.gens]
(['power-eliminate'], ['y**2', 'x*z'])
"""
from __future__ import annotations

import time
from dataclasses import replace

from ..poly import Polynomial, _ring, from_ring_element, to_ring_element
from ..toric import common_monomial, divide_monomial
from .blowup import (MAX_FACTOR_DEGREE, MoveError, Node, definite, drop_multiple, eliminate, factor_eliminate,
                     leaf_reason, power_eliminate, reduce_generator, restricted, split_linear, substitute,
                     unit_eliminate)
from .scaling import restrict_by_scaling, scaling_weights

MAX_SIMPLIFY = 24
MAX_TERMS = 200
MAX_BITS = 160


SIMPLIFY_SWELL = 100
# moves after which a coordinate already shifted in this chain may be shifted again (:class:`_Shifted`)
RENEWING = ("scaling", "drop", "reduce")
MAX_ELIMINATION_COST = 2_000_000


def _elimination_cost(S: Node, step: dict) -> int:
    """An upper bound on the monomial products of a unit elimination: Σ_h Σ_p #h_p · #g^p · #c^(d−p)."""
    k = S.variables.index(step["variable"])
    h = S.gens[int(step["generator"])]
    split = split_linear(divide_monomial(h, common_monomial([h])), k)
    if split is None:
        return 0
    c, g = (len(part.terms) for part in split)
    total = 0
    for h in S.gens:
        degrees: dict = {}
        for e in h.terms:
            degrees[e[k]] = degrees.get(e[k], 0) + 1
        d = max(degrees)
        total += sum(n * g ** p * c ** (d - p) for p, n in degrees.items() if p)
    return total


def too_large(S: Node, factor: int = 1) -> bool:
    """Generators past factor·MAX_TERMS terms or factor·MAX_BITS-bit coefficients: the branch is left unresolved."""
    terms, bits = factor * MAX_TERMS, factor * MAX_BITS
    return any(len(g.terms) > terms or any(abs(c.numerator).bit_length() > bits or
                                            c.denominator.bit_length() > bits for c in g.terms.values())
               for g in S.gens)


def simplify(S: Node, deadline: float | None = None, scaling: bool = True) -> tuple[Node, list, dict | None]:
    """Apply coordinate changes until a leaf or nothing applies; returns the node, the steps, the leaf reason.

    Stops early (no leaf) when the generators outgrow the size limits or the deadline passes: eliminations
    can swell the generators (measured: RRR 6×6×4 at rank 3 spent minutes in one chain of them)."""
    steps: list = []
    used = _Shifted()
    for _ in range(MAX_SIMPLIFY):
        leaf = leaf_reason(S, groebner_ok=False)
        if leaf is not None:
            return S, steps, leaf
        move = (_linear_generator(S) or _adapted_factor(S, used) or _coefficient_shift(S, used)
                or _power_generator(S))
        if move is None:
            # a leaf by Groebner basis or smooth witness comes before shrinking the fibre set, which could
            # put a smooth leaf's free coordinates into Z
            leaf = leaf_reason(S, groebner_ok=True)
            if leaf is not None:
                return S, steps, leaf
            move = _multiple_generator(S) or _reduction(S) or (_scaling(S) if scaling else None)
            if move is None:
                return S, steps, None
        for step in move:
            if step["move"] in ("unit-eliminate", "factor-eliminate") \
                    and _elimination_cost(S, step) > MAX_ELIMINATION_COST:
                return S, steps, None  # one such product can run for minutes (RRR 6×6×4 at rank 3)
            S = used.applied(S, step)
            steps.append(step)
            if step["move"] in RENEWING:
                used.renew()
            # intermediate swell is often transient (RRR 6×6×3 at rank 3 shrinks back), so only a runaway
            # far past the node limits or the deadline stops the chain
            if too_large(S, SIMPLIFY_SWELL) or (deadline is not None and time.monotonic() > deadline):
                return S, steps, None
    return S, steps, leaf_reason(S, groebner_ok=True)


def apply_step(S: Node, step: dict) -> Node:
    """One recorded coordinate change or ideal move (also used by the checker)."""
    names = S.variables
    if step["move"] == "scaling":
        weights = step["weights"]
        if not isinstance(weights, dict) or any(v not in names or type(w) is not int for v, w in weights.items()):
            raise MoveError(f"scaling weights must map coordinates to integers: {weights!r}")
        return restrict_by_scaling(S, {names.index(v): w for v, w in weights.items()})
    if step["move"] == "reduce":
        if type(step["generator"]) is not int or type(step["by"]) is not int:
            raise MoveError(f"reduce needs integer generator indices: {step!r}")
        return reduce_generator(S, step["generator"], step["by"], Polynomial.from_json(names, step["multiplier"]))
    if step["move"] == "drop":
        if type(step["generator"]) is not int or type(step["by"]) is not int:
            raise MoveError(f"drop needs integer generator indices: {step!r}")
        return drop_multiple(S, step["generator"], step["by"])
    k = names.index(step["variable"])
    if step["move"] == "substitute":
        return substitute(S, k, Polynomial.from_json(names, step["shift"]))
    moves = {"eliminate": eliminate, "unit-eliminate": unit_eliminate, "factor-eliminate": factor_eliminate}
    if step["move"] in moves:
        return moves[step["move"]](S, _generator_index(S, step), k)
    if step["move"] == "power-eliminate":
        if type(step["power"]) is not int:
            raise MoveError(f"power-eliminate needs an integer power: {step!r}")
        return power_eliminate(S, _generator_index(S, step), k, Polynomial.from_json(names, step["root"]),
                               step["power"])
    raise MoveError(f"unknown move {step['move']!r}")


def _generator_index(S: Node, step: dict) -> int:
    i = step["generator"]
    if type(i) is not int or not 0 <= i < len(S.gens):
        raise MoveError(f"{step['move']} names no generator of the node: {step!r}")
    return i


def _may_shift(S: Node, k: int, g: Polynomial) -> bool:
    if S.kappa[k] or S.eta[k]:
        return False
    return k not in S.zero or all(any(e[i] for i in S.zero) for e in g.terms)


def _shift_step(S: Node, k: int, c, g: Polynomial) -> dict:
    neg = Polynomial(g.variables, {e: -d / c for e, d in g.terms.items()})
    return {"move": "substitute", "variable": S.variables[k], "shift": neg.to_json()}


def _linear_generator(S: Node) -> list | None:
    """A generator c·u_k + g with c nonzero on F: make it the coordinate u_k (``unit-eliminate``)."""
    if S.scale != 2:
        return None
    order = sorted(range(len(S.kappa)), key=lambda k: (k not in S.zero, k))
    unit_of = lambda k: tuple(int(j == k) for j in range(len(S.kappa)))
    for i, h in enumerate(S.gens):
        for k in order:
            split = split_linear(h, k)
            if split is None or not _may_shift(S, k, split[1]) or not _nonzero_on_fibre(S, split[0]):
                continue
            others = any(e[k] for j, g in enumerate(S.gens) if j != i for e in g.terms)
            if set(h.terms) == {unit_of(k)} and not others:
                continue
            return [{"move": "unit-eliminate", "generator": i, "variable": S.variables[k]}]
    return None


def _power_generator(S: Node) -> list | None:
    """A generator c0·s^p (p ≥ 2, squarefree decomposition) with s = c·u_k + g, c nonzero on F: the new
    coordinate u_k' = s makes it u_k'^p (``power-eliminate``). Without it a square of a smooth function sends
    the search after the function's Taylor series, one blow-up and slice at a time."""
    if S.scale != 2:
        return None
    R, _ = _ring(S.variables)
    order = sorted(range(len(S.kappa)), key=lambda k: (k not in S.zero, k))
    for i, h in enumerate(S.gens):
        if (len(h.terms) < 3 or len(h.terms) > MAX_POWER_TERMS or max(sum(e) for e in h.terms) > MAX_POWER_DEGREE
                or not _may_be_power(h)):
            continue
        _, parts = to_ring_element(h, R).sqf_list()
        if len(parts) != 1 or parts[0][1] < 2:
            continue
        root, p = from_ring_element(parts[0][0], S.variables), parts[0][1]
        for k in order:
            split = split_linear(root, k)
            if split is None or not _may_shift(S, k, split[1]) or not _nonzero_on_fibre(S, split[0]):
                continue
            return [{"move": "power-eliminate", "generator": i, "variable": S.variables[k], "root": root.to_json(),
                     "power": p}]
    return None


MAX_POWER_TERMS = 40   # a squarefree decomposition of a 4-variable chart with ~100 terms took 0.9 s
MAX_POWER_DEGREE = 120  # and of a trinomial of degree 1424 (deep in a chain of charts) 57 s, past any deadline


def _may_be_power(h: Polynomial) -> bool:
    """A cheap necessary condition for h = c·s^p, p ≥ 2: the highest and lowest degree in every coordinate
    and the total degree share a factor p (a squarefree decomposition can take a second per node)."""
    from math import gcd

    g = max(sum(e) for e in h.terms)
    for j in range(h.nvars):
        degrees = [e[j] for e in h.terms]
        g = gcd(g, max(degrees), min(degrees))
    return g >= 2


def _nonzero_on_fibre(S: Node, c: Polynomial) -> bool:
    return definite(restricted(replace(S, gens=(c,)))[0])


def _adapted_factor(S: Node, used: "_Shifted") -> list | None:
    """A generator u^e·(c·u_k + g), g ≠ 0: the coordinate change u_k → u_k − g/c for a constant c, or the new
    coordinate c·u_k + g (``factor-eliminate``) for c without zero on F (once per coordinate)."""
    for i, h in enumerate(S.gens):
        mono = common_monomial([h])
        q = divide_monomial(h, mono)
        if len(q.terms) < 2:
            continue
        for k in range(len(S.kappa)):
            split = split_linear(q, k)
            if k in used.used or split is None or split[1].is_zero() or not _may_shift(S, k, split[1]):
                continue
            c = split[0]
            if len(c.terms) == 1 and not sum(next(iter(c.terms))):
                step = _shift_step(S, k, next(iter(c.terms.values())), split[1])
            elif S.scale == 2 and not mono[k] and _nonzero_on_fibre(S, c):
                step = {"move": "factor-eliminate", "generator": i, "variable": S.variables[k]}
            else:
                continue
            if used.take(S, k, step):
                return [step]
    return None


class _Shifted:
    """The coordinates shifted in one chain of moves. Each is shifted once; after a ``scaling``, ``drop`` or
    ``reduce`` a factor may have appeared that needs the same coordinate shifted again, and that is allowed
    where the shift adds no terms (deep linear networks need it; unchecked, the generators of DLN [2,3,3,2]
    swelled until the search ran out of nodes)."""

    def __init__(self):
        self.used: set = set()
        self.renewed: set = set()
        self.refused: set = set()    # trial shifts that added terms, until the node changes
        self.trial = None            # (step, node after it) of the last accepted trial

    def take(self, S: Node, k: int, step: dict) -> bool:
        if k in self.renewed:
            key = (step["move"], step["variable"], repr(step.get("shift")))
            if key in self.refused:
                return False
            after = apply_step(S, step)
            if _term_count(after) > _term_count(S):
                self.refused.add(key)
                return False
            self.trial = (step, after)
        self.used.add(k)
        self.renewed.discard(k)
        return True

    def applied(self, S: Node, step: dict) -> Node:
        """S after ``step``, reusing the trial's node; any applied step makes earlier refusals stale."""
        trial, self.trial, self.refused = self.trial, None, set()
        return trial[1] if trial is not None and trial[0] is step else apply_step(S, step)

    def renew(self) -> None:
        self.renewed |= self.used
        self.used.clear()


def _term_count(S: Node) -> int:
    return sum(len(g.terms) for g in S.gens)


def _scaling(S: Node) -> list | None:
    """Free coordinates along which the generators are weighted homogeneous join Z (``scaling``)."""
    weights = scaling_weights(S)
    if weights is None:
        return None
    return [{"move": "scaling", "weights": {S.variables[i]: w for i, w in sorted(weights.items()) if w}}]


def _coefficient_shift(S: Node, used: "_Shifted") -> list | None:
    """A free coordinate t entering some coefficient c_β (h = Σ_β u_Z^β·c_β(u_T), β ≠ 0) as c·u_t + g,
    c constant: the shift u_t → u_t − g/c makes that coefficient c·u_t (once per coordinate). After a
    blow-up of a matrix in reduced-rank regression the coefficients are ã_hj − ã_hl·ã_kj; the shift makes
    them coordinates and the chart a smaller product again."""
    if not S.zero or len(S.zero) == len(S.kappa):
        return None
    for h in S.gens:
        for coeff in _fibre_coefficients(S, h):
            for t in range(len(S.kappa)):
                if t in S.zero or t in used.used or S.kappa[t] or S.eta[t]:
                    continue
                split = split_linear(coeff, t)
                if split is None or len(split[0].terms) != 1 or sum(next(iter(split[0].terms))) \
                        or split[1].is_zero():
                    continue
                step = _shift_step(S, t, next(iter(split[0].terms.values())), split[1])
                if used.take(S, t, step):
                    return [step]
    return None


def _fibre_coefficients(S: Node, h: Polynomial) -> list[Polynomial]:
    """The coefficients c_β(u_T) of the monomials u_Z^β, β ≠ 0, of h."""
    groups: dict = {}
    for e, c in h.terms.items():
        beta = tuple(k if i in S.zero else 0 for i, k in enumerate(e))
        if any(beta):
            rest = tuple(0 if i in S.zero else k for i, k in enumerate(e))
            groups.setdefault(beta, {})[rest] = c
    return [Polynomial(h.variables, terms) for terms in groups.values() if len(terms) > 1]


def _multiple_generator(S: Node) -> list | None:
    """A generator that another divides (``drop``): it only hides the other's structure from the leaf tests
    (deep linear networks leave w·q beside q)."""
    if S.scale != 2 or len(S.gens) < 2:
        return None
    R, _ = _ring(S.variables)
    n = len(S.kappa)
    degrees = [[max(e[v] for e in g.terms) for v in range(n)] for g in S.gens]
    lows = [[min(e[v] for e in g.terms) for v in range(n)] for g in S.gens]
    for j, g in enumerate(S.gens):
        for i, h in enumerate(S.gens):
            if i == j or len(h.terms) > len(g.terms) \
                    or any(a > b for a, b in zip(degrees[i], degrees[j])) \
                    or any(a > b for a, b in zip(lows[i], lows[j])):
                continue
            _, rem = divmod(to_ring_element(g, R), to_ring_element(h, R))
            if not rem:
                return [{"move": "drop", "generator": j, "by": i}]
    return None


def _reduction(S: Node) -> list | None:
    """A generator g_j that loses a free coordinate by division by a generator g_i with a constant term
    (``reduce``, g_j − c·g_i): z² − 3y² beside 1 − 2y² becomes z² − 3/2, and the two smooth factors then sit
    in separate coordinates. The division runs in lex order, then in lex orders that put one of g_i's free
    coordinates first (which term of g_i leads decides what the division can remove)."""
    if S.scale != 2 or len(S.gens) < 2:
        return None
    zero = (0,) * len(S.kappa)
    if any(sum(e) > MAX_FACTOR_DEGREE for g in S.gens for e in g.terms):
        return None  # lex division of deep-chart polynomials can run far past the search's deadline
    for i, q in enumerate(S.gens):
        if zero not in q.terms or len(q.terms) < 2:
            continue
        free = sorted({k for e in q.terms for k, a in enumerate(e) if a} - S.zero)
        for order in [None] + [_LexFirst(k, len(zero)) for k in free]:
            step = _reduction_in(S, i, _ring(S.variables, order)[0])
            if step is not None:
                return step
    return None


def _reduction_in(S: Node, i: int, R) -> list | None:
    qr = to_ring_element(S.gens[i], R)
    for j, g in enumerate(S.gens):
        if j == i:
            continue
        c, rem = divmod(to_ring_element(g, R), qr)
        if not c or not rem:
            continue
        before = {k for e in g.terms for k, a in enumerate(e) if a}
        after = {k for e in rem.itermonoms() for k, a in enumerate(e) if a}
        if after < before:
            return [{"move": "reduce", "generator": j, "by": i,
                     "multiplier": from_ring_element(c, S.variables).to_json()}]
    return None


class _LexFirst:
    """The lex monomial order with coordinate k first, then the others in their order (sympy's rings take
    any key function as order; equality and hash make rings built with equal orders compare equal)."""

    def __init__(self, k: int, n: int):
        self.perm = (k,) + tuple(j for j in range(n) if j != k)

    def __call__(self, monomial: tuple) -> tuple:
        return tuple(monomial[j] for j in self.perm)

    def __eq__(self, other) -> bool:
        return isinstance(other, _LexFirst) and other.perm == self.perm

    def __hash__(self) -> int:
        return hash(self.perm)
