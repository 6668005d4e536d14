"""Write tests/data/eval/heldout15.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out of
detector development (no detector of this project read it or ran on it while it was written) through the fifteenth
round and scored once at its end; it is development data since.

How it is built, independently of the detector (never imported, never run on this set):
- charlatan 1.1.0 (npm; a port of Ruby Faker's locale data) gives the people of 24 locales: names in their own
  script (with the titles and suffixes it writes), cities, streets, postcodes, companies, mailbox names and mail
  domains, and English product names and catch phrases used as filler.
- phone-number-generator-js 1.2.16 (npm) draws valid mobile numbers of each locale's country (and US ones);
  libphonenumber-js 1.10.30, its own dependency, writes each in national, international and tel: URI forms.
  A quarter of each locale's numbers are US ones. They are written here in the ways people and systems write
  them (E.164, grouped, 00-prefixed, (0), dotted, with an extension). No phone is ever grouped 3-2-4.
  Both libraries draw from Math.random, replaced by a seeded generator in tools/heldout15/values.js.
- Email forms (charlatan's mailbox names and domains, free-mail domains, plus tags, subdomains, IDN domains,
  capitalised names, uppercase, digits) are built here.
- Card numbers come from public IIN ranges of 17 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages carry look-alikes with their own check digits or shapes, each under a label of its own kind (never
  under a label that names a PII kind): IBANs (mod 97), LEIs (mod 97), CUSIPs, ISINs, SIRETs (Luhn), IMEIs and
  ICCIDs (Luhn), VINs, freight containers (ISO 6346), IMO ship numbers, air waybills (mod 7), e-ticket numbers,
  UPU S10 items, ISBN/GTIN/SSCC (GS1), tracking, order and invoice numbers, cards shown by brand and last four
  digits only, MACs, hashes, UUIDs, epochs, timestamps, versions, coordinates, amounts in 8 currencies.
- Templates (scripts/heldout15_shapes.py): 50 shapes never used before in this project (28 messages each).
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv/bin/python scripts/make_heldout15.py            # (re)write the set (needs node, tools/heldout15)
    .venv/bin/python scripts/make_heldout15.py --check    # exit 1, "differs" on stderr, if stale
"""
import argparse
import json
import random
import re
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout15.jsonl"
TOOL = ROOT / "tools" / "heldout15"
SEED = 15022026
KINDS = ("credit_card", "email", "us_phone", "us_ssn")


# ---------- check digits ----------

def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


def luhn_ok(digits: str) -> bool:
    return digits.isdigit() and len(digits) > 1 and luhn_digit(digits[:-1]) == digits[-1]


def ean_digit(body: str) -> str:
    """GS1 check digit (EAN-13, ISBN-13, GTIN-14, SSCC-18): weights 3,1 from the right."""
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str(-total % 10)


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
              **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_digit(vin: str) -> str:
    """North American VIN check character (position 9): weighted sum mod 11, 10 written X."""
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS))
    return "X" if total % 11 == 10 else str(total % 11)


def vin_ok(vin: str) -> bool:
    return len(vin) == 17 and all(c in VIN_VALUES for c in vin) and vin[8] == vin_digit(vin)


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def iban_check(country: str, bban: str) -> str:
    moved = bban + country + "00"
    return f"{98 - int(''.join(str(int(c, 36)) for c in moved)) % 97:02d}"


# (country, length) of IBANs, from the IBAN registry; all-digit BBANs are valid in these
IBAN_LENGTHS = [("DE", 22), ("FR", 27), ("IT", 27), ("ES", 24), ("NL", 18), ("BE", 16), ("AT", 20), ("PL", 28), ("SE", 24),
                ("FI", 18), ("PT", 25), ("CH", 21), ("TR", 26), ("IL", 23), ("SA", 24), ("AE", 23), ("HU", 28), ("CZ", 24)]


