# Backprop in Depth: set-up, lessons, tests.  `make lab` to learn, `make test` to check everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed
# Every command below runs with the project's virtual environment first on PATH, so the
# Jupyter kernels it starts use the same Python and packages.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

# Jupyter refuses to run as root unless told; containers and some hubs run as root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: help venv lab test lint unit nbval notebooks bench clean student html

help:
	@echo "make lab        set up .venv if needed and open JupyterLab on the lessons"
	@echo "make test       set up .venv if needed, then lint, unit tests and strict notebook tests"
	@echo "make notebooks  re-execute every lesson in place (the one way stored outputs change)"
	@echo "make bench      run the speed benchmarks in benchmarks/"
	@echo "make student    write the student edition to student/ (solutions removed, outputs cleared)"
	@echo "make html       export every lesson to static HTML in build/html/ (open build/html/index.html)"

# (Re)install when the venv is missing or requirements.txt / pyproject.toml changed.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	@echo "Opening JupyterLab on notebooks/ (the URL with its token is printed below; Ctrl-C stops it)"
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ROOT) $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/python -m pytest $(NBVAL) tests $(NOTEBOOKS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS)

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build student screenshots *.egg-info

student: $(STAMP)
	$(BIN)/python tools/student_edition.py notebooks student

html: $(STAMP)
	$(BIN)/python tools/export_html.py notebooks build/html
