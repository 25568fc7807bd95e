"""``learning_coefficient()``: rules first (including the quadratic split), then the Newton value with its
non-degeneracy certificate, then the single-generator rule, then resolution: plane curves in 2 variables;
in ≥ 3, coordinate changes read off degenerate faces (:mod:`rlct.adapted`) and blow-ups (for generators the
blow-ups first). The best certified result wins.

Results combine conservatively: sums add bounds, products take minima, and ``exact`` is reported
only when every part it rests on is exact.

Examples
--------
>>> r = learning_coefficient("x**2*y**2 + x**4 + y**6")
>>> r.lam, r.m, r.status
(Fraction(1, 2), 2, 'exact')
>>> learning_coefficient("(y - x**2)**2 + x**6").lam        # degenerate for Newton (≤ 3/4): plane curves
Fraction(2, 3)
>>> learning_coefficient("(x**2 - 2*y**3 + z**5)**2 + x**2*y**2*z**2", time_limit=5).status   # open: a bound
'upper_bound'
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

from .inputs import to_problem
from .poly import Polynomial, fraction_str
from .problem import Problem
from .result import LC
from . import rules
from .strategies import lower_bound, newton_strategy, single_generator_strategy


BLOWUP_SECONDS = 60.0
BLOWUP_NODES_PER_SECOND = 150   # measured: 140 nodes/s on RRR 4×4×4 at rank 0 (2 cores, one busy)


@dataclass
class Budget:
    """Wall-clock deadline shared by one run (None: no limit), and how deep the costlier searches may go.

    ``adapt_depth`` bounds nested coordinate changes (:mod:`rlct.adapted`); ``blowups`` is off inside that
    search, so each candidate change costs rules, Newton and plane curves only.
    """

    deadline: float | None = None
    adapt_depth: int = 3
    blowups: bool = True

    @classmethod
    def seconds(cls, time_limit: float | None) -> "Budget":
        return cls(None if time_limit is None else time.monotonic() + float(time_limit))

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def learning_coefficient(K, at: Mapping[str, object] | None = None, prior: Mapping[str, object] | None = None,
                         variables: Sequence[str] | None = None, time_limit: float | None = None,
                         rationalize: bool = False) -> LC:
    """Watanabe's learning coefficient λ (and m) of K ≥ 0 at the point ``at`` with prior |w^h|.

    ``K`` is a string (``^`` allowed), a sympy expression, a :class:`~rlct.poly.Polynomial`, or a
    :class:`~rlct.poly.SumOfSquares` of generators. ``prior={"x": 2}`` means φ ∝ |x|² near the point.

    Examples
    --------
    >>> r = learning_coefficient("x**2*y**2", at={"x": 1})      # smooth there: (λ, m) = (1/2, 1)
    >>> r.lam, r.m
    (Fraction(1, 2), 1)
    >>> from rlct.poly import SumOfSquares
    >>> r = learning_coefficient(SumOfSquares(["a*b", "c*d"]))
    >>> r.lam, r.m, r.method
    (Fraction(1, 1), 3, 'rule:sum')
    >>> learning_coefficient("a**2*b**2", prior={"a": 1, "b": 1}).lam
    Fraction(1, 1)
    """
    P = to_problem(K, at, prior, variables, rationalize)
    return solve_input(P, K, at, prior, rationalize, Budget.seconds(time_limit))


def solve_input(P: Problem, K, at, prior, rationalize: bool, budget: Budget) -> LC:
    """:func:`solve` on the validated problem, then — if that is not exact in ≥ 3 variables and K was typed
    as a positive combination of squares — the ideal of those squares (:func:`_positive_squares`)."""
    result = solve(P, budget)
    if not result.is_exact and P.nvars >= 3 and not budget.expired():
        as_ideal = _positive_squares(K, P, at, prior, rationalize, budget)
        if as_ideal is not None:
            result = _better(result, as_ideal)
    return result


def _positive_squares(K, P: Problem, at, prior, rationalize: bool, budget: Budget) -> LC | None:
    """K typed as Σ c_j g_j² (c_j > 0): solve the ideal ⟨g_j⟩ instead (same λ, m; rlct.squares).

    Only a fallback for ≥ 3 variables: the blow-up search works on generators, and the structure is gone
    once K is expanded (measured: (x·y − z²)² + x⁴y² written as squares keeps its generators).
    """
    from .poly import SumOfSquares
    from .squares import weighted_squares

    squares = weighted_squares(K, P.variables, rationalize)
    if squares is None or len(squares) < 2:
        return None  # one square is the power rule's case, already tried
    Q = to_problem(SumOfSquares([g for _, g in squares]), at, prior, P.variables, rationalize)
    part = solve(Q, budget)
    cert = {"kind": "rule:positive-squares", "problem": P.to_json(),
            "weights": [fraction_str(c) for c, _ in squares], "parts": [part.certificate]}
    return LC(part.lam, part.m, part.status, part.method, part.lower, P.variables, cert)


def solve(P: Problem, budget: Budget) -> LC:
    """The best certified result for a validated problem at the origin."""
    free = rules.free_variables(P)
    if free:
        keep = [i for i in range(P.nvars) if i not in free]
        return _relabel(solve(P.restrict(keep), budget), P, "rule:free-variables",
                        {"dropped": [P.variables[i] for i in free]})
    groups = rules.disjoint_components(P)
    if len(groups) > 1:
        return combine_sum(P, [solve(sub, budget) for sub in rules.split_sum(P, groups)])
    nc = rules.normal_crossing(P)
    if nc is not None:
        return LC(nc[0], nc[1], "exact", "rule:normal-crossing", None, P.variables,
                  {"kind": "rule:normal-crossing", "problem": P.to_json()})
    j = rules.regular_generator(P)
    if j is not None:
        return LC(Fraction(1, 2), 1, "exact", "rule:regular", None, P.variables,
                  {"kind": "rule:regular", "problem": P.to_json(), "variable": P.variables[j]})
    factored = _factor_rule(P, budget)
    if factored is not None:
        return factored
    split = rules.quadratic_split(P)
    if split is not None:
        return combine_sum(P, [solve(sub, budget) for sub in split], "rule:quadratic-split")
    eliminated = _block_elimination(P, budget)
    if eliminated is not None:
        return eliminated
    changed = _matrix_change(P, budget)
    if changed is not None:
        return changed
    return _newton_then_single(P, budget)


def _block_elimination(P: Problem, budget: Budget) -> LC | None:
    """Generators linear in a block of variables with an invertible matrix become coordinates
    (:mod:`rlct.elimination`): λ = k/2 + λ(rest), m = m(rest).

    Blocks are eliminated one after another first; the chain is kept only if it ends on a problem that matrix
    changes bring to at most twice P's size (the substitutions can swell the generators: RRR 6×6×5 at rank 3),
    within the time limit, and without a block of its own. Then the last problem is solved and the
    certificates nest back up."""
    from .elimination import eliminate_block, find_block

    chain, Q, units = [], P, []
    while not budget.expired():
        block = find_block(Q)
        found = None if block is None else eliminate_block(Q, block, inherited=units, deadline=budget.deadline)
        if found is None:
            break
        chain.append((Q, block, found))
        if len(found[0]) < 2:
            break
        Q = found[0][1]
        # a later block's det C usually contains the earlier ones: divide by them rather than factor again
        units = [u for u in (_on_variables(u, Q.variables) for u in units + found[1]) if u is not None]
    if not chain or budget.expired():
        return None
    final_parts = chain[-1][2][0]
    if len(final_parts) > 1 and _size(_after_matrix_changes(final_parts[1], 2 * _size(P))) > 2 * _size(P):
        return None
    last = None
    for Q, block, (parts, units) in reversed(chain):
        solved = [solve(parts[0], budget)] + ([last if last is not None else solve(parts[1], budget)]
                                              if len(parts) > 1 else [])
        r = combine_sum(Q, solved, "rule:block-elimination")
        record = {"generators": list(block.generators), "variables": [Q.variables[j] for j in block.variables]}
        last = r.with_certificate(r.certificate | {"block": record, "units": [u.to_json() for u in units]})
    return last


def _after_matrix_changes(Q: Problem, target: int) -> Problem:
    """Q after matrix changes (:mod:`rlct.matrix_change`) while it is larger than ``target`` terms and one
    applies: RRR 6×6×6 at rank 3 ends its chain on 1323 terms, which three changes bring to 27."""
    from .matrix_change import find_matrix_change

    while _size(Q) > target:
        change = find_matrix_change(Q)
        if change is None:
            break
        Q = change.child
    return Q


def _on_variables(p: Polynomial, names: tuple[str, ...]) -> Polynomial | None:
    """p on the variables ``names`` (a subset of its own), or None if p uses another variable."""
    index = [p.variables.index(v) for v in names]
    moved = {tuple(e[i] for i in index): c for e, c in p.terms.items()}
    if sum(sum(e) for e in p.terms) != sum(sum(e) for e in moved):
        return None
    return Polynomial(names, moved)


def _matrix_change(P: Problem, budget: Budget) -> LC | None:
    """Generators meeting a group x only as z·M(y)·x, M invertible at the point: x' = M·x
    (:mod:`rlct.matrix_change`) makes them z·x'; λ and m are those of the new problem."""
    from .matrix_change import find_matrix_change

    change = find_matrix_change(P)
    if change is None:
        return None
    return _relabel(solve(change.child, budget), P, "rule:matrix-change", {"change": change.to_json()})


