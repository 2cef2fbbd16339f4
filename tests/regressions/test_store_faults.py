"""Issue 12 items 5 and 6, and the store's fault tests: a truncated or garbled store file is
found and rebuilt with one warning line; a killed build's folder is pruned, a live one never."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from samverkan import store as store_module
from samverkan.cli import main

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _store_folder(cache: Path) -> Path:
    [folder] = [p for p in cache.iterdir() if len(p.name) == 64]
    return folder


def _biggest_sst(cache: Path) -> Path:
    return max((_store_folder(cache) / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)


def _expected_count() -> str:
    return str(sum(1 for _ in store_module.memory_store()))


def test_garbled_block_is_found_and_rebuilt(isolated_cache: Path) -> None:
    assert _run("build").exit_code == 0
    sst = _biggest_sst(isolated_cache)
    data = bytearray(sst.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = b"\xff" * 64  # same size: a flipped block, as a bad disk gives
    sst.write_bytes(bytes(data))
    result = _run("sparql", "--format", "csv", COUNT)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == _expected_count()
    assert result.stderr == (
        f"warning: the cached store in {sst.parent.parent} was damaged (its files changed "
        f"after the build ({sst.name})); rebuilding it from the 55 source files\n")
    assert _run("build").stdout.startswith("store current: ")


def test_truncated_file_is_found_and_rebuilt(isolated_cache: Path) -> None:
    assert _run("build").exit_code == 0
    sst = _biggest_sst(isolated_cache)
    sst.write_bytes(sst.read_bytes()[:100])
    result = _run("build")
    assert result.exit_code == 0
    assert result.stdout.startswith("store built in ")
    assert result.stderr.startswith("warning: the cached store in ")
    assert f"({sst.name})" in result.stderr
    assert _run("sparql", "--format", "csv", COUNT).stdout.splitlines()[1] == _expected_count()


def test_killed_build_leaves_a_folder_that_the_next_build_prunes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = "".join(f'<https://x.org/s{i}> <https://x.org/p> "v{i}" .\n' for i in range(400_000))
    (data / "big.trig").write_text(f"<https://x.org/g> {{\n{rows}}}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "SAMVERKAN_CACHE_DIR": str(cache)}
    env.pop("SAMVERKAN_DATA_DIR", None)
    proc = subprocess.Popen([sys.executable, "-m", "samverkan", "--data-dir", str(data), "build"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
            cache.is_dir() and any(p.name.startswith(".build-") for p in cache.iterdir())):
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    left = [p for p in cache.iterdir() if p.name.startswith(".build-")]
    assert len(left) == 1 and (left[0] / ".lock").exists()
    done = subprocess.run([sys.executable, "-m", "samverkan", "build"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not left[0].exists()
    assert [p.name for p in cache.iterdir() if p.name.startswith(".build-")] == []


def test_a_live_build_folder_is_never_pruned(isolated_cache: Path) -> None:
    assert _run("build").exit_code == 0
    live = isolated_cache / ".build-live"
    live.mkdir()
    lock = store_module._BuildLock(live)  # as a running build holds it
    try:
        assert store_module.prune_stale_builds(isolated_cache) == []
        assert _run("cache", "clear").exit_code == 0
        assert live.is_dir()
    finally:
        lock.release()
    assert store_module.prune_stale_builds(isolated_cache) == [live]
    assert not live.exists()


def test_a_build_folder_without_a_lock_is_kept_while_young(isolated_cache: Path) -> None:
    isolated_cache.mkdir(parents=True)
    young = isolated_cache / ".build-young"
    young.mkdir()
    assert store_module.prune_stale_builds(isolated_cache) == []
    old = time.time() - 2 * store_module.STALE_BUILD_SECONDS
    os.utime(young, (old, old))
    assert store_module.prune_stale_builds(isolated_cache) == [young]
