# The heldout15 PII evaluation set (tools/heldout15: charlatan and phone-number-generator-js, with libphonenumber-js,
# pinned, installed with npm ci against the integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout15.py  regenerates tests/data/eval/heldout15.jsonl from tools/heldout15/values.js's seeded
#                              people and phone numbers and its own templates (scripts/heldout15_shapes.py);
#                              standard library only; held out through the fifteenth round, scored once at its end,
#                              development data since
# tests/test_heldout15_generator.py runs the --check below when tools/heldout15/node_modules exists.
HELDOUT15 := tools/heldout15
SETUP += $(HELDOUT15)/node_modules/.installed

.PHONY: heldout15-check

$(HELDOUT15)/node_modules/.installed: $(HELDOUT15)/package.json $(HELDOUT15)/package-lock.json
	cd $(HELDOUT15) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout15-check: $(VENV)/.installed $(HELDOUT15)/node_modules/.installed
	$(VENV)/bin/python scripts/make_heldout15.py --check
