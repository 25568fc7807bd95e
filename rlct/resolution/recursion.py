"""Search for a resolution tree in any number of variables: blow-ups of coordinate subspaces and triangular
coordinate changes over fibre sets (the moves and their soundness: :mod:`rlct.resolution.blowup`).

At each node the search first simplifies — a generator c·u_k + g (c without zero on F) becomes the
coordinate u_k (``unit-eliminate``), a generator u^e·(c·u_k + g) with constant c gets the adapted coordinate
u_k + g/c (``substitute``), free coordinates along which the generators are weighted homogeneous join the
fibre set's zero coordinates (``scaling``, :mod:`.scaling`) — until the node is a leaf or nothing applies. Where
F is more than a point and the generators' common zeros on F are finitely many rational points (the origin
among them, possibly), it translates to them (below); otherwise it blows up a smallest set S of
coordinates meeting every term of every generator (so every generator vanishes on the centre; ties: most
coordinates of Z, then the first in order) and recurses into every chart and every component of the fibre
set's preimage. A node that is an earlier finished node with its coordinates renamed becomes a reference to
it (``same``, :mod:`.symmetry`): symmetric models meet the same chart many times. Each node records its state,
its steps and its conclusion, so the checker
(:mod:`rlct.resolution.tree_check`) re-derives everything without searching.

Where no centre exists (a generator with a constant term), the search cuts F into slices {u_t = r} when a
generator is a product of one-coordinate polynomials on F with rational real roots, or else translates to the
common real zeros on F when they are finitely many and rational (:mod:`rlct.resolution.points`), or else
divides a generator by a factor whose zeros are slices or smooth and apart from everything else, or makes
a generator that is such a smooth q on F a coordinate near its zeros (``zeros``, the rest of F taking the
origin's candidate; :mod:`rlct.resolution.divide`), or, when the common zeros on F are finitely many but
some irrational, translates to the rational ones and closes each irrational one by a Newton leaf over its
number field (``algebraic``, :mod:`rlct.resolution.algebraic`), or, last, drops the coordinates of the
monomial that have no zero where the generators vanish on F (``units``, :mod:`rlct.resolution.points`), so
that those moves can be tried again; and where a generator's slices on F sit at irrational roots, the node is
sliced there and each slice searched over its number field (``field-slices``, :mod:`.field_nodes`,
:mod:`.field_tree`); and where a coordinate of the monomial vanishes on the zeros only over finitely many slices,
the node is searched on the slices and with that coordinate's factors dropped, a rule on the values deciding
what counts (``units-off-slices``, :mod:`.unit_slices`); and where a factor of a generator meets the zeros only
over finitely many slices, the node is searched on those slices and with the generator divided by the factor
(``factor-off-slices``, :mod:`.factor_slices`). A smooth generator's coordinate that other generators use becomes the
generator by a substitution through them (:mod:`rlct.resolution.graph`).

On budget expiry (``deadline``, ``max_nodes``), past ``MAX_DEPTH`` or size limits, or where no move applies
(e.g. the strict transform vanishes on a curve of F through irrational points, or at an irrational point
where the translated problem is Newton-degenerate) the branch is left
``unresolved``. The result is then an ``upper_bound``: every resolved leaf's value is (λ_p, m_p) of a real
point p of π⁻¹(0) (its origin, or its smooth witness), or at least that (Lin order) for a translation node's
remainder and for a leaf below a ``divide`` quotient, and λ ≤ λ_p for every such point; no unresolved branch
is ever used for a number.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> gens = [parse(s, ["a", "b", "c", "d"]) for s in ("a*c + b*d", "a*d")]
>>> r = blowup_strategy(Problem.from_generators(gens))
>>> r.lam, r.m, r.status
(Fraction(3, 4), 1, 'exact')
"""
from __future__ import annotations

import sys
import time
from fractions import Fraction
from itertools import combinations
from math import comb

from ..poly import fraction_str
from ..problem import Problem
from ..result import LC
from ..strategies import lower_bound
from ..toric import candidate_pole

