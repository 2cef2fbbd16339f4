"""Keep README.md true: its command outputs are generated, and a test fails when they drift.

A block in README.md looks like::

    <!-- run: samverkan query posts-in-kommun -->
    ```
    (output, generated)
    ```

``python tests/readme_blocks.py --write`` regenerates every block from the real commands (run
through click's CliRunner on the shipped graph); ``tests/test_readme.py`` asserts that nothing
changed.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- run: (?P<command>[^\n]*?) -->\n```[a-z]*\n)(?P<body>.*?)(```)",
                   re.DOTALL)


def run_command(command: str, cache_dir: Path) -> str:
    from samverkan.cli import main

    args = shlex.split(command)
    assert args[0] == "samverkan", command
    env = {"SAMVERKAN_CACHE_DIR": str(cache_dir), "COLUMNS": "100"}
    result = CliRunner().invoke(main, args[1:], prog_name="samverkan", env=env)
    lines = [line for line in result.output.splitlines()
             if not line.startswith(("location: ", "store built in "))]
    return "\n".join(lines).rstrip() + "\n"


def render(text: str, cache_dir: Path) -> str:
    def replace(match: re.Match) -> str:
        return match.group(1) + run_command(match.group("command"), cache_dir) + match.group(4)
    with contextlib.chdir(ROOT):  # README examples name files relative to the checkout
        return BLOCK.sub(replace, text)


def main() -> int:
    with tempfile.TemporaryDirectory() as cache:
        current = README.read_text(encoding="utf-8")
        fresh = render(current, Path(cache))
    if "--write" in sys.argv:
        README.write_text(fresh, encoding="utf-8")
        return 0
    return 0 if fresh == current else 1


if __name__ == "__main__":
    sys.exit(main())
