# The heldout8 PII evaluation set (tools/heldout8: @ngneat/falso and casual, pinned, installed with npm ci
# against the integrity hashes of its package-lock.json, no install scripts):
#   scripts/make_heldout8.py   regenerates tests/data/eval/heldout8.jsonl from tools/heldout8/values.js's
#                              seeded values and its own templates (scripts/heldout8_shapes.py); runs under
#                              .venv-pii-eval (phonenumbers); held out of detector development, scored once
# tests/test_heldout8_generator.py runs the --check below when tools/heldout8/node_modules exists.
HELDOUT8 := tools/heldout8
SETUP += $(HELDOUT8)/node_modules/.installed

.PHONY: heldout8-check

$(HELDOUT8)/node_modules/.installed: $(HELDOUT8)/package.json $(HELDOUT8)/package-lock.json
	cd $(HELDOUT8) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

heldout8-check: .venv-pii-eval/.installed $(HELDOUT8)/node_modules/.installed
	.venv-pii-eval/bin/python scripts/make_heldout8.py --check
