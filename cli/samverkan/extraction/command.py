"""What ``samverkan extract`` does, kept out of cli.py so the command stays a thin wrapper.

Every article is read and extracted before anything is written: a bad input (missing, empty,
binary, non-UTF-8, too large, a folder where a file is wanted) stops the run with one line and
exit 3, and no output file is left half-written (files are written atomically).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import BadInputError, UsageError
from ..paths import write_atomically
from .core import extract
from .output import dumps
from .reading import Article, read_article


def expand(paths: list[Path], allow_dirs: bool) -> list[Path]:
    """The article files named; a folder stands for its ``*.txt`` files only where allowed."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir() and allow_dirs:
            found = sorted(path.glob("*.txt"))
            if not found:
                raise BadInputError(f"{path}: holds no .txt articles")
            out.extend(found)
        else:
            out.append(path)
    return out


def _trig(result: dict, article: Article) -> str:
    """Unreviewed candidates in the article's graph: the curation draft's own writer."""
    from ..curation.draft import candidates_trig

    return candidates_trig(result, article)


def _is_dir_target(output: str) -> bool:
    return Path(output).is_dir() or output.endswith((os.sep, "/"))


def run(paths: list[Path], fmt: str, output: str | None) -> str | None:
    """Extract every article; write to ``output`` (a file, or a folder: an existing one or a
    path ending in /) or return the text for stdout."""
    articles = [read_article(path) for path in expand(paths, allow_dirs=False)]
    results = [(extract(article), article) for article in articles]
    if output is not None and _is_dir_target(output):
        folder = Path(output)
        files = []
        for result, article in results:
            if fmt == "trig":
                files.append((folder / f"{article.key}.trig", _trig(result, article)))
            else:
                suffix = "jsonl" if fmt == "jsonl" else "json"
                files.append((folder / f"{article.name}.{suffix}", dumps(result, fmt)))
        names = [path.name for path, _ in files]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise BadInputError(f"two articles would both be written to {folder / twice[0]}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BadInputError(f"{folder}: cannot create the folder ({error.strerror})") from None
        for path, text in files:
            write_atomically(path, text.encode("utf-8"))
        return None
    if fmt == "trig":
        text = "".join(_trig(result, article) for result, article in results)
    elif fmt == "jsonl" or len(results) == 1:
        text = "".join(dumps(result, fmt) for result, _ in results)
    else:
        text = json.dumps([result for result, _ in results], ensure_ascii=False,
                          indent=2) + "\n"
    if output is None:
        return text
    _write(Path(output), text)
    return None


def _write(path: Path, text: str) -> None:
    if not path.parent.is_dir():
        raise BadInputError(f"{path}: its folder does not exist")
    write_atomically(path, text.encode("utf-8"))


def run_eval(paths: list[Path], gold_dir: Path, fmt: str | None,
             output: str | None) -> str | None:
    """Extract the articles (a folder stands for its .txt files) and score them against gold.

    The report is text unless ``fmt`` asks for json.
    """
    from .evaluate import evaluate, load_gold

    if fmt == "trig":
        raise UsageError("--eval prints a report: use --format json or the default text")
    gold = load_gold(gold_dir)
    articles = [read_article(path) for path in expand(paths, allow_dirs=True)]
    report = evaluate((extract(article) for article in articles), gold)
    if fmt in ("json", "jsonl"):
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = report.text()
    if output is None:
        return text
    _write(Path(output), text)
    return None
