"""Reading an article file and locating its sentences: the one implementation of the locator rule.

The rule is the one of docs/curation.md ("Locators"): paragraphs are the non-blank lines of the
file, counted from 1; a sentence ends at ".", "!" or "?" (optionally followed by a closing quote)
when whitespace and then an upper-case letter, a digit, a dash or a quotation mark follow.
An optional first line ``source: <address>`` followed by a blank line is the article's address
and is not a paragraph.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import BadInputError

#: Articles are short texts; anything larger is refused before it is read.
MAX_BYTES = 10 * 1024 * 1024

_SENTENCE_END = re.compile(r"[.!?][”\"»]?\s+")
_SOURCE_LINE = re.compile(r"source:[ \t]*(\S+)[ \t]*")


def paragraphs(text: str) -> list[str]:
    """Paragraphs are the non-blank lines of the text, stripped, counted from 1."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences by the locator rule (a line without an end is one)."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        if match.end() >= len(paragraph):
            break
        following = paragraph[match.end()]
        if following.isupper() or following.isdigit() or following in "–—”\"«":
            found.append(paragraph[start:match.end()].rstrip())
            start = match.end()
    found.append(paragraph[start:])
    return found


def sentence_at(text: str, paragraph: int, sentence: int) -> str:
    """The sentence a locator points to (1-based), or IndexError when it points nowhere."""
    if paragraph < 1 or sentence < 1:
        raise IndexError(f"p{paragraph}s{sentence}")
    return sentences(paragraphs(text)[paragraph - 1])[sentence - 1]


def split_source_header(text: str) -> tuple[str | None, str]:
    """The address of an optional ``source:`` first line (with a blank line after) and the body."""
    lines = text.split("\n", 2)
    if len(lines) >= 2 and lines[1].strip() == "":
        match = _SOURCE_LINE.fullmatch(lines[0].strip("\r\ufeff"))
        if match:
            return match.group(1), lines[2] if len(lines) > 2 else ""
    return None, text


@dataclass
class Article:
    """One article: its name, address, hash and paragraphs, so claims can point into it."""

    name: str
    source: str | None
    sha256: str
    text: str
    paragraphs: list[str] = field(repr=False)

    @property
    def key(self) -> str:
        """The first 16 hex digits of the hash: the article's key in data/sources/<key>.trig."""
        return self.sha256[:16]

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "article", label: str | None = None) -> Article:
        """Decode and split an article; BadInputError for empty, binary or non-UTF-8 input.

        ``label`` is how error messages name the input (its path), by default ``name``.
        """
        name_shown = label or name
        if len(data) > MAX_BYTES:
            raise BadInputError(f"{name_shown}: {len(data)} bytes is larger than the "
                                f"{MAX_BYTES} bytes an article may have")
        if b"\x00" in data:
            raise BadInputError(f"{name_shown}: a binary file, not a text article")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadInputError(f"{name_shown}: not UTF-8 text (byte {error.start})") from None
        source, body = split_source_header(text)
        found = paragraphs(body)
        if not found:
            raise BadInputError(f"{name_shown}: the article has no text")
        return cls(name=name, source=source, sha256=hashlib.sha256(data).hexdigest(),
                   text=body, paragraphs=found)

    @classmethod
    def from_text(cls, text: str, name: str = "article") -> Article:
        """An article from a string (its hash is that of the UTF-8 bytes)."""
        return cls.from_bytes(text.encode("utf-8"), name)

    @cached_property
    def _sentences(self) -> list[list[str]]:
        return [sentences(paragraph) for paragraph in self.paragraphs]

    def sentences(self, p: int) -> list[str]:
        """The sentences of paragraph ``p`` (1-based); IndexError when there is none."""
        if p < 1:
            raise IndexError(f"p{p}")
        return self._sentences[p - 1]

    def sentence(self, p: int, s: int) -> str:
        """The sentence ``s`` of paragraph ``p`` (both 1-based), as a locator ``pPsS`` names."""
        if s < 1:
            raise IndexError(f"p{p}s{s}")
        return self.sentences(p)[s - 1]


def read_article(path: Path) -> Article:
    """Read one article file; BadInputError (exit 3) for a missing, empty, binary or huge file."""
    path = Path(path)
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, not an article file")
    if not path.is_file():
        raise BadInputError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise BadInputError(f"{path}: {size} bytes is larger than the {MAX_BYTES} bytes "
                            "an article may have")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{path}: cannot be read ({error.strerror})") from None
    return Article.from_bytes(data, name=path.stem, label=str(path))
