"""Write tests/data/eval/heldout13.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out of
detector development (no detector of this project read it) through the thirteenth round and scored once at its
end; it is development data since.

How it is built, independently of the detector (never imported, never run on this set):
- Phone numbers come from phone-gen 3.0.35 (PyPI; its own numbering-plan patterns of every country, rendered by
  its string-gen dependency with a seed here, since phone-gen's own calls are unseeded), for the 29 countries of
  the locales below, formatted the ways people write them (E.164, grouped, 00-prefixed, national with trunk
  prefix, NANP styles; never grouped 3-2-4, which would also read as an SSN). A quarter of each locale's numbers
  are US ones.
- IBANs, BICs and bank names of the clean half come from schwifty 2026.10.1 (PyPI; its own bank registries,
  national and mod-97 check digits), with a seeded random.Random.
- 30 locales' names, cities and mailbox stems are small lists written here; varied email forms (plus tags,
  subdomains, IDN domains, quoted local parts, uppercase) are built here too.
- Card numbers come from public IIN ranges of 13 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages carry look-alikes with their own check digits or shapes: IBAN (schwifty), BIC, VIN (position 9
  check digit), IMEI and ICCID (Luhn), NPI (Luhn over 80840), DEA registration (its weighted digit), ORCID
  (ISO 7064 mod 11-2), ABA routing (3-7-1), ISBN/GTIN/SSCC (GS1), boleto lines (mod 10 fields), EINs, NDCs,
  bag tags, library barcodes, China's unified social credit codes (mod 31), CNPJs, masked cards and SSNs,
  Message-IDs, MACs, hashes, UUIDs, epochs, timestamps, versions, coordinates, amounts in 7 currencies.
- Templates (scripts/heldout13_shapes.py): 50 shapes never used before in this project (28 messages each).
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv-heldout13/bin/python scripts/make_heldout13.py            # (re)write the set
    .venv-heldout13/bin/python scripts/make_heldout13.py --check    # exit 1, "differs" on stderr, if stale
"""
import argparse
import json
import random
import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout13.jsonl"
SEED = 13122026
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


VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
              **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_digit(vin: str) -> str:
    """North American VIN check character (position 9): weighted sum mod 11, 10 written X."""
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS))
    return "X" if total % 11 == 10 else str(total % 11)


def vin_ok(vin: str) -> bool:
    return len(vin) == 17 and all(c in VIN_VALUES for c in vin) and vin[8] == vin_digit(vin)


