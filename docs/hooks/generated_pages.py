"""mkdocs hook: pages generated at build time from the code, so they never go stale.

Two markers are replaced in the Markdown source before it is rendered:

* ``<!-- rlct:cli -->`` (``reference/cli.md``): the ``--help`` of the ``rlct`` command and of every
  subcommand, read from the argparse parser in ``rlct.cli``, plus ``python -m rlct.zoo_builders --help``;
* ``<!-- rlct:zoo -->`` (``zoo.md``): the catalog from ``rlct.zoo.entries()``, a summary by family and
  one table per family.

If a marker is missing (a page renamed, the marker edited away) the build fails after the last page, so a
generated table cannot silently disappear.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
from collections import Counter

CLI_MARKER = "<!-- rlct:cli -->"
ZOO_MARKER = "<!-- rlct:zoo -->"
HELP_WIDTH = "80"  # argparse wraps at $COLUMNS; fixed so the page does not depend on the terminal

_rendered: set[str] = set()


def on_pre_build(config) -> None:
    _rendered.clear()


def on_page_markdown(markdown: str, page, config, files) -> str:
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
        _rendered.add(CLI_MARKER)
    if ZOO_MARKER in markdown:
        markdown = markdown.replace(ZOO_MARKER, zoo_tables())
        _rendered.add(ZOO_MARKER)
    return markdown


def on_post_build(config) -> None:
    missing = {CLI_MARKER, ZOO_MARKER} - _rendered
    if missing:
        from mkdocs.exceptions import PluginError
        raise PluginError(f"generated_pages hook: no page contains {', '.join(sorted(missing))}")


# --- CLI reference ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _columns(width: str):
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = width
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of each subcommand, in the order they were declared."""
    out = []
    for action in parser._actions:  # argparse keeps no public list of subparsers
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            out.extend((name, helps.get(name, ""), sub) for name, sub in action.choices.items())
    return out


def _walk(parser, help_line: str, level: int) -> list[str]:
    lines = [f"{'#' * level} `{parser.prog}`", ""]
    if help_line:
        lines += [help_line[0].upper() + help_line[1:] + ".", ""]
    lines += ["```text", parser.format_help().rstrip(), "```", ""]
    for _name, sub_help, sub in _subcommands(parser):
        lines += _walk(sub, sub_help, min(level + 1, 4))
    return lines


def _module_help(main, prog: str) -> str:
    """The --help text of a script whose parser is built inside its main()."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
        main(["--help"])
    return buf.getvalue().replace("usage: zoo_builders.py", f"usage: {prog}").rstrip()


def cli_reference() -> str:
    from rlct.cli import build_parser
    from rlct import zoo_builders

    with _columns(HELP_WIDTH):
        lines = _walk(build_parser(), "", 2)
        builders = _module_help(zoo_builders.main, "python -m rlct.zoo_builders")
    lines += ["## `python -m rlct.zoo_builders`", "",
              "Regenerates the catalog files `zoo/*.json` with fresh confirmations "
              "(see [Add a zoo entry](../howto/add-zoo-entry.md)).", "",
              "```text", builders, "```", ""]
    return "\n".join(lines)


# --- zoo tables ------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _params(params: dict) -> str:
    """Parameters as one code span.

    >>> _params({"M": 3, "widths": [1, 2]}), _params({})
    ('`M=3, widths=[1, 2]`', '—')
    """
    if not params:
        return "—"
    return _cell("`" + ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in params.items()) + "`")


def _source_link(source: dict) -> str:
    """The source's authors and year, linked to its DOI or arXiv page; the full citation is the tooltip.

    >>> _source_link({"id": "arXiv:2411.13392", "citation": "Kosta & Windisch 2024, real lcts of arrangements"})
    '[Kosta & Windisch 2024](https://arxiv.org/abs/2411.13392 "Kosta & Windisch 2024, real lcts of arrangements")'
    >>> _source_link({"id": "REFERENCE §5", "citation": "Aoyagi 2006 (tanh networks), as transcribed"})
    'Aoyagi 2006 (REFERENCE §5)'
    """
    ident, citation = source.get("id", ""), source.get("citation", "")
    short = _authors_year(citation) or ident
    title = citation.replace('"', "'")
    if ident.startswith("doi:"):
        return f'[{_cell(short)}](https://doi.org/{ident[4:]} "{title}")'
    if ident.lower().startswith("arxiv:"):
        return f'[{_cell(short)}](https://arxiv.org/abs/{ident[6:]} "{title}")'
    return _cell(f"{short} ({ident})" if ident and ident != short else short)


def _authors_year(citation: str) -> str:
    """"Authors year" from the start of a citation; three or more authors become "First et al.".

    >>> _authors_year("Chen, Lau, Mendel, Wei, Murfet 2023, Dynamical versus Bayesian phase transitions")
    'Chen et al. 2023'
    >>> _authors_year("Aoyagi & Watanabe 2005, Stochastic complexities"), _authors_year("A note (no year)")
    ('Aoyagi & Watanabe 2005', 'A note')
    """
    found = re.match(r"^(.*?)\s*\b((?:19|20)\d\d)\b", citation)
    if not found:
        return re.split(r", | \(", citation, maxsplit=1)[0]
    authors, year = found[1].rstrip(", "), found[2]
    names = re.split(r",\s*|\s+&\s+|\s+and\s+", authors)
    return f"{names[0]} et al. {year}" if len(names) > 2 else f"{authors} {year}"


def _lambda(entry) -> str:
    from rlct.poly import fraction_str
    value = fraction_str(entry.lam)
    return value if entry.status == "exact" else f"≤ {value}"


def zoo_tables() -> str:
    from rlct import zoo

    rows = zoo.entries()
    families = sorted({e.family for e in rows})
    count = Counter(e.family for e in rows)
    exact = Counter(e.family for e in rows if e.status == "exact")
    local = Counter(e.family for e in rows if e.scope == "local")
    out = [f"**{len(rows)} entries in {len(families)} families**, "
           f"{sum(exact.values())} of them exact.", "",
           "| family | entries | exact | local | λ range |", "|---|---:|---:|---:|---|"]
    for fam in families:
        lams = [e.lam for e in rows if e.family == fam]
        span = _fraction(min(lams)) + ("" if min(lams) == max(lams) else f" … {_fraction(max(lams))}")
        out.append(f"| [{fam}](#{_anchor(fam)}) | {count[fam]} | {exact[fam]} | {local[fam]} | {span} |")
    out.append("")
    for fam in families:
        out += [f"## {fam}", "", f"{count[fam]} {'entry' if count[fam] == 1 else 'entries'}.", "", '<div class="zoo-table" markdown>', "",
                "| id | params | λ | m | status | scope | routes | sources |",
                "|---|---|---|---:|---|---|---|---|"]
        for e in (e for e in rows if e.family == fam):
            routes = ", ".join(sorted({c["route"] for c in e.confirmations}))
            sources = "<br>".join(_source_link(s) for s in e.sources)
            out.append(f"| `{e.id}` | {_params(e.params)} | {_lambda(e)} | {e.m} | {e.status} | {e.scope} "
                       f"| {routes} | {sources} |")
        out += ["", "</div>", ""]
    return "\n".join(out)


def _fraction(q) -> str:
    from rlct.poly import fraction_str
    return fraction_str(q)


def _anchor(heading: str) -> str:
    """The id the toc extension gives a heading made of lowercase words and hyphens."""
    return heading.lower().replace(" ", "-")
