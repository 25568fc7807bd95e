"""Newton polygon pictures: they render, say the right λ_N and m_N, and refuse what they cannot draw."""
import sys
from fractions import Fraction

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import sympy  # noqa: E402

from rlct.errors import InputError  # noqa: E402
from rlct.newton import newton_value  # noqa: E402
from rlct.plot import MISSING_MATPLOTLIB, newton_polygon, save_newton_polygon  # noqa: E402
from rlct.poly import SumOfSquares, as_sum_of_squares, parse, sum_of_squares_polynomial  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _written_png(path):
    assert path.exists()
    data = path.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG_MAGIC)


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize("K,prior,head", [
    ("x**2*y**2 + x**4 + y**6", None, "λ_N = 1/2, m_N = 2"),
    ("(x**2 - y**3)**2", None, "λ_N = 5/12, m_N = 1"),
    ("x**4 + y**6", {"x": 2}, "λ_N = 11/12, m_N = 1"),
    ("x**2*y**5 + y**7", {"y": 3}, "λ_N = 5/7, m_N = 1"),
])
def test_save_png_and_title(tmp_path, K, prior, head):
    out = save_newton_polygon(K, tmp_path / "np.png", prior=prior)
    assert out == tmp_path / "np.png"
    _written_png(out)
    ax = newton_polygon(K, prior=prior)
    assert ax.get_title().splitlines()[0] == head


def test_axes_read_well():
    ax = newton_polygon("(x**2 - y**3)**2")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")
    assert ax.get_aspect() in ("equal", 1.0)
    for ticks in (ax.get_xticks(), ax.get_yticks()):
        assert len(ticks) >= 5 and all(float(t).is_integer() for t in ticks)
    lo, hi = ax.get_xlim()
    assert lo < 0 and hi >= 6 and ax.get_ylim() == (lo, hi)
    legend = _legend_texts(ax)
    assert "p = t·(1, 1) = (12/5, 12/5), t = 12/5" in legend
    assert "diagonal s·(1, 1)" in legend
    assert any(t.startswith("principal face (dim 1, m_N = 1)") for t in legend)
    assert "Newton polygon of K = x**4 - 2*x**2*y**3 + y**6" in ax.get_title()


def test_variable_order_and_names_follow_variables():
    ax = newton_polygon("a**3 + b**2", variables=["b", "a"])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("b", "a")
    # in (b, a) order the support is (2, 0), (0, 3): the vertex labels show it
    labels = {t.get_text() for t in ax.texts}
    assert {"(2, 0)", "(0, 3)", "p"} <= labels


def test_prior_ray_and_title():
    ax = newton_polygon("x**4 + y**6", prior={"x": 2})
    assert ax.get_title().endswith("prior |x|²")
    legend = _legend_texts(ax)
    assert "ray s·(h+1) = s·(3, 1)" in legend
    assert "p = t·(3, 1) = (36/11, 12/11), t = 12/11" in legend


def test_sum_of_squares_draws_the_ideal(tmp_path):
    S = SumOfSquares(["a*b", "a**3 + b**2"])
    out = save_newton_polygon(S, tmp_path / "sos.png")
    _written_png(out)
    ax = newton_polygon(S)
    title = ax.get_title()
    assert title.splitlines()[0] == "λ_N = 1/2, m_N = 2"
    assert "P(K) = 2P(I)" in title and "λ_N = 1/(2t)" in title and "t = 1" in title
    assert "P(I) = conv(supp) + ℝ²≥0" in _legend_texts(ax)
    # the value in the title is λ_N of the expanded K = Σ f_i², whose polyhedron is 2P(I)
    K = sum_of_squares_polynomial(as_sum_of_squares(S))
    assert newton_value(K.support).lam == Fraction(1, 2)
    assert newton_value(K.support).m == 2


def test_sum_of_squares_with_prior():
    ax = newton_polygon(SumOfSquares(["x*y", "x**3"]), prior={"y": 1})
    head, detail = ax.get_title().splitlines()
    assert head == "λ_N = 1/2, m_N = 1"
    assert detail.endswith("prior |y|¹")


def test_inputs_sympy_polynomial_and_given_axes():
    x, y = sympy.symbols("x y")
    fig, ax = plt.subplots()
    assert newton_polygon(x**2 * y**2, ax=ax) is ax
    assert ax.get_title().splitlines()[0] == "λ_N = 1/2, m_N = 2"
    ax2 = newton_polygon(parse("x**2 + x*y + y**2"))
    assert ax2.get_title().splitlines()[0] == "λ_N = 1, m_N = 1"


def test_non_compact_principal_face(tmp_path):
    # x² in (x, y): p = (2, 2) lies on the vertical ray {x = 2}, m_N = 1
    ax = newton_polygon("x**2", variables=["x", "y"])
    assert ax.get_title().splitlines()[0] == "λ_N = 1/2, m_N = 1"
    assert any(t.startswith("principal face (dim 1") for t in _legend_texts(ax))
    _written_png(save_newton_polygon("x**2", tmp_path / "ray.png", variables=["x", "y"]))


def test_large_exponents_keep_integer_ticks():
    ax = newton_polygon("x**20 + x**3*y**4 + y**9")
    assert ax.get_title().splitlines()[0] == "λ_N = 21/80, m_N = 1"
    assert all(float(t).is_integer() for t in ax.get_xticks())


@pytest.mark.parametrize("K,variables,match", [
    ("x**2 + y**2 + z**2", None, "exactly two variables, got 3 .x, y, z."),
    ("x**2", None, "exactly two variables, got 1"),
    (SumOfSquares(["a*b", "c"]), None, "exactly two variables, got 3"),
    ("x**2 + y**2", ["x", "y", "z"], "exactly two variables, got 3"),
    ("1 + x*y", None, "constant term"),
    ("0", ["x", "y"], "K is zero"),
    (3.5, None, "expected K as a string"),
])
def test_refuses_what_it_cannot_draw(K, variables, match):
    with pytest.raises(InputError, match=match) as info:
        newton_polygon(K, variables=variables)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("prior,match", [
    ({"z": 1}, "prior names variables not in K: z"),
    ({"x": -1}, "nonnegative integer"),
    ({"x": 1.5}, "nonnegative integer"),
    ({"x": True}, "nonnegative integer"),
])
def test_bad_priors(prior, match):
    with pytest.raises(InputError, match=match):
        newton_polygon("x**2 + y**2", prior=prior)


def test_prior_accepts_integer_strings():
    ax = newton_polygon("x**2 + y**2", prior={"x": "2"})
    assert ax.get_title().splitlines()[0] == "λ_N = 2, m_N = 1"


def test_missing_matplotlib_is_one_input_error(monkeypatch, tmp_path):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    for call in (lambda: newton_polygon("x**2 + y**3"),
                 lambda: save_newton_polygon("x**2 + y**3", tmp_path / "no.png")):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value) == MISSING_MATPLOTLIB == "plotting needs matplotlib: pip install 'rlct[plot]'"
    assert not (tmp_path / "no.png").exists()
