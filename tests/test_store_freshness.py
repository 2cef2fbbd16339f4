"""Freshness: a current store is found from file names, sizes and times, without hashing a
byte; a changed size or time leads to the hash, and only a changed hash to a rebuild."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from samverkan import store as store_module


def _old(path: Path, age: float) -> None:
    when = time.time() - age
    os.utime(path, (when, when))


@pytest.fixture()
def user(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "x.ttl"
    path.write_text('<https://x.org/a> <https://x.org/b> "one" .\n', encoding="utf-8")
    _old(path, 100)
    return folder


def _no_hashing(*_args, **_kwargs):
    raise AssertionError("the sources were hashed")


def test_current_store_is_found_without_hashing(isolated_cache, user, monkeypatch) -> None:
    first = store_module.open_store([user], isolated_cache)
    assert first.rebuilt
    monkeypatch.setattr(store_module, "sources_hash", _no_hashing)
    second = store_module.open_store([user], isolated_cache)
    assert not second.rebuilt and second.path == first.path


def test_touched_file_is_hashed_but_not_rebuilt(isolated_cache, user, monkeypatch) -> None:
    first = store_module.open_store([user], isolated_cache)
    _old(user / "x.ttl", 50)  # same bytes, another time
    calls = []
    real = store_module.sources_hash
    monkeypatch.setattr(store_module, "sources_hash",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    second = store_module.open_store([user], isolated_cache)
    assert calls == [1]
    assert not second.rebuilt and second.path == first.path
    store_module.open_store([user], isolated_cache)
    assert calls == [1]  # the new times were stamped


def test_changed_bytes_rebuild(isolated_cache, user) -> None:
    first = store_module.open_store([user], isolated_cache)
    (user / "x.ttl").write_text('<https://x.org/a> <https://x.org/b> "two" .\n',
                                encoding="utf-8")
    _old(user / "x.ttl", 40)
    second = store_module.open_store([user], isolated_cache)
    assert second.rebuilt and second.path != first.path
    assert bool(second.store.query('ASK { GRAPH ?g { ?s ?p "two" } }')) is True
    assert bool(second.store.query('ASK { GRAPH ?g { ?s ?p "one" } }')) is False


def test_a_file_changed_just_now_is_not_stamped(isolated_cache, user, monkeypatch) -> None:
    # "just now" is within RACY_SECONDS of the stamp, which is written after the build: widen
    # it, so that a slow build on a loaded machine cannot age the file past it
    monkeypatch.setattr(store_module, "RACY_SECONDS", 3600.0)
    (user / "x.ttl").write_text('<https://x.org/a> <https://x.org/b> "new" .\n',
                                encoding="utf-8")  # its time is now: a change may follow
    store_module.open_store([user], isolated_cache)
    calls = []
    real = store_module.sources_hash
    monkeypatch.setattr(store_module, "sources_hash",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    store_module.open_store([user], isolated_cache)
    assert calls == [1]
