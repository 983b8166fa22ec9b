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
# The venv holds exactly what uv.lock pins (uv sync is exact: it also removes what the lock lacks).
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# uv itself is pinned in the lock; this bootstraps that version before the first sync.
UV_VERSION = $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)

.PHONY: venv lock upgrade system-packages test test-fast lint demo lab e2e bench calibrate fixtures release \
	validate mutants mutants-unseen mutants-blind mutants-fourth mutants-fifth mutants-sixth mutants-seventh mutants-eighth mutants-ninth mutants-tenth mutants-eleventh mutants-twelfth mutants-thirteenth \
	mutants-fourteenth mutants-fifteenth mutants-sixteenth screenshots clean

venv: $(STAMP)

$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# --locked: a lock that no longer matches pyproject.toml stops here (run `make lock`).
# --compile-bytecode: every .pyc written once, here. Without it a process that cannot write them
# (PYTHONDONTWRITEBYTECODE=1, or a sandboxed kernel under a read-only venv) compiles matplotlib,
# nbgrader... from source at each start: ~1.8 s of CPU per kernel, hundreds of kernels per `make test`.
$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --locked --extra dev --quiet --compile-bytecode
	touch $(STAMP)

# After editing pyproject.toml: re-resolve, keeping every pin that still fits.
lock: | $(BIN)/uv
	$(BIN)/uv lock

# Move every package to the newest version pyproject.toml allows.
upgrade: | $(BIN)/uv
	$(BIN)/uv lock --upgrade

# Debian packages (chromium, bubblewrap): installed when missing; instant otherwise.  Where
# that is impossible (no root, no sudo) the e2e tests fail and say what to run.
system-packages:
	@.ci/install-system-packages || true

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint system-packages
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=20

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

# The third set, written blind (solutions/unseen_mistakes_blind.py): a measurement, never a bar.
mutants-blind: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen blind

# The fourth set, written blind while the general fingerprints were (solutions/unseen_mistakes_fourth.py),
# with its own alternatives. Looked at since, while session 16's fingerprints were written.
mutants-fourth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen fourth

# The fifth set, written blind in session 16 (solutions/unseen_mistakes_fifth.py), with its own
# alternatives: the one untuned measurement. Run once, after the merges; never tuned to.
mutants-fifth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen fifth

# The sixth set, written blind in session 17 (solutions/unseen_mistakes_sixth.py), with its own
# alternatives: the untuned measurement of session 17's fingerprints. Run once, after the merges.
mutants-sixth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen sixth

# The seventh set, written blind late in session 17 (solutions/unseen_mistakes_seventh.py), with its
# own alternatives: the untuned measurement of all the hint work so far. Run once, after the merges.
mutants-seventh: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen seventh

# The eighth set, written blind in session 18 over the whole course (solutions/unseen_mistakes_eighth.py),
# with its own alternatives: the untuned measurement of all the hint work. Run once, after the merges.
mutants-eighth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen eighth

# The ninth set, written blind later in session 18 over the whole course (solutions/unseen_mistakes_ninth.py),
# with its own alternatives: the untuned measurement of session 18's general fingerprints. Run once, after
# the merges; never tuned to.
mutants-ninth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen ninth

# The tenth (session 19, H19t): written with solutions/blind_set.py, half in students' own style.
mutants-tenth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen tenth

# The eleventh (session 20, H20t): written blind like the tenth, with truth=("unnamed",) throughout (no
# labelling vocabulary; a blind judge rules each hint from the slip in its source=).
mutants-eleventh: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen eleventh

# The twelfth (session 21, H21t): blind, truth=("unnamed",) throughout; leans on slips that only show
# on some inputs (N = 1, ties, integer inputs, a second call) and on code written the student's way.
mutants-twelfth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen twelfth

# The thirteenth (session 24, H24t): blind, truth=("unnamed",) throughout; 88 mistakes over all 37
# blanks, about 50 that only show on some inputs, four that keep state across calls.
mutants-thirteenth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen thirteenth

# The fourteenth (session 25, H25f): blind, truth=("unnamed",) throughout; 82 mistakes over all 37
# blanks and 39 alternatives, written after session 25's mechanisms, to measure them untuned.
mutants-fourteenth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen fourteenth

# The fifteenth (session 26, H26f): blind, truth=("unnamed",) throughout; 83 mistakes over all 37
# blanks and 38 alternatives, written beside session 26's edge cases, to measure them untuned.
mutants-fifteenth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen fifteenth

# The sixteenth (session 26, H26g): blind, truth=("unnamed",) throughout; 81 mistakes over all 37
# blanks and 39 alternatives, written beside session 26's later hints, to measure them untuned.
mutants-sixteenth: $(STAMP)
	$(BIN)/python -m nncourse mutants --unseen sixteenth

# `make bench BENCH_ARGS=--scheduler`: also the class on a local 2-worker Dask cluster, with the ratio.
bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_grading.py --students 40 --workers 2 $(BENCH_ARGS)

calibrate: $(STAMP)
	$(BIN)/python -m nncourse.calibrate

e2e: $(STAMP) system-packages
	$(BIN)/python -m pytest -m e2e tests/e2e

# Refresh the README's pictures: one screenshot per notebook and one of the class report, from the e2e suite.
screenshots: $(STAMP) system-packages
	E2E_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -m e2e tests/e2e/test_notebooks.py \
		tests/e2e/test_report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
