# dyad: build, test and run. Run from the repository root.
#   make demo   code the seed article (or, without $(SHARED), dyad's own demo article)
#   make test   run the test suite (make test-fast: all but the slow tests)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

SEED ?= $(SHARED)/seeds/000_bc9f64f74030027a.txt
# dyad's own article, shipped in the package: the demo and the tests need nothing outside the clone
DEMO_ARTICLE := src/dyad/data/demo/article.txt
GOLD ?= $(SHARED)/gold/dev.jsonl \
        $(SHARED)/peers/UniversalPetrarch/UniversalPetrarch/data/text/PETR2_GSR_validation.xml \
        $(SHARED)/peers/icews/data-raw/cameo-codes.csv \
        $(SHARED)/peers/PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt

# pip-compile must not copy this machine's pip.conf index/find-links lines into the locks.
PIP_COMPILE_FLAGS := --generate-hashes --no-emit-index-url --no-emit-find-links \
                     --allow-unsafe --strip-extras --quiet
# Extra pip-compile arguments, e.g. make lock LOCK_ARGS=--upgrade
LOCK_ARGS ?=

.PHONY: help venv demo test test-fast lint format bench bench-faults bench-watch eval coverage snapshot identity lock clean

help:
	@echo "targets: demo test test-fast lint format bench bench-faults bench-watch eval coverage snapshot identity lock clean venv (SHARED=$(SHARED))"

# The virtualenv is rebuilt whenever a lock file or pyproject.toml changes. dyad itself is
# installed without build isolation: setuptools comes hashed from the lock, nothing unpinned.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --no-deps --no-build-isolation -e .
	touch $@

$(VENV): $(STAMP)
	@:

venv: $(STAMP)

demo: $(STAMP)
	if [ -f "$(SEED)" ]; then
	    $(BIN)/dyad code "$(SEED)" --published 2025-05-06 --format table
	else
	    echo "($(SEED) is not here: coding dyad's own demo article)" >&2
	    $(BIN)/dyad code $(DEMO_ARTICLE) --published 2025-03-07 --format table
	fi

# No `|| true` / exit-5 handling: an empty or missing test suite must fail.
test: $(STAMP)
	$(BIN)/python -m pytest -q

# The quick loop: every test not marked @pytest.mark.slow (model-heavy suites, subprocesses, Dask,
# the browser). `make test` still runs them all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --select I --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# The benchmarks live outside the package, in benchmarks/; the seed comes from $(SEED).
bench: $(STAMP) bench-watch
	$(BIN)/python benchmarks/bench.py --seed $(SEED) --max-ratio 1.3
	$(BIN)/python benchmarks/bench_process.py --seed $(SEED) --dev $(SHARED)/gold/dev.jsonl
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_scale.py --seed $(SEED)
	$(BIN)/python benchmarks/bench_api.py --seed $(SEED)

# Workers killed at seeded random points: RUNS runs of 400 documents must all match an undisturbed
# run (about 25 s a run on 2 cores; not part of `make bench`).
RUNS ?= 100
bench-faults: $(STAMP)
	$(BIN)/python benchmarks/bench_faults.py --seed $(SEED) --runs $(RUNS)

# dyad watch: recall, delay and false alarms on planted shifts; a check over a 1M-event store.
bench-watch: $(STAMP)
	$(BIN)/python benchmarks/bench_watch.py

eval: $(STAMP)
	$(BIN)/dyad eval $(GOLD)

# Sentences that link two coded actors by a verb but give no event, and their commonest verbs.
coverage: $(STAMP)
	$(BIN)/python benchmarks/coverage.py $(SHARED)/gold/dev.jsonl

# Code every gold file and the seed into $(OUT)/*.jsonl (+ CLI and eval output): `diff -r` two
# snapshots to prove that a change leaves the output byte for byte the same.
snapshot: $(STAMP)
	test -n "$(OUT)" || { echo "usage: make snapshot OUT=DIR" >&2; exit 2; }
	$(BIN)/python benchmarks/snapshot.py $(OUT) --shared $(SHARED)

# Prove that the working tree codes every gold file and the seed as git revision $(BASE) does.
BASE ?= main
identity: $(STAMP)
	$(BIN)/python benchmarks/identity.py --base $(BASE) --shared $(SHARED)

lock: $(STAMP)
	export CUSTOM_COMPILE_COMMAND="make lock"
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) $(LOCK_ARGS) -o requirements.lock requirements.in
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) $(LOCK_ARGS) -o requirements-dev.lock requirements-dev.in

# Leaves $(VENV) alone (it is shared); remove it by hand to start from scratch.
clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
	find . \( -path ./$(VENV) -o -path ./.git \) -prune -o \
	    \( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +
