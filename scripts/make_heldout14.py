"""Write tests/data/eval/heldout14.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out of
detector development (no detector of this project read it) through the fourteenth round and scored once at its
end; it is development data since.

How it is built, independently of the detector (never imported, never run on this set):
- randino 1.6.0 (PyPI; its own name pools, numbering blocks and sentence grammars, seeded here through its
  ``random`` option) gives the names of its nine languages (native script for display, its romanisation for
  mailbox stems), the phone numbers of its nine countries written the way each country writes them (national
  and international, mobile and landline), and organisations and sentences used as filler. A quarter of each
  locale's numbers are US ones. The other locales' names and cities are small lists written here, and their
  numbers are built here from mobile blocks (formatted E.164, grouped, 00-prefixed, with trunk prefix, (0)).
  No phone is ever grouped 3-2-4, which would also read as an SSN.
- Varied email forms (plus tags, subdomains, IDN domains, quoted local parts, uppercase) are built here.
- Card numbers come from public IIN ranges of 13 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages carry look-alikes with their own check digits or shapes: IBANs (mod 97, built here), freight
  container numbers (ISO 6346), ISINs (Luhn over letters), IMO ship numbers, UPU S10 item ids, VINs, IMEIs and
  ICCIDs (Luhn), NPIs, DEA numbers, ORCIDs, ABA routing numbers, ISBN/GTIN/SSCC (GS1), boleto lines, EINs, NDCs,
  bag tags, masked cards and SSNs, ITIN-range (9xx) numbers in the SSN's 3-2-4 shape, 11-digit meeting ids,
  Message-IDs, MACs, hashes, UUIDs, epochs, timestamps, versions, coordinates, amounts in 7 currencies; many stand
  under the label a real value would have (shapes' decoy()).
- Templates (scripts/heldout14_shapes.py): 50 shapes never used before in this project (28 messages each).
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv-heldout14/bin/python scripts/make_heldout14.py            # (re)write the set
    .venv-heldout14/bin/python scripts/make_heldout14.py --check    # exit 1, "differs" on stderr, if stale
"""
import argparse
import json
import random
import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout14.jsonl"
SEED = 14022026
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


# randino's phone countries (it writes their numbers); the others' numbers are built here (OWN_PHONES)
RANDINO_PHONES = ("US", "KR", "JP", "CN", "VN", "ES", "IT", "DE", "RU")
# country -> (calling code, national mobile blocks, digits after the block)
OWN_PHONES = {
    "GB": ("44", ["74", "75", "77", "78", "79"], 8), "FR": ("33", ["6", "7"], 8), "BR": ("55", ["119", "219", "319", "619", "859"], 8),
    "NL": ("31", ["6"], 8), "PL": ("48", ["50", "51", "53", "60", "69", "72", "79", "88"], 7), "SE": ("46", ["70", "72", "73", "76"], 7),
    "TR": ("90", ["53", "54", "55"], 8), "GR": ("30", ["69"], 8), "EG": ("20", ["10", "11", "12", "15"], 8),
    "IL": ("972", ["50", "52", "53", "54", "58"], 7), "IN": ("91", ["6", "7", "8", "9"], 9), "TH": ("66", ["6", "8", "9"], 8),
    "ID": ("62", ["812", "813", "852", "878"], 8), "KE": ("254", ["7", "11"], 8), "MX": ("52", ["55", "33", "81", "998"], 8),
    "UA": ("380", ["50", "63", "67", "93", "97"], 7), "PH": ("63", ["917", "918", "927", "998"], 7),
}
NO_TRUNK = {"IT", "ES", "GR", "MX", "US", "CA", "PH"} | {"KR", "JP", "CN", "VN", "DE", "RU"}

