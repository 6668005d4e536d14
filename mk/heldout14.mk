# The heldout14 PII evaluation set (.venv-heldout14 from requirements/heldout14.txt, built by the Makefile's .venv-% rule:
# randino, pinned with its hashes):
#   scripts/make_heldout14.py  regenerates tests/data/eval/heldout14.jsonl from randino's names, phone numbers,
#                              organisations and sentences (seeded here) and its own templates
#                              (scripts/heldout14_shapes.py); held out through the fourteenth round, scored once
# tests/test_heldout14_generator.py runs the --check below when this venv exists.
SETUP += .venv-heldout14/.installed

.PHONY: heldout14-check
heldout14-check: .venv-heldout14/.installed
	.venv-heldout14/bin/python scripts/make_heldout14.py --check
