"""The ``samverkan`` command line: a thin click layer over the Python API (``api.py``).

Each command parses its options, calls the API and prints; it holds no logic of its own. Shared
option bundles are decorators (``table_format_option``, ``timeout_option``), so ``--format`` and
``--timeout`` mean the same thing in every command. Nothing heavy is imported at module level:
each command imports what it needs when it runs, so ``samverkan --help`` and ``samverkan query``
never pay for pySHACL, rdflib or the store. Errors from the library become one line on stderr and
the documented exit code (``errors.py``).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    SamverkanError,
)

if TYPE_CHECKING:
    from .api import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])

TABLE_FORMATS = ("table", "csv", "tsv", "json", "md", "xml")  # = results.TABLE_FORMATS
GRAPH_FORMATS = ("ttl", "nt", "jsonld")  # = results.GRAPH_FORMATS
TABLE_FORMAT_HELP = ("Output format: table (for people), csv, tsv, json (SPARQL results), md "
                     "or xml (SPARQL XML results).")
QUERY_TIMEOUT = 30.0  # = sparql.DEFAULT_TIMEOUT
STATS_SECTIONS = ("graphs", "classes", "sources")  # = api.STATS_SECTIONS


class Context:
    """What the global options say; the graph is opened on first use."""

    def __init__(self, data_dirs: tuple[Path, ...], cache_dir: Path | None, debug: bool) -> None:
        self.data_dirs = data_dirs
        self.cache_dir = cache_dir
        self.debug = debug
        self._graph: KnowledgeGraph | None = None

    def graph(self, *, endpoint: str | None = None, engine: str | None = None,
              timeout: float | None = None) -> KnowledgeGraph:
        """The local graph (opened once), or one for an endpoint or another engine."""
        from .api import KnowledgeGraph
        from .store import stderr_notice

        if endpoint is not None or engine is not None or timeout is not None:
            graph = KnowledgeGraph(self.data_dirs, self.cache_dir, endpoint=endpoint,
                                   engine=engine, timeout=timeout, notice=stderr_notice)
            if self._graph is not None:
                graph._built = self._graph._built
            return graph
        if self._graph is None:
            self._graph = KnowledgeGraph(self.data_dirs, self.cache_dir, notice=stderr_notice)
        return self._graph


class SamverkanGroup(click.Group):
    """Turns library errors into one line and an exit code; --debug shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            # one line, as for every other bad input; `--help` shows the usage
            click.echo(f"Error: {error.format_message()}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SamverkanError as error:
            if _debug(ctx):
                traceback.print_exc()
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # the reader stopped early (`samverkan export | head`): not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except RecursionError:
            click.echo("Error: the input is nested too deeply to process", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if _debug(ctx):
                traceback.print_exc()
            click.echo(
                f"Error: internal error: {type(error).__name__}: {error} "
                "(run with --debug for the traceback)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and getattr(ctx.obj, "debug", False)) or "--debug" in sys.argv


def _shown(path: Path) -> str:
    """A path as a person reads it: relative to the current folder when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _split_dirs(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
                ) -> tuple[Path, ...]:
    dirs: list[Path] = []
    for item in value:
        dirs.extend(Path(p) for p in item.split(os.pathsep) if p)
    return tuple(dirs)


def _stderr_is_terminal() -> bool:
    """Progress lines are for people watching, not for logs."""
    return sys.stderr.isatty()


def _fail_on_findings(failed: bool) -> None:
    if failed:
        click.get_current_context().exit(EXIT_FINDINGS)


# ---- shared option bundles ---------------------------------------------------------------------


def table_format_option(*, graphs: bool = False) -> Callable[[F], F]:
    """``--format`` for table results (and, with ``graphs``, for CONSTRUCT/DESCRIBE results)."""
    choices = TABLE_FORMATS + (GRAPH_FORMATS if graphs else ())
    help_text = TABLE_FORMAT_HELP + (" CONSTRUCT/DESCRIBE: ttl (also for table), nt or jsonld."
                                     if graphs else "")
    return click.option("--format", "fmt", type=click.Choice(choices), default="table",
                        show_default=True, help=help_text)


def timeout_option(default: float) -> Callable[[F], F]:
    """``--timeout S``: one overall deadline in seconds, retries included, in every command."""
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                        default=default, show_default=True, metavar="S",
                        help="Give up after S seconds in all (the query or every request, "
                        "retries included).")


def query_options(function: F) -> F:
    """The options shared by `query` and `sparql`: format, engine, endpoint, timeout."""
    options = [
        table_format_option(graphs=True),
        click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default=None,
                     help="Local engine: the embedded Oxigraph store (default) or rdflib's "
                     "reference engine."),
        click.option("--endpoint", metavar="URL",
                     help="Run on this remote SPARQL 1.1 endpoint instead, over the union of "
                     "its named graphs."),
        timeout_option(QUERY_TIMEOUT),
    ]
    for option in reversed(options):
        function = option(function)
    return function


# ---- the commands ------------------------------------------------------------------------------


@click.group(cls=SamverkanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samverkan")
@click.option(
    "--data-dir", "data_dirs", multiple=True, envvar="SAMVERKAN_DATA_DIR",
    callback=_split_dirs, metavar="DIR",
    help="Add your own TriG/Turtle files from DIR to the shipped graph (repeatable; "
    "env SAMVERKAN_DATA_DIR).",
)
@click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="SAMVERKAN_CACHE_DIR",
    help="Where the compiled store is kept (default: the per-user cache folder; "
    "env SAMVERKAN_CACHE_DIR).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def main(ctx: click.Context, data_dirs: tuple[Path, ...], cache_dir: Path | None,
         debug: bool) -> None:
    """samverkan: a knowledge graph of Swedish municipal safety actors.

    Who holds which safety post in which kommun, who cooperates with whom, which agreements,
    plans, crisis groups and events exist, and which article each claim rests on.
    """
    ctx.obj = Context(data_dirs, cache_dir, debug)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the store is current.")
@click.pass_obj
def build(obj: Context, force: bool) -> None:
    """Compile the sources into the embedded store (only when they changed)."""
    built = obj.graph().build(force=force)
    m = built.manifest
    state = f"built in {m['seconds']} s" if built.rebuilt else "current"
    click.echo(
        f"store {state}: {m['quads']} quads in {m['graphs']} graphs "
        f"from {len(m['sources'])} source files"
    )
    click.echo(f"location: {built.path}")


@main.command()
@click.option("--data", "data_files", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Validate FILE (TriG, Turtle, N-Quads, N-Triples; '-': TriG on stdin) with "
              "the graph (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True,
              help="text (grouped, for people), turtle (SHACL report) or json "
              "(docs/validation.md).")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation",
              show_default=True, help="Exit 1 on violations only, or on warnings too.")
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo",
              show_default=True,
              help="SHACL engine: pyshacl-turbo (fast), or pySHACL (the reference; "
              "slower).")
@click.pass_obj
def validate(obj: Context, data_files: tuple[Path, ...], fmt: str, fail_on: str,
             engine: str) -> None:
    """Check the graph (plus --data files and --data-dir) against the SHACL shapes; exit 1 if
    it does not conform."""
    from .validation import render, summary

    files = [p for p in data_files if str(p) != "-"]
    stdin = sys.stdin.read() if len(files) != len(data_files) else None
    report = obj.graph().validate(files, data_text=stdin, engine=engine)
    click.echo(render(report, fmt, fail_on), nl=False)
    if fmt != "text":
        click.echo(summary(report, fail_on), err=True)
    _fail_on_findings(report.fails(fail_on))


@main.command("queries")
@click.option("--tag", help="Only queries with this tag.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.pass_obj
def list_queries(obj: Context, tag: str | None, fmt: str) -> None:
    """List the saved queries with their summary, parameters and tags.

    Each parameter says whether it is required or optional (and its default)."""
    queries = obj.graph().saved_queries(tag)
    if fmt == "json":
        import json

        click.echo(json.dumps([q.to_dict() for q in queries], ensure_ascii=False, indent=2))
        return
    for saved in queries:
        click.echo(saved.describe(), nl=False)


@main.command()
@click.argument("name")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="A parameter value (repeatable); IRIs may be short (id:kommun/1278).")
@query_options
@click.pass_obj
def query(obj: Context, name: str, params: tuple[tuple[str, str], ...], fmt: str,
          engine: str | None, endpoint: str | None, timeout: float) -> None:
    """Run the saved query NAME (see 'samverkan queries')."""
    from .savedqueries import parameter_values

    graph = obj.graph(endpoint=endpoint, engine=engine, timeout=timeout)
    result = graph.sparql(graph.bind(name, parameter_values(params)))
    click.echo(result.render(fmt), nl=False)


@main.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from FILE ('-' for stdin).")
@query_options
@click.pass_obj
def sparql(obj: Context, query_text: str | None, query_file: Path | None, fmt: str,
           engine: str | None, endpoint: str | None, timeout: float) -> None:
    """Run an ad hoc read-only SPARQL query (QUERY or -f FILE) over the whole graph.

    QUERY '-' reads standard input. --timeout bounds the query on every engine (default 30 s)."""
    from .errors import UsageError
    from .sparqltext import QueryText, read_query_file

    if (query_text is None) == (query_file is None):
        raise UsageError("give a query or -f FILE (one of them)")
    if query_file is not None:
        text = read_query_file(query_file)
    elif query_text == "-":
        text = read_query_file("-")
    else:
        text = QueryText(query_text or "", "the query argument")
    graph = obj.graph(endpoint=endpoint, engine=engine, timeout=timeout)
    click.echo(graph.sparql(text).render(fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nq", "ttl", "nt", "jsonld"]),
              default="trig", show_default=True,
              help="RDF format; ttl and nt merge the named graphs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout ('-' for stdout).")
@click.option("--entailments/--no-entailments", default=True, show_default=True,
              help="Include graph:entailments (superclass types, standard links) for stores "
              "without a reasoner.")
@click.pass_obj
def export(obj: Context, fmt: str, output: Path | None, entailments: bool) -> None:
    """Export the whole dataset; TriG, N-Quads and JSON-LD keep every named graph."""
    from .export import GRAPH_FORMATS as NAMED_GRAPH_FORMATS

    exported = obj.graph().export_to(fmt, output, entailments=entailments)
    if fmt not in NAMED_GRAPH_FORMATS:
        click.echo(
            f"note: {fmt} has no named graphs: {exported.graphs} graphs merged into one "
            f"({exported.quads} quads, {exported.triples} distinct triples); "
            "use trig or nq to keep them",
            err=True,
        )
    if output is not None and str(output) != "-":
        click.echo(f"wrote {output} ({exported.size} bytes, {exported.triples} "
                   f"{'triples' if fmt not in NAMED_GRAPH_FORMATS else 'quads'})", err=True)


@main.command()
@click.option("--graph-store", metavar="URL",
              help="SPARQL 1.1 Graph Store endpoint: one PUT per named graph "
              "(Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).")
@click.option("--update", metavar="URL",
              help="SPARQL 1.1 Update endpoint, for stores without the Graph Store protocol: "
              "chunks into a temporary graph, then MOVE onto the real one.")
@click.option("--query", "query_url", metavar="URL",
              help="SPARQL query endpoint used by --drop-missing to list the graphs in the store.")
@click.option("--drop-missing", is_flag=True,
              help="Drop samverkan graphs (IRIs under graph:) that the store has and the "
              "sources no longer have; other graphs are never touched.")
@click.option("--auth-env", metavar="VAR",
              help="Read user:password from the environment variable VAR (default: a netrc "
              "entry for the host, from $NETRC or ~/.netrc).")
@click.option("--dry-run", is_flag=True, help="Say what would be loaded; write nothing.")
@timeout_option(60.0)
@click.option("--retries", type=click.IntRange(0, 20), default=3, show_default=True,
              help="Retries after a connection error, timeout or HTTP 5xx (backoff doubles "
              "from 0.25 s).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Triples per INSERT DATA request with --update.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Graphs sent at the same time, each still replaced whole; after a failure "
              "no further graph is sent.  [default: 2, or 1 with credentials]")
@click.option("--entailments/--no-entailments", default=True, show_default=True,
              help="Load graph:entailments (superclass types, standard links) for stores "
              "without a reasoner.")
@click.pass_obj
def load(obj: Context, graph_store: str | None, update: str | None, query_url: str | None,
         drop_missing: bool, auth_env: str | None, dry_run: bool, timeout: float, retries: int,
         chunk_size: int, jobs: int | None, entailments: bool) -> None:
    """Put every named graph into a triple store, replacing each graph whole (idempotent)."""
    from .load import make_target
    from .namespaces import graph_name

    # checked before the store is opened, so a bad option costs nothing
    make_target(graph_store=graph_store, update=update, auth_env=auth_env, timeout=timeout,
                retries=retries, chunk_size=chunk_size)
    progress = None
    if _stderr_is_terminal() and not dry_run:
        def progress(number: int, total: int, iri: str, triples: int, seconds: float) -> None:
            click.echo(f"[{number}/{total}] {graph_name(iri)}: {triples} triples "
                       f"in {seconds:.2f} s", err=True)

    if drop_missing and not query_url:
        from .errors import UsageError

        raise UsageError("--drop-missing needs --query URL (a SPARQL query endpoint that lists "
                         "the graphs in the store)")
    report = obj.graph().load(graph_store=graph_store, update=update, query_url=query_url,
                              drop_missing=drop_missing, auth_env=auth_env, dry_run=dry_run,
                              timeout=timeout, retries=retries, chunk_size=chunk_size,
                              on_graph=progress, entailments=entailments, jobs=jobs)
    where = f"{report.target} ({report.method})"
    if dry_run:
        for iri, triples in report.loaded:
            click.echo(f"would load {graph_name(iri)}: {triples} triples")
        for iri in report.dropped:
            click.echo(f"would drop {graph_name(iri)}")
        click.echo(f"dry run: {len(report.loaded)} graphs, {report.triples} triples for "
                   f"{where}; nothing was written")
        return
    for iri in report.dropped:
        click.echo(f"dropped {graph_name(iri)}")
    rate = report.triples / report.seconds if report.seconds > 0 else 0.0
    click.echo(f"loaded {len(report.loaded)} graphs, {report.triples} triples in "
               f"{report.seconds:.2f} s ({rate:,.0f} triples/s) into {where}")


@main.command()
@table_format_option()
@click.option("--section", type=click.Choice(STATS_SECTIONS), default=None,
              help="Only this table: graphs (triples by graph), classes (instances by class) or "
              "sources (claims by source); needed for csv, tsv and xml, which hold one table.")
@click.pass_obj
def stats(obj: Context, fmt: str, section: str | None) -> None:
    """Counts by graph, by class and by source article.

    json gives one document holding all three; csv, tsv and xml hold one --section."""
    sections = obj.graph().stats(section)
    if fmt == "json":
        import json

        doc = {title: json.loads(result.render("json")) for title, result in sections}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if fmt in ("csv", "tsv", "xml") and len(sections) != 1:
        from .errors import UsageError

        raise UsageError(f"--format {fmt} holds one table: choose it with --section "
                         f"({', '.join(STATS_SECTIONS)})")
    for title, result in sections:
        if fmt == "table":
            click.echo(f"# {title}")
        click.echo(result.render(fmt), nl=False)
        if fmt == "table":
            click.echo("")


@main.group()
def reference() -> None:
    """The reference layer: kommuner, län, authorities and police regions."""


@reference.command("import")
@click.option("--input-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder with the reference CSV files (default: the shipped data/reference).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="TriG file to write (default: data/reference/reference.trig).")
def reference_import(input_dir: Path | None, output: Path | None) -> None:
    """Regenerate the reference TriG from its CSV inputs (nothing is written on a bad row)."""
    from .reference import default_reference_dir, import_reference

    folder = default_reference_dir()
    summary = import_reference(input_dir or folder, output or folder / "reference.trig")
    click.echo(
        f"wrote {_shown(summary.output)}: {summary.municipalities} kommuner, "
        f"{summary.counties} län, {summary.police_regions} police regions, "
        f"{summary.organisations} national organisations, {summary.triples} triples",
        err=True,
    )


@main.group()
def link() -> None:
    """Check links to open government data against a SPARQL endpoint."""


@link.command("wikidata")
@click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
              help="SPARQL endpoint with Wikidata-shaped data (P525 kommunkod, P6460 orgnr).")
@click.option("--write", is_flag=True,
              help="Write the endpoint's items for unlinked organisations to the links file.")
@timeout_option(60.0)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Links file for --write (default: data/links/wikidata.trig in a checkout, "
              "the per-user data folder for an installed samverkan).")
@click.option("--all", "show_all", is_flag=True, help="List the rows that are ok as well.")
@table_format_option()
@click.pass_obj
def link_wikidata(obj: Context, endpoint: str, write: bool, timeout: float, output: Path | None,
                  show_all: bool, fmt: str) -> None:
    """Report missing, mismatched and unknown Wikidata links; exit 1 when there are findings."""
    from .endpoint import check_endpoint_url
    from .linking import default_links_path, report_table, summary_line
    from .results import render

    check_endpoint_url(endpoint)
    target = (output or default_links_path(create=True)) if write else None
    report = obj.graph().link_wikidata(endpoint, timeout=timeout, write_to=target)
    click.echo(render(report_table(report, include_ok=show_all), fmt), nl=False)
    click.echo(summary_line(report), err=True)
    _fail_on_findings(report.findings > 0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback must be given explicitly and "
              "is warned about (the pages and the endpoint are public to that network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Seconds a query may run before it is answered with 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) a query may return before it is answered with 422.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Queries run at once; more are answered with 503 until one is done.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, timeout: float, max_rows: int,
          workers: int) -> None:
    """Serve the SPARQL endpoint, the saved-query API, linked data and pages (read-only)."""
    from .web.server import serve as run_server

    run_server(obj.data_dirs, obj.cache_dir, host=host, port=port, timeout=timeout,
               max_rows=max_rows, workers=workers, echo=lambda line: click.echo(line, err=True))


@main.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the static site into (created; must be empty or absent).")
@click.pass_obj
def site(obj: Context, output: Path) -> None:
    """Write the pages and per-entity Turtle/JSON-LD files as a static site."""
    from .web.site import write_site

    summary = write_site(obj.graph().store, output)
    click.echo(f"wrote {_shown(output)}: {summary.pages} pages, {summary.entities} entities "
               f"with Turtle, JSON-LD and N-Triples, {summary.files} files", err=True)


@main.group()
def cache() -> None:
    """The compiled store in the cache folder: where it is, its size, whether it is current."""


@cache.command("info")
@click.pass_obj
def cache_info_command(obj: Context) -> None:
    """Say where the store for the current sources is, how big the cache is, and if it is
    current (nothing is built)."""
    from .store import cache_info

    info = cache_info(obj.data_dirs, obj.cache_dir)
    click.echo(f"cache folder: {info.cache_dir}")
    if info.current is not None:
        m = info.manifest or {}
        click.echo(f"store: {info.current} (current: {m.get('quads')} quads in "
                   f"{m.get('graphs')} graphs from {len(m.get('sources', []))} source files)")
    else:
        click.echo(f"store: none current for these sources (the next command builds "
                   f"{info.current_key[:12]}…)")
    click.echo(f"stores kept: {len(info.stores)}; unfinished builds: {len(info.builds)}")
    click.echo(f"size: {info.size / 1e6:.1f} MB")


@cache.command("clear")
@click.pass_obj
def cache_clear_command(obj: Context) -> None:
    """Remove every compiled store from the cache folder (a build in progress is left alone);
    the next command rebuilds."""
    from .paths import default_cache_dir
    from .store import clear_cache

    folder = obj.cache_dir or default_cache_dir()
    removed, freed = clear_cache(folder)
    click.echo(f"removed {removed} item(s) from {folder} ({freed / 1e6:.1f} MB)")


@main.command("extract")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "trig"]), default=None,
              help="json (default): one object per article in the gold format; jsonl: one "
              "line per article; trig: unreviewed candidates in the article's named graph.")
@click.option("-o", "--output", type=click.Path(),
              help="Write to FILE, or to one file per article in DIR (an existing folder or a "
              "path ending in /); default: stdout.")
@click.option("--eval", "gold_dir", type=click.Path(path_type=Path), metavar="GOLD_DIR",
              help="Score the articles (files or folders of .txt) against the gold JSON files "
              "in GOLD_DIR: precision, recall, F1 per kind, every miss and false positive.")
def extract_command(articles: tuple[Path, ...], fmt: str | None, output: str | None,
                    gold_dir: Path | None) -> None:
    """Propose candidate claims (posts, organisations, agreements, events) from articles."""
    from .extraction.command import run, run_eval

    if gold_dir is not None:
        text = run_eval(list(articles), gold_dir, fmt, output)
    else:
        text = run(list(articles), fmt or "json", output)
    if text is not None:
        click.echo(text, nl=False)


@main.command("add")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="The article's address (default: its `source:` line or the "
              "candidates' source).")
@click.option("--publisher", help="Who published it, as the page names it.")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date, only where the page states it.")
@click.option("--headline", help="The article's headline.")
@click.option("--candidates", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.json", help="Candidates in the gold JSON format (from another tool "
              "or `samverkan extract`) instead of running the extractor.")
@click.option("--drafts-dir", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Where the draft is written.")
@click.option("--data-dir", "add_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Your own source folder(s), searched for this article and known persons.")
@click.pass_obj
def add_command(obj: Context, article: Path, url: str | None, publisher: str | None,
                published: str | None, headline: str | None, candidates: Path | None,
                drafts_dir: Path, add_dirs: tuple[Path, ...]) -> None:
    """Draft a source file for ARTICLE (its candidates marked unreviewed), ready to review."""
    from .curation import Resolver, add_article
    from .store import memory_store

    dirs = tuple(obj.data_dirs) + tuple(add_dirs)
    added = add_article(article, Resolver(memory_store(dirs)), url=url, publisher=publisher,
                        published=published, headline=headline, candidates=candidates,
                        drafts_dir=drafts_dir)
    for note in added.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"{added.key}: {added.message}", err=True)
    if added.draft is not None:
        click.echo(_shown(added.draft))


@main.command("review")
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--article", type=click.Path(dir_okay=False, path_type=Path),
              help="The local article file (default: the one the draft names).")
@click.option("--accept-all", is_flag=True, help="Accept every candidate (for scripts).")
@click.option("--accept", "accept_ids", metavar="IDS",
              help="Accept only these candidates, e.g. c1,c3 (the others are rejected).")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.json", help="Accept, reject, edit and add claims as the JSON says "
              "(docs/curation.md).")
@click.option("--data-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the source file is written (default: the shipped data/sources).")
@click.pass_obj
def review_command(obj: Context, draft: Path, article: Path | None, accept_all: bool,
                   accept_ids: str | None, decisions: Path | None, out_dir: Path | None) -> None:
    """Review DRAFT's candidates one by one, then write and validate the source file."""
    from .curation import load_decisions, review_draft
    from .errors import UsageError
    from .paths import resource_dir

    chosen = [flag for flag, on in (("--accept-all", accept_all), ("--accept", accept_ids),
                                    ("--decisions", decisions)) if on]
    if len(chosen) > 1:
        raise UsageError(f"use one of {', '.join(chosen)}, not several")
    plan: dict[str, Any] | None = None
    if accept_all:
        plan = {"accept": "all"}
    elif accept_ids:
        plan = {"accept": [i.strip() for i in accept_ids.split(",") if i.strip()]}
    elif decisions:
        plan = load_decisions(decisions)
    target = out_dir or resource_dir("data") / "sources"
    outcome = review_draft(draft, target, data_dirs=tuple(obj.data_dirs), article_path=article,
                           decisions=plan, echo=lambda line: click.echo(line, err=plan is not None),
                           prompt=lambda text, default="": click.prompt(
                               text, default=default, show_default=False))
    if outcome is None:
        click.echo("review stopped: nothing written", err=True)
        return
    click.echo(f"accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}, "
               f"added {len(outcome.added)}; reused {len(outcome.reused)} person(s)", err=True)
    if outcome.path is None:
        raise SamverkanError("the review finished without writing the source file")
    click.echo(f"wrote {_shown(outcome.path)} (conforms to the shapes)")
