"""Values for scripts/make_heldout6.py's own half: people, PII written the ways people write it, and clean
look-alikes that pass their own check digits. One seeded random.Random drives everything."""
import contextlib
import io
import random
import string
import uuid
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import ean, iban, imei, isbn, isin, luhn
from stdnum.de import vat as de_vat
from stdnum.gb import vat as gb_vat
from stdnum.it import iva as it_iva

# locale -> (phone region, language of the free text); names in non-Latin scripts come from Faker
LOCALES = {
    "en_US": ("US", "en"), "en_GB": ("GB", "en"), "en_AU": ("AU", "en"), "en_IN": ("IN", "en"),
    "de_DE": ("DE", "de"), "fr_FR": ("FR", "fr"), "es_MX": ("MX", "es"), "es_ES": ("ES", "es"),
    "it_IT": ("IT", "it"), "pt_BR": ("BR", "pt"), "pl_PL": ("PL", "pl"), "nl_NL": ("NL", "nl"),
    "tr_TR": ("TR", "tr"), "ja_JP": ("JP", "ja"), "ru_RU": ("RU", "ru"), "zh_CN": ("CN", "zh"),
    "ko_KR": ("KR", "ko"), "el_GR": ("GR", "el"), "ar_SA": ("SA", "ar"), "hi_IN": ("IN", "hi"),
}
NON_LATIN = {"ja_JP", "ru_RU", "zh_CN", "ko_KR", "el_GR", "ar_SA", "hi_IN"}
OTHER_REGIONS = ["CA", "IE", "CH", "AT", "BE", "SE", "NO", "DK", "FI", "PT", "IL", "AE", "EG", "ZA", "NG",
                 "KE", "AR", "CL", "CO", "PH", "TH", "VN", "ID", "SG", "NZ", "UA", "CZ", "HU", "RO"]
PHONE_TYPES = [(PhoneNumberType.MOBILE, 60), (PhoneNumberType.FIXED_LINE, 30), (PhoneNumberType.TOLL_FREE, 6),
               (PhoneNumberType.VOIP, 4)]
# (issuer prefix ranges, lengths): every brand and length a payment card comes in
CARD_BRANDS = [
    ("visa", [("4", "4")], [16, 16, 16, 13, 19], 30),
    ("mastercard", [("51", "55"), ("2221", "2720")], [16], 25),
    ("amex", [("34", "34"), ("37", "37")], [15], 10),
    ("discover", [("6011", "6011"), ("644", "649"), ("65", "65")], [16, 19], 6),
    ("diners", [("300", "305"), ("36", "36"), ("38", "39")], [14, 16], 4),
    ("jcb", [("3528", "3589")], [16, 15, 19], 5),
    ("maestro", [("5018", "5018"), ("5020", "5020"), ("5038", "5038"), ("6304", "6304"), ("6759", "6759"),
                 ("676770", "676774")], [12, 13, 16, 19], 6),
    ("unionpay", [("62", "62")], [16, 17, 18, 19], 5),
    ("mir", [("2200", "2204")], [16], 3),
    ("rupay", [("60", "60"), ("65", "65"), ("81", "82")], [16], 2),
    ("elo", [("636368", "636368"), ("504175", "504175"), ("509000", "509999")], [16], 2),
    ("verve", [("506099", "506198"), ("650002", "650027")], [16, 19], 1),
    ("troy", [("9792", "9792")], [16], 1),
]
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


def is_luhn(digits: str) -> bool:
    return digits.isdigit() and luhn.is_valid(digits)


