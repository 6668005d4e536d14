"""Write tests/data/eval/heldout10.jsonl: 1400 labelled messages (700 clean, 700 with PII). It was held out: kept in
tests/data/heldout/ through the tenth detector round, scored once at its end, and moved into tests/data/eval/ as
development data.

How it was built, independently of the detector (never read, never run on this set):
- People, companies, cities, emails and phone numbers of 15 locales come from fakerator 0.3.6 (npm, its own
  locale data and Mersenne Twister, seeded per locale) via tools/heldout10/values.js.
- Ten more locales with non-Latin scripts (ja, zh, ko, ar, he, hi, th, el, uk, tr) and vi come from small
  name lists and per-country phone formats written here from public numbering plans; varied email forms
  (plus-tags, IDN domains, quoted local parts, subdomains) are built here too.
- Card numbers come from public IIN ranges of 14 brands with a computed Luhn digit; SSNs follow the SSA rules.
- Clean messages are full of look-alikes that keep their own check digits (IBAN mod 97, IMEI Luhn, ISBN/EAN/GS1,
  CPF/CNPJ, Verhoeff Aadhaar-like numbers) and other numbers that are not PII.
- Templates (scripts/heldout10_shapes.py): 49 shapes never used before in this project (28-29 messages each).
- Hard negatives kept on purpose in clean texts: Exchange Message-IDs (<uuid@EUR03.prod>, not a mailbox),
  IMEIs and EANs that pass Luhn, IBANs, epoch ns, snowflake ids, masked cards.
Labels come only from what a template placed in the text. Deterministic: fixed seeds, no clock.

    .venv/bin/python scripts/make_heldout10.py            # (re)write the set
    .venv/bin/python scripts/make_heldout10.py --check    # exit 1, "differs" on stderr, if the file is stale
"""
import argparse
import json
import random
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout10.jsonl"
TOOL = ROOT / "tools" / "heldout10"
SEED = 20261202
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
    return digits.isdigit() and luhn_digit(digits[:-1]) == digits[-1]


def ean_digit(body: str) -> str:
    """GS1 check digit (EAN-13, ISBN-13, GTIN-14, SSCC-18): weights 3,1 from the right."""
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str(-total % 10)


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def cpf_digits(body: str) -> str:
    d1 = sum(int(c) * w for c, w in zip(body, range(10, 1, -1))) * 10 % 11 % 10
    d2 = sum(int(c) * w for c, w in zip(body + str(d1), range(11, 1, -1))) * 10 % 11 % 10
    return f"{d1}{d2}"


def cnpj_digits(body: str) -> str:
    def digit(s, weights):
        r = sum(int(c) * w for c, w in zip(s, weights)) % 11
        return "0" if r < 2 else str(11 - r)
    d1 = digit(body, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return d1 + digit(body + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])


