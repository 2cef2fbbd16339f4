"""`samverkan extract`: output formats, files and folders, --eval, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.extraction import read_article
from samverkan.extraction.evaluate import evaluate, load_gold

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extraction"
GOLD = FIXTURES / "gold"
ARTICLES = [FIXTURES / "kommunpolis.txt", FIXTURES / "source_only.txt"]


def invoke(*args: str):
    return CliRunner().invoke(main, ["extract", *args])


def test_json_for_one_article_is_one_object() -> None:
    result = invoke(str(ARTICLES[0]))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"] == "kommunpolis"
    assert data["key"] == read_article(ARTICLES[0]).key
    assert [p["name"] for p in data["persons"]] == ["Petra Lindqvarn", "Jonas Strandvall"]


def test_json_for_several_articles_is_a_list_and_jsonl_one_line_each() -> None:
    result = invoke(*map(str, ARTICLES))
    assert [d["article"] for d in json.loads(result.stdout)] == ["kommunpolis", "source_only"]
    lines = invoke("--format", "jsonl", *map(str, ARTICLES)).stdout.splitlines()
    assert [json.loads(line)["article"] for line in lines] == ["kommunpolis", "source_only"]


def test_output_file_and_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = invoke("--format", "jsonl", "-o", str(target), *map(str, ARTICLES))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    folder = tmp_path / "each"
    result = invoke("-o", str(folder) + "/", *map(str, ARTICLES))
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["kommunpolis.json", "source_only.json"]
    saved = json.loads((folder / "source_only.json").read_text(encoding="utf-8"))
    assert saved["persons"][0]["posts"][0]["organisation_from_source"] is True


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kommunpolis i Höör".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    return {
        "empty": (empty, "the article has no text"),
        "binary": (binary, "a binary file, not a text article"),
        "non-utf8": (latin, "not UTF-8 text"),
        "20 MB": (huge, "bytes is larger than"),
        "folder": (tmp_path, "is a directory, not an article file"),
        "missing": (tmp_path / "missing.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "non-utf8", "20 MB", "folder", "missing"])
def test_bad_input_one_line_exit_3_nothing_written(tmp_path: Path, case: str) -> None:
    path, message = _bad_inputs(tmp_path)[case]
    target = tmp_path / "out.json"
    result = invoke("-o", str(target), str(ARTICLES[0]), str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {path}")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_eval_report_over_invented_gold() -> None:
    result = invoke("--eval", str(GOLD), str(FIXTURES / "kommunpolis.txt"),
                    str(FIXTURES / "source_only.txt"), str(FIXTURES / "agreements.txt"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "articles: 3"
    assert "person-post   strict     1.000  0.857  0.923     6     6     7" in lines
    assert "organisation  strict     1.000  0.900  0.947     9     9    10" in lines
    assert "agreement     strict     1.000  0.667  0.800     2     2     3" in lines
    assert "event         strict     1.000  0.000  0.000     0     0     1" in lines
    assert "current/previous right on matched posts: 5/6 = 0.833" in lines
    assert "  agreements  person-post: Bengt Rosmyr — räddningschef — Tibro kommun — current" \
        in lines
    assert "  agreements  agreement: samverkansavtal between Tibro kommun, " \
        "Räddningstjänsten Tibro" in lines
    assert "  kommunpolis  Jonas Strandvall — kommunpolis — Polisen (Falkenbergs kommun) — " \
        "current (gold: previous)" in lines


def test_eval_json_report_and_a_folder_of_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("kommunpolis", "source_only"):
        (folder / f"{name}.txt").write_bytes((FIXTURES / f"{name}.txt").read_bytes())
    result = invoke("--eval", str(GOLD), "--format", "json", str(folder))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == 2
    assert report["scores"]["person-post/strict"] == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 4, "predicted": 4, "gold": 4}
    assert report["status_accuracy"] == 0.75


def test_lenient_accepts_kommunen_where_gold_says_from_source() -> None:
    gold = load_gold(GOLD)
    article = read_article(FIXTURES / "source_only.txt")
    vague = {"article": article.name, "persons": [{"name": "Sara Norrhed", "posts": [
        {"role": "säkerhetssamordnare", "organisation": "kommunen", "current": True}]}],
        "organisations": [], "agreements": [], "events": []}
    report = evaluate([vague], gold)
    assert report.score("person-post", "strict").tp == 0
    assert report.score("person-post", "lenient").tp == 1


def test_eval_bad_gold_folder_and_article_without_gold(tmp_path: Path) -> None:
    result = invoke("--eval", str(tmp_path / "nowhere"), str(ARTICLES[0]))
    assert result.exit_code == 3
    assert result.stderr.strip() == f"Error: {tmp_path / 'nowhere'}: not a folder of gold JSON " \
        "files"
    result = invoke("--eval", str(GOLD), str(FIXTURES / "plural.txt"))
    assert result.exit_code == 3
    assert result.stderr.strip() == "Error: plural: no gold file for this article"


def test_help_names_the_formats_and_eval() -> None:
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0
    for word in ("--format", "jsonl", "trig", "--eval", "GOLD_DIR", "-o"):
        assert word in result.output


def test_two_articles_with_one_name_are_refused_for_a_folder(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "kommunpolis.txt").write_bytes((FIXTURES / "plural.txt").read_bytes())
    folder = tmp_path / "out"
    result = invoke("-o", f"{folder}/", str(ARTICLES[0]), str(other / "kommunpolis.txt"))
    assert result.exit_code == 3
    assert result.stderr.strip() == (f"Error: two articles would both be written to "
                                     f"{folder / 'kommunpolis.json'}")
    assert not folder.exists()


def test_output_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    result = invoke("-o", str(target), str(ARTICLES[0]))
    assert result.exit_code == 3
    assert result.stderr.strip() == f"Error: {target}: its folder does not exist"
