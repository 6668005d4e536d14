"""Build the heldout8 PII evaluation set, tests/data/eval/heldout8.jsonl (1400 messages, 700 clean).

How it was built: tools/heldout8/values.js (node) draws seeded values from @ngneat/falso 8.0.2 (phone numbers
per country, cards per brand, emails, names, companies, IBANs, IPs, UUIDs, ARNs, lorem/phrases/product names)
and casual 1.6.2 (per-locale names, local phone formats, cities, streets, emails, lorem). This script adds a
minority of phonenumbers' example numbers per region and type, card numbers built from an issuer-prefix table
written here from the public IIN ranges (Luhn check digit computed), SSNs built from the SSA rules, and the
clean look-alikes (IMEI, ISBN, EAN, tracking, ISIN, CAS, epoch ms ...) built with their own check digits.
The templates below are new shapes written for this set (telecom CDRs, SIP/SMTP headers, DNS zones, crontabs,
Dockerfiles, CI YAML, package manifests, issue-tracker JSON, helpdesk macros, paging alerts, audit events,
payment webhooks, message logs, minutes, discharge summaries, incident reports, customs declarations, bills,
pay stubs, EOBs, rental applications, recipes, box scores, lab tables, FASTA headers, forwarded-mail blocks,
business-card OCR, MECARD payloads, deep links, notification dumps, chat with native digits).

Labels come only from what each template placed in the text, never from a detector; the set was committed
without running any detector of this project (or Presidio) on it, kept in tests/data/heldout/ through the
eighth detector round, scored once at its end, and moved into tests/data/eval/ as development data. Fixed seeds, no clock: the output is
deterministic. Run with .venv-pii-eval's python (it has phonenumbers) and node (tools/heldout8/node_modules).

    .venv-pii-eval/bin/python scripts/make_heldout8.py           # write the file
    .venv-pii-eval/bin/python scripts/make_heldout8.py --check   # exit 1 if the committed file differs
"""
import argparse
import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout8.jsonl"
NODE_DIR = ROOT / "tools" / "heldout8"
SEED = 8_0808


