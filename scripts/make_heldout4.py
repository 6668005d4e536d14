"""Build tests/data/eval/heldout4.jsonl: a fifth PII evaluation set, independent of the detector.

How it was built
  * Written from the label definitions and from issue 14's description of real traffic only. Its author did
    not open the guardrail, its tests, the other generators or the earlier sets, and never ran any detector of
    this project on the output: the set was committed unread, to be scored once at the end of the round.
  * Values come from generators this project had never used for values: Mimesis 22.2.0 (names, companies,
    addresses, e-mail usernames, phone numbers through each locale's own masks, Visa/Mastercard/Amex numbers,
    IMEI, the digits of ISBN and EAN (stdnum sets their check digits), hashes, hostnames, sentences in the
    locale's language), phonenumbers (valid numbers drawn per region and type, written in national,
    international, E.164 and hand-typed forms) and python-stdnum
    (Luhn check digits for the other card brands; valid IBAN, ISIN and EU VAT look-alikes for the clean half).
    US SSNs are drawn from the valid ranges (area 001-899 without 666, group 01-99, serial 0001-9999).
  * 28 Mimesis locales (Latin, Cyrillic, Greek, Arabic, Persian, CJK, Hangul), labels in the user's language,
    and 23 message shapes written fresh for this set (chat exports, tickets, logs, configs, SQL, HTML, vCards,
    e-mail threads, tables, invoices, code in several languages, prose).
  * Labels come from construction: `kinds` lists exactly the PII values placed in the text (each placement is
    asserted to be present); everything else is a look-alike chosen to be clean (order/tracking numbers, IBAN,
    IMEI, ISBN, licence and passport numbers, epoch ms, prices, versions, ...), or a mention without a value.

Deterministic: fixed seed, fixed date spans; the script re-executes itself under PYTHONHASHSEED=0.
Usage: .venv-pii-eval/bin/python scripts/make_heldout4.py [--check]   (--check: exit 1 if the file differs)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from mimesis import Generic, Locale
from mimesis.enums import CardType, EANFormat, ISBNFormat
from phonenumbers import PhoneNumberFormat as PNF
from phonenumbers import PhoneNumberType as PNT
from stdnum import ean as std_ean
from stdnum import iban as std_iban
from stdnum import isbn as std_isbn
from stdnum import isin as std_isin
from stdnum import luhn
from stdnum.eu import vat as std_vat

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eval" / "heldout4.jsonl"
SEED = 4_2026_12_01
N_CLEAN = 700
N_PII = 700
KINDS = ("credit_card", "email", "us_phone", "us_ssn")
YEARS = (2019, 2025)  # every date and timestamp falls in this span
EPOCH_2019, EPOCH_2026 = 1546300800, 1767225600

# locale -> (weight, phone region, label language)
LOCALES = {
    "en": (30, "US", "en"),
    "en-gb": (5, "GB", "en"),
    "en-ca": (3, "CA", "en"),
    "en-au": (3, "AU", "en"),
    "de": (6, "DE", "de"),
    "de-at": (1, "AT", "de"),
    "fr": (6, "FR", "fr"),
    "es": (4, "ES", "es"),
    "es-mx": (3, "MX", "es"),
    "it": (3, "IT", "it"),
    "nl": (3, "NL", "nl"),
    "pt-br": (4, "BR", "pt"),
    "pl": (3, "PL", "pl"),
    "sv": (2, "SE", "sv"),
    "da": (1, "DK", "en"),
    "fi": (1, "FI", "en"),
    "cs": (1, "CZ", "cs"),
    "hu": (1, "HU", "en"),
    "ru": (4, "RU", "ru"),
    "uk": (2, "UA", "uk"),
    "kk": (1, "KZ", "ru"),
    "el": (2, "GR", "el"),
    "tr": (2, "TR", "tr"),
    "ja": (4, "JP", "ja"),
    "zh": (4, "CN", "zh"),
    "ko": (3, "KR", "ko"),
    "ar-eg": (2, "EG", "ar"),
    "fa": (1, "IR", "fa"),
}
CJK = {"ja", "zh", "ko"}
NBSP_LOCALES = {"fr", "ru", "uk", "kk", "pl", "cs", "sv", "fi", "hu"}

# Labels in the user's language: phone, email, card, ssn, order, invoice, greeting, thanks, mention-lines.
L = {
    "en": dict(
        phone=["phone", "Phone", "tel", "mobile", "cell", "call me at", "Ph."],
        email=["email", "E-mail", "mail", "contact"],
        card=["card number", "Card #", "CC", "credit card", "Visa", "card"],
        ssn=["SSN", "Social Security Number", "SS#", "soc sec no", "social"],
        order="Order",
        invoice="Invoice",
        hi="Hi",
        thanks="Thanks",
        please="please",
    ),
    "de": dict(
        phone=["Telefon", "Tel.", "Handy", "Mobil", "Rufnummer"],
        email=["E-Mail", "Mail"],
        card=["Kreditkarte", "Kartennummer", "Karte"],
        ssn=["US-Sozialversicherungsnummer", "SSN"],
        order="Bestellung",
        invoice="Rechnung",
        hi="Hallo",
        thanks="Danke",
        please="bitte",
    ),
    "fr": dict(
        phone=["téléphone", "Tél.", "portable", "tél"],
        email=["e-mail", "courriel", "mail"],
        card=["carte bancaire", "n° de carte", "CB"],
        ssn=["numéro de sécurité sociale (US)", "SSN"],
        order="Commande",
        invoice="Facture",
        hi="Bonjour",
        thanks="Merci",
        please="svp",
    ),
    "es": dict(
        phone=["teléfono", "Tel.", "móvil", "celular"],
        email=["correo", "correo electrónico", "email"],
        card=["tarjeta", "número de tarjeta", "tarjeta de crédito"],
        ssn=["número de seguro social", "SSN"],
        order="Pedido",
        invoice="Factura",
        hi="Hola",
        thanks="Gracias",
        please="por favor",
    ),
    "it": dict(
        phone=["telefono", "cell.", "tel."],
        email=["email", "posta"],
        card=["carta di credito", "numero carta"],
        ssn=["numero di previdenza sociale USA", "SSN"],
        order="Ordine",
        invoice="Fattura",
        hi="Ciao",
        thanks="Grazie",
        please="per favore",
    ),
    "nl": dict(
        phone=["telefoon", "tel.", "mobiel"],
        email=["e-mail", "mail"],
        card=["creditcard", "kaartnummer"],
        ssn=["sofinummer (VS)", "SSN"],
        order="Bestelling",
        invoice="Factuur",
        hi="Hoi",
        thanks="Bedankt",
        please="graag",
    ),
    "pt": dict(
        phone=["telefone", "celular", "tel"],
        email=["e-mail", "email"],
        card=["cartão", "número do cartão", "cartão de crédito"],
        ssn=["número do seguro social", "SSN"],
        order="Pedido",
        invoice="Nota fiscal",
        hi="Olá",
        thanks="Obrigado",
        please="por favor",
    ),
    "pl": dict(
        phone=["telefon", "tel.", "komórka"],
        email=["e-mail", "mail"],
        card=["karta", "numer karty"],
        ssn=["numer ubezpieczenia społecznego (USA)", "SSN"],
        order="Zamówienie",
        invoice="Faktura",
        hi="Cześć",
        thanks="Dzięki",
        please="proszę",
    ),
    "sv": dict(
        phone=["telefon", "mobil", "tfn"],
        email=["e-post", "mejl"],
        card=["kortnummer", "kreditkort"],
        ssn=["amerikanskt personnummer (SSN)", "SSN"],
        order="Order",
        invoice="Faktura",
        hi="Hej",
        thanks="Tack",
        please="tack",
    ),
    "cs": dict(
        phone=["telefon", "tel.", "mobil"],
        email=["e-mail"],
        card=["číslo karty", "platební karta"],
        ssn=["číslo sociálního zabezpečení (USA)", "SSN"],
        order="Objednávka",
        invoice="Faktura",
        hi="Ahoj",
        thanks="Díky",
        please="prosím",
    ),
    "ru": dict(
        phone=["телефон", "тел.", "моб.", "номер"],
        email=["почта", "e-mail", "эл. почта"],
        card=["карта", "номер карты"],
        ssn=["номер социального страхования США", "SSN"],
        order="Заказ",
        invoice="Счёт",
        hi="Здравствуйте",
        thanks="Спасибо",
        please="пожалуйста",
    ),
    "uk": dict(
        phone=["телефон", "тел.", "моб."],
        email=["пошта", "e-mail"],
        card=["картка", "номер картки"],
        ssn=["номер соціального страхування США", "SSN"],
        order="Замовлення",
        invoice="Рахунок",
        hi="Вітаю",
        thanks="Дякую",
        please="будь ласка",
    ),
    "el": dict(
        phone=["τηλέφωνο", "τηλ.", "κινητό"],
        email=["email", "ηλ. ταχυδρομείο"],
        card=["κάρτα", "αριθμός κάρτας"],
        ssn=["αριθμός κοινωνικής ασφάλισης ΗΠΑ", "SSN"],
        order="Παραγγελία",
        invoice="Τιμολόγιο",
        hi="Γεια σας",
        thanks="Ευχαριστώ",
        please="παρακαλώ",
    ),
    "tr": dict(
        phone=["telefon", "tel", "cep"],
        email=["e-posta", "mail"],
        card=["kart numarası", "kredi kartı"],
        ssn=["ABD sosyal güvenlik numarası", "SSN"],
        order="Sipariş",
        invoice="Fatura",
        hi="Merhaba",
        thanks="Teşekkürler",
        please="lütfen",
    ),
    "ja": dict(
        phone=["電話", "電話番号", "携帯", "TEL"],
        email=["メール", "メールアドレス", "Eメール"],
        card=["カード番号", "クレジットカード"],
        ssn=["社会保障番号", "SSN"],
        order="注文番号",
        invoice="請求書",
        hi="こんにちは",
        thanks="ありがとうございます",
        please="お願いします",
    ),
    "zh": dict(
        phone=["电话", "手机", "联系电话", "電話"],
        email=["邮箱", "电子邮件"],
        card=["银行卡号", "信用卡"],
        ssn=["美国社会安全号码", "SSN"],
        order="订单号",
        invoice="发票",
        hi="你好",
        thanks="谢谢",
        please="请",
    ),
    "ko": dict(
        phone=["전화", "전화번호", "휴대폰"],
        email=["이메일", "메일"],
        card=["카드번호", "신용카드"],
        ssn=["사회보장번호", "SSN"],
        order="주문번호",
        invoice="청구서",
        hi="안녕하세요",
        thanks="감사합니다",
        please="부탁드립니다",
    ),
    "ar": dict(
        phone=["هاتف", "رقم الهاتف", "جوال"],
        email=["البريد الإلكتروني", "إيميل"],
        card=["رقم البطاقة", "بطاقة ائتمان"],
        ssn=["رقم الضمان الاجتماعي الأمريكي", "SSN"],
        order="طلب",
        invoice="فاتورة",
        hi="مرحبا",
        thanks="شكرا",
        please="من فضلك",
    ),
    "fa": dict(
        phone=["تلفن", "شماره تماس", "موبایل"],
        email=["ایمیل", "پست الکترونیک"],
        card=["شماره کارت", "کارت اعتباری"],
        ssn=["شماره تامین اجتماعی آمریکا", "SSN"],
        order="سفارش",
        invoice="فاکتور",
        hi="سلام",
        thanks="ممنون",
        please="لطفا",
    ),
}

# Words that name a kind without carrying a value (clean messages say these too).
MENTIONS = [
    "I lost my card yesterday, can you block it?",
    "call me tomorrow after lunch",
    "what's the best phone plan for roaming?",
    "the SSN field should be optional on this form",
    "my credit card got declined twice",
    "pls email me the summary",
    "we never store card numbers, only the last four",
    "phone support is closed on Sundays",
    "Do I need an SSN to open an account?",
    "The email bounced, can you resend?",
    "Redact phone numbers before sharing the export.",
    "validate the card number client-side",
    "Ich ruf dich morgen an.",
    "Je t'envoie un mail ce soir.",
    "Te llamo luego.",
    "Позвоню вечером.",
    "後で電話します。",
    "稍后给你发邮件。",
    "나중에 전화할게요.",
    "سأتصل بك غدا.",
    "Karte verloren, bitte sperren.",
    "mi carta è scaduta",
    "mijn telefoon is kapot",
]
CHAT_ABBR = [
    ("please", "pls"),
    ("you", "u"),
    ("your", "ur"),
    ("thanks", "thx"),
    ("because", "bc"),
    ("tomorrow", "tmrw"),
    ("message", "msg"),
    ("number", "nr"),
    ("the ", "teh "),
    ("receive", "recieve"),
]
DIGITS = string.digits
FULLWIDTH = str.maketrans("0123456789-+()", "０１２３４５６７８９－＋（）")


@dataclass
class Field:
    kind: str  # one of KINDS, or "decoy"
    key: str  # a machine key (JSON, YAML, SQL column, form field)
    label: str  # a human label, "" when the value is written unlabelled
    value: str
    note: str  # the variant, for the message's note


class Ctx:
    """One message being built: the locale's generators, its language, and what was placed."""

    def __init__(self, rng: random.Random, loc: str, gen: Generic):
        self.rng, self.loc, self.g = rng, loc, gen
        _, self.region, lang = LOCALES[loc]
        self.lang = lang
        self.lab = L.get(lang, L["en"])
        self.emitted: list[tuple[Field, str]] = []

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def emit(self, f: Field, prose: bool = False) -> str:
        """The value as it is written into the text (CJK prose may write it in full-width digits)."""
        v = f.value
        if prose and f.kind != "email" and self.loc in CJK and self.chance(0.3):  # look-alikes too, for fairness
            v = v.translate(FULLWIDTH)
            f.note += " fullwidth"
        self.emitted.append((f, v))
        return v

    def sentence(self) -> str:
        """A sentence of the locale's prose from Mimesis, without digits runs or '@' (they would be unlabelled values)."""
        for _ in range(20):
            s = self.g.text.sentence()
            if "@" not in s and sum(c.isdigit() for c in s) < 3 and len(s) < 220:
                return s
        return self.g.text.word()


