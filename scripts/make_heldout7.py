"""Regenerate tests/data/eval/heldout7.jsonl, the eighth PII evaluation set (1400 messages, 700 clean).

How it was built
  * Values: tools/heldout7/values.mjs runs @faker-js/faker 10.6.0 (22 locales, seven of them in non-Latin
    scripts) and chance 1.1.13, both seeded, with a fixed reference date, and prints JSON: per-locale people
    (names, emails, phone.number() in its human / national / international styles, addresses, IBANs,
    amounts, dates), finance.creditCardNumber() per issuer, chance.ssn() and chance.phone(), look-alike
    identifiers that are not PII (IBAN, BIC, account and routing numbers, ISBN, IMEI, UUID, git SHAs,
    IPv4/6, ports, MACs, VINs, semvers, epoch milliseconds, crypto addresses, PINs...) and faker's own
    filler (lorem, hacker phrases, catch phrases, product descriptions, commit messages).
  * Texts: this file's own templates, written fresh for this set, of shapes earlier sets did not have
    (vCard, iCalendar, LDIF, RFC 5322 headers with quoted-printable, HL7 v2, FHIR JSON, EDI X12, SQL dumps
    and psql/mysql result tables, YAML and .env configs, GraphQL, SOAP, protobuf text, HTTP/HAR dumps,
    Python tracebacks with locals, Sentry events, spreadsheet formulas, LaTeX, markdown tables, property
    and classified ads, CVs, school notices, prescriptions, court filings, tax forms, RSVPs, forum posts with
    typos, .po catalogues, SRT subtitles, chat in non-Latin and right-to-left scripts).
  * Labels: from what each message was built with, never from a detector. Only values that meet the kind's
    definition are placed as PII (cards re-checked for 12-19 digits and a valid Luhn digit, SSNs for a legal
    area/group/serial); look-alikes (IMEI, ISBN, ...) are clean by construction even when Luhn-valid.
  * Committed unread: no detector of this project (nor Presidio) was run on the set while it was built. It
    was kept in tests/data/heldout/ through the seventh detector round, scored once at its end, and moved
    into tests/data/eval/ as development data.

Usage:  make_heldout7.py           write the file
        make_heldout7.py --check   regenerate in memory; exit 1 if the committed file differs
"""
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "heldout7"
OUT = ROOT / "tests" / "data" / "eval" / "heldout7.jsonl"
SEED = 7

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout7_shapes import SHAPES, hard_negative  # noqa: E402  (the templates live beside this file)


