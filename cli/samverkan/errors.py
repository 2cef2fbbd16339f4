"""Errors that the CLI turns into one line on stderr and a documented exit code.

Library code raises these; only ``cli.py`` decides how they are printed. Every exit code is used
through its name below (docs: README "Exit codes").
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_ENDPOINT = 4
EXIT_INTERNAL = 5
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report it


class SamverkanError(Exception):
    """Base class: a user-facing error with an exit code."""

    exit_code = EXIT_INTERNAL


class UsageError(SamverkanError):
    """The command was called with words that do not fit (unknown query, missing parameter)."""

    exit_code = EXIT_USAGE


class BadInputError(SamverkanError):
    """A file, RDF, SPARQL text or parameter value that cannot be used."""

    exit_code = EXIT_BAD_INPUT


class EndpointError(SamverkanError):
    """A remote endpoint or store failed, timed out or answered with something unusable."""

    exit_code = EXIT_ENDPOINT


def one_line(error: BaseException) -> str:
    """A library's error message folded onto one line, for the one-line error the CLI prints."""
    return " ".join(str(error).split())