def _size(P: Problem) -> int:
    return sum(len(g.terms) for g in P.generators) if P.is_sos else len(P.K.terms)


def _newton_then_single(P: Problem, budget: Budget) -> LC:
    """Newton with its certificate, then the single-generator rule, then plane curves (2 variables) or
    blow-ups with coordinate changes (≥ 3 variables, :mod:`rlct.resolution.recursion`)."""
    newton = best = newton_strategy(P, budget.deadline)
    tried = ["newton"]
    if not best.is_exact and not budget.expired():
        single = single_generator_strategy(P, budget.deadline)
        tried.append("single-generator")
        if single is not None:
            best = _better(best, single)
    if not best.is_exact and P.nvars == 2 and not budget.expired():
        from .resolution import plane_curve_strategy
        tried.append("plane-curve")
        plane = plane_curve_strategy(P, budget.deadline)
        if plane is not None:
            best = _better(best, plane)
    # K given by generators: the blow-up search (which eliminates linear parts itself) first; K itself:
    # the cheap coordinate changes first, since blow-ups of one polynomial rarely close
    order = (_blowups, _adapted) if P.is_sos else (_adapted, _blowups)
    for strategy in order:
        if not best.is_exact and P.nvars >= 3 and not budget.expired():
            found = strategy(P, newton, budget, tried)
            if found is not None:
                best = _better(best, found)
    return best.with_certificate(best.certificate | {"tried": tried})


