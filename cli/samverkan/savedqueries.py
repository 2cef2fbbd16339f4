"""Saved queries: grlc-style headers, BASIL parameters, and safe binding of values.

A parameter is a variable named by the BASIL convention: ``?_name`` (required), ``?__name``
(optional), with a type suffix: ``_iri``, ``_integer``, ``_xsd_<datatype>`` or a language tag
(``_sv``). A value is checked against its type, written as an escaped RDF term and put in place of
the variable token; strings, IRIs and comments of the query are never touched, so a value cannot
change the shape of the query.

The headers are YAML, and PyYAML costs ``samverkan query`` a fifth of its start-up: what a header
says (summary, description, tags, defaults, enumerated values) is compiled into a small JSON file
in the cache folder (``.stamps/query-headers.json``) whenever the store is opened through the
full path (``compile_headers``), one entry per query file, trusted while the file keeps the size
and modification time it had; a changed or new query is read with YAML until the next compile.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from .errors import BadInputError, UsageError
from .namespaces import DISPLAY_PREFIXES, PREFIXES
from .paths import resource_dir
from .sparqltext import (
    MAX_QUERY_BYTES,
    QueryText,
    decode_codepoints,
    escape_string,
    substitute,
    tokens,
)

TYPE_CHECKING = False  # the typing and dataclasses modules cost `samverkan query` start-up
if TYPE_CHECKING:
    from typing import Any

XSD = PREFIXES["xsd"]
# in the stamps folder of store.py: `samverkan cache clear` removes it with the stamps
HEADERS_FILE = ".stamps/query-headers.json"
HEADERS_VERSION = 1
# a query file changed within this many seconds may not show it in its time yet (as store.py)
RACY_SECONDS = 2.0

_PARAM = re.compile(r"^[?$](__?)([A-Za-z][A-Za-z0-9]*)(?:_(.+))?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s\x00-\x20]*$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
# the lexical forms checked before a typed value is written (others are left to the engine)
_LEXICAL = {
    "integer": re.compile(r"^[+-]?[0-9]+$"),
    "decimal": re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"),
    "gYear": re.compile(r"^-?[0-9]{4}$"),
    "gYearMonth": re.compile(r"^-?[0-9]{4}-(0[1-9]|1[0-2])$"),
}


class Parameter:
    """One BASIL parameter of a saved query, with its header default and enumerated values."""

    def __init__(self, name: str, variable: str, required: bool, kind: str,
                 datatype: str | None = None, lang: str | None = None,
                 default: str | None = None, values: list[str] | None = None) -> None:
        self.name = name
        self.variable = variable  # as written in the query, with its ? or $
        self.required = required
        self.kind = kind  # "iri" | "literal" | "typed" | "lang"
        self.datatype = datatype
        self.lang = lang
        self.default = default
        self.values: list[str] = values if values is not None else []

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.variable, self.required, self.kind, self.datatype, self.lang,
                self.default, self.values)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Parameter) else NotImplemented

    def __repr__(self) -> str:
        return (f"Parameter(name={self.name!r}, variable={self.variable!r}, "
                f"required={self.required!r}, kind={self.kind!r}, datatype={self.datatype!r}, "
                f"lang={self.lang!r}, default={self.default!r}, values={self.values!r})")

    @property
    def optional(self) -> bool:
        """True when the query runs without a value: an ``?__name`` or one with a default."""
        return not self.required or self.default is not None

    @property
    def type_label(self) -> str:
        """The type as a person reads it: iri, string, string@sv, xsd:date…"""
        if self.kind == "iri":
            return "iri"
        if self.kind == "typed":
            datatype = self.datatype or ""
            return "xsd:" + datatype[len(XSD):] if datatype.startswith(XSD) else "typed"
        if self.kind == "lang":
            return f"string@{self.lang}"
        return "string"


class SavedQuery:
    """A saved query file: its header, its parameters and its text, tokenised once."""

    def __init__(self, name: str, path: Path, text: str, summary: str, description: str,
                 tags: list[str], parameters: list[Parameter],
                 parsed: QueryText | None = None) -> None:
        self.name = name
        self.path = path
        self.text = text
        self.summary = summary
        self.description = description
        self.tags = tags
        self.parameters = parameters
        self.parsed = parsed

    def __repr__(self) -> str:
        return f"SavedQuery(name={self.name!r}, path={self.path!r})"

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.parameters if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The query as ``samverkan queries --format json`` lists it."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": self.tags,
            "parameters": [
                {"name": p.name, "required": not p.optional, "type": p.type_label,
                 "default": p.default, "values": p.values}
                for p in self.parameters
            ],
        }

    def describe(self) -> str:
        """The query as ``samverkan queries`` lists it for people: name, summary, -p lines."""
        lines = [self.name, f"    {self.summary}"]
        for p in self.parameters:
            need = "optional" if p.optional else "required"
            default = f", default {p.default}" if p.default is not None else ""
            lines.append(f"    -p {p.name} ({p.type_label}, {need}{default})")
        if self.tags:
            lines.append(f"    tags: {', '.join(self.tags)}")
        return "\n".join(lines) + "\n"


def _header(text: str, path: Path) -> dict[str, Any]:
    lines = [line[3:] if line.startswith("#+ ") else line[2:]
             for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        return {}
    import yaml  # only for a header that is not compiled yet (see compiled_query)

    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as error:
        raise BadInputError(f"bad query header in {path}: {error}".splitlines()[0]) from error
    if not isinstance(header, dict):
        raise BadInputError(f"bad query header in {path}: expected 'key: value' lines")
    return header


def header_fields(text: str, path: Path) -> dict[str, Any]:
    """What the header of a query file says, as plain JSON values (strings and lists of them)."""
    header = _header(text, path)
    enumerate_ = {str(k): [str(v) for v in values]
                  for k, values in _mapping(header.get("enumerate")).items()
                  if isinstance(values, list)}
    tags = header.get("tags") or []
    return {
        "summary": str(header.get("summary", "")).strip(),
        "description": str(header.get("description", "")).strip(),
        "tags": [str(t) for t in (tags if isinstance(tags, list) else [tags])],
        "defaults": {str(k).lstrip("_"): str(v)
                     for k, v in _mapping(header.get("defaults")).items()},
        "enumerate": enumerate_,
    }


def _mapping(value: object) -> dict[Any, Any]:
    """grlc writes defaults as a list of one-key mappings; a plain mapping is accepted too."""
    if isinstance(value, dict):
        return dict(value)
    merged: dict[Any, Any] = {}
    for item in value if isinstance(value, list) else []:
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


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise BadInputError(f"cannot read {path}: {reason}") from error


def parse_query_file(path: Path, fields: dict[str, Any] | None = None) -> SavedQuery:
    """Read one .rq file: its grlc header (or ``fields``, its compiled form) and its BASIL
    parameters."""
    text = _read_query(path)
    return _saved_query(path, text, fields if fields is not None else header_fields(text, path))


def _saved_query(path: Path, text: str, fields: dict[str, Any]) -> SavedQuery:
    parsed = QueryText(text, str(path))
    defaults = fields["defaults"]
    enumerate_ = fields["enumerate"]
    parameters: list[Parameter] = []
    seen: set[str] = set()
    for item in parsed.toks:
        kind, token = item.kind, item.text
        if kind != "var" or token[1:] in seen:
            continue
        seen.add(token[1:])
        parameter = _parse_parameter(token)
        if parameter is None:
            continue
        for key in (parameter.name, token[1:].lstrip("_")):
            if key in defaults:
                parameter.default = defaults[key]
            if key in enumerate_:
                parameter.values = list(enumerate_[key])
        parameters.append(parameter)
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=fields["summary"],
        description=fields["description"],
        tags=list(fields["tags"]),
        parameters=parameters,
        parsed=parsed,
    )


def _file_stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns]


def _read_headers(cache_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((cache_dir / HEADERS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != HEADERS_VERSION:
        return {}
    entries = data.get("queries")
    return entries if isinstance(entries, dict) else {}


def _write_headers(cache_dir: Path, entries: dict[str, Any]) -> None:
    """Write the compiled headers through a temporary file and a rename; a cache folder that
    cannot be written only means the headers are read with YAML next time too."""
    import tempfile

    target = cache_dir / HEADERS_FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, prefix=".query-headers-",
                                         suffix=".tmp", delete=False, encoding="utf-8") as out:
            json.dump({"version": HEADERS_VERSION, "queries": entries}, out, ensure_ascii=False)
        os.replace(out.name, target)
    except OSError:
        return


def compiled_query(path: Path, cache_dir: Path) -> SavedQuery:
    """One saved query, its header taken from the compiled headers in ``cache_dir`` while the
    file is unchanged (by size and time); otherwise read with YAML (nothing is written here:
    ``compile_headers`` does that when the store is opened)."""
    text = _read_query(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise BadInputError(f"cannot read {path}: {error.strerror or error}") from error
    entry = _read_headers(cache_dir).get(str(path))
    if isinstance(entry, dict) and entry.get("stamp") == _file_stamp(stat):
        return _saved_query(path, text, entry["fields"])
    return _saved_query(path, text, header_fields(text, path))


def compile_headers(cache_dir: Path, folder: Path | None = None) -> None:
    """Bring the compiled headers of every saved query in ``cache_dir`` up to date: a file is
    read with YAML only when it changed since; a file changed within RACY_SECONDS, or whose
    header does not read, is left out (that query reads its own header when it runs)."""
    folder = folder or resource_dir("queries")
    entries = _read_headers(cache_dir)
    current: dict[str, Any] = {}
    now = time.time()
    for path in sorted(folder.glob("*.rq")):
        try:
            stat = path.stat()
        except OSError:
            continue
        key = str(path)
        entry = entries.get(key)
        if isinstance(entry, dict) and entry.get("stamp") == _file_stamp(stat):
            current[key] = entry
            continue
        if now - stat.st_mtime < RACY_SECONDS:
            continue
        try:
            fields = header_fields(_read_query(path), path)
        except BadInputError:
            continue
        current[key] = {"stamp": _file_stamp(stat), "fields": fields}
    if current != entries:
        _write_headers(cache_dir, current)


def saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query, by name (the file name without .rq), sorted."""
    folder = folder or resource_dir("queries")
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def find_query(name: str, folder: Path | None = None, cache_dir: Path | None = None
               ) -> SavedQuery:
    """One saved query by name; only its own file is read (start-up time of `query`), its
    header from the compiled headers in ``cache_dir`` when one is given."""
    folder = folder or resource_dir("queries")
    names = sorted(p.stem for p in folder.glob("*.rq"))
    if name in names:
        path = folder / f"{name}.rq"
        return compiled_query(path, cache_dir) if cache_dir is not None else parse_query_file(path)
    import difflib

    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else "; see 'samverkan queries'"
    raise UsageError(f"unknown query '{name}'{hint}")


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
    for prefix, namespace in DISPLAY_PREFIXES.items():
        if value.startswith(prefix + ":") and not value.startswith(prefix + "://"):
            return namespace + value[len(prefix) + 1:]
    return value


