"""Resolution of singularities for exact learning coefficients.

:mod:`rlct.resolution.plane` resolves any problem in two variables (K ≥ 0 or K = Σ f_i², any monomial
prior) by recursive toric charts and translations to the real points of the exceptional curves, and
returns the exact (λ, m) with a certificate that :func:`verify_plane_certificate` re-checks.
:mod:`rlct.resolution.recursion` works in any number of variables with blow-ups of coordinate subspaces,
coordinate changes and translations over fibre sets (:mod:`rlct.resolution.blowup`); its certificates are
re-checked by :func:`verify_blowup_certificate`.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> r = plane_curve_strategy(Problem.from_polynomial(parse("((y - x**2)**2 - x**5)**2")))
>>> r.lam, r.m
(Fraction(7, 20), 1)
>>> r = blowup_strategy(Problem.from_generators([parse(f, ["a", "b", "c", "d"]) for f in ("a*b + c*d", "a*d")]))
>>> r.lam, r.m, r.status
(Fraction(3, 4), 1, 'exact')
"""
from .check import resolution_text as plane_text
from .plane import plane_curve_strategy, verify_plane_certificate
from .recursion import blowup_strategy
from .tree_check import verify_blowup_certificate
from .tree_view import blowup_graph, blowup_text

__all__ = ["plane_curve_strategy", "verify_plane_certificate", "blowup_strategy", "verify_blowup_certificate",
           "resolution_text", "blowup_text", "blowup_graph"]


def resolution_text(cert: dict) -> str:
    """The resolution tree of a certificate as indented text: plane-curve and blow-up trees in full, rule
    nodes (sum, product, power, ...) as their kind with their parts below.

    >>> import rlct
    >>> print(resolution_text(rlct.learning_coefficient("x**2*y**2 + z**4").certificate))
    rule:sum
      rule:normal-crossing
      rule:normal-crossing
    >>> print(resolution_text(rlct.learning_coefficient("(x + y)**2*(1 + z**2) + z**4").certificate))
    coordinate-change (tried: newton, single-generator, coordinate-change)
      x' = x + y
      rule:free-variables
        rule:quadratic-split
          rule:normal-crossing
          rule:normal-crossing
    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> tree = blowup_strategy(Problem.from_generators([parse("x - y*z"), parse("z**2", ["x", "y", "z"])]))
    >>> print(resolution_text(tree.certificate))
    blow-up resolution of K = Σ f_i², f = x - y*z, z**2 (prior (0, 0, 0)): λ = 3/4, m = 1 (exact)
    node: fibre x=y=z=0; κ (0, 0, 0), η (0, 0, 0); generators: x - y*z, z**2
      x → generator 0 (a new coordinate)
      blow up {x, z}
        chart x: fibre x=y=0; κ (1, 0, 0), η (1, 0, 0); generators: 1, x*z**2
          leaf (definite): pole 1 (m=1)
        chart z: fibre y=z=0; κ (0, 0, 1), η (0, 0, 1); generators: x, z
          x = 0 on the fibre set by scaling (generators homogeneous for weights x: 1)
          blow up {x, z}
            chart x: fibre x=y=0; κ (2, 0, 1), η (2, 0, 1); generators: 1, z
              leaf (definite): pole 3/4 (m=1)
            chart z: fibre y=z=0; κ (0, 0, 2), η (0, 0, 2); generators: x, 1
              leaf (definite): pole 3/4 (m=1)
    """
    lines: list[str] = []
    _walk(cert, 0, lines)
    return "\n".join(lines)


def _walk(node: dict, depth: int, lines: list) -> None:
    pad = "  " * depth
    kind = node.get("kind")
    if kind in ("plane-curve", "blowup"):
        text = plane_text(node) if kind == "plane-curve" else blowup_text(node)
        lines.extend(pad + line for line in text.splitlines())
        return
    extra = f" (tried: {', '.join(node['tried'])})" if node.get("tried") else ""
    lines.append(f"{pad}{kind}{extra}")
    if kind == "reordered":
        lines.append(f"{pad}  variables in the order {', '.join(node['parts'][0]['problem']['variables'])}")
    if kind == "coordinate-change":
        from ..adapted import CoordinateChange

        names = node["problem"]["variables"]
        lines.extend(f"{pad}  {CoordinateChange.from_json(names, m)}" for m in node["moves"])
    for part in node.get("parts", []):
        _walk(part, depth + 1, lines)
