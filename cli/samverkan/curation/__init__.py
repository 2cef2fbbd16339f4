"""Curation: from an article file and its candidate claims to a reviewed, validated source file.

Public functions: :func:`candidates_trig` (candidates as a draft TriG, also used by ``samverkan
extract --format trig``), :func:`add_article` (``samverkan add``), :func:`review_draft`
(``samverkan review``), :func:`parse_draft`, :func:`load_candidates`, :func:`load_decisions`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .draft import Draft, Meta, candidates_trig, default_resolver, parse_draft, render
from .resolve import Resolver
from .workflow import Added, Outcome, add_article, load_candidates

__all__ = ["Added", "Draft", "Meta", "Outcome", "Resolver", "add_article", "candidates_trig",
           "default_resolver", "load_candidates", "load_decisions", "parse_draft", "render",
           "review_draft"]


def load_decisions(path: Path) -> dict:
    """A script's review decisions (accept/reject/edit/add/reuse) from a JSON file."""
    from .review import load_decisions as load

    return load(path)


def review_draft(draft_path: Path, out_dir: Path, *, data_dirs: tuple[Path, ...] = (),
                 article_path: Path | None = None, decisions: dict | None = None,
                 prompt: Callable[..., str] | None = None,
                 echo: Callable[[str], None] = print) -> Outcome | None:
    """Review a draft (by ``decisions`` for scripts, else interactively through ``prompt``),
    then validate and write ``<out_dir>/<key>.trig``. None when the curator quit."""
    from ..sources import all_sources, shipped_sources
    from ..store import memory_store
    from .review import Session, interactive, scripted
    from .workflow import article_for, finish, read_review_draft

    draft = read_review_draft(draft_path)
    out_dir = Path(out_dir)
    shipped = {Path(s.path).resolve().parent for s in shipped_sources()}
    dirs = tuple(data_dirs)
    if out_dir.resolve() not in shipped and out_dir.is_dir():
        dirs = dirs + (out_dir,)
    sources = all_sources(dirs)
    resolver = Resolver(memory_store(dirs))
    session = Session(draft, resolver, article_for(draft, article_path))
    if decisions is not None:
        kept, outcome = scripted(session, decisions, echo)
    else:
        if prompt is None:
            raise ValueError("an interactive review needs a prompt function")
        answer = interactive(session, prompt, echo)
        if answer is None:
            return None
        kept, outcome = answer
    path, text = finish(session.draft, kept, resolver, out_dir, sources)
    outcome.path = path
    outcome.triples = text.count(" .\n")
    return outcome
