# The heldout11 PII evaluation set (tools/heldout11: dummy-json and unique-names-generator, pinned, installed
# with npm ci against the integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout11.py  regenerates tests/data/eval/heldout11.jsonl from tools/heldout11/values.js's
#                              seeded values and its own templates (scripts/heldout11_shapes.py); standard
#                              library only; held out through the eleventh round, scored once, development data since
# tests/test_heldout11_generator.py runs the --check below when tools/heldout11/node_modules exists.
HELDOUT11 := tools/heldout11
SETUP += $(HELDOUT11)/node_modules/.installed

.PHONY: heldout11-check

$(HELDOUT11)/node_modules/.installed: $(HELDOUT11)/package.json $(HELDOUT11)/package-lock.json
	cd $(HELDOUT11) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout11-check: $(VENV)/.installed $(HELDOUT11)/node_modules/.installed
	$(VENV)/bin/python scripts/make_heldout11.py --check
