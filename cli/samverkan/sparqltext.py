"""SPARQL query text: tokens, query form, the read-only check, dataset clauses, substitution.

Why one module: every question samverkan asks of a query text (what form is it, is it an update,
does it call SERVICE, where do FROM clauses go, which tokens are the parameters) is answered from
the same tokens, so a comment or a string can never fool one check and not another. A
``QueryText`` tokenises once; every function here accepts one (or a plain string, tokenised then).

The checks run on the query as an engine parses it: SPARQL decodes ``\\uXXXX``/``\\UXXXXXXXX``
escapes in the whole text before parsing (rdflib does; the grammar allows them anywhere), so
``SERV\\u0049CE`` is a SERVICE. When the text holds such escapes both spellings are checked.
Nothing here imports an engine; it is cheap enough for the ``query`` start-up path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .errors import BadInputError

TYPE_CHECKING = False  # the typing and dataclasses modules cost `samverkan query` start-up
if TYPE_CHECKING:
    from typing import TextIO

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD",
                "WITH")
MAX_NESTING = 64
"""Deepest nesting of ``{…}``, ``(…)`` and ``[…]`` a query may have; SPARQL parsers recurse per
level, and a few thousand levels crash them (a segfault in the embedded store)."""
MAX_QUERY_BYTES = 1_000_000
"""A query is a few kilobytes; a megabyte of query text is a mistake or an attack."""

_MODIFIERS = ("WHERE", "ORDER", "LIMIT", "OFFSET", "VALUES", "GROUP", "HAVING")

# SPARQL tokens that must be skipped whole when looking for words and variables.
_TOKEN = re.compile(
    r'''(?P<long_string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\s]*>)'''
    r'''|(?P<comment>\#[^\n]*)'''
    # a variable's characters: A-Z a-z 0-9 _ and U+00C0-U+FFFF, written as the complement
    # (compiling the range itself walks its 65,000 code points: 6 ms of every start-up)
    r'''|(?P<var>[?$][^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xbf\U00010000-\U0010ffff]+)'''
    r'''|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)'''
    r'''|(?P<open>\()|(?P<close>\))|(?P<brace>\{)'''
    r'''|(?P<other>.)''',
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_HEX = frozenset("0123456789abcdefABCDEF")
_ECHAR = {'"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_OPENERS = {"{": "}", "(": ")", "[": "]"}
_CLOSERS = frozenset(_OPENERS.values())


class Token:
    """One token: its kind (a group name of the tokenizer), its text and where it starts."""

    __slots__ = ("kind", "text", "start")

    def __init__(self, kind: str, text: str, start: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.kind, self.text, self.start) == (other.kind, other.text, other.start)

    def __hash__(self) -> int:
        return hash((self.kind, self.text, self.start))

    def __repr__(self) -> str:
        return f"Token(kind={self.kind!r}, text={self.text!r}, start={self.start!r})"

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def upper_word(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs of a SPARQL query."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup or "other", match.group()


def _tokenise(text: str) -> list[Token]:
    return [Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKEN.finditer(text)]


def decode_codepoints(text: str) -> str:
    """What a SPARQL parser sees after decoding ``\\u``/``\\U`` escapes (done before parsing)."""
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()
    return _CODEPOINT.sub(char, text)


def _significant(toks: list[Token]) -> Iterator[Token]:
    return (t for t in toks if t.kind != "comment" and not t.text.isspace())


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class QueryText:
    """A query text tokenised once, with the checks every engine needs.

    ``source`` names where the text came from (a file, ``-`` for stdin, a saved query), so an
    error can say where to look.
    """

    toks: list[Token]
    decoded_toks: list[Token] | None

    def __init__(self, text: str, source: str = "query") -> None:
        self.text = text
        self.source = source
        self._tokenise()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryText):
            return NotImplemented
        return (self.text, self.source) == (other.text, other.source)

    def __repr__(self) -> str:
        return f"QueryText(text={self.text!r}, source={self.source!r})"

    def _tokenise(self) -> None:
        try:
            size = len(self.text.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: bytes that were not UTF-8 in argv
            raise BadInputError(f"{self.source}: the query is not valid UTF-8 text") from None
        if size > MAX_QUERY_BYTES:
            raise BadInputError(f"{self.source}: the query is larger than "
                                f"{MAX_QUERY_BYTES // 1_000_000} MB")
        self.toks = _tokenise(self.text)
        decoded = decode_codepoints(self.text) if "\\" in self.text else self.text
        self.decoded_toks = _tokenise(decoded) if decoded != self.text else None
        self._check_nesting()

    def _spellings(self) -> list[list[Token]]:
        """The tokens as written and, where escapes change them, as the engine decodes them."""
        return [self.toks] + ([self.decoded_toks] if self.decoded_toks is not None else [])

    def _check_nesting(self) -> None:
        for toks in self._spellings():
            depth = 0
            for token in toks:
                if token.text in _OPENERS:
                    depth += 1
                    if depth > MAX_NESTING:
                        line = _line_of(self.text, token.start) if toks is self.toks else None
                        where = f"{self.source}, line {line}" if line else self.source
                        raise BadInputError(
                            f"{where}: brackets nested more than {MAX_NESTING} deep "
                            "(samverkan's limit for query text)"
                        )
                elif token.text in _CLOSERS:
                    depth = max(0, depth - 1)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE; an update or anything else is refused."""
        # the decoded spelling first: it is what the engine runs, so its refusal is the one shown
        forms = {_form(toks) for toks in reversed(self._spellings())}
        if len(forms) != 1:
            raise BadInputError("the query reads differently once its \\u escapes are decoded")
        return forms.pop()

    def words(self) -> set[str]:
        """Every keyword-like word (upper case), in either spelling."""
        return {t.upper_word for toks in self._spellings() for t in toks if t.kind == "word"}

    @property
    def names_dataset(self) -> bool:
        """True when the query names its own dataset (FROM / FROM NAMED)."""
        return "FROM" in self.words()

    def check_local(self) -> str:
        """Refuse what a local query must not do (update, SERVICE); return the query form."""
        form = self.form
        if "SERVICE" in self.words():
            raise BadInputError(
                "SERVICE is refused in local queries (no network access); "
                "run the query on an endpoint with --endpoint URL instead"
            )
        return form