def weighted(rng: random.Random, options: list[tuple[float, object]]):
    total = sum(w for w, _ in options)
    x = rng.random() * total
    for w, o in options:
        x -= w
        if x <= 0:
            return o
    return options[-1][1]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


# ---------------------------------------------------------------------------------------------- PII values
def make_ssn(c: Ctx) -> Field:
    area = c.rng.choice([a for a in range(1, 900) if a != 666])
    group, serial = c.rng.randint(1, 99), c.rng.randint(1, 9999)
    a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
    form = weighted(
        c.rng,
        [(55, "dash"), (20, "plain"), (11, "space"), (5, "dot"), (3, "slash"), (2, "nbsp"), (2, "endash"), (2, "underscore")],
    )
    sep = {
        "dash": "-",
        "plain": "",
        "space": " ",
        "dot": ".",
        "slash": "/",
        "nbsp": "\u00a0",
        "endash": "\u2013",
        "underscore": "_",
    }[form]
    labels = c.lab["ssn"] if c.lang != "en" else L["en"]["ssn"]
    label = "" if c.chance(0.2) else c.pick(labels)
    key = c.pick(["ssn", "social_security_number", "ssn", "tax_id", "SSN", "soc_sec"])
    return Field("us_ssn", key, label, sep.join((a, g, s)), f"ssn {form}" + ("" if label else " unlabelled"))


