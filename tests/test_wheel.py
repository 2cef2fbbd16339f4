"""The wheel carries the ontology, data, queries and shapes: installed outside the checkout,
`samverkan` answers exactly as it does here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from samverkan.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
          str(work / "dist"), str(ROOT)])
    [wheel] = list((work / "dist").glob("samverkan-*.whl"))
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    empty = work / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "PYTHON"))}
    env["SAMVERKAN_CACHE_DIR"] = str(work / "cache")
    return wheel, {"cwd": empty, "env": env, "bin": venv / "bin" / "samverkan"}


def test_wheel_ships_the_four_folders(installed) -> None:
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "data", "queries", "shapes"):
        shipped = [n for n in names if n.startswith(f"samverkan/_resources/{folder}/")]
        in_tree = [p for p in (ROOT / folder).rglob("*") if p.is_file()]
        assert len(shipped) == len(in_tree), folder
    assert "samverkan/_resources/queries/posts-in-kommun.rq" in names


def test_installed_queries_match_checkout(installed, isolated_cache) -> None:
    _, run = installed
    out = _run([str(run["bin"]), "queries", "--format", "json"], cwd=run["cwd"], env=run["env"])
    here = CliRunner().invoke(main, ["queries", "--format", "json"])
    assert json.loads(out.stdout) == json.loads(here.output)
    assert len(json.loads(out.stdout)) >= 15


def test_installed_query_gives_checkout_rows(installed, isolated_cache) -> None:
    _, run = installed
    args = ["query", "posts-in-kommun", "-p", "kommun", "id:kommun/1278", "--format", "csv"]
    out = _run([str(run["bin"]), *args], cwd=run["cwd"], env=run["env"])
    here = CliRunner().invoke(main, args)
    assert here.exit_code == 0
    assert out.stdout == here.output
    assert len(out.stdout.splitlines()) >= 3
