# Two entry points: `make demo` (install, ingest the bundled demo corpus, serve it on http://127.0.0.1:8000/;
# Ctrl-C stops it) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo serve test lint eval seeds golden clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

demo: install
	$(BIN)/newsdossier demo --db newsdossier-demo.db

serve: install
	$(BIN)/newsdossier serve --db newsdossier-demo.db

lint: install
	$(BIN)/ruff check src tests eval bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# Re-ingest the golden corpus, print what changed table by table, and rewrite tests/golden/ (commit the result
# with a message that explains the change of output).
golden: install
	$(BIN)/python -m tests.golden_snapshots

eval: install
	$(BIN)/python eval/eval_cleaning.py
	$(BIN)/python eval/eval_duplicates.py

seeds: install
	$(BIN)/newsdossier ingest ../shared/corpus/seeds --db seeds.db

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .ruff_cache artifacts
