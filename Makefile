# Backprop in Depth: set-up, lessons, tests.  `make lab` to learn, `make test` to check everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
# Two installs, two stamps: the learner's set (requirements.txt) for `make lab`, and the
# developer's set (requirements-dev.txt = the learner's set + test tools) for everything else.
LAB_STAMP := $(VENV)/.installed-lab
DEV_STAMP := $(VENV)/.installed-dev
# Every command below runs with the project's virtual environment first on PATH, so the
# Jupyter kernels it starts use the same Python and packages.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

# Jupyter refuses to run as root unless told; containers and some hubs run as root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# The Python that creates .venv must be 3.10 or newer; say what to install before anything
# fails half-way. (An existing .venv is checked too: it may come from an older Python.)
define CHECK_PYTHON
@py="$(PYTHON)"; if [ -x $(BIN)/python ]; then py="$(BIN)/python"; fi; \
if ! command -v "$$py" >/dev/null 2>&1; then \
  echo "Backprop in Depth needs Python 3.10 or newer, and '$$py' was not found."; \
  echo "Install Python 3.10+ (python.org, Homebrew 'brew install python@3.12', or your system's"; \
  echo "package manager), then run: make $(or $(MAKECMDGOALS),lab) PYTHON=python3.12   (the name of the new Python)"; \
  exit 1; \
fi; \
if ! "$$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then \
  echo "Backprop in Depth needs Python 3.10 or newer; '$$py' is Python $$("$$py" -c 'import platform; print(platform.python_version())')."; \
  echo "Install a newer Python: macOS 'brew install python@3.12' or the installer from python.org;"; \
  echo "Debian/Ubuntu 'sudo apt-get install python3.11 python3.11-venv'; conda 'conda create -n backprop python=3.12'."; \
  echo "Then run: make clean $(or $(MAKECMDGOALS),lab) PYTHON=python3.12   (the name of the new Python)"; \
  exit 1; \
fi
endef

.PHONY: help check-python venv lab test lint unit nbval notebooks bench clean student html

help:
	@echo "make lab        set up .venv with the learner's packages if needed and open JupyterLab"
	@echo "make test       set up .venv with the test tools too, then lint, unit tests and strict notebook tests"
	@echo "make notebooks  re-execute every lesson in place (the one way stored outputs change)"
	@echo "make bench      run the speed benchmarks in benchmarks/"
	@echo "make student    write the student edition to student/, a folder that stands as its own repository"
	@echo "make html       export every lesson to static HTML in build/html/ (open build/html/index.html)"
	@echo "make check-python  check that the Python make uses (.venv's, else PYTHON=python3) is 3.10 or newer"

check-python:
	$(CHECK_PYTHON)
	@echo "Python is new enough: $$(if [ -x $(BIN)/python ]; then echo $(BIN)/python; else echo $(PYTHON); fi)"

# (Re)install when the venv is missing or a requirements file / pyproject.toml changed.
$(LAB_STAMP): requirements.txt pyproject.toml
	$(CHECK_PYTHON)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(LAB_STAMP)

$(DEV_STAMP): requirements-dev.txt requirements.txt pyproject.toml
	$(CHECK_PYTHON)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(LAB_STAMP) $(DEV_STAMP)

venv: $(LAB_STAMP)

lab: $(LAB_STAMP)
	@echo "Opening JupyterLab on notebooks/ (the URL with its token is printed below; Ctrl-C stops it)"
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ROOT) $(LAB_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

test: $(DEV_STAMP) lint
	$(BIN)/python -m pytest $(NBVAL) tests $(NOTEBOOKS)

unit: $(DEV_STAMP)
	$(BIN)/python -m pytest tests

nbval: $(DEV_STAMP)
	$(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS)

notebooks: $(DEV_STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

bench: $(DEV_STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build student screenshots *.egg-info

# STUDENT_REPOSITORY (optional): the address the student edition will be pushed to, written into
# each lesson's set-up cell so that Colab installs the package from there.
student: $(LAB_STAMP)
	$(BIN)/python tools/student_edition.py . student $(if $(STUDENT_REPOSITORY),--repository $(STUDENT_REPOSITORY),)

html: $(DEV_STAMP)
	$(BIN)/python tools/export_html.py notebooks build/html
