# Two commands do everything on a fresh clone:
#   make build   create the venvs if missing, render every template to dist/, lint them
#   make test    same setup, check dist/ is current, then the whole suite (pytest runs the
#                template tests, cfn-lint, checkov, taskcat lint, deploy emulation, guardrail e2e)
# checkov, taskcat and LiteLLM pin libraries that clash with moto/cfn-lint, so each has its own venv.

PYTHON ?= python3
# Every install is hash-checked: requirements/*.txt carry a sha256 for each file (`make lock` writes them).
PIP_FLAGS := --quiet --disable-pip-version-check --require-hashes
VENV := .venv
PY := $(VENV)/bin/python
# Python caches compiled modules by default; some machines turn that off (PYTHONDONTWRITEBYTECODE), and then every
# build and every test worker compiles every module again (about 8 s of a test run's CPU). The caches are ignored
# by git (__pycache__/ in .gitignore).
unexport PYTHONDONTWRITEBYTECODE

# A venv whose first install is pip itself, from a hashed pin (requirements/pip.in says why).
define new_venv
	$(PYTHON) -m venv $(1)
	$(1)/bin/pip install $(PIP_FLAGS) -r requirements/pip.txt
endef

.PHONY: build test lint venvs clean lock
.DEFAULT_GOAL := build

# The project itself installs with no download at all: no deps, no build isolation (its build backend,
# setuptools, comes hash-checked from main.txt); pip cannot hash an editable install.
$(VENV)/.installed: requirements/pip.txt requirements/main.txt setup.cfg pyproject.toml
	$(call new_venv,$(VENV))
	$(VENV)/bin/pip install $(PIP_FLAGS) -r requirements/main.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

.venv-%/.installed: requirements/pip.txt requirements/%.txt
	$(call new_venv,.venv-$*)
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

# Re-resolve requirements/NAME.txt (every pin and its hashes) from requirements/NAME.in, for each NAME.in;
# uv keeps the versions already in NAME.txt unless NAME.in asks otherwise (UPGRADE=--upgrade lifts them all).
lock: .venv-uv/.installed
	for in_file in requirements/*.in; do \
	  .venv-uv/bin/uv pip compile --quiet --generate-hashes --custom-compile-command "make lock" $(UPGRADE) \
	    "$$in_file" -o "$${in_file%.in}.txt" || exit 1; \
	done

clean:
	rm -rf $(VENV) .venv-* .pytest_cache