def container_digit(body: str) -> str:
    """ISO 6346 freight container check digit: letters valued 10.. skipping multiples of 11, weights 2**i, mod 11 mod 10."""
    values, v = {}, 10
    for c in string.ascii_uppercase:
        if v % 11 == 0:
            v += 1
        values[c] = v
        v += 1
    total = sum((values[c] if c.isalpha() else int(c)) * 2 ** i for i, c in enumerate(body))
    return str(total % 11 % 10)


def isin_digit(body: str) -> str:
    """ISIN check digit: letters to numbers (A=10), then Luhn."""
    return luhn_digit("".join(str(int(c, 36)) for c in body))


def imo_digit(body: str) -> str:
    """IMO ship number: six digits weighted 7..2, last digit of the sum."""
    return str(sum(int(c) * w for c, w in zip(body, range(7, 1, -1))) % 10)


def s10_digit(body: str) -> str:
    """UPU S10 item identifier: weights 8,6,4,2,3,5,9,7; 11 - sum mod 11, 10 -> 0, 11 -> 5."""
    c = 11 - sum(int(d) * w for d, w in zip(body, [8, 6, 4, 2, 3, 5, 9, 7])) % 11
    return str({10: 0, 11: 5}.get(c, c))


def lei_check(body: str) -> str:
    """ISO 17442 LEI: 18 characters then two digits making the whole number mod 97 equal 1 (as IBANs do)."""
    return f"{98 - int(''.join(str(int(c, 36)) for c in body + '00')) % 97:02d}"


def lei_ok(lei: str) -> bool:
    return len(lei) == 20 and int("".join(str(int(c, 36)) for c in lei)) % 97 == 1


def cusip_digit(body: str) -> str:
    """CUSIP check digit: letters A=10.., every second value doubled, digit sums, 10 - total mod 10."""
    total = 0
    for i, c in enumerate(body):
        v = int(c, 36)
        if i % 2 == 1:
            v *= 2
        total += v // 10 + v % 10
    return str((10 - total % 10) % 10)


def awb_ok(awb: str) -> bool:
    """Air waybill: airline prefix, 7-digit serial and its check digit, the serial mod 7."""
    serial = digits_of(awb)[3:]
    return len(serial) == 8 and int(serial[:7]) % 7 == int(serial[7])


# ---------- value sources ----------

# (brand, IIN prefixes, lengths) from public IIN tables
IIN = [
    ("Visa", ["4"], [16, 13, 19]), ("Mastercard", ["51", "52", "54", "2221", "2300", "2720"], [16]),
    ("Amex", ["34", "37"], [15]), ("Discover", ["6011", "645", "649", "65"], [16, 19]),
    ("JCB", ["3530", "3566", "3589"], [16, 19]), ("Diners", ["36", "300", "305", "38"], [14, 16]),
    ("UnionPay", ["62", "6228", "6250"], [16, 17, 19]), ("Maestro", ["6759", "5020", "6761", "6763"], [12, 16, 19]),
    ("Mir", ["2201", "2203"], [16]), ("RuPay", ["6070", "6080", "6521"], [16]),
    ("Verve", ["50610", "50615", "650002", "650021"], [16, 19]), ("Elo", ["438935", "509066", "627780", "636368"], [16]),
    ("Hipercard", ["606282", "384100"], [16]),
    ("Troy", ["9792"], [16]), ("Dankort", ["5019"], [16]), ("UATP", ["1"], [15]), ("InterPayment", ["636"], [16]),
]

