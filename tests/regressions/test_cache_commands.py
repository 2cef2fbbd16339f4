"""Issue 12 item 7: `samverkan cache info` / `cache clear`, and a rebuild said on stderr."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from samverkan import store as store_module
from samverkan.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_info_before_and_after_a_build(isolated_cache: Path) -> None:
    before = _run("cache", "info")
    assert before.exit_code == 0
    lines = before.stdout.splitlines()
    assert lines[0] == f"cache folder: {isolated_cache}"
    assert re.fullmatch(r"store: none current for these sources \(the next command builds "
                        r"[0-9a-f]{12}…\)", lines[1])
    assert lines[2:] == ["stores kept: 0; unfinished builds: 0", "size: 0.0 MB"]
    assert not isolated_cache.exists()  # info builds nothing
    assert _run("build").exit_code == 0
    after = _run("cache", "info").stdout.splitlines()
    folder = next(p for p in isolated_cache.iterdir() if len(p.name) == 64)
    quads = sum(1 for _ in store_module.memory_store())
    assert after[1] == (f"store: {folder} (current: {quads} quads in 56 graphs from 55 source "
                        "files)")
    assert after[2] == "stores kept: 1; unfinished builds: 0"


def test_clear_removes_the_stores(isolated_cache: Path) -> None:
    assert _run("build").exit_code == 0
    result = _run("cache", "clear")
    assert result.exit_code == 0
    assert re.fullmatch(rf"removed 2 item\(s\) from {re.escape(str(isolated_cache))} "
                        r"\(\d+\.\d MB\)\n", result.stdout)
    assert list(isolated_cache.iterdir()) == []
    assert _run("build").stdout.startswith("store built in ")


def test_a_rebuild_is_said_on_a_terminal(isolated_cache: Path, tmp_path: Path,
                                         monkeypatch) -> None:
    messages: list[str] = []
    store_module.open_store(cache_dir=isolated_cache, notice=messages.append)
    assert messages == ["building store (55 files)..."]
    user = tmp_path / "mine"
    user.mkdir()
    (user / "x.ttl").write_text('<https://x.org/a> <https://x.org/b> "c" .\n', encoding="utf-8")
    store_module.open_store([user], isolated_cache, notice=messages.append)
    assert messages[1] == "sources changed, rebuilding store (56 files)..."
    store_module.open_store([user], isolated_cache, notice=messages.append)
    assert len(messages) == 2  # current: nothing said

    printed: list[str] = []
    monkeypatch.setattr(store_module.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.print", lambda *a, **k: printed.append(a[0] if a else ""))
    store_module.stderr_notice("sources changed, rebuilding store (56 files)...")
    assert printed == ["sources changed, rebuilding store (56 files)..."]


def test_progress_is_not_said_off_a_terminal(capsys) -> None:
    store_module.stderr_notice("building store (55 files)...")
    store_module.stderr_notice("note: skipped 1 file(s) in d that samverkan does not read")
    assert capsys.readouterr().err == "note: skipped 1 file(s) in d that samverkan does not read\n"
