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

# HTML documentation of the ontology (pyLODE 3.3.4: 3.4.1 fails at import) and a table of every
# SKOS concept (pyLODE 3.3.4 does not render concepts) into docs/ontology/ (git-ignored).
define VOCABULARY_QUERY
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?scheme ?concept ?sv ?en (GROUP_CONCAT(DISTINCT STR(?alt); separator=", ") AS ?variants)
       ?broader ?definition
WHERE { GRAPH <https://w3id.org/samverkan/graph/ontology> {
  ?concept a skos:Concept ; skos:inScheme ?s ; skos:prefLabel ?sv, ?en ; skos:definition ?definition .
  ?s skos:prefLabel ?scheme .
  FILTER (lang(?sv) = "sv" && lang(?en) = "en" && lang(?definition) = "en" && lang(?scheme) = "en")
  OPTIONAL { ?concept skos:altLabel ?alt }
  OPTIONAL { ?concept skos:broader/skos:prefLabel ?broader FILTER (lang(?broader) = "sv") } } }
GROUP BY ?scheme ?concept ?sv ?en ?broader ?definition
ORDER BY ?scheme ?concept
endef
export VOCABULARY_QUERY

docs: $(STAMP)
	@$(BIN)/python -c "import importlib.metadata as m; assert m.version('pylode') == '3.3.4'" \
		2>/dev/null || $(BIN)/python -m pip install --quiet "pylode==3.3.4"
	mkdir -p docs/ontology
	$(BIN)/python -c "import logging; logging.disable(logging.INFO); from pylode import OntPub; \
		OntPub('ontology/samverkan.ttl').make_html(destination='docs/ontology/index.html')"
	$(BIN)/samverkan sparql --format md "$$VOCABULARY_QUERY" > docs/ontology/vocabularies.md
	@echo "wrote docs/ontology/index.html and docs/ontology/vocabularies.md"

# Regenerate the command outputs shown in README.md (tests/test_readme.py checks them).
readme: $(STAMP)
	$(BIN)/python tests/readme_blocks.py --write

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache docs/ontology
