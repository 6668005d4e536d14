"""Write tests/data/heldout/heldout16.jsonl: 1400 labelled messages (700 clean, 700 with PII). It is held out of
detector development (no detector of this project reads it) through the sixteenth round and scored once at its end.

How it is built, independently of the detector (never imported, never run on this set):
- forgerypy3 0.3.1 (a port of the Ruby forgery gem, its own dictionaries) gives English first names (its male and
  female lists) and last names, company domains, companies, cities and lorem sentences, and its #-(###)###-####
  phone numbers, whose digits are set to NANP rules here (area code and exchange start 2-9) and written in the
  ways people write US and Canadian numbers (with extensions too).
- gimei 0.2.3 (its own YAML data) gives Japanese names in kanji and katakana and addresses (filler).
  Both draw from the global random module, seeded here before the draw.
- The other locales' names, cities and mailbox stems are small lists written here; their phone numbers are built
  here from mobile blocks (E.164, grouped, 00-prefixed, with trunk prefix, (0), extensions). No phone is ever
  grouped 3-2-4, which would also read as an SSN. The label us_phone stands for every phone number.
- Email forms (plus tags, subdomains, IDN domains, quoted local parts, uppercase, display names) are built here.
- Card numbers come from public IIN ranges of 14 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages carry look-alikes with their own check digits or shapes, always under their own labels (never
  under a label that names a PII kind): IBANs (mod 97), IMEIs (Luhn), VINs, Russian INNs (10 and 12 digits),
  UPC-A, ISSN, LEI (mod 97), Swiss QR references (mod 10 recursive), ISO 11649 creditor references, tracking
  numbers, invoice and order numbers, timestamps, versions, amounts in 7 currencies, hashes, UUIDs, IPs.
- Templates (scripts/heldout16_shapes.py): 50 shapes never used before in this project (28 messages each).
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv-heldout16/bin/python scripts/make_heldout16.py            # (re)write the set
    .venv-heldout16/bin/python scripts/make_heldout16.py --check    # exit 1, "differs" on stderr, if stale
"""
import argparse
import json
import random
import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "heldout" / "heldout16.jsonl"
SEED = 16032026
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


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def mod97_digits(text: str) -> int:
    """The number a mod-97 check reads: letters as 10..35 (IBAN, LEI, ISO 11649)."""
    return int("".join(str(int(c, 36)) for c in text))


def iban_check(country: str, bban: str) -> str:
    return f"{98 - mod97_digits(bban + country + '00') % 97:02d}"


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    return mod97_digits(s[4:] + s[:4]) % 97 == 1


def lei_ok(lei: str) -> bool:
    """ISO 17442 Legal Entity Identifier: 20 characters, mod 97 == 1."""
    return len(lei) == 20 and mod97_digits(lei) % 97 == 1


def rf_ok(ref: str) -> bool:
    """ISO 11649 creditor reference RFkk...: moved to the end, mod 97 == 1."""
    s = ref.replace(" ", "")
    return s.startswith("RF") and mod97_digits(s[4:] + s[:4]) % 97 == 1


def mod10_recursive(body: str) -> str:
    """Swiss QR/ESR reference check digit (mod 10 recursive)."""
    table, carry = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5], 0
    for c in body:
        carry = table[(carry + int(c)) % 10]
    return str((10 - carry) % 10)


def inn_ok(inn: str) -> bool:
    """Russian taxpayer number (INN): 10 digits with one check digit, or 12 with two."""
    d = [int(c) for c in inn]

    def check(weights, n):
        return sum(a * b for a, b in zip(d[:n], weights)) % 11 % 10
    if len(d) == 10:
        return check([2, 4, 10, 3, 5, 9, 4, 6, 8], 9) == d[9]
    if len(d) == 12:
        return (check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10) == d[10]
                and check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11) == d[11])
    return False


