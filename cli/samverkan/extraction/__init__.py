"""Extraction: candidate claims from Swedish articles, and their evaluation against gold.

``read_article`` reads and locates (paragraphs, sentences, hash); ``extract`` proposes
person-post facts, organisations, agreements, events, crisis groups and plans in the gold format
of the development set. Candidates are unreviewed until a curator accepts them.
"""

from __future__ import annotations

from .core import extract
from .reading import Article, read_article

__all__ = ["Article", "extract", "read_article"]
