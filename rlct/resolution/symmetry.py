"""Nodes that are the same local problem up to renaming the coordinates (the search resolves one of them).

A node's value — the Lin-minimum of the local (λ_p, m_p) over its fibre set F — depends only on its data:
the generators as a set (each up to sign when K is their sum of squares: ±g give the same ideal), κ, η,
the zero coordinates Z of F and the scale. A permutation σ of the coordinates is a linear automorphism with
Jacobian ±1 that maps F onto σ(F), u^κ and |u^η| onto the permuted monomials, and the generators onto their
permuted versions; so two nodes whose data agree after σ have the same value, and when one node's subtree is
resolved (or ends in bounds) the other takes its value without a subtree of its own. Symmetric models such
as reduced-rank regression meet the same chart again and again (every chart of a blow-up of a centre with
symmetric coordinates), so this cuts the tree by large factors.

The search finds the renaming (:class:`NodeMemo`: a colour-refinement invariant first, then a graph
isomorphism by networkx's VF2 among nodes of equal invariant); the checker only needs :func:`same_node`,
which applies the stated renaming and compares the data in exact arithmetic.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["a", "b", "c"]
>>> A = Node((parse("a*b + c", names),), (2, 0, 0), (0, 0, 0), frozenset({0, 1}), 2)
>>> B = Node((parse("-a*c - b", names),), (2, 0, 0), (0, 0, 0), frozenset({0, 2}), 2)
>>> memo = NodeMemo()
>>> memo.add(A, 7, ((1, 1), 1), 0)
>>> memo.find(B)
(7, {'a': 'a', 'b': 'c', 'c': 'b'}, ((1, 1), 1), 0)
>>> same_node(A, B, {"a": "a", "b": "c", "c": "b"})
True
"""
from __future__ import annotations

import functools
import time
from fractions import Fraction

from ..poly import Polynomial
from .blowup import Node

ROUNDS = 3
MAX_GRAPH_TERMS = 4000  # past this many terms a node is not compared (VF2 time grows with the graph)
MAX_MATCH_STEPS = 200_000
MAX_CANDIDATES = 8  # nodes of one invariant compared with a new one (more would mostly be VF2 failures)


def renamed(S: Node, renaming: dict[str, str], names: tuple[str, ...]) -> Node:
    """S with its coordinates renamed (``renaming`` maps each of S's names to one of ``names``, a bijection).

    >>> from rlct.poly import parse
    >>> S = Node((parse("x**2 + y", ["x", "y"]),), (1, 0), (0, 3), frozenset({0}), 2)
    >>> T = renamed(S, {"x": "y", "y": "x"}, ("x", "y"))
    >>> str(T.gens[0]), T.kappa, T.eta, sorted(T.zero)
    ('x + y**2', (0, 1), (3, 0), [1])
    """
    old = S.variables
    if sorted(renaming) != sorted(old) or sorted(renaming.values()) != sorted(names) or len(names) != len(old):
        raise ValueError("the renaming is not a bijection between the two nodes' coordinates")
    to = [names.index(renaming[v]) for v in old]
    n = len(names)

    def move(values):
        out = [0] * n
        for i, x in enumerate(values):
            out[to[i]] = x
        return tuple(out)

    gens = tuple(Polynomial(names, {move(e): c for e, c in g.terms.items()}) for g in S.gens)
    return Node(gens, move(S.kappa), move(S.eta), frozenset(to[i] for i in S.zero), S.scale)


def same_node(reference: Node, S: Node, renaming: dict[str, str]) -> bool:
    """Is S the reference node with its coordinates renamed (generators as a set, each up to sign at scale 2)?"""
    try:
        R = renamed(reference, renaming, S.variables)
    except ValueError:
        return False
    if (R.scale, R.kappa, R.eta, R.zero) != (S.scale, S.kappa, S.eta, S.zero) or len(R.gens) != len(S.gens):
        return False
    return _generator_set(R) == _generator_set(S)


def _generator_set(S: Node) -> frozenset:
    def key(g: Polynomial):
        terms = sorted(g.terms.items())
        if S.scale == 2 and terms and terms[-1][1] < 0:  # ±g: the same ideal
            terms = [(e, -c) for e, c in terms]
        return tuple(terms)

    return frozenset(key(g) for g in S.gens)


