"""Write tests/data/eval/heldout11.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out: kept in
tests/data/heldout/ through the eleventh detector round, scored once at its end, and moved into tests/data/eval/ as
development data; it was written without reading the detector, its tests or the earlier sets.

How it is built (deterministic: fixed seeds, no clock):
  * tools/heldout11/values.js (dummy-json 3.0.5 and unique-names-generator 4.7.1, pinned, seeded) prints pools
    of people (22 locales, non-Latin scripts included), dummy-json's own e-mail addresses, companies, cities,
    dates, GUIDs, and code-like handles;
  * this script builds the rest itself: phone numbers from per-country numbering-plan patterns in many
    written forms, card numbers from public IIN ranges with a Luhn check digit, SSNs by the SSA rules, and the
    clean look-alikes (IBAN with mod-97, ISBN/EAN, IMEI with Luhn, epoch ms/ns, snowflakes, hashes, ...);
  * scripts/heldout11_shapes.py holds the message templates (all shapes new to this project).
Labels come only from what a template placed: every requested kind must be placed, nothing else PII-shaped.

    node + tools/heldout11/node_modules, then: python scripts/make_heldout11.py [--check] [--out PATH]
"""
import argparse
import json
import random
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import heldout11_shapes  # noqa: E402

OUT = ROOT / "tests" / "data" / "eval" / "heldout11.jsonl"
VALUES_JS = ROOT / "tools" / "heldout11" / "values.js"
KINDS = ("credit_card", "email", "us_phone", "us_ssn")
SEED = 1111


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return len(digits) > 1 and luhn_digit(digits[:-1]) == digits[-1]


