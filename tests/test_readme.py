"""README.md cannot drift from the commands it documents."""

from __future__ import annotations

from readme_blocks import BLOCK, README, render

from samverkan.cli import main


def test_readme_outputs_are_current(tmp_path) -> None:
    text = README.read_text(encoding="utf-8")
    assert len(BLOCK.findall(text)) >= 12
    fresh = render(text, tmp_path)
    assert fresh == text, "README.md is stale: run `make readme`"


def test_readme_shows_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    names = []
    for name, command in main.commands.items():
        subs = getattr(command, "commands", None)
        names += [f"samverkan {name} {sub}" for sub in subs] if subs else [f"samverkan {name}"]
    missing = [n for n in names if n not in text]
    assert missing == []
    assert text.index("make demo") < text.index("pip install")
    assert text.index("make test") < text.index("pip install")
