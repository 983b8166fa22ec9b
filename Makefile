# Every target builds .venv from nothing when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# nbgrader calls `alembic` by name, so the venv's bin/ must be on PATH.
export PATH := $(BIN):$(PATH)
# One BLAS thread per process: grading runs one kernel per core.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

STAMP := $(VENV)/.installed

.PHONY: venv test test-fast lint demo lab e2e bench calibrate fixtures release validate mutants mutants-unseen screenshots clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=20

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not nbgrader and not e2e"

demo: $(STAMP)
	$(BIN)/python -m nncourse demo

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

fixtures: $(STAMP)
	$(BIN)/python -m nncourse.fixtures

release: $(STAMP)
	$(BIN)/python -m nncourse release

validate: $(STAMP)
	$(BIN)/python -m nncourse validate

mutants: $(STAMP)
	$(BIN)/python -m nncourse mutants

mutants-unseen: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_grading.py --students 40 --workers 2

calibrate: $(STAMP)
	$(BIN)/python -m nncourse.calibrate

e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e tests/e2e

# Refresh the README's pictures: one screenshot per notebook, from the e2e suite.
screenshots: $(STAMP)
	E2E_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -m e2e tests/e2e/test_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