# locale -> (phone country, randino name language or None, own names, cities, own mailbox stems)
LOCALES = {
    "en-US": ("US", "en", [], ["Boise", "Omaha", "Savannah", "Akron"], []),
    "de": ("DE", "de", [], ["Bielefeld", "Regensburg", "Rostock"], []),
    "es": ("ES", "es", [], ["Zaragoza", "Valladolid", "Cádiz"], []),
    "it": ("IT", "it", [], ["Bergamo", "Trieste", "Lecce"], []),
    "ja": ("JP", "ja", [], ["金沢", "広島", "那覇"], []),
    "ko": ("KR", "ko", [], ["대구", "광주", "수원"], []),
    "ru": ("RU", "ru", [], ["Казань", "Самара", "Владивосток"], []),
    "vi": ("VN", "vi", [], ["Cần Thơ", "Hải Phòng", "Nha Trang"], []),
    "zh": ("CN", "zh", [], ["杭州", "武汉", "青岛"], []),
    "en-GB": ("GB", None, ["Niamh Gallagher", "Oliver Pemberton", "Priya Chaudhary"], ["Norwich", "Cardiff", "Dundee"],
              ["niamh.gallagher", "o.pemberton", "priya.c"]),
    "en-IN": ("IN", None, ["Rohan Kulkarni", "Meera Pillai", "Arjun Nair"], ["Indore", "Mysuru", "Nagpur"],
              ["rohan.kulkarni", "meera.pillai", "arjun.nair"]),
    "fr": ("FR", None, ["Margaux Fontaine", "Baptiste Roux", "Léa Chevalier"], ["Dijon", "Grenoble", "Brest"],
           ["margaux.fontaine", "b.roux", "lea.chevalier"]),
    "pt-BR": ("BR", None, ["João Pedro Carvalho", "Beatriz Nogueira", "Rafael Teixeira"], ["Recife", "Curitiba", "Goiânia"],
              ["joaopedro.carvalho", "bia.nogueira", "rteixeira"]),
    "nl": ("NL", None, ["Daan de Vries", "Fenna Jansen", "Bram Mulder"], ["Utrecht", "Zwolle", "Groningen"],
           ["daan.devries", "fenna.jansen", "bmulder"]),
    "pl": ("PL", None, ["Wiktoria Kowalczyk", "Jakub Wójcik", "Oliwia Kamińska"], ["Gdańsk", "Wrocław", "Kraków"],
           ["wiktoria.k", "jakub.wojcik", "okaminska"]),
    "sv": ("SE", None, ["Maja Lindqvist", "Oskar Bergström", "Alva Nyström"], ["Umeå", "Göteborg", "Uppsala"],
           ["maja.lindqvist", "oskar.b", "alva.nystrom"]),
    "tr": ("TR", None, ["Elif Şahin", "Burak Öztürk", "Ceren Aydın"], ["Ankara", "Bursa", "Antalya"],
           ["elif.sahin", "burak.ozturk", "ceren.aydin"]),
    "el": ("GR", None, ["Δημήτρης Κωνσταντίνου", "Κατερίνα Ιωάννου", "Σοφία Αλεξίου"], ["Ηράκλειο", "Λάρισα", "Βόλος"],
           ["d.konstantinou", "katerina.ioannou", "sofia.a"]),
    "ar-EG": ("EG", None, ["محمود سعيد", "نور الهدى علي", "كريم فؤاد"], ["الإسكندرية", "طنطا", "الأقصر"],
              ["mahmoud.said", "nour.ali", "karim.fouad"]),
    "he": ("IL", None, ["תמר אברהם", "איתי שפירא", "שירה פרידמן"], ["תל אביב", "באר שבע", "נתניה"],
           ["tamar.avraham", "itai.shapira", "shira.f"]),
    "hi": ("IN", None, ["राहुल मिश्रा", "प्रिया सिंह", "अमित यादव"], ["लखनऊ", "कानपुर", "वाराणसी"],
           ["rahul.mishra", "priya.singh", "amit.yadav"]),
    "th": ("TH", None, ["ณัฐวุฒิ สุขใจ", "กมลชนก ทองดี", "ธนากร วงศ์ใหญ่"], ["ขอนแก่น", "หาดใหญ่", "นครราชสีมา"],
           ["nattawut.s", "kamonchanok.t", "thanakorn.w"]),
    "id": ("ID", None, ["Dewi Lestari", "Bagus Pratama", "Sari Wulandari"], ["Bandung", "Surabaya", "Medan"],
           ["dewi.lestari", "bagus.pratama", "sari.w"]),
    "sw": ("KE", None, ["Baraka Mwangi", "Neema Achieng", "Otieno Kiprop"], ["Mombasa", "Thika", "Machakos"],
           ["baraka.mwangi", "neema.achieng", "otieno.k"]),
    "es-MX": ("MX", None, ["Renata Castillo", "Santiago Ortega", "Fernanda Ríos"], ["Guadalajara", "Querétaro", "Oaxaca"],
              ["renata.castillo", "santi.ortega", "fer.rios"]),
    "uk": ("UA", None, ["Олена Мельник", "Андрій Ткаченко", "Дмитро Кравчук"], ["Харків", "Дніпро", "Вінниця"],
           ["olena.melnyk", "andrii.tkachenko", "dmytro.k"]),
    "fil": ("PH", None, ["Maria Santos", "Jose Reyes", "Angelica dela Cruz"], ["Cebu", "Davao", "Quezon City"],
            ["maria.santos", "jose.reyes", "angelica.dc"]),
}

IDN_DOMAINS = ["bücherei.de", "почта.рф", "correo.españa.es", "電子郵件.台灣", "메일.한국", "mail.xn--p1ai", "אימייל.co.il", "ไปรษณีย์.th"]
TLDS = ["com", "net", "de", "fr", "com.br", "co.jp", "in", "ng", "io", "app", "org", "co.uk", "edu", "me"]
FREEMAIL = ["gmx.net", "web.de", "laposte.net", "uol.com.br", "rediffmail.com", "yandex.ru", "naver.com", "qq.com", "yahoo.co.jp", "interia.pl", "i.ua", "walla.co.il"]



