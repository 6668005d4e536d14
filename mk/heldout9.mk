# The heldout9 PII evaluation set (tools/heldout9: mockjs and randexp, pinned, installed with npm ci against the
# integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout9.py   regenerates tests/data/eval/heldout9.jsonl from tools/heldout9/values.js's
#                              seeded values and its own templates (scripts/heldout9_shapes.py); standard library
#                              only; held out of detector development until scored once (ninth round), development data since
# tests/test_heldout9_generator.py runs the --check below when tools/heldout9/node_modules exists.
HELDOUT9 := tools/heldout9
SETUP += $(HELDOUT9)/node_modules/.installed

.PHONY: heldout9-check

$(HELDOUT9)/node_modules/.installed: $(HELDOUT9)/package.json $(HELDOUT9)/package-lock.json
	cd $(HELDOUT9) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout9-check: $(VENV)/.installed $(HELDOUT9)/node_modules/.installed
	$(VENV)/bin/python scripts/make_heldout9.py --check