def ean_digit(body: str) -> str:
    """GS1 check digit (EAN-13, ISBN-13, GTIN): weights 1,3 from the left for 12 digits."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def ssn_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


# Public IIN ranges: (brand, prefixes, lengths, grouping per length)
CARD_BRANDS = [
    ("Visa", ["4"], [16, 13, 19]),
    ("Mastercard", ["51", "52", "53", "54", "55", "2221", "2500", "2720"], [16]),
    ("Amex", ["34", "37"], [15]),
    ("Discover", ["6011", "644", "65"], [16]),
    ("JCB", ["3528", "3540", "3589"], [16]),
    ("Diners", ["36", "300", "305"], [14]),
    ("UnionPay", ["62"], [16, 17, 18, 19]),
    ("Maestro", ["6759", "5018", "5020", "6304"], [12, 13, 16, 19]),
    ("Mir", ["2200", "2201", "2204"], [16]),
    ("RuPay", ["6521", "6522", "508"], [16]),
]
GROUPING = {15: [4, 6, 5], 14: [4, 6, 4], 12: [4, 4, 4], 13: [4, 4, 5], 16: [4, 4, 4, 4], 17: [4, 4, 4, 5],
            18: [4, 4, 4, 6], 19: [4, 4, 4, 4, 3]}

# Per-country phone patterns from public numbering plans: N = digit 2-9, D = any digit.
# Each entry: (country, international form, national form).
PHONE_PLANS = [
    ("US", "+1 NDD NDD DDDD", "(NDD) NDD-DDDD"), ("US", "+1-NDD-NDD-DDDD", "NDD.NDD.DDDD"),
    ("CA", "+1 NDD NDD DDDD", "1-NDD-NDD-DDDD"), ("GB", "+44 20 7DDD DDDD", "020 7DDD DDDD"),
    ("GB", "+44 7700 9DDDDD", "07700 9DDDDD"), ("GB", "+44 (0)161 NDD DDDD", "0161 NDD DDDD"),
    ("DE", "+49 30 NDDDDDDD", "030 NDDDDDDD"), ("DE", "+49 151 NDDDDDDD", "0151 NDDDDDDD"),
    ("DE", "+49 (0)89 NDDDD-DD", "089 NDDDD-DD"), ("FR", "+33 1 ND DD DD DD", "01 ND DD DD DD"),
    ("FR", "+33 6 ND DD DD DD", "06 ND DD DD DD"), ("ES", "+34 6DD DDD DDD", "6DD DDD DDD"),
    ("ES", "+34 91 NDD DD DD", "91 NDD DD DD"), ("IT", "+39 06 NDDD DDDD", "06 NDDD DDDD"),
    ("IT", "+39 3DD DDD DDDD", "3DD DDD DDDD"), ("NL", "+31 20 NDD DDDD", "020-NDD DDDD"),
    ("NL", "+31 6 NDDDDDDD", "06-NDDDDDDD"), ("PL", "+48 6DD DDD DDD", "6DD-DDD-DDD"),
    ("SE", "+46 8 NDD DDD DD", "08-NDD DDD DD"), ("SE", "+46 70 NDD DD DD", "070-NDD DD DD"),
    ("TR", "+90 5DD NDD DD DD", "0 (5DD) NDD DD DD"), ("RU", "+7 (495) NDD-DD-DD", "8 (495) NDD-DD-DD"),
    ("RU", "+7 9DD NDD-DD-DD", "8 9DD NDD DD DD"), ("UA", "+380 44 NDD DDDD", "044 NDD DD DD"),
    ("UA", "+380 67 NDD DD DD", "067 NDD DD DD"), ("GR", "+30 210 NDD DDDD", "210 NDD DDDD"),
    ("SA", "+966 5D NDD DDDD", "05D NDD DDDD"), ("AE", "+971 4 NDD DDDD", "04 NDD DDDD"),
    ("IL", "+972-5D-NDD-DDDD", "05D-NDD-DDDD"), ("IN", "+91 9DDDD DDDDD", "09DDDD DDDDD"),
    ("IN", "+91 22 NDDD DDDD", "022 NDDD DDDD"), ("CN", "+86 13D DDDD DDDD", "13D DDDD DDDD"),
    ("CN", "+86 10 NDDD DDDD", "010-NDDD DDDD"), ("JP", "+81 3-NDDD-DDDD", "03-NDDD-DDDD"),
    ("JP", "+81 90-NDDD-DDDD", "090-NDDD-DDDD"), ("KR", "+82 10-NDDD-DDDD", "010-NDDD-DDDD"),
    ("KR", "+82 2-NDD-DDDD", "02-NDD-DDDD"), ("TH", "+66 8D NDD DDDD", "08D NDD DDDD"),
    ("VN", "+84 9D NDD DD DD", "09D NDD DD DD"), ("KE", "+254 7DD NDDDDD", "07DD NDD DDD"),
    ("BR", "+55 11 9NDDD-DDDD", "(11) 9NDDD-DDDD"), ("BR", "+55 21 NDDD-DDDD", "(21) NDDD-DDDD"),
    ("MX", "+52 55 NDDD DDDD", "55 NDDD DDDD"), ("AU", "+61 2 NDDD DDDD", "(02) NDDD DDDD"),
    ("AU", "+61 4DD DDD DDD", "04DD DDD DDD"), ("ZA", "+27 82 NDD DDDD", "082 NDD DDDD"),
    ("NG", "+234 80N DDD DDDD", "080N DDD DDDD"), ("EG", "+20 10 NDDD DDDD", "010 NDDD DDDD"),
    ("PT", "+351 9DD DDD DDD", "9DD DDD DDD"), ("CH", "+41 44 NDD DD DD", "044 NDD DD DD"),
    ("IE", "+353 1 NDD DDDD", "(01) NDD DDDD"), ("SG", "+65 NDDD DDDD", "NDDD DDDD"),
]
LOCALE_COUNTRY = {"en": ["US", "GB", "CA", "AU", "IE", "SG", "ZA", "NG"], "de": ["DE", "CH"], "fr": ["FR", "CH"],
                  "es": ["ES", "MX"], "it": ["IT"], "pt": ["PT", "BR"], "nl": ["NL"], "pl": ["PL"], "sv": ["SE"],
                  "tr": ["TR"], "ru": ["RU"], "uk": ["UA"], "el": ["GR"], "ar": ["SA", "AE", "EG"], "he": ["IL"],
                  "hi": ["IN"], "zh": ["CN", "SG"], "ja": ["JP"], "ko": ["KR"], "th": ["TH"], "vi": ["VN"],
                  "sw": ["KE"]}


def load_values() -> dict:
    done = subprocess.run(["node", str(VALUES_JS)], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


class Gen:
    """One seeded random source for values, look-alikes and the record of which kinds a template placed."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values
        self.wanted: set = set()
        self.placed: set = set()
        self.details: list = []
        self.locale = "en"
        self.person: dict = {}

    # ---------- the row being rendered ----------
    def start(self, locale: str, wanted: set) -> None:
        self.locale, self.wanted, self.placed, self.details = locale, set(wanted), set(), []
        self.person = self.r.choice(self.values["people"][locale])

    def slot(self, kind: str, pii_fmt: str, clean):
        """``pii_fmt`` filled with a fresh value of ``kind`` when the row wants that kind, else ``clean``
        (a string or a callable giving one): the only way a template places PII."""
        if kind not in self.wanted:
            return clean() if callable(clean) else clean
        self.placed.add(kind)
        return pii_fmt.format(self.value(kind))

    def value(self, kind: str) -> str:
        return {"email": self.email, "us_phone": self.phone, "us_ssn": self.ssn, "credit_card": self.card}[kind]()

    def d(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def pick(self, seq):
        return self.r.choice(seq)

    # ---------- PII values ----------
    def email(self) -> str:
        p = self.pick(self.values["people"][self.pick(list(self.values["people"]))]) if self.r.random() < .3 \
            else self.person
        base, form = p["email"], self.r.random()
        local, domain = base.split("@")
        if form < .45:
            value, how = base, "dummyjson"
        elif form < .6:
            value, how = f"{local}+{self.pick(['billing', 'hr', 'shop', 'x2', 'news'])}@{domain}", "plus_tag"
        elif form < .7:
            value, how = f"{p['username']}@{self.pick(['mail.', 'eu.', 'corp.', ''])}{domain}", "username"
        elif form < .78:
            value, how = f"\"{p['first']} {p['last']}\"@{domain}".replace("\\", ""), "quoted_local"
        elif form < .86:
            value, how = base.upper(), "upper"
        else:
            tld = self.pick(["de", "co.uk", "com.br", "co.jp", "рф", "in", "ke", "io", "museum", "photography"])
            value, how = f"{local}@{p['company'].lower().replace(' ', '')}.{tld}", "cctld"
        self.details.append(f"email={how}")
        return value

    def phone(self) -> str:
        country = self.pick(LOCALE_COUNTRY[self.locale]) if self.r.random() < .75 else self.pick(PHONE_PLANS)[0]
        plans = [p for p in PHONE_PLANS if p[0] == country]
        _, intl, national = self.pick(plans)
        form = self.r.random()
        pattern, how = (intl, "intl") if form < .45 else (national, "national")
        if how == "intl" and self.r.random() < .25:
            pattern, how = "00" + pattern[1:], "00cc"
        number = "".join(self.pick("23456789") if c == "N" else self.pick(string.digits) if c == "D" else c
                         for c in pattern)
        if self.r.random() < .12:
            number, how = number.replace(" ", "").replace("-", "").replace(".", ""), how + "_compact"
        if self.r.random() < .1:
            number += self.pick([" ext. ", " x", " доб. ", " 内線", " poste "]) + self.d(self.pick([2, 3, 4]))
            how += "_ext"
        self.details.append(f"phone={country}_{how}")
        return number

    def ssn(self) -> str:
        area = self.pick([a for a in range(1, 900) if a != 666])
        digits = f"{area:03d}{self.r.randint(1, 99):02d}{self.r.randint(1, 9999):04d}"
        sep = self.pick(["-", "-", "-", " ", "", ".", " - "])
        self.details.append("ssn=" + {"-": "dash", " ": "space", "": "none", ".": "dot", " - ": "spaced_dash"}[sep])
        return sep.join([digits[:3], digits[3:5], digits[5:]])

    def card_digits(self):
        brand, prefixes, lengths = self.pick(CARD_BRANDS)
        length = self.pick(lengths)
        body = self.pick(prefixes)
        body += self.d(length - 1 - len(body))
        return brand, body + luhn_digit(body)

    def card(self) -> str:
        brand, digits = self.card_digits()
        sep = self.pick([" ", " ", "-", "", " "])
        groups, at = [], 0
        for size in GROUPING[len(digits)]:
            groups.append(digits[at:at + size])
            at += size
        self.details.append(f"card={brand}{len(digits)}")
        return sep.join(groups)

    # ---------- clean look-alikes (each carries its own check digit where it has one) ----------
    def not_luhn(self, n: int, first: str = "") -> str:
        body = first + self.d(n - 1 - len(first))
        good = luhn_digit(body)
        return body + self.pick([c for c in string.digits if c != good])

    def imei(self) -> str:
        body = self.pick(["35", "86", "01", "49"]) + self.d(12)
        return body + luhn_digit(body)

    def isbn(self) -> str:
        body = self.pick(["978", "979"]) + self.d(9)
        return body + ean_digit(body)

    def isbn_hyphen(self) -> str:
        s = self.isbn()
        return f"{s[:3]}-{s[3]}-{s[4:8]}-{s[8:12]}-{s[12]}"

    def ean(self) -> str:
        body = self.pick(["400", "50", "76", "87", "590", "460", "489"]) + self.d(9)
        body = body[:12]
        return body + ean_digit(body)

    def iban(self) -> str:
        country, length = self.pick([("DE", 18), ("FR", 23), ("NL", 14), ("ES", 20), ("IT", 23), ("GB", 18)])
        bban = self.d(length) if country not in ("NL", "GB", "IT", "FR") else (
            self.pick(["ABNA", "INGB", "RABO"]) + self.d(10) if country == "NL" else
            self.pick(["NWBK", "BARC", "MIDL"]) + self.d(14) if country == "GB" else
            "X" + self.d(22) if country == "IT" else self.d(10) + "ABCDEFGHJK"[self.r.randint(0, 9)] + self.d(12))
        moved = bban + country + "00"
        check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
        iban = f"{country}{check:02d}{bban}"
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))

    def masked_card(self) -> str:
        return self.pick([f"4{self.d(3)} **** **** {self.d(4)}", f"{self.pick(['5', '4'])}{self.d(3)}********"
                          f"{self.d(4)}", f"XXXX-XXXX-XXXX-{self.d(4)}", f"•••• {self.d(4)}",
                          f"ending in {self.d(4)}"])

    def epoch_ms(self) -> str:
        return str(self.r.randint(1546300800000, 1798761600000))

    def epoch_ns(self) -> str:
        return self.epoch_ms() + self.d(6)

    def snowflake(self) -> str:
        return self.not_luhn(self.pick([18, 19]), self.pick(["1", "9", "7"]))

    def sha(self, n: int = 40) -> str:
        return "".join(self.pick("0123456789abcdef") for _ in range(n))

    def ipv4(self) -> str:
        return self.pick([f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                          f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])

    def mac(self) -> str:
        return ":".join(self.sha(2) for _ in range(6))

    def version(self) -> str:
        return f"{self.r.randint(0, 14)}.{self.r.randint(0, 40)}.{self.r.randint(0, 120)}"

    def order(self) -> str:
        return self.pick([f"ORD-{self.r.randint(2019, 2026)}-{self.d(6)}", f"#{self.d(5)}-{self.sha(2).upper()}",
                          f"SO{self.d(8)}",
                          f"PO-{self.d(5)}/{self.r.randint(19, 26)}", f"INV-{self.d(4)}-{self.sha(4).upper()}"])

    def tracking(self) -> str:
        return self.pick([f"1Z{self.sha(6).upper()}{self.d(10)}", f"JD{self.d(18)}", f"RR{self.d(9)}GB",
                          f"LX{self.d(9)}DE", f"CP{self.d(9)}CN"])

    def coords(self) -> str:
        return f"{self.person['lat']}, {self.person['long']}"

    def amount(self) -> str:
        return self.pick(["€", "$", "£", "¥", "₹", "CHF ", "R$ ", "₺"]) + self.person["amount"]

    def iso_time(self) -> str:
        return f"{self.person['date']}T{self.person['time']}:{self.r.randint(0, 59):02d}.{self.d(3)}Z"

    def licence(self) -> str:
        return self.pick([f"DL {self.sha(1).upper()}{self.d(7)}", f"MORGA{self.d(6)}SM9IJ", f"B{self.d(8)}",
                          f"LIC-{self.d(3)}-{self.sha(3).upper()}"])

    def ref(self) -> str:
        """Some hard non-PII number with its own label, for a slot whose kind the row does not want."""
        return self.pick([
            lambda: f"IBAN {self.iban()}", lambda: f"IMEI {self.imei()}", lambda: f"ISBN {self.isbn_hyphen()}",
            lambda: f"EAN {self.ean()}", lambda: f"order {self.order()}", lambda: f"tracking {self.tracking()}",
            lambda: f"card {self.masked_card()}",
            lambda: f"build {self.version()}", lambda: f"host {self.ipv4()}", lambda: f"MAC {self.mac()}",
            lambda: f"commit {self.sha(12)}", lambda: f"at {self.coords()}", lambda: f"total {self.amount()}",
            lambda: f"licence {self.licence()}", lambda: f"ref {self.person['guid']}",
        ])()