def node_values() -> dict:
    """The seeded value pools from the node script (faker-js and chance)."""
    if not (TOOL / "node_modules" / "@faker-js" / "faker").is_dir():
        sys.exit(f"{TOOL}/node_modules is missing: run `make {TOOL}/node_modules/.installed` (npm ci) first")
    done = subprocess.run(["node", str(TOOL / "values.mjs")], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def ssn_ok(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (len(digits) == 9 and digits.isdigit() and area not in ("000", "666") and area[0] != "9"
            and group != "00" and serial != "0000")


def format_card(r: random.Random, number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    roll = r.random()
    if roll < 0.30:
        return number                                    # faker's own grouping (dashes) or none
    if roll < 0.60:
        return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))
    if roll < 0.88:
        return digits
    sep = r.choice([".", "/", "  ", "_", " - "])
    return sep.join(digits[i:i + 4] for i in range(0, len(digits), 4))


def format_ssn(r: random.Random, digits: str) -> str:
    a, g, s = digits[:3], digits[3:5], digits[5:]
    roll = r.random()
    if roll < 0.60:
        return f"{a}-{g}-{s}"
    if roll < 0.78:
        return digits
    if roll < 0.92:
        return f"{a} {g} {s}"
    return r.choice([f"{a}.{g}.{s}", f"{a}/{g}/{s}", f"{a} - {g} - {s}", f"{a}{g}-{s}"])


def format_phone(r: random.Random, person: dict, chance_phones: list) -> str:
    roll = r.random()
    if roll < 0.55:
        phone = person["phone"]
    elif roll < 0.72:
        phone = person["phone_national"]
    elif roll < 0.87:
        phone = person["phone_intl"]
    else:
        phone = r.choice(chance_phones)
    if r.random() < 0.12:                                 # the exotic minority
        variant = r.randrange(4)
        if variant == 0:
            phone += r.choice([" ext. ", " x", " ext ", ", ext. ", " #"]) + str(r.randint(2, 9999))
        elif variant == 1:
            phone = phone.replace("-", ".").replace(" ", ".")
        elif variant == 2 and phone.startswith("+"):
            phone = "00" + phone[1:]
        else:
            phone = "tel:" + phone.replace(" ", "-")
    return phone


def format_email(r: random.Random, email: str) -> str:
    roll = r.random()
    if roll < 0.88:
        return email
    if roll < 0.94:
        return email.lower()
    return email.upper() if roll < 0.97 else email.lower().replace("@", "+news@", 1)


def kind_plan(r: random.Random) -> list[tuple[str, ...]]:
    """700 kind sets for the PII messages: 600 with one kind, 100 with two."""
    plan = ([("email",)] * 155 + [("us_phone",)] * 170 + [("credit_card",)] * 150 + [("us_ssn",)] * 125)
    pairs = [("email", "us_phone"), ("credit_card", "email"), ("us_phone", "us_ssn"), ("credit_card", "us_phone"),
             ("email", "us_ssn"), ("credit_card", "us_ssn")]
    plan += [pairs[i % len(pairs)] for i in range(100)]
    r.shuffle(plan)
    return plan


# How often each brand is drawn: most cards people paste are Visa or Mastercard; every other brand and length
# (faker's issuers and values.mjs's extra patterns) still appears
ISSUER_WEIGHTS = {"visa": 30, "mastercard": 26, "american_express": 9, "discover": 5, "maestro": 4, "jcb": 3,
                  "diners_club": 3, "unionpay": 3, "instapayment": 1, "laser": 1, "switch": 1, "solo": 1}
PATTERN_WEIGHT = 1


class Pools:
    """Draws values without reuse, so no two messages share a PII value."""

    def __init__(self, values: dict, r: random.Random):
        self.r = r
        self.values = values
        self.cards = [c for c in values["cards"]
                      if 12 <= len(d := "".join(ch for ch in c["number"] if ch.isdigit())) <= 19 and luhn_ok(d)]
        self.ssns = [s for s in dict.fromkeys(values["ssns"]) if ssn_ok(s)]
        r.shuffle(self.cards)
        r.shuffle(self.ssns)
        self.by_issuer = {}
        for card in self.cards:
            self.by_issuer.setdefault(card["issuer"], []).append(card)
        self.locales = sorted(values["locales"])
        self.people = {loc: list(values["locales"][loc]["people"]) for loc in self.locales}
        for loc in self.locales:
            r.shuffle(self.people[loc])
        self.used = {loc: 0 for loc in self.locales}

    def card(self) -> dict:
        issuers = sorted(self.by_issuer)
        weights = [ISSUER_WEIGHTS.get(issuer, PATTERN_WEIGHT) for issuer in issuers]
        return self.by_issuer[self.r.choices(issuers, weights)[0]].pop()

    def person(self, loc: str) -> dict:
        if self.used[loc] == len(self.people[loc]):
            sys.exit(f"locale {loc}: all {self.used[loc]} people used; raise PER_LOCALE in tools/heldout7/values.mjs")
        self.used[loc] += 1
        return self.people[loc][self.used[loc] - 1]


def build(values: dict) -> list[dict]:
    r = random.Random(SEED)
    pools = Pools(values, r)
    rows, seen, placed = [], set(), []
    plan = [()] * 700 + kind_plan(r)
    shape_names = sorted(SHAPES)
    for n, kinds in enumerate(plan):
        for attempt in range(20):
            loc = pools.locales[(n + attempt) % len(pools.locales)]
            shape = shape_names[(n * 7 + attempt * 3 + n // len(shape_names)) % len(shape_names)]
            p, other = pools.person(loc), pools.person(pools.locales[(n * 5 + 3) % len(pools.locales)])
            pii, issuer = {}, ""
            if "email" in kinds:
                pii["email"] = format_email(r, p["email"])
            if "us_phone" in kinds:
                pii["us_phone"] = format_phone(r, p, values["chance_phones"])
            if "credit_card" in kinds:
                card = pools.card()
                pii["credit_card"] = format_card(r, card["number"])
                issuer = " " + card["issuer"]
            if "us_ssn" in kinds:
                pii["us_ssn"] = format_ssn(r, pools.ssns.pop())
            ctx = {
                "r": r, "loc": loc, "p": p, "other": other,
                "lk": r.choice(values["lookalikes"]), "lk2": r.choice(values["lookalikes"]),
                "hard": None, "fill": r.choice(values["filler"]), "fill2": r.choice(values["filler"]),
                "sent": r.choice(values["locales"][loc]["sentences"]) or r.choice(values["filler"])["lorem"],
            }
            ctx["hard"] = hard_negative(r, r.choice(values["lookalikes"]))
            text = SHAPES[shape](ctx, pii)
            if text not in seen:
                break
        seen.add(text)
        placed.append(pii)
        label = sorted(pii)
        variant = ("clean" if not label else "+".join(label)) + issuer
        rows.append({"text": text, "kinds": label, "note": f"{shape} {loc} {variant}"})
    problems = construction_problems(rows, placed, values)
    if problems:
        sys.exit("the set is not true by construction:\n" + "\n".join(problems[:20]))
    return rows


def pool_values(values: dict) -> set[str]:
    """Every PII value the pools hold, written as the node script gave it (for the construction check)."""
    found = set(values["chance_phones"]) | set(values["ssns"]) | {c["number"] for c in values["cards"]}
    for loc in values["locales"].values():
        for p in loc["people"]:
            found |= {p["email"], p["email2"], p["phone"], p["phone_national"], p["phone_intl"]}
    return {v for v in found if len(v) >= 7}


def construction_problems(rows: list[dict], placed: list[dict], values: dict) -> list[str]:
    """Labels are true by construction only if each placed value is in its text and no other pool value is."""
    problems, by_prefix = [], {}
    for value in pool_values(values):                    # index by the first 6 characters: a linear scan
        by_prefix.setdefault(value[:6], []).append(value)
    for n, (row, pii) in enumerate(zip(rows, placed), 1):
        text = row["text"]
        for kind, value in pii.items():
            if value not in text:
                problems.append(f"message {n}: its {kind} value is not in the text verbatim")
        grams = {text[i:i + 6] for i in range(len(text) - 5)}
        found = {v for gram in grams & by_prefix.keys() for v in by_prefix[gram] if v in text}
        if any(not any(v in w for w in pii.values()) for v in found):
            problems.append(f"message {n} ({row['note']}): holds pool values it was not labelled with")
    return problems


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    text = render(build(node_values()))
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} differs from what scripts/make_heldout7.py generates", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10))} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
