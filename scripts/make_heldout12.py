"""Write tests/data/eval/heldout12.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out of
detector development through the twelfth round and scored once at its end; it is development data since.

How it is built, independently of the detector (never read, never run on this set):
- People, cities, streets, emails and phone numbers of 4 locales (en, fr, fr-CA, es) come from minifaker 1.34.1
  (npm, its own locale data and seeded PRNG) via tools/heldout12/values.js; the IBANs of the clean half are
  composed by ibantools 4.5.4 (mod-97 check digits), Bitcoin addresses, semvers and MACs come from minifaker.
- 22 more locales (de, it, nl, pl, pt-BR, ru, uk, cs, sv, tr, el, he, ar, fa, hi, th, vi, id, sw, ja, zh, ko)
  come from small name lists and per-country phone formats written here from public numbering plans; varied
  email forms (plus tags, subdomains, IDN domains, quoted local parts, uppercase) are built here too.
- Card numbers come from public IIN ranges of 13 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages carry look-alikes that keep their own check digits or shapes: IBAN mod 97, IMEI and ICCID
  Luhn, NPI (Luhn over 80840), ABA routing (3-7-1), ISBN/GTIN/SSCC, UPS/USPS/La Poste tracking, EINs, masked
  cards and SSNs, Message-IDs, Bitcoin addresses, MACs, hashes, UUIDs, epochs, timestamps, versions,
  coordinates, amounts in 6 currencies.
- Templates (scripts/heldout12_shapes.py): 50 shapes never used before in this project (28 messages each).
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv/bin/python scripts/make_heldout12.py            # (re)write the set
    .venv/bin/python scripts/make_heldout12.py --check    # exit 1, "differs" on stderr, if the file is stale
"""
import argparse
import json
import random
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout12.jsonl"
TOOL = ROOT / "tools" / "heldout12"
SEED = 12122026
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


def aba_ok(routing: str) -> bool:
    """ABA routing number: weights 3,7,1 repeated, sum divisible by 10."""
    return len(routing) == 9 and sum(int(c) * w for c, w in zip(routing, [3, 7, 1] * 3)) % 10 == 0


def npi_ok(npi: str) -> bool:
    """US National Provider Identifier: Luhn over the prefix 80840 plus the 10 digits."""
    return len(npi) == 10 and luhn_ok("80840" + npi)


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


# ---------- value sources ----------

# (brand, IIN prefixes, lengths) from public IIN tables
IIN = [
    ("Visa", ["4"], [16, 13, 19]), ("Mastercard", ["51", "52", "54", "2223", "2701", "2500"], [16]),
    ("Amex", ["34", "37"], [15]), ("Discover", ["6011", "649", "65"], [16, 19]),
    ("JCB", ["3530", "3540", "3580"], [16, 19]), ("Diners", ["36", "38", "301"], [14, 16]),
    ("UnionPay", ["62", "6210", "6228"], [16, 19]), ("Maestro", ["6761", "5020", "6763"], [12, 16, 19]),
    ("Mir", ["2201", "2203"], [16]), ("RuPay", ["6082", "6522", "508"], [16]),
    ("Troy", ["9792"], [16]), ("Elo", ["5090", "6363", "438935"], [16]), ("UATP", ["1"], [15]),
]

US_AREAS = [206, 210, 214, 303, 310, 347, 412, 480, 502, 602, 614, 704, 718, 773, 804, 818, 904, 929, 978, 612]


def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


def _nz(r, n):  # n digits, first not 0 or 1
    return r.choice("23456789") + _d(r, n - 1)


def _us(r):
    return str(r.choice(US_AREAS)), _nz(r, 3), _d(r, 4)