from .algebraic import algebraic_leaf, algebraic_points, point_record, rational_point
from .blowup import MoveError, Node, blowup_chart, fibre_components, leaf_value, root_node
from .field_nodes import algebraic_child, irrational_slices, slice_child
from .field_tree import expand_field
from .factor_slices import factor_off_slices
from .unit_slices import decide, slice_entries, units_off_slices, without_unit
from .divide import (divide_roots, quotient_node, smooth_child, smooth_factor, smooth_generator,
                     univariate_factor)
from .graph import graph_child
from .points import fibre_points, find_slices, slice_node, translate, units_dropped, units_on_zeros
from .simplify import simplify, too_large
from .symmetry import NodeMemo

MAX_NODES = 3000
MAX_DEPTH = 40
COVERING = ("blow-ups of coordinate subspaces, every chart j of the centre over all of R^n (no box), each "
            "node's fibre set {u_Z = 0} contained in the preimage of the point, the children's fibre sets "
            "covering the chart's preimage of the parent's; triangular changes u_k -> u_k + g with unit "
            "Jacobian mapping the fibre set onto itself")


def blowup_strategy(P: Problem, deadline: float | None = None, max_nodes: int = MAX_NODES,
                    progress: bool | None = None, scaling: bool = True, symmetry: bool = True) -> LC | None:
    """Exact (λ, m) by a tree of blow-ups and coordinate changes, or a proved upper bound, or None.

    ``progress`` shows a tqdm bar on stderr (default: when stderr is a terminal). ``scaling=False`` leaves out
    the ``scaling`` move (:mod:`.scaling`): it sends every chart to its most singular points, which is what
    closes most trees, but where a tree stays open the points it drops may have carried a smaller bound.

    Examples
    --------
    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> r = blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4")))
    >>> r.lam, r.m, r.status
    (Fraction(1, 2), 3, 'exact')
    """
    if P.K.is_zero() or (0,) * P.nvars in P.K.terms:
        return None
    gens, scale = (list(P.generators), 2) if P.is_sos else ([P.K], 1)
    search = _Search(deadline, max_nodes, progress, scaling, symmetry)
    try:
        tree = search.node(root_node(gens, P.prior, scale), 0)
    except (ValueError, ArithmeticError, MemoryError, RecursionError):
        # e.g. a translation by a root with a long denominator makes coefficients of thousands of digits,
        # past Python's int-to-str limit when the node is recorded: no result here, the engine keeps its bound
        return None
    finally:
        search.close()
    if not search.leaves:
        return None
    lam, m = combine(search.leaves)
    complete = search.unresolved == 0
    cert = {"kind": "blowup", "problem": P.to_json(), "scale": scale, "tree": tree, "lambda": fraction_str(lam),
            "m": m, "complete": complete, "nodes": search.count,
            "references": search.references, "covering": COVERING}
    # an incomplete tree still carries the cheap certified lower bound 1/ord(K) (rlct.strategies.lower_bound)
    lower = None if complete else min(lower_bound(P), lam)
    return LC(lam, m, "exact" if complete else "upper_bound", "blowup", lower, P.variables, cert)


def combine(leaves) -> tuple:
    """Lin-minimum of leaf values: the smallest λ, and the largest m among the leaves attaining it.

    >>> from fractions import Fraction
    >>> combine([(Fraction(1, 2), 1), (Fraction(1, 2), 2), (Fraction(1), 3)])
    (Fraction(1, 2), 2)
    """
    lam = min(v for v, _ in leaves)
    return lam, max(m for v, m in leaves if v == lam)