def colours(S: Node) -> tuple[list[int], list[int]]:
    """Colour refinement: each coordinate's colour (from Z, κ, η and how it enters the generators' terms,
    refined ROUNDS times) and each generator's (sign-free at scale 2); equal under any renaming."""
    n = len(S.kappa)
    colour = [hash((i in S.zero, S.kappa[i], S.eta[i])) for i in range(n)]
    signed = S.scale == 1
    gens = [[(tuple((i, k) for i, k in enumerate(e) if k), c if signed else abs(c)) for e, c in g.terms.items()]
            for g in S.gens]
    gen_colour: list[int] = []
    for _ in range(ROUNDS):
        term_colour = [[hash((c, tuple(sorted((colour[i], k) for i, k in support)))) for support, c in terms]
                       for terms in gens]
        gen_colour = [hash(tuple(sorted(tc))) for tc in term_colour]
        seen: list[list] = [[] for _ in range(n)]
        for j, terms in enumerate(gens):
            for (support, _), tc in zip(terms, term_colour[j]):
                for i, k in support:
                    seen[i].append((gen_colour[j], tc, k))
        colour = [hash((colour[i], tuple(sorted(seen[i])))) for i in range(n)]
    return colour, gen_colour


class NodeMemo:
    """Resolved nodes by invariant; :meth:`find` returns (id, renaming, value, unresolved) of an equal one."""

    def __init__(self, deadline: float | None = None):
        self.table: dict = {}
        self.deadline = deadline

    def add(self, S: Node, ident: int, value, unresolved: int) -> None:
        if _size(S) > MAX_GRAPH_TERMS:
            return
        colour, gen_colour = colours(S)
        self.table.setdefault(_key(S, colour, gen_colour), []).append((S, colour, ident, value, unresolved))

    def find(self, S: Node):
        if _size(S) > MAX_GRAPH_TERMS:
            return None
        colour, gen_colour = colours(S)
        for R, R_colour, ident, value, unresolved in self.table.get(_key(S, colour, gen_colour), ())[:MAX_CANDIDATES]:
            renaming = _isomorphism(R, R_colour, S, colour, self.deadline)
            if renaming is not None and same_node(R, S, renaming):
                return ident, renaming, value, unresolved
        return None


def _size(S: Node) -> int:
    return sum(len(g.terms) for g in S.gens)


def _key(S: Node, colour: list[int], gen_colour: list[int]) -> tuple:
    return S.scale, len(S.kappa), len(S.gens), tuple(sorted(colour)), tuple(sorted(gen_colour))


class _GiveUp(Exception):
    pass


def _isomorphism(R: Node, R_colour: list[int], S: Node, S_colour: list[int],
                 deadline: float | None = None) -> dict[str, str] | None:
    """A renaming of R's coordinates onto S's that maps R's data onto S's, found by VF2 (None if none, or if
    VF2 has not found one after MAX_MATCH_STEPS candidate pairs or by the deadline: a missed reference only
    costs a subtree)."""
    matcher = _matcher_class()(_graph(R, R_colour), _graph(S, S_colour), deadline,
                               node_match=lambda a, b: a["c"] == b["c"], edge_match=lambda a, b: a["k"] == b["k"])
    try:
        mapping = next(matcher.isomorphisms_iter(), None)
    except _GiveUp:
        return None
    if mapping is None:
        return None
    names_R, names_S = R.variables, S.variables
    return {names_R[a[1]]: names_S[b[1]] for a, b in mapping.items() if a[0] == "v"}


@functools.cache
def _matcher_class():
    from networkx.algorithms.isomorphism import GraphMatcher

    class CountedMatcher(GraphMatcher):
        """VF2 that gives up after MAX_MATCH_STEPS candidate pairs or past the search's deadline. The count
        sits in the syntactic test, which every pair meets first: pairs that fail it never reach node_match,
        and a search made only of those ran for seconds past the resolution's deadline."""

        def __init__(self, G1, G2, deadline, **match):
            super().__init__(G1, G2, **match)
            self.steps, self.deadline = 0, deadline

        def syntactic_feasibility(self, G1_node, G2_node):
            self.steps += 1
            if self.steps > MAX_MATCH_STEPS or (self.steps % 256 == 0 and self.deadline is not None
                                                and time.monotonic() > self.deadline):
                raise _GiveUp
            return super().syntactic_feasibility(G1_node, G2_node)

    return CountedMatcher


def _graph(S: Node, colour: list[int]):
    """Coordinates, generators (a pair ±g at scale 2, so that VF2 may flip a sign) and their terms."""
    import networkx as nx

    G = nx.Graph()
    for i, c in enumerate(colour):
        G.add_node(("v", i), c=("v", c))
    signs = (1, -1) if S.scale == 2 else (1,)
    for j, g in enumerate(S.gens):
        G.add_node(("p", j), c="p")
        for s in signs:
            G.add_node(("g", j, s), c="g")
            G.add_edge(("p", j), ("g", j, s), k=0)
            for e, c in g.terms.items():
                t = ("t", j, s, e)
                G.add_node(t, c=("t", Fraction(s) * c))
                G.add_edge(("g", j, s), t, k=0)
                for i, k in enumerate(e):
                    if k:
                        G.add_edge(t, ("v", i), k=k)
    return G
