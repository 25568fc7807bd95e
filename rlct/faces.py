"""Exact face enumeration of Newton polyhedra (facets by PPL, faces as intersections of facets).

Used where every compact face matters (the non-degeneracy certificate, pictures), and only in
small dimension: facet enumeration is exponential, so it runs under a budget.

Examples
--------
>>> import numpy as np
>>> faces = enumerate_compact_faces(np.array([(2, 2), (4, 0), (0, 6)]), 100)
>>> sorted(f.points for f in faces if f.dimension == 1)
[((0, 6), (2, 2)), ((2, 2), (4, 0))]
"""
from __future__ import annotations

import numpy as np

from .errors import BudgetExceeded

MAX_VARIABLES = 12


def facets(pts: np.ndarray) -> list[tuple[tuple[int, ...], int]]:
    """Facet inequalities ⟨a, x⟩ ≥ b of conv(pts) + R^n_{≥0}, exact and minimal (a primitive ≥ 0).

    >>> facets(np.array([(2, 0), (0, 3)]))
    [((0, 1), 0), ((1, 0), 0), ((3, 2), 6)]
    """
    import ppl

    n = pts.shape[1]
    gens = ppl.Generator_System()
    for p in pts:
        gens.insert(ppl.point(ppl.Linear_Expression([int(k) for k in p], 0)))
    for i in range(n):
        gens.insert(ppl.ray(ppl.Variable(i)))
    poly = ppl.C_Polyhedron(gens)
    out = []
    for con in poly.minimized_constraints():
        a = tuple(int(c) for c in con.coefficients())
        out.append((a, -int(con.inhomogeneous_term())))
    return sorted(out)


def enumerate_compact_faces(pts: np.ndarray, max_faces: int) -> list:
    """Every compact face (vertices, edges, ...) as :class:`rlct.newton.Face` objects."""
    from .newton import Face, _primitive, _span_rank

    n = pts.shape[1]
    if n > MAX_VARIABLES:
        raise BudgetExceeded(f"face enumeration is limited to {MAX_VARIABLES} variables (got {n})")
    facet_list = facets(pts)
    # a face is the set of facets containing it; represent it by (tight point indices, facet indices)
    tight = [frozenset(np.flatnonzero(pts @ np.array(a) == b).tolist()) for a, b in facet_list]
    faces: dict[frozenset, frozenset] = {}
    frontier = {}
    for j, t in enumerate(tight):
        if t:
            frontier.setdefault(t, set()).add(j)
    while frontier:
        for t, fs in frontier.items():
            faces[t] = frozenset(faces.get(t, frozenset()) | fs)
        if len(faces) > max_faces:
            raise BudgetExceeded(f"more than {max_faces} faces")
        new = {}
        for t, fs in frontier.items():
            for j, u in enumerate(tight):
                s = t & u
                if s and s != t and s not in faces:
                    new.setdefault(s, set()).update(fs | {j})
        frontier = new
    result = []
    for pt_set, _ in faces.items():
        idx = sorted(pt_set)
        containing = [facet_list[j] for j in range(len(facet_list)) if pt_set <= tight[j]]
        normal_sum = np.sum([a for a, _ in containing], axis=0)
        if (normal_sum == 0).any():
            continue  # contains a recession direction: not compact
        normal = _primitive(normal_sum.tolist())
        level = int(pts[idx[0]] @ np.array(normal))
        face_pts = pts[idx]
        result.append(Face(tuple(sorted(tuple(int(k) for k in p) for p in face_pts)), (), normal, level,
                           _span_rank(face_pts, ())))
    return sorted(result, key=lambda f: (f.dimension, f.points))
