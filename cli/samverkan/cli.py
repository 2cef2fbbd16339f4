"""The ``samverkan`` command line: a thin click layer over the library modules.

Each command imports what it needs when it runs, so ``samverkan query`` never pays for pySHACL
or rdflib. Errors from the library become one line on stderr and the documented exit code.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_INTERNAL, SamverkanError

FORMAT_OPTION_HELP = "Output format: table (for people), csv, tsv, json (SPARQL results) or md."


class Context:
    """What the global options say; the store is opened on first use."""

    def __init__(self, data_dirs: tuple[Path, ...], cache_dir: Path | None, debug: bool) -> None:
        self.data_dirs = data_dirs
        self.cache_dir = cache_dir
        self.debug = debug
        self._built = None

    def built(self, force: bool = False):
        from .store import open_store

        if self._built is None or force:
            self._built = open_store(self.data_dirs, self.cache_dir, force=force)
        return self._built

    @property
    def store(self):
        return self.built().store


class SamverkanGroup(click.Group):
    """Turns library errors into one line and an exit code; --debug shows the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SamverkanError as error:
            if _debug(ctx):
                traceback.print_exc()
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader stopped early (`samverkan export | head`): not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
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


def _split_dirs(_ctx, _param, value: tuple[str, ...]) -> tuple[Path, ...]:
    dirs: list[Path] = []
    for item in value:
        dirs.extend(Path(p) for p in item.split(os.pathsep) if p)
    return tuple(dirs)


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
    built = obj.built(force=force)
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
              help="Validate FILE (TriG, Turtle, N-Quads, N-Triples) with the graph (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True,
              help="text (grouped, for people), turtle (SHACL report) or json "
              "(docs/validation.md).")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation",
              show_default=True, help="Exit 1 on violations only, or on warnings too.")
@click.pass_obj
def validate(obj: Context, data_files: tuple[Path, ...], fmt: str, fail_on: str) -> None:
    """Check the graph (plus --data files and --data-dir) against the SHACL shapes; exit 1 if
    it does not conform."""
    from .sources import all_sources
    from .validation import data_file_sources, render, summary
    from .validation import validate as run_validation

    sources = all_sources(obj.data_dirs) + data_file_sources(data_files)
    report = run_validation(sources)
    click.echo(render(report, fmt, fail_on), nl=False)
    if fmt != "text":
        click.echo(summary(report, fail_on), err=True)
    if report.fails(fail_on):
        click.get_current_context().exit(1)


@main.command("queries")
@click.option("--tag", help="Only queries with this tag.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
def list_queries(tag: str | None, fmt: str) -> None:
    """List the saved queries with their summary, parameters and tags."""
    import json

    from .savedqueries import saved_queries

    queries = [q for q in saved_queries().values() if tag is None or tag in q.tags]
    if fmt == "json":
        doc = [
            {
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "tags": q.tags,
                "parameters": [
                    {"name": p.name, "required": p.required, "type": p.type_label,
                     "default": p.default, "values": p.values}
                    for p in q.parameters
                ],
            }
            for q in queries
        ]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    for q in queries:
        click.echo(f"{q.name}")
        click.echo(f"    {q.summary}")
        for p in q.parameters:
            need = "required" if p.required else "optional"
            default = f", default {p.default}" if p.default is not None else ""
            click.echo(f"    -p {p.name} ({p.type_label}, {need}{default})")
        if q.tags:
            click.echo(f"    tags: {', '.join(q.tags)}")


def _emit(answer, fmt: str) -> None:
    from .results import render, render_boolean

    if answer.table is not None:
        click.echo(render(answer.table, fmt), nl=False)
    elif answer.boolean is not None:
        click.echo(render_boolean(answer.boolean, fmt), nl=False)
    else:
        click.echo(answer.rdf.decode("utf-8"), nl=False)


def _run_options(function):
    """The options shared by `query` and `sparql`: format, engine, endpoint, timeout."""
    options = [
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
                     default="table", show_default=True,
                     help=FORMAT_OPTION_HELP + " CONSTRUCT/DESCRIBE always give Turtle."),
        click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default=None,
                     help="Local engine: the embedded Oxigraph store (default) or rdflib's "
                     "reference engine."),
        click.option("--endpoint", metavar="URL",
                     help="Run on this remote SPARQL 1.1 endpoint instead, over the union of "
                     "its named graphs."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
                     show_default=True, help="Seconds to wait for the endpoint, retries included."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _answer(obj: Context, text: str, engine: str | None, endpoint: str | None,
            timeout: float):
    from .sparql import run

    return run(text, engine=engine, endpoint=endpoint, timeout=timeout,
               store_factory=lambda: obj.store, data_dirs=obj.data_dirs)


@main.command()
@click.argument("name")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="A parameter value (repeatable); IRIs may be short (id:kommun/1278).")
@_run_options
@click.pass_obj
def query(obj: Context, name: str, params: tuple[tuple[str, str], ...], fmt: str,
          engine: str | None, endpoint: str | None, timeout: float) -> None:
    """Run the saved query NAME (see 'samverkan queries')."""
    from .savedqueries import bind, find_query, parameter_values

    text = bind(find_query(name), parameter_values(params))
    _emit(_answer(obj, text, engine, endpoint, timeout), fmt)


