"""Reading an article file: header, hash, paragraphs and sentences (docs/curation.md "Locators").

PRIVATE STAND-IN: samverkan.extraction owns reading and locating (``read_article``,
``Article.sentences``). Until that module is merged this small reader lets curation work and be
tested on its own; at the merge the lead replaces it with ``samverkan.extraction``'s reader.
Only :func:`read_article` and :class:`Article` are used by the rest of the subpackage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInputError

_END = re.compile(r"[.!?][”\"»]?\s+")
_HEADER = re.compile(r"source:\s*(\S+)\s*$")


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph: an end mark before space and a capital, digit or dash."""
    found, start = [], 0
    for match in _END.finditer(paragraph):
        if match.end() >= len(paragraph):
            break
        following = paragraph[match.end()]
        if following.isupper() or following.isdigit() or following in "–—”\"«":
            found.append(paragraph[start:match.end()].rstrip())
            start = match.end()
    found.append(paragraph[start:].rstrip())
    return found


@dataclass
class Article:
    """One article text as the curator keeps it locally; the graph keeps only its hash."""

    name: str
    text: str
    sha256: str
    source: str | None = None
    paragraphs: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The source key: the first 16 hex digits of the SHA-256 of the file's bytes."""
        return self.sha256[:16]

    @classmethod
    def from_text(cls, text: str, name: str, data: bytes | None = None) -> Article:
        """Parse a text (with its optional ``source: <address>`` line and a blank line)."""
        raw = data if data is not None else text.encode("utf-8")
        lines = text.splitlines()
        source = None
        if lines:
            match = _HEADER.match(lines[0])
            if match:
                source = match.group(1)
                lines = lines[1:]
        paragraphs = [line.strip() for line in lines if line.strip()]
        return cls(name, text, hashlib.sha256(raw).hexdigest(), source, paragraphs)

    def sentences(self, paragraph: int) -> list[str]:
        """The sentences of paragraph ``paragraph`` (1-based)."""
        if paragraph < 1 or paragraph > len(self.paragraphs):
            raise IndexError(f"no paragraph {paragraph}")
        return split_sentences(self.paragraphs[paragraph - 1])

    def sentence(self, paragraph: int, sentence: int) -> str:
        """The sentence a locator p<N>s<M> points to; IndexError when it points nowhere."""
        found = self.sentences(paragraph)
        if sentence < 1 or sentence > len(found):
            raise IndexError(f"no sentence p{paragraph}s{sentence}")
        return found[sentence - 1]

    def locations(self) -> list[tuple[int, int, str]]:
        """Every sentence with its paragraph and sentence number."""
        return [(p, s, text) for p in range(1, len(self.paragraphs) + 1)
                for s, text in enumerate(self.sentences(p), 1)]


def read_article(path: Path) -> Article:
    """Read an article file (UTF-8); its hash is of the exact bytes on disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"cannot read article {path}: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInputError(f"article {path} is not UTF-8 text") from error
    if not text.strip():
        raise BadInputError(f"article {path} is empty")
    return Article.from_text(text, path.stem, data)