CARD_BRANDS = [  # (weight, brand, prefixes, lengths)
    (30, "visa", None, (16,)),
    (4, "visa", ["4"], (19,)),
    (2, "visa", ["4"], (13,)),
    (22, "mastercard", None, (16,)),
    (11, "amex", None, (15,)),
    (8, "discover", ["6011", "644", "645", "646", "647", "648", "649", "65"], (16,)),
    (6, "jcb", ["3528", "3530", "3540", "3566", "3589"], (16,)),
    (1, "jcb", ["2131", "1800"], (15,)),
    (4, "diners", ["36", "300", "301", "305", "38"], (14,)),
    (5, "maestro", ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6763"], (12, 13, 15, 16, 18, 19)),
    (4, "unionpay", ["62"], (16, 17, 18, 19)),
    (2, "mir", ["2200", "2201", "2202", "2204"], (16,)),
    (1, "rupay", ["60", "65", "81", "82"], (16,)),
]


def group_card(num: str, brand: str) -> list[str]:
    n = len(num)
    if n == 15:
        return [num[:4], num[4:10], num[10:]]
    if n == 14:
        return [num[:4], num[4:10], num[10:]]
    return [num[i : i + 4] for i in range(0, n, 4)]


def make_card(c: Ctx) -> Field:
    _, brand, prefixes, lengths = weighted(c.rng, [(w, (w, b, p, ln)) for w, b, p, ln in CARD_BRANDS])
    if prefixes is None:  # Mimesis draws Visa, Mastercard (2- and 5-series) and Amex
        ctype = {"visa": CardType.VISA, "mastercard": CardType.MASTER_CARD, "amex": CardType.AMERICAN_EXPRESS}[brand]
        num = c.g.payment.credit_card_number(ctype).replace(" ", "")
    else:
        length = c.pick(lengths)
        body = c.pick(prefixes)
        body += digits(c.rng, length - 1 - len(body))
        num = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(num) and 12 <= len(num) <= 19, num
    groups = group_card(num, brand)
    form = weighted(
        c.rng,
        [
            (45, "space"),
            (24, "plain"),
            (18, "dash"),
            (3, "dot"),
            (3, "nbsp" if c.loc in NBSP_LOCALES else "space"),
            (2, "doublespace"),
            (2, "slash"),
            (3, "mixed"),
        ],
    )
    if form == "plain":
        value = num
    elif form == "mixed":
        value = groups[0] + " " + "-".join(groups[1:]) if len(groups) > 2 else " ".join(groups)
    else:
        value = {"space": " ", "dash": "-", "dot": ".", "nbsp": "\u00a0", "doublespace": "  ", "slash": "/"}[form].join(groups)
    label = "" if c.chance(0.2) else c.pick(c.lab["card"])
    key = c.pick(["card_number", "cc_number", "pan", "card", "payment_card", "cardNumber"])
    return Field("credit_card", key, label, value, f"card {brand} {len(num)}d {form}" + ("" if label else " unlabelled"))


def draw_valid_number(c: Ctx, region: str) -> phonenumbers.PhoneNumber:
    """A valid number of `region`, drawn by keeping an example's leading digits and randomising the rest."""
    ntype = weighted(c.rng, [(55, PNT.MOBILE), (38, PNT.FIXED_LINE), (7, PNT.TOLL_FREE)])
    ex = phonenumbers.example_number_for_type(region, ntype) or phonenumbers.example_number(region)
    nsn = phonenumbers.national_significant_number(ex)
    for _ in range(400):
        keep = c.rng.randint(1, max(1, min(3, len(nsn) - 5)))
        cand = nsn[:keep] + digits(c.rng, len(nsn) - keep)
        num = phonenumbers.parse("+" + str(ex.country_code) + cand)
        if phonenumbers.is_valid_number(num):
            return num
    return ex


def us_custom(c: Ctx, nsn: str) -> tuple[str, str]:
    a, b, d = nsn[:3], nsn[3:6], nsn[6:]
    return weighted(
        c.rng,
        [
            (30, (f"({a}) {b}-{d}", "us paren")),
            (25, (f"{a}-{b}-{d}", "us dash")),
            (12, (f"{a}.{b}.{d}", "us dot")),
            (8, (f"1-{a}-{b}-{d}", "us 1-dash")),
            (6, (f"+1 {a} {b} {d}", "us +1 space")),
            (5, (f"{a}{b}{d}", "us plain")),
            (4, (f"({a}){b}-{d}", "us paren-tight")),
            (3, (f"+1 ({a}) {b}-{d}", "us +1 paren")),
            (3, (f"{a} {b} {d}", "us space")),
            (2, (f"001-{a}-{b}-{d}", "us 001")),
            (2, (f"+1.{a}.{b}.{d}", "us +1 dot")),
        ],
    )


def make_phone(c: Ctx) -> Field:
    region = c.region
    if c.chance(0.18):
        region = c.pick(["US", "US", "US", "GB", "DE", "IN", "FR", "BR", "JP", "AU", "MX", "NG", "PH", "SG", "AE", "ZA", "CA"])
    source = "mimesis" if region == c.region and c.chance(0.35) else "phonenumbers"
    value = None
    if source == "mimesis":
        for _ in range(30):  # the locale's own masks; keep only numbers of a possible length for the region
            cand = c.g.person.phone_number() if c.chance(0.5) else c.g.person.telephone()
            try:
                if phonenumbers.is_possible_number(phonenumbers.parse(cand, region)):
                    value, form = cand, "mimesis mask"
                    break
            except phonenumbers.NumberParseException:
                continue
        if value is None:
            source = "phonenumbers"
    if source == "phonenumbers":
        num = draw_valid_number(c, region)
        nsn = phonenumbers.national_significant_number(num)
        if region in ("US", "CA") and c.chance(0.55):
            value, form = us_custom(c, nsn)
        else:
            form = weighted(
                c.rng,
                [
                    (36, "national"),
                    (32, "international"),
                    (12, "e164"),
                    (6, "plain national"),
                    (5, "dots"),
                    (5, "00 intl"),
                    (4, "intl nospace"),
                ],
            )
            if form == "national":
                value = phonenumbers.format_number(num, PNF.NATIONAL)
            elif form == "international":
                value = phonenumbers.format_number(num, PNF.INTERNATIONAL)
            elif form == "e164":
                value = phonenumbers.format_number(num, PNF.E164)
            elif form == "plain national":
                value = "".join(ch for ch in phonenumbers.format_number(num, PNF.NATIONAL) if ch.isdigit())
            elif form == "dots":
                value = phonenumbers.format_number(num, PNF.INTERNATIONAL).replace(" ", ".").replace("-", ".")
            elif form == "00 intl":
                value = "00" + phonenumbers.format_number(num, PNF.INTERNATIONAL)[1:]
            else:
                value = phonenumbers.format_number(num, PNF.INTERNATIONAL).replace(" ", "").replace("-", "")
        form = f"{region.lower()} {form}"
    if c.loc in NBSP_LOCALES and " " in value and c.chance(0.12):
        value, form = value.replace(" ", "\u00a0"), form + " nbsp"
    if c.chance(0.09):
        ext = str(c.rng.randint(2, 99999) if c.chance(0.5) else c.rng.randint(10, 999))
        style = weighted(
            c.rng,
            [
                (30, f" ext. {ext}"),
                (25, f" x{ext}"),
                (15, f" ext {ext}"),
                (10, f"x{ext}"),
                (8, f" #{ext}"),
                (6, f" (ext. {ext})"),
                (6, f"-{ext}" if c.lang == "de" else f" ext.{ext}"),
            ],
        )
        value, form = value + style, form + " ext"
    label = "" if c.chance(0.22) else c.pick(c.lab["phone"])
    key = c.pick(["phone", "phone_number", "mobile", "tel", "contact_phone", "phoneNumber", "cell"])
    return Field("us_phone", key, label, value, f"phone {form}" + ("" if label else " unlabelled"))


TLD_BY_LOCALE = {
    "de": ".de",
    "de-at": ".at",
    "fr": ".fr",
    "es": ".es",
    "es-mx": ".com.mx",
    "it": ".it",
    "nl": ".nl",
    "pt-br": ".com.br",
    "pl": ".pl",
    "sv": ".se",
    "da": ".dk",
    "fi": ".fi",
    "cs": ".cz",
    "hu": ".hu",
    "ru": ".ru",
    "uk": ".com.ua",
    "kk": ".kz",
    "el": ".gr",
    "tr": ".com.tr",
    "ja": ".co.jp",
    "zh": ".cn",
    "ko": ".co.kr",
    "ar-eg": ".com.eg",
    "fa": ".ir",
    "en-gb": ".co.uk",
    "en-au": ".com.au",
    "en-ca": ".ca",
}
LATIN_NAMES = Generic(locale=Locale.EN, seed=SEED + 7)  # Latin-script local parts for non-Latin locales


def make_email(c: Ctx) -> Field:
    person = c.g.person if c.lang in ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "cs", "tr") else LATIN_NAMES.person
    first = "".join(ch for ch in person.first_name().lower() if ch.isascii() and ch.isalnum()) or "user"
    last = "".join(ch for ch in person.last_name().lower() if ch.isascii() and ch.isalnum()) or "mail"
    company = "".join(ch for ch in c.g.internet.slug(parts_count=2).split("-")[0] if ch.isalnum())
    domain = company + TLD_BY_LOCALE.get(c.loc, c.pick([".com", ".com", ".io", ".net", ".org", ".co"]))
    form = weighted(
        c.rng,
        [
            (25, "mimesis"),
            (25, "first.last"),
            (10, "flast"),
            (10, "mimesis username"),
            (6, "plus tag"),
            (5, "subdomain"),
            (4, "underscore"),
            (4, "digits"),
            (3, "role"),
            (3, "upper"),
            (5, "first"),
        ],
    )
    if form == "mimesis":
        value = c.g.person.email()
    elif form == "first.last":
        value = f"{first}.{last}@{domain}"
    elif form == "flast":
        value = f"{first[0]}{last}@{domain}"
    elif form == "mimesis username":
        value = c.g.person.username(mask=c.pick(["l.l", "l_d", "ld", "U.l", "l-l"])).lower() + "@" + domain
    elif form == "plus tag":
        value = (
            f"{first}+{c.pick(['newsletter', 'work', 'test', 'shop', 'billing'])}@{c.pick(['gmail.com', domain, 'outlook.com'])}"
        )
    elif form == "subdomain":
        value = f"{first}.{last}@{c.pick(['mail', 'eu', 'corp', 'students', 'lists'])}.{domain}"
    elif form == "underscore":
        value = f"{first}_{last}{c.rng.randint(1, 99)}@{c.pick(['yahoo.com', 'hotmail.com', domain, 'proton.me'])}"
    elif form == "digits":
        value = f"{first}{c.rng.randint(1960, 2012)}@{c.pick(['gmail.com', 'mail.ru', 'qq.com', 'naver.com', 'web.de', domain])}"
    elif form == "role":
        value = f"{c.pick(['billing', 'support', 'hr', 'office', 'info', 'sales'])}@{domain}"
    elif form == "upper":
        value = f"{first.capitalize()}.{last.upper()}@{domain.upper()}"
    else:
        value = f"{first}@{domain}"
    label = "" if c.chance(0.25) else c.pick(c.lab["email"])
    key = c.pick(["email", "email_address", "mail", "contact_email", "emailAddress", "reply_to"])
    return Field("email", key, label, value, f"email {form}" + ("" if label else " unlabelled"))