class _Search:
    def __init__(self, deadline, max_nodes, progress, scaling=True, symmetry=True):
        self.deadline, self.max_nodes, self.scaling = deadline, max_nodes, scaling
        self.count, self.unresolved, self.leaves = 0, 0, []
        self.memo = NodeMemo(deadline) if symmetry else None
        self.ids = self.references = self.cutoffs = 0
        show = sys.stderr.isatty() if progress is None else progress
        self.bar = None
        if show:
            from tqdm import tqdm
            self.bar = tqdm(total=max_nodes, desc="blow-ups", unit="node", file=sys.stderr, leave=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def out_of_budget(self) -> bool:
        return self.count >= self.max_nodes or (self.deadline is not None and time.monotonic() > self.deadline)

    def node(self, S: Node, depth: int) -> dict:
        """The subtree of S, or a reference to an earlier node that is S with its coordinates renamed."""
        found = self.memo.find(S) if self.memo is not None else None
        if found is not None:
            ident, renaming, value, unresolved = found
            self.references += 1
            if value is not None:
                self.leaves.append(value)
            self.unresolved += bool(unresolved)
            return {"state": S.to_json(), "same": {"node": ident, "renaming": renaming}}
        leaves, unresolved, cutoffs = len(self.leaves), self.unresolved, self.cutoffs
        out = self._expand(S, depth)
        # a subtree cut by the budget or the depth limit is not reused: elsewhere it might get further
        if self.memo is not None and self.cutoffs == cutoffs and "unresolved" not in out:
            out["id"] = self.ids = self.ids + 1
            value = combine(self.leaves[leaves:]) if len(self.leaves) > leaves else None
            self.memo.add(S, self.ids, value, self.unresolved - unresolved)
        return out

    def _expand(self, S: Node, depth: int) -> dict:
        if too_large(S):
            self.unresolved += 1
            return {"state": S.to_json(), "unresolved": "size"}
        out = {"state": S.to_json()}
        if self.out_of_budget() or depth > MAX_DEPTH:
            self.unresolved += 1
            self.cutoffs += 1
            out["unresolved"] = "budget" if depth <= MAX_DEPTH else "depth"
            return out
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
        before = S
        try:
            S, steps, leaf = simplify(S, self.deadline, self.scaling)
            value = None if leaf is None else leaf_value(S, leaf)
        except MoveError:  # a step's precondition failed: leave the branch open rather than guess
            self.unresolved += 1
            out["unresolved"] = "error"
            return out
        out["steps"] = steps
        if too_large(S):
            self.unresolved += 1
            out["unresolved"] = "size"
            return out
        if value is not None:
            self.leaves.append(value)
            out["leaf"] = leaf | {"lambda": fraction_str(value[0]), "m": value[1]}
            return out
        centre = choose_centre(S)
        if centre is not None and len(S.zero) < len(S.kappa) and (points := fibre_points(S)):
            # the zeros on F are a few rational points: go to them before blowing up F's centre. At a point
            # a coefficient that vanishes elsewhere on F (c = 2x² − 4 in c·y + x², zero at x = ±√2) is a
            # unit and the generator becomes a coordinate; blown up instead, such a node swells chart after
            # chart. (The origin may be one of the points: the module docstring of .points covers that.)
            out["translate"] = self.translations(S, points, depth)
            return out
        if centre is None:
            cut = find_slices(S)
            points = None if cut is not None else fibre_points(S)
            factor = zeros = algebraic = None
            if cut is None and points is None:
                factor = univariate_factor(S) or smooth_factor(S)
                zeros = None if factor is not None else smooth_generator(S)
                algebraic = None if factor is not None or zeros is not None else algebraic_points(S)
            if cut is not None:
                out["slices"] = self.slices(S, cut, depth)
            elif points is not None:
                out["translate"] = self.translations(S, points, depth)
            elif factor is not None:
                out["divide"] = self.divide(S, factor, depth)
            elif zeros is not None:
                out["zeros"] = self.zeros(S, zeros, depth)
            elif algebraic is not None:
                out["algebraic"] = self.algebraic(S, algebraic, depth)
            elif units := units_on_zeros(S):
                out["units"] = self.units(S, units, depth)
            elif (irrational := irrational_slices(S)) is not None:
                out["field-slices"] = self.field_slices(S, irrational, depth)
            elif (found := units_off_slices(S)) is not None:
                out["units-off-slices"] = self.units_off_slices(S, found, depth)
            elif (found := factor_off_slices(S)) is not None:
                out["factor-off-slices"] = self.factor_off_slices(S, found, depth)
            elif steps and choose_centre(before) is None and (cut := find_slices(before)) is not None:
                # the simplification hid a generator's slices (a substitution mixed its coordinate with
                # others): slice the node as it came, without the steps
                out["steps"] = []
                out["slices"] = self.slices(before, cut, depth)
            elif steps and choose_centre(before) is None and (irrational := irrational_slices(before)) is not None:
                out["steps"] = []
                out["field-slices"] = self.field_slices(before, irrational, depth)
            else:
                self.unresolved += 1
                out["unresolved"] = "no centre"
            return out
        names = S.variables
        transforms = [(j, blowup_chart(S, centre, j)) for j in centre]
        if any(C.gens == S.gens for _, C in transforms):
            # a chart gives the node back with a larger κ: blowing up this centre would repeat forever
            other = smallest_centre(S)
            if other is not None and other != centre:
                centre = other
                transforms = [(j, blowup_chart(S, centre, j)) for j in centre]
        charts = []
        for j, C in transforms:
            kids = [self.node(Node(C.gens, C.kappa, C.eta, Z, C.scale), depth + 1)
                    for Z in fibre_components(S.zero, centre, j)]
            charts.append({"chart": names[j], "children": kids})
        out["blowup"] = {"centre": [names[i] for i in centre], "charts": charts}
        return out

    def rest(self, S: Node) -> dict | None:
        """The origin's monomial candidate for the part of F off the points or slices (module docstring)."""
        rest = candidate_pole(S.kappa, S.eta, S.scale)
        if rest is not None:
            self.leaves.append(rest)
        return None if rest is None else {"lambda": fraction_str(rest[0]), "m": rest[1]}

    def translations(self, S: Node, points: list, depth: int) -> dict:
        names = S.variables
        return {"rest": self.rest(S),
                "points": [{"at": point_json(names, p), "node": self.node(translate(S, p), depth + 1)}
                           for p in points]}

    def algebraic(self, S: Node, points: list, depth: int) -> dict:
        """Rational points are translated as usual; an irrational one is a Newton leaf over its field, or open."""
        names, entries = S.variables, []
        for F, point in points:
            if F.d == 1:
                p = rational_point(F, point)
                entries.append({"at": point_json(names, p), "node": self.node(translate(S, p), depth + 1)})
                continue
            entry = point_record(names, F, point)
            leaf = algebraic_leaf(S, F, point)
            if leaf is None:
                # degenerate at the point: search on over its field (:mod:`.field_nodes`)
                entry["node"] = expand_field(self, algebraic_child(S, F, point), depth + 1)
            else:
                self.leaves.append((leaf["lambda"], leaf["m"]))
                entry["leaf"] = leaf | {"lambda": fraction_str(leaf["lambda"])}
            entries.append(entry)
        return {"rest": self.rest(S), "points": entries}

    def divide(self, S: Node, factor, depth: int) -> dict:
        if isinstance(factor, tuple):  # a factor q(u_t) with rational roots: slices at them
            i, t, q = factor
            out = {"generator": i, "factor": q.to_json(), "variable": S.variables[t],
                   "slices": [{"at": fraction_str(r), "node": self.node(slice_node(S, t, r), depth + 1)}
                              for r in divide_roots(S, t, q)]}
        else:
            i, q = factor["generator"], factor["q"]
            out = {"generator": i, "factor": q.to_json()}
            if factor.get("unit"):
                out["unit"] = True
            else:
                names, k = S.variables, factor["coordinate"]
                out["smooth"] = {"coordinate": names[k],
                                 "positive": point_json(names, factor["positive"]),
                                 "negative": point_json(names, factor["negative"]),
                                 "node": self.node(smooth_child(S, i, q, k), depth + 1)}
        out["quotient"] = self.node(quotient_node(S, i, q), depth + 1)
        return out

    def zeros(self, S: Node, found: dict, depth: int) -> dict:
        names, i, k = S.variables, found["generator"], found["coordinate"]
        out = {"generator": i, "coordinate": names[k], "rest": self.rest(S),
               "positive": point_json(names, found["positive"]), "negative": point_json(names, found["negative"])}
        if found.get("substitute"):
            out["substitute"] = True
            child = graph_child(S, i, k)
        else:
            child = smooth_child(S, i, found["q"], k, whole=True)
        return out | {"node": self.node(child, depth + 1)}

    def units(self, S: Node, units: list, depth: int) -> dict:
        return {"coordinates": [S.variables[t] for t in units], "rest": self.rest(S),
                "node": self.node(units_dropped(S, units), depth + 1)}

    def field_slices(self, S: Node, found: tuple, depth: int) -> dict:
        """Slices at a generator's roots on F, some irrational: those searched over Q(θ) (:mod:`.field_nodes`)."""
        i, rational, irrational = found
        names = S.variables
        return {"generator": i, "rest": self.rest(S),
                "slices": [{"variable": names[t], "at": fraction_str(r),
                            "node": self.node(slice_node(S, t, r), depth + 1)} for t, r in rational]
                + [{"variable": names[t], "field": F.to_json(),
                    "node": expand_field(self, slice_child(S, t, F), depth + 1)} for t, F in irrational]}

    def units_off_slices(self, S: Node, found: tuple, depth: int) -> dict:
        """B (the slices), C (u_t's factors dropped) and C on the slices; C's leaves count only where the rule
        of :mod:`.unit_slices` says so."""
        t, s, cuts = found
        rest = self.rest(S)
        B, value_B, _ = self._slices_apart(S, s, cuts, depth, keep=True)
        start, open_before = len(self.leaves), self.unresolved
        C = self.node(without_unit(S, t), depth + 1)
        leaves_C, open_C = self.leaves[start:], self.unresolved - open_before
        del self.leaves[start:]
        self.unresolved = open_before
        CB, value_CB, open_CB = self._slices_apart(without_unit(S, t), s, cuts, depth, keep=False)
        value_C = combine(leaves_C) if leaves_C else None
        case = decide(value_B, value_C, open_C == 0, value_CB, open_CB == 0,
                      None if rest is None else (Fraction(rest["lambda"]), rest["m"]))
        if case == "C":
            self.leaves.extend(leaves_C)
            self.unresolved += open_C
        elif case == "open":
            self.unresolved += 1
        return {"coordinate": S.variables[t], "slice": S.variables[s], "rest": rest, "slices": B,
                "unit-dropped": C, "unit-dropped-slices": CB, "case": case}

    def factor_off_slices(self, S: Node, found: tuple, depth: int) -> dict:
        """The slices where the factor meets the zeros, and the quotient (:mod:`.factor_slices`)."""
        i, q, s, cuts = found
        slices, _, _ = self._slices_apart(S, s, cuts, depth, keep=True)
        return {"generator": i, "factor": q.to_json(), "slice": S.variables[s], "slices": slices,
                "quotient": self.node(quotient_node(S, i, q), depth + 1)}

    def _slices_apart(self, S: Node, s: int, cuts: list, depth: int, keep: bool) -> tuple:
        """The slices' subtrees, their leaves' Lin-minimum and open branches; with keep=False their leaves and
        open branches are taken back off the books."""
        start, open_before = len(self.leaves), self.unresolved
        entries = []
        for record, child in slice_entries(S, s, cuts):
            node = self.node(child, depth + 1) if isinstance(child, Node) else expand_field(self, child, depth + 1)
            entries.append(record | {"node": node})
        leaves, opened = self.leaves[start:], self.unresolved - open_before
        value = combine(leaves) if leaves else None
        if not keep:
            del self.leaves[start:]
            self.unresolved = open_before
        return entries, value, opened

    def slices(self, S: Node, cut: tuple, depth: int) -> dict:
        i, cuts = cut
        return {"generator": i, "rest": self.rest(S),
                "slices": [{"variable": S.variables[t], "at": fraction_str(r),
                            "node": self.node(slice_node(S, t, r), depth + 1)} for t, r in cuts]}


def point_json(names, point: dict) -> dict:
    return {names[i]: fraction_str(v) for i, v in sorted(point.items())}


def choose_centre(S: Node) -> tuple[int, ...] | None:
    """A smallest set of ≥ 2 coordinates meeting every term of every generator (None if a term is constant)."""
    return centre_for(_term_supports(S), len(S.kappa), S.zero)


def centre_for(terms: set, n: int, zero) -> tuple[int, ...] | None:
    """:func:`choose_centre` from the terms' supports (each a tuple of coordinates), n coordinates and the
    fibre set's zero coordinates."""
    if () in terms:
        return None
    present = sorted({i for t in terms for i in t})
    examined = 0
    for size in range(1, len(present) + 1):
        best = None
        if examined + comb(len(present), size) > CENTRE_SEARCH_LIMIT:
            # exhaustive minimum hitting sets are exponential (RRR 6×6×3 has 36 coordinates); any hitting
            # set is a valid centre, the minimum is only a heuristic, so go greedy
            centre = _greedy_hitting_set(terms, zero)
            return centre if len(centre) >= 2 else _pad_centre(centre, n)
        examined += comb(len(present), size)
        for cand in combinations(present, size):
            cs = set(cand)
            if all(cs.intersection(t) for t in terms):
                key = (-len(cs & zero), cand)
                best = key if best is None or key < best else best
        if best is not None:
            centre = best[1]
            if len(centre) == 1:  # a single coordinate divides every term: normalisation took it out
                return _pad_centre(centre, n)
            return centre
    return None


CENTRE_SEARCH_LIMIT = 20_000


def _term_supports(S: Node) -> set:
    """The coordinates of each term of each generator (a centre must meet every one)."""
    return {tuple(i for i, k in enumerate(e) if k) for g in S.gens for e in g.terms}


def _pad_centre(centre: tuple[int, ...], n: int) -> tuple[int, ...] | None:
    extra = next((i for i in range(n) if i not in centre), None)
    return None if extra is None else tuple(sorted(centre + (extra,)))


def smallest_centre(S: Node) -> tuple[int, ...] | None:
    """A smallest set of ≥ 2 coordinates meeting every term (ties: most fibre coordinates), by a 0/1 program
    (scipy's HiGHS); None if there is none or the program fails.

    The search uses it where :func:`choose_centre`'s set gives a chart equal to the node itself (with a
    larger κ), which would repeat without end: in a chart of the deep linear network [2,3,3,2] at rank 0 the
    greedy set had eight coordinates, and six coordinates of one matrix close the tree. It is not the
    default: for reduced-rank regression the greedy centres give far smaller trees. Floats are harmless
    here: the set is checked to meet every term, and any such set is a valid centre.

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c", "d", "e"]
    >>> S = Node((parse("a*c + b*d + e*c", names), parse("a*d + b*c", names)), (0,) * 5, (0,) * 5,
    ...          frozenset(range(5)), 2)
    >>> [names[i] for i in smallest_centre(S)]
    ['c', 'd']
    """
    terms = _term_supports(S)
    if () in terms:
        return None
    present = sorted({i for t in terms for i in t})
    centre = _smallest_hitting_set(terms, present, S.zero)
    if centre is None:
        return None
    return centre if len(centre) >= 2 else _pad_centre(centre, len(S.kappa))


def _smallest_hitting_set(terms: set, present: list[int], zero) -> tuple[int, ...] | None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    rows = [t for t in terms]
    A = np.zeros((len(rows), len(present)))
    column = {v: k for k, v in enumerate(present)}
    for r, t in enumerate(rows):
        for v in t:
            A[r, column[v]] = 1
    cost = np.array([len(present) + 1 - (v in zero) for v in present], dtype=float)
    try:
        res = milp(cost, constraints=LinearConstraint(A, lb=1), integrality=np.ones(len(present)),
                   bounds=Bounds(0, 1), options={"time_limit": MILP_SECONDS})
    except (ValueError, RuntimeError):
        return None
    if res.x is None:
        return None
    centre = tuple(v for v, x in zip(present, res.x) if x > 0.5)
    return centre if all(set(centre).intersection(t) for t in terms) else None


MILP_SECONDS = 1.0


def _greedy_hitting_set(terms: set, zero: frozenset | set) -> tuple[int, ...]:
    """Coordinates picked one at a time, each meeting the most terms not yet met (fibre coordinates first)."""
    left, chosen = [t for t in terms], []
    while left:
        counts = {}
        for t in left:
            for i in t:
                counts[i] = counts.get(i, 0) + 1
        i = max(counts, key=lambda j: (counts[j], j in zero, -j))
        chosen.append(i)
        left = [t for t in left if i not in t]
    return tuple(sorted(chosen))
