"""Write tests/data/eval/heldout6.jsonl, the seventh PII evaluation set (1400 messages, 700 clean).

How it was built, and why it is independent of the detector and of the six earlier sets:
- Half of it (350 with PII, 350 clean) is Microsoft presidio-evaluator's data generator at work: its own
  sentence templates (read at run time from the installed package, never copied here), filled by its
  PresidioSentenceFaker with its fake-person records (FakeNameGenerator, people of 30 countries, whose
  phone numbers are written the way each country writes them) and its extra providers, under twelve Faker
  locales. Labels come from which placeholders were filled: credit_card_number -> credit_card,
  phone_number -> us_phone, email -> email, ssn -> us_ssn;
  every other entity (names, addresses, IBAN, IP, dates, ages, driver's licences...) is clean. {{ssn}} is
  filled by Faker's en_US SSN provider under every locale (another locale's `ssn` is its national id).
- The other half is this script's own templates of traffic the earlier sets never had (HR onboarding,
  insurance claims, hotel and airline bookings, order exports as CSV with quoted newlines, classified ads and
  school messages in several languages and scripts, contract clauses, call transcripts with values spoken
  digit by digit, syslog and nginx error logs, JSON-lines events, GraphQL, SOAP, LDIF, iCalendar, mbox
  headers, spreadsheet formulas, LaTeX, README tables, busy clean chat). Its values: people from
  presidio-evaluator's records (Faker locales only for names in non-Latin scripts), phone numbers from
  phonenumbers' example numbers per region and type (last digits redrawn until the library calls them
  valid) written in the forms people type, card numbers of every brand and length with a Luhn digit
  (stdnum), valid US SSNs, and for the clean half look-alikes that pass their own check digits (IBAN,
  ISBN, EAN/GTIN, IMEI, ISIN, VAT ids via stdnum) beside order, tracking, ticket and licence numbers,
  amounts, dates, epoch ms, IPs, versions, hashes, UUIDs and coordinates.
- Labels come only from construction; a look-alike that is not a phone, card or SSN is clean even when it
  passes a Luhn check. No detector of ours was run on the set; it was committed unread to tests/data/heldout/, held out
  through the sixth detector round, scored once at its end, and then moved to tests/data/eval/.

Deterministic: fixed seeds, fixed date spans, no dependence on today or on the hash seed.
Run with the venv that has presidio-evaluator (.venv-heldout6, from requirements/heldout6.txt):
    .venv-heldout6/bin/python scripts/make_heldout6.py           # write the file
    .venv-heldout6/bin/python scripts/make_heldout6.py --check   # exit 1 if the committed file differs
"""
import argparse
import contextlib
import io
import json
import random
import sys
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import heldout6_values as values
import heldout6_shapes as shapes

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval" / "heldout6.jsonl"
SEED = 6_2026_12
FIXED_NOW = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc)  # "today" for every date Faker draws
PER_HALF = 350  # per source and per class: 350 PII + 350 clean from presidio, the same from our own shapes

PRESIDIO_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL",
                    "ja_JP", "ru_RU", "el_GR"]
PRESIDIO_KINDS = {"CREDIT_CARD": "credit_card", "PHONE_NUMBER": "us_phone", "EMAIL_ADDRESS": "email",
                  "US_SSN": "us_ssn"}
PII_PLACEHOLDERS = ("credit_card_number", "phone_number", "email", "ssn")


def _presidio_templates() -> tuple[list[str], list[str], list[str], list[str]]:
    """The package's own templates (all, then split into ssn, other PII, clean); its "\\n" written as a newline."""
    from presidio_evaluator.data_generator import presidio_templates_file_path

    lines = [line.strip().replace("\\n", "\n") for line in presidio_templates_file_path.read_text().splitlines()]
    lines = [line for line in lines if line]
    ssn = [t for t in lines if "{{ssn}}" in t.lower()]
    pii = [t for t in lines if t not in ssn and any(f"{{{{{p}}}}}" in t.lower() for p in PII_PLACEHOLDERS)]
    clean = [t for t in lines if t not in ssn and t not in pii]
    return lines, ssn, pii, clean


@contextlib.contextmanager
def fixed_today():
    """Faker's dates run up to "now" by default: pin now to FIXED_NOW so that the set never depends on the day."""
    from faker.providers import date_time

    class FixedDate(date_time.dtdate):
        @classmethod
        def today(cls):
            return cls(FIXED_NOW.year, FIXED_NOW.month, FIXED_NOW.day)

    def parse_end(cls, value):
        return int(FIXED_NOW.timestamp()) if value is None else cls._parse_date_time(value)

    with mock.patch.object(date_time.Provider, "_parse_end_datetime", classmethod(parse_end)), \
            mock.patch.object(date_time, "dtdate", FixedDate):
        yield


def _weighted_pii_templates(pii: list[str], ssn: list[str]) -> list[str]:
    """Repeat the rarer kinds' templates so that cards (19 templates) do not crowd out emails and SSNs."""
    email_only = [t for t in pii if "{{email}}" in t.lower() and "credit_card" not in t.lower()]
    return pii + email_only * 2 + ssn * 4