MAKERS = {"email": make_email, "us_phone": make_phone, "credit_card": make_card, "us_ssn": make_ssn}


# ---------------------------------------------------------------------------------------------- clean look-alikes
def iban(c: Ctx) -> str:
    for _ in range(3000):
        cc = c.pick(["DE", "GB", "NL", "AT", "CH", "IE", "DK", "FR", "ES", "BE", "PL", "SE", "IT"])
        bban = {
            "DE": lambda: digits(c.rng, 18),
            "GB": lambda: c.pick(["NWBK", "BARC", "HBUK", "LOYD"]) + digits(c.rng, 14),
            "NL": lambda: c.pick(["ABNA", "INGB", "RABO"]) + digits(c.rng, 10),
            "AT": lambda: digits(c.rng, 16),
            "CH": lambda: digits(c.rng, 17),
            "IE": lambda: c.pick(["AIBK", "BOFI"]) + digits(c.rng, 14),
            "DK": lambda: digits(c.rng, 14),
            "FR": lambda: digits(c.rng, 23),
            "ES": lambda: digits(c.rng, 20),
            "BE": lambda: digits(c.rng, 12),
            "PL": lambda: digits(c.rng, 24),
            "SE": lambda: digits(c.rng, 20),
            "IT": lambda: c.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + digits(c.rng, 22),
        }[cc]()
        number = cc + std_iban.calc_check_digits(cc + "00" + bban) + bban
        if std_iban.is_valid(number):
            return std_iban.format(number) if c.chance(0.7) else number
    raise RuntimeError("no valid IBAN drawn")


def isbn(c: Ctx) -> str:
    """Mimesis draws the digits; the prefix (978/979) and check digit are made valid with stdnum."""
    body = "".join(ch for ch in c.g.code.isbn(ISBNFormat.ISBN13) if ch.isdigit())
    number = c.pick(["978", "978", "979"]) + body[3:12]
    number += std_ean.calc_check_digit(number)  # ISBN-13 is an EAN-13
    if c.chance(0.25):
        number = std_isbn.to_isbn10(number) if number.startswith("978") else number
    assert std_isbn.is_valid(number), number
    return std_isbn.format(number) if c.chance(0.6) else number


def ean(c: Ctx) -> str:
    body = c.g.code.ean(EANFormat.EAN13 if c.chance(0.8) else EANFormat.EAN8)[:-1]
    number = body + std_ean.calc_check_digit(body)
    assert std_ean.is_valid(number), number
    return number


def isin(c: Ctx) -> str:
    body = c.pick(["US", "DE", "GB", "FR", "JP", "CH"]) + "".join(c.pick(DIGITS + "ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(9))
    return body + std_isin.calc_check_digit(body)


def vat(c: Ctx) -> str:
    for _ in range(3000):
        cc = c.pick(["DE", "IT", "BE", "PL", "FI", "DK", "AT"])
        body = {
            "DE": lambda: digits(c.rng, 9),
            "IT": lambda: digits(c.rng, 11),
            "BE": lambda: "0" + digits(c.rng, 9),
            "PL": lambda: digits(c.rng, 10),
            "FI": lambda: digits(c.rng, 8),
            "DK": lambda: digits(c.rng, 8),
            "AT": lambda: "U" + digits(c.rng, 8),
        }[cc]()
        if std_vat.is_valid(cc + body):
            return cc + body
    raise RuntimeError("no valid VAT number drawn")


def epoch(c: Ctx) -> int:
    return c.rng.randint(EPOCH_2019, EPOCH_2026)


def a_date(c: Ctx) -> str:
    d = c.g.datetime.date(start=YEARS[0], end=YEARS[1])
    return c.pick([d.isoformat(), d.strftime("%d.%m.%Y"), d.strftime("%m/%d/%Y"), d.strftime("%d %b %Y"), d.strftime("%Y/%m/%d")])


def amount(c: Ctx) -> str:
    v = c.rng.choice([c.rng.uniform(1, 99), c.rng.uniform(100, 9999), c.rng.uniform(10000, 9_999_999)])
    style = c.pick(["us", "us", "eu", "fr", "ch", "in", "jp"])
    if style == "us":
        return f"${v:,.2f}"
    if style == "eu":
        return f"{v:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + " €"
    if style == "fr":
        return f"{v:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"
    if style == "ch":
        return "CHF " + f"{v:,.2f}".replace(",", "'")
    if style == "in":
        whole = f"{int(v)}"
        head, tail = whole[:-3], whole[-3:]
        groups = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)][::-1]
        return "₹" + ",".join([g for g in groups if g] + [tail]) + f".{int(v * 100) % 100:02d}"
    return f"¥{int(v):,}"


def loc_label(c: Ctx, english: list[str], local: dict[str, str]) -> str:
    """An English label, or the user's language's one where we have it."""
    return local[c.lang] if c.lang in local and c.chance(0.6) else c.pick(english)


