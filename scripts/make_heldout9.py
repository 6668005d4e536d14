"""Build tests/data/eval/heldout9.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was written without
reading the detector, its tests or the other evaluation sets, kept in tests/data/heldout/ through the ninth detector
round, scored once at its end, and moved into tests/data/eval/ as development data.

How it is built: tools/heldout9/values.js (mockjs 1.1.0 and randexp 0.5.3, pinned, seeded) gives names,
Chinese names and places, emails, domains, words, IPs, GUIDs, phone numbers drawn from per-country
numbering-plan patterns (32 countries, several written forms each) and card-number bodies from public IIN
ranges. This script appends the Luhn digit to card bodies, builds SSNs by the SSA rules, builds look-alikes
with their own check digits (IBAN mod 97, IMEI Luhn, ISBN/EAN), and fills the templates in
scripts/heldout9_shapes.py (47 shapes never used before in this project) in 22 locales. Labels come only
from what a template placed. Fixed seeds, no clock: the output depends only on the code.

    .venv/bin/python scripts/make_heldout9.py            # write the set
    .venv/bin/python scripts/make_heldout9.py --check    # exit 1 ("differs" on stderr) if the file is stale
"""
import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import heldout9_shapes  # noqa: E402

OUT = ROOT / "tests" / "data" / "eval" / "heldout9.jsonl"
TOOLS = ROOT / "tools" / "heldout9"
SEED = 9
KINDS = ["credit_card", "email", "us_phone", "us_ssn"]

# Label words per locale: phone, email, card, SSN.
LOCALES = {
    "en": ("Phone", "Email", "Card", "SSN"), "de": ("Telefon", "E-Mail", "Kreditkarte", "SSN"),
    "fr": ("Tél.", "Courriel", "Carte bancaire", "SSN"), "es": ("Teléfono", "Correo", "Tarjeta", "SSN"),
    "it": ("Cellulare", "E-mail", "Carta di credito", "SSN"), "nl": ("Telefoon", "E-mail", "Creditcard", "SSN"),
    "pt": ("Celular", "E-mail", "Cartão", "SSN"), "ru": ("Тел.", "Эл. почта", "Карта", "SSN"),
    "uk": ("Телефон", "Пошта", "Картка", "SSN"), "pl": ("Tel.", "E-mail", "Karta", "SSN"),
    "tr": ("Telefon", "E-posta", "Kart", "SSN"), "ar": ("هاتف", "البريد الإلكتروني", "بطاقة", "SSN"),
    "he": ("טלפון", "דוא\"ל", "כרטיס אשראי", "SSN"), "zh": ("电话", "邮箱", "信用卡", "SSN"),
    "ja": ("電話番号", "メール", "カード番号", "SSN"), "ko": ("전화", "이메일", "카드번호", "SSN"),
    "hi": ("फ़ोन", "ईमेल", "कार्ड", "SSN"), "th": ("โทร", "อีเมล", "บัตร", "SSN"),
    "vi": ("Điện thoại", "Email", "Thẻ", "SSN"), "id": ("Telepon", "Surel", "Kartu kredit", "SSN"),
    "el": ("Τηλέφωνο", "Email", "Κάρτα", "SSN"), "sv": ("Telefon", "E-post", "Kort", "SSN"),
}
IDN_DOMAINS = ["bücher.de", "пример.рф", "例子.中国", "münchen-post.de", "éxito.es", "почта.укр", "ญี่ปุ่น.th",
               "mañana.com.mx", "straße.info", "日本語.jp"]
IDN_LOCALS = ["jörg", "почта", "用户", "josé.garcía", "info", "δοκιμή", "ユーザー", "kontakt"]


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_digit(digits[:-1]) == digits[-1]


