"""docs/architecture.md lists every module of the package, and each module imports only the
samverkan modules its line allows."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "cli" / "samverkan"
DOC = ROOT / "docs" / "architecture.md"
LINE = re.compile(r"^- `(?P<name>[\w]+/?)` — (?P<owns>.+?); may import: (?P<may>.+)$")
ROOT_NAMES = {"__version__", "USER_AGENT"}  # from the package root, which anyone may import


def documented() -> dict[str, set[str]]:
    entries = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            entries[match["name"]] = set(re.findall(r"`(\w+)`", match["may"]))
    return entries


def modules() -> list[str]:
    names = [p.stem for p in PACKAGE.glob("*.py")]
    names += [f"{p.name}/" for p in PACKAGE.iterdir()
              if p.is_dir() and (p / "__init__.py").is_file()]
    return sorted(names)


def internal_imports(path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                names = [node.module.split(".")[0]] if node.module else \
                    [a.name for a in node.names]
            elif node.module and node.module.split(".")[0] == "samverkan":
                parts = node.module.split(".")
                names = [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
            else:
                continue
            found.update(name for name in names if name not in ROOT_NAMES)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("samverkan."))
    return found


def test_every_module_is_in_the_map():
    entries = documented()
    assert len(entries) >= 20
    missing = [name for name in modules() if name not in entries]
    assert missing == [], f"add a line to docs/architecture.md for: {missing}"


def test_modules_import_only_what_the_map_allows():
    entries = documented()
    wrong = {}
    for path in PACKAGE.glob("*.py"):
        extra = internal_imports(path) - entries.get(path.stem, set())
        if extra:
            wrong[path.stem] = sorted(extra)
    assert wrong == {}
