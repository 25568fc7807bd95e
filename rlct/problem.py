"""The problem every strategy works on: K (or its generators), the variables and a monomial prior.

A :class:`Problem` is already translated to the point (the point is the origin) and validated.
``generators`` is set when K = Σ f_i² was given by its f_i; ``K`` is then their expanded sum.

Examples
--------
>>> from rlct.poly import parse
>>> P = Problem.from_generators([parse("a*b", ["a", "b"])], prior=(0, 1))
>>> str(P.K), P.weight, P.is_sos
('a**2*b**2', (1, 2), True)
>>> Problem.from_json(P.to_json()) == P
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .poly import Polynomial, sum_of_squares_polynomial


@dataclass(frozen=True)
class Problem:
    variables: tuple[str, ...]
    prior: tuple[int, ...]
    K: Polynomial
    generators: tuple[Polynomial, ...] | None = None

    @classmethod
    def from_polynomial(cls, K: Polynomial, prior: Sequence[int] | None = None) -> "Problem":
        return cls(K.variables, _prior(prior, K.nvars), K, None)

    @classmethod
    def from_generators(cls, generators: Sequence[Polynomial], prior: Sequence[int] | None = None) -> "Problem":
        gens = tuple(g for g in generators if not g.is_zero())
        if not gens:
            gens = (generators[0],)
        K = sum_of_squares_polynomial(gens)
        return cls(K.variables, _prior(prior, K.nvars), K, gens)

    @property
    def nvars(self) -> int:
        return len(self.variables)

    @property
    def is_sos(self) -> bool:
        return self.generators is not None

    @property
    def weight(self) -> tuple[int, ...]:
        """w = h + 1: the Newton ray direction for the prior |w^h|."""
        return tuple(h + 1 for h in self.prior)

    def ideal_support(self) -> list[tuple[int, ...]]:
        """Union of the generators' supports (P(K) = 2·P(I)); the support of K otherwise."""
        if not self.is_sos:
            return self.K.support
        return sorted({e for g in self.generators for e in g.terms})

    def order(self) -> int:
        """Lowest total degree of K (K vanishes at the origin, so this is >= 1)."""
        return min(sum(e) for e in self.K.terms)

    def restrict(self, keep: Sequence[int]) -> "Problem":
        """The same problem on the variables with indices ``keep`` (others must not occur)."""
        names = tuple(self.variables[i] for i in keep)
        prior = tuple(self.prior[i] for i in keep)
        sub = lambda p: Polynomial(names, {tuple(e[i] for i in keep): c for e, c in p.terms.items()})
        if self.is_sos:
            return Problem.from_generators([sub(g) for g in self.generators], prior)
        return Problem.from_polynomial(sub(self.K), prior)

    def to_json(self) -> dict:
        out = {"variables": list(self.variables), "prior": list(self.prior)}
        if self.is_sos:
            out["generators"] = [g.to_json() for g in self.generators]
        else:
            out["K"] = self.K.to_json()
        return out

    @classmethod
    def from_json(cls, d: dict) -> "Problem":
        names = d["variables"]
        if "generators" in d:
            return cls.from_generators([Polynomial.from_json(names, g) for g in d["generators"]], d["prior"])
        return cls.from_polynomial(Polynomial.from_json(names, d["K"]), d["prior"])


def _prior(prior: Sequence[int] | None, n: int) -> tuple[int, ...]:
    h = tuple(int(k) for k in prior) if prior is not None else (0,) * n
    if len(h) != n or any(k < 0 for k in h):
        raise ValueError(f"prior exponents must be {n} nonnegative integers, got {h}")
    return h