def upc_digit(body: str) -> str:
    """UPC-A / GS1 check digit: weights 3,1 from the right."""
    return str(-sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body))) % 10)


def issn_digit(body: str) -> str:
    """ISSN check character: weights 8..2, 11 - sum mod 11, 10 written X."""
    c = (11 - sum(int(d) * w for d, w in zip(body, range(8, 1, -1))) % 11) % 11
    return "X" if c == 10 else str(c)


VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
              **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_digit(vin: str) -> str:
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS))
    return "X" if total % 11 == 10 else str(total % 11)


def vin_ok(vin: str) -> bool:
    return len(vin) == 17 and all(c in VIN_VALUES for c in vin) and vin[8] == vin_digit(vin)


IBAN_LENGTHS = [("DE", 22), ("AT", 20), ("BE", 16), ("DK", 18), ("NO", 15), ("FI", 18), ("CZ", 24), ("HU", 28),
                ("RO", 24), ("PT", 25), ("HR", 21), ("SI", 19), ("EE", 20), ("LT", 20), ("SK", 24), ("LU", 20)]


# ---------- value sources ----------

# (brand, IIN prefixes, lengths) from public IIN tables
IIN = [
    ("Visa", ["4"], [16, 13, 19]), ("Mastercard", ["51", "52", "54", "2223", "2500", "2719"], [16]),
    ("Amex", ["34", "37"], [15]), ("Discover", ["6011", "649", "65"], [16, 19]),
    ("JCB", ["3530", "3566", "3580"], [16, 19]), ("Diners", ["300", "36", "39"], [14, 16]),
    ("UnionPay", ["622126", "624", "628"], [16, 19]), ("Maestro", ["6761", "5020", "6390"], [12, 16, 19]),
    ("Mir", ["2201", "2203"], [16]), ("RuPay", ["6070", "6522", "353"], [16]),
    ("Troy", ["9792"], [16]), ("Dankort", ["5019"], [16]), ("BCcard", ["94"], [16]), ("Interpayment", ["636"], [16]),
]

SSN_SHAPE = re.compile(r"(?<!\d)\d{3}([ .\u00a0-])\d{2}\1\d{4}(?!\d)")

# country -> (calling code, national mobile blocks, digits after the block, trunk prefix)
PHONES = {
    "AT": ("43", ["650", "660", "664", "676", "699"], 7, "0"), "CA": ("1", [], 0, ""), "PT": ("351", ["91", "92", "93", "96"], 7, ""),
    "AR": ("54", ["911", "9351", "9341"], 7, "0"), "CO": ("57", ["300", "310", "315", "320"], 7, ""),
    "BE": ("32", ["470", "475", "485", "496"], 6, "0"), "DK": ("45", ["20", "30", "40", "50"], 6, ""),
    "NO": ("47", ["4", "9"], 7, ""), "FI": ("358", ["40", "45", "50"], 7, "0"), "CZ": ("420", ["602", "604", "721", "777"], 6, ""),
    "HU": ("36", ["20", "30", "70"], 7, "06"), "RO": ("40", ["72", "74", "75", "76"], 7, "0"), "BG": ("359", ["87", "88", "89"], 7, "0"),
    "SA": ("966", ["50", "53", "55", "56"], 7, "0"), "IR": ("98", ["912", "935", "919"], 7, "0"), "BD": ("880", ["17", "18", "19"], 8, "0"),
    "LK": ("94", ["71", "76", "77"], 7, "0"), "TW": ("886", ["9"], 8, "0"), "GE": ("995", ["555", "577", "599"], 6, ""),
    "AM": ("374", ["77", "93", "98"], 6, "0"), "NG": ("234", ["803", "806", "813", "905"], 7, "0"), "JP": ("81", ["90", "80", "70"], 8, "0"),
    "US": ("1", [], 0, ""),
}