def node_values() -> dict:
    done = subprocess.run(["node", "values.js"], cwd=NODE_DIR, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


# ---------------------------------------------------------------- check digits
def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_digit(digits[:-1]) == digits[-1]


def ean_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


# Issuer prefixes (from the public IIN ranges) for brands or lengths falso does not make: (brand, prefixes, lengths)
IIN_TABLE = [
    ("Mir", ["2200", "2201", "2202", "2203", "2204"], [16]),
    ("Elo", ["636368", "438935", "504175", "451416", "636297"], [16]),
    ("Troy", ["9792"], [16]),
    ("Verve", ["506099", "506150", "650002"], [16, 19]),
    ("Hipercard", ["606282"], [16]),
    ("InterPayment", ["636"], [16, 19]),
    ("InstaPayment", ["637", "638", "639"], [16]),
    ("UnionPay-19", ["62"], [19]),
    ("Maestro-12", ["6759", "5018", "6304"], [12, 13]),
    ("Discover-19", ["6011", "65"], [19]),
    ("Visa-13", ["4"], [13]),
    ("JCB-19", ["3528", "3589"], [19]),
    ("Mastercard-2series", ["2221", "2500", "2720"], [16]),
    ("BCcard", ["9409"], [16]),
]


class Gen:
    def __init__(self, values: dict):
        self.r = random.Random(SEED)
        self.v = values
        self.locals = {}
        for block in values["locals"]:
            rows = [row for row in block["rows"] if script_fits(block["locale"], row["name"])]
            self.locals[block["locale"]] = rows

    # ------------------------------------------------------------ PII values
    def phone(self, style: str = "any") -> tuple[str, str]:
        r = self.r
        roll = r.random()
        if style == "us" or (style == "any" and roll < 0.25):
            raw = r.choice([p for p in self.v["phones"] if p["country"] in ("US", "CA")])["number"]
            digits = "".join(c for c in raw if c.isdigit())[-10:]
            a, b, c = digits[:3], digits[3:6], digits[6:]
            form = r.choices(["({}) {}-{}", "{}-{}-{}", "{}.{}.{}", "{}{}{}", "+1 {} {} {}", "1-{}-{}-{}",
                              "+1 ({}) {}-{}", "{} {} {}"], [30, 30, 8, 6, 8, 6, 6, 6])[0]
            out = form.format(a, b, c)
            if r.random() < 0.08:
                out += r.choice([" ext. ", " x", " ext ", ";ext="]) + str(r.randint(2, 9999))
            return out, "us"
        if roll < 0.62:
            p = r.choice(self.v["phones"])
            raw = p["number"]
            if r.random() < 0.3:
                digits = "".join(c for c in raw if c.isdigit())
                raw = r.choice(["+" + digits, "00" + digits, "+" + digits[:2] + " " + digits[2:]])
            return raw, "falso-" + p["country"]
        if roll < 0.90:
            loc = r.choice([k for k, rows in self.locals.items() if rows])
            return r.choice(self.locals[loc])["phone"], "casual-" + loc
        import phonenumbers  # only here: the card/SSN/look-alike builders import without .venv-pii-eval
        from phonenumbers import PhoneNumberFormat, PhoneNumberType

        region = r.choice(["DE", "FR", "GB", "IN", "JP", "BR", "MX", "AU", "EG", "SA", "IL", "KR", "NG", "PL", "TR",
                           "IR", "PK", "TH", "VN", "AR", "CL", "KE", "ES", "IT", "NL", "SE", "CH", "AT", "IE", "NZ"])
        kind = r.choice([PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE])
        num = phonenumbers.example_number_for_type(region, kind)
        fmt = r.choice([PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164])
        return phonenumbers.format_number(num, fmt), "phonenumbers-" + region

    def card(self) -> tuple[str, str]:
        r = self.r
        if r.random() < 0.72:
            c = r.choice(self.v["cards"])
            digits = "".join(ch for ch in c["number"] if ch.isdigit())
            if not luhn_ok(digits):
                digits = digits[:-1] + luhn_digit(digits[:-1])
            brand, given = c["brand"], c["number"]
        else:
            brand, prefixes, lengths = r.choice(IIN_TABLE)
            length = r.choice(lengths)
            body = r.choice(prefixes)
            body += "".join(str(r.randint(0, 9)) for _ in range(length - 1 - len(body)))
            digits = body + luhn_digit(body)
            given = None
        form = r.choices(["given", "plain", "four", "dash", "dot", "nbsp"], [30, 30, 20, 14, 3, 3])[0]
        if form == "given" and given and "".join(ch for ch in given if ch.isdigit()) == digits:
            return given, brand
        if form in ("given", "plain"):
            return digits, brand
        groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
        sep = {"four": " ", "dash": "-", "dot": ".", "nbsp": "\u00a0"}[form]
        return sep.join(groups), brand

    def ssn(self) -> tuple[str, str]:
        r = self.r
        area = r.choice([a for a in range(1, 900) if a != 666])
        a, g, s = f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"
        form = r.choices(["-", "", " ", ".", "--"], [68, 15, 10, 4, 3])[0]
        if form == "--":
            return f"{a} - {g} - {s}", "spaced-dash"
        return f"{a}{form}{g}{form}{s}", {"-": "dash", "": "plain", " ": "space", ".": "dot"}[form]

    def email(self) -> tuple[str, str]:
        r = self.r
        if r.random() < 0.8:
            e = r.choice(self.v["emails"])
            src = "falso"
        else:
            e = r.choice([x for x in self.v["casualEmails"] if x.isascii()])
            src = "casual"
        if r.random() < 0.05:
            e = e.upper() if r.random() < 0.5 else e[0].upper() + e[1:]
        return e, src

    # ------------------------------------------------------------ clean look-alikes and filler
    def look(self):
        return self.r.choice(self.v["lookalikes"])

    def words(self):
        return self.r.choice(self.v["words"])

    def person(self):
        return self.r.choice(self.v["people"])

    def local_person(self, locale: str):
        rows = self.locals.get(locale) or []
        if rows:
            return self.r.choice(rows)["name"]
        return self.r.choice(HAND_NAMES[locale])

    def n(self, k: int) -> str:
        return "".join(str(self.r.randint(0, 9)) for _ in range(k))

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "01", "49"]) + self.n(12)
        return body + luhn_digit(body)

    def isbn(self) -> str:
        body = "978" + self.n(9)
        return body + ean_digit(body)

    def ean(self) -> str:
        body = self.r.choice(["40", "50", "76", "87", "30"]) + self.n(10)
        return body + ean_digit(body)

    def epoch_ms(self) -> str:
        return str(self.r.randint(1_640_995_200_000, 1_767_225_599_000))

    def date(self) -> str:
        return f"2025-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"

    def time(self) -> str:
        return f"{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}"

    def cas(self) -> str:
        body = str(self.r.randint(50, 99999)) + self.n(2)
        check = sum((i + 1) * int(c) for i, c in enumerate(reversed(body))) % 10
        return f"{body[:-2]}-{body[-2:]}-{check}"

    def tracking(self) -> str:
        return self.r.choice([f"1Z{self.n(3)}W{self.n(2)}0{self.n(9)}", "9400" + self.n(18), self.n(12)])

    def masked_card(self) -> str:
        return self.r.choice(["**** **** **** ", "XXXX-XXXX-XXXX-", "ending in ", "•••• "]) + self.n(4)

    def order(self) -> str:
        return self.r.choice([f"{self.n(3)}-{self.n(7)}-{self.n(7)}", f"ORD-{self.n(8)}", f"#{self.n(6)}",
                              f"INV-2025-{self.n(5)}", f"PO{self.n(9)}"])


