# The heldout6 PII evaluation set (.venv-heldout6 from requirements/heldout6.txt, built by the Makefile's .venv-% rule):
#   scripts/make_heldout6.py   regenerates tests/data/eval/heldout6.jsonl from Microsoft presidio-evaluator's
#                              templates and fake-data layer plus its own shapes (phonenumbers, stdnum); held out
#                              through the sixth detector round and scored once at its end
# tests/test_heldout6_generator.py runs the --check below when this venv exists.
SETUP += .venv-heldout6/.installed

.PHONY: heldout6-check
heldout6-check: .venv-heldout6/.installed
	PYTHONHASHSEED=0 .venv-heldout6/bin/python scripts/make_heldout6.py --check