DECOYS = {  # name -> (key, label, value) maker; every value here is by construction none of the four kinds
    "order": lambda c: (
        "order_id",
        c.lab["order"],
        c.pick(
            [
                f"#{digits(c.rng, 3)}-{digits(c.rng, 7)}-{digits(c.rng, 7)}",
                f"ORD-{c.rng.randint(*YEARS)}-{digits(c.rng, 6)}",
                f"#{digits(c.rng, 8)}",
                f"SO{digits(c.rng, 10)}",
            ]
        ),
    ),
    "invoice": lambda c: (
        "invoice_no",
        c.lab["invoice"],
        c.pick(
            [
                f"INV-{digits(c.rng, 6)}",
                f"{c.rng.randint(*YEARS)}/{digits(c.rng, 5)}",
                f"RE-{digits(c.rng, 4)}-{digits(c.rng, 4)}",
                f"F{digits(c.rng, 9)}",
            ]
        ),
    ),
    "ticket": lambda c: (
        "ticket",
        "Ticket",
        c.pick(
            [
                f"INC{digits(c.rng, 7)}",
                f"JIRA-{c.rng.randint(100, 99999)}",
                f"#{c.rng.randint(1000, 999999)}",
                f"CS-{digits(c.rng, 3)}-{digits(c.rng, 4)}",
            ]
        ),
    ),
    "ups": lambda c: (
        "tracking",
        "UPS tracking",
        "1Z" + "".join(c.pick(DIGITS + "ABCDEFGHJKLMNPRSTUVWXY") for _ in range(6)) + digits(c.rng, 10),
    ),
    "fedex": lambda c: (
        "tracking_number",
        "FedEx tracking",
        digits(c.rng, 12) if c.chance(0.6) else f"{digits(c.rng, 4)} {digits(c.rng, 4)} {digits(c.rng, 4)}",
    ),
    "usps": lambda c: (
        "tracking",
        "USPS tracking",
        " ".join(["9400", digits(c.rng, 4), digits(c.rng, 4), digits(c.rng, 4), digits(c.rng, 4), digits(c.rng, 2)]),
    ),
    "dhl": lambda c: ("awb", "DHL waybill", digits(c.rng, 10)),
    "iban": lambda c: ("iban", "IBAN", iban(c)),
    "isbn": lambda c: ("isbn", "ISBN", isbn(c)),
    "ean": lambda c: ("ean", c.pick(["EAN", "GTIN", "barcode"]), ean(c)),
    "imei": lambda c: ("imei", "IMEI", c.g.code.imei()),
    "isin": lambda c: ("isin", "ISIN", isin(c)),
    "vat": lambda c: (
        "vat_id",
        loc_label(
            c, ["VAT", "VAT ID", "VAT no."], {"de": "USt-IdNr.", "fr": "TVA", "it": "P.IVA", "pl": "NIP", "nl": "btw-nummer"}
        ),
        vat(c),
    ),
    "licence": lambda c: (
        "drivers_license",
        loc_label(
            c,
            ["driver's license", "DL#", "licence no.", "driving licence"],
            {"de": "Führerschein-Nr.", "fr": "permis de conduire", "es": "licencia de conducir", "ja": "運転免許証番号"},
        ),
        c.pick(
            [
                c.pick("ABCDFGHJKLMNPRSTWY") + digits(c.rng, 7),
                f"{digits(c.rng, 3)} {digits(c.rng, 3)} {digits(c.rng, 3)}",
                f"{c.pick('ABCDEFGHJKLMNPRSTW')}{digits(c.rng, 3)}-{digits(c.rng, 3)}-{digits(c.rng, 2)}-{digits(c.rng, 3)}-{digits(c.rng, 1)}",
                digits(c.rng, 9),
                digits(c.rng, 8),
            ]
        ),
    ),
    "passport": lambda c: (
        "passport_no",
        loc_label(
            c,
            ["passport", "passport no.", "Passport #"],
            {"de": "Reisepass", "fr": "passeport", "ja": "パスポート番号", "ru": "паспорт", "es": "pasaporte", "zh": "护照号"},
        ),
        c.pick(
            [
                digits(c.rng, 9),
                c.pick("CFGHJK") + "".join(c.pick("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8)),
                c.pick(["AB", "XK", "EJ", "TR"]) + digits(c.rng, 7),
            ]
        ),
    ),
    "aws_account": lambda c: (
        "account_id",
        "AWS account",
        (
            digits(c.rng, 12)
            if c.chance(0.5)
            else f"arn:aws:iam::{digits(c.rng, 12)}:role/{c.g.internet.slug(parts_count=c.rng.randint(2, 3))}"
        ),
    ),
    "customer_id": lambda c: (
        "customer_id",
        "customer",
        c.pick(
            [
                f"cus_{''.join(c.pick(string.ascii_letters + DIGITS) for _ in range(14))}",
                f"C-{digits(c.rng, 8)}",
                f"ACCT{digits(c.rng, 10)}",
                f"{digits(c.rng, 4)}-{digits(c.rng, 6)}",
            ]
        ),
    ),
    "price": lambda c: (
        "total",
        loc_label(
            c,
            ["Total", "amount", "Amount due"],
            {"de": "Summe", "fr": "Montant", "ja": "合計", "es": "Importe", "zh": "金额", "ru": "Сумма"},
        ),
        amount(c),
    ),
    "date": lambda c: (
        "date",
        loc_label(c, ["date", "due", "shipped"], {"de": "Datum", "es": "fecha", "fr": "date", "ja": "日付", "pl": "data"}),
        a_date(c),
    ),
    "time": lambda c: (
        "time",
        loc_label(c, ["at", "time"], {"de": "um", "fr": "à", "ja": "時刻"}),
        c.pick(
            [
                f"{c.rng.randint(0, 23):02d}:{c.rng.randint(0, 59):02d}",
                f"{c.rng.randint(1, 12)}:{c.rng.randint(0, 59):02d} {c.pick(['AM', 'PM'])}",
                f"{c.rng.randint(0, 23):02d}:{c.rng.randint(0, 59):02d}:{c.rng.randint(0, 59):02d}.{digits(c.rng, 3)}",
            ]
        ),
    ),
    "duration": lambda c: (
        "duration_ms",
        c.pick(["took", "latency", "elapsed"]),
        c.pick(
            [
                f"{c.rng.randint(1, 99999)} ms",
                f"{c.rng.uniform(0, 900):.3f}s",
                f"{c.rng.randint(0, 99):02d}:{c.rng.randint(0, 59):02d}:{c.rng.randint(0, 59):02d}",
            ]
        ),
    ),
    "epoch_ms": lambda c: ("ts", "timestamp", str(epoch(c) * 1000 + c.rng.randint(0, 999))),
    "epoch_s": lambda c: ("created", "created_at", str(epoch(c))),
    "iso_ts": lambda c: (
        "timestamp",
        "ts",
        c.g.datetime.datetime(start=YEARS[0], end=YEARS[1]).strftime("%Y-%m-%dT%H:%M:%S") + c.pick(["Z", ".123Z", "+02:00", ""]),
    ),
    "ipv4": lambda c: (
        "ip",
        "IP",
        c.g.internet.ip_v4() if c.chance(0.7) else f"10.{c.rng.randint(0, 255)}.{c.rng.randint(0, 255)}.{c.rng.randint(1, 254)}",
    ),
    "ipv6": lambda c: ("ip6", "IPv6", c.g.internet.ip_v6()),
    "port": lambda c: ("port", "port", str(c.g.internet.port())),
    "version": lambda c: (
        "version",
        c.pick(["version", "v", "release"]),
        (
            c.g.development.version()
            if c.chance(0.6)
            else f"{c.rng.randint(1, 30)}.{c.rng.randint(0, 20)}.{c.rng.randint(0, 300)}.{c.rng.randint(1000, 99999)}"
        ),
    ),
    "build": lambda c: (
        "build",
        "build",
        c.pick(
            [
                f"{c.rng.randint(*YEARS)}{c.rng.randint(1, 12):02d}{c.rng.randint(1, 28):02d}.{c.rng.randint(1, 40)}",
                f"#{c.rng.randint(100, 99999)}",
            ]
        ),
    ),
    "sha": lambda c: (
        "commit",
        c.pick(["commit", "sha256", "digest"]),
        c.pick([c.g.cryptographic.hash()[: c.pick([7, 12, 40, 64])]]),
    ),
    "uuid": lambda c: ("request_id", c.pick(["request id", "trace", "id"]), c.g.cryptographic.uuid()),
    "coords": lambda c: (
        "location",
        c.pick(["coords", "lat/lon", "GPS"]),
        f"{c.g.address.latitude():.6f}, {c.g.address.longitude():.6f}",
    ),
    "zip": lambda c: (
        "postal_code",
        loc_label(
            c,
            ["ZIP", "postcode", "postal code"],
            {"de": "PLZ", "fr": "code postal", "ja": "〒", "pt": "CEP", "es": "C.P.", "nl": "postcode"},
        ),
        c.g.address.postal_code() if c.chance(0.7) else f"{digits(c.rng, 5)}-{digits(c.rng, 4)}",
    ),
    "sku": lambda c: (
        "sku",
        loc_label(c, ["SKU", "part no.", "P/N"], {"de": "Art.-Nr.", "fr": "réf.", "ja": "品番"}),
        c.pick(
            [
                f"{c.pick(string.ascii_uppercase)}{c.pick(string.ascii_uppercase)}-{digits(c.rng, 4)}-{digits(c.rng, 3)}",
                f"{digits(c.rng, 3)}.{digits(c.rng, 3)}.{digits(c.rng, 2)}",
                f"{digits(c.rng, 6)}-{digits(c.rng, 3)}",
            ]
        ),
    ),
    "pid": lambda c: ("pid", "pid", str(c.rng.randint(2, 4_194_303))),
    "masked_card": lambda c: (
        ("card_last4", c.pick(["card ending", "Visa ••••", "last 4"]), digits(c.rng, 4))
        if c.chance(0.4)
        else (
            "card_masked",
            c.pick(["card", "Mastercard", "paid with"]),
            c.pick([f"**** **** **** {digits(c.rng, 4)}", f"XXXX-XXXX-XXXX-{digits(c.rng, 4)}", f"•••• {digits(c.rng, 4)}"]),
        )
    ),
    "masked_ssn": lambda c: (
        "ssn_last4",
        "SSN",
        c.pick([f"***-**-{digits(c.rng, 4)}", f"XXX-XX-{digits(c.rng, 4)}", f"last four {digits(c.rng, 4)}"]),
    ),
    "phone_model": lambda c: ("device", c.pick(["phone", "device"]), c.g.hardware.phone_model()),
    "mac": lambda c: ("mac", "MAC", c.g.internet.mac_address()),
    "count": lambda c: ("rows", c.pick(["rows", "items", "users", "requests"]), f"{c.rng.randint(1000, 99_999_999):,}"),
    "attempts": lambda c: ("pin_attempts", "attempts", str(c.rng.randint(1, 5))),
}
DECOY_NAMES = sorted(DECOYS)
HARD_DECOYS = [
    "fedex",
    "usps",
    "dhl",
    "imei",
    "licence",
    "passport",
    "aws_account",
    "epoch_ms",
    "epoch_s",
    "iban",
    "isbn",
    "ean",
    "order",
    "masked_card",
    "masked_ssn",
    "customer_id",
    "zip",
    "sku",
]
ODD_AT = [  # mailbox-like strings that are not e-mail addresses
    "@app.route('/api/v1/orders')",
    '@pytest.fixture(scope="session")',
    "@Override",
    "@media (max-width: 600px)",
    "@import url(theme.css);",
    "npm i @types/node@20.11.5",
    "@babel/core@7.24.0",
    "cc @devops-oncall",
    "ping @maria",
    "python@sha256:9f2a1c",
    "deploy@web-01:~$",
    "@Component({selector: 'app-root'})",
    "ubuntu@ip-10-0-3-17:~$",
    "@SpringBootApplication",
    "follow @acme_support",
]


SELF_EVIDENT = {
    "date",
    "time",
    "duration",
    "iso_ts",
    "ipv4",
    "ipv6",
    "version",
    "sha",
    "uuid",
    "coords",
    "price",
    "count",
    "mac",
    "ups",
    "iban",
    "isin",
}


def decoy(c: Ctx, name: str | None = None) -> Field:
    name = name or (c.pick(HARD_DECOYS) if c.chance(0.55) else c.pick(DECOY_NAMES))
    key, label, value = DECOYS[name](c)
    if name in SELF_EVIDENT and c.chance(0.3):  # a date, an IP or a hash needs no label to be seen as one
        label, name = "", name + " unlabelled"
    return Field("decoy", key, label, value, name)


# ---------------------------------------------------------------------------------------------- message shapes
def phrase(c: Ctx, f: Field) -> str:
    """A field written in prose: labelled in one of the ways people type, or bare; sometimes wrapped or glued."""
    v = c.emit(f, prose=True)
    if c.chance(0.12):
        v = c.pick(['"{}"', "({})", "[{}]", "<{}>" if f.kind == "email" else "«{}»", "`{}`", "'{}'"]).format(v)
        f.note += " wrapped"
    if not f.label:
        return v
    style = weighted(
        c.rng,
        [
            (35, "{l}: {v}"),
            (25, "{l} {v}"),
            (8, "{l}:{v}"),
            (8, "{l} - {v}"),
            (8, "{v} ({l})"),
            (8, "{l} = {v}"),
            (8, "{l} is {v}" if c.lang == "en" else "{l}：{v}" if c.loc in CJK else "{l}: {v}"),
        ],
    )
    return style.format(l=f.label, v=v)


def prose_lines(c: Ctx, fields: list[Field], filler: float = 0.6) -> list[str]:
    out = []
    for f in fields:
        if c.chance(filler):
            out.append(c.sentence())
        p = phrase(c, f)
        if c.chance(0.15):
            p += c.pick([".", ",", ";", "!", "?", ")."])
            f.note += " glued"
        out.append(p)
    return out


def sh_slack(c, fields):
    names = [c.g.person.first_name().lower() for _ in range(3)]
    lines, h, m = [], c.rng.randint(7, 20), c.rng.randint(0, 50)
    for i, line in enumerate(prose_lines(c, fields) + ([c.pick(MENTIONS)] if c.chance(0.4) else [])):
        m += c.rng.randint(0, 4)
        lines.append(f"[{h:02d}:{m % 60:02d}] {names[i % len(names)]}: {line}")
    return "\n".join(lines)


def sh_teams(c, fields):
    who = c.g.person.full_name()
    d = c.g.datetime.date(start=YEARS[0], end=YEARS[1])
    body = " ".join(prose_lines(c, fields, 0.5))
    return f"{who}  {d.strftime('%m/%d/%Y')} {c.rng.randint(1, 12)}:{c.rng.randint(0, 59):02d} PM\n{c.lab['hi']}! {body}\n{c.lab['thanks']}"


def sh_ticket(c, fields):
    t = DECOYS["ticket"](c)[2]
    pri = c.pick(["P1", "P2", "P3", "Low", "High", "Normal"])
    desc = "\n".join(prose_lines(c, fields, 0.4))
    return (
        f"Ticket {t} | Priority: {pri} | Status: {c.pick(['Open', 'Pending', 'New'])}\nRequester: {c.g.person.full_name()}\n"
        f"Subject: {c.g.text.title()[:60]}\n\nDescription:\n{desc}\n\n-- {c.pick(['submitted via web form', 'via email', 'phone intake'])}"
    )


def sh_access_log(c, fields):
    lines = []
    for f in fields:
        v = c.emit(f)
        q = urllib.parse.quote(v, safe=c.pick(["@+-.", "@-.", "-."]))
        path = c.pick(["/api/v2/customers", "/checkout", "/signup", "/search", "/account/update"])
        ts = c.g.datetime.datetime(start=YEARS[0], end=YEARS[1]).strftime("%d/%b/%Y:%H:%M:%S +0000")
        lines.append(
            f'{c.g.internet.ip_v4()} - - [{ts}] "{c.pick(["GET", "POST"])} {path}?{f.key}={q}&page={c.rng.randint(1, 9)} HTTP/1.1" '
            f'{c.pick([200, 200, 302, 400, 404])} {c.rng.randint(120, 98000)} "-" "{c.g.internet.user_agent()[:60]}"'
        )
        if q != v:
            f.note += " urlencoded"
            c.emitted[-1] = (f, q)
    return "\n".join(lines)


def sh_json_log(c, fields):
    rec = {
        "ts": DECOYS["iso_ts"](c)[2],
        "level": c.pick(["INFO", "WARN", "ERROR", "DEBUG"]),
        "service": c.g.internet.slug(parts_count=2),
        "msg": c.pick(["request received", "validation failed", "profile updated", "payment attempt", "webhook delivered"]),
    }
    ctx = {}
    for f in fields:
        ctx[f.key if f.key not in ctx else f.key + "_2"] = c.emit(f)
    rec[c.pick(["ctx", "fields", "payload", "user"])] = ctx
    rec["trace_id"] = c.g.cryptographic.uuid()
    return json.dumps(rec, ensure_ascii=False) if c.chance(0.7) else json.dumps(rec, ensure_ascii=False, indent=2)


def sh_stacktrace(c, fields):
    def python_frame():
        module, line = c.g.internet.slug(parts_count=2).split("-")[0], c.rng.randint(10, 900)
        return f'  File "/srv/app/{module}.py", line {line}, in {c.pick(["handle", "validate", "save", "post"])}'

    def java_frame():
        package = c.g.internet.slug(parts_count=c.rng.randint(2, 3)).replace("-", "")
        cls, method = c.pick(["Customer", "Billing", "Order"]), c.pick(["save", "update"])
        return f"\tat com.{package}.service.{cls}Service.{method}(Service.java:{c.rng.randint(20, 600)})"

    frames = "\n".join(python_frame() for _ in range(c.rng.randint(2, 4)))
    msgs = [f"{f.key}='{c.emit(f)}'" for f in fields]
    if c.chance(0.5):
        return f"Traceback (most recent call last):\n{frames}\nValueError: could not save record: {', '.join(msgs)}"
    java = "\n".join(java_frame() for _ in range(3))
    return f"Exception in thread \"main\" java.lang.IllegalStateException: rejected {'; '.join(msgs)}\n{java}"


def sh_yaml(c, fields):
    lines = [
        f"# {c.pick(['fixture', 'seed data', 'staging config', 'contact sheet'])}",
        f"{c.pick(['customer', 'contact', 'account', 'billing'])}:",
        f"  name: {c.g.person.full_name()}",
    ]
    for f in fields:
        v = c.emit(f)
        lines.append(f"  {f.key}: " + (f'"{v}"' if c.chance(0.5) else v))
    return "\n".join(lines)


def sh_toml(c, fields):
    lines = [f"[{c.pick(['owner', 'support', 'billing', 'alerts'])}]", f'name = "{c.g.person.full_name()}"']
    lines += [f'{f.key} = "{c.emit(f)}"' for f in fields]
    return "\n".join(lines)


def sh_sql(c, fields):
    cols = ["id", "name"] + [f.key for f in fields]
    vals = [str(c.rng.randint(1, 99999)), "'" + c.g.person.full_name().replace("'", "''") + "'"] + [
        f"'{c.emit(f)}'" for f in fields
    ]
    table = c.pick(["customers", "users", "contacts", "payments", "leads"])
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(vals)});" + ("\nCOMMIT;" if c.chance(0.3) else "")