def is_card(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    return 12 <= len(digits) <= 19 and is_luhn(digits)


def is_ssn(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def spoken(value: str, rng: random.Random) -> str:
    """A value read out digit by digit, as a transcriber writes it ("oh" for some zeros, "double five")."""
    words, digits = [], [c for c in value if c.isdigit() or c == "+"]
    i = 0
    while i < len(digits):
        d = digits[i]
        if d == "+":
            words.append("plus")
        elif i + 1 < len(digits) and digits[i + 1] == d and rng.random() < 0.4:
            words.append(f"double {DIGIT_WORDS[int(d)]}")
            i += 1
        else:
            words.append("oh" if d == "0" and rng.random() < 0.5 else DIGIT_WORDS[int(d)])
        i += 1
    return " ".join(words)


@dataclass
class Ctx:
    locale: str
    region: str
    lang: str
    name: str
    first: str
    last: str
    street: str
    city: str
    zipcode: str
    country: str
    company: str
    domain: str
    email: str
    v: "Values" = field(repr=False)


class Values:
    def __init__(self, rng: random.Random, seed: int):
        from faker import Faker
        from presidio_evaluator.data_generator import PresidioSentenceFaker
        from presidio_evaluator.data_generator.faker_extensions import UsDriverLicenseProvider, datasets

        self.rng = rng
        PresidioSentenceFaker.seed(seed)  # load_fake_person_df draws middle initials from `random`
        with contextlib.redirect_stdout(io.StringIO()):
            records = datasets.load_fake_person_df().to_dict(orient="records")
        self.records = [r for r in records if all(isinstance(r.get(k), str) and r[k] for k in
                                                  ("person", "email", "street_name", "city", "zipcode", "country"))]
        self.by_country = {}
        for r in self.records:
            self.by_country.setdefault(r["country_code"], []).append(r)
        self.fakers = {}
        for n, locale in enumerate(sorted(NON_LATIN)):
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(seed + n)
        self.licences = Faker("en_US")
        self.licences.add_provider(UsDriverLicenseProvider)
        self.licences.seed_instance(seed)

    # --- people ---------------------------------------------------------------------------------------------
    def context(self, locale: str) -> Ctx:
        region, lang = LOCALES[locale]
        r = self.rng.choice(self.by_country.get(region) or self.records)
        domain = str(r.get("domain_name") or "example.net").lower()
        company = str(r.get("company") or "Northwind")
        if locale in NON_LATIN:
            f = self.fakers[locale]
            name, first, last = f.name(), f.first_name(), f.last_name()
            city = f.city()
            street = f.street_address() if hasattr(f, "street_address") else r["street_name"]
            zipcode = f.postcode() if hasattr(f, "postcode") else r["zipcode"]
            country = r["country"]
        else:
            name, first, last = r["person"], r["first_name"], r["last_name"]
            city, street, zipcode, country = r["city"], r["street_name"], str(r["zipcode"]), r["country"]
        return Ctx(locale, region, lang, name, first, last, street, city, zipcode, country, company, domain,
                   r["email"], self)

    # --- PII -----------------------------------------------------------------------------------------------
    def pick_kinds(self) -> list[str]:
        rng = self.rng
        first = rng.choices(["us_phone", "credit_card", "email", "us_ssn"], [36, 24, 20, 20])[0]
        if rng.random() < 0.2:
            second = rng.choice([k for k in ("us_phone", "credit_card", "email", "us_ssn") if k != first])
            return sorted({first, second})
        return [first]

    def value(self, kind: str, c: Ctx) -> str:
        return {"us_phone": self.phone, "credit_card": self.card, "email": self.email, "us_ssn": self.ssn}[kind](c)

    def email(self, c: Ctx) -> str:
        rng = self.rng
        first = "".join(ch for ch in c.first.lower() if ch in string.ascii_lowercase) or "jo"
        last = "".join(ch for ch in c.last.lower() if ch in string.ascii_lowercase) or "lee"
        if c.locale in NON_LATIN:
            local_part = self.fakers[c.locale].user_name()
            first, last = local_part, str(rng.randint(1, 99))
        form = rng.choices(["record", "first.last", "initial", "plus", "upper", "sub", "digits"],
                           [30, 25, 12, 8, 5, 10, 10])[0]
        if form == "record" and c.locale not in NON_LATIN:
            return c.email
        if form == "initial":
            return f"{first[0]}{last}@{c.domain}"
        if form == "plus":
            return f"{first}.{last}+{rng.choice(['orders', 'news', 'hr', 'travel'])}@{c.domain}"
        if form == "upper":
            return f"{first.capitalize()}.{last.upper()}@{c.domain.upper()}"
        if form == "sub":
            return f"{first}_{last}@{rng.choice(['mail', 'corp', 'eu', 'staff'])}.{c.domain}"
        if form == "digits":
            return f"{first}{last}{rng.randint(1, 1999)}@{rng.choice(['gmail.com', 'outlook.com', 'yahoo.co.jp', 'web.de', 'mail.ru', 'orange.fr', 'qq.com', 'naver.com'])}"
        return f"{first}.{last}@{c.domain}"

    def phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        rng = self.rng
        ntype = rng.choices([t for t, _ in PHONE_TYPES], [w for _, w in PHONE_TYPES])[0]
        example = phonenumbers.example_number_for_type(region, ntype) or \
            phonenumbers.example_number_for_type(region, PhoneNumberType.FIXED_LINE)
        national = str(example.national_number)
        keep = max(3, len(national) - 4)
        for _ in range(40):
            tail = "".join(rng.choice(string.digits) for _ in range(len(national) - keep))
            candidate = phonenumbers.parse(f"+{example.country_code}{national[:keep]}{tail}")
            if phonenumbers.is_valid_number(candidate):
                return candidate
        return example

    def phone(self, c: Ctx) -> str:
        rng = self.rng
        region = c.region if rng.random() < 0.75 else rng.choice(OTHER_REGIONS)
        num = self.phone_number(region)
        national = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
        intl = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
        e164 = phonenumbers.format_number(num, PhoneNumberFormat.E164)
        form = rng.choices(["national", "intl", "e164", "dots", "digits", "00", "trunk0", "ext", "slash",
                            "tel", "dashes"], [38, 22, 8, 5, 6, 4, 3, 6, 2, 2, 4])[0]
        digits_nat = "".join(ch for ch in national if ch.isdigit())
        if num.country_code == 1 and rng.random() < 0.5:  # the North American ways of writing one number
            area, exchange, line = digits_nat[:3], digits_nat[3:6], digits_nat[6:]
            return rng.choice([f"1-{area}-{exchange}-{line}", f"+1 ({area}) {exchange}-{line}", f"{area} {exchange} {line}",
                               f"001-{area}-{exchange}-{line}", f"({area}){exchange}-{line}", f"1 {area} {exchange} {line}",
                               f"{area}-{exchange}-{line} x{rng.randint(1, 9999)}", f"+1.{area}.{exchange}.{line}"])
        if form == "national":
            return national
        if form == "intl":
            return intl
        if form == "e164":
            return e164
        if form == "dots":
            return ".".join(part for part in "".join(ch if ch.isdigit() else " " for ch in national).split())
        if form == "digits":
            return digits_nat
        if form == "00":
            return "00" + intl[1:]
        if form == "trunk0":  # +44 (0)20 7946 0321: the trunk zero kept in brackets
            cc, rest = intl.split(" ", 1)
            return f"{cc} (0){rest}" if digits_nat.startswith("0") else intl
        if form == "ext":
            sep = rng.choice([" ext. ", " x", " ext ", " #", ", ext. ", " Ext: ", " x-"])
            return f"{rng.choice([national, intl])}{sep}{rng.randint(2, 9999)}"
        if form == "slash":
            parts = "".join(ch if ch.isdigit() else " " for ch in national).split()
            return parts[0] + "/" + "".join(parts[1:]) if len(parts) > 1 else national
        if form == "tel":
            return phonenumbers.format_number(num, PhoneNumberFormat.RFC3966)
        return "-".join(part for part in "".join(ch if ch.isdigit() else " " for ch in intl).split())

    def card_digits(self) -> str:
        rng = self.rng
        _, ranges, lengths, _ = rng.choices(CARD_BRANDS, [b[3] for b in CARD_BRANDS])[0]
        low, high = rng.choice(ranges)
        prefix = str(rng.randint(int(low), int(high))).zfill(len(low))
        length = rng.choice(lengths)
        body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
        return body + luhn.calc_check_digit(body)

    def card(self, c: Ctx) -> str:
        rng, digits = self.rng, self.card_digits()
        groups = {15: [4, 6, 5], 14: [4, 6, 4]}.get(len(digits)) or [4] * (len(digits) // 4) + (
            [len(digits) % 4] if len(digits) % 4 else [])
        parts, i = [], 0
        for g in groups:
            parts.append(digits[i:i + g])
            i += g
        sep = rng.choices([" ", "", "-", ".", "  "], [50, 26, 18, 4, 2])[0]
        value = sep.join(parts)
        assert is_card(value)
        return value

    def ssn(self, c: Ctx) -> str:
        rng = self.rng
        area = rng.choice([a for a in range(1, 900) if a != 666])
        digits = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        sep = rng.choices(["-", "", " ", ".", "/"], [65, 15, 12, 5, 3])[0]
        value = sep.join([digits[:3], digits[3:5], digits[5:]])
        assert is_ssn(value)
        return value

    # --- clean look-alikes ----------------------------------------------------------------------------------
    def digits(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + "".join(self.rng.choice(string.digits) for _ in range(n - 1))

    def iban(self) -> str:
        rng = self.rng
        while True:
            cc, bban = rng.choice([("DE", lambda: self.digits(18)), ("NL", lambda: rng.choice(["ABNA", "INGB", "RABO"]) + self.digits(10)),
                                   ("GB", lambda: rng.choice(["NWBK", "BARC", "HBUK"]) + self.digits(14)),
                                   ("AT", lambda: self.digits(16)), ("PL", lambda: self.digits(24)), ("CH", lambda: self.digits(17))])
            raw = cc + "00" + bban()
            number = cc + iban.calc_check_digits(raw) + raw[4:]
            if iban.is_valid(number):
                return iban.format(number) if rng.random() < 0.6 else number

    def isbn(self) -> str:
        body = self.rng.choice(["978", "979"]) + self.digits(9)
        number = body + ean.calc_check_digit(body)
        if not isbn.is_valid(number):
            return self.isbn()
        if self.rng.random() < 0.3 and number.startswith("978"):
            return "ISBN " + isbn.format(isbn.to_isbn10(number))
        hyphenated = f"{number[:3]}-{number[3]}-{number[4:8]}-{number[8:12]}-{number[12]}"
        return "ISBN " + (hyphenated if self.rng.random() < 0.6 else number)

    def ean13(self) -> str:
        body = str(self.rng.randint(400, 440)) + self.digits(9)
        return body + ean.calc_check_digit(body)

    def gtin14(self) -> str:
        body = "1" + self.ean13()[:12]
        return body + ean.calc_check_digit(body)

    def imei(self) -> str:
        body = self.rng.choice(["35", "86", "01", "99"]) + self.digits(12)
        number = body + luhn.calc_check_digit(body)
        assert imei.is_valid(number)
        return number if self.rng.random() < 0.7 else imei.format(number)

    def isin(self) -> str:
        cc = self.rng.choice(["US", "DE", "GB", "FR", "JP", "NL"])
        body = cc + self.digits(9)
        return body + isin.calc_check_digit(body)

    def vat(self) -> str:
        while True:
            kind = self.rng.choice(["DE", "GB", "IT"])
            if kind == "DE":
                number = self.digits(9)
                if de_vat.is_valid(number):
                    return f"DE{number}"
            elif kind == "GB":
                number = self.digits(9)
                if gb_vat.is_valid(number):
                    return f"GB {number[:3]} {number[3:7]} {number[7:]}"
            else:
                number = self.digits(10)
                number += luhn.calc_check_digit(number)  # the Italian check digit is a Luhn digit
                if it_iva.is_valid(number):
                    return f"IT{number}"

    def luhn_lookalike(self, n: int) -> str:
        """A Luhn-valid run of digits that is NOT a card (an account, a meter, a loyalty id): clean by construction."""
        body = self.digits(n - 1)
        return body + luhn.calc_check_digit(body)

    def licence(self) -> str:
        return self.licences.us_driver_license()

    def passport(self) -> str:
        rng = self.rng
        return rng.choice([lambda: rng.choice("CXPLM") + self.digits(8), lambda: self.digits(9),
                           lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(2)) + self.digits(7)])()

    def tracking(self) -> str:
        rng = self.rng
        return rng.choice([
            lambda: "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + self.digits(10),
            lambda: "9400 " + " ".join(self.digits(4) for _ in range(4)) + " " + self.digits(2),
            lambda: self.digits(12),
            lambda: "JD" + self.digits(18),
            lambda: self.digits(10),
        ])()

    def order_no(self) -> str:
        rng = self.rng
        return rng.choice([lambda: f"ORD-{rng.randint(2024, 2025)}-{self.digits(6)}", lambda: self.digits(10),
                           lambda: f"#{self.digits(7)}", lambda: f"45{self.digits(8)}",
                           lambda: f"{self.digits(3)}-{self.digits(7)}-{self.digits(7)}"])()

    def amount(self) -> str:
        rng = self.rng
        value = rng.choices([rng.uniform(1, 99), rng.uniform(100, 9999), rng.uniform(10_000, 9_999_999)], [45, 45, 10])[0]
        return rng.choice([f"${value:,.2f}", f"{value:,.2f} USD", f"€{value:,.2f}".replace(",", " "),
                           f"{value:,.2f} €".replace(",", "X").replace(".", ",").replace("X", "."),
                           f"¥{int(value * 100):,}", f"£{value:,.2f}", f"R$ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")])

    def date(self) -> str:
        rng = self.rng
        y, m, d = rng.randint(2024, 2025), rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}", f"{d}/{m}/{y}",
                           f"{y}年{m}月{d}日"])

    def iso_date(self) -> str:
        return f"{self.rng.randint(2024, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def time(self) -> str:
        return f"{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}"

    def epoch_ms(self) -> str:
        return str(self.rng.randint(1_704_067_200_000, 1_767_225_599_000))

    def epoch_s(self) -> str:
        return str(self.rng.randint(1_704_067_200, 1_767_225_599))

    def ipv4(self) -> str:
        rng = self.rng
        return rng.choice([f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def ipv6(self) -> str:
        return "2001:db8:" + ":".join(f"{self.rng.randint(0, 65535):x}" for _ in range(3)) + "::" + f"{self.rng.randint(1, 65535):x}"

    def version(self) -> str:
        rng = self.rng
        return f"{rng.randint(0, 12)}.{rng.randint(0, 40)}.{rng.randint(0, 99)}"

    def hexhash(self, n: int = 40) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def coords(self) -> str:
        return f"{self.rng.uniform(-60, 70):.6f}, {self.rng.uniform(-170, 170):.6f}"

    def sku(self) -> str:
        rng = self.rng
        return rng.choice([lambda: f"SKU-{self.digits(5)}-{rng.choice(['BLK', 'WHT', 'RED'])}-{rng.choice(['S', 'M', 'XL'])}",
                           lambda: f"{self.digits(4)}-{self.digits(4)}-{self.digits(2)}",
                           lambda: f"PN {self.digits(3)}.{self.digits(3)}.{self.digits(3)}"])()

    def masked_card(self) -> str:
        last4 = self.digits(4)
        return self.rng.choice([f"**** **** **** {last4}", f"XXXX-XXXX-XXXX-{last4}", f"ending in {last4}",
                                f"•••• {last4}", f"{self.digits(4)[:1]}***********{last4}"])