# locale -> (phone country, own names or None for the generator's, cities, own mailbox stems)
LOCALES = {
    "en-US": ("US", None, ["Tulsa", "Fresno", "Spokane", "Dayton"], []),
    "ja": ("JP", None, ["札幌", "仙台", "熊本"], ["haruka.sato", "kenta.mori", "yui.ishikawa", "sho.fujita"]),
    "de-AT": ("AT", ["Lukas Gruber", "Anna Huber", "Sebastian Pichler"], ["Graz", "Linz", "Innsbruck"], ["lukas.gruber", "a.huber", "spichler"]),
    "fr-CA": ("CA", ["Gabrielle Tremblay", "Félix Gagnon", "Rosalie Bouchard"], ["Québec", "Gatineau", "Sherbrooke"],
              ["gabrielle.tremblay", "felix.gagnon", "rbouchard"]),
    "pt-PT": ("PT", ["Inês Ferreira", "Tiago Sousa", "Mariana Lopes"], ["Porto", "Braga", "Coimbra"], ["ines.ferreira", "tsousa", "mariana.lopes"]),
    "es-AR": ("AR", ["Valentina Gómez", "Thiago Fernández", "Martina Díaz"], ["Rosario", "Córdoba", "Mendoza"],
              ["valen.gomez", "thiago.fernandez", "mdiaz"]),
    "es-CO": ("CO", ["Salomé Restrepo", "Juan Esteban Ríos", "Isabella Cardona"], ["Medellín", "Cali", "Barranquilla"],
              ["salome.restrepo", "juanes.rios", "isa.cardona"]),
    "nl-BE": ("BE", ["Lotte Peeters", "Arne Janssens", "Noor Maes"], ["Gent", "Antwerpen", "Leuven"], ["lotte.peeters", "arne.j", "noor.maes"]),
    "da": ("DK", ["Freja Nielsen", "Mikkel Jørgensen", "Ida Pedersen"], ["Aarhus", "Odense", "Aalborg"], ["freja.nielsen", "mikkel.j", "ida.p"]),
    "nb": ("NO", ["Ingrid Haugen", "Sindre Berg", "Nora Johansen"], ["Bergen", "Trondheim", "Tromsø"], ["ingrid.haugen", "sindre.berg", "nora.j"]),
    "fi": ("FI", ["Aino Virtanen", "Eetu Korhonen", "Venla Mäkinen"], ["Tampere", "Oulu", "Turku"], ["aino.virtanen", "eetu.k", "venla.makinen"]),
    "cs": ("CZ", ["Tereza Dvořáková", "Vojtěch Novák", "Eliška Svobodová"], ["Brno", "Ostrava", "Plzeň"], ["tereza.dvorakova", "vnovak", "eliska.s"]),
    "hu": ("HU", ["Nagy Réka", "Kovács Bence", "Tóth Zsófia"], ["Debrecen", "Szeged", "Pécs"], ["nagy.reka", "kovacs.bence", "zsofi.toth"]),
    "ro": ("RO", ["Ioana Popescu", "Andrei Ionescu", "Bianca Stan"], ["Cluj-Napoca", "Iași", "Timișoara"], ["ioana.popescu", "andrei.ionescu", "bstan"]),
    "bg": ("BG", ["Мария Георгиева", "Николай Петров", "Десислава Иванова"], ["Пловдив", "Варна", "Бургас"],
           ["maria.georgieva", "n.petrov", "desi.ivanova"]),
    "ar-SA": ("SA", ["عبدالله القحطاني", "نورة العتيبي", "فهد الشمري"], ["جدة", "الدمام", "مكة"], ["abdullah.q", "noura.otaibi", "fahad.s"]),
    "fa": ("IR", ["سارا محمدی", "علی رضایی", "مریم حسینی"], ["اصفهان", "شیراز", "تبریز"], ["sara.mohammadi", "ali.rezaei", "maryam.h"]),
    "bn": ("BD", ["তানভীর আহমেদ", "নুসরাত জাহান", "রাফি ইসলাম"], ["চট্টগ্রাম", "খুলনা", "সিলেট"], ["tanvir.ahmed", "nusrat.j", "rafi.islam"]),
    "ta": ("LK", ["கார்த்திக் செல்வம்", "பிரியா ராஜன்", "அருண் குமார்"], ["யாழ்ப்பாணம்", "கொழும்பு", "திருகோணமலை"],
           ["karthik.selvam", "priya.rajan", "arun.k"]),
    "zh-TW": ("TW", ["陳怡君", "林志豪", "黃雅婷"], ["台中", "高雄", "新竹"], ["yichun.chen", "chihhao.lin", "yating.huang"]),
    "ka": ("GE", ["ნინო ბერიძე", "გიორგი კაპანაძე", "ანა ლომიძე"], ["ბათუმი", "ქუთაისი", "რუსთავი"], ["nino.beridze", "giorgi.k", "ana.lomidze"]),
    "hy": ("AM", ["Անի Հակոբյան", "Արամ Պետրոսյան", "Մարիամ Սարգսյան"], ["Գյումրի", "Վանաձոր", "Երևան"], ["ani.hakobyan", "aram.p", "mariam.s"]),
    "yo": ("NG", ["Adebayo Ogunleye", "Folake Adeyemi", "Chinedu Okafor"], ["Ibadan", "Abeokuta", "Lagos"], ["adebayo.o", "folake.adeyemi", "chinedu.okafor"]),
}