def _authority_ok(iri: str) -> bool:
    """An ``//authority`` must have a numeric port, as RFC 3987 (and every engine) wants."""
    import urllib.parse

    try:
        urllib.parse.urlsplit(iri).port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return True


def term_for(parameter: Parameter, value: str) -> str:
    """The value as an RDF term in SPARQL syntax, or a BadInputError naming the parameter."""
    return _check_term(parameter, _write_term(parameter, value))


def _write_term(parameter: Parameter, value: str) -> str:
    def bad(what: str) -> BadInputError:
        return BadInputError(f"parameter '{parameter.name}': {what}: {value!r}")

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: bytes that were not UTF-8 in argv
        raise BadInputError(f"parameter '{parameter.name}': not valid UTF-8 text") from None

    if parameter.kind == "iri":
        iri = expand_iri(value.strip())
        if not _IRI.fullmatch(iri) or not _authority_ok(iri):
            raise bad("not an absolute IRI")
        return f"<{iri}>"
    if parameter.kind == "lang":
        return f'"{escape_string(value)}"@{parameter.lang}'
    if parameter.kind == "typed":
        datatype = parameter.datatype or ""
        local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
        if local in _LEXICAL and not _LEXICAL[local].fullmatch(value):
            raise bad(f"not an xsd:{local}")
        if local == "date":
            import datetime as dt

            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise bad("not an xsd:date (YYYY-MM-DD)") from None
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise bad("not an xsd:date (YYYY-MM-DD)")
        if local == "boolean" and value not in ("true", "false"):
            raise bad("not an xsd:boolean (true or false)")
        return f'"{escape_string(value)}"^^<{datatype}>'
    return f'"{escape_string(value)}"'


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
    return substitute(query.parsed or query.text, terms)