@main.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from FILE ('-' for stdin).")
@_run_options
@click.pass_obj
def sparql(obj: Context, query_text: str | None, query_file: Path | None, fmt: str,
           engine: str | None, endpoint: str | None, timeout: float) -> None:
    """Run an ad hoc read-only SPARQL query (QUERY or -f FILE) over the whole graph."""
    from .errors import BadInputError, UsageError

    if (query_text is None) == (query_file is None):
        raise UsageError("give a query or -f FILE (one of them)")
    if query_file is not None:
        if str(query_file) == "-":
            query_text = sys.stdin.read()
        else:
            try:
                query_text = query_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = getattr(error, "strerror", None) or "not UTF-8 text"
                raise BadInputError(f"cannot read {query_file}: {reason}") from error
    _emit(_answer(obj, query_text, engine, endpoint, timeout), fmt)


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
    from .entailment import with_entailments
    from .export import GRAPH_FORMATS, export_dataset, write_atomic

    exported = export_dataset(with_entailments(obj.store, entailments), fmt)
    if fmt not in GRAPH_FORMATS:
        click.echo(
            f"note: {fmt} has no named graphs: {exported.graphs} graphs merged into one "
            f"({exported.quads} quads, {exported.triples} distinct triples); "
            "use trig or nq to keep them",
            err=True,
        )
    if output is None or str(output) == "-":
        click.echo(exported.data, nl=False)
    else:
        write_atomic(output, exported.data)
        click.echo(f"wrote {output} ({len(exported.data)} bytes, {exported.triples} "
                   f"{'triples' if fmt not in GRAPH_FORMATS else 'quads'})", err=True)


def _stderr_is_terminal() -> bool:
    """Progress lines are for people watching, not for logs."""
    return sys.stderr.isatty()


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
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, metavar="S", help="Seconds to wait on each request.")
@click.option("--retries", type=click.IntRange(0, 20), default=3, show_default=True,
              help="Retries after a connection error, timeout or HTTP 5xx (backoff doubles "
              "from 0.25 s).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Triples per INSERT DATA request with --update.")
@click.option("--entailments/--no-entailments", default=True, show_default=True,
              help="Load graph:entailments (superclass types, standard links) for stores "
              "without a reasoner.")
@click.pass_obj
def load(obj: Context, graph_store: str | None, update: str | None, query_url: str | None,
         drop_missing: bool, auth_env: str | None, dry_run: bool, timeout: float, retries: int,
         chunk_size: int, entailments: bool) -> None:
    """Put every named graph into a triple store, replacing each graph whole (idempotent)."""
    from .load import load as load_graphs
    from .load import make_target, short_name

    target = make_target(graph_store=graph_store, update=update, auth_env=auth_env,
                         timeout=timeout, retries=retries, chunk_size=chunk_size)
    if drop_missing and not query_url:
        from .errors import UsageError

        raise UsageError("--drop-missing needs --query URL (a SPARQL query endpoint that lists "
                         "the graphs in the store)")
    progress = None
    if _stderr_is_terminal() and not dry_run:
        def progress(number: int, total: int, iri: str, triples: int, seconds: float) -> None:
            click.echo(f"[{number}/{total}] {short_name(iri)}: {triples} triples "
                       f"in {seconds:.2f} s", err=True)

    from .entailment import with_entailments

    report = load_graphs(with_entailments(obj.store, entailments), target,
                         dry_run=dry_run, drop_missing=drop_missing,
                         query_url=query_url, on_graph=progress)
    where = f"{target.url} ({target.method})"
    if dry_run:
        for iri, triples in report.loaded:
            click.echo(f"would load {short_name(iri)}: {triples} triples")
        for iri in report.dropped:
            click.echo(f"would drop {short_name(iri)}")
        click.echo(f"dry run: {len(report.loaded)} graphs, {report.triples} triples for "
                   f"{where}; nothing was written")
        return
    for iri in report.dropped:
        click.echo(f"dropped {short_name(iri)}")
    rate = report.triples / report.seconds if report.seconds > 0 else 0.0
    click.echo(f"loaded {len(report.loaded)} graphs, {report.triples} triples in "
               f"{report.seconds:.2f} s ({rate:,.0f} triples/s) into {where}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True, help=FORMAT_OPTION_HELP)
@click.pass_obj
def stats(obj: Context, fmt: str) -> None:
    """Counts by graph, by class and by source article."""
    from .results import render
    from .stats import graph_statistics

    for title, table in graph_statistics(obj.store):
        if fmt == "table":
            click.echo(f"# {title}")
        click.echo(render(table, fmt), nl=False)
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
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Give up after S seconds in all, retries included.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Links file for --write (default: data/links/wikidata.trig).")
@click.option("--all", "show_all", is_flag=True, help="List the rows that are ok as well.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True, help=FORMAT_OPTION_HELP)
@click.pass_obj
def link_wikidata(obj: Context, endpoint: str, write: bool, timeout: float, output: Path | None,
                  show_all: bool, fmt: str) -> None:
    """Report missing, mismatched and unknown Wikidata links; exit 1 when there are findings."""
    from .linking import check_wikidata_links, default_links_path, report_table, summary_line
    from .results import render

    target = (output or default_links_path()) if write else None
    report = check_wikidata_links(obj.store, endpoint, timeout=timeout, write_to=target)
    click.echo(render(report_table(report, include_ok=show_all), fmt), nl=False)
    click.echo(summary_line(report), err=True)
    if report.findings:
        click.get_current_context().exit(1)
