"""Tests of faces of Newton polyhedra: facets (PPL), is_vertex, compact_faces, face_polynomial."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlct.errors import BudgetExceeded
from rlct.faces import facets
from rlct.newton import Face, compact_faces, face_polynomial, is_vertex
from oracles import exact_rank

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_rank = exact_rank


def _vertices_from_facets(support) -> set[tuple[int, ...]]:
    """Support points at which n linearly independent facets are tight."""
    n = len(support[0])
    fl = facets(np.array(support, dtype=np.int64))
    out = set()
    for p in support:
        tight = [a for a, b in fl if sum(x * y for x, y in zip(a, p)) == b]
        if _rank(tight) == n:
            out.add(tuple(p))
    return out


@st.composite
def supports(draw, min_n=2, max_n=4, max_exp=4, max_pts=8):
    n = draw(st.integers(min_n, max_n))
    point = st.tuples(*[st.integers(0, max_exp)] * n).filter(any)
    return draw(st.lists(point, min_size=1, max_size=max_pts, unique=True))


# ---------------------------------------------------------------------------------------------
# facets


def test_facets_examples():
    # x² + y³: the axes and the edge 3x + 2y >= 6
    assert facets(np.array([(2, 0), (0, 3)])) == [((0, 1), 0), ((1, 0), 0), ((3, 2), 6)]
    # x²y²: the quadrant (2,2) + R²
    assert facets(np.array([(2, 2)])) == [((0, 1), 2), ((1, 0), 2)]
    # x⁴ + x²y² + y⁶: axes, x + y >= 4, 2x + y >= 6
    assert facets(np.array([(4, 0), (2, 2), (0, 6)])) == \
        [((0, 1), 0), ((1, 0), 0), ((1, 1), 4), ((2, 1), 6)]


@SETTINGS
@given(supports())
def test_facets_are_valid_and_tight(support):
    pts = np.array(support, dtype=np.int64)
    for a, b in facets(pts):
        assert all(x >= 0 for x in a) and any(a)
        levels = pts @ np.array(a)
        assert levels.min() == b  # valid for every support point and attained
        g = 0
        for x in a:
            g = np.gcd(g, x)
        assert g == 1  # primitive


# ---------------------------------------------------------------------------------------------
# is_vertex


@pytest.mark.parametrize("support, vertices", [
    ([(2, 0), (1, 1), (0, 2)], {(2, 0), (0, 2)}),                 # (1,1) inside the edge
    ([(4, 0), (2, 2), (0, 6)], {(4, 0), (2, 2), (0, 6)}),
    ([(4, 0), (3, 3), (0, 6)], {(4, 0), (0, 6)}),                 # (3,3) above the edge x/4 + y/6 = 1
    ([(2, 2), (3, 2), (2, 5)], {(2, 2)}),                         # the other two are dominated
    ([(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 0)], {(2, 0, 0), (0, 2, 0), (0, 0, 2)}),
    ([(4, 0, 0), (0, 4, 0), (0, 0, 4), (1, 1, 1)], {(4, 0, 0), (0, 4, 0), (0, 0, 4), (1, 1, 1)}),
    ([(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 1)], {(2, 0, 0), (0, 2, 0), (0, 0, 2)}),
])
def test_is_vertex_examples(support, vertices):
    assert {tuple(p) for p in support if is_vertex(support, p)} == vertices
    assert _vertices_from_facets(support) == vertices


def test_is_vertex_single_point_and_duplicates():
    assert is_vertex([(3, 1)], (3, 1))
    assert is_vertex([(3, 1), (3, 1), (0, 5)], (3, 1))


@SETTINGS
@given(supports(max_n=5))
def test_is_vertex_matches_facets(support):
    assert {tuple(p) for p in support if is_vertex(support, p)} == _vertices_from_facets(support)


# ---------------------------------------------------------------------------------------------
# compact_faces


def _count(faces) -> dict[int, int]:
    out: dict[int, int] = {}
    for f in faces:
        out[f.dimension] = out.get(f.dimension, 0) + 1
    return out


@pytest.mark.parametrize("support, counts, edges", [
    # x² + y³: two vertices, one edge
    ([(2, 0), (0, 3)], {0: 2, 1: 1}, {((0, 3), (2, 0))}),
    # x⁴ + x²y² + y⁶: three vertices, two edges meeting at (2,2)
    ([(4, 0), (2, 2), (0, 6)], {0: 3, 1: 2}, {((2, 2), (4, 0)), ((0, 6), (2, 2))}),
    # x²y²: one vertex
    ([(2, 2)], {0: 1}, set()),
    # x² + xy + y²: one edge through three support points
    ([(2, 0), (1, 1), (0, 2)], {0: 2, 1: 1}, {((0, 2), (1, 1), (2, 0))}),
    # x² + y² + z² + xy: a triangle (4 support points); the edge in z = 0 carries (1,1,0)
    ([(2, 0, 0), (0, 2, 0), (0, 0, 2), (1, 1, 0)], {0: 3, 1: 3, 2: 1},
     {((0, 2, 0), (1, 1, 0), (2, 0, 0)), ((0, 0, 2), (2, 0, 0)), ((0, 0, 2), (0, 2, 0))}),
    # x⁴ + y⁴ + z⁴ + xyz: (1,1,1) cuts below the big triangle: 4 vertices, 6 edges (3 between the
    # axis points, exposed by e.g. (1,1,3); 3 to (1,1,1)), 3 triangles through (1,1,1)
    ([(4, 0, 0), (0, 4, 0), (0, 0, 4), (1, 1, 1)], {0: 4, 1: 6, 2: 3}, None),
    # x²y² + z²: vertices (2,2,0) and (0,0,2), one edge
    ([(2, 2, 0), (0, 0, 2)], {0: 2, 1: 1}, {((0, 0, 2), (2, 2, 0))}),
])
def test_compact_faces_examples(support, counts, edges):
    faces = compact_faces(support)
    assert _count(faces) == counts
    if edges is not None:
        assert {f.points for f in faces if f.dimension == 1} == edges
    for f in faces:
        assert f.is_compact and f.directions == ()
        assert all(a > 0 for a in f.normal)


def test_compact_faces_doc_order():
    assert [f.points for f in compact_faces([(2, 0), (0, 3)])] == [((0, 3),), ((2, 0),), ((0, 3), (2, 0))]


@SETTINGS
@given(supports())
def test_compact_faces_properties(support):
    faces = compact_faces(support)
    pts = np.array(support, dtype=np.int64)
    n = pts.shape[1]
    seen = set()
    for f in faces:
        assert f.points not in seen
        seen.add(f.points)
        # a strictly positive normal exposing exactly the face's support points, at its level
        assert all(a > 0 for a in f.normal) and len(f.normal) == n
        levels = pts @ np.array(f.normal)
        assert levels.min() == f.level
        assert {tuple(p) for p in pts[levels == f.level]} == set(f.points)
        # the dimension is the affine rank of its points
        base = np.array(f.points[0])
        assert f.dimension == _rank([np.array(p) - base for p in f.points[1:]])
        assert f.dimension < n
    # vertices are exactly the vertices of P
    assert {f.points[0] for f in faces if f.dimension == 0} == _vertices_from_facets(support)
    # the bounded complex of a polyhedron is contractible: Euler characteristic 1
    assert sum((-1) ** f.dimension for f in faces) == 1
    # every vertex of a compact face is a listed vertex, and each edge has two vertex ends
    vertices = {f.points[0] for f in faces if f.dimension == 0}
    for f in faces:
        if f.dimension == 1:
            assert len(vertices & set(f.points)) == 2


@SETTINGS
@given(supports(min_n=2, max_n=2, max_exp=6, max_pts=10))
def test_compact_faces_plane(support):
    """In 2 variables the compact faces form a path: #edges = #vertices − 1."""
    c = _count(compact_faces(support))
    assert c.get(1, 0) == c[0] - 1 and set(c) <= {0, 1}


