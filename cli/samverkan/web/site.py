"""``samverkan site -o DIR``: the server's pages and per-entity data as static files.

Every IRI under https://w3id.org/samverkan/ that the graph describes gets a folder named after
its path, with ``index.html`` (the page) and ``index.ttl``, ``index.jsonld`` and ``index.nt``
(its statements), so ``/id/kommun/1278/`` works on any static host. Saved-query pages show the
answer for the default values, with the CSV and JSON files beside them under ``api/``. The site
is written into a temporary folder and renamed into place: a failure leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import backend
from .app import entity_rdf
from .views import HERE, Views

if TYPE_CHECKING:
    import pyoxigraph as ox

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*/?$")
ENTITY_FILES = {"turtle": "index.ttl", "jsonld": "index.jsonld", "ntriples": "index.nt"}
SUBJECTS = ("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"https://w3id.org/samverkan/\")) } "
            "ORDER BY ?s")


@dataclass
class SiteSummary:
    pages: int
    entities: int
    files: int


def local_paths(store: ox.Store) -> list[str]:
    """The local paths of every described IRI of ours (hash terms live on their document)."""
    rows = backend.select_rows(store, SUBJECTS, max_rows=10_000_000,
                               deadline=time.monotonic() + 600)
    paths = set()
    for row in rows:
        iri = row["s"].value
        if not Views.is_local(iri):
            continue
        path = iri[len(backend.BASE):].split("#", 1)[0]
        if _SAFE_PATH.match(path) and ".." not in path.split("/"):
            paths.add(path)
    return sorted(paths)


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0

    def write(self, relative: str, data: str | bytes) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1


def write_site(store: ox.Store, output: Path) -> SiteSummary:
    """Write the static site into ``output`` (absent or empty)."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise backend.BadInput(f"{output} exists and is not an empty folder; "
                               "give a new or empty folder")
    parent = output.resolve().parent
    if not parent.is_dir():
        raise backend.BadInput(f"cannot write {output}: its parent folder does not exist")
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=parent))
    try:
        summary = _write_all(store, tmp)
        if output.exists():
            output.rmdir()
        os.replace(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def _write_all(store: ox.Store, root: Path) -> SiteSummary:
    views = Views(store, static=True, max_rows=1_000_000, timeout=600)
    out = _Writer(root)
    pages = 0
    out.write("static/style.css", (HERE / "static" / "style.css").read_bytes())
    out.write("index.html", views.start_page())
    out.write("search/index.html", views.search_page("", everything=True))
    out.write("queries/index.html", views.queries_page())
    out.write("404.html", views.error_page(404, "no such page"))
    pages += 4
    for name, query in views.saved.items():
        text = backend.bind_saved_query(query, [])
        result = backend.execute(store, text, max_rows=1_000_000,
                                 deadline=time.monotonic() + 600)
        defaults = {p.name: p.default or "" for p in query.parameters}
        out.write(f"queries/{name}/index.html",
                  views.query_page(name, defaults, result.table, None, ran=True))
        pages += 1
        if result.table is not None:
            out.write(f"api/{name}.csv", backend.render_table(result.table, "csv"))
            out.write(f"api/{name}.json", backend.render_table(result.table, "json"))
    entities = 0
    for path in local_paths(store):
        iri = backend.BASE + path
        html = views.ontology_page(iri) if path == "ontology" else views.entity_page(iri)
        if html is None:
            continue
        folder = path.rstrip("/")
        out.write(f"{folder}/index.html", html)
        for fmt, filename in ENTITY_FILES.items():
            data = entity_rdf(store, iri, fmt)
            if data is not None:
                out.write(f"{folder}/{filename}", data)
        entities += 1
        pages += 1
    return SiteSummary(pages=pages, entities=entities, files=out.files)
