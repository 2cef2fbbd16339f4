"""samverkan: a knowledge graph of Swedish municipal safety actors and their relations.

The public surface (docs/python.md)::

    import samverkan
    kg = samverkan.open()                      # the shipped graph, embedded store
    kg = samverkan.open(data_dirs=["my-data"]) # plus your own TriG/Turtle files
    kg = samverkan.open(endpoint="http://localhost:7878/query")
    kg.query("posts-in-kommun", kommun="id:kommun/1278").to_pandas()

Names are loaded on first use (module ``__getattr__``), so ``import samverkan`` imports neither
pyoxigraph, rdflib nor PyYAML, nor even ``typing``: the command line's start-up stays fast
(``entry`` serves ``--help`` with nothing more loaded).
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy knows the name); typing costs start-up
__version__ = "0.1.0"

USER_AGENT = f"samverkan/{__version__} (+https://w3id.org/samverkan/)"

__all__ = [
    "BadInputError",
    "EndpointError",
    "KnowledgeGraph",
    "Result",
    "SamverkanError",
    "UsageError",
    "USER_AGENT",
    "__version__",
    "open",
]

_LAZY = {
    "open": "api",
    "KnowledgeGraph": "api",
    "Result": "api",
    "SamverkanError": "errors",
    "UsageError": "errors",
    "BadInputError": "errors",
    "EndpointError": "errors",
}

if TYPE_CHECKING:
    from typing import Any

    from .api import KnowledgeGraph, Result, open  # noqa: A004
    from .errors import BadInputError, EndpointError, SamverkanError, UsageError


def __getattr__(name: str) -> Any:
    """Import the public names on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'samverkan' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
