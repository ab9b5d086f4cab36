# Two entry points: `make demo` (install + run on the bundled demo corpus) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint eval seeds clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

demo: install
	$(BIN)/newsdossier demo --db newsdossier-demo.db

lint: install
	$(BIN)/ruff check src tests eval bench

test: lint
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python eval/eval_cleaning.py
	$(BIN)/python eval/eval_duplicates.py

seeds: install
	$(BIN)/newsdossier ingest ../shared/corpus/seeds --db seeds.db

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .ruff_cache
