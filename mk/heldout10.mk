# The heldout10 PII evaluation set (tools/heldout10: fakerator, pinned, installed with npm ci against the
# integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout10.py  regenerates tests/data/eval/heldout10.jsonl from tools/heldout10/values.js's
#                              seeded values and its own templates (scripts/heldout10_shapes.py); standard
#                              library only; held out through the tenth round, scored once, development data since
# tests/test_heldout10_generator.py runs the --check below when tools/heldout10/node_modules exists.
HELDOUT10 := tools/heldout10
SETUP += $(HELDOUT10)/node_modules/.installed

.PHONY: heldout10-check

$(HELDOUT10)/node_modules/.installed: $(HELDOUT10)/package.json $(HELDOUT10)/package-lock.json
	cd $(HELDOUT10) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout10-check: $(VENV)/.installed $(HELDOUT10)/node_modules/.installed
	$(VENV)/bin/python scripts/make_heldout10.py --check
