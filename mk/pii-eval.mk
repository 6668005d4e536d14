# PII evaluation tools (.venv-pii-eval from requirements/pii-eval.txt, built by the Makefile's .venv-% rule):
#   scripts/make_eval_sets.py   regenerates tests/data/eval/{dev,heldout,heldout2,heldout3}.jsonl (Faker, phonenumbers, stdnum)
#   scripts/make_heldout4.py    regenerates tests/data/eval/heldout4.jsonl (Mimesis, phonenumbers, stdnum; own templates)
#   scripts/make_heldout5.py    regenerates tests/data/eval/heldout5.jsonl (Mimesis, phonenumbers, stdnum; held out through
#                               the fifth detector round, scored once at its end)
#   scripts/compare_presidio.py scores Microsoft Presidio on the same sets, beside our guardrail
# tests/test_guardrail_detection.py checks the committed sets are current when this venv exists.
SETUP += .venv-pii-eval/.installed

.PHONY: pii-eval
pii-eval: .venv-pii-eval/.installed
	.venv-pii-eval/bin/python scripts/make_eval_sets.py --check
	.venv-pii-eval/bin/python scripts/make_heldout4.py --check
	.venv-pii-eval/bin/python scripts/make_heldout5.py --check
	.venv-pii-eval/bin/python scripts/compare_presidio.py --set dev --set heldout --set heldout2 --set heldout3 --set heldout4 --set heldout5 --set heldout6 --set heldout7 --set heldout8 --set heldout9 --set heldout10 --set heldout11 --set heldout12 --set heldout13 --set heldout14 --set heldout15 --corpus tests/data/pii_corpus.jsonl
