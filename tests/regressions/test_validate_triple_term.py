"""Found after issue 16: a `--data` file (or a `--data-dir` file) holding an RDF 1.2 triple term
made `validate` end with exit 5 and a parser error about an internal dump. Build and export keep
triple terms; validation now refuses them with exit 3 and names the file."""

from __future__ import annotations

from conftest import run_cli

TRIPLE_TERM = """@prefix ex: <http://example.org/> .
GRAPH <https://w3id.org/samverkan/graph/user/quoted> { ex:a ex:b <<( ex:c ex:d ex:e )>> . }
"""


def test_validate_refuses_a_triple_term_and_names_the_file(isolated_cache, tmp_path):
    data = tmp_path / "quoted.trig"
    data.write_text(TRIPLE_TERM, encoding="utf-8")
    for engine in ("turbo", "pyshacl"):
        result = run_cli("validate", "--data", str(data), "--engine", engine)
        assert (result.exit_code, result.stderr, result.stdout) == (
            3, f"Error: cannot validate {data}: it holds an RDF 1.2 triple term, which SHACL "
               "validation cannot read\n", ""), engine


def test_a_triple_term_in_a_data_dir_builds_but_does_not_validate(isolated_cache, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "quoted.trig").write_text(TRIPLE_TERM, encoding="utf-8")
    assert run_cli("--data-dir", str(folder), "build").exit_code == 0
    result = run_cli("--data-dir", str(folder), "validate")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: cannot validate {folder / 'quoted.trig'}: it holds an RDF "
                             "1.2 triple term, which SHACL validation cannot read\n")
