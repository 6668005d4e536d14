# Two commands do everything on a fresh clone:
#   make build   create the venvs if missing, render every template to dist/, lint them
#   make test    same setup, check dist/ is current, then the whole suite (pytest runs the
#                template tests, cfn-lint, checkov, taskcat lint, deploy emulation, guardrail e2e)
# checkov, taskcat and LiteLLM pin libraries that clash with moto/cfn-lint, so each has its own venv.

PYTHON ?= python3
PIP_FLAGS := --quiet --disable-pip-version-check
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: build test lint venvs clean
.DEFAULT_GOAL := build

$(VENV)/.installed: requirements/main.txt setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install $(PIP_FLAGS) -r requirements/main.txt
	$(VENV)/bin/pip install $(PIP_FLAGS) --no-deps -e .
	touch $@

.venv-%/.installed: requirements/%.txt
	$(PYTHON) -m venv .venv-$*
	.venv-$*/bin/pip install $(PIP_FLAGS) -r requirements/$*.txt
	touch $@

# What `make test` installs before running; fragments in mk/ add their own tools to SETUP.
SETUP := $(VENV)/.installed .venv-checkov/.installed .venv-taskcat/.installed .venv-litellm/.installed
-include mk/*.mk

venvs: $(SETUP)

build: $(VENV)/.installed
	$(PY) build.py
	$(VENV)/bin/cfn-lint

test: venvs
	$(PY) build.py --check
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .venv-* .pytest_cache