IDN_DOMAINS = ["pošta.cz", "почта.бг", "correo.argentina.ar", "郵件.台灣", "ელფოსტა.ge", "ایمیل.ir", "müller-bäckerei.at", "posta.ro"]
FREEMAIL = ["seznam.cz", "freemail.hu", "abv.bg", "sapo.pt", "online.no", "tutanota.com", "zoho.in", "outlook.dk", "yahoo.com.ar", "hinet.net"]


def load_values() -> dict:
    """forgerypy3's English people, user names, domains, companies, cities, phone digits and sentences, and gimei's
    Japanese names and addresses, each library's draw seeded through the global random module. Runs only where both
    are installed (.venv-heldout16)."""
    from forgery_py import forgery
    from gimei import Gimei

    random.seed(SEED + 7)
    # forgery's first_name() and user_name() grow its cached name list on every call (a second run in one process
    # would draw differently): the male and female lists are drawn from directly, and user names built the same way
    def first():
        return random.choice([forgery.name.male_first_name, forgery.name.female_first_name])()
    people = [(first(), forgery.name.last_name()) for _ in range(80)]
    users = [first().lower() + (str(random.randint(63, 94)) if random.random() < 0.5 else "") for _ in range(40)]
    domains = [forgery.internet.domain_name() for _ in range(40)]
    phones = [forgery.address.phone() for _ in range(120)]
    companies = [forgery.name.company_name() for _ in range(30)]
    cities = [forgery.address.city() for _ in range(30)]
    sentences = [forgery.lorem_ipsum.sentence() for _ in range(30)]
    random.seed(SEED + 8)
    japanese = []
    for _ in range(40):
        person = Gimei()
        name, address = person.name, person.address  # each read of .name draws a new name: read it once
        japanese.append({"kanji": name.kanji, "katakana": name.katakana, "address": address.kanji})
    return {"people": people, "users": users, "domains": domains, "phones": phones, "companies": companies,
            "cities": cities, "sentences": sentences, "japanese": japanese}


def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


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


def nanp(digits: str) -> str:
    """Ten digits set to NANP rules: area code and exchange start 2-9, and no N11 area code."""
    d = list(digits[-10:])
    d[0] = str(int(d[0]) % 8 + 2)
    d[3] = str(int(d[3]) % 8 + 2)
    if d[1] == d[2] == "1":
        d[2] = "2"
    return "".join(d)