# charlatan locale -> phone country (the numbers come from phone-number-generator-js) and the language of its texts
LOCALES = {
    "de-AT": ("AT", "de"), "de-CH": ("CH", "de"), "de": ("DE", "de"), "en-AU": ("AU", "en"), "en-CA": ("CA", "en"),
    "en-GB": ("GB", "en"), "en-IND": ("IN", "en"), "en-US": ("US", "en"), "es": ("ES", "es"), "fr": ("FR", "fr"),
    "it": ("IT", "it"), "ja": ("JP", "ja"), "ko": ("KR", "ko"), "nb-NO": ("NO", "nb"), "nl": ("NL", "nl"),
    "pl": ("PL", "pl"), "pt-BR": ("BR", "pt"), "ru": ("RU", "ru"), "sk": ("SK", "sk"), "sv": ("SE", "sv"),
    "vi": ("VN", "vi"), "zh-CN": ("CN", "zh"), "zh-TW": ("TW", "zh"), "fa": ("IR", "fa"),
}
# countries whose numbers people also write with the trunk 0 in brackets after the country code
BRACKET_TRUNK = {"AT", "CH", "DE", "GB", "NL", "AU", "SK", "SE"}
IDN_DOMAINS = ["straßenbahn-verein.de", "café-crème.fr", "пример-почта.рус", "例え.テスト", "한글메일.kr", "邮件.中国", "ñandú.es", "åsgård.no"]
MAIL_TAGS = ["newsletter", "bank", "amazon", "work", "tax", "kids", "2024", "spam"]