def sh_html(c, fields):
    rows = []
    for f in fields:
        v = c.emit(f)
        if f.kind == "email" and c.chance(0.4):
            rows.append(f'<a href="mailto:{v}">{v}</a>')
        elif f.kind == "us_phone" and c.chance(0.4):
            rows.append(f'<a href="tel:{v.replace(" ", "")}">{v}</a>')
            c.emitted.append((f, v.replace(" ", "")))
        else:
            rows.append(f'<label>{f.label or f.key}</label> <input name="{f.key}" value="{v}">')
    return f'<form action="/{c.pick(["submit", "contact", "checkout"])}" method="post">\n  ' + "\n  ".join(rows) + "\n</form>"


def sh_vcard(c, fields):
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{c.g.person.full_name()}", f"ORG:{c.g.finance.company()}"]
    for f in fields:
        v = c.emit(f)
        if f.kind == "us_phone":
            lines.append(f"TEL;TYPE={c.pick(['CELL', 'WORK', 'HOME', 'VOICE'])}:{v}")
        elif f.kind == "email":
            lines.append(f"EMAIL;TYPE=INTERNET:{v}")
        else:
            lines.append(f"NOTE:{f.label or f.key} {v}")
    lines.append(f"ADR:;;{c.g.address.address()};{c.g.address.city()};;{c.g.address.postal_code()};")
    return "\n".join(lines + ["END:VCARD"])