def _valid_span(kind: str, value: str) -> bool:
    """A filled value that is what its label says (a record with a missing field would say "nan")."""
    if kind == "credit_card":
        return values.is_card(value)
    if kind == "us_ssn":
        return values.is_ssn(value)
    if kind == "email":
        local, _, domain = value.partition("@")
        return bool(local) and "." in domain
    return sum(c.isdigit() for c in value) >= 6


def presidio_rows() -> list[dict]:
    from presidio_evaluator.data_generator import PresidioSentenceFaker, presidio_additional_entity_providers
    from faker.providers.ssn.en_US import Provider as UsSsnProvider
    from presidio_evaluator.data_generator.faker_extensions import HospitalProvider, datasets

    # HospitalProvider asks WikiData over the network when it is built; no template uses it.
    providers = [p for p in presidio_additional_entity_providers if p is not HospitalProvider]
    every, ssn, pii, clean = _presidio_templates()
    PresidioSentenceFaker.seed(SEED)
    records = datasets.load_fake_person_df().to_dict(orient="records")  # once: each faker would convert the frame again
    rows, seen = {"pii": [], "clean": []}, set()
    per_locale = -(-PER_HALF // len(PRESIDIO_LOCALES))
    for n, locale in enumerate(PRESIDIO_LOCALES):
        pii_templates = _weighted_pii_templates(pii, ssn)
        for group, templates in (("pii", pii_templates), ("clean", clean)):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                faker = PresidioSentenceFaker(locale, lower_case_ratio=0.05, sentence_templates=templates,
                                              entity_providers=providers, base_records=records,
                                              random_seed=SEED + 10 * n + (group == "clean"))
                # every locale's {{ssn}} is a US SSN from Faker's en_US provider (other locales' ssn is a national id)
                faker.add_provider(UsSsnProvider)
                samples = faker.generate_new_fake_sentences(per_locale * 3)
            taken = 0
            for sample in samples:
                spans = [(PRESIDIO_KINDS[s.entity_type], str(s.entity_value)) for s in sample.spans
                         if s.entity_type in PRESIDIO_KINDS]
                text = sample.full_text
                if taken == per_locale or text in seen or not text.strip():
                    continue
                if (group == "pii") != bool(spans) or not all(_valid_span(k, v) for k, v in spans):
                    continue
                kinds = sorted({k for k, _ in spans})
                rows[group].append({"text": text, "kinds": kinds,
                                    "note": f"presidio t{every.index(templates[sample.template_id]):03d} {'+'.join(kinds) or 'clean'} {locale}"})
                seen.add(text)
                taken += 1
    return rows["pii"][:PER_HALF] + rows["clean"][:PER_HALF]


def _placed(value: str, text: str) -> bool:
    """The value is in the text, allowing for URL-encoding and for separators the shape rewrote."""
    def squash(s: str) -> str:
        return "".join(ch for ch in unquote(s).lower() if ch.isalnum())
    return squash(value) in squash(text)


def own_rows(seen: set[str]) -> list[dict]:
    rng = random.Random(SEED)
    pool = values.Values(rng, SEED + 2)
    out = []
    for group, wanted in (("pii", PER_HALF), ("clean", PER_HALF)):
        made = 0
        while made < wanted:
            kinds = pool.pick_kinds() if group == "pii" else []
            fits = [s for s in shapes.SHAPES if set(kinds) <= s.kinds and s.requires <= set(kinds)]
            shape = rng.choice(fits)
            locale = rng.choice(shape.locales)
            ctx = pool.context(locale)
            placed = {kind: pool.value(kind, ctx) for kind in kinds}
            text, variant = shape.render(ctx, placed)
            if variant != "spoken":
                missing = [k for k, value in placed.items() if not _placed(value, text)]
                assert not missing, f"{shape.name} dropped {missing}"
            if text in seen:
                continue
            seen.add(text)
            out.append({"text": text, "kinds": kinds,
                        "note": f"own {shape.name} {'+'.join(kinds) or 'clean'} {locale} {variant}"})
            made += 1
    return out


def build() -> list[str]:
    with fixed_today():
        first = presidio_rows()
        rows = first + own_rows({row["text"] for row in first})
    random.Random(SEED + 1).shuffle(rows)
    return [json.dumps(row, ensure_ascii=False, sort_keys=False) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    parser.add_argument("--file", type=Path, action="append",
                        help=f"a file --check compares, repeatable: one build serves them all (default {OUT.name})")
    args = parser.parse_args()
    lines = build()
    text = "\n".join(lines) + "\n"
    if args.check:
        stale = 0
        for path in args.file or [OUT]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current == text:
                print(f"{path} is current ({len(lines)} messages)")
                continue
            old = current.split("\n")  # not splitlines(): a message may hold U+2028 or U+0085
            first = next((n for n, (a, b) in enumerate(zip(old, lines), 1) if a != b), min(len(old), len(lines)) + 1)
            print(f"{path} is stale from line {first}: run scripts/make_heldout6.py", file=sys.stderr)
            stale = 1
        return stale
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