def load_values() -> dict:
    """randino's names (native and romanised), phone numbers, organisations and sentences, each drawn with its own
    seeded random.Random. Runs only where randino is installed (.venv-heldout14)."""
    from randino import rand_name, rand_organization, rand_phone, rand_sentence

    r = random.Random(SEED + 7)
    names = {}
    for code, (_country, language, *_rest) in sorted(LOCALES.items()):
        if language:
            names[code] = {"native": rand_name(language=language, count=24, unique=True, random=r.random),
                           "stems": sorted({stem(n) for n in rand_name(language=language, count=24, script="roman", unique=True, random=r.random)})}
    phones = {}
    for country in RANDINO_PHONES:
        rows = []
        for _ in range(60):
            kind = r.choice(["mobile", "mobile", "landline"])
            sep = r.choice([None, None, None, "", " ", ".", "-"])
            number = rand_phone(country=country, type=kind, include_country_code=r.random() < 0.45, separator=sep, random=r.random)[0]
            if not SSN_SHAPE.search(number):  # never a 3-2-4 grouping (it would also read as an SSN)
                rows.append(number)
        phones[country] = rows
    filler = {lang: {"orgs": rand_organization(language=lang, count=12, random=r.random),
                     "sentences": rand_sentence(language=lang, count=12, random=r.random)}
              for lang in ("en", "ko", "ja", "zh", "it", "de", "ru", "es", "vi")}
    return {"names": names, "phones": phones, "filler": filler}


def stem(roman: str) -> str:
    """A mailbox stem from a romanised name: lower case ASCII, parts joined by a dot."""
    import unicodedata
    ascii_name = unicodedata.normalize("NFKD", roman).encode("ascii", "ignore").decode().lower()
    return ".".join(part for part in re.split(r"[^a-z]+", ascii_name) if part)


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
        country, names, cities, stems = self.people(code)
        full = self.r.choice(names)
        return {"locale": code, "country": country, "name": full, "last": full.split()[-1] if " " in full else full[:1],
                "city": self.r.choice(cities), "user": self.r.choice(stems)}

    def people(self, code: str):
        """(phone country, names, cities, mailbox stems) of a locale: randino's names where it has the language."""
        country, language, names, cities, stems = LOCALES[code]
        drawn = self.values.get("names", {}).get(code)
        if drawn:
            names, stems = drawn["native"], drawn["stems"]
        elif not names:  # randino not loaded (unit tests in .venv): a stand-in
            names, stems = ["Alex Doe", "Sam Roe"], ["alex.doe", "sam.roe"]
        return country, names, cities, stems

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
        """A number of the person's country (or, a quarter of the time, a US one): randino's, written its country's
        way, for its nine countries; built here from mobile blocks for the others."""
        r = self.r
        country = p["country"] if r.random() < 0.75 else "US"
        rows = self.values.get("phones", {}).get(country)
        if rows:
            return country, r.choice(rows)
        if country in RANDINO_PHONES:  # randino not loaded (unit tests in .venv): a NANP-shaped number
            code, national = "1", f"{r.choice(['212', '415', '617', '702'])}{_nz(r, 3)}{_d(r, 4)}"
        else:
            code, blocks, rest = OWN_PHONES[country]
            national = r.choice(blocks) + _d(r, rest)
        return country, self.format_phone(code, national, country)

    def format_phone(self, code: str, national: str, country: str) -> str:
        r = self.r
        if code == "1":
            a, b, c = national[:3], national[3:6], national[6:]
            return r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1-{a}-{b}-{c}",
                             f"1-{a}-{b}-{c}", f"+1{a}{b}{c}", f"{a} {b} {c}", f"1 ({a}) {b}-{c}", f"+1.{a}.{b}.{c}"])
        trunk = "" if country in NO_TRUNK else "0"
        while True:
            sizes = r.choice([(3, 3, 4), (2, 4, 4), (3, 4, 3), (4, 3, 3), (2, 2, 2, 2, 2), (3, 3, 3), (1, 4, 4)])
            groups = _groups(national, sizes)
            text = r.choice([f"+{code}{national}", f"+{code} {' '.join(groups)}", f"00{code} {' '.join(groups)}",
                             f"+{code}-{'-'.join(groups)}", f"{trunk}{' '.join(groups)}", f"+{code} {'.'.join(groups)}",
                             f"{trunk}{national[:2]}/{national[2:]}", f"+{code} (0){' '.join(groups)}"])
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

    def org(self, p: dict | None = None) -> str:
        filler = self.values.get("filler") or {}
        language = LOCALES[p["locale"]][1] if p else None
        pool = filler.get(language or "en") or filler.get("en")
        return self.r.choice(pool["orgs"]) if pool else "Example Holdings"

    def sentence(self, p: dict | None = None) -> str:
        filler = self.values.get("filler") or {}
        language = LOCALES[p["locale"]][1] if p else None
        pool = filler.get(language or "en") or filler.get("en")
        return self.r.choice(pool["sentences"]) if pool else "All good here."



def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout14_shapes as shapes
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
        rows.append({"text": text, "kinds": kinds, "note": f"heldout14 {shape} {state} {details}".strip()})
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
            print(f"{out} differs from what scripts/make_heldout14.py generates", file=sys.stderr)
        return 1 if stale else 0
    for out in outs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