def generate(values: dict) -> list[str]:
    gen = Gen(values)
    shapes = heldout11_shapes.SHAPES
    locales = sorted(values["people"])
    rows, seen = [], set()
    plan = [set()] * 700 + [wanted_kinds(gen.r) for _ in range(700)]
    gen.r.shuffle(plan)
    for n, wanted in enumerate(plan):
        name, shape = shapes[n % len(shapes)]
        for _attempt in range(50):
            gen.start(gen.pick(locales), wanted)
            text = shape(gen)
            if gen.placed != gen.wanted:
                raise SystemExit(f"shape {name} placed {sorted(gen.placed)} for {sorted(gen.wanted)}")
            if text not in seen and 50 <= len(text) <= 1500:
                break
        else:
            raise SystemExit(f"shape {name}: no new text of 50-1500 chars in 50 attempts")
        seen.add(text)
        label = "pii" if wanted else "clean"
        note = " ".join(["heldout11", name, label, gen.locale] + gen.details)
        rows.append(json.dumps({"text": text, "kinds": sorted(wanted), "note": note}, ensure_ascii=False))
    return rows


def wanted_kinds(r: random.Random) -> set:
    count = r.choices([1, 2, 3], weights=[62, 30, 8])[0]
    return set(r.sample(KINDS, count))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file differs from what would be written")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    body = "\n".join(generate(load_values())) + "\n"
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != body:
            print(f"{args.out} differs from what scripts/make_heldout11.py generates", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