def ean_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def ssn_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def load_values(seed: int = SEED) -> dict:
    done = subprocess.run(["node", "values.js", str(seed)], cwd=TOOLS, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


class Gen:
    """Seeded values: the PII kinds and the look-alikes that are not PII."""

    def __init__(self, values: dict, seed: int = SEED):
        self.v, self.r = values, random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def locale(self):
        return self.pick(sorted(LOCALES))

    def name(self):
        return self.pick(self.v["cnames"] if self.r.random() < 0.25 else self.v["names"])

    def label(self, kind, loc):
        return LOCALES[loc][["us_phone", "email", "credit_card", "us_ssn"].index(kind)]

    def word(self):
        return self.pick(self.v["words"])

    # --- PII ---------------------------------------------------------------------------------------------
    def email(self):
        form = self.pick(["mock", "mock", "name", "plus", "idn", "quoted", "upper"])
        first, last, dom = self.pick(self.v["firsts"]).lower(), self.pick(self.v["lasts"]).lower(), self.pick(self.v["domains"])
        value = {"mock": lambda: self.pick(self.v["emails"]),
                 "name": lambda: f"{first}.{last}@{dom}",
                 "plus": lambda: f"{first}+{self.word()}@{dom}",
                 "idn": lambda: f"{self.pick(IDN_LOCALS)}@{self.pick(IDN_DOMAINS)}",
                 "quoted": lambda: f'"{first} {last}"@{dom}',
                 "upper": lambda: f"{first.capitalize()}_{last.upper()}{self.r.randint(1, 99)}@{dom}"}[form]()
        return value, form

    def phone(self):
        country = self.pick(sorted(self.v["phones"]))
        value = self.pick(self.v["phones"][country])
        if value.startswith("+") and self.r.random() < 0.15:
            value = "00" + value[1:]
        return value, country

    def card(self):
        brand = self.pick(sorted(self.v["cards"]))
        body = self.pick(self.v["cards"][brand])
        digits = body + luhn_digit(body)
        sep = self.pick([" ", "-", "", " ", "."])
        if sep and brand == "Amex":
            value = sep.join([digits[:4], digits[4:10], digits[10:]])
        elif sep:
            value = sep.join(digits[i:i + 4] for i in range(0, len(digits), 4))
        else:
            value = digits
        return value, brand

    def ssn(self):
        while True:
            digits = f"{self.r.randint(1, 899):03d}{self.r.randint(1, 99):02d}{self.r.randint(1, 9999):04d}"
            if ssn_ok(digits):
                break
        form = self.pick(["dash", "dash", "space", "plain", "dot"])
        sep = {"dash": "-", "space": " ", "plain": "", "dot": "."}[form]
        return sep.join([digits[:3], digits[3:5], digits[5:]]), form

    def pii(self, kind):
        return {"email": self.email, "us_phone": self.phone, "credit_card": self.card, "us_ssn": self.ssn}[kind]()

    # --- look-alikes (not PII) ---------------------------------------------------------------------------
    def digits(self, n):
        return str(self.r.randint(1, 9)) + "".join(str(self.r.randint(0, 9)) for _ in range(n - 1))

    def iban(self):
        country, bban = self.pick([("DE", 18), ("FR", 23), ("NL", 14), ("ES", 20), ("IT", 23)])
        body = self.digits(bban) if country != "NL" else "ABNA" + self.digits(10)
        num = int("".join(str(int(c, 36)) for c in body + country + "00"))
        raw = f"{country}{98 - num % 97:02d}{body}"
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def imei(self):
        body = self.pick(["35", "86", "01", "49"]) + self.digits(12)
        return body + luhn_digit(body)

    def isbn(self):
        body = "978" + self.digits(9)
        return body + ean_digit(body)

    def ean13(self):
        body = self.pick(["400", "500", "690", "871", "300"]) + self.digits(9)
        return body + ean_digit(body)

    def masked_card(self):
        return self.pick(["4111", "5500", "3782", "6011"]) + self.pick(["********", " **** **** ", "-XXXX-XXXX-"]) + self.digits(4)

    def licence(self):
        """A UK-style driving licence number: surname letters, digits, initials."""
        return (self.pick(self.v["lasts"]).upper() + "99999")[:5] + self.digits(6) + self.sha(2).upper() + "9" + "AB"

    def mac(self):
        return ":".join(f"{self.r.randint(0, 255):02x}" for _ in range(6))

    def sha(self, n=40):
        return "".join(self.pick("0123456789abcdef") for _ in range(n))

    def when(self):
        return (f"{self.r.randint(2019, 2026)}-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"
                f"T{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}Z")

    def date(self):
        return self.when()[:10]

    def amount(self):
        return self.pick(["€", "$", "£", "¥", "₹", "R$ ", "CHF "]) + f"{self.r.randint(1, 99999)}.{self.r.randint(0, 99):02d}"

    def look_alike(self):
        """One labelled value that is not PII, as 'label: value'."""
        kind = self.pick(["iban", "imei", "isbn", "ean", "order", "tracking", "epoch_ms", "epoch_ns", "snowflake",
                          "version", "coords", "amount", "sha", "masked", "mac", "ip", "guid", "invoice", "licence",
                          "when", "serial", "vin"])
        value = {
            "iban": self.iban, "imei": self.imei, "isbn": self.isbn, "ean": self.ean13,
            "order": lambda: f"ORD-{self.date()[:4]}-{self.digits(6)}", "tracking": lambda: "1Z" + self.sha(6).upper() + self.digits(10),
            "epoch_ms": lambda: str(self.r.randint(1_500_000_000_000, 1_800_000_000_000)),
            "epoch_ns": lambda: str(self.r.randint(1_500_000_000_000_000_000, 1_800_000_000_000_000_000)),
            "snowflake": lambda: str(self.r.randint(10 ** 17, 9 * 10 ** 17)),
            "version": lambda: f"{self.r.randint(0, 12)}.{self.r.randint(0, 40)}.{self.r.randint(0, 300)}",
            "coords": lambda: f"{self.r.uniform(-80, 80):.5f}, {self.r.uniform(-170, 170):.5f}",
            "amount": self.amount, "sha": self.sha, "masked": self.masked_card, "mac": self.mac,
            "ip": lambda: self.pick(self.v["ips"]), "guid": lambda: self.pick(self.v["guids"]),
            "invoice": lambda: f"INV/{self.date()[:4]}/{self.digits(5)}", "licence": self.licence,
            "when": self.when, "serial": lambda: f"SN{self.sha(4).upper()}{self.digits(6)}",
            "vin": lambda: "".join(self.pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17)),
        }[kind]()
        label = {"epoch_ms": "ts_ms", "epoch_ns": "ts_ns", "masked": "card", "when": "at", "coords": "geo"}.get(kind, kind)
        return label, value

    def fillers(self, lo=1, hi=3):
        return [self.look_alike() for _ in range(self.r.randint(lo, hi))]