def dea_ok(dea: str) -> bool:
    """DEA registration: 2 letters, 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7."""
    d = [int(c) for c in dea[2:]]
    return len(dea) == 9 and dea[:2].isalpha() and (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def orcid_digit(body: str) -> str:
    """ORCID iD check character: ISO 7064 mod 11-2 over the first 15 digits."""
    total = 0
    for c in body:
        total = (total + int(c)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def mod10_boleto(field: str) -> str:
    """Brazilian boleto field check digit: weights 2,1 from the right, digit sums, 10 - total mod 10."""
    total = 0
    for i, c in enumerate(reversed(field)):
        p = int(c) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return str((10 - total % 10) % 10)


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


# ---------- value sources ----------

# (brand, IIN prefixes, lengths) from public IIN tables
IIN = [
    ("Visa", ["4"], [16, 13, 19]), ("Mastercard", ["51", "53", "55", "2221", "2720", "2600"], [16]),
    ("Amex", ["34", "37"], [15]), ("Discover", ["6011", "644", "65"], [16, 19]),
    ("JCB", ["3528", "3569", "3589"], [16, 19]), ("Diners", ["36", "38", "305"], [14, 16]),
    ("UnionPay", ["62", "6212", "6259"], [16, 19]), ("Maestro", ["6759", "5018", "6304"], [12, 16, 19]),
    ("Mir", ["2200", "2204"], [16]), ("RuPay", ["6081", "6521", "508"], [16]),
    ("Verve", ["5061", "6500"], [16, 19]), ("Elo", ["4011", "5067", "6362"], [16]), ("Hipercard", ["6062"], [16]),
]

# locale -> (phone-gen country, first names, last names, cities, email-safe romanised mailbox stems)
LOCALES = {
    "en-US": ("US", ["Tyler", "Brianna", "Marcus", "Kayla"], ["Henderson", "Brooks", "Ramirez", "Sullivan"],
              ["Tulsa", "Spokane", "Raleigh"], ["tyler.henderson", "bri.brooks", "mramirez"]),
    "en-CA": ("CA", ["Liam", "Chloé", "Owen", "Avery"], ["Tremblay", "MacDonald", "Gagnon"], ["Halifax", "Winnipeg", "Québec"],
              ["liam.tremblay", "chloe.g", "omacdonald"]),
    "en-GB": ("GB", ["Harriet", "Callum", "Imogen", "Rhys"], ["Pritchard", "Whitfield", "Owusu"], ["Leeds", "Swansea", "Aberdeen"],
              ["harriet.p", "callum.whitfield", "imogen.owusu"]),
    "en-IN": ("IN", ["Aditya", "Sneha", "Karthik", "Divya"], ["Iyer", "Reddy", "Banerjee"], ["Pune", "Chennai", "Kochi"],
              ["aditya.iyer", "sneha.reddy", "kbanerjee"]),
    "en-NG": ("NG", ["Chinedu", "Ngozi", "Tunde", "Aisha"], ["Okafor", "Adeyemi", "Balogun"], ["Lagos", "Ibadan", "Enugu"],
              ["chinedu.okafor", "ngozi.a", "tunde.balogun"]),
    "de": ("DE", ["Felix", "Marlene", "Jannik", "Greta"], ["Hoffmann", "Krüger", "Schäfer"], ["Dortmund", "Würzburg", "Kiel"],
           ["felix.hoffmann", "marlene.k", "jschaefer"]),
    "fr": ("FR", ["Théo", "Manon", "Hugo", "Inès"], ["Lefèvre", "Moreau", "Girard"], ["Rennes", "Lille", "Nantes"],
           ["theo.lefevre", "manon.moreau", "hgirard"]),
    "es-MX": ("MX", ["Ximena", "Diego", "Valeria", "Emiliano"], ["Hernández", "Gutiérrez", "Morales"], ["Puebla", "Mérida", "Monterrey"],
              ["ximena.hdz", "diego.gutierrez", "vmorales"]),
    "pt-BR": ("BR", ["Thiago", "Larissa", "Gustavo", "Camila"], ["Ferreira", "Rodrigues", "Almeida"], ["Belo Horizonte", "Fortaleza", "Manaus"],
              ["thiago.ferreira", "lari.rodrigues", "galmeida"]),
    "it": ("IT", ["Alessandro", "Francesca", "Davide", "Martina"], ["Esposito", "Romano", "Marino"], ["Genova", "Palermo", "Verona"],
           ["ale.esposito", "francesca.romano", "dmarino"]),
    "nl": ("NL", ["Sem", "Lotte", "Thijs", "Noor"], ["Visser", "Smit", "Meijer"], ["Haarlem", "Leiden", "Tilburg"],
           ["sem.visser", "lotte.smit", "tmeijer"]),
    "pl": ("PL", ["Kacper", "Zuzanna", "Filip", "Natalia"], ["Lewandowski", "Zielińska", "Szymański"], ["Poznań", "Łódź", "Lublin"],
           ["kacper.lew", "zuzanna.z", "fszymanski"]),
    "sv": ("SE", ["Linnea", "Axel", "Ebba", "Hugo"], ["Johansson", "Karlsson", "Sjöberg"], ["Västerås", "Örebro", "Lund"],
           ["linnea.j", "axel.karlsson", "ebba.sjoberg"]),
    "ru": ("RU", ["Алексей", "Мария", "Иван", "Ольга"], ["Соколов", "Лебедева", "Морозов"], ["Екатеринбург", "Пермь", "Тула"],
           ["a.sokolov", "maria.lebedeva", "ivan.moroz"]),
    "uk": ("UA", ["Тарас", "Ірина", "Богдан", "Софія"], ["Шевченко", "Коваленко", "Бондар"], ["Львів", "Одеса", "Полтава"],
           ["taras.shevchenko", "iryna.k", "bohdan.b"]),
    "tr": ("TR", ["Emre", "Zeynep", "Mert", "Defne"], ["Yılmaz", "Kaya", "Demir"], ["İzmir", "Eskişehir", "Trabzon"],
           ["emre.yilmaz", "zeynep.kaya", "mdemir"]),
    "el": ("GR", ["Γιώργος", "Ελένη", "Νίκος", "Μαρία"], ["Παπαδόπουλος", "Γεωργίου", "Νικολάου"], ["Πάτρα", "Θεσσαλονίκη", "Χανιά"],
           ["g.papadopoulos", "eleni.georgiou", "nikos.n"]),
    "ar-EG": ("EG", ["أحمد", "فاطمة", "يوسف", "سلمى"], ["عبد الله", "حسن", "السيد"], ["القاهرة", "المنصورة", "أسوان"],
              ["ahmed.abdallah", "fatma.hassan", "youssef.s"]),
    "ar-SA": ("SA", ["فيصل", "ريم", "سلطان", "لمى"], ["القحطاني", "العتيبي", "الشمري"], ["الرياض", "الدمام", "مكة"],
              ["faisal.q", "reem.otaibi", "sultan.sh"]),
    "he": ("IL", ["נועה", "יונתן", "מאיה", "דניאל"], ["כהן", "לוי", "מזרחי"], ["חיפה", "ירושלים", "אשדוד"],
           ["noa.cohen", "yonatan.levi", "maya.m"]),
    "fa": ("IR", ["امیر", "زهرا", "رضا", "مریم"], ["کریمی", "احمدی", "جعفری"], ["مشهد", "تبریز", "کرج"],
           ["amir.karimi", "zahra.ahmadi", "reza.j"]),
    "hi": ("IN", ["विकास", "अंजलि", "सौरभ", "पूजा"], ["शर्मा", "गुप्ता", "वर्मा"], ["जयपुर", "भोपाल", "पटना"],
           ["vikas.sharma", "anjali.gupta", "saurabh.v"]),
    "bn": ("BD", ["রাহুল", "তানিয়া", "সাকিব", "নুসরাত"], ["চৌধুরী", "হোসেন", "রহমান"], ["ঢাকা", "চট্টগ্রাম", "সিলেট"],
           ["rahul.chowdhury", "tania.hossain", "sakib.r"]),
    "th": ("TH", ["สมชาย", "ปิยะนุช", "อนุชา"], ["ศรีสุข", "จันทร์เพ็ญ", "แก้วมณี"], ["เชียงใหม่", "ภูเก็ต", "อุดรธานี"],
           ["somchai.s", "piyanuch.j", "anucha.k"]),
    "vi": ("VN", ["Minh", "Thảo", "Khoa", "Lan"], ["Nguyễn", "Trần", "Phạm"], ["Hà Nội", "Đà Nẵng", "Huế"],
           ["minh.nguyen", "thao.tran", "khoa.pham"]),
    "id": ("ID", ["Rizky", "Putri", "Fajar", "Ayu"], ["Saputra", "Hidayat", "Kusuma"], ["Yogyakarta", "Semarang", "Makassar"],
           ["rizky.saputra", "putri.h", "fajar.k"]),
    "sw": ("KE", ["Juma", "Zawadi", "Kamau", "Imani"], ["Odhiambo", "Wafula", "Njoroge"], ["Nakuru", "Eldoret", "Kisumu"],
           ["juma.odhiambo", "zawadi.w", "kamau.n"]),
    "ja": ("JP", ["大翔", "陽菜", "蓮", "結衣"], ["佐藤", "鈴木", "高橋"], ["札幌", "福岡", "仙台"],
           ["hiroto.sato", "hina.suzuki", "ren.takahashi"]),
    "ko": ("KR", ["민준", "서연", "하준", "지민"], ["김", "이", "박"], ["서울", "부산", "인천"],
           ["minjun.kim", "seoyeon.lee", "hajun.park"]),
    "zh": ("CN", ["宇轩", "梓涵", "俊杰", "诗琪"], ["王", "李", "张"], ["成都", "南京", "西安"],
           ["yuxuan.wang", "zihan.li", "junjie.zhang"]),
}

# trunk prefix a national number is dialled with inside its country
TRUNK = {"RU": "8", "IT": "", "US": "1", "CA": "1", "ES": "", "GR": "", "NO": "", "DK": ""}

IDN_DOMAINS = ["bücherei.de", "почта.рф", "correo.españa.es", "電子郵件.台灣", "메일.한국", "mail.xn--p1ai", "אימייל.co.il", "ไปรษณีย์.th"]
TLDS = ["com", "net", "de", "fr", "com.br", "co.jp", "in", "ng", "io", "app", "org", "co.uk", "edu", "me"]
FREEMAIL = ["gmx.net", "web.de", "laposte.net", "uol.com.br", "rediffmail.com", "yandex.ru", "naver.com", "qq.com", "yahoo.co.jp", "interia.pl", "i.ua", "walla.co.il"]


def load_values() -> dict:
    """phone-gen's numbers per country and schwifty's IBANs, each from its own seeded random.Random.
    Runs only where both are installed (.venv-heldout13)."""
    from phone_gen.patterns import PATTERNS
    from schwifty import IBAN
    from string_gen import StringGen

    r = random.Random(SEED + 7)
    phones = {}
    for country in sorted({spec[0] for spec in LOCALES.values()}):
        data = PATTERNS["data"][country]
        gens = {kind: StringGen(data[kind], seed=r.randrange(2**32)) for kind in ("pattern", "mobile") if kind in data}
        rows = []
        while len(rows) < 40:
            national = gens["mobile" if r.random() < 0.7 and "mobile" in gens else "pattern"].render()
            if len(national) >= 8:  # leave out short service numbers
                rows.append([data["code"], national])
        phones[country] = rows
    ibans = []
    for country in ["DE", "FR", "GB", "NL", "ES", "IT", "CH", "AT", "PL", "SE", "NO", "FI", "BE", "CZ", "TR", "IL", "AE", "PT", "HU", "RO"]:
        for _ in range(10):
            iban = IBAN.random(country, random=r)
            ibans.append([str(iban), str(iban.bic) if iban.bic else "", iban.bank_short_name or iban.bank_name or ""])
    return {"phones": phones, "ibans": ibans}


def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


def _nz(r, n):  # n digits, first not 0 or 1
    return r.choice("23456789") + _d(r, n - 1)


SSN_SHAPE = re.compile(r"(?<!\d)\d{3}([ .\u00a0-])\d{2}\1\d{4}(?!\d)")


def _groups(digits: str, sizes) -> list[str]:
    out, i = [], 0
    for size in sizes:
        if i >= len(digits):
            break
        out.append(digits[i:i + size])
        i += size
    if i < len(digits):
        out[-1] += digits[i:]
    return out


class Gen:
    """All random choices go through self.r (seeded), so the set is the same on every run."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values or {}

    # --- people ---
    def person(self, locales=None) -> dict:
        code = self.r.choice(list(locales) if locales else sorted(LOCALES))
        country, firsts, lasts, cities, stems = LOCALES[code]
        return {"locale": code, "country": country, "first": self.r.choice(firsts), "last": self.r.choice(lasts),
                "city": self.r.choice(cities), "user": self.r.choice(stems)}

    # --- the four kinds ---
    def email(self, p: dict) -> str:
        r = self.r
        user = p["user"]
        form = r.randrange(9)
        if form == 0:
            return f"{user}+{r.choice(['bank', 'hr', 'school', 'ebay', 'visa', 'dmv'])}@{r.choice(['gmail.com', 'fastmail.com', 'pm.me', 'hey.com'])}"
        if form == 1:
            return f"{user}@{r.choice(IDN_DOMAINS)}"
        if form == 2:
            return f'"{user.replace(".", " ")}"@{r.choice(["example", "kanzlei", "office"])}.{r.choice(TLDS)}'
        if form == 3:
            return f"{user}@{r.choice(['mail', 'staff', 'alumni', 'eu'])}.{r.choice(['globex', 'acme', 'wayne', 'tyrell', 'soylent'])}.{r.choice(TLDS)}"
        if form == 4:
            return f"{user.upper()}@{r.choice(['CORP.EXAMPLE.COM', 'Example.Org', 'MAIL.EXAMPLE.NET'])}"
        if form == 5:
            return f"{user.replace('.', '_')}{r.randint(1, 99)}@{r.choice(FREEMAIL)}"
        if form == 6:
            return f"{user.split('.')[0]}@{p['last'].lower()}.family" if p["last"].isascii() and p["last"].isalpha() else f"{user}@family.name"
        if form == 7:
            return f"{user.replace('.', '-')}@{r.choice(['student', 'med', 'law'])}.{r.choice(['uni-example', 'example-university'])}.{r.choice(['edu', 'ac.uk', 'edu.au', 'ac.jp'])}"
        return f"{user}@{r.choice(['outlook.com', 'hotmail.fr', 'icloud.com', 'live.co.uk', 'yahoo.com.mx'])}"

    def phone(self, p: dict) -> tuple[str, str]:
        """A number of the person's country (or, sometimes, a US one), from phone-gen when loaded."""
        r = self.r
        country = p["country"] if r.random() < 0.75 else "US"
        rows = self.values.get("phones", {}).get(country)
        if rows:
            code, national = r.choice(rows)
        else:  # without phone-gen (unit tests in .venv): a NANP-shaped or made-up number
            code, national = ("1", f"{r.choice(['212', '415', '617', '702'])}{_nz(r, 3)}{_d(r, 4)}") if country in ("US", "CA") else ("44", "7" + _d(r, 9))
        return country, self.format_phone(code, national, country)

    def format_phone(self, code: str, national: str, country: str) -> str:
        r = self.r
        if code == "1":
            a, b, c = national[:3], national[3:6], national[6:]
            return r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1-{a}-{b}-{c}",
                             f"1-{a}-{b}-{c}", f"+1{a}{b}{c}", f"{a} {b} {c}", f"({a}){b}-{c}", f"+1 ({a}) {b}-{c}"])
        trunk = TRUNK.get(country, "0")
        while True:
            sizes = r.choice([(3, 3, 4), (2, 4, 4), (3, 4, 4), (4, 3, 3), (2, 3, 2, 2), (3, 3, 3)])
            grouped = " ".join(_groups(national, sizes))
            text = r.choice([f"+{code}{national}", f"+{code} {grouped}", f"00{code} {grouped}", f"+{code}-{'-'.join(_groups(national, sizes))}",
                             f"{trunk}{grouped}" if trunk else grouped, f"(+{code}) {grouped}", f"+{code} ({national[:3]}) {national[3:]}"])
            if not SSN_SHAPE.search(text):  # a phone grouped 3-2-4 would also read as an SSN: group it another way
                return text

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
        sep = r.choice([" ", "-", "", " ", "\u00a0"])
        if len(number) in (14, 15):
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(groups), brand

    # --- look-alikes and other numbers that are not PII ---
    def iban(self) -> str:
        rows = self.values.get("ibans") or [["DE89370400440532013000", "COBADEFFXXX", "Commerzbank"]]
        raw = self.r.choice(rows)[0]
        return raw if self.r.random() < 0.4 else " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def bank(self) -> tuple[str, str, str]:
        """(IBAN, BIC, bank name) from schwifty's registry."""
        rows = self.values.get("ibans") or [["DE89370400440532013000", "COBADEFFXXX", "Commerzbank"]]
        return tuple(self.r.choice(rows))

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "99", "01"]) + _d(self.r, 12)
        return body + luhn_digit(body)

    def iccid(self) -> str:
        body = "89" + self.r.choice(["01", "44", "49", "33", "86", "91"]) + _d(self.r, 14)
        return body + luhn_digit(body)

    def npi(self) -> str:
        body = self.r.choice("12") + _d(self.r, 8)
        return body + luhn_digit("80840" + body)

    def dea(self) -> str:
        r = self.r
        d = [int(c) for c in _d(r, 6)]
        check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
        return r.choice("ABFGM") + r.choice(string.ascii_uppercase) + "".join(map(str, d)) + str(check)

    def orcid(self) -> str:
        body = "000" + self.r.choice("0123") + _d(self.r, 11)
        d = body + orcid_digit(body)
        return "-".join(d[i:i + 4] for i in range(0, 16, 4))

    def vin(self) -> str:
        r = self.r
        alphabet = [c for c in VIN_VALUES if c not in "IOQ"]
        chars = [r.choice(["1", "2", "3", "4", "5", "J", "K", "W", "Y", "S"])] + [r.choice(alphabet) for _ in range(16)]
        chars[8] = "0"
        chars[8] = vin_digit("".join(chars))
        return "".join(chars)

    def aba(self) -> str:
        while True:
            body = self.r.choice(["01", "02", "03", "06", "11", "12", "21", "26", "31", "32"]) + _d(self.r, 6)
            for last in string.digits:
                if aba_ok(body + last):
                    return body + last

    def ein(self) -> str:
        return f"{self.r.choice(['13', '20', '47', '81', '95'])}-{_d(self.r, 7)}"

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

    def ndc(self) -> str:
        r = self.r
        return r.choice([f"{_d(r, 5)}-{_d(r, 4)}-{_d(r, 2)}", f"{_d(r, 5)}-{_d(r, 3)}-{_d(r, 2)}", f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 2)}"])

    def boleto(self) -> str:
        """Boleto 'linha digitável': three fields with their mod-10 digit, the general check digit, due factor+value."""
        r = self.r
        f1 = r.choice(["001", "237", "341", "104"]) + "9" + _d(r, 5)
        f2, f3 = _d(r, 10), _d(r, 10)
        f1, f2, f3 = f1 + mod10_boleto(f1), f2 + mod10_boleto(f2), f3 + mod10_boleto(f3)
        return f"{f1[:5]}.{f1[5:]} {f2[:5]}.{f2[5:]} {f3[:5]}.{f3[5:]} {r.randint(1, 9)} {r.randint(9000, 9999)}{_d(r, 10)}"

    def bag_tag(self) -> str:
        return f"{self.r.choice(['0', '1'])}{_d(self.r, 3)}{self.r.choice(['LH', 'AF', 'UA', 'DL', 'BA', 'TK'])}{_d(self.r, 6)}"

    def masked_card(self) -> str:
        r = self.r
        return r.choice([f"************{_d(r, 4)}", f"•••• {_d(r, 4)}", f"{r.choice('3456')}{_d(r, 5)}******{_d(r, 4)}",
                         f"XXXX-XXXX-XXXX-{_d(r, 4)}", f"ending {_d(r, 4)}", f"*{_d(r, 4)}"])

    def masked_ssn(self) -> str:
        return self.r.choice([f"***-**-{_d(self.r, 4)}", f"XXX-XX-{_d(self.r, 4)}", f"###-##-{_d(self.r, 4)}"])

    def order_no(self) -> str:
        r = self.r
        return r.choice([f"#{r.randint(1000, 99999)}", f"SO-{r.randint(2023, 2026)}-{_d(r, 6)}", f"{_d(r, 3)}-{_d(r, 7)}-{_d(r, 7)}",
                         f"PO{_d(r, 8)}", f"{r.choice('KLMNPQ')}{r.choice('KLMNPQ')}{_d(r, 7)}"])

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"1Z{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(6))}{_d(r, 10)}",
                         f"420{_d(r, 5)}92{_d(r, 20)}", f"LX{_d(r, 9)}DE", f"JD{_d(r, 16)}", f"{_d(r, 4)} {_d(r, 4)} {_d(r, 4)} (FedEx)"])

    def msgid(self) -> str:
        r = self.r
        return r.choice([f"<{self.hexid(16)}.{self.hexid(8)}@smtp.example.net>", f"<{self.uuid()}@{r.choice(['AM6PR04MB', 'SN7PR12MB'])}{_d(r, 4)}.eurprd04.prod.outlook.com>",
                         f"<{r.randint(10**11, 10**12)}.{r.randint(100, 9999)}@mta{r.randint(1, 9)}.example.org>"])

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
                         f"¥{r.randint(100, 999999):,}", f"R$ {r.randint(10, 9999)},{_d(r, 2)}", f"₹{r.randint(100, 99999):,}", f"{r.randint(1, 99999)} PLN"])

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


def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout13_shapes as shapes
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
        rows.append({"text": text, "kinds": kinds, "note": f"heldout13 {shape} {state} {details}".strip()})
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
            print(f"{out} differs from what scripts/make_heldout13.py generates", file=sys.stderr)
        return 1 if stale else 0
    for out in outs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
