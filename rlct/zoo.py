"""The zoo: ground-truth learning coefficients with provenance and independent confirmations.

The catalog is data (``zoo/<family>.json`` in the repository, shipped as ``rlct.catalog``); this
module loads and validates it, and re-runs the confirmations. Each entry holds λ, m, a status, its
scope (global, or local at a point), its sources, the model's K (polynomial or generators, with
the point and prior), and at least two confirmations by independent routes:

* ``closed-form``: a theorem for the family (``rlct.families``), recomputed from the parameters;
* ``engine``: ``rlct.learning_coefficient`` on the entry's K, certified exact;
* ``volume``: a numeric estimate (``rlct.estimators.volume``), an estimate with an error bar.

Entries whose routes disagree are not admitted (the builders refuse them).

Examples
--------
>>> e = get("rrr/M1-N1-H1-r0")       # K = (ab)²
>>> e.lam, e.m, e.status
(Fraction(1, 2), 2, 'exact')
>>> len(entries(family="rrr")) > 0
True
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache


from .errors import InputError
from .poly import SumOfSquares, fraction_str

ROUTES = ("closed-form", "engine", "volume")
REQUIRED = ("id", "family", "params", "lambda", "m", "status", "scope", "model", "sources", "confirmations")


@dataclass(frozen=True)
class Entry:
    """One zoo entry: truth (λ, m, status), scope, model K, provenance and confirmations."""

    id: str
    family: str
    params: dict
    lam: Fraction
    m: int
    status: str
    scope: str
    model_data: dict
    sources: tuple
    confirmations: tuple
    notes: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: dict) -> "Entry":
        missing = [k for k in REQUIRED if k not in d]
        if missing:
            raise InputError(f"zoo entry {d.get('id', '?')} lacks {', '.join(missing)}")
        return cls(d["id"], d["family"], dict(d["params"]), Fraction(d["lambda"]), int(d["m"]), d["status"],
                   d["scope"], dict(d["model"]), tuple(d["sources"]), tuple(d["confirmations"]),
                   d.get("notes", ""), d)

    def to_dict(self) -> dict:
        return dict(self.raw) if self.raw else {
            "id": self.id, "family": self.family, "params": self.params, "lambda": fraction_str(self.lam),
            "m": self.m, "status": self.status, "scope": self.scope, "model": self.model_data,
            "sources": list(self.sources), "confirmations": list(self.confirmations), "notes": self.notes}

    def summary(self) -> dict:
        """The short JSON row of ``rlct zoo list --json``."""
        return {"id": self.id, "family": self.family, "params": self.params, "lambda": fraction_str(self.lam),
                "m": self.m, "status": self.status, "scope": self.scope,
                "routes": sorted({c["route"] for c in self.confirmations}),
                "sources": [s.get("id", s.get("citation", "")) for s in self.sources]}

    def K(self):
        """K as ``rlct.learning_coefficient`` takes it: a string, or a SumOfSquares of generators."""
        if self.model_data.get("routine"):
            raise InputError(f"{self.id} has no polynomial K: its loss is computed by {self.model_data['routine']}")
        if self.model_data.get("generators"):
            return SumOfSquares(self.model_data["generators"])
        return self.model_data["K"]

    def engine_kwargs(self) -> dict:
        """``at``, ``prior`` and ``variables`` for ``rlct.learning_coefficient(entry.K(), **kwargs)``."""
        return {"at": self.model_data.get("at") or None, "prior": self.model_data.get("prior") or None,
                "variables": self.model_data.get("variables")}

    def model(self):
        """The builder's :class:`rlct.models.linear.Model` (rrr, dln, shallow-polynomial), else the spec dict."""
        if self.family in ("rrr", "dln"):
            from .models import linear
            return getattr(linear, self.family)(**self.params)
        if self.family == "shallow-polynomial":
            from .models.shallow import from_params
            return from_params(self.params)
        return self.model_spec()

    def torch_model(self):
        """An nn.Module with parameters w initialised at w* (rrr, dln); see rlct.models.torch_models."""
        from .models.torch_models import torch_model
        return torch_model(self)

    def dataset(self, n: int, seed: int = 0):
        """(x, y) drawn from the model at the truth with unit noise, from an explicit seed."""
        from .models.torch_models import dataset
        return dataset(self, n, seed)

    def population_loss(self, dtype=None, device=None):
        """The exact K as a batched torch function of u = w − w* (same variable order as K)."""
        from .models.torch_models import population_loss
        return population_loss(self, dtype, device)

    def model_spec(self) -> dict:
        """The model: family, parameters, variables in order, the point w* and the prior."""
        return {"family": self.family, "params": self.params, "variables": self.model_data.get("variables"),
                "at": self.model_data.get("at") or {}, "prior": self.model_data.get("prior") or {}, "scope": self.scope}


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Entry]:
    import importlib.resources as resources

    out: dict[str, Entry] = {}
    for path in sorted(resources.files("rlct.catalog").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data.get("entries", []):
            entry = Entry.from_dict(raw)
            if entry.id in out:
                raise InputError(f"duplicate zoo id {entry.id}")
            out[entry.id] = entry
    return out


def entries(family: str | None = None) -> list[Entry]:
    """All entries (optionally of one family), sorted by id.

    >>> all(e.family == "rrr" for e in entries("rrr"))
    True
    """
    found = [e for e in _catalog().values() if family is None or e.family == family]
    if family is not None and not found:
        known = ", ".join(families())
        raise InputError(f"unknown zoo family {family!r} (families: {known})")
    return sorted(found, key=lambda e: e.id)


def families() -> list[str]:
    return sorted({e.family for e in _catalog().values()})


def get(entry_id: str) -> Entry:
    """The entry with this id, or a one-line InputError."""
    try:
        return _catalog()[entry_id]
    except KeyError:
        raise InputError(f"no zoo entry {entry_id!r} (see rlct zoo list)") from None


def validate(entry: Entry) -> list[str]:
    """Schema and provenance problems of an entry (empty when it is admissible).

    >>> validate(get("rrr/M1-N1-H1-r0"))
    []
    """
    problems = []
    if entry.status not in ("exact", "upper_bound"):
        problems.append(f"bad status {entry.status}")
    if entry.scope not in ("global", "local"):
        problems.append(f"bad scope {entry.scope}")
    if entry.scope == "local" and "at" not in entry.model_data and not entry.model_data.get("critical_point"):
        problems.append("local entry without a point")
    if not entry.sources or not all(s.get("citation") for s in entry.sources):
        problems.append("missing sources")
    routes = {c.get("route") for c in entry.confirmations}
    if not routes <= set(ROUTES):
        problems.append(f"unknown routes {sorted(routes - set(ROUTES))}")
    if len(routes) < 2:
        problems.append("fewer than two independent confirmation routes")
    for c in entry.confirmations:
        if not confirmation_agrees(entry, c):
            problems.append(f"{c.get('route')} confirmation disagrees")
    if not entry.id.startswith(entry.family + "/"):
        problems.append("id must start with the family")
    return problems


def confirmation_agrees(entry: Entry, c: dict) -> bool:
    """Does a recorded confirmation support the entry's (λ, m)?"""
    if c["route"] in ("closed-form", "engine"):
        same_lam = Fraction(c["lambda"]) == entry.lam
        if entry.status == "exact":
            return same_lam and c["status"] == "exact" and int(c["m"]) == entry.m
        return same_lam
    return bool(c.get("passed"))


def verify_entry(entry: Entry, slow: bool = False, time_limit: float = 60.0) -> list[tuple[str, bool, str]]:
    """Re-run the entry's confirmations: (route, ok, detail) per route; numeric ones only if ``slow``."""
    out = []
    for c in entry.confirmations:
        route = c["route"]
        if route == "volume" and not slow:
            continue
        fresh = run_confirmation(entry, route, c, time_limit)
        ok = confirmation_agrees(entry, fresh)
        out.append((route, ok, _describe(fresh)))
    return out


def run_confirmation(entry: Entry, route: str, recorded: dict | None = None, time_limit: float = 60.0) -> dict:
    """Compute one confirmation afresh (the builders record these; verify re-runs them)."""
    if route == "closed-form":
        from .families import evaluate
        kind = (recorded or {}).get("method", f"family:{entry.family}")
        r = evaluate(kind, dict((recorded or {}).get("params", entry.params)))
        return {"route": route, "method": r.method, "lambda": fraction_str(r.lam), "m": r.m, "status": r.status}
    if route == "engine" and entry.model_data.get("routine"):  # a model with no polynomial K: its own routine
        from .families import evaluate
        r = evaluate(entry.model_data["routine"], dict(entry.params))
        return {"route": route, "method": entry.model_data["routine"], "lambda": fraction_str(r.lam), "m": r.m,
                "status": r.status}
    if route == "engine":
        from .engine import learning_coefficient
        # an entry may carry a larger allowance (the biggest RRR entries need tens of seconds)
        seconds = max(time_limit, float(entry.model_data.get("engine_seconds", 0)))
        r = learning_coefficient(entry.K(), time_limit=seconds, **entry.engine_kwargs())
        return {"route": route, "method": r.method, "lambda": fraction_str(r.lam), "m": r.m, "status": r.status}
    if route == "volume":
        from .estimators.volume import confirm
        seed = int((recorded or {}).get("seed", 0))
        conf = confirm(entry.K(), entry.lam, entry.m, seed=seed, **entry.engine_kwargs())
        return {"route": route, "method": conf.estimate.method, "estimate": conf.estimate.lam,
                "stderr": conf.estimate.lam_stderr, "passed": conf.passed, "seed": seed}
    raise InputError(f"unknown confirmation route {route!r}")


def _describe(c: dict) -> str:
    if c["route"] == "volume":
        return f"λ̂ = {c['estimate']:.4f} ± {c['stderr']:.4f} ({'pass' if c['passed'] else 'FAIL'})"
    return f"λ = {c['lambda']}, m = {c['m']} ({c['status']}, {c['method']})"
