"""Pictures: the Newton polygon of K in two variables, with the ray that gives λ_N.

matplotlib is an optional dependency (the ``plot`` extra); it is imported inside the functions, and a
missing install is reported as one :class:`~rlct.errors.InputError` line naming the extra. Without a
display (and with no backend chosen by the user) the non-interactive Agg backend is used.

The picture of P = conv(supp K) + R²≥0 shows the support (vertices emphasised and labelled), the
boundary (compact edges, and the two non-compact rays as arrows to infinity), the shaded polyhedron,
the ray s·(h+1) from the origin (the diagonal when the prior is flat), the point p = t·(h+1) where it
meets the boundary, and the principal face containing p. The title gives λ_N = 1/t and m_N. For a
:class:`~rlct.poly.SumOfSquares` K = Σ f_i² the polygon drawn is P(I) of the ideal I = ⟨f_i⟩ (the
union of the generators' supports): P(K) = 2P(I), so λ_N = 1/(2t) with t read off P(I).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> ax = newton_polygon("x**2*y**2 + x**4 + y**6")
>>> ax.get_title().splitlines()[0], ax.get_xlabel(), ax.get_ylabel()
('λ_N = 1/2, m_N = 2', 'x', 'y')
>>> plt.close(ax.figure)
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Mapping, Sequence

from .errors import InputError
from .newton import Face, NewtonValue, compact_faces, newton_value
from .poly import Polynomial, SumOfSquares, as_sum_of_squares, fraction_str, parse

MISSING_MATPLOTLIB = "plotting needs matplotlib: pip install 'rlct[plot]'"

# colours (colour-blind safe pairs: blue boundary, orange principal face, red p)
_FILL = "#dbe8f5"
_EDGE = "#1f4e79"
_POINT = "#6b6b6b"
_FACE = "#e08214"
_RAY = "#555555"
_P = "#c0392b"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _matplotlib():
    """Import matplotlib, or raise the one-line InputError naming the ``plot`` extra."""
    try:
        import matplotlib
    except ImportError:
        raise InputError(MISSING_MATPLOTLIB) from None
    return matplotlib


def _pyplot():
    """pyplot, switching to Agg first when there is no display and no backend was chosen."""
    matplotlib = _matplotlib()
    if "matplotlib.pyplot" not in sys.modules and _headless():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _headless() -> bool:
    if os.environ.get("MPLBACKEND"):
        return False
    if sys.platform in ("darwin", "win32"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@dataclass(frozen=True)
class _Polygon:
    """What the picture needs: variables, drawn support, prior exponents and the Newton value."""

    variables: tuple[str, str]
    support: tuple[tuple[int, int], ...]
    h: tuple[int, int]
    value: NewtonValue
    sos: bool
    label: str

    @property
    def lam(self) -> Fraction:
        """λ_N of K: 1/t, or 1/(2t) when the polygon drawn is P(I) of a sum of squares."""
        return self.value.lam / 2 if self.sos else self.value.lam


def _prepare(K, prior: Mapping[str, int] | None, variables: Sequence[str] | None) -> _Polygon:
    if isinstance(K, SumOfSquares):
        gens = as_sum_of_squares(K, variables)
        names = gens[0].variables
        support = sorted(set().union(*(g.terms for g in gens)))
        label = ", ".join(str(g) for g in gens)
    else:
        if not isinstance(K, (str, Polynomial)) and not _is_sympy(K):
            raise InputError(f"expected K as a string, sympy expression, Polynomial or SumOfSquares, "
                             f"got {type(K).__name__}")
        poly = parse(K, variables)
        names, support, label = poly.variables, poly.support, str(poly)
    if len(names) != 2:
        shown = ", ".join(names) if names else "none"
        raise InputError(f"a Newton polygon needs exactly two variables, got {len(names)} ({shown}); "
                         "pass variables=[...] to fix them")
    if not support:
        raise InputError("K is zero: it has no Newton polygon")
    h = _prior_exponents(prior, names)
    value = newton_value(support, weight=(h[0] + 1, h[1] + 1))
    return _Polygon((names[0], names[1]), tuple(support), h, value, isinstance(K, SumOfSquares), label)


def _is_sympy(K) -> bool:
    try:
        import sympy
    except ImportError:  # pragma: no cover - sympy is a core dependency
        return False
    return isinstance(K, sympy.Basic)


def _prior_exponents(prior: Mapping[str, int] | None, names: Sequence[str]) -> tuple[int, int]:
    prior = dict(prior or {})
    unknown = sorted(set(prior) - set(names))
    if unknown:
        raise InputError(f"prior names variables not in K: {', '.join(map(str, unknown))} "
                         f"(variables: {', '.join(names)})")
    h = []
    for v in names:
        k = prior.get(v, 0)
        if isinstance(k, str) and k.strip().isdigit():
            k = int(k.strip())
        if isinstance(k, Fraction) and k.denominator == 1:
            k = int(k)
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise InputError(f"prior exponent of {v} must be a nonnegative integer, got {k!r}")
        h.append(k)
    return (h[0], h[1])


def newton_polygon(K, prior: Mapping[str, int] | None = None, ax=None,
                   variables: Sequence[str] | None = None):
    """Draw the Newton polygon of K (exactly two variables) with the ray giving λ_N; return the Axes.

    K is a string, sympy expression, :class:`~rlct.poly.Polynomial` or
    :class:`~rlct.poly.SumOfSquares`; ``prior`` maps variable names to exponents h (φ ∝ |w^h|);
    ``variables`` fixes the names and their order (x axis first). With ``ax=None`` a new pyplot
    figure is made. Raises :class:`~rlct.errors.InputError` (one line) for anything but two
    variables, a constant term, or a missing matplotlib.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> ax = newton_polygon("(x**2 - y**3)**2")
    >>> ax.get_title().splitlines()[0]
    'λ_N = 5/12, m_N = 1'
    >>> ax2 = newton_polygon(SumOfSquares(["x*y", "x**3"]), prior={"y": 1})
    >>> print(ax2.get_title())
    λ_N = 1/2, m_N = 1
    P(K) = 2P(I) for I = ⟨x*y, x**3⟩; drawn P(I), t = 1, λ_N = 1/(2t); prior |y|¹
    >>> plt.close("all")
    """
    poly = _prepare(K, prior, variables)
    _matplotlib()
    if ax is None:
        plt = _pyplot()
        _, ax = plt.subplots(figsize=(6.4, 6.4))
    _draw(ax, poly)
    return ax


def save_newton_polygon(K, path, prior: Mapping[str, int] | None = None,
                        variables: Sequence[str] | None = None, dpi: int = 150) -> Path:
    """Write :func:`newton_polygon`'s picture to ``path`` (PNG, or the format its suffix names).

    Uses a standalone Figure (no pyplot state, no display needed); returns the path written.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = save_newton_polygon("x**2*y**2 + x**4 + y**6", os.path.join(d, "np.png"))
    ...     out.suffix, out.stat().st_size > 0
    ('.png', True)
    """
    poly = _prepare(K, prior, variables)
    _matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 6.4))
    ax = fig.add_subplot()
    _draw(ax, poly)
    path = Path(path)
    fig.savefig(path, dpi=dpi, bbox_inches="tight")
    return path


def _draw(ax, poly: _Polygon) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon as PolygonPatch
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    value = poly.value
    w = value.weight
    p = tuple(float(c) for c in value.point)
    faces = compact_faces(list(poly.support))
    vertices = sorted(f.points[0] for f in faces if f.dimension == 0)  # x ascending, y descending
    edges = [(f.points[0], f.points[-1]) for f in faces if f.dimension == 1]

    # a square window with room beyond every support point and p
    extent = max([max(a, b) for a, b in poly.support] + [math.ceil(max(p)), 1])
    top = extent + max(2, math.ceil(0.25 * extent))
    lo = -0.6

    # the shaded polyhedron P = conv(supp) + R²≥0, clipped to the window
    left, bottom = vertices[0], vertices[-1]
    outline = [(left[0], top)] + vertices + [(top, bottom[1]), (top, top)]
    ax.add_patch(PolygonPatch(outline, closed=True, facecolor=_FILL, edgecolor="none", zorder=0,
                              label=f"{'P(I)' if poly.sos else 'P'} = conv(supp) + ℝ²≥0"))

    # boundary: compact edges, and the two non-compact rays going off to infinity
    for a, b in edges:
        ax.plot([a[0], b[0]], [a[1], b[1]], color=_EDGE, lw=2.2, zorder=3, solid_capstyle="round")
    arrow = dict(arrowstyle="-|>", color=_EDGE, lw=2.2, mutation_scale=16, shrinkA=0, shrinkB=0)
    ax.annotate("", xy=(left[0], top), xytext=left, arrowprops=arrow, zorder=3)
    ax.annotate("", xy=(top, bottom[1]), xytext=bottom, arrowprops=arrow, zorder=3)
    boundary = Line2D([], [], color=_EDGE, lw=2.2, label="boundary (rays go to ∞)")

    # the ray s·(h+1) from the origin, to the window's edge
    s_end = top / max(w)
    ray_name = "diagonal s·(1, 1)" if poly.h == (0, 0) else f"ray s·(h+1) = s·({w[0]}, {w[1]})"
    ax.plot([0, s_end * w[0]], [0, s_end * w[1]], color=_RAY, lw=1.3, ls=(0, (5, 4)), zorder=2,
            label=ray_name)

    # the principal face (the smallest face containing p): m_N is its codimension
    face_label = f"principal face (dim {value.principal_face.dimension}, m_N = {value.m})"
    _draw_face(ax, value.principal_face, top, face_label)

    # support points, vertices emphasised and labelled with their exponents
    others = [a for a in poly.support if a not in set(vertices)]
    if others:
        ax.scatter([a[0] for a in others], [a[1] for a in others], s=30, color=_POINT, zorder=4,
                   edgecolors="white", linewidths=0.6,
                   label="support" + (" (⋃ supp f_i)" if poly.sos else ""))
    ax.scatter([v[0] for v in vertices], [v[1] for v in vertices], s=60, color=_EDGE, zorder=5,
               edgecolors="white", linewidths=0.8, label="vertices")
    ringed = value.principal_face.points if value.principal_face.dimension == 0 else ()
    for v in vertices:
        ax.annotate(f"({v[0]}, {v[1]})", v, xytext=(13, 9) if v in ringed else (9, 6),
                    textcoords="offset points", fontsize=8, color=_EDGE, zorder=6)

    # p = t·(h+1), where the ray leaves the complement of P
    t = fraction_str(value.t)
    coords = ", ".join(fraction_str(c) for c in value.point)
    ax.scatter([p[0]], [p[1]], s=150, marker="*", color=_P, zorder=7, edgecolors="white",
               linewidths=0.6, label=f"p = t·({w[0]}, {w[1]}) = ({coords}), t = {t}")
    angle = _label_angle(value.point, w, vertices)
    r = 22 if ringed else 15  # clear of the ring around a principal vertex
    ax.annotate("p", p, xytext=(r * math.cos(angle), r * math.sin(angle)), textcoords="offset points",
                fontsize=12, color=_P, ha="center", va="center", zorder=7)

    ax.set_xlim(lo, top)
    ax.set_ylim(lo, top)
    ax.set_aspect("equal")
    step = 1 if top <= 14 else None
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(1) if step else MaxNLocator(integer=True))
    ax.grid(True, color="#d0d0d0", lw=0.5, zorder=-1)
    ax.set_axisbelow(True)
    ax.axhline(0, color="black", lw=0.8, zorder=1)
    ax.axvline(0, color="black", lw=0.8, zorder=1)
    ax.set_xlabel(poly.variables[0])
    ax.set_ylabel(poly.variables[1], rotation=0, labelpad=10)
    ax.set_title(_title(poly), fontsize=11)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles=[boundary] + handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2,
              fontsize=8, frameon=False)


def _label_angle(point: Sequence[Fraction], w: Sequence[int], vertices: list) -> float:
    """Direction (radians) for the label of p: the bisector of the wider empty wedge at p.

    Near p lie three lines: the ray back to the origin and the boundary of P going up-left and
    down-right; the label goes between the ray and whichever boundary side leaves more room.
    """
    px, py = point
    up, down = (0, 1), (1, 0)  # p on a vertical / horizontal ray of the boundary
    chain = list(vertices)
    if (px, py) in chain:
        i = chain.index((px, py))
        up = (0, 1) if i == 0 else _sub(chain[i - 1], point)
        down = (1, 0) if i == len(chain) - 1 else _sub(chain[i + 1], point)
    for a, b in zip(chain, chain[1:]):
        cross = (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0])
        if cross == 0 and a[0] < px < b[0]:
            up, down = _sub(a, point), _sub(b, point)
    if px == chain[0][0] and py > chain[0][1]:
        down = _sub(chain[0], point)
    if py == chain[-1][1] and px > chain[-1][0]:
        up = _sub(chain[-1], point)
    full = 2 * math.pi
    a_up = math.atan2(*reversed(up)) % full
    a_down = math.atan2(*reversed(down)) % full
    a_ray = math.atan2(-w[1], -w[0]) % full
    left = (a_ray - a_up) % full     # counter-clockwise from the upper boundary to the ray
    lower = (a_down - a_ray) % full  # counter-clockwise from the ray to the lower boundary
    return a_up + left / 2 if left >= lower else a_ray + lower / 2


def _sub(a, b) -> tuple[float, float]:
    return (float(a[0] - b[0]), float(a[1] - b[1]))


def _draw_face(ax, face: Face, top: float, label: str) -> None:
    style = dict(color=_FACE, lw=6, alpha=0.85, zorder=2.5, solid_capstyle="round", label=label)
    pts = sorted(face.points)
    if face.is_compact:
        if face.dimension == 0:
            ax.scatter([pts[0][0]], [pts[0][1]], s=320, facecolors="none", edgecolors=_FACE,
                       linewidths=3, zorder=2.5, label=label)
        else:
            ax.plot([pts[0][0], pts[-1][0]], [pts[0][1], pts[-1][1]], **style)
    elif face.directions == (1,):  # vertical: {x = c}, from its lowest point upwards
        base = min(pts, key=lambda a: a[1])
        ax.plot([base[0], base[0]], [base[1], top], **style)
    elif face.directions == (0,):  # horizontal: {y = c}, from its leftmost point rightwards
        base = min(pts, key=lambda a: a[0])
        ax.plot([base[0], top], [base[1], base[1]], **style)


def _title(poly: _Polygon) -> str:
    head = f"λ_N = {fraction_str(poly.lam)}, m_N = {poly.value.m}"
    prior = " ".join(f"|{v}|{str(k).translate(_SUPERSCRIPT)}" for v, k in zip(poly.variables, poly.h) if k)
    if poly.sos:
        detail = (f"P(K) = 2P(I) for I = ⟨{_shorten(poly.label, 40)}⟩; drawn P(I), "
                  f"t = {fraction_str(poly.value.t)}, λ_N = 1/(2t)")
    else:
        detail = f"Newton polygon of K = {_shorten(poly.label, 48)}"
    return f"{head}\n{detail}" + (f"; prior {prior}" if prior else "")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def resolution_tree(result, ax=None):
    """Draw a result's resolution tree (see :mod:`rlct.plot_resolution`)."""
    from .plot_resolution import resolution_tree as draw

    return draw(result, ax)
