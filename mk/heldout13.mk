# The heldout13 PII evaluation set (.venv-heldout13 from requirements/heldout13.txt, built by the Makefile's .venv-% rule:
# phone-gen and schwifty, pinned with their hashes):
#   scripts/make_heldout13.py  regenerates tests/data/eval/heldout13.jsonl from phone-gen's numbering plans and
#                              schwifty's bank registries (both seeded here) and its own templates
#                              (scripts/heldout13_shapes.py); held out through the thirteenth round, scored once
# tests/test_heldout13_generator.py runs the --check below when this venv exists.
SETUP += .venv-heldout13/.installed

.PHONY: heldout13-check
heldout13-check: .venv-heldout13/.installed
	.venv-heldout13/bin/python scripts/make_heldout13.py --check
