# The heldout7 PII evaluation set (tools/heldout7: @faker-js/faker and chance, pinned, installed with npm ci
# against the integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout7.py   regenerates tests/data/eval/heldout7.jsonl from tools/heldout7/values.mjs's
#                              seeded values and its own templates (scripts/heldout7_shapes.py); held out of
#                              detector development and scored once at the end of the round
# tests/test_heldout7_generator.py runs the --check below when tools/heldout7/node_modules exists.
HELDOUT7 := tools/heldout7
SETUP += $(HELDOUT7)/node_modules/.installed

.PHONY: heldout7-check

$(HELDOUT7)/node_modules/.installed: $(HELDOUT7)/package.json $(HELDOUT7)/package-lock.json
	cd $(HELDOUT7) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout7-check: $(VENV)/.installed $(HELDOUT7)/node_modules/.installed
	$(PY) scripts/make_heldout7.py --check
