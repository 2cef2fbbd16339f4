"""samverkan: a knowledge graph of Swedish municipal safety actors and their relations."""

__version__ = "0.1.0"

USER_AGENT = f"samverkan/{__version__} (+https://w3id.org/samverkan/)"
