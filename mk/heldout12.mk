# The heldout12 PII evaluation set (tools/heldout12: minifaker and ibantools, pinned, installed with npm ci
# against the integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout12.py  regenerates tests/data/eval/heldout12.jsonl from tools/heldout12/values.js's
#                              seeded values and its own templates (scripts/heldout12_shapes.py); standard
#                              library only; held out through the twelfth round, scored once
# tests/test_heldout12_generator.py runs the --check below when tools/heldout12/node_modules exists.
HELDOUT12 := tools/heldout12
SETUP += $(HELDOUT12)/node_modules/.installed

.PHONY: heldout12-check

$(HELDOUT12)/node_modules/.installed: $(HELDOUT12)/package.json $(HELDOUT12)/package-lock.json
	cd $(HELDOUT12) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout12-check: $(VENV)/.installed $(HELDOUT12)/node_modules/.installed
	$(VENV)/bin/python scripts/make_heldout12.py --check
