# samverkan: `make demo` shows real answers, `make test` runs every test.
# Both create .venv with Python 3.11+ and install what they need; nothing else is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs readme clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/samverkan build
	@echo
	@echo "== Who holds safety posts in Båstad (kommun 1278)?"
	$(BIN)/samverkan query posts-in-kommun -p kommun id:kommun/1278
	@echo
	@echo "== Which organisations co-organised which events?"
	$(BIN)/samverkan query event-organisers
	@echo
	@echo "== Which plans and crisis groups does Båstad have, lack or revise?"
	$(BIN)/samverkan query plans-and-crisis-groups -p kommun id:kommun/1278
	@echo
	@echo "== Which kommuner have a samverkansöverenskommelse or medborgarlöfte with the police?"
	$(BIN)/samverkan query police-agreements
	@echo; echo "== Read it in a browser: run  $(BIN)/samverkan serve  and open http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/ruff check cli tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check cli tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# HTML documentation (pyLODE 3.3.4: 3.4.1 fails at import) into docs/ontology/ (git-ignored):
# the ontology in English (index.html) and Swedish (index.sv.html), and every SKOS vocabulary
# (vocabularies.html); see cli/samverkan/ontology_docs.py.
docs: $(STAMP)
	@$(BIN)/python -c "import importlib.metadata as m; assert m.version('pylode') == '3.3.4'" \
		2>/dev/null || $(BIN)/python -m pip install --quiet "pylode==3.3.4"
	$(BIN)/python -m samverkan.ontology_docs docs/ontology

# Regenerate the command outputs shown in README.md (tests/test_readme.py checks them).
readme: $(STAMP)
	$(BIN)/python tests/readme_blocks.py --write

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache docs/ontology
