"""Reading and locating articles: source header, hash, key, paragraphs and sentences, bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from samverkan.errors import BadInputError
from samverkan.extraction import Article, read_article
from samverkan.extraction.reading import MAX_BYTES, sentence_at

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extraction"


def test_source_header_hash_key_and_paragraphs() -> None:
    path = FIXTURES / "kommunpolis.txt"
    article = read_article(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.name == "kommunpolis"
    assert article.source == "https://nyheter.example.org/2025/02/kommunpolis-hylte-halmstad"
    assert article.sha256 == digest
    assert article.key == digest[:16]
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0] == "Kommunpolisen delar sin tid mellan två kommuner"
    assert article.sentences(2) == [
        "Sedan i höstas är Petra Lindqvarn kommunpolis i Hylte och Halmstad.",
        "Hon arbetar i Lokalpolisområde Halmstad."]
    assert article.sentence(2, 2) == "Hon arbetar i Lokalpolisområde Halmstad."


def test_without_header_every_line_is_a_paragraph() -> None:
    article = Article.from_text("Rubrik\n\nEtt. Två är 2.5 ggr bl.a. mer! – Tre?\n", "x")
    assert article.source is None
    assert article.name == "x"
    assert article.paragraphs == ["Rubrik", "Ett. Två är 2.5 ggr bl.a. mer! – Tre?"]
    assert article.sentences(2) == ["Ett.", "Två är 2.5 ggr bl.a. mer!", "– Tre?"]
    assert article.sha256 == hashlib.sha256("Rubrik\n\nEtt. Två är 2.5 ggr bl.a. mer! – Tre?\n"
                                            .encode()).hexdigest()


def test_source_line_needs_the_blank_line_after_it() -> None:
    article = Article.from_text("source: https://example.org/a\nRubrik\n")
    assert article.source is None
    assert article.paragraphs == ["source: https://example.org/a", "Rubrik"]


def test_locators_outside_the_article_raise_index_error() -> None:
    article = Article.from_text("Ett. Två.\n")
    assert article.sentence(1, 2) == "Två."
    with pytest.raises(IndexError):
        article.sentence(1, 3)
    with pytest.raises(IndexError):
        article.sentence(2, 1)
    with pytest.raises(IndexError):
        article.sentences(0)
    with pytest.raises(IndexError):
        sentence_at("Ett.", 1, 0)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the article has no text"),
    (b"\n  \n\t\n", "the article has no text"),
    (b"source: https://example.org/x\n\n", "the article has no text"),
    (b"PK\x03\x04\x00\x00binary", "a binary file, not a text article"),
    ("Säkerhetschef".encode("latin-1"), "not UTF-8 text (byte 1)"),
])
def test_bad_bytes_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(BadInputError) as caught:
        read_article(path)
    assert str(caught.value) == f"{path}: {message}"


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(BadInputError, match="is a directory"):
        read_article(tmp_path)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(BadInputError) as caught:
        read_article(path)
    assert str(caught.value) == (f"{path}: {20 * 1024 * 1024} bytes is larger than the "
                                 f"{MAX_BYTES} bytes an article may have")
