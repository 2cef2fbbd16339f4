"""Issue 12 items 2 and 3: `export -o` writes through FIFOs, devices and symlinks and never
replaces them; output files get the umask's mode, an existing file keeps its own, as `cp` does."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main
from samverkan.paths import write_atomically


def _export(path: Path, fmt: str = "nq"):
    return CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(path)])


@pytest.fixture()
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_fifo_is_written_through(isolated_cache: Path, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _export(fifo)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received[0].count(b"\n") > 6000
    assert received[0].endswith(b"> .\n")


def test_symlink_to_a_device_stays_a_symlink(isolated_cache: Path, tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(os.devnull)
    assert _export(link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_symlink_to_a_file_replaces_the_target_and_keeps_the_link(
        isolated_cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.nq"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "link.nq"
    link.symlink_to(target.name)
    assert _export(link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == "real.nq"
    assert target.read_bytes().count(b"\n") > 6000
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_the_umask_mode(isolated_cache: Path, tmp_path: Path, umask_022) -> None:
    out = tmp_path / "new.trig"
    assert _export(out, "trig").exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    path = tmp_path / "kept.trig"
    path.write_bytes(b"old")
    path.chmod(0o664)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_reference_import_keeps_the_mode_of_the_tracked_file(tmp_path: Path, umask_022) -> None:
    from samverkan.reference import default_reference_dir

    copy = tmp_path / "reference.trig"
    copy.write_bytes((default_reference_dir() / "reference.trig").read_bytes())
    copy.chmod(0o644)
    result = CliRunner().invoke(main, ["reference", "import", "-o", str(copy)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(copy.stat().st_mode) == 0o644
    assert copy.read_bytes() == (default_reference_dir() / "reference.trig").read_bytes()