_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
       [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
       [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
       [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_digit(body: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def verhoeff_ok(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


# ---------- value sources ----------

# (brand, IIN prefixes, lengths) from public IIN tables
IIN = [
    ("Visa", ["4"], [16, 13, 19]), ("Mastercard", ["51", "53", "55", "2221", "2720", "2500"], [16]),
    ("Amex", ["34", "37"], [15]), ("Discover", ["6011", "644", "65"], [16, 19]),
    ("JCB", ["3528", "3566", "3589"], [16]), ("Diners", ["36", "300", "305"], [14]),
    ("UnionPay", ["62", "6212"], [16, 17, 18, 19]), ("Maestro", ["6759", "5018", "6304"], [12, 13, 16, 19]),
    ("Mir", ["2200", "2204"], [16]), ("RuPay", ["6081", "6521", "8172"], [16]),
    ("Troy", ["9792"], [16]), ("Verve", ["5061", "6500"], [16, 19]), ("Elo", ["6362", "5067"], [16]),
    ("Hipercard", ["6062"], [16]),
]

US_AREAS = [201, 212, 213, 305, 312, 415, 503, 512, 617, 646, 702, 713, 801, 907, 919, 971, 404, 808, 860]


def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


def _nz(r, n):  # n digits, first not 0 or 1
    return r.choice("23456789") + _d(r, n - 1)


# per-country phone formats written from public numbering plans; each takes a Random, returns (country, text)
PHONE_FORMATS = [
    lambda r: ("US", f"({r.choice(US_AREAS)}) {_nz(r, 3)}-{_d(r, 4)}"),
    lambda r: ("US", f"+1 {r.choice(US_AREAS)}.{_nz(r, 3)}.{_d(r, 4)}"),
    lambda r: ("US", f"{r.choice(US_AREAS)}-{_nz(r, 3)}-{_d(r, 4)} ext. {r.randint(10, 999)}"),
    lambda r: ("US", f"1 ({r.choice(US_AREAS)}) {_nz(r, 3)} {_d(r, 4)}"),
    lambda r: ("GB", f"07{r.choice('34579')}{_d(r, 2)} {_d(r, 6)}"),
    lambda r: ("GB", f"+44 20 7{_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("GB", f"0044 (0)161 {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("JP", f"090-{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("JP", f"03-{_nz(r, 4)}-{_d(r, 4)}"),
    lambda r: ("JP", f"+81 80 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("CN", f"1{r.choice('3589')}{_d(r, 1)} {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("CN", f"+86 10 {_nz(r, 4)} {_d(r, 4)}"),
    lambda r: ("KR", f"010-{_d(r, 4)}-{_d(r, 4)}"),
    lambda r: ("KR", f"+82 2-{_nz(r, 3)}-{_d(r, 4)}"),
    lambda r: ("IN", f"+91 9{_d(r, 4)} {_d(r, 5)}"),
    lambda r: ("IN", f"0{r.choice('6789')}{_d(r, 9)}"),
    lambda r: ("AE", f"+971 5{r.choice('0256')} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("SA", f"05{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("IL", f"05{r.choice('02348')}-{_d(r, 3)}-{_d(r, 4)}"),
    lambda r: ("IL", f"+972 3-{_nz(r, 3)}-{_d(r, 4)}"),
    lambda r: ("TH", f"08{_d(r, 1)}-{_d(r, 3)}-{_d(r, 4)}"),
    lambda r: ("TH", f"+66 2 {_nz(r, 3)} {_d(r, 4)}"),
    lambda r: ("GR", f"+30 69{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("GR", f"21{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("TR", f"0 (5{_d(r, 2)}) {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("TR", f"+90 212 {_nz(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("VN", f"09{_d(r, 1)} {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("MX", f"+52 55 {_d(r, 4)} {_d(r, 4)}"),
    lambda r: ("NG", f"+234 80{r.choice('3678')} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("ZA", f"08{r.choice('2347')} {_d(r, 3)} {_d(r, 4)}"),
    lambda r: ("DE", f"0049 30 {_nz(r, 7)}"),
    lambda r: ("FR", f"+33 (0)6 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("UA", f"+380 67 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"),
    lambda r: ("AU", f"+61 4{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"),
    lambda r: ("NL", f"06-{_d(r, 8)}"),
    lambda r: ("BR", f"+55 (11) 9{_d(r, 4)}-{_d(r, 4)}"),
]

# locales without fakerator data: (code, first names, last names, cities, email-safe romanised user stems)
EXTRA_LOCALES = {
    "ja": (["陽翔", "結衣", "蓮", "さくら", "大輝"], ["佐藤", "鈴木", "高橋", "田中", "渡辺"], ["東京", "大阪", "札幌", "福岡"],
           ["haruto.sato", "yui.suzuki", "ren.takahashi"]),
    "zh": (["伟", "芳", "娜", "秀英", "敏"], ["王", "李", "张", "刘", "陈"], ["北京", "上海", "深圳", "成都"],
           ["wang.wei", "li.fang", "zhangna88"]),
    "ko": (["민준", "서연", "지호", "하은"], ["김", "이", "박", "최"], ["서울", "부산", "인천", "대구"],
           ["minjun.kim", "seoyeon.lee", "jiho.park"]),
    "ar": (["محمد", "فاطمة", "أحمد", "ليلى"], ["العلي", "الحسن", "السعيد", "القحطاني"], ["دبي", "الرياض", "القاهرة", "عمّان"],
           ["m.alali", "fatima.hassan", "ahmad.saeed"]),
    "he": (["נועה", "יוסף", "מאיה", "דוד"], ["כהן", "לוי", "מזרחי", "פרץ"], ["תל אביב", "ירושלים", "חיפה"],
           ["noa.cohen", "yosef.levi", "maya.m"]),
    "hi": (["आरव", "अनन्या", "विवान", "दिया"], ["शर्मा", "वर्मा", "गुप्ता", "सिंह"], ["मुंबई", "दिल्ली", "पुणे", "जयपुर"],
           ["aarav.sharma", "ananya.verma", "vivaan.g"]),
    "th": (["สมชาย", "สุดา", "ณัฐ", "พิมพ์"], ["ใจดี", "ศรีสุข", "วงศ์ไทย"], ["กรุงเทพฯ", "เชียงใหม่", "ภูเก็ต"],
           ["somchai.j", "suda.srisuk", "nat.wong"]),
    "el": (["Γιώργος", "Μαρία", "Νίκος", "Ελένη"], ["Παπαδόπουλος", "Νικολάου", "Γεωργίου"], ["Αθήνα", "Θεσσαλονίκη", "Πάτρα"],
           ["g.papadopoulos", "maria.nik", "eleni.g"]),
    "uk": (["Олена", "Тарас", "Ірина", "Богдан"], ["Шевченко", "Коваленко", "Бондаренко"], ["Київ", "Львів", "Одеса"],
           ["olena.shev", "taras.k", "iryna.b"]),
    "tr": (["Ayşe", "Mehmet", "Zeynep", "Emre"], ["Yılmaz", "Kaya", "Demir", "Şahin"], ["İstanbul", "Ankara", "İzmir"],
           ["ayse.yilmaz", "mehmet.kaya", "zeynep.d"]),
    "vi": (["Minh", "Lan", "Hùng", "Thảo"], ["Nguyễn", "Trần", "Lê", "Phạm"], ["Hà Nội", "Đà Nẵng", "Huế"],
           ["minh.nguyen", "lan.tran", "hung.le"]),
}

IDN_DOMAINS = ["münchen-post.de", "bücher.example.at", "почта.рф", "例え.jp", "한국.kr", "correo.españa.es", "xn--bcher-kva.ch"]
TLDS = ["com", "io", "co.uk", "de", "com.br", "co.jp", "travel", "museum", "ninja", "xyz", "gov.au", "ac.in"]


def load_values() -> dict:
    """Fakerator's seeded per-locale records (node tools/heldout10/values.js)."""
    done = subprocess.run(["node", "values.js"], cwd=TOOL, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


class Gen:
    """All random choices go through self.r (seeded), so the set is the same on every run."""

    def __init__(self, values: dict, seed: int = SEED):
        self.r = random.Random(seed)
        self.values = values

    # --- people ---
    def person(self) -> dict:
        """A locale and a person in it: fakerator's record, or one of the hand-written non-Latin locales."""
        if self.values and self.r.random() < 0.6:
            code = self.r.choice(sorted(self.values))
            rec = dict(self.r.choice(self.values[code]))
            rec["locale"] = code
            return rec
        code = self.r.choice(sorted(EXTRA_LOCALES))
        firsts, lasts, cities, stems = EXTRA_LOCALES[code]
        return {"locale": code, "first": self.r.choice(firsts), "last": self.r.choice(lasts),
                "city": self.r.choice(cities), "user": self.r.choice(stems), "company": None,
                "email": None, "phone": None}

    # --- the four kinds ---
    def email(self, p: dict) -> str:
        r = self.r
        form = r.randrange(7)
        user = (p.get("user") or "user").lower().replace(" ", "")
        user = "".join(c for c in user if c.isascii() and (c.isalnum() or c in "._-")) or "kontakt"
        if form == 0 and p.get("email"):
            return p["email"]
        if form == 1:
            return f"{user}+{r.choice(['billing', 'promo', 'x7', 'news', '2026'])}@{r.choice(['mail', 'post', 'inbox'])}.{r.choice(TLDS)}"
        if form == 2:
            return f"{user}@{r.choice(IDN_DOMAINS)}"
        if form == 3:
            return f'"{user}.{r.choice(["office", "home"])}"@{r.choice(["corp", "firma"])}.{r.choice(TLDS)}'
        if form == 4:
            return f"{user}@{r.choice(['eu', 'mx', 'staff', 'lists'])}.{r.choice(['acme', 'northwind', 'globex'])}.{r.choice(TLDS)}"
        if form == 5:
            return f"{user.upper()}@{r.choice(['example.com', 'example.org', 'test.co'])}"
        return f"{user}{r.randint(1, 99)}@{r.choice(['gmx', 'yandex', 'naver', 'qq', 'rediffmail', 'web'])}.{r.choice(['com', 'net', 'de', 'ru', 'kr', 'in'])}"

    def phone(self, p: dict) -> tuple[str, str]:
        if p.get("phone") and self.r.random() < 0.5:
            return f"fakerator:{p['locale']}", p["phone"]
        return self.r.choice(PHONE_FORMATS)(self.r)

    def ssn(self) -> tuple[str, str]:
        r = self.r
        area = r.choice([a for a in range(1, 900) if a != 666])
        group, serial = r.randint(1, 99), r.randint(1, 9999)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        form = r.choice(["dash", "space", "plain", "dot", "endash", "slash"])
        sep = {"dash": "-", "space": " ", "plain": "", "dot": ".", "endash": "\u2013", "slash": "/"}[form]
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
        sep = self.r.choice([" ", "-", "", " ", "\u00a0"])
        if brand in ("Amex",) and len(number) == 15:
            groups = [number[:4], number[4:10], number[10:]]
        elif len(number) == 14:
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(groups)

    # --- look-alikes and other numbers that are not PII ---
    def iban(self) -> str:
        r = self.r
        country, bban = r.choice([("DE", lambda: _d(r, 18)), ("FR", lambda: _d(r, 23)), ("ES", lambda: _d(r, 20)),
                                  ("NL", lambda: "ABNA" + _d(r, 10)), ("GB", lambda: "NWBK" + _d(r, 14)),
                                  ("PL", lambda: _d(r, 24)), ("IT", lambda: "X" + _d(r, 22))])
        b = bban()
        moved = b + country + "00"
        check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
        raw = f"{country}{check:02d}{b}"
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def imei(self) -> str:
        body = self.r.choice(["35", "86", "01", "49"]) + _d(self.r, 12)
        return body + luhn_digit(body)

    def isbn(self) -> str:
        body = self.r.choice(["978", "979"]) + _d(self.r, 9)
        return body + ean_digit(body)

    def ean(self) -> str:
        body = self.r.choice(["400", "590", "871", "300", "490"]) + _d(self.r, 9)
        return body + ean_digit(body)

    def sscc(self) -> str:
        body = "0" + _d(self.r, 16)
        return body + ean_digit(body)

    def cpf(self) -> str:
        b = _d(self.r, 9)
        d = b + cpf_digits(b)
        return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"

    def cnpj(self) -> str:
        b = _d(self.r, 8) + "0001"
        d = b + cnpj_digits(b)
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"

    def aadhaar_like(self) -> str:
        d = "0"
        while d == "0" or luhn_ok(d):  # never a 12-digit Luhn number that could pass for a card
            b = self.r.choice("23456789") + _d(self.r, 10)
            d = b + verhoeff_digit(b)
        return f"{d[:4]} {d[4:8]} {d[8:]}"

    def rrn_like(self) -> str:
        """Korean resident-registration-number shape (YYMMDD-Gxxxxxx), with an impossible month 13+ so it is
        a look-alike and never a real one."""
        r = self.r
        return f"{r.randint(50, 99)}{r.randint(13, 19)}{r.randint(1, 28):02d}-{r.choice('1234')}{_d(r, 6)}"

    def masked_card(self) -> str:
        r = self.r
        return r.choice([f"4{_d(r, 3)}********{_d(r, 4)}", f"**** **** **** {_d(r, 4)}", f"5{_d(r, 5)}XXXXXX{_d(r, 4)}",
                         f"xxxx-xxxx-xxxx-{_d(r, 4)}", f"37{_d(r, 2)} ****** *{_d(r, 4)}"])

    def order_no(self) -> str:
        r = self.r
        return r.choice([f"ORD-{r.randint(2019, 2026)}-{_d(r, 6)}", f"#{r.randint(1000, 99999)}", f"INV/{_d(r, 4)}/{r.randint(1, 12):02d}",
                         f"SO{_d(r, 7)}", f"PO-{_d(r, 5)}-{r.choice('ABCDEF')}"])

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"1Z{_d(r, 3)}{''.join(r.choice(string.ascii_uppercase) for _ in range(3))}{_d(r, 10)}",
                         f"JD{_d(r, 18)}", f"RR{_d(r, 9)}DE", f"LX{_d(r, 9)}CN", f"TBA{_d(r, 12)}"])

    def epoch_ms(self) -> str:
        return str(self.r.randint(1_600_000_000_000, 1_790_000_000_000))

    def epoch_ns(self) -> str:
        return str(self.r.randint(1_600_000_000_000_000_000, 1_790_000_000_000_000_000))

    def snowflake(self) -> str:
        return str(self.r.randint(10 ** 17, 2 * 10 ** 18))

    def iso_time(self) -> str:
        r = self.r
        return f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{_d(r, 3)}Z"

    def version(self) -> str:
        r = self.r
        return r.choice([f"{r.randint(0, 20)}.{r.randint(0, 40)}.{r.randint(0, 300)}", f"v{r.randint(1, 9)}.{r.randint(0, 99)}.{r.randint(0, 9)}-rc.{r.randint(1, 5)}",
                         f"{r.randint(10, 18)}.{r.randint(0, 7)}.{r.randint(0, 9)} (build {r.randint(20000, 29999)}{r.choice('ABCDEFG')}{r.randint(10, 999)})"])

    def coords(self) -> str:
        return f"{self.r.uniform(-60, 70):.6f},{self.r.uniform(-170, 170):.6f}"

    def amount(self) -> str:
        r = self.r
        return r.choice([f"${r.randint(1, 9999)}.{_d(r, 2)}", f"€ {r.randint(1, 99999):,}".replace(",", ".") + f",{_d(r, 2)}",
                         f"¥{r.randint(100, 999999):,}", f"₹{r.randint(100, 999999):,}.00", f"{r.randint(1, 5000)}.{_d(r, 2)} BRL"])

    def hexid(self, n: int = 32) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        h = self.hexid(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def ip(self) -> str:
        r = self.r
        return f"{r.randint(10, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def mac(self) -> str:
        return ":".join(self.hexid(2) for _ in range(6))

    def plate(self) -> str:
        r = self.r
        up = lambda n: "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))  # noqa: E731
        return r.choice([f"{up(3)}-{_d(r, 4)}", f"{up(2)} {_d(r, 2)} {up(3)}", f"{_d(r, 1)}{up(3)}{_d(r, 3)}"])

    def licence(self) -> str:
        r = self.r
        return r.choice([f"D{_d(r, 7)}", f"{''.join(r.choice('ABCDEFGH') for _ in range(5))}{_d(r, 6)}AB{_d(r, 1)}CD",
                         f"B{_d(r, 2)}X{_d(r, 5)}"])


def pick_kinds(r: random.Random, n: int) -> list[list[str]]:
    """Kinds for the n PII messages: mostly one kind, a good share two, a few three or four."""
    plans = []
    for i in range(n):
        size = 1 if i % 10 < 6 else 2 if i % 10 < 9 else r.choice([3, 4])
        plans.append(sorted(r.sample(KINDS, size)))
    return plans


def build(values: dict) -> list[dict]:
    import heldout10_shapes as shapes
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
        rows.append({"text": text, "kinds": kinds, "note": f"heldout10 {shape} {state} {details}".strip()})
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
            print(f"{args.out} differs from what scripts/make_heldout10.py generates", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