def test_compact_faces_budget():
    with pytest.raises(BudgetExceeded):
        compact_faces([tuple(2 if i == j else 0 for i in range(13)) for j in range(13)])
    with pytest.raises(BudgetExceeded):
        compact_faces([tuple(2 if i == j else 0 for i in range(6)) for j in range(6)], max_faces=10)


# ---------------------------------------------------------------------------------------------
# face_polynomial


def test_face_polynomial():
    f = {(4, 0): Fraction(1), (2, 2): Fraction(-2), (0, 6): Fraction(3), (3, 3): Fraction(5)}
    faces = {fc.points: fc for fc in compact_faces(list(f))}
    assert face_polynomial(f, faces[((2, 2), (4, 0))]) == {(4, 0): 1, (2, 2): -2}
    assert face_polynomial(f, faces[((0, 6), (2, 2))]) == {(2, 2): -2, (0, 6): 3}
    assert face_polynomial(f, faces[((2, 2),)]) == {(2, 2): -2}
    # an unbounded face: the facet y >= 0 (normal (0,1), level 0, direction e_x) keeps the y-free terms
    unbounded = Face(((4, 0),), (0,), (0, 1), 0, 1)
    assert face_polynomial(f, unbounded) == {(4, 0): 1}


def test_compact_faces_with_duplicate_support_points():
    """Regression: duplicate support points used to be kept in Face.points (((2,0),(2,0)))."""
    faces = compact_faces([(2, 0), (2, 0), (0, 3)])
    assert [f.points for f in faces] == [((0, 3),), ((2, 0),), ((0, 3), (2, 0))]