def _adapted(P: Problem, newton: LC, budget: Budget, tried: list) -> LC | None:
    """Coordinate changes read off the degenerate faces (:mod:`rlct.adapted`)."""
    if budget.adapt_depth <= 0:
        return None
    from .adapted import adapted_strategy
    tried.append("coordinate-change")
    return adapted_strategy(P, newton.certificate, solve, budget)


def _blowups(P: Problem, newton: LC, budget: Budget, tried: list) -> LC | None:
    """Blow-ups with coordinate changes over fibre sets (:mod:`rlct.resolution.recursion`)."""
    if not budget.blowups:
        return None
    from .resolution.recursion import MAX_NODES, blowup_strategy
    tried.append("blowup")
    # without a time limit the search still stops after BLOWUP_SECONDS (then: a certified upper bound); with
    # one, and coordinate changes still to try after it (generators), it gets half of what is left: a search
    # that keeps finding moves can use it all, where the changes often close the case in a second
    now = time.monotonic()
    nodes = MAX_NODES
    if budget.deadline is None:
        deadline = now + BLOWUP_SECONDS
    else:
        if P.is_sos and budget.adapt_depth > 0:
            deadline = now + (budget.deadline - now) / 2
        else:
            deadline = budget.deadline
        # a caller who gives time gets the nodes to use it: RRR 4×4×4 at rank 0 needs about 19 000
        nodes = max(MAX_NODES, int(BLOWUP_NODES_PER_SECOND * (deadline - now)))
    found = _checked_tree(blowup_strategy(P, deadline, max_nodes=nodes))
    if found is not None and not found.is_exact and time.monotonic() < deadline:
        # the tree stayed open before its budget ran out: without the scaling move the search keeps the points
        # that move drops, whose leaves can give a smaller bound ((x² − 2y² + z³)² + x²y²z²: 5/8 against 2/3)
        tried.append("blowup-unscaled")
        other = _checked_tree(blowup_strategy(P, deadline, max_nodes=nodes, scaling=False))
        if other is not None:
            found = _better(found, other)
    if found is not None and not found.is_exact and time.monotonic() < deadline:
        # where moves tie the search takes the first coordinate, so the order of the variables steers it:
        # the reversed order closes 7 of the 28 trees that stay open among 150 random 5-variable ideals
        tried.append("blowup-reordered")
        Q = P.restrict(tuple(reversed(range(P.nvars))))
        other = _checked_tree(blowup_strategy(Q, deadline, max_nodes=nodes))
        if other is not None:
            found = _better(found, _relabel(other, P, "reordered", {}))
    return found


