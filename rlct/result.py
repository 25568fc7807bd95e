"""The learning-coefficient value class :class:`LC` and Lin's order on (λ, m) pairs.

An ``LC`` is what every strategy returns: λ as an exact Fraction, the multiplicity m, a status
(``"exact"`` only when a certificate checked in exact arithmetic proves equality, otherwise
``"upper_bound"`` with ``lam`` the best certified upper bound), an optional certified lower bound,
the method, and a JSON-serialisable certificate.

Examples
--------
>>> r = LC(Fraction(1, 2), 2, "exact", "newton", variables=("x", "y"))
>>> r.to_dict()["lambda"], r.upper, r.lower
('1/2', Fraction(1, 2), Fraction(1, 2))
>>> LC.from_dict(r.to_dict()) == r
True
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from .poly import fraction_str

STATUSES = ("exact", "upper_bound")


@dataclass(frozen=True)
class LC:
    """A learning coefficient (Watanabe's λ of K with prior φ) and its multiplicity.

    ``lam`` is the value when ``status == "exact"`` and the best certified upper bound otherwise;
    ``lower`` is the best certified lower bound (equal to ``lam`` when exact, ``None`` if unknown).
    For ``status == "upper_bound"``, ``m`` is the multiplicity of the bound, (λ, m) ≤ (lam, m) in
    Lin's order where the bound comes from a Newton polyhedron.
    """

    lam: Fraction
    m: int
    status: str
    method: str
    lower: Fraction | None = None
    variables: tuple[str, ...] = ()
    certificate: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "lam", Fraction(self.lam))
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.status == "exact":
            object.__setattr__(self, "lower", self.lam)
        elif self.lower is not None:
            object.__setattr__(self, "lower", Fraction(self.lower))
            if self.lower > self.lam:
                raise ValueError(f"lower bound {self.lower} exceeds upper bound {self.lam}")
        if self.m < 1:
            raise ValueError(f"multiplicity must be >= 1, got {self.m}")
        object.__setattr__(self, "variables", tuple(self.variables))

    @property
    def upper(self) -> Fraction:
        return self.lam

    @property
    def is_exact(self) -> bool:
        return self.status == "exact"

    def with_certificate(self, certificate: dict) -> "LC":
        return replace(self, certificate=certificate)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rlct lc --json`` (DESIGN.md): rationals as "p/q" strings."""
        return {
            "lambda": fraction_str(self.lam),
            "m": self.m,
            "status": self.status,
            "lower": None if self.lower is None else fraction_str(self.lower),
            "upper": fraction_str(self.lam),
            "method": self.method,
            "variables": list(self.variables),
            "certificate": self.certificate,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LC":
        lower = d.get("lower")
        return cls(Fraction(d["lambda"]), int(d["m"]), d["status"], d["method"],
                   None if lower is None else Fraction(lower), tuple(d.get("variables", ())),
                   d.get("certificate", {}))

    def __str__(self) -> str:
        lam = fraction_str(self.lam)
        head = f"λ = {lam}" if self.is_exact else f"λ ≤ {lam}"
        if not self.is_exact and self.lower is not None:
            head = f"{fraction_str(self.lower)} ≤ λ ≤ {lam}"
        return f"{head}, m = {self.m} ({self.status}, method {self.method})"


def lin_less(a: tuple[Fraction, int], b: tuple[Fraction, int]) -> bool:
    """Lin's order: (λ1, m1) < (λ2, m2) iff λ1 < λ2, or λ1 = λ2 and m1 > m2 (more singular).

    >>> lin_less((Fraction(1, 2), 2), (Fraction(1, 2), 1)), lin_less((Fraction(1), 1), (Fraction(1, 2), 1))
    (True, False)
    """
    return a[0] < b[0] or (a[0] == b[0] and a[1] > b[1])
