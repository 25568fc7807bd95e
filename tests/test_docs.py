"""The documentation site builds in strict mode, and the built pages say what they should (issue 6).

One ``mkdocs build --strict`` into a temporary folder (a warning such as a broken link, a missing
anchor or an unresolved reference fails it), then checks on the HTML: every page of the navigation
exists, the zoo page lists every zoo id, the API page carries ``learning_coefficient``'s docstring, and
the CLI page shows every option of ``rlct lc``. The ``>>>`` examples on the pages run as doctests, so
the prose cannot drift from the code. Skipped when the ``docs`` extra is not installed.
"""
from __future__ import annotations

import doctest
import html
import importlib.util
import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def nav_pages() -> list[str]:
    """The Markdown files named in mkdocs.yml's nav, in order."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                walk(x)

    walk(config["nav"])
    return found


def html_path(site: Path, page: str) -> Path:
    """Where mkdocs (directory URLs) writes a page: a/b.md -> a/b/index.html, index.md -> index.html."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / f"{stem}.html"
    return site / stem / "index.html"


def text_of(path: Path) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_every_nav_page_is_built(site):
    pages = nav_pages()
    assert len(pages) >= 15, pages
    missing = [p for p in pages if not html_path(site, p).is_file()]
    assert not missing, missing
    for p in pages:
        assert (DOCS / p).is_file(), p


def test_zoo_page_lists_every_entry(site):
    from rlct import zoo

    page = text_of(site / "zoo" / "index.html")
    ids = [e.id for e in zoo.entries()]
    absent = [i for i in ids if i not in page]
    assert not absent, absent
    assert f"{len(ids)} entries in {len(zoo.families())} families" in page


def test_api_page_has_the_learning_coefficient_docstring(site):
    import rlct

    page = text_of(site / "reference" / "api" / "index.html")
    first_line = inspect.getdoc(rlct.learning_coefficient).splitlines()[0]
    assert "rlct.learning_coefficient" in page
    assert " ".join(first_line.replace("``", "").split()) in page
    assert "Examples" in page
    assert 'learning_coefficient(SumOfSquares(["a*b","c*d"]))' in page.replace(" ", "")  # its doctest


def test_cli_page_shows_the_options_of_rlct_lc(site):
    from rlct.cli import build_parser

    page = text_of(site / "reference" / "cli" / "index.html")
    lc = next(a for a in build_parser()._actions if a.dest == "command").choices["lc"]
    options = [s for a in lc._actions for s in a.option_strings]
    assert "--sos" in options and "--time-limit" in options
    absent = [o for o in options if o not in page]
    assert not absent, absent
    assert "usage: rlct lc" in page and "usage: rlct crosscheck" in page


def _pycon_blocks(markdown: str) -> list[str]:
    """The ``pycon`` fenced blocks, including those indented inside a list item (dedented)."""
    blocks = re.findall(r"^[ \t]*```pycon\n(.*?)^[ \t]*```", markdown, flags=re.S | re.M)
    return [textwrap.dedent(b) for b in blocks]


@pytest.mark.parametrize("page", sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")
                                        if _pycon_blocks(p.read_text(encoding="utf-8"))))
def test_page_examples_run(page):
    """Each page's ``pycon`` blocks run in order, sharing one namespace, as a doctest."""
    text = (DOCS / page).read_text(encoding="utf-8")
    source = "\n\n".join(_pycon_blocks(text))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, {}, page, str(DOCS / page), 0)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    failures: list[str] = []
    result = runner.run(test, out=failures.append)
    assert result.failed == 0, "".join(failures)


def _console_sessions(markdown: str) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ rlct ...`` line of the ``console`` blocks."""
    sessions = []
    for block in re.findall(r"^[ \t]*```console\n(.*?)^[ \t]*```", markdown, flags=re.S | re.M):
        for chunk in re.split(r"^\$ ", textwrap.dedent(block), flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            sessions.append((command, output))
    return sessions


@pytest.mark.parametrize("page", sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")
                                        if _console_sessions(p.read_text(encoding="utf-8"))))
def test_page_commands_print_what_the_page_shows(page, tmp_path, monkeypatch, capsys):
    """Each ``$ rlct ...`` line of a ``console`` block, run in-process; its output must match the page
    (``...`` elides lines). A command shown without output only has to succeed."""
    import shlex

    from rlct.cli import main

    monkeypatch.chdir(tmp_path)  # e.g. --plot writes a file
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for command, expected in _console_sessions((DOCS / page).read_text(encoding="utf-8")):
        argv = shlex.split(command, comments=True)
        assert argv[0] == "rlct", command
        if "--plot" in argv and importlib.util.find_spec("matplotlib") is None:
            continue  # the plot extra is not installed here
        status = main(argv[1:])
        out = capsys.readouterr()
        got = out.out + out.err
        if not expected.strip():
            assert status == 0, f"{command}: exit {status}\n{got}"
            continue
        assert checker.check_output(expected, got, flags), f"{command}\nexpected:\n{expected}\ngot:\n{got}"


@pytest.mark.parametrize("name", ["generated_pages", "griffe_doctests"])
def test_hook_doctests(name):
    spec = importlib.util.spec_from_file_location(f"docs_hooks_{name}", DOCS / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
