"""Saved queries: grlc-style headers, BASIL parameters, and safe binding of values.

A parameter is a variable named by the BASIL convention: ``?_name`` (required), ``?__name``
(optional), with a type suffix: ``_iri``, ``_integer``, ``_xsd_<datatype>`` or a language tag
(``_sv``). A value is checked against its type, written as an escaped RDF term and put in place of
the variable token; strings, IRIs and comments of the query are never touched, so a value cannot
change the shape of the query.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BadInputError, UsageError
from .paths import resource_dir
from .results import DISPLAY_PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"

# SPARQL tokens that must be skipped whole when looking for variables.
_TOKEN = re.compile(
    r'''(?P<long_string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\s]*>)'''
    r'''|(?P<comment>\#[^\n]*)'''
    r'''|(?P<var>[?$][A-Za-z0-9_\u00C0-\uFFFF]+)'''
    r'''|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)'''
    r'''|(?P<open>\()|(?P<close>\))|(?P<brace>\{)'''
    r'''|(?P<other>.)''',
    re.DOTALL,
)
_PARAM = re.compile(r"^[?$](__?)([A-Za-z][A-Za-z0-9]*)(?:_(.+))?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s\x00-\x20]*$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_GYEAR = re.compile(r"^-?[0-9]{4}$")
_GYEARMONTH = re.compile(r"^-?[0-9]{4}-(0[1-9]|1[0-2])$")


@dataclass
class Parameter:
    name: str
    variable: str  # as written in the query, with its ? or $
    required: bool
    kind: str  # "iri" | "literal" | "typed" | "lang"
    datatype: str | None = None
    lang: str | None = None
    default: str | None = None
    values: list[str] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        if self.kind == "iri":
            return "iri"
        if self.kind == "typed":
            return "xsd:" + self.datatype[len(XSD):] if self.datatype.startswith(XSD) else "typed"
        if self.kind == "lang":
            return f"string@{self.lang}"
        return "string"


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str
    tags: list[str]
    parameters: list[Parameter]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _header(text: str, path: Path) -> dict:
    lines = [line[3:] if line.startswith("#+ ") else line[2:]
             for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as error:
        raise BadInputError(f"bad query header in {path}: {error}".splitlines()[0]) from error
    if not isinstance(header, dict):
        raise BadInputError(f"bad query header in {path}: expected 'key: value' lines")
    return header


def _mapping(value: object) -> dict:
    """grlc writes defaults as a list of one-key mappings; a plain mapping is accepted too."""
    if isinstance(value, dict):
        return dict(value)
    merged: dict = {}
    for item in value or []:
        if isinstance(item, dict):
            merged.update(item)
    return merged


def _parse_parameter(variable: str) -> Parameter | None:
    match = _PARAM.match(variable)
    if not match:
        return None
    underscores, name, suffix = match.groups()
    required = underscores == "_"
    if suffix is None:
        return Parameter(name, variable, required, "literal")
    if suffix == "iri":
        return Parameter(name, variable, required, "iri")
    if suffix == "integer":
        return Parameter(name, variable, required, "typed", datatype=XSD + "integer")
    if suffix.startswith("xsd_"):
        return Parameter(name, variable, required, "typed", datatype=XSD + suffix[4:])
    if _LANG.match(suffix):
        return Parameter(name, variable, required, "lang", lang=suffix)
    return Parameter(name, variable, required, "literal")


def tokens(text: str):
    """(kind, text) pairs of a SPARQL query."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup, match.group()


def token_spans(text: str):
    """(kind, text, start, end) of each token, for edits that keep the rest of the text."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup, match.group(), match.start(), match.end()


def parse_query_file(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    header = _header(text, path)
    defaults = {str(k).lstrip("_"): v for k, v in _mapping(header.get("defaults")).items()}
    enumerate_ = _mapping(header.get("enumerate"))
    parameters: list[Parameter] = []
    seen: set[str] = set()
    for kind, token in tokens(text):
        if kind != "var" or token[1:] in seen:
            continue
        seen.add(token[1:])
        parameter = _parse_parameter(token)
        if parameter is None:
            continue
        for key in (parameter.name, token[1:].lstrip("_")):
            if key in defaults:
                parameter.default = str(defaults[key])
            if key in enumerate_ and isinstance(enumerate_[key], list):
                parameter.values = [str(v) for v in enumerate_[key]]
        parameters.append(parameter)
    tags = header.get("tags") or []
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header.get("summary", "")).strip(),
        description=str(header.get("description", "")).strip(),
        tags=[str(t) for t in (tags if isinstance(tags, list) else [tags])],
        parameters=parameters,
    )


def saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query, by name (the file name without .rq), sorted."""
    folder = folder or resource_dir("queries")
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def find_query(name: str, folder: Path | None = None) -> SavedQuery:
    """One saved query by name; only its own file is parsed (start-up time of `query`)."""
    folder = folder or resource_dir("queries")
    names = sorted(p.stem for p in folder.glob("*.rq"))
    if name in names:
        return parse_query_file(folder / f"{name}.rq")
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else "; see 'samverkan queries'"
    raise UsageError(f"unknown query '{name}'{hint}")