def _checked_tree(found: LC | None) -> LC | None:
    """The search's result once its certificate has passed the checker, which re-derives every node from the
    stored tree (references included) and must prove the same (λ, m, complete); otherwise nothing.

    The moves are the same functions in both, but the bookkeeping (leaves, references, completeness) is not,
    and a wrong-but-confident answer is the one failure this library must not have. With references the
    check is cheap: RRR 4×4×4 at rank 0 takes 0.24 s against 3.9 s of search."""
    if found is None:
        return None
    from .newton import CertificateError
    from .resolution.tree_check import verify_blowup_certificate

    try:
        proved = verify_blowup_certificate(found.certificate)
    except (CertificateError, ValueError, ArithmeticError, RecursionError):
        return None
    return found if proved == (found.lam, found.m, found.is_exact) else None


def _better(a: LC, b: LC) -> LC:
    """The sharper of two certified results on the same problem: exact first, then the smaller
    upper bound, then the larger lower bound. One whole result is kept, so every number it reports
    is proved by its own certificate."""
    def key(r: LC):
        return (not r.is_exact, r.lam, -(r.lower if r.lower is not None else -1))
    return min((a, b), key=key)


def _relabel(child: LC, P: Problem, kind: str, extra: dict) -> LC:
    cert = {"kind": kind, "problem": P.to_json(), "parts": [child.certificate]} | extra
    return LC(child.lam, child.m, child.status, child.method, child.lower, P.variables, cert)


def combine_sum(P: Problem, parts: list[LC], kind: str = "rule:sum") -> LC:
    """Disjoint-variable sum: λ = Σ λ_i, m = Σ m_i − (c − 1) (Lin 2017, Prop 3.7)."""
    exact = all(r.is_exact for r in parts)
    lam = sum((r.lam for r in parts), Fraction(0))
    m = sum(r.m for r in parts) - (len(parts) - 1)
    lowers = [r.lower for r in parts]
    lower = sum(lowers, Fraction(0)) if all(x is not None for x in lowers) else lower_bound(P)
    cert = {"kind": kind, "problem": P.to_json(), "parts": [r.certificate for r in parts]}
    return LC(lam, m, "exact" if exact else "upper_bound", kind, None if exact else lower,
              P.variables, cert)


def combine_product(P: Problem, parts: list[LC], kind: str = "rule:product") -> LC:
    """Disjoint-variable product: λ = min λ_i, m = Σ m_i over the minimisers.

    Exact when every part is exact, or when the smallest part is exact and strictly below every
    other part's lower bound.
    """
    lam = min(r.lam for r in parts)
    m = sum(r.m for r in parts if r.lam == lam)
    winners = [r for r in parts if r.lam == lam]
    others_above = all(r.lower is not None and r.lower > lam for r in parts if r.lam != lam)
    exact = all(r.is_exact for r in parts) or (all(r.is_exact for r in winners) and others_above)
    lowers = [r.lower for r in parts]
    lower = min(lowers) if all(x is not None for x in lowers) else lower_bound(P)
    cert = {"kind": kind, "problem": P.to_json(), "parts": [r.certificate for r in parts]}
    return LC(lam, m, "exact" if exact else "upper_bound", kind, None if exact else lower,
              P.variables, cert)


