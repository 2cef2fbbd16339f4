"""The graphs computed from the sources at build time, each in its own named graph.

``graph:entailments`` (the RDFS closure a plain store needs, :mod:`samverkan.entailment`) and
``graph:description`` (the DCAT-AP/VoID record, :mod:`samverkan.description`). Both live in the
embedded store, so ``samverkan query`` and a plain store loaded with the export agree, and both
travel with the export; ``--no-entailments`` leaves the first out.
"""

from __future__ import annotations

import pyoxigraph as ox

from .description import DESCRIPTION_GRAPH, add_description
from .entailment import ENTAILMENT_GRAPH, RULES_VERSION, add_entailments

DERIVED_GRAPHS = (ENTAILMENT_GRAPH, DESCRIPTION_GRAPH)
# part of the store's cache key: a change of rules rebuilds cached stores
DERIVED_VERSION = f"entailments {RULES_VERSION} description 2"


def add_derived(store: ox.Store) -> None:
    """Add the entailments, then the description (which counts the entailments too)."""
    add_entailments(store)
    add_description(store)


def derived_nquads(store: ox.Store) -> bytes:
    """The derived graphs of ``store`` as N-Quads (for engines that parse the sources anew)."""
    quads = [q for g in DERIVED_GRAPHS
             for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