_HEX = frozenset("0123456789abcdefABCDEF")
_ECHAR = {'"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _escape_string(value: str) -> str:
    """The body of a double-quoted SPARQL string that reads back as exactly ``value``.

    SPARQL decodes ``\\uXXXX`` escapes in the whole query text before it parses anything (rdflib
    even reads eight hex digits after ``\\u``), so a doubled backslash followed by ``u`` would
    still turn into a character. A ``u``/``U`` right after a backslash of the value is therefore
    written as a code-point escape itself, and so is every hex digit that follows such an
    escape: every engine, whether it decodes escapes first or inside strings, reads the same.
    """
    out: list[str] = []
    after_backslash = after_escape = False
    for char in value:
        if char == "\\":
            out.append("\\\\")
            after_backslash, after_escape = True, False
            continue
        if (after_backslash and char in "uU") or (after_escape and char in _HEX):
            out.append(f"\\u{ord(char):04X}")
            after_backslash, after_escape = False, True
            continue
        out.append(_ECHAR.get(char, char))
        after_backslash = after_escape = False
    return "".join(out)


def decode_codepoints(text: str) -> str:
    """What a SPARQL parser sees after decoding ``\\u``/``\\U`` escapes (done before parsing)."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _check_term(parameter: Parameter, term: str) -> str:
    """Prove that the written term is one RDF term to a SPARQL parser, or refuse it."""
    parts = [tok for _, tok in tokens(decode_codepoints(term))]
    kinds = [kind for kind, _ in tokens(decode_codepoints(term))]
    ok = (
        kinds == ["iri"]
        or kinds == ["string"]
        or (kinds[:1] == ["string"] and parts[1:2] == ["^"] and parts[2:3] == ["^"]
            and kinds[3:] == ["iri"])
        or (kinds[:1] == ["string"] and parts[1:2] == ["@"]
            and "".join(parts[2:]) == (parameter.lang or ""))
    )
    if not ok:
        raise BadInputError(f"parameter '{parameter.name}': value cannot be written safely")
    return term


def expand_iri(value: str) -> str:
    """Accept the short forms samverkan prints (``id:kommun/1278``, ``wd:Q1``) as IRIs."""
    for namespace, prefix in DISPLAY_PREFIXES.items():
        if value.startswith(prefix) and not value.startswith(prefix + "//"):
            return namespace + value[len(prefix):]
    return value


def term_for(parameter: Parameter, value: str) -> str:
    """The value as an RDF term in SPARQL syntax, or a BadInputError naming the parameter."""
    return _check_term(parameter, _write_term(parameter, value))


def _write_term(parameter: Parameter, value: str) -> str:
    def bad(what: str) -> BadInputError:
        return BadInputError(f"parameter '{parameter.name}': {what}: {value!r}")

    if parameter.kind == "iri":
        iri = expand_iri(value.strip())
        if not _IRI.fullmatch(iri):
            raise bad("not an absolute IRI")
        return f"<{iri}>"
    if parameter.kind == "lang":
        return f'"{_escape_string(value)}"@{parameter.lang}'
    if parameter.kind == "typed":
        datatype = parameter.datatype
        local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
        checks = {
            "integer": _INTEGER.fullmatch,
            "decimal": _DECIMAL.fullmatch,
            "gYear": _GYEAR.fullmatch,
            "gYearMonth": _GYEARMONTH.fullmatch,
        }
        if local in checks and not checks[local](value):
            raise bad(f"not an xsd:{local}")
        if local == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise bad("not an xsd:date (YYYY-MM-DD)") from None
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise bad("not an xsd:date (YYYY-MM-DD)")
        if local == "boolean" and value not in ("true", "false"):
            raise bad("not an xsd:boolean (true or false)")
        return f'"{_escape_string(value)}"^^<{datatype}>'
    return f'"{_escape_string(value)}"'


def bind(query: SavedQuery, values: dict[str, str]) -> str:
    """The query text with every given or default parameter replaced by its escaped term."""
    unknown = [name for name in values if query.parameter(name) is None]
    if unknown:
        takes = ", ".join(p.name for p in query.parameters) or "no parameters"
        raise UsageError(
            f"query '{query.name}' has no parameter '{unknown[0]}' (it takes: {takes})"
        )
    terms: dict[str, str] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise UsageError(
                    f"query '{query.name}' needs parameter '{parameter.name}' "
                    f"(-p {parameter.name} VALUE)"
                )
            continue
        terms[parameter.variable[1:]] = term_for(parameter, value)
    if not terms:
        return query.text
    return substitute(query.text, terms)


def parameter_values(pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``-p NAME VALUE`` pairs as a mapping; a name given twice is a usage error."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            raise UsageError(f"parameter '{name}' is given twice")
        values[name] = value
    return values


def substitute(text: str, terms: dict[str, str]) -> str:
    """Put terms in place of variable tokens.

    In a SELECT clause a term becomes ``(term AS ?var)`` so the column stays; after ORDER BY or
    GROUP BY it is put in brackets, the only form a constant may take there.
    """
    out: list[str] = []
    in_projection = False
    in_modifier = False
    depth = 0
    for kind, token in tokens(text):
        if kind == "word":
            upper = token.upper()
            if upper == "SELECT":
                in_projection, depth, in_modifier = True, 0, False
            elif upper == "WHERE":
                in_projection = False
            elif upper in ("ORDER", "GROUP"):
                in_modifier = True
            elif upper in ("LIMIT", "OFFSET", "HAVING", "VALUES"):
                in_modifier = False
        elif kind == "brace":
            in_projection = in_modifier = False
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "var" and token[1:] in terms:
            term = terms[token[1:]]
            if in_projection and depth == 0:
                token = f"({term} AS {token})"
            elif in_modifier and depth == 0:
                token = f"({term})"
            else:
                token = term
        out.append(token)
    return "".join(out)
