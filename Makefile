# marsad — two commands: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8321
DB ?= sqlite:///$(CURDIR)/.marsad/marsad.db

.PHONY: run test install install-test venv clean data bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs marsad (runtime only: what `make run` needs) into .venv; idempotent.
install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

# Installs marsad with its test tools and the Spark extra (for `make test`).
install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,spark]'

venv: install

# Analyse the bundled sample article(s) and show the result.
run: install
	$(BIN)/marsad ingest samples --db $(DB)
	$(BIN)/marsad stats --db $(DB)
	@echo "Dashboard: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/docs)"
	$(BIN)/marsad serve --db $(DB) --host $(HOST) --port $(PORT)

# The whole test suite.
test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

bench: install
	$(BIN)/python benchmarks/text_layer.py

clean:
	rm -rf $(VENV) .marsad test-output
