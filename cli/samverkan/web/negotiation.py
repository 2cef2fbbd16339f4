"""Content negotiation: the ``Accept`` header and the ``format`` parameter.

The first acceptable media type by quality (then by order) wins; ``*/*``, a missing header or
an Accept with nothing we serve gives the default, so a plain client always gets an answer.
"""

from __future__ import annotations

SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
RDF_FORMATS = {
    "html": "text/html",
    **GRAPH_FORMATS,
    "trig": "application/trig",
    "nquads": "application/n-quads",
}
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/plain": "ntriples",
    "application/json+ld": "jsonld",
    "application/xhtml+xml": "html",
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "nq": "nquads",
    "srj": "json",
    "srx": "xml",
}


def parse_accept(header: str) -> list[str]:
    """Media types of an Accept header, best first (quality, then the order given)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        quality = 1.0
        for piece in pieces[1:]:
            if piece.startswith("q="):
                try:
                    quality = float(piece[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media))
    return [media for _, _, media in sorted(ranked)]


def choose(header: str, formats: dict[str, str], default: str) -> str:
    """The format key for an Accept header among ``formats``."""
    by_media = {media: key for key, media in formats.items()}
    for media in parse_accept(header):
        if media in by_media:
            return by_media[media]
        alias = ALIASES.get(media)
        if alias in formats:
            return alias
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


def format_from_param(value: str | None, formats: dict[str, str]) -> str | None:
    """A ``format=`` value (a key, a media type or a short alias) as a format key, or None."""
    if not value:
        return None
    value = value.strip().lower()
    if value in formats:
        return value
    for key, media in formats.items():
        if media == value:
            return key
    alias = ALIASES.get(value)
    return alias if alias in formats else None


def wants_html(header: str) -> bool:
    """True when a browser asks: text/html ranks before every other type it names."""
    for media in parse_accept(header):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media != "*/*":
            return False
    return False
