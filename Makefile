# Every target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test test-slow test-all lint typecheck unit bench bench-quick docs docs-serve clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,plot,dask]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/paramfit demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# make test: lint, types and every test not marked slow (the example notebooks
# included); about 3 minutes on 2 cores. make test-slow runs only the slow ones
# (extra seeds and models, the documentation site build, timeouts); CI runs both.
unit: $(STAMP)
	MPLBACKEND=Agg $(BIN)/pytest -m "not slow"

test: lint typecheck unit

test-slow: $(STAMP)
	MPLBACKEND=Agg $(BIN)/pytest -m slow

test-all: test test-slow

# Side by side with PINTS 0.6.1 and pycma (dev extras); JSON in benchmarks/results/.
# The full run takes about 20 minutes on 2 cores (BBOB alone ~12); bench-quick about 3.
# bench regenerates docs/benchmarks.md and docs/img/; bench-quick writes *_quick.json
# and its report to benchmarks/results/report_quick/ (git-ignored), leaving docs/ be.
bench: $(STAMP)
	$(BIN)/python benchmarks/overhead.py --dims 2 10 50 200
	$(BIN)/python benchmarks/controller_overhead.py
	$(BIN)/python benchmarks/seed_evals.py
	$(BIN)/python benchmarks/parallel.py
	$(BIN)/python benchmarks/bbob.py
	$(BIN)/python benchmarks/seed_runs.py
	$(BIN)/python benchmarks/models.py
	$(BIN)/python benchmarks/report.py

bench-quick: export BENCH_QUICK := 1
bench-quick: $(STAMP)
	$(BIN)/python benchmarks/overhead.py --quick
	$(BIN)/python benchmarks/controller_overhead.py --repeats 5
	$(BIN)/python benchmarks/seed_evals.py --seeds 5
	$(BIN)/python benchmarks/parallel.py --quick
	$(BIN)/python benchmarks/bbob.py --quick
	$(BIN)/python benchmarks/seed_runs.py --quick
	$(BIN)/python benchmarks/report.py --quick

# The documentation site. make docs builds it into site/ (the example notebooks
# executed afresh: a few minutes); make docs-serve serves it at
# http://127.0.0.1:8000 and rebuilds it on every change (notebooks are executed
# once, then cached in .cache/ until they change; warnings are shown, not fatal).
DOCS_CACHE := .cache/mkdocs-jupyter

docs: $(STAMP)
	rm -rf $(DOCS_CACHE)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000

clean:
	rm -rf $(VENV) paramfit-demo site .cache .pytest_cache .mypy_cache .ruff_cache
