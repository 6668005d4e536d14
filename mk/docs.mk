# Generated docs (docgen/diagram.py, docgen/deployer_policy.py): `make build` writes docs/architecture.md
# and docs/deployer-policy*.json; `make test` fails when they are stale (build.py --check and
# tests/test_docs_generated.py, which also checks docs/architecture.png.sha256 against the diagram).
#   make diagram   redraw docs/architecture.png from docs/architecture.md: needs Node.js and headless Chromium
#                  (Debian: apt-get install -y chromium; CHROMIUM=/path overrides). Not part of `make test`.
RENDER_DIAGRAM := tools/render-diagram

.PHONY: diagram

$(RENDER_DIAGRAM)/node_modules/.installed: $(RENDER_DIAGRAM)/package.json $(RENDER_DIAGRAM)/package-lock.json
	cd $(RENDER_DIAGRAM) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

diagram: $(VENV)/.installed $(RENDER_DIAGRAM)/node_modules/.installed
	$(PY) build.py
	node $(RENDER_DIAGRAM)/render.mjs docs/architecture.md docs/architecture.png
