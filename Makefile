# sitrep: the two Quick start commands, and what they need.
#   make demo   install into .venv, ingest the bundled examples into sitrep.db, show a timeline and a
#               dossier, then serve the web app on http://127.0.0.1:8000 (Ctrl-C to stop)
#   make test   install into .venv (with test extras) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= sitrep.db

.PHONY: demo test install extract clean

$(BIN)/sitrep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[kb,web,test,analysis,spark]"
	touch $(BIN)/sitrep

install: $(BIN)/sitrep

extract: install
	$(BIN)/sitrep extract examples --format table

demo: install
	$(BIN)/sitrep ingest examples --db $(DB)
	$(BIN)/sitrep timeline --db $(DB)
	$(BIN)/sitrep actor "Kataib Hezbollah" --db $(DB)
	$(BIN)/sitrep serve --db $(DB)

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) test-output .pytest_cache