def sh_email_thread(c, fields):
    me, them = c.g.person.full_name(), c.g.person.full_name()
    half = len(fields) // 2
    new, quoted = fields[: half + (len(fields) % 2)], fields[half + (len(fields) % 2) :]
    body = "\n".join(prose_lines(c, new, 0.5))
    q = "\n".join("> " + line for line in prose_lines(c, quoted, 0.7)) if quoted else "> " + c.sentence()
    when = c.g.datetime.date(start=YEARS[0], end=YEARS[1])
    sig = f"--\n{me}\n{c.g.finance.company()}"
    return f"Subject: Re: {c.g.text.title()[:50]}\n\n{c.lab['hi']} {them.split()[0]},\n{body}\n\n{sig}\n\nOn {when} {them} wrote:\n{q}"


def sh_tsv(c, fields, sep="\t"):
    header = ["name"] + [f.key for f in fields] + ["updated"]
    rows = [sep.join(header)]
    for i in range(c.rng.randint(1, 3)):
        cells = [c.g.person.full_name()]
        for f in fields:
            cells.append(c.emit(f) if i == 0 else (DECOYS["date"](c)[2] if f.kind == "decoy" else ""))
        cells.append(a_date(c))
        rows.append(sep.join(cells))
    return "\n".join(rows)


def sh_csv(c, fields):
    return sh_tsv(c, fields, sep=",") if not any("," in f.value for f in fields) else sh_tsv(c, fields, sep=";")


def sh_invoice(c, fields):
    lines = [
        f"{c.g.finance.company()}",
        f"{c.g.address.address()}, {c.g.address.city()}",
        f"{c.lab['invoice']} {DECOYS['invoice'](c)[2]}",
        f"{c.g.datetime.date(start=YEARS[0], end=YEARS[1]).isoformat()}",
        "-" * 32,
    ]
    for _ in range(c.rng.randint(1, 3)):
        lines.append(f"{c.g.food.dish()[:24]:<24} {c.rng.randint(1, 5)} x {c.rng.uniform(1, 80):.2f}")
    lines.append(f"{'TOTAL':<24} {amount(c)}")
    lines += [f"{(f.label or f.key).upper()}: {c.emit(f)}" for f in fields]
    return "\n".join(lines)


def chatify(c, text):
    text = text.lower() if c.chance(0.6) else text
    for a, b in CHAT_ABBR:
        if c.chance(0.5):
            text = text.replace(a, b)
    return text


def sh_chat_typos(c, fields):
    parts = []
    for f in fields:
        lead = chatify(c, c.pick(["hey so", "ok here", "sry, forgot -", "yo", "np,", "fyi", "hmm"]))
        parts.append(f"{lead} {phrase(c, f)}")
    extra = chatify(c, c.pick(MENTIONS + ["lmk asap", "thx!!", "brb", "can u check pls"]))
    return " ".join(parts) + (" " if c.chance(0.5) else "\n") + extra


