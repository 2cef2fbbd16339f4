"""The public Python API: open a graph, run saved queries and SPARQL, validate, export, load.

Why it exists: samverkan is a library first. The command line (``cli.py``) and the web server are
thin faces over these classes and hold no logic of their own; a notebook user gets the same
answers, the same parameter binding and the same errors (``samverkan.errors``) as the CLI.

    >>> import samverkan
    >>> kg = samverkan.open()
    >>> kg.query("posts-in-kommun", kommun="id:kommun/1278").to_dicts()[0]["role"]

Heavy libraries are imported inside the methods that need them, so ``import samverkan`` stays
cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .errors import UsageError
from .namespaces import PREFIXES
from .results import ResultTable, Term
from .sparqltext import QueryText, as_query

TYPE_CHECKING = False  # typing, decimal and datetime cost `samverkan query` start-up
if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal
    from typing import Any

    from .export import Export, Exported
    from .linking import LinkReport
    from .load import LoadReport
    from .savedqueries import SavedQuery
    from .sources import SourceFile
    from .sparql import Answer
    from .store import BuiltStore
    from .validation import Report

    Value = str | int | float | bool | Decimal | dt.date | None

XSD = PREFIXES["xsd"]
STATS_SECTIONS = {"graphs": "triples by graph", "classes": "instances by class",
                  "sources": "claims by source"}
_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}


def python_value(term: Term | None) -> Value:
    """A term as a plain Python value: an IRI as its full text, numbers, booleans and dates as
    Python numbers, booleans and dates, other literals as their text; None where unbound."""
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    if term is None:
        return None
    if term.kind != "literal" or term.lang:
        return term.value
    datatype = term.datatype or ""
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(term.value)
    except (ValueError, InvalidOperation):
        return term.value  # an ill-typed literal keeps its text
    return term.value


class Result:
    """The answer to a query: a table (SELECT), a boolean (ASK) or triples (CONSTRUCT).

    ``rows`` holds plain Python values (see ``python_value``); ``table`` the RDF terms, for
    output formats that need datatypes and languages.
    """

    def __init__(self, answer: Answer) -> None:
        self.form = answer.form
        self.table: ResultTable | None = answer.table
        self.boolean: bool | None = answer.boolean
        self.ntriples: bytes | None = answer.triples

    @property
    def variables(self) -> list[str]:
        """Column names of a SELECT (empty for ASK, CONSTRUCT and DESCRIBE)."""
        return list(self.table.variables) if self.table is not None else []

    @property
    def rows(self) -> list[tuple[Value, ...]]:
        """Rows of a SELECT as tuples of plain Python values."""
        if self.table is None:
            return []
        return [tuple(python_value(term) for term in row) for row in self.table.rows]

    def __len__(self) -> int:
        return len(self.table.rows) if self.table is not None else 0

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.form == "ASK" else len(self) > 0

    def __repr__(self) -> str:
        if self.form == "ASK":
            return f"<Result ASK {self.boolean}>"
        if self.table is None:
            return f"<Result {self.form}>"
        return f"<Result {self.form}: {len(self)} rows x {len(self.variables)} columns>"

    def to_dicts(self) -> list[dict[str, Value]]:
        """Rows as dicts keyed by variable name (unbound variables hold None)."""
        names = self.variables
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results (full IRIs, CRLF line ends)."""
        return self.render("csv")

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the rows (pandas is the optional extra ``samverkan[pandas]``)."""
        try:
            import pandas
        except ImportError:
            raise UsageError("to_pandas needs pandas: pip install 'samverkan[pandas]'") from None
        return pandas.DataFrame(self.rows, columns=self.variables)

    def render(self, fmt: str = "table") -> str:
        """The result in one output format of the CLI (``results.OUTPUT_FORMATS``)."""
        from .results import render, render_boolean, render_triples

        if self.table is not None:
            return render(self.table, fmt)
        if self.boolean is not None:
            return render_boolean(self.boolean, fmt)
        return render_triples(self.ntriples or b"", fmt)


class KnowledgeGraph:
    """The samverkan graph: the shipped sources plus a user's data folders, compiled into the
    embedded store on first use (kept in ``cache_dir``), or a remote SPARQL endpoint.

    Use ``samverkan.open`` to make one.
    """

    def __init__(self, data_dirs: Iterable[Path | str] = (), cache_dir: Path | str | None = None,
                 *, endpoint: str | None = None, engine: str | None = None,
                 timeout: float | None = None,
                 notice: Callable[[str], None] | None = None) -> None:
        from .sparql import DEFAULT_TIMEOUT, ENGINES

        self.data_dirs = tuple(Path(d) for d in data_dirs)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.endpoint = endpoint
        if engine is not None and engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
        if endpoint is not None:
            from .endpoint import check_endpoint_url

            check_endpoint_url(endpoint)
            if engine is not None:
                raise UsageError("--engine and --endpoint exclude each other (an endpoint has "
                                 "its own)")
        self.engine = engine
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.notice = notice  # where "rebuilding store…" and skipped-file notes go
        self._built: BuiltStore | None = None

    def __repr__(self) -> str:
        where = self.endpoint or f"embedded store, {len(self.data_dirs)} data dir(s)"
        return f"<KnowledgeGraph {where}>"

    # ---- the embedded store ------------------------------------------------------------

    def _local(self, what: str) -> None:
        if self.endpoint is not None:
            raise UsageError(f"{what} works on the local graph, not on an endpoint")

    def build(self, force: bool = False) -> BuiltStore:
        """Compile the sources into the embedded store (only when they changed, or ``force``)."""
        from .store import open_store

        self._local("build")
        if self._built is None or force:
            self._built = open_store(self.data_dirs, self.cache_dir, force=force,
                                     notice=self.notice)
            from .paths import default_cache_dir
            from .savedqueries import compile_headers

            # beside the store, for the fast `query` path (entry): only changed files are read
            compile_headers(self.cache_dir or default_cache_dir())
        return self._built

    def open_current(self) -> BuiltStore | None:
        """The compiled store when it is current and opens, else None; nothing is built or
        written (the fast `samverkan query` path uses it and leaves building to the CLI)."""
        from .store import open_current

        self._local("open_current")
        if self._built is None:
            self._built = open_current(self.data_dirs, self.cache_dir, notice=self.notice)
        return self._built

    @property
    def store(self) -> Any:
        """The pyoxigraph Store (read-only), built on first use."""
        return self.build().store

    # ---- queries -----------------------------------------------------------------------

    def saved_queries(self, tag: str | None = None) -> list[SavedQuery]:
        """The saved queries (``queries/*.rq``), sorted by name; with ``tag``, only those."""
        from .savedqueries import saved_queries

        return [q for q in saved_queries().values() if tag is None or tag in q.tags]

    def bind(self, name: str, params: Mapping[str, str] | None = None) -> QueryText:
        """The text of saved query ``name`` with its parameters bound safely (as ``-p``)."""
        from .paths import default_cache_dir
        from .savedqueries import bind, find_query

        # compiled headers live beside the local store; a remote query leaves the cache alone
        headers = None if self.endpoint is not None else self.cache_dir or default_cache_dir()
        saved = find_query(name, cache_dir=headers)
        return QueryText(bind(saved, dict(params or {})), str(saved.path))

    def query(self, name: str, /, *, params: Mapping[str, str] | None = None,
              timeout: float | None = None, **values: object) -> Result:
        """Run saved query ``name``; parameters as keyword arguments (``kommun="id:kommun/1278"``)
        or as ``params`` (for names that are not Python identifiers)."""
        merged = {k: str(v) for k, v in (params or {}).items()}
        for key, value in values.items():
            if key in merged:
                raise UsageError(f"parameter '{key}' is given twice")
            merged[key] = str(value)
        return self.sparql(self.bind(name, merged), timeout=timeout)

    def sparql(self, text: str | QueryText, *, timeout: float | None = None) -> Result:
        """Run a read-only SPARQL query over the union of all named graphs.

        ``timeout`` (seconds, default the graph's) bounds the query on every engine, and a
        remote call with all its retries.
        """
        from .sparql import run

        query = as_query(text)
        seconds = self.timeout if timeout is None else timeout
        if self.endpoint is None:
            query.check_local()
        answer = run(query, engine=self.engine, endpoint=self.endpoint, timeout=seconds,
                     store_factory=lambda: self.store, data_dirs=self.data_dirs)
        return Result(answer)

    # ---- whole-graph operations ----------------------------------------------------------

    def validate(self, data: Sequence[Path | str] = (), *, data_text: str | None = None,
                 engine: str = "turbo") -> Report:
        """SHACL-validate the graph (plus extra ``data`` files, and ``data_text``: TriG text)
        with pyshacl-turbo, or pySHACL (``engine="pyshacl"``, the reference); see
        ``Report.fails("violation")`` and ``Report.findings``."""
        import tempfile

        from .sources import all_sources
        from .store import STORE_SUBDIR
        from .validation import data_file_sources
        from .validation import validate as run_validation

        self._local("validate")
        built = self.build()
        extra = data_file_sources([Path(p) for p in data])
        location = built.path / STORE_SUBDIR
        graph_files = built.manifest.get("graph_files")
        # validation opens the folder itself once the engine has run (see validation.validate);
        # ours would keep RocksDB open meanwhile: the next call opens it again, without a build
        self._built = None
        del built

        def run(files: list[SourceFile]) -> Report:
            return run_validation(files, engine=engine, compiled_location=location,
                                  compiled_graph_files=graph_files,
                                  compiled_sources=all_sources(self.data_dirs))

        if data_text is None:
            return run(extra)
        with tempfile.TemporaryDirectory(prefix="samverkan-stdin-") as folder:
            path = Path(folder) / "stdin.trig"
            path.write_text(data_text, encoding="utf-8")
            return run(extra + data_file_sources([path]))

    def export(self, format: str = "trig", *, entailments: bool = True) -> Export:
        """The whole dataset serialised (``.data`` bytes); trig, nq and jsonld keep every
        named graph, ttl and nt merge them; ``entailments=False`` leaves graph:entailments
        out."""
        from .entailment import with_entailments
        from .export import export_dataset

        self._local("export")
        return export_dataset(with_entailments(self.store, entailments), format)

    def export_to(self, format: str = "trig", output: Path | str | None = None, *,
                  entailments: bool = True) -> Exported:
        """Stream the export to ``output`` (written atomically) or to standard output
        (``None`` or "-"), without holding the serialised dataset in memory;
        ``entailments=False`` leaves graph:entailments out."""
        from .entailment import with_entailments
        from .export import export_to

        self._local("export")
        return export_to(with_entailments(self.store, entailments), format,
                         None if output is None else Path(output))

    def stats(self, section: str | None = None) -> list[tuple[str, Result]]:
        """Counts by graph, by class and by source article, as (title, Result) pairs; with
        ``section`` (one of STATS_SECTIONS), only that one."""
        from .sparql import Answer
        from .stats import graph_statistics

        self._local("stats")
        if section is not None and section not in STATS_SECTIONS:
            raise UsageError(f"unknown stats section {section!r} (one of: "
                             f"{', '.join(STATS_SECTIONS)})")
        wanted = STATS_SECTIONS.get(section) if section else None
        return [(title, Result(Answer("SELECT", table=table)))
                for title, table in graph_statistics(self.store)
                if wanted is None or title == wanted]

    def load(self, *, graph_store: str | None = None, update: str | None = None,
             query_url: str | None = None, drop_missing: bool = False,
             auth_env: str | None = None, dry_run: bool = False, timeout: float = 60.0,
             retries: int = 3, chunk_size: int = 10_000, on_graph: Any = None,
             entailments: bool = True, jobs: int | None = None) -> LoadReport:
        """Put every named graph into a triple store (Graph Store protocol or SPARQL Update),
        replacing each graph whole, ``jobs`` graphs at a time (default 2, or 1 with credentials:
        see samverkan.load); ``timeout`` is one deadline for the whole load.
        ``entailments=False`` leaves graph:entailments out (for stores with a reasoner)."""
        from .entailment import ENTAILMENT_GRAPH
        from .load import check_jobs, load, make_target
        from .store import STORE_SUBDIR

        self._local("load")
        if jobs is not None:
            check_jobs(jobs)
        target = make_target(graph_store=graph_store, update=update, auth_env=auth_env,
                             timeout=timeout, retries=retries, chunk_size=chunk_size)
        if drop_missing and not query_url:
            raise UsageError("--drop-missing needs --query URL (a SPARQL query endpoint that "
                             "lists the graphs in the store)")
        location = self.build().path / STORE_SUBDIR
        # the load reads the folder through instances of its own, which it reopens to bound its
        # memory (see load.GraphSource); ours would keep RocksDB's caches: the next call
        # opens it again (current, so without a build)
        self._built = None
        return load(None, target, dry_run=dry_run, drop_missing=drop_missing,
                    query_url=query_url, on_graph=on_graph, jobs=jobs, location=location,
                    leave_out=() if entailments else (ENTAILMENT_GRAPH,))

    def link_wikidata(self, endpoint: str | None = None, *, timeout: float = 60.0,
                      write_to: Path | str | None = None) -> LinkReport:
        """Compare the graph's Wikidata links with an endpoint; ``write_to`` writes new links."""
        from .linking import WIKIDATA_ENDPOINT, check_wikidata_links

        self._local("link")
        return check_wikidata_links(self.store, endpoint or WIKIDATA_ENDPOINT, timeout=timeout,
                                    write_to=Path(write_to) if write_to is not None else None)


def open(data_dirs: Iterable[Path | str] = (), cache_dir: Path | str | None = None, *,  # noqa: A001
         endpoint: str | None = None, engine: str | None = None,
         timeout: float | None = None) -> KnowledgeGraph:
    """Open the samverkan graph: the shipped sources plus ``data_dirs`` in the embedded store
    (built on first use, kept in ``cache_dir``), or the remote SPARQL endpoint ``endpoint``."""
    return KnowledgeGraph(data_dirs, cache_dir, endpoint=endpoint, engine=engine,
                          timeout=timeout)