def as_query(text: str | QueryText, source: str = "query") -> QueryText:
    """A QueryText, tokenising ``text`` only when it is a plain string."""
    return text if isinstance(text, QueryText) else QueryText(text, source)


def _form(toks: list[Token]) -> str:
    in_declaration = False  # PREFIX/BASE: everything up to the IRI is the declaration
    for token in _significant(toks):
        if in_declaration:
            in_declaration = token.kind != "iri"
            continue
        upper = token.upper_word
        if upper in ("PREFIX", "BASE"):
            in_declaration = True
            continue
        if upper in QUERY_FORMS:
            return upper
        if upper in UPDATE_WORDS:
            raise BadInputError(
                f"updates are refused: samverkan runs read-only queries (got {upper})"
            )
        break
    raise BadInputError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def query_form(text: str | QueryText) -> str:
    """The form of a query, read from its tokens (comments and strings cannot fool it)."""
    return as_query(text).form


def check_local(text: str | QueryText) -> str:
    """Refuse what a local query must not do; return the query form."""
    return as_query(text).check_local()


def dataset_insertion_point(text: str | QueryText) -> int:
    """Where dataset clauses (FROM …) go: after the projection or template, before WHERE."""
    query = as_query(text)
    form = None
    paren = brace = 0
    in_declaration = False
    after_template = False
    for token in _significant(query.toks):
        kind = token.kind
        if form is None:
            if in_declaration:
                in_declaration = kind != "iri"
                continue
            upper = token.upper_word
            if upper in ("PREFIX", "BASE"):
                in_declaration = True
            elif upper in QUERY_FORMS:
                form = upper
                if form == "ASK":
                    return token.end
            continue
        if form == "CONSTRUCT":
            if after_template:
                return token.start
            if kind == "brace":
                brace += 1
            elif token.text == "}":
                brace -= 1
                if brace == 0:
                    after_template = True
            elif brace == 0 and token.upper_word == "WHERE":
                return token.start
            continue
        if kind == "open":
            paren += 1
        elif kind == "close":
            paren -= 1
        elif paren == 0 and (kind == "brace" or token.upper_word in _MODIFIERS):
            return token.start
    if form in ("DESCRIBE", "CONSTRUCT") and (form == "DESCRIBE" or after_template):
        return len(query.text)
    raise BadInputError("not a SPARQL query: no WHERE clause")


def insert_dataset_clauses(text: str | QueryText, graphs: list[str]) -> str:
    """The text with ``FROM <g>`` and ``FROM NAMED <g>`` for each graph (IRIs already checked)."""
    query = as_query(text)
    clauses = "".join(f"FROM <{g}>\n" for g in graphs)
    clauses += "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    at = dataset_insertion_point(query)
    return f"{query.text[:at].rstrip()}\n{clauses}{query.text[at:].lstrip()}"


def substitute(text: str | QueryText, terms: dict[str, str]) -> str:
    """Put terms in place of variable tokens (``terms`` maps a variable name to its term).

    In a SELECT clause a term becomes ``(term AS ?var)`` so the column stays; after ORDER BY or
    GROUP BY it is put in brackets, the only form a constant may take there.
    """
    query = as_query(text)
    out: list[str] = []
    in_projection = False
    in_modifier = False
    depth = 0
    for token in query.toks:
        kind, written = token.kind, token.text
        if kind == "word":
            upper = written.upper()
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
        elif kind == "var" and written[1:] in terms:
            term = terms[written[1:]]
            if in_projection and depth == 0:
                written = f"({term} AS {written})"
            elif in_modifier and depth == 0:
                written = f"({term})"
            else:
                written = term
        out.append(written)
    return "".join(out)


def escape_string(value: str) -> str:
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


def read_query_file(path: Path | str, stdin: TextIO | None = None) -> QueryText:
    """The query in a file (``-``: standard input), as UTF-8; BadInputError naming the file."""
    import sys

    if str(path) == "-":
        stream = stdin if stdin is not None else sys.stdin
        try:
            text = stream.read()
        except UnicodeDecodeError as error:
            raise BadInputError("cannot read the query from standard input: not UTF-8 text"
                                ) from error
        return QueryText(text, "standard input")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise BadInputError(f"cannot read {path}: {reason}") from error
    return QueryText(text, str(path))
