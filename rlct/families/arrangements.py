"""Real central hyperplane arrangements: f = Π_j ℓ_j^{s_j} with linear forms ℓ_j (REFERENCE §4).

Kosta & Windisch (arXiv 2411.13392): RLCT(|f|) = min over flats X of codim(X) / Σ_{j: H_j ⊇ X} s_j,
and m is the length of the longest chain of flats attaining the minimum. For K = f², λ = RLCT/2.
Flats are found with exact rational linear algebra; the inclusion order is a networkx DAG.

Examples
--------
>>> r = arrangement([[1, 0], [0, 1], [1, 1], [1, -1]])      # (xy(x+y)(x−y))²
>>> r.lam, r.m
(Fraction(1, 4), 1)
>>> arrangement([[1, 0], [0, 1]]).m                          # (xy)²: two flats of ratio 1 in a chain
2
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import networkx as nx

from ..errors import InputError
from ..lp import exact_rank as _rank
from ..result import LC

KOSTA_WINDISCH = "Kosta & Windisch 2024, 'Real log canonical thresholds of hyperplane arrangements', arXiv 2411.13392"
MAX_FORMS = 16


def flats(forms: Sequence[Sequence[Fraction]]) -> dict[frozenset, int]:
    """Every nonzero flat as {set of hyperplanes containing it: codimension}.

    >>> sorted((sorted(s), c) for s, c in flats([[1, 0], [0, 1], [1, 1]]).items())
    [([0], 1), ([0, 1, 2], 2), ([1], 1), ([2], 1)]
    """
    rows = [list(f) for f in forms]

    def closure(idx: frozenset) -> frozenset:
        r = _rank([rows[i] for i in idx])
        return frozenset(j for j in range(len(rows)) if _rank([rows[i] for i in idx] + [rows[j]]) == r)

    found = {closure(frozenset([j])) for j in range(len(rows))}
    frontier = set(found)
    while frontier:
        new = set()
        for a in frontier:
            for b in found:
                c = closure(a | b)
                if c not in found and c not in new:
                    new.add(c)
        found |= new
        frontier = new
    return {s: _rank([rows[i] for i in s]) for s in found}


def arrangement(linear_forms: Sequence[Sequence], multiplicities: Sequence[int] | None = None) -> LC:
    """λ and m of K = (Π_j ℓ_j^{s_j})² at the origin for a central real arrangement."""
    forms = [[Fraction(x) for x in f] for f in linear_forms]
    if not forms or len({len(f) for f in forms}) != 1 or any(all(x == 0 for x in f) for f in forms):
        raise InputError("arrangement needs nonzero linear forms of one common length")
    if len(forms) > MAX_FORMS:
        raise InputError(f"size beyond budget: at most {MAX_FORMS} linear forms")
    s = [1] * len(forms) if multiplicities is None else [int(k) for k in multiplicities]
    if len(s) != len(forms) or any(k < 1 for k in s):
        raise InputError("multiplicities must be positive integers, one per linear form")
    lattice = flats(forms)
    ratio = {X: Fraction(codim, sum(s[j] for j in X)) for X, codim in lattice.items()}
    best = min(ratio.values())
    attaining = [X for X, q in ratio.items() if q == best]
    order = nx.DiGraph()
    order.add_nodes_from(attaining)
    # X ⊂ Y as subspaces iff the hyperplane set of Y is contained in that of X
    order.add_edges_from((a, b) for a in attaining for b in attaining if a != b and a < b)
    m = nx.dag_longest_path_length(order) + 1
    params = {"linear_forms": [[str(x) for x in f] for f in forms], "multiplicities": s}
    cert = {"kind": "family:arrangement", "params": params, "theorem": KOSTA_WINDISCH,
            "case": f"rlct(|f|) = {best} at {len(attaining)} flat(s)"}
    return LC(best / 2, m, "exact", "family:arrangement", None, (), cert)
