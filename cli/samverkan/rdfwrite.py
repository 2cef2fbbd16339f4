"""Writing generated RDF: terms, one deterministic TriG graph block, and the file write.

Why a module of its own: the reference importer and ``link wikidata --write`` both generate TriG
files that people diff in review, so both need the same stable layout (one subject paragraph at a
time, prefixed names where the local part allows, IRIs under ``id:`` relative to ``@base``) and
the same safe write (the output folder must exist; a temporary file and a rename, so a failure
leaves the old file). Linking imports this, not the CSV importer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError
from .namespaces import PREFIXES, RDF_TYPE, shorten
from .paths import write_atomically

ID = PREFIXES["id"]
_LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True, order=True)
class Lit:
    """A literal: plain string, language-tagged or typed."""

    value: str
    lang: str = ""
    datatype: str = ""


Term = str | Lit  # a str is an absolute IRI


def escape_literal(value: str) -> str:
    """The body of a double-quoted Turtle/TriG string that reads back as ``value``."""
    return "".join(_ESCAPES.get(char, char) for char in value)


def _render_iri(iri: str, prefixes: dict[str, str]) -> str:
    if iri == RDF_TYPE:
        return "a"
    short = shorten(iri, prefixes, local=_LOCAL_RE)
    if short is not None:
        return short
    if iri.startswith(ID):
        return f"<{iri[len(ID):]}>"  # relative to @base
    return f"<{iri}>"


def _render(term: Term, prefixes: dict[str, str]) -> str:
    if isinstance(term, str):
        return _render_iri(term, prefixes)
    text = f'"{escape_literal(term.value)}"'
    if term.lang:
        return f"{text}@{term.lang}"
    if term.datatype:
        return f"{text}^^{_render_iri(term.datatype, prefixes)}"
    return text


def render_trig(
    triples: Iterable[tuple[str, str, Term]],
    graph: str,
    header: str,
    prefixes: Iterable[str],
) -> str:
    """Serialise sorted triples as one TriG graph block, one subject paragraph at a time.

    ``prefixes`` names the project prefixes (``namespaces.PREFIXES``) the file declares.
    """
    table = {prefix: PREFIXES[prefix] for prefix in sorted(set(prefixes))}
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append("")
    lines.append(f"@base <{ID}> .")
    lines.extend(f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in table.items())
    lines.append("")
    lines.append(f"{_render_iri(graph, table)} {{")
    current = None
    for subject, predicate, obj in triples:
        if subject != current:
            if current is not None:
                lines[-1] = lines[-1][:-2] + " ."
                lines.append("")
            lines.append(f"  {_render_iri(subject, table)}")
            current = subject
        lines.append(f"    {_render_iri(predicate, table)} {_render(obj, table)} ;")
    if current is not None:
        lines[-1] = lines[-1][:-2] + " ."
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write generated text (LF line ends) atomically; one line naming the file on failure."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BadInputError(f"{path.parent}: output folder does not exist")
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror or error}") from error
