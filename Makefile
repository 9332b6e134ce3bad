# The two commands a new user needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := sample_db/retail.duckdb

.PHONY: run test lint typecheck unit browser sample-db clean

$(BIN)/askbi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(DB): | $(BIN)/askbi
	$(BIN)/askbi sample-db --path $(DB)

sample-db: $(DB)

run: $(BIN)/askbi $(DB)
	$(BIN)/askbi app

lint: $(BIN)/askbi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/askbi
	$(BIN)/mypy

browser:
	sh tests/browser/ensure_chromium.sh

unit: $(BIN)/askbi browser
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint typecheck unit

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