def load_values() -> dict:
    """charlatan's people and phone-number-generator-js's numbers, seeded (node tools/heldout15/values.js)."""
    done = subprocess.run(["node", "values.js"], cwd=TOOL, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


SSN_SHAPE = re.compile(r"(?<!\d)\d{3}([ .\u00a0-])\d{2}\1\d{4}(?!\d)")
STAND_IN = {"name": "Alex Doe", "first": "Alex", "last": "Doe", "city": "Springfield", "street": "1 Main St", "zip": "12345",
            "company": "Doe LLC", "free_domain": "example.com", "user": "alex.doe", "domain": "example.net"}


class Gen:
    """All random choices go through self.r (seeded), so the set is the same on every run."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values or {}

    # --- people ---
    def person(self, locales=None) -> dict:
        code = self.r.choice(list(locales) if locales else sorted(LOCALES))
        rows = self.values.get("people", {}).get(code) or [STAND_IN]  # stand-in: unit tests without node
        return {**self.r.choice(rows), "locale": code, "country": LOCALES[code][0], "lang": LOCALES[code][1]}

    # --- the four kinds ---
    def email(self, p: dict) -> str:
        r = self.r
        user, form = p["user"], r.randrange(10)
        first, last = (re.sub(r"[^a-z]", "", x.lower()) for x in (p["first"], p["last"]))
        if form == 0:
            return f"{user}@{p['domain']}"
        if form == 1:
            return f"{user}@{p['free_domain']}"
        if form == 2:
            return f"{user}+{r.choice(MAIL_TAGS)}@{p['free_domain']}"
        if form == 3 and first and last and p["first"].isascii():
            return f"{p['first']}.{p['last']}@{p['domain']}".replace(" ", "")
        if form == 4:
            return f"{user.upper()}@{p['domain'].upper()}"
        if form == 5:
            return f"{user}@{r.choice(['mail', 'eu', 'staff', 'lists', 'corp'])}.{p['domain']}"
        if form == 6:
            return f"{user.replace('.', '').replace('_', '')}{r.randint(1, 2005)}@{p['free_domain']}"
        if form == 7:
            return f"{user}@{r.choice(IDN_DOMAINS)}"
        if form == 8 and first and last:
            return f"{first[:1]}{last}@{p['domain']}"
        return f"{user.replace('_', '-')}@{p['domain']}"

    def phone(self, p: dict) -> tuple[str, str]:
        """A valid mobile number of the person's country (a quarter of the time a US one), written one of the ways
        people and systems write it; never grouped 3-2-4 like an SSN."""
        r = self.r
        key = p["locale"] if r.random() < 0.75 else "US"
        rows = self.values.get("phones", {}).get(key)
        forms = r.choice(rows) if rows else {"e164": "+12125550147", "national": "(212) 555-0147", "international": "+1 212 555 0147",
                                             "uri": "tel:+12125550147", "country": "US"}
        for _ in range(20):
            text = self.write_phone(forms)
            if not SSN_SHAPE.search(text):
                return forms["country"], text
        return forms["country"], forms["e164"]

    def write_phone(self, f: dict) -> str:
        r = self.r
        intl, nat, country = f["international"], f["national"], f["country"]
        code, rest = intl.split(" ", 1)
        choices = [f["e164"], intl, nat, nat, f["uri"], f"00{code[1:]} {rest}", f"{code}-{rest.replace(' ', '-')}", f"{code} {rest.replace(' ', '.')}",
                   f"({code}) {rest}", nat.replace(" ", ""), f"{intl} ext. {r.randint(10, 999)}", f"{nat} x{r.randint(100, 9999)}"]
        if country in BRACKET_TRUNK:
            choices.append(f"{code} (0){rest}")
        if code == "+1":
            a, b, c = digits_of(rest)[:3], digits_of(rest)[3:6], digits_of(rest)[6:]
            choices += [f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"1-{a}-{b}-{c}", f"1 ({a}) {b}-{c}", f"+1 ({a}) {b}-{c}", f"{a}/{b}-{c}"]
        return r.choice(choices)

    def ssn(self) -> tuple[str, str]:
        r = self.r
        area = r.choice([a for a in range(1, 900) if a != 666])
        group, serial = r.randint(1, 99), r.randint(1, 9999)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        form = r.choice(["dash", "dash", "dash", "space", "plain", "dot", "nbsp"])
        sep = {"dash": "-", "space": " ", "plain": "", "dot": ".", "nbsp": "\u00a0"}[form]
        return f"{a}{sep}{g}{sep}{s}", form

    def card(self) -> tuple[str, str]:
        r = self.r
        brand, prefixes, lengths = r.choice(IIN)
        length = r.choice(lengths)
        prefix = r.choice(prefixes)
        body = prefix + _d(r, length - len(prefix) - 1)
        number = body + luhn_digit(body)
        sep = r.choice([" ", "-", "", " ", "\u00a0", " "])
        if len(number) in (14, 15):
            groups = [number[:4], number[4:10], number[10:]]
        elif len(number) == 19 and r.random() < 0.5:
            groups = [number[:6], number[6:]]
        else:
            groups = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(groups), brand


    # --- look-alikes and other numbers that are not PII ---
    def iban(self) -> str:
        r = self.r
        country, length = r.choice(IBAN_LENGTHS)
        bban = "".join(r.choice(string.digits) for _ in range(length - 4))
        raw = country + iban_check(country, bban) + bban
        return raw if r.random() < 0.4 else " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def container(self) -> str:
        owner = "".join(self.r.choice(string.ascii_uppercase) for _ in range(3)) + self.r.choice("UJZ")
        body = owner + _d(self.r, 6)
        return body + container_digit(body)

    def isin(self) -> str:
        body = self.r.choice(["US", "DE", "FR", "JP", "GB", "CH", "KR"]) + "".join(self.r.choice(string.ascii_uppercase + string.digits) for _ in range(3)) + _d(self.r, 6)
        return body + isin_digit(body)

    def imo(self) -> str:
        body = self.r.choice("6789") + _d(self.r, 5)
        return "IMO " + body + imo_digit(body)

    def s10(self) -> str:
        body = _d(self.r, 8)
        return self.r.choice(["RR", "CP", "EE", "LX", "RA"]) + body + s10_digit(body) + self.r.choice(["DE", "JP", "KR", "CN", "FR", "IT"])

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "99", "01"]) + _d(self.r, 12)
        return body + luhn_digit(body)

    def iccid(self) -> str:
        body = "89" + self.r.choice(["01", "44", "49", "33", "86", "91"]) + _d(self.r, 14)
        return body + luhn_digit(body)

    def vin(self) -> str:
        r = self.r
        alphabet = [c for c in VIN_VALUES if c not in "IOQ"]
        chars = [r.choice(["1", "2", "3", "4", "5", "J", "K", "W", "Y", "S"])] + [r.choice(alphabet) for _ in range(16)]
        chars[8] = "0"
        chars[8] = vin_digit("".join(chars))
        return "".join(chars)

    def isbn(self) -> str:
        body = self.r.choice(["978", "979"]) + _d(self.r, 9)
        d = body + ean_digit(body)
        return f"{d[:3]}-{d[3]}-{d[4:8]}-{d[8:12]}-{d[12]}" if self.r.random() < 0.5 else d

    def gtin(self) -> str:
        body = self.r.choice(["0", "1"]) + self.r.choice(["0", "4", "7", "8"]) + _d(self.r, 11)
        return body + ean_digit(body)

    def sscc(self) -> str:
        body = "00" + _d(self.r, 15)
        return body + ean_digit(body)

    def order_no(self) -> str:
        r = self.r
        return r.choice([f"#{r.randint(1000, 99999)}", f"SO-{r.randint(2023, 2026)}-{_d(r, 6)}", f"{_d(r, 3)}-{_d(r, 7)}-{_d(r, 7)}",
                         f"PO{_d(r, 8)}", f"{r.choice('KLMNPQ')}{r.choice('KLMNPQ')}{_d(r, 7)}"])

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"1Z{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(6))}{_d(r, 10)}",
                         f"420{_d(r, 5)}92{_d(r, 20)}", f"LX{_d(r, 9)}DE", f"JD{_d(r, 16)}", f"{_d(r, 4)} {_d(r, 4)} {_d(r, 4)} (FedEx)"])

    def epoch(self) -> str:
        return str(self.r.randint(1_650_000_000, 1_800_000_000))

    def epoch_ms(self) -> str:
        return str(self.r.randint(1_650_000_000_000, 1_800_000_000_000))

    def iso_time(self) -> str:
        r = self.r
        return f"202{r.randint(3, 6)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}{r.choice(['Z', '+09:00', '-04:00', '.482Z'])}"

    def date(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(1950, 2026)}", f"{r.randint(1950, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                         f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(2000, 2026)}"])

    def version(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(0, 9)}.{r.randint(0, 40)}.{r.randint(0, 20)}", f"v{r.randint(1, 4)}.{r.randint(0, 99)}.{r.randint(0, 99)}-rc.{r.randint(1, 5)}",
                         f"{r.randint(10, 30)}.{r.randint(0, 12)}.{r.randint(0, 9999)}"])

    def coords(self) -> str:
        return f"{self.r.uniform(-50, 70):.6f}, {self.r.uniform(-170, 170):.6f}"

    def amount(self) -> str:
        r = self.r
        return r.choice([f"${r.randint(1, 48000):,}.{_d(r, 2)}", f"{r.randint(1, 9999)},{_d(r, 2)} €", f"£{r.randint(1, 9999)}.{_d(r, 2)}",
                         f"¥{r.randint(100, 999999):,}", f"R$ {r.randint(10, 9999)},{_d(r, 2)}", f"₩{r.randint(1000, 9999999):,}",
                         f"{r.randint(1, 99999)} Kč", f"CHF {r.randint(1, 9999)}.{r.choice(['00', '50', '95'])}"])

    def hexid(self, n: int = 32) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        h = self.hexid(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.r.choice('89ab')}{h[17:20]}-{h[20:]}"

    def ip(self) -> str:
        r = self.r
        return f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def mac(self) -> str:
        return ":".join(self.hexid(2) for _ in range(6))

    def lei(self) -> str:
        body = _d(self.r, 4) + "00" + "".join(self.r.choice(string.ascii_uppercase + string.digits) for _ in range(12))
        return body + lei_check(body)

    def cusip(self) -> str:
        body = _d(self.r, 3) + "".join(self.r.choice(string.ascii_uppercase + string.digits) for _ in range(5))
        return body + cusip_digit(body)

    def siret(self) -> str:
        body = self.r.choice("3456789") + _d(self.r, 12)
        number = body + luhn_digit(body)
        return f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}" if self.r.random() < 0.5 else number

    def awb(self) -> str:
        serial = self.r.randint(1000000, 9999999)
        return f"{self.r.choice(['020', '057', '125', '160', '176', '618'])}-{serial}{serial % 7}"

    def eticket(self) -> str:
        return f"{self.r.choice(['220', '074', '016', '125', '057', '180'])}{_d(self.r, 10)}"

    def invoice_no(self) -> str:
        r = self.r
        return r.choice([f"INV-{r.randint(2023, 2026)}-{_d(r, 5)}", f"RE{_d(r, 8)}", f"F{r.randint(2024, 2026)}/{_d(r, 4)}", f"{_d(r, 4)}-{_d(r, 6)}/{r.randint(24, 26)}"])

    def sha(self) -> str:
        return self.hexid(40)

    def lookalike(self) -> tuple[str, str]:
        """A number that is no PII, under a label naming its own kind."""
        r = self.r
        label, make = r.choice([
            ("IBAN", self.iban), ("LEI", self.lei), ("CUSIP", self.cusip), ("ISIN", self.isin), ("SIRET", self.siret),
            ("IMEI", self.imei), ("ICCID", self.iccid), ("VIN", self.vin), ("container", self.container), ("AWB", self.awb),
            ("e-ticket", self.eticket), ("item", self.s10), ("ISBN", self.isbn), ("GTIN", self.gtin), ("SSCC", self.sscc),
            ("tracking", self.tracking), ("order", self.order_no), ("invoice", self.invoice_no), ("build", self.version),
            ("commit", self.sha), ("request_id", self.uuid), ("amount", self.amount), ("timestamp", self.iso_time),
            ("epoch_ms", self.epoch_ms), ("MAC", self.mac), ("IMO", self.imo), ("payment", self.masked_payment), ("last4", lambda: _d(r, 4)),
        ])
        return label, make()

    def masked_payment(self) -> str:
        """A card as receipts and wallets show it: the brand and the last four digits only."""
        r = self.r
        return f"{r.choice(['Visa', 'Mastercard', 'Amex', 'JCB', 'Discover'])} {r.choice(['•••• ', '**** ', 'ending in ', 'xxxx'])}{_d(r, 4)}"

    def product(self) -> str:
        return self.r.choice(self.values.get("products") or ["Small Steel Chair"])

    def phrase(self) -> str:
        return self.r.choice(self.values.get("catch_phrases") or ["Robust fresh-thinking support"])



def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout15_shapes as shapes
    gen = Gen(values)
    r = random.Random(SEED + 1)
    names = sorted(shapes.SHAPES)
    plans = [[] for _ in range(700)] + pick_kinds(r, 700)
    r.shuffle(plans)
    rows, seen = [], set()
    for i, kinds in enumerate(plans):
        shape = names[i % len(names)]
        for _attempt in range(20):
            text, details = shapes.SHAPES[shape](gen, kinds)
            if text not in seen:
                break
        seen.add(text)
        state = "pii " + "+".join(kinds) if kinds else "clean"
        rows.append({"text": text, "kinds": kinds, "note": f"heldout15 {shape} {state} {details}".strip()})
    return rows


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, action="append", help=f"file to write or check (default {OUT.relative_to(ROOT)}); "
                    "may be given more than once with --check, which then builds the set once for all")
    ap.add_argument("--check", action="store_true", help="exit 1 if an --out differs from what would be written")
    args = ap.parse_args(argv)
    outs = args.out or [OUT]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    text = render(build(load_values()))
    if args.check:
        stale = [out for out in outs if (out.read_text(encoding="utf-8") if out.exists() else "") != text]
        for out in stale:
            print(f"{out} differs from what scripts/make_heldout15.py generates", file=sys.stderr)
        return 1 if stale else 0
    for out in outs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