class Gen:
    """All random choices go through self.r (seeded), so the set is the same on every run."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values or {}

    # --- people ---
    def person(self, locales=None) -> dict:
        r = self.r
        code = r.choice(list(locales) if locales else sorted(LOCALES))
        country, names, cities, stems = LOCALES[code]
        if code == "en-US":
            first, last = r.choice(self.values.get("people") or [("Alex", "Doe")])
            full, user = f"{first} {last}", r.choice([f"{first}.{last}".lower(), f"{first[0]}{last}".lower(),
                                                        r.choice(self.values.get("users") or ["alex"])])
            cities = cities + (self.values.get("cities") or [])[:6]
        elif code == "ja":
            drawn = r.choice(self.values.get("japanese") or [{"kanji": "山田 太郎", "katakana": "ヤマダ タロウ", "address": ""}])
            full, user = r.choice([drawn["kanji"], drawn["kanji"], drawn["katakana"]]), r.choice(stems)
        else:  # a name and its own mailbox stem
            full, user = r.choice(list(zip(names, stems)))
        return {"locale": code, "country": country, "name": full, "last": full.split()[-1], "city": r.choice(cities), "user": user}

    # --- the four kinds ---
    def email(self, p: dict) -> str:
        r, user = self.r, p["user"]
        domains = self.values.get("domains") or ["example.com"]
        form = r.randrange(10)
        if form == 0:
            return f"{user}+{r.choice(['taxes', 'kids', 'rent', 'shop', 'news'])}@{r.choice(['gmail.com', 'proton.me', 'mailbox.org'])}"
        if form == 1:
            return f"{user}@{r.choice(IDN_DOMAINS)}"
        if form == 2:
            return f'"{user.replace(".", " ")}"@{r.choice(domains)}'
        if form == 3:
            return f"{user}@{r.choice(['mail', 'corp', 'hq', 'users'])}.{r.choice(domains)}"
        if form == 4:
            return f"{user.upper()}@{r.choice(domains).upper()}"
        if form == 5:
            return f"{user.replace('.', '_')}{r.randint(70, 2009)}@{r.choice(FREEMAIL)}"
        if form == 6:
            return f"{user.replace('.', '')}@{r.choice(domains)}"
        if form == 7:
            return f"{user}@{r.choice(['alumni', 'stud', 'fac'])}.{r.choice(['uni-graz.at', 'ucm.es', 'ntu.edu.tw', 'ut.ac.ir', 'cuni.cz'])}"
        return f"{user}@{r.choice(domains)}"

    def phone(self, p: dict) -> tuple[str, str]:
        """A number of the person's country (or, a third of the time, a US one); US and Canadian numbers take
        forgerypy3's digits."""
        r = self.r
        country = p["country"] if r.random() < 0.67 else "US"
        code, blocks, rest, trunk = PHONES[country]
        if code == "1":
            raw = r.choice(self.values.get("phones") or [f"1-(212)555-{_d(r, 4)}", f"1-(614){_d(r, 3)}-{_d(r, 4)}"])
            return country, self.format_nanp(nanp(digits_of(raw)))
        return country, self.format_intl(code, r.choice(blocks) + _d(r, rest), trunk)

    def format_nanp(self, n: str) -> str:
        r = self.r
        a, b, c = n[:3], n[3:6], n[6:]
        text = r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}", f"1-{a}-{b}-{c}",
                         f"+1{a}{b}{c}", f"{a}/{b}-{c}", f"1 ({a}) {b} {c}", f"({a}){b}-{c}", f"{a}-{b}-{c} x{r.randint(10, 9999)}",
                         f"{a}.{b}.{c} ext. {r.randint(2, 899)}", f"{a}{b}{c}"])
        return text

    def format_intl(self, code: str, national: str, trunk: str) -> str:
        r = self.r
        while True:
            groups = _groups(national, r.choice([(3, 3, 3), (2, 3, 2, 2), (3, 4), (2, 2, 2, 2), (3, 2, 2, 2), (4, 3, 3), (1, 4, 4)]))
            text = r.choice([f"+{code}{national}", f"+{code} {' '.join(groups)}", f"00{code} {' '.join(groups)}",
                             f"+{code}-{'-'.join(groups)}", f"{trunk}{' '.join(groups)}", f"({trunk}{groups[0]}) {' '.join(groups[1:])}",
                             f"+{code} ({trunk or 0}){''.join(groups)}", f"+{code}.{'.'.join(groups)}", f"{trunk}{national}"])
            if not SSN_SHAPE.search(text) and len(digits_of(text)) >= 8:  # never 3-2-4: it would read as an SSN too
                return text

    def ssn(self) -> tuple[str, str]:
        r = self.r
        area = r.choice([a for a in range(1, 900) if a != 666])
        a, g, s = f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"
        form = r.choice(["dash", "dash", "dash", "space", "plain", "dot", "nbsp"])
        sep = {"dash": "-", "space": " ", "plain": "", "dot": ".", "nbsp": "\u00a0"}[form]
        return f"{a}{sep}{g}{sep}{s}", form

    def card(self) -> tuple[str, str]:
        r = self.r
        brand, prefixes, lengths = r.choice(IIN)
        length, prefix = r.choice(lengths), r.choice(prefixes)
        body = prefix + _d(r, length - len(prefix) - 1)
        number = body + luhn_digit(body)
        sep = r.choice([" ", "-", "", " ", "\u00a0", "  "])
        if len(number) in (14, 15):
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(groups), brand

    # --- look-alikes (each shown under its own label) ---
    def iban(self) -> str:
        r = self.r
        country, length = r.choice(IBAN_LENGTHS)
        bban = _d(r, length - 4)
        raw = country + iban_check(country, bban) + bban
        return raw if r.random() < 0.4 else " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "49", "01"]) + _d(self.r, 12)
        return body + luhn_digit(body)

    def vin(self) -> str:
        r = self.r
        alphabet = [c for c in VIN_VALUES if c not in "IOQ"]
        chars = [r.choice("12345JKLSTVWYZ")] + [r.choice(alphabet) for _ in range(16)]
        chars[8] = "0"
        chars[8] = vin_digit("".join(chars))
        return "".join(chars)

    def inn(self) -> str:
        """A Russian INN: a company's 10 digits or a person's 12, with their check digits."""
        r = self.r
        while True:
            body = _d(r, r.choice([9, 10]))
            for tail in ([str(i) for i in range(10)] if len(body) == 9 else [f"{i:02d}" for i in range(100)]):
                if inn_ok(body + tail):
                    return body + tail

    def lei(self) -> str:
        body = "".join(self.r.choice(string.digits + string.ascii_uppercase) for _ in range(18))
        return body + f"{98 - mod97_digits(body + '00') % 97:02d}"

    def rf_ref(self) -> str:
        body = _d(self.r, self.r.randint(8, 16))
        raw = f"RF{98 - mod97_digits(body + 'RF00') % 97:02d}{body}"
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def qr_ref(self) -> str:
        body = _d(self.r, 26)
        d = body + mod10_recursive(body)
        return d[:2] + " " + " ".join(d[i:i + 5] for i in range(2, 27, 5))

    def upc(self) -> str:
        body = self.r.choice("0136789") + _d(self.r, 10)
        return body + upc_digit(body)

    def issn(self) -> str:
        body = _d(self.r, 7)
        return f"{body[:4]}-{body[4:]}{issn_digit(body)}"

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"1Z{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(6))}{_d(r, 10)}",
                         f"9400 1{_d(r, 3)} {_d(r, 4)} {_d(r, 4)} {_d(r, 4)} {_d(r, 2)}", f"CJ{_d(r, 9)}CZ", f"00340434{_d(r, 12)}",
                         f"{_d(r, 12)}"])

    def invoice(self) -> str:
        r = self.r
        return r.choice([f"INV-{r.randint(2024, 2026)}-{_d(r, 5)}", f"F{_d(r, 4)}/{r.randint(1, 12):02d}/{r.randint(2024, 2026)}",
                         f"RE{_d(r, 8)}", f"{r.randint(2024, 2026)}{_d(r, 6)}", f"FV/{_d(r, 3)}/{r.randint(2024, 2026)}"])

    def order_no(self) -> str:
        r = self.r
        return r.choice([f"#{r.randint(10000, 999999)}", f"ORD-{_d(r, 7)}", f"{_d(r, 3)}-{_d(r, 7)}-{_d(r, 7)}", f"PO-{_d(r, 6)}",
                         f"W{_d(r, 9)}"])

    def lookalike(self) -> tuple[str, str]:
        """A number that is not PII with the label of its own kind."""
        r = self.r
        kind = r.choice(["IBAN", "IMEI", "VIN", "INN", "LEI", "RF", "QR-Referenz", "UPC", "ISSN", "tracking", "invoice", "order"])
        make = {"IBAN": self.iban, "IMEI": self.imei, "VIN": self.vin, "INN": self.inn, "LEI": self.lei, "RF": self.rf_ref,
                "QR-Referenz": self.qr_ref, "UPC": self.upc, "ISSN": self.issn, "tracking": self.tracking,
                "invoice": self.invoice, "order": self.order_no}[kind]
        return kind, make()

    # --- other values that are not PII ---
    def iso_time(self) -> str:
        r = self.r
        return (f"202{r.randint(4, 6)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:"
                f"{r.randint(0, 59):02d}{r.choice(['Z', '+02:00', '-05:00', '.117Z', '+09:00'])}")

    def date(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(2024, 2026)}", f"{r.randint(2024, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                         f"{r.randint(1, 12)}/{r.randint(1, 28)}/{r.randint(2024, 2026)}"])

    def hhmmss(self) -> str:
        return f"{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}"

    def epoch(self) -> str:
        return str(self.r.randint(1_700_000_000, 1_790_000_000))

    def version(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}", f"v{r.randint(1, 5)}.{r.randint(0, 40)}", f"{r.randint(2019, 2026)}.{r.randint(1, 12)}.{r.randint(0, 9)}"])

    def amount(self) -> str:
        r = self.r
        return r.choice([f"${r.randint(1, 9000):,}.{_d(r, 2)}", f"{r.randint(1, 9999)},{_d(r, 2)} €", f"{r.randint(10, 99999)} Kč",
                         f"NT${r.randint(100, 99999):,}", f"{r.randint(1, 9999)},{_d(r, 2)} kr", f"ARS {r.randint(1000, 999999):,}".replace(",", "."),
                         f"﷼{r.randint(10, 9999)}"])

    def hexid(self, n: int = 32) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        h = self.hexid(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.r.choice('89ab')}{h[17:20]}-{h[20:]}"

    def ip(self) -> str:
        r = self.r
        return f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def port(self) -> int:
        return self.r.randint(1025, 65000)

    def company(self) -> str:
        return self.r.choice(self.values.get("companies") or ["Acme"])

    def sentence(self) -> str:
        return self.r.choice(self.values.get("sentences") or ["Lorem ipsum dolor sit amet."])

    def jp_address(self) -> str:
        drawn = self.values.get("japanese") or [{"address": "東京都千代田区"}]
        return self.r.choice(drawn)["address"]


def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout16_shapes as shapes
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
        rows.append({"text": text, "kinds": kinds, "note": f"heldout16 {shape} {state} {details}".strip()})
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
            print(f"{out} differs from what scripts/make_heldout16.py generates", file=sys.stderr)
        return 1 if stale else 0
    for out in outs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