def sh_markdown(c, fields):
    out = [f"## {c.g.text.title()[:50]}", "", c.sentence(), ""]
    if c.chance(0.5):
        out += ["| field | value |", "|---|---|"] + [f"| {f.label or f.key} | {c.emit(f)} |" for f in fields]
    else:
        out += [f"- **{f.label or f.key}**: {c.emit(f)}" if c.chance(0.5) else f"- {phrase(c, f)}" for f in fields]
    if c.chance(0.3):
        out += ["", "```", f"curl -s https://api.{c.g.internet.slug(parts_count=c.rng.randint(2, 3))}.example/v1/status", "```"]
    return "\n".join(out)


def sh_cli_table(c, fields):
    rows = [(f.key, c.emit(f)) for f in fields]
    w1 = max(len(k) for k, _ in rows + [("FIELD", "")])
    w2 = max(len(v) for _, v in rows + [("", "VALUE")])
    bar = f"+-{'-' * w1}-+-{'-' * w2}-+"
    body = [f"| {k:<{w1}} | {v:<{w2}} |" for k, v in rows]
    return "\n".join(
        [
            f"$ {c.pick(['acmectl get customer', 'crm show', 'kubectl describe cm'])} {c.rng.randint(100, 9999)}",
            bar,
            f"| {'FIELD':<{w1}} | {'VALUE':<{w2}} |",
            bar,
        ]
        + body
        + [bar]
    )


def sh_code(c, fields):
    lang = c.pick(["python", "js", "java", "go", "ruby", "php", "csharp"])
    kv = [(f.key, c.emit(f)) for f in fields]
    if lang == "python":
        body = "\n".join(f'    "{k}": "{v}",' for k, v in kv)
        name = c.g.internet.slug(parts_count=c.rng.randint(2, 3)).replace("-", "_")
        return f"def test_{name}():\n    payload = {{\n{body}\n    }}\n    assert client.post('/api', json=payload).ok"
    if lang == "js":
        return "const user = {\n" + "\n".join(f"  {k}: '{v}'," for k, v in kv) + "\n};\nawait api.save(user);"
    if lang == "java":
        return (
            "Customer c = new Customer();\n"
            + "\n".join(f'c.set{k[0].upper() + k[1:]}("{v}");' for k, v in kv)
            + "\nrepo.save(c);"
        )
    if lang == "go":
        return "u := User{\n" + "\n".join(f'\t{k.title().replace("_", "")}: "{v}",' for k, v in kv) + "\n}"
    if lang == "ruby":
        return "Contact.create!(\n" + ",\n".join(f"  {k}: '{v}'" for k, v in kv) + "\n)"
    if lang == "php":
        return "$row = [\n" + "\n".join(f"    '{k}' => '{v}'," for k, v in kv) + "\n];"
    return "var dto = new ContactDto {\n" + ",\n".join(f'    {k.title().replace("_", "")} = "{v}"' for k, v in kv) + "\n};"


def sh_prose(c, fields):
    return f"{c.lab['hi']}, " + " ".join(prose_lines(c, fields, 0.7)) + f" {c.lab['thanks']}!"


def sh_letter(c, fields):
    name = c.g.person.full_name()
    addr = f"{c.g.address.address()}\n{c.g.address.postal_code()} {c.g.address.city()}"
    return f"{name}\n{addr}\n\n{c.lab['hi']},\n" + "\n".join(prose_lines(c, fields, 0.5)) + f"\n\n{c.lab['thanks']},\n{name}"


def sh_support_chat(c, fields):
    agent = c.g.person.first_name()
    lines = [f"Agent ({agent}): {c.pick(['How can I help?', 'Can you verify your details?', 'What seems to be the problem?'])}"]
    for f in fields:
        lines.append(f"Customer: {phrase(c, f)}")
        lines.append(f"Agent ({agent}): {c.pick(['Thanks, one moment.', 'Got it.', 'Let me check.', 'OK'])}")
    return "\n".join(lines)


def sh_kv_env(c, fields):
    lines = [f"# .env.{c.pick(['staging', 'test', 'local'])}"]
    lines += [f"{f.key.upper()}={c.emit(f)}" if " " not in f.value else f'{f.key.upper()}="{c.emit(f)}"' for f in fields]
    return "\n".join(lines)


SHAPES = {
    "slack": (8, sh_slack),
    "teams": (4, sh_teams),
    "ticket": (7, sh_ticket),
    "access_log": (4, sh_access_log),
    "json_log": (6, sh_json_log),
    "stacktrace": (3, sh_stacktrace),
    "yaml": (4, sh_yaml),
    "toml": (2, sh_toml),
    "sql": (4, sh_sql),
    "html": (4, sh_html),
    "vcard": (3, sh_vcard),
    "email_thread": (7, sh_email_thread),
    "tsv": (4, sh_tsv),
    "csv": (4, sh_csv),
    "invoice": (4, sh_invoice),
    "chat_typos": (7, sh_chat_typos),
    "markdown": (4, sh_markdown),
    "cli_table": (3, sh_cli_table),
    "code": (6, sh_code),
    "prose": (8, sh_prose),
    "letter": (3, sh_letter),
    "support_chat": (5, sh_support_chat),
    "env_file": (2, sh_kv_env),
}


def build_message(rng: random.Random, gens: dict[str, Generic], kinds: tuple[str, ...]) -> dict:
    loc = weighted(rng, [(w, code) for code, (w, _, _) in LOCALES.items()])
    c = Ctx(rng, loc, gens[loc])
    shape = weighted(rng, [(w, name) for name, (w, _) in SHAPES.items()])
    pii = [MAKERS[k](c) for k in kinds]
    if kinds and c.chance(0.1):  # a second value of a kind already there (office and mobile, two addresses)
        pii.append(MAKERS[c.pick(kinds)](c))
    n_decoys = rng.randint(2, 5) if not kinds else weighted(rng, [(30, 0), (35, 1), (25, 2), (10, 3)])
    fields = pii + [decoy(c) for _ in range(n_decoys)]
    rng.shuffle(fields)
    text = SHAPES[shape][1](c, fields)
    if not kinds and c.chance(0.2):
        text += "\n" + c.pick(ODD_AT)
    if not kinds and shape not in ("slack", "chat_typos") and c.chance(0.2):
        text += "\n" + c.pick(MENTIONS)
    for f in pii:  # every PII value was written, and is in the text as written
        written = [v for g, v in c.emitted if g is f]
        assert written and all(v in text for v in written), (shape, f)
    notes = [f.note for f in pii] or ["clean " + ",".join(sorted({f.note for f in fields}))]
    return {"text": text, "kinds": sorted(set(kinds)), "note": f"{shape} {loc} " + "; ".join(notes)}


def kind_plan(rng: random.Random) -> list[tuple[str, ...]]:
    """700 positives: 560 with one kind, 120 with two, 20 with three; 700 clean."""
    singles = ["us_phone"] * 165 + ["email"] * 135 + ["credit_card"] * 130 + ["us_ssn"] * 130
    pairs = [tuple(rng.sample(KINDS, 2)) for _ in range(120)]
    triples = [tuple(rng.sample(KINDS, 3)) for _ in range(20)]
    plan = [(k,) for k in singles] + pairs + triples + [()] * N_CLEAN
    assert len(plan) == N_PII + N_CLEAN
    rng.shuffle(plan)
    return plan


def generate() -> list[dict]:
    rng = random.Random(SEED)
    gens = {loc: Generic(locale=Locale(loc), seed=SEED + i) for i, loc in enumerate(LOCALES)}
    seen, out = set(), []
    for kinds in kind_plan(rng):
        for _ in range(20):
            msg = build_message(rng, gens, kinds)
            if msg["text"] not in seen:
                break
        else:
            raise RuntimeError("could not draw a unique message")
        seen.add(msg["text"])
        out.append(msg)
    return out


def render(messages: list[dict]) -> str:
    return "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages)


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # Mimesis and set iteration must not depend on the hash seed
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="regenerate in memory; exit 1 if the file differs")
    parser.add_argument("--out", type=Path, default=OUT, help="the file to write or check (default: %(default)s)")
    args = parser.parse_args()
    text = render(generate())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale or edited: run scripts/make_heldout4.py to rewrite it", file=sys.stderr)
            return 1
        print(f"{args.out} is current")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