def choose_kinds(r: random.Random) -> list:
    """One to three kinds; phones a little more often, as they have the most written forms."""
    n, pool, chosen = r.choices([1, 2, 3], weights=[60, 34, 6])[0], list(KINDS), []
    for _ in range(n):
        kind = r.choices(pool, weights=[3 if k == "us_phone" else 2 for k in pool])[0]
        pool.remove(kind)
        chosen.append(kind)
    return sorted(chosen)


def build(values: dict) -> list:
    gen = Gen(values)
    rows, seen = [], set()
    plan = [False] * 700 + [True] * 700
    gen.r.shuffle(plan)
    for i, has_pii in enumerate(plan):
        shape = heldout9_shapes.SHAPES[i % len(heldout9_shapes.SHAPES)]
        while True:
            kinds = choose_kinds(gen.r) if has_pii else []
            pii = [(k, *gen.pii(k)) for k in kinds]
            loc = gen.locale()
            text = shape(gen, [(k, v) for k, v, _ in pii], loc)
            if text not in seen and 50 <= len(text) <= 1500:
                break
        seen.add(text)
        details = " ".join(f"{k}={d}" for k, _, d in pii) or "look-alikes"
        note = f"heldout9 {shape.__name__} {'pii' if kinds else 'clean'} {loc} {details}"
        rows.append({"text": text, "kinds": kinds, "note": note})
    return rows


def render(rows: list) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what is generated")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render(build(load_values()))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} differs from what scripts/make_heldout9.py generates; rerun it", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