def _factor_rule(P: Problem, budget: Budget) -> LC | None:
    """Unit factors, disjoint factor groups and common powers of K (or of the single generator)."""
    single_gen = P.is_sos and len(P.generators) == 1
    if P.is_sos and not single_gen:
        return None
    target = P.generators[0] if single_gen else P.K
    F = rules.factorize(target)
    if F is None or not F.factors:
        return None
    make = (lambda poly: Problem.from_generators([poly], P.prior)) if single_gen else \
        (lambda poly: Problem.from_polynomial(poly, P.prior))
    if F.units:
        child = make(rules.expand_product(P.variables, F.factors, F.sign))
        cert_extra = {"unit": rules.expand_product(P.variables, F.units).to_json()}
        return _relabel(solve(child, budget), P, "rule:unit-factor", cert_extra)
    groups = rules.factor_groups(F.factors)
    if len(groups) > 1:
        return _product_of_groups(P, F, groups, budget, single_gen)
    e = rules.common_power(F.factors)
    if e < 2:
        return None
    base = rules.expand_product(P.variables, [(g, k // e) for g, k in F.factors])
    return _power_rule(P, base, F.sign, e, single_gen, budget)


def _product_of_groups(P, F, groups, budget, single_gen) -> LC:
    from .errors import InputError

    parts, signs = [], 1
    for grp in groups:
        G = rules.expand_product(P.variables, grp)
        sign = 1 if single_gen else rules.vertex_sign(G)
        signs *= sign
        if sign < 0:
            G = rules.expand_product(P.variables, grp, -1)
        sub = Problem.from_generators([G], P.prior) if single_gen else Problem.from_polynomial(G, P.prior)
        used = sorted({i for g, _ in grp for e in g.terms for i, k in enumerate(e) if k})
        parts.append(solve(sub.restrict(used), budget))
    if not single_gen and signs != F.sign:
        raise InputError("K is negative near the point: its factors have opposite constant signs")
    return combine_product(P, parts)


def _power_rule(P: Problem, base, sign: int, e: int, single_gen: bool, budget: Budget) -> LC:
    """K = base^e: λ = λ(base)/e; for even e and sign-changing base, λ = λ(base²)/(e/2)."""
    if single_gen:  # K = f², f = base^e: λ(f²) = λ(base²)/e
        child, divisor = Problem.from_generators([base], P.prior), e
    elif e % 2 == 0:
        child, divisor = Problem.from_generators([base], P.prior), e // 2
    else:
        child = Problem.from_polynomial(rules.expand_product(P.variables, [(base, 1)], sign), P.prior)
        divisor = e
    r = solve(child, budget)
    cert = {"kind": "rule:power", "problem": P.to_json(), "power": divisor, "parts": [r.certificate]}
    return LC(r.lam / divisor, r.m, r.status, "rule:power",
              None if r.lower is None else r.lower / divisor, P.variables, cert)


def describe(r: LC) -> list[str]:
    """Human summary lines of a result: value, status, method, principal face (for the CLI)."""
    if r.is_exact:
        head, m_line = f"λ = {fraction_str(r.lam)}", f"m = {r.m}"
    elif r.lower == r.lam:  # λ is pinned; only the multiplicity is uncertified
        head, m_line = f"λ = {fraction_str(r.lam)}", f"m = {r.m} (not certified)"
    else:
        head, m_line = f"λ ≤ {fraction_str(r.lam)}", f"m = {r.m} (of the bound)"
    lines = [head, m_line, f"status: {r.status}", f"method: {r.method}"]
    if r.lower is not None and not r.is_exact:
        lines.append(f"lower bound: {fraction_str(r.lower)}")
    face = _first_principal_face(r.certificate)
    if face is not None:
        pts = ", ".join("(" + ",".join(map(str, p)) + ")" for p in face["points"])
        lines.append(f"principal face: {pts}; normal ({','.join(map(str, face['normal']))})")
    return lines


def _first_principal_face(cert: dict) -> dict | None:
    if "principal_face" in cert:
        return cert["principal_face"]
    for part in cert.get("parts", []):
        found = _first_principal_face(part)
        if found is not None:
            return found
    return None