def parameter_values(pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``-p NAME VALUE`` pairs as a mapping; a name given twice is a usage error."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            raise UsageError(f"parameter '{name}' is given twice")
        values[name] = value
    return values


# ---- plans for the click-free `query` path (entry) ------------------------------------------

# put in place of a parameter while a plan is made; a query text holding it gets no plan
_SLOT = "\x00"
# the bound text of every variant is checked once with this term in each slot: the tokens of a
# text with an IRI term in a slot do not depend on the IRI (entry writes only IRIs of characters
# that cannot start or end any other token), so the checks hold for every such term
_SAMPLE_IRI = "<urn:x>"
MAX_PLAN_OPTIONALS = 4


def query_plan(query: SavedQuery) -> dict[str, Any] | None:
    """What ``bind`` and the local checks make of this query, for every set of parameters a call
    can bind, so ``samverkan query`` can bind IRI values without tokenising (without ``re``).

    The plan holds the text, its parameters (name, required, kind, default) and, for each set of
    bound parameters (their indexes), the bound text cut at the parameters (``substitute`` run
    with a marker term, then split on it), with the query form and whether the default graph is
    the union, as the checks of ``sparqltext`` give them for that bound text. None for a query
    the checks refuse, one with more than MAX_PLAN_OPTIONALS optional parameters without a
    default, or one whose text holds the marker.
    """
    text = query.text
    if _SLOT in text:
        return None
    parsed = query.parsed if query.parsed is not None else QueryText(text, str(query.path))
    parameters = query.parameters
    optional = [i for i, p in enumerate(parameters) if not p.required and p.default is None]
    if len(optional) > MAX_PLAN_OPTIONALS:
        return None
    variants: dict[tuple[int, ...], tuple[list[str | int], str, bool]] = {}
    for mask in range(2 ** len(optional)):
        unbound = {index for bit, index in enumerate(optional) if mask >> bit & 1}
        bound = tuple(i for i in range(len(parameters)) if i not in unbound)
        terms = {parameters[i].variable[1:]: f"{_SLOT}{i}{_SLOT}" for i in bound}
        cut = substitute(parsed, terms).split(_SLOT) if terms else [text]
        segments: list[str | int] = [int(p) if k % 2 else p for k, p in enumerate(cut)]
        sample = "".join(_SAMPLE_IRI if k % 2 else p for k, p in enumerate(cut))
        try:
            checked = QueryText(sample, str(query.path))
            form = checked.check_local()
        except BadInputError:
            return None
        variants[bound] = (segments, form, not checked.names_dataset)
    return {
        "path": str(query.path),
        "text": text,
        "parameters": [(p.name, p.required, p.kind, p.default) for p in parameters],
        "variants": variants,
        "max_bytes": MAX_QUERY_BYTES,
    }


def query_plans(cache_dir: Path, folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """The plan of every saved query that has one, by name (headers as ``find_query`` reads
    them: compiled in ``cache_dir`` where current)."""
    folder = folder or resource_dir("queries")
    plans = {}
    for path in sorted(folder.glob("*.rq")):
        try:
            plan = query_plan(compiled_query(path, cache_dir))
        except BadInputError:
            continue
        if plan is not None:
            plans[path.stem] = plan
    return plans