def script_fits(locale: str, name: str) -> bool:
    """casual's locale providers fall back to other locales' data; keep only names in the locale's script."""
    scripts = {"ar_SY": "ARABIC", "bg_BG": "CYRILLIC", "ru_RU": "CYRILLIC", "uk_UA": "CYRILLIC", "ja_JP": "CJK"}
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return False
    want = scripts.get(locale, "LATIN")
    return all(unicodedata.name(c, "").startswith(want) or (want == "CJK" and "HIRAGANA" in unicodedata.name(c, ""))
               for c in letters)


# Small hand-written name lists for scripts neither generator has.
HAND_NAMES = {
    "hi_IN": ["अनिता शर्मा", "राजेश कुमार", "प्रिया वर्मा", "सुनील यादव", "कविता जोशी", "अमित पटेल"],
    "fa_IR": ["مریم احمدی", "علی رضایی", "زهرا کریمی", "حسین محمدی", "نرگس موسوی", "رضا حسینی"],
    "ko_KR": ["김민준", "이서연", "박지훈", "최수아", "정우진", "강하은"],
    "el_GR": ["Γιώργος Παπαδόπουλος", "Μαρία Νικολάου", "Ελένη Γεωργίου", "Νίκος Δημητρίου"],
    "he_IL": ["נועה כהן", "יוסי לוי", "מיכל מזרחי", "אבי פרץ", "שירה ביטון"],
    "th_TH": ["สมชาย ใจดี", "สุดา แสงทอง", "ประยุทธ์ ศรีสุข", "มาลี วงศ์ไทย"],
}
from heldout8_shapes import SHAPES  # noqa: E402  (the templates, kept in their own module)


def build(values: dict) -> list[str]:
    g = Gen(values)
    r = g.r
    lines, texts = [], set()
    plan = [()] * 700
    kinds_pool = ["us_phone"] * 34 + ["email"] * 26 + ["credit_card"] * 22 + ["us_ssn"] * 18
    for _ in range(700):
        first = r.choice(kinds_pool)
        if r.random() < 0.22:
            second = r.choice([k for k in kinds_pool if k != first])
            plan.append(tuple(sorted({first, second})))
        else:
            plan.append((first,))
    r.shuffle(plan)
    clean_i = pii_i = 0
    names = sorted(SHAPES)
    for kinds in plan:
        for _attempt in range(50):
            if kinds:
                fits = [s for s in names if set(kinds) <= SHAPES[s]["kinds"]]
                name = fits[pii_i % len(fits)] if _attempt == 0 else r.choice(fits)
            else:
                name = names[clean_i % len(names)] if _attempt == 0 else r.choice(names)
            slots, how = {}, []
            for kind in kinds:
                value, variant = getattr(g, {"us_phone": "phone", "email": "email", "credit_card": "card",
                                             "us_ssn": "ssn"}[kind])()
                slots[kind] = value
                how.append(f"{kind}:{variant.replace(' ', '_')}")
            text, locale = SHAPES[name]["make"](g, slots)
            for kind, value in slots.items():
                assert value in text, (name, kind)
            if text not in texts:
                break
        texts.add(text)
        if kinds:
            pii_i += 1
            note = f"heldout8 {name} pii kinds={'+'.join(kinds)} {' '.join(how)} loc={locale}"
        else:
            clean_i += 1
            note = f"heldout8 {name} clean loc={locale}"
        lines.append(json.dumps({"text": text, "kinds": sorted(kinds), "note": note}, ensure_ascii=False))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="regenerate in memory; exit 1 if the file differs")
    parser.add_argument("--out", type=Path, default=OUT, help="file to write or compare (default: %(default)s)")
    args = parser.parse_args()
    body = "\n".join(build(node_values())) + "\n"
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != body:
            print(f"{args.out} differs from what scripts/make_heldout8.py generates; rerun it without --check",
                  file=sys.stderr)
            return 1
        print(f"{args.out}: up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body, encoding="utf-8")
    print(f"wrote {args.out} ({body.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
