# The heldout16 PII evaluation set (.venv-heldout16 from requirements/heldout16.txt, built by the Makefile's .venv-% rule:
# forgerypy3 and gimei, pinned with their hashes):
#   scripts/make_heldout16.py  regenerates tests/data/heldout/heldout16.jsonl from forgerypy3's English names,
#                              domains, companies and phone digits and gimei's Japanese names and addresses
#                              (seeded here) and its own templates (scripts/heldout16_shapes.py); held out through
#                              the sixteenth round, scored once at its end
# tests/test_heldout16_generator.py runs the --check below when this venv exists.
SETUP += .venv-heldout16/.installed

.PHONY: heldout16-check
heldout16-check: .venv-heldout16/.installed
	.venv-heldout16/bin/python scripts/make_heldout16.py --check