# per-country phone formats written from public numbering plans; each takes a Random, returns (country, text)
PHONE_FORMATS = [
    lambda r: ("US", "({}) {}-{}".format(*_us(r))),
    lambda r: ("US", "{}.{}.{}".format(*_us(r))),
    lambda r: ("US", "+1-{}-{}-{}".format(*_us(r))),
    lambda r: ("US", "1 {} {} {}".format(*_us(r))),
    lambda r: ("US", "+1 ({}) {} {}".format(*_us(r))),
    lambda r: ("US", "{}{}{}".format(*_us(r))),
    lambda r: ("US", "tel:+1{}{}{}".format(*_us(r))),
    lambda r: ("US", "{}-{}-{} x{}".format(*_us(r), r.randint(100, 9999))),
    lambda r: ("CA", "+1 (416) {}-{}".format(_nz(r, 3), _d(r, 4))),
    lambda r: ("DE", f"+49 151 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("DE", f"(089) {_nz(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("FR", f"06 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("ES", f"+34 6{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"),
    lambda r: ("IT", f"+39 3{_d(r, 2)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("PL", f"+48 5{_d(r, 2)}-{_d(r, 3)}-{_d(r, 3)}"),
    lambda r: ("RU", f"+7 (9{_d(r, 2)}) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}"),
    lambda r: ("UA", f"+380 (50) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}"),
    lambda r: ("CZ", f"+420 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"),
    lambda r: ("SE", f"070-{_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("NL", f"+31 6 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("BR", f"(21) 9{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("MX", f"+52 1 33 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("JP", f"080-{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("JP", f"+81-6-{_nz(r, 4)}-{_d(r, 4)}"),
    lambda r: ("KR", f"+82 10-{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("CN", f"+86 139 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("IN", f"+91-98{_d(r, 3)}-{_d(r, 5)}"),
    lambda r: ("AE", f"+971 50 {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("IL", f"+972-52-{_d(r, 3)}-{_d(r, 4)}"),
    lambda r: ("IR", f"+98 912 {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("TH", f"+66 8{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("GR", f"69{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("TR", f"+90 (532) {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("VN", f"+84 91 {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("ID", f"+62 812-{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("KE", f"+254 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"),
    lambda r: ("EG", f"+20 10 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("PH", f"0917 {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("GB", f"+44 (0)7{r.choice('4789')}{_d(r, 2)} {_d(r, 6)}"),
    lambda r: ("AU", f"(02) {_nz(r, 4)} {_d(r, 4)}"),
]

# locales without minifaker data: code -> (first names, last names, cities, email-safe romanised user stems)
EXTRA_LOCALES = {
    "de": (["Lukas", "Hannah", "Jonas", "Lea"], ["Schneider", "Fischer", "Weber", "Becker"], ["Köln", "Leipzig", "Bremen"],
           ["lukas.schneider", "hannah.f", "jweber"]),
    "it": (["Giulia", "Matteo", "Chiara", "Lorenzo"], ["Ricci", "Colombo", "Greco", "Bruno"], ["Torino", "Bologna", "Napoli"],
           ["giulia.ricci", "m.colombo", "chiaragreco"]),
    "nl": (["Daan", "Sanne", "Bram", "Femke"], ["de Vries", "Jansen", "van Dijk", "Bakker"], ["Utrecht", "Eindhoven", "Groningen"],
           ["daan.devries", "sanne.j", "bram.vandijk"]),
    "pl": (["Zofia", "Jakub", "Wiktoria", "Szymon"], ["Nowak", "Wiśniewska", "Wójcik", "Kamiński"], ["Kraków", "Gdańsk", "Wrocław"],
           ["zofia.nowak", "jakub.w", "szymon.k"]),
    "pt-BR": (["João", "Ana Clara", "Rafael", "Beatriz"], ["Oliveira", "Souza", "Lima", "Carvalho"], ["Recife", "Curitiba", "Salvador"],
              ["joao.oliveira", "anaclara.s", "rafa.lima"]),
    "ru": (["Дмитрий", "Анастасия", "Сергей", "Екатерина"], ["Смирнов", "Кузнецова", "Попов", "Волкова"], ["Казань", "Новосибирск", "Самара"],
           ["d.smirnov", "nastya.kuz", "spopov"]),
    "uk": (["Андрій", "Оксана", "Максим", "Юлія"], ["Мельник", "Ткаченко", "Кравчук", "Бойко"], ["Харків", "Дніпро", "Вінниця"],
           ["andrii.melnyk", "oksana.t", "maks.k"]),
    "cs": (["Tomáš", "Tereza", "Ondřej", "Kateřina"], ["Novák", "Dvořáková", "Černý", "Procházka"], ["Brno", "Ostrava", "Plzeň"],
           ["tomas.novak", "tereza.d", "ondra.c"]),
    "sv": (["Elsa", "Oskar", "Maja", "Viktor"], ["Andersson", "Lindqvist", "Berg", "Nyström"], ["Göteborg", "Malmö", "Uppsala"],
           ["elsa.andersson", "oskar.l", "maja.berg"]),
    "tr": (["Elif", "Burak", "Selin", "Can"], ["Çelik", "Öztürk", "Aydın", "Arslan"], ["Bursa", "Antalya", "Konya"],
           ["elif.celik", "burak.ozturk", "selin.a"]),
    "el": (["Δημήτρης", "Σοφία", "Κώστας", "Αθηνά"], ["Κωνσταντίνου", "Οικονόμου", "Αλεξίου"], ["Ηράκλειο", "Λάρισα", "Βόλος"],
           ["d.konstantinou", "sofia.oik", "kostas.a"]),
    "he": (["אורי", "תמר", "איתי", "שירה"], ["אברהם", "פרידמן", "שפירא"], ["באר שבע", "נתניה", "רחובות"],
           ["uri.avraham", "tamar.f", "itai.sh"]),
    "ar": (["عمر", "مريم", "خالد", "نور"], ["الزهراني", "المصري", "الخطيب"], ["جدة", "الإسكندرية", "بيروت"],
           ["omar.zahrani", "mariam.masri", "khaled.k"]),
    "fa": (["آرش", "نگار", "سینا", "مهسا"], ["رضایی", "محمدی", "حسینی"], ["تهران", "اصفهان", "شیراز"],
           ["arash.rezaei", "negar.m", "sina.h"]),
    "hi": (["रोहन", "प्रिया", "अर्जुन", "नेहा"], ["पटेल", "मेहता", "यादव"], ["अहमदाबाद", "लखनऊ", "इंदौर"],
           ["rohan.patel", "priya.mehta", "arjun.y"]),
    "th": (["ธนา", "กนกวรรณ", "วีระ"], ["สุขสวัสดิ์", "บุญมา", "ทองดี"], ["ขอนแก่น", "หาดใหญ่", "พัทยา"],
           ["thana.s", "kanokwan.b", "weera.t"]),
    "vi": (["Quang", "Ngọc", "Tuấn", "Hương"], ["Hoàng", "Vũ", "Đặng", "Bùi"], ["Hải Phòng", "Cần Thơ", "Nha Trang"],
           ["quang.hoang", "ngoc.vu", "tuan.dang"]),
    "id": (["Budi", "Siti", "Agus", "Dewi"], ["Santoso", "Wijaya", "Pratama", "Lestari"], ["Surabaya", "Bandung", "Medan"],
           ["budi.santoso", "siti.w", "agus.p"]),
    "sw": (["Amani", "Wanjiru", "Baraka", "Neema"], ["Otieno", "Mwangi", "Kamau", "Achieng"], ["Nairobi", "Mombasa", "Kisumu"],
           ["amani.otieno", "wanjiru.m", "baraka.k"]),
    "ja": (["翔太", "美咲", "健太", "愛"], ["伊藤", "山本", "中村", "小林"], ["名古屋", "横浜", "京都"],
           ["shota.ito", "misaki.y", "kenta.n"]),
    "zh": (["浩然", "雨桐", "子轩", "欣怡"], ["黄", "赵", "周", "吴"], ["广州", "杭州", "武汉"],
           ["haoran.huang", "yutong.zhao", "zixuan.z"]),
    "ko": (["도윤", "지우", "서준", "수아"], ["정", "강", "조", "윤"], ["광주", "대전", "수원"],
           ["doyun.jung", "jiwoo.kang", "seojun.cho"]),
}

IDN_DOMAINS = ["köln-mail.de", "żółw.pl", "почта-россии.рф", "メール.jp", "우체국.kr", "correo.niño.es", "xn--mnchen-3ya.de", "пошта.укр"]
TLDS = ["com", "net", "fr", "ca", "es", "de", "com.mx", "co.kr", "io", "dev", "email", "org.uk", "edu", "health"]


def load_values() -> dict:
    """minifaker's seeded per-locale people and ibantools' IBANs (node tools/heldout12/values.js)."""
    done = subprocess.run(["node", "values.js"], cwd=TOOL, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


class Gen:
    """All random choices go through self.r (seeded), so the set is the same on every run."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values or {}
        self.people = self.values.get("people", {})

    # --- people ---
    def person(self) -> dict:
        """A locale and a person in it: minifaker's record, or one of the hand-written locales."""
        if self.people and self.r.random() < 0.35:
            code = self.r.choice(sorted(self.people))
            rec = dict(self.r.choice(self.people[code]))
            rec["locale"] = code
            return rec
        code = self.r.choice(sorted(EXTRA_LOCALES))
        firsts, lasts, cities, stems = EXTRA_LOCALES[code]
        return {"locale": code, "first": self.r.choice(firsts), "last": self.r.choice(lasts),
                "city": self.r.choice(cities), "user": self.r.choice(stems), "email": None, "phone": None,
                "street": f"{self.r.randint(1, 180)} {self.r.choice(['Main St', 'Oak Ave', 'Elm Rd'])}", "zip": _d(self.r, 5),
                "job": None}

    # --- the four kinds ---
    def email(self, p: dict) -> str:
        r = self.r
        form = r.randrange(8)
        user = (p.get("user") or "contact").lower().replace(" ", "")
        user = "".join(c for c in user if c.isascii() and (c.isalnum() or c in "._-")).strip("._-") or "contact"
        if form == 0 and p.get("email"):
            return p["email"]
        if form == 1:
            return f"{user}+{r.choice(['tax', 'clinic', 'rx', 'q3', 'kids', 'alerts'])}@{r.choice(['fastmail', 'proton', 'outlook', 'icloud'])}.{r.choice(TLDS)}"
        if form == 2:
            return f"{user}@{r.choice(IDN_DOMAINS)}"
        if form == 3:
            return f'"{user} {r.choice(["jr", "work", "billing"])}"@{r.choice(["example", "mailhost", "firm"])}.{r.choice(TLDS)}'
        if form == 4:
            return f"{user}@{r.choice(['mail', 'hr', 'billing', 'us'])}.{r.choice(['contoso', 'initech', 'umbrella', 'hooli'])}.{r.choice(TLDS)}"
        if form == 5:
            return f"{user.upper()}@{r.choice(['EXAMPLE.NET', 'Example.Com', 'MAIL.EXAMPLE.ORG'])}"
        if form == 6:
            return f"{user.replace('.', '_')}{r.randint(70, 2009)}@{r.choice(['seznam.cz', 'libero.it', 'orange.fr', 'wp.pl', 'mail.ru', 'yahoo.co.jp', 'daum.net', 'ukr.net'])}"
        return f"{user[:1]}{r.choice(['-', '.', ''])}{user.split('.')[-1]}@{r.choice(['uni-heidelberg.de', 'cs.example.edu', 'med.example.ac.uk'])}"

    def phone(self, p: dict) -> tuple[str, str]:
        if p.get("phone") and self.r.random() < 0.4:
            return f"minifaker:{p['locale']}", p["phone"]
        return self.r.choice(PHONE_FORMATS)(self.r)

    def ssn(self) -> tuple[str, str]:
        r = self.r
        area = r.choice([a for a in range(1, 900) if a != 666])
        group, serial = r.randint(1, 99), r.randint(1, 9999)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        form = r.choice(["dash", "dash", "space", "plain", "dot", "endash", "nbsp"])
        sep = {"dash": "-", "space": " ", "plain": "", "dot": ".", "endash": "\u2013", "nbsp": "\u00a0"}[form]
        return f"{a}{sep}{g}{sep}{s}", form

    def card(self) -> tuple[str, str]:
        r = self.r
        brand, prefixes, lengths = r.choice(IIN)
        length = r.choice(lengths)
        prefix = r.choice(prefixes)
        body = prefix + _d(r, length - len(prefix) - 1)
        number = body + luhn_digit(body)
        return self.spaced(number, brand), brand

    def spaced(self, number: str, brand: str) -> str:
        sep = self.r.choice([" ", "-", "", " ", "\u2009"])
        if len(number) in (14, 15):
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(groups)

    # --- look-alikes and other numbers that are not PII ---
    def iban(self) -> str:
        ibans = self.values.get("ibans") or ["DE89370400440532013000", "GB82WEST12345698765432"]
        raw = self.r.choice(ibans)
        return raw if self.r.random() < 0.4 else " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "99", "01"]) + _d(self.r, 12)
        return body + luhn_digit(body)

    def iccid(self) -> str:
        """SIM serial: 89 + country + issuer..., Luhn-checked, 19 digits (a telecom number, not a card)."""
        body = "89" + self.r.choice(["01", "44", "49", "33", "86"]) + _d(self.r, 14)
        return body + luhn_digit(body)

    def npi(self) -> str:
        body = self.r.choice("12") + _d(self.r, 8)
        return body + luhn_digit("80840" + body)

    def aba(self) -> str:
        while True:
            body = self.r.choice(["01", "02", "03", "06", "11", "12", "21", "26", "31", "32"]) + _d(self.r, 6)
            for last in string.digits:
                if aba_ok(body + last):
                    return body + last

    def ein(self) -> str:
        return f"{self.r.choice(['12', '27', '46', '83', '94'])}-{_d(self.r, 7)}"

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

    def masked_card(self) -> str:
        r = self.r
        return r.choice([f"************{_d(r, 4)}", f"•••• {_d(r, 4)}", f"{r.choice('3456')}{_d(r, 5)}******{_d(r, 4)}",
                         f"XXXX XXXX XXXX {_d(r, 4)}", f"ending in {_d(r, 4)}"])

    def masked_ssn(self) -> str:
        return self.r.choice([f"***-**-{_d(self.r, 4)}", f"XXX-XX-{_d(self.r, 4)}", f"xxx-xx-{_d(self.r, 4)}"])

    def order_no(self) -> str:
        r = self.r
        return r.choice([f"#{r.randint(100, 9999)}-{_d(r, 7)}-{_d(r, 7)}", f"R{_d(r, 9)}", f"ORD{_d(r, 10)}",
                         f"{r.choice('ABCDEFGH')}{r.choice('ABCDEFGH')}-{_d(r, 6)}", f"INV-{r.randint(2022, 2026)}-{_d(r, 5)}"])

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"1Z{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(6))}{_d(r, 10)}",
                         f"9400 1{_d(r, 3)} {_d(r, 4)} {_d(r, 4)} {_d(r, 4)} {_d(r, 2)}", f"CP{_d(r, 9)}FR",
                         f"{_d(r, 12)} (FedEx)", f"UB{_d(r, 9)}CA"])

    def msgid(self) -> str:
        r = self.r
        return r.choice([f"<CA+{self.hexid(24)}@mail.gmail.com>", f"<{self.uuid()}@{r.choice(['PH0PR11MB', 'DB9PR02MB'])}{_d(r, 4)}.namprd.prod.outlook.com>",
                         f"<{r.randint(10**9, 10**10)}.{r.randint(1000, 99999)}.JavaMail.app@{r.choice(['srv01', 'mx2'])}>"])

    def epoch(self) -> str:
        return str(self.r.randint(1_650_000_000, 1_800_000_000))

    def epoch_ms(self) -> str:
        return str(self.r.randint(1_650_000_000_000, 1_800_000_000_000))

    def iso_time(self) -> str:
        r = self.r
        return f"202{r.randint(3, 6)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}{r.choice(['Z', '+02:00', '-05:00', '.123456Z'])}"

    def date(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(1950, 2026)}", f"{r.randint(1950, 2026)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
                         f"{r.randint(1, 28)}.{r.randint(1, 12)}.{r.randint(2000, 2026)}"])

    def version(self) -> str:
        semvers = self.values.get("semver") or ["1.2.3"]
        r = self.r
        return r.choice([r.choice(semvers), f"v{r.randint(0, 3)}.{r.randint(0, 99)}.{r.randint(0, 99)}", f"{r.randint(1, 30)}.{r.randint(0, 12)}.{r.randint(0, 9999)}.{r.randint(0, 99)}"])

    def coords(self) -> str:
        return f"{self.r.uniform(-55, 65):.5f}, {self.r.uniform(-160, 160):.5f}"

    def amount(self) -> str:
        r = self.r
        return r.choice([f"${r.randint(1, 48000):,}.{_d(r, 2)}", f"{r.randint(1, 9999)},{_d(r, 2)} €", f"CHF {r.randint(10, 9999)}.{r.choice(['00', '50', '95'])}",
                         f"₩{r.randint(1000, 9999999):,}", f"R$ {r.randint(10, 9999)},{_d(r, 2)}", f"{r.randint(1, 99999)} JPY"])

    def hexid(self, n: int = 32) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        h = self.hexid(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.r.choice('89ab')}{h[17:20]}-{h[20:]}"

    def ip(self) -> str:
        r = self.r
        return f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def mac(self) -> str:
        macs = self.values.get("macs")
        return self.r.choice(macs) if macs else ":".join(self.hexid(2) for _ in range(6))

    def btc(self) -> str:
        addrs = self.values.get("btc")
        return self.r.choice(addrs) if addrs else "1" + "".join(self.r.choice("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") for _ in range(32))


def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout12_shapes as shapes
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
        rows.append({"text": text, "kinds": kinds, "note": f"heldout12 {shape} {state} {details}".strip()})
    return rows


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if --out differs from what would be written")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    text = render(build(load_values()))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} differs from what scripts/make_heldout12.py generates", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
