"""PII guardrail for the LiteLLM proxy: email, US SSN, phone (any country), payment card.

Two halves in one file, so the proxy needs nothing beyond the stock image:

* Detection (top of the file): standard library only, importable without
  LiteLLM (the measurement scripts and the unit tests use it).  Why not a
  library: the stock LiteLLM image ships neither phonenumbers nor Presidio;
  Presidio (spaCy) cost 13-67 ms a message here against a median of 14-28 us
  for this module, and scored lower on every independent evaluation set
  (README, "PII guardrail").
  Text is normalised first (``normalize``: NFKC, invisible and combining
  marks removed, every decimal digit folded to ASCII, every dash to '-');
  findings are reported at their positions in the raw text.  What a plain
  regex cannot check is checked in code: Luhn and issuer prefix/length for
  cards (12-19 digits, any separator), SSA ranges for SSNs, the written
  shapes of phone numbers (international with + or 00, checked against a
  table of country calling codes and national lengths derived from
  libphonenumber's metadata; North American 3-3-4 with or without +1/001
  and extensions; national numbers with a trunk 0; digit groups written as
  people write local numbers unless a label excuses them; and any other
  4-15 digit number a phone word, in one of many languages, points at).
  Context decides bare numbers: a label such as "order", "invoice",
  "licence", "IMEI", "Reisepass", any "...nummer" compound, a CSV/HTML/SQL
  column named so, a currency or a unit excuses a number; "SSN", "social",
  "tax id", "phone", "card" convict one.  The rules were found from the
  structure of misses on systematic stress sets (scripts/make_stress_sets.py:
  every phone region x number type x written form, every card brand x length
  x grouping, look-alikes) rather than from single lines.  Cost is linear in
  the text (bounded repeats, regexes that skip to their first character,
  label patterns tried only where a label can start, context words found once
  per text); scripts/measure_guardrail.py --bench prints it.
* ``PiiGuardrail`` (bottom): the LiteLLM custom guardrail.  Config uses it as
  ``guardrail: pii_guardrail.PiiGuardrail``; LiteLLM loads this file from the
  directory of config.yaml.  pre_call: HTTP 400 naming the kinds found (never
  the values).  post_call: masks values in answers, streaming included.

Kinds use LiteLLM's prebuilt pattern names: email, us_ssn, us_phone (here: a
phone number of any country), credit_card.
"""
import bisect
import copy
import functools
import itertools
import json
import re
import threading
import unicodedata


class _PerText(threading.local):
    """What detection caches for one text (cleared by _find), one set per thread: a large request is
    scanned in a worker thread while the event loop scans others, and neither may clear or fill the other's."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.turns = {}       # id(text) -> (text, is a support transcript)
        self.word_index = {}  # (regex, text) -> where the regex matches in the text: one pass per text, not per value
        self.worded = {}      # id(text) -> (text, any phone word in it)
        self.runs = []        # spans of digit groups the phone and card rules read as one candidate


_PER_TEXT = _PerText()
from typing import NamedTuple

EMAIL, US_SSN, US_PHONE, CREDIT_CARD = "email", "us_ssn", "us_phone", "credit_card"
KINDS = (EMAIL, US_SSN, US_PHONE, CREDIT_CARD)
_PRIORITY = {CREDIT_CARD: 0, US_SSN: 1, US_PHONE: 2, EMAIL: 3}

# Request fields that carry user text (chat, completions, embeddings, responses, messages, rerank).
REQUEST_TEXT_FIELDS = ("messages", "prompt", "input", "system", "instructions", "suffix", "query", "documents")


class Finding(NamedTuple):
    kind: str
    start: int
    end: int


# ---------------------------------------------------------------- normalisation
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"), "-")
_PERCENT_CHAR = r"%[2-7][0-9A-Fa-f]|%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3}"  # printable ASCII, UTF-8
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+|" + _PERCENT_CHAR)  # and percent-escapes of one character
_PERCENT_CHAR_RE = re.compile(_PERCENT_CHAR)
# A form body (key=value&key=value): a '+' in a value is a space ("SSN%3A+536-22-8726"), read before "%2B" is '+'
_FORM_BODY_RE = re.compile(r"[\w.\-\[\]]{1,30}=[^&\s=]*(?:&[\w.\-\[\]]{1,30}=[^&\s=]*)+")


def _form_spaces(text: str) -> str:
    """``text`` with the '+' of its form bodies read as spaces (same length)."""
    if "+" not in text or "&" not in text or "=" not in text:
        return text
    return _FORM_BODY_RE.sub(lambda m: m.group(0).replace("+", " "), text)


def _percent_decoded(escape: str) -> str:
    """One percent-escaped character ("%40", "%C3%B6"), normalised; the escape itself if it is not UTF-8."""
    try:
        return "".join(_fold(c) if not c.isascii() else c for c in bytes.fromhex(escape.replace("%", "")).decode())
    except UnicodeDecodeError:
        return escape


@functools.lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """One non-ASCII character, normalised (may be empty or several characters)."""
    if ch in "\u00a0\u2007\u202f":
        return " "
    if unicodedata.category(ch) in ("Cf", "Mn", "Me"):  # zero-width, joiners, bidi marks, combining marks
        return ""
    out = unicodedata.normalize("NFKC", ch).translate(_DASHES)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                   for c in out if unicodedata.category(c) not in ("Cf", "Mn", "Me"))


# Markdown bold that opens on a number and closes inside it ("**+55 03 **35704608", "**5714**6147"): the
# markers are formatting, read as if absent (not "2**31", no bold opens there)
_BOLD_IN_NUMBER_RE = re.compile(r"(?<![\w*])\*\*(?=[+(]?\d)[^*\n]{1,30}?\*\*(?=[\d\-.])"
                                r"|(?<=\d)\*\*(?:[\d.\-\u2010-\u2015]|[^\S\n]){1,30}?(?<=\d)\*\*(?![\w*])")  # or inside it to its end (236**833 63903**)


# HTML that a reader never sees inside a value: a word-break hint (niccolò.ricci<wbr>@vinicola.name) and bold or
# italics tags touching digits (<b>902</b> 213 707)
_INVISIBLE_TAG_RE = re.compile(r"<wbr[ \t]*/?>|(?<=\d)</(?:b|i|u|em|strong)>|<(?:b|i|u|em|strong)>(?=[+(]?\d)"
                               # a Word run boundary inside a paragraph (word/document.xml): Word shows the runs' text as one
                               r"|</w:t>[ \t]*</w:r>[ \t]*<w:r(?:[ \t][^<>]{0,80})?>(?:<w:rPr>(?:<[^<>]{0,80}>){0,12}</w:rPr>)?"
                               r"<w:t(?:[ \t][^<>]{0,40})?>", re.I)


_UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")  # kana, Han, Hangul, Thai


def _field_break(text: str, m) -> int:
    """1 if a Word run boundary falls between a number and a letter ("555-0132</w:t>...<w:t>card: ..."): one field
    ends and the next one's label starts, so its last '>' is kept between them (joined, the number would run into
    the word and read as no number at all); 0 for a boundary inside a value or a word, which goes entirely."""
    return int(m.group(0).startswith("</w:t>") and text[m.start() - 1:m.start()].isdigit()
               and text[m.end():m.end() + 1].isalpha())


def _normalize_map(text: str):
    """(normalised text, index in ``text`` of each normalised character or None if unchanged)."""
    text = _form_spaces(text)
    if "^FD" in text:  # a ZPL label's field data, ^FD<value>^FS: the command's letters are not the value's (same length)
        text = text.replace("^FD", "^F ")
    if "**" in text or "<" in text:
        cut = {i for m in _BOLD_IN_NUMBER_RE.finditer(text) for i in (m.start(), m.start() + 1, m.end() - 2, m.end() - 1)}
        cut.update(i for m in _INVISIBLE_TAG_RE.finditer(text) for i in range(m.start(), m.end() - _field_break(text, m)))
        if cut:
            kept = [i for i in range(len(text)) if i not in cut]
            norm, where = _normalize_map("".join(text[i] for i in kept))
            return norm, [kept[i] for i in (where or range(len(norm)))]
    if text.isascii() and "%" not in text:
        return text, None
    parts, where, pos = [], [], 0
    for m in _NON_ASCII_RE.finditer(text):
        parts.append(text[pos:m.start()])
        where.extend(range(pos, m.start()))
        if m.group(0)[0] == "%":  # a URL's "%40", "%20": the text a browser or a server reads
            decoded = _percent_decoded(m.group(0))
            parts.append(decoded)
            where.extend([m.start()] * len(decoded) if decoded != m.group(0) else range(m.start(), m.end()))
            pos = m.end()
            continue
        folded = [_fold(ch) for ch in m.group(0)]
        if _UNSPACED_RE.match(folded[0]) and text[m.start() - 1:m.start()].isdigit():
            folded[0] = " " + folded[0]  # scripts written without spaces glue a number to the word next to it:
        if _UNSPACED_RE.match(folded[-1][-1:]) and text[m.end():m.end() + 1].isdigit():
            folded[-1] += " "  # "カード番号4111...で", "番号は405-66-8488だよ" (a space keeps the number's edges)
        parts.extend(folded)
        if all(len(f) == 1 for f in folded):
            where.extend(range(m.start(), m.end()))
        else:
            for i, f in enumerate(folded, m.start()):
                where.extend([i] * len(f))
        pos = m.end()
    parts.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(parts), where


def normalize(text: str) -> str:
    """NFKC, invisible/format/combining marks removed, decimal digits of every script and full-width
    digits folded to ASCII, U+2212 and the other dashes to '-'.  find_pii() applies it itself."""
    return _normalize_map(text)[0] if isinstance(text, str) else text


_canonical = normalize  # older name


# ---------------------------------------------------------------- patterns
# Between digit groups: one dash, dot, slash or underscore (spaces around allowed), 1-3 spaces or tabs,
# or a line break.  Bounded repeats: no backtracking blow-up on long separator runs.
_SEP = r"(?:[ \t]{0,2}[-./_][ \t]{0,2}|[ \t]{1,3}|[ \t]{0,2}\r?\n[ \t]{0,2})"
_SEP_RE = re.compile(_SEP)

# The Indic blocks: their vowel signs and viramas are marks, not \w, yet words and local parts are written with them
# ("सुनीता.वर्मा@..."); the detector's letters, its email pattern and the stream's open word all take them.
_INDIC = r"\u0900-\u0dff"
# An email's quoted local part: "jane doe"@example.com, \" inside a JSON string, \\\" in JSON inside JSON, a CSV
# cell's doubled quotes """jane doe""@example.com" (the stream's dodge hold reads the same shape: _DODGE_QUOTED)
_QUOTED_LOCAL = r'\\{0,3}""?[^"\\\n]{1,62}\\{0,3}""?'
_EMAIL_RE = re.compile(  # a local part, quoted too (or in an XML attribute's &quot;jane doe&quot;@example.com)
    r"(?:(?<![\w.%+\-" + _INDIC + r"])(?P<local>[\w%+\-" + _INDIC + r"]+(?:\.[\w%+\-" + _INDIC + r"]+)*)"
    r"|(?P<quoted>" + _QUOTED_LOCAL + r"|&quot;[^\"&<>\n]{1,62}&quot;))"
    r"@(?P<domain>(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[\w\-]{1,59}))"
    r"(?![\w\-]|\.[^\W_])"
)
_RETINA_ASSET_RE = re.compile(r"\d+(?:\.\d+)?x\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?)", re.I)

# Patterns start with the digit they need and check the character before it afterwards
# ("\d(?<![\w]\d)"): the regex engine then skips ahead to digits instead of trying every position.
# Not inside a decimal or thousands number ("1.5", "1,234"), checked after a digit.  A comma followed by a
# long run of digits is a cell boundary, not a thousands group ("2013-01-08,363745737").
# A comma after a value ends its cell when 4+ digits or a date/dash cell follow (",0944585463", ",04/03/2019",
# ",739-07-1310", ",08 Feb 2023") or a cell of one or two digits (",16,": no thousands group is that short);
# otherwise ",5", ",234", ",204.50" continue a decimal or thousands number.
_COMMA_DIGIT = r",(?!\d{4}|\d{1,3}[/-]\d|\d\d? [A-Z][a-z]{2} \d|\d\d?,)\d"
_NOT_DECIMAL = r"(?<!\d\.\d)(?<!\d:\d)(?:(?<!\d,\d)|(?=[\d \t\-./]{6}))"  # nor the seconds of 14:24:18
_SSN_REST = (r"(?P<s1>" + _SEP + r")?(?P<group>\d{2})(?P<s2>" + _SEP + r")?(?P<serial>\d{4})"
             r"(?!\w|-\d|[./]\d|" + _COMMA_DIGIT + ")")
_SSN_RE = re.compile(r"(?P<area>\d(?<![\w+\-/]\d)" + _NOT_DECIMAL + r"\d{2})" + _SSN_REST)
# An airline booking's SSR element splits its fields with '/', a one-letter code naming each (SSR DOCO YY HK1
# /K/<known traveller number>): a value after "/K/" starts there, not inside a path or a fraction
_SSR_FIELD_RE = re.compile(r"(?<![A-Za-z])SSR[ \t]+[A-Z]{4}\b[^\n]{0,80}?/[A-Z]/(?=\d)")
_SSN_AT_RE = re.compile(r"(?P<area>\d{3})" + _SSN_REST)
_SSN_5_4_RE = re.compile(r"(\d(?<![\w-]\d)\d{4})-(\d{4})(?![\w-])")  # (a digit first: the engine skips to digits)
# "536+22+8726", "536:22:8726" (matched from the separator: fewer places to try than every digit)
_ODD_SEP_SSN_RE = re.compile(r"[+:](?<=\d\d\d[+:])(?<![\w+]\d\d\d[+:])\d\d(?<=(.)\d\d)\1\d{4}(?![\w+:])")
_GLUED_SSN_RE = re.compile(r"\d(?:(?<=[A-Za-z:#]\d)\d{8}(?!\d)|(?<!\d\d)\d{8}(?=[A-Za-z]))")
_GLUED_BOTH_RE = re.compile(r"\d(?<=[A-Za-z]\d)\d{8}(?=[A-Za-z]{1,4}(?![A-Za-z0-9]))")  # "no274797907abc"
_SUFFIXED_RE = re.compile(r"\d(?<![\w+\-]\d)\d{8}(?=[A-Za-z]{1,4}\b)")  # "536228726abc": a typo'd SSN

# A phone candidate: optional + / 00 / (area) prefix, digit groups joined by separators or (0)/(area)
# groups, an optional extension.  Classified in _phone_kind().
def _first(char: str) -> str:
    """``char`` (read already: the pattern opens with a class of the first characters, so the regex engine skips
    to them), not preceded by a word character, + - / or a digit and . or , (checked after it; a digit after "d,"
    starts a value only if a long run follows it)."""
    if char == r"\d":
        return r"(?<=\d)(?<![\w+\-/]\d)" + _NOT_DECIMAL
    return "(?<=" + char + r")(?<![\w+\-/]" + char + r")(?<!\d\." + char + ")"  # "2013-01-08,+1415..." is a new cell


_PHONE_RE = re.compile(
    r"(?P<body>[+(\d](?:" + _first(r"\+") + r"[ \t]?(?:\(\d{1,5}\)" + _SEP + r"?)?\d+"
    r"|" + _first(r"\(") + r"(?:\+?\d{1,4}\)[ \t]?(?:\(\d{1,5}\)" + _SEP + r"?)?\d+|\d{1,5}\)" + _SEP + r"?\d+)"
    r"|" + _first(r"\d") + r"\d*)"
    r"(?:(?:" + _SEP + r"|" + _SEP + r"?\(\d{1,5}\)" + _SEP + r"?)\d+){0,8})"
    r"(?P<ext>(?:[ \t]*(?:x|;?ext[.=]?|extension|#)[ \t]*\d{1,6}){1,2})?"
    r"(?!\w|[./\-:]?\d|" + _COMMA_DIGIT + ")",  # (nor the hour of a time on the next line: "0615\n07:53")
    re.I,
)
_DIGIT_RUN_RE = re.compile(r"\d(?<![\w+\-]\d)" + _NOT_DECIMAL + r"\d{2,}(?:" + _SEP + r"\d+)*(?!\w|[.:]\d|" + _COMMA_DIGIT + ")")
_DIGIT_RE = re.compile(r"\d")
_DIGIT_GROUP_RE = re.compile(r"\d+")
_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])")
_PAREN_GROUP_RE = re.compile(r"\(\d+\)")
# A cheque's MICR line (E-13B symbols: \u2446 transit, \u2448 dash, \u2449 on-us): the routing number between two
# transit symbols, then the account and cheque numbers. Every number on it is the bank's, nobody's card or phone.
# A hash or session id in hex (16 characters or more of 0-9 and a-f): digits between its letters are nobody's number
_HEX_TOKEN_RE = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{16,}(?![0-9A-Za-z])")
_HEX_LETTER_RE = re.compile(r"[A-Fa-f]")


def _inside_hex_token(text: str, f, tokens: list) -> bool:
    """The finding lies inside a hex token (``tokens``: their spans, in order) with hex letters on both sides of
    it (sid=9ac1e0d4ff536228726cfe0c...; not a card after a code of letters: FP CC4111111111111111)."""
    k = bisect.bisect_right(tokens, (f.start, len(text))) - 1  # the last token starting at or before the finding
    if k < 0:
        return False
    a, b = tokens[k]
    return f.end <= b and bool(_HEX_LETTER_RE.search(text, a, f.start) and _HEX_LETTER_RE.search(text, f.end, b))
_MICR_LINE_RE = re.compile(r"[\d \u2446-\u2449-]*\u2446\d{9}\u2446[\d \u2446-\u2449-]*")

_L = r"(?:[^\W\d_]|[" + _INDIC + "])"  # a letter, Indic vowel signs included (they are not \w)
# Context.  Words are matched between letters (so "phone_no" and "licence_number" count).
# (Latin letters with diacritics count, Vietnamese ones in U+1E00-1EFF too: "Phạm" holds no "ph")
_W = r"(?-i:(?<![A-Za-z\u00c0-\u024f\u1e00-\u1eff])|(?<=[a-z][a-z])(?=[A-Z]))(?:{})(?-i:(?![A-Za-z\u00c0-\u024f\u1e00-\u1eff])|(?<=[a-z])(?=[A-Z]))"  # camelCase too (not iPhone)
# "my number": a phone word, but a weak one (an SSN's own shape after it stays an SSN).  Other languages write it
# in the "<something> number" ID label's shape: मेरा नंबर, شماره من, رقمي, میرا نمبر, আমার নম্বর, мой номер.
_MY_NUMBER = (r"(?:(?:my|meine?|mon|ma|mi|mio|meu|mijn|min)[ \t]+(?:new[ \t]+|neue[ \t]+)?(?:number|nummer|num[eé]ro|n[uú]mero)"
              + normalize(r"|मेरा[ _]+(?:नंबर|नम्बर)|شماره[ _]+(?:من|ام)|شماره‌ام|رقمي|میرا[ _]+نمبر|আমার[ _]+নম্বর"
                          r"|мой[ _]+номер|мій[ _]+номер|m[oó]j[ _]+numer|numaram|nomor[ _]+saya|namba[ _]+yangu"
                          r"|s[oố][ _]+c[uủ]a[ _]+t[oô]i|我的号码|我的電話|私の番号|[내제][ _]?번호|เบอร์\w*") + ")")
_OTHER_ID_LABEL = (
    r"(?:(?!" + _MY_NUMBER + ")" + _W.format(
        r"order|orders|invoice|inv|ref|reference|tracking|track|shipment|parcel|package|confirmation|conf"
        # a loyalty programme's number (FF number, FQTV) and any "<Noun> No." of a document: Agreement No. 12/2025
        r"|ff|fqtv|frequent[ _]fl[yi]er|loyalty|miles|mileage|rewards?|[^\W\d_]{3,20}(?=[ \t]+(?-i:N[oOr]\.))"
        r"|vielflieger\w*|fid[eé]lit[eé]|fidelidad\w*|fedelt[aà]|lojalno\w*|\w*best[aä]tigung|confirmaci[oó]n|conferma"
        r"|bevestiging|potwierdzeni\w*|confirma[cç][aã]o|buchung\w*|localizador|prenotazion\w*|boeking\w*|rezerwacj\w*"
        # a quantity's key: MAX_BYTES = ..., timeout_ms=, ttl=, size:
        r"|max|min|limit|size|bytes|timeout|ttl"
        r"|packets|frames|octets|samples|ssrc|csrc"  # media counters, RTP's stream source ids (WebRTC stats)
        r"|leid|euid"  # a mailing list's member ids (Mailchimp's export columns)
        r"|folio|filing|loan|mtcn"  # a hotel bill's folio, a regulator's filing, a loan's, a money transfer's control no.
        r"|apn|admission"  # a deed's assessor's parcel number, an I-94 admission number
        # a parcel carrier names its tracking number: "0849 8636 5507 (FedEx)"
        r"|fedex|ups|usps|dhl|dpd|gls|tnt|purolator|parcelforce|colissimo|chronopost|ontrac|aramex|evri"
        r"|ticket|(?<!test[ _])case|incident|po|account|acct|fund|routing|aba|iban|bban|zip|zipcode|postal|postcode|serial|sn"
        r"|part|sku|isbn|issn|isin|waybill|awb|shipping|container|vin|asin|upc|ean|gtin|barcode|imei|meid"
        r"|item|batch|lot|transaction|txn|receipt|booking|reservation|claim|policy|customer|member|employee"
        r"|student|patient|record|mrn|build|job|run|request|req|id|ids|uid|pid|pr|issue|version|amount|total"
        r"|balance|qty|quantity|count|population|pin|otp|code|pass|password|passwd|passcode|pwd|seq|licen[cs]e|licen[cs]e[ _-]?no|dl|passport"
        r"|permit|plate|registration|vat|ust|tva|iva|btw|nip|ein|device|product|model|trace|span|hash|crc"
        r"|checksum|commit|merge|sha|rev|revision|timestamp|ts|epoch|time|date|seed|nonce|key"
        r"|npi|dea|ndc|rx|control|nhs"  # a prescriber's, a drug's, a form's, a health service's numbers
        r"|http/[\d.]+|p/n|arn:aws[\w-]*:[\w-]*:[\w-]*"
        # the same labels in other languages: Bestellnummer, commande, Reisepass, permis de conduire, factura ...
        r"|auftrag\w*|rechnung\w*|kunden\w*|artikel\w*|sendung\w*|konto\w*|f[uü]hrerschein\w*"
        r"|reisepass\w*|ausweis\w*|commande|facture|compte|passeport|permis(?:[ _]de[ _]conduire)?|pedido"
        r"|factura|fattura|cuenta|conto|ordine|passaporto|paspoort|rijbewijs|licencia|patente|requerimi?ento"
        r"|carnet|cnh|rg|cpf|паспорт|заказ|счет|счёт|护照|訂單|订单|注文|パスポート|여권|주문"
        r"|ticket|room|flight|seat|gate|platform|apt|suite|unit|release|task|bug|voucher|coupon|pnr|plz|cap|nie|dni"
        r"|location"  # an e-book's reading position: "Location 3307-5244" (Kindle clippings)
        r"|nif|bsn|aadhaa?r|codice[ _]fiscale|s/n|postleitzahl|aktenzeichen|client|cliente|kunde|zam[oó]wieni\w*"
        r"|objedn\w*|factuur\w*|номер[ _]заказа"
        # any other "<kind>nummer" compound (Vertragsnummer, Bestell-Nr., tilausnumero, rendelésszám, sipariş
        # numarası; a phone, SSN or card word near the value still convicts it first: Telefonnummer, telefonszám)
        r"|[^\W\d_]{2,20}(?:nummer|-?nr|numero|[ _]?sz[aá]m|[ _]numaras[ıi])"
        # "number of <something>" (numer zamówienia, номер заказа, رقم الطلب, מספר הזמנה, شماره سفارش, nomor pesanan,
        # αριθμός παραγγελίας, số hóa đơn) and "<something> number" (注文番号, 주문번호, 订单号, खाता संख्या, অর্ডার নম্বর):
        # an ID unless a phone, card or SSN word is in it.  Written as people write them, normalised like the text.
        + normalize(r"|(?:numer|n[uú]mero|num[eé]ro|číslo|номер|رقم|الرقم|מספר|شماره|nomor|αριθμός|số|mã|nambari"
                    r"|kod|код|κωδικός|c[oó]digo|codice)(?:[ _'’-]+" + _L + "+){1,3}|(?:หมายเลข|เลขที่|เลข)" + _L + "*"
                    "|(?<!" + _L + ")" + _L + r"{1,12}[ _]?(?:番号|번호|号码|号|编号|編號|नंबर|संख्या|নম্বর)"
                    # the look-alikes' own words: reference, serial, account, invoice, order, tracking, passport
                    r"|r[eé]f[eé]r[eêé]n\w*|riferimento|viite|variabiln\w*[ _]symbol|hivatkoz\w*|referans|s[eé]ri[eéo]\w*|seri"
                    r"|seryjn\w*|sarja\w*|sorozat\w*|σειριακ\w*|серийн\w*|серійн\w*|تسلسلي|سریال|סידורי|सीरियल"
                    r"|সিরিয়াল|ซีเรียล|序列|シリアル|일련|conta|rekening\w*|tili\w*|sz[aá]ml\w*|hesap\w*|рахун\w*"
                    r"|حساب|חשבון|akaunti|t[aà]i[ _]kho[aả]n|账号|口座|계좌|faktur\w*|fatura|nota[ _]fiscal|τιμολογ\w*"
                    r"|فاتورة|فاکتور|חשבונית|चालान|চালান|ใบแจ้งหนี้|h[oó]a[ _]đ[oơ]n|发票|請求書|송장|ankara|sipari[sş]"
                    r"|tilaus\w*|rendel\w*|bestel\w*|ordre\w*|παραγγελ\w*|замовлен\w*|طلب|سفارش|הזמנה|ऑर्डर|অর্ডার"
                    r"|คำสั่งซื้อ|đ[oơ]n[ _]h[aà]ng|pesanan|oda|suivi|seguimiento|rastreio|spedizione|z[aá]silk\w*"
                    r"|przesy[lł]k\w*|sp[aå]rning\w*|sporing\w*|seuranta\w*|csomag\w*|takip|αποστολ\w*|трек|відправлен\w*"
                    r"|تتبع|رهگیری|מעקב|ट्रैकिंग|ট্র্যাকিং|พัสดุ|v[aậ]n[ _]đ[oơ]n|resi|运单|追跡|운송장|ufuatiliaji"
                    r"|passaport\w*|pasaport\w*|passin?|pasipoti|paszport\w*|[uú]tlev[eé]l\w*|διαβατηρ\w*|جواز|דרכון|گذرنامه|पासपोर्ट"
                    r"|পাসপোর্ট|หนังสือเดินทาง|h[oộ][ _]chi[eế]u|paspor|旅券|αναφοράς|ссылк\w*|референс|مرجع|אסמכתא"
                    r"|संदर्भ|রেফারেন্স|อ้างอิง|tham[ _]chi[eế]u|参照|参考|참조|kumbukumbu"
                    # driver's licences and tax/VAT numbers
                    r"|f[oø]rerkort|k[oø]rekort|körkort|ajokortti|prawo[ _]jazdy|řidičsk\w*|jogos[ií]tv[aá]ny|ehliyet|άδεια"
                    r"|водительск\w*|удостоверени\w*|посвідчення|رخصة|רישיון|گواهینامه|ड्राइविंग|ড্রাইভিং|ใบขับขี่|b[aằ]ng[ _]l[aá]i(?:[ _]xe)?|sim"
                    r"|驾驶证|驾照|運転免許\w*|운전면허\w*|leseni|habilita[cç][aã]o|licen[cs]i?a|cnpj|cvr|y-tunnus|dič"
                    r"|ad[oó]sz[aá]m|vergi|αφμ|инн|іпн|ضريبي|עוסק|اقتصادی|जीएसटी|টিআইএন|ภาษี|thu[eế]|npwp|税号|法人番号"
                    r"|사업자\w*|kra|partita"))
    + r"(?:[-_]?\d{1,2})?(?:[ _]+(?:(?:de|di|da|do|du|del|della|ya)[ _]+)?(?!(?:sent|texted|delivered|forwarded)[ _]+to(?!\w))" + _L
    + r"{4,20}|(?-i:[A-Z][a-z]{3,20})){0,2}|#)(?:[ \t_]*(?:number|numbr|num|nbr|no\.?|nr\.?|n[°º]|n\.o(?![^\W\d_])|n\.|n(?![^\W\d_])|nummer|num[eé]ro|n[uú]mero|id|code|号码|号|番号|번호|#|:|=|-"
    r"|(?<=__)[cr](?![^\W\d_])))*"  # "key0 =", "EAN-13", a Salesforce custom field's Routing__c
)
_TAGS = r"(?:</?[A-Za-z][\w-]{0,15}(?:[ \t][^<>\n]{0,40})?>[ \t]*)*"  # "</td><td>" between a label and its value
_ID_LABEL_RE = re.compile(_OTHER_ID_LABEL + r"(?:[\"' \t]+value=)?" + _TAGS + r"(?:[ \t:#=.\-\"'_()>|\u00ab\[`*;{/]*(?:e\.?g"
                          r"|i\.?e|z\.[ ]?b|p\.[ ]?ex|ex|example|beispiel|exemple|ejemplo|esempio)[.:,]*)?[\\ \t:#=.\-\"'_()>|\u00ab\[`*]*\Z", re.I)  # "order #", "licence_no=", "id(", \"sku\": \"
# ... or a few words later in a sentence: "the driver's license on record is".
_OTHER_ID_LABEL_RE = re.compile(
    _OTHER_ID_LABEL + r"(?:[ \t\"']+(?:is|was|on|record|file|of|for|reads|are|as|now|changed|to|value=|in))*"
    + _TAGS + r"[ \t:#=.\-\"'_()>?|\u00ab\[`*]*\Z",
    re.I)
_ID_QUESTION_RE = re.compile(_OTHER_ID_LABEL + r"[^?\n]{0,60}\?[ \t]*\Z", re.I)  # a question asking for an ID
_VAT_PREFIX_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[A-Za-z0-9]{0,2}[ \t]?\Z")  # "FR64 123456789"
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:(?:bytes?|[kmgt]i?b|ms|ns|us|seconds?|secs?|rows?|records?|users?|people|persons|items?|times"
    r"|views?|downloads?|visitors?|tokens?|requests?|dollars?|usd|eur|gbp|cents?|km|miles?|meters?|lines?"
    r"|words?|pixels?|px|points?|votes?|units?|pieces?|copies|subscribers?|followers?|cases?|deaths?|tons?"
    r"|barrels?|chf|jpy|inr|kr|z\u0142|k\u010d)\b(?![ \t]*[=:]|\()|[\x24\u20ac\u00a3\u00a5\u20b9\u20bd\u20a9])",
    # "12 users" is a count, "879 146 700 \u20ac" an amount; "... user=ana" is the next key of a log line
    re.I,
)
_CURRENCY_BEFORE_RE = re.compile(r"(?:[\x24\u20ac\u00a3\u00a5\u20b9\u20bd\u20a9\u20ba]|(?<![a-z])(?:usd|eur|gbp|chf|jpy|inr|rub|rs\.?))[ \t]*\Z", re.I)
_SSN_WORDS_RE = re.compile(_W.format(r"ssn|ss[ _]?#|ss[ _]?no|ssa|social|soc\.?[ _]?sec|tax[ _-]?id|taxpayer|tin|itin" + normalize(
    # social security in other languages (as a US resident writes it), and the other countries' equivalents
    r"|sozialversicherung\w*|personnummer|sofi\w*|cpr|s[eé]curit[eé][ _]sociale|previdenza[ _]sociale|ubezpieczenia"
    r"|sociáln\w*|t[aá]rsadalombiztos\w*|sosyal[ _]g[uü]venlik|sosiaaliturva\w*|κοινωνικής|социального|соціального"
    r"|الضمان|ביטוח[ _]לאומי|تامین[ _]اجتماعی|सामाजिक|সামাজিক|ประกันสังคม|an[ _]sinh|jaminan[ _]sosial|社会安全|社会保障"
    r"|사회보장|hifadhi[ _]ya[ _]jamii")), re.I)
_PHONE_HINTS = ("tel", "mob", "call", "text", "sms", "fax", "whatsapp", "dial", "reach", "handy", "portable", "vil",
                "gsm", "fon", "ফোন", "মোবাইল", "تلفن", "موبایل", "ruf", "tlf", "tfn", "puh", "numer", "тел", "моб", "τηλ", "κιν", "טלפון", "نقال", "هاتف",
                "جوال", "電話", "电话", "手机", "携帯", "전화", "휴대", "फ़ोन", "फोन", "โทร", "điện", "cel", "ph", "hp",
                "msisdn", "viber", "festnetz", "simu", "contact", "number", "nummer", "numéro", "número", "kontakt",
                "line", "ddi", "đt", "नबर", "नमबर", "আমার", "мой", "мій", "mój", "saya", "yangu", "tôi", "我的", "私の", "내", "--page", "--notify", "--alert", "--oncall", "--on-call", "--escalate", "caller", "servic",
                "شماره", "رقمي", "نمبر", "номер", "numara", "nomor", "namba", "của", "号码", "番号", "번호", "เบอร์", "tél", "erreichbar", "joignable", "mame", "ligue", "मोबाइल", "\U0001f4de", "\u260e", "\U0001f4f1", "\u2706")  # a part of every phone word
_PHONE_LABEL_RE = re.compile(r"(?<![a-z])contact(?:[ _-]?(?:no|number|#))?[ \t\"':=]*\Z", re.I)
_PHONE_WORDS_RE = re.compile(r"(?<!REDACTED_US_)" + _W.format(
    r"phone|phones|telephone|tel|mob|mobile|cell|cellphone|call|called|text (?:me|us)|text(?=[ \t]+\+?\(?\d)|sms|fax|whatsapp|dial|reach me|reached on|reachable (?:on|at)"
    r"|telefon|telefono|tel[eé]fono|t[eé]l[eé]phone|handy|portable|m[oó]vil|celular|gsm|landline|hotline"
    # compounds and other languages: Telefonnummer, Tel-Nr., Rufnummer, telefone, tlf, puhelin, numer telefonu,
    # телефон, τηλέφωνο, 電話, 전화, फ़ोन, โทร, điện thoại ...
    r"|tel[eé]?fon\w*|tel[ ._-]?nr|rufnummer|mobil\w*|fon|tlf|tfn|puh(?:elin)?\w*|numer[ _]tel\w*"
    r"|n[uú]mero[ _]de[ _](?:tel\w*|m[oó]vil|celular)|cell[ _]?no"
    # Dutch, Italian, Indonesian/Malay, Swahili, abbreviations: mobiel, cellulare, nomor telepon, no. HP, Ph:
    r"|handy\w*|cellulare?|celular\w*|cel|telefoon\w*|mobiel\w*|telepon|telp|(?:no|nomor|nmr)[ ._]*hp|ph"
    r"|" + _MY_NUMBER +
    r"|call[ _-]?back[ _-]?(?:number|no|nr|#)|call[ _-]?back(?=:)|msisdn|viber|fono|tfno|natel|festnetz\w*|simu|contact[ _-]?(?:number|no|nr|#)"
    r"|\U0001f4de|\u260e|\U0001f4f1|\u2706|t[eé]l|telem[oó]vel|matkapuhelin|kontakt(?:nummer)?|n[uú]mero[ _]de[ _]contacto"
    r"|direct[ _]line|main[ _]line|ddi|đt|मोबाइल|fax\w*|hotline\w*|notruf\w*|notfall\w*|servicenummer"
    r"|support[ _](?:number|line|phone)"  # "don't hard-code the support number 20844595"
    r"|(?:customer|member)[ _]services?"  # an insurance or bank card's "Member services: 0131 712 8103"
    # "erreichbar unter", "joignable au", "llámame al", "ligue para": reachable at
    r"|erreichbar|joignable|ll[aá]mame|ligue"
    r"|(?<![а-яё])(?:тел|моб)\w*|τηλ\w*|κιν\w*|טלפון|هاتف|جوال|نقال|電話|电话|手机|携帯|전화|휴대폰|फ़ोन|फोन|โทร\w*"
    r"|đi[eệ]n[ _]tho[aạ]i|sđt|ফোন|মোবাইল|تلفن|موبایل|caller[ _-]?id"
    # a CLI flag that pages someone: --page 06 12345678, --notify=+33 6 12 34 56 78
    r"|(?<=--)(?:page|pager|notify|alert|oncall|on-call|escalate)"
    # ... but a compound naming an identifier is not one: call_id, callId, phone_number_id, sms_ref (caller_id is)
    # ("Phone conference ID: 379 453 601#", a meeting's dial-in code)
    ) + r"(?![ _-]?(?:number[ _-]?|num[ _-]?|conference[ _-]?)?(?:id|ids|uuid|guid|ref|key|sid|hash)(?![a-z]))", re.I)
_ISBN_WORD_RE = re.compile(_W.format("isbn"), re.I)
_IMEI_WORD_RE = re.compile(_W.format("imei|imeisv|meid"), re.I)
# A phone word labelling the value right after it: "fax is", "mobile phone as", 'parse_telephone("'.
_AFTER_PHONE_WORD = (r"\.?(?:[ \t]*\(?(?:mobile|cell|home|work|office|private|privat|fixe?|fijo|fisso|m[oó]vel|kom\.?"
                     r"|kom[oó]rkowy|mobil\w*|mobiele|portable|direct|personal|business|celular|m[oó]vil|festnetz)\)?)?"
                     r"(?:[ \t_\-.]*(?:number|num|nbr|no\.?|nr\.?|#|nummer|num[eé]ro|n[uú]mero|n[º°]"
                     r"|番号|号码|號碼|번호|नंबर|नम्बर))?"
                     r"(?:[ \t\"']+(?:is|as|on|at|of|now|=|->|:|value=|ist|est|es|le|la|[eè]|[eé]|är|er|jest|me|us|unter|au|al|para|under))*"
                     + _TAGS + r"[ \t:#=.\-\"'_(>*]*\Z")
_PHONE_LABEL_BEFORE_RE = re.compile("(?:" + _PHONE_WORDS_RE.pattern + ")" + _AFTER_PHONE_WORD, re.I)
_MY_NUMBER_BEFORE_RE = re.compile(_W.format(_MY_NUMBER) + _AFTER_PHONE_WORD, re.I)
# A label after the value, in brackets: "070021582 (mobile)", "566/1216 (numero di telefono)", "234864227 (order)".
# ... or in a comment after it on its line: "'668958840'  # Passport", "x = 5551234; // mobile".
_COMMENT_AFTER = r"(?:[\"'\u00bb`][ \t]*|[ \t]+)[,;]?[ \t]*(?:#|//|--)[ \t]*(?:[^\W\d][\w'\u2019]{0,11}[ \t]+){0,2}"
_PHONE_AFTER_RE = re.compile(r"(?:[\"'\u00bb`]?[ \t]*[(\[][ \t]*(?:[^\W\d]{1,12}[ \t]+){0,2}|" + _COMMENT_AFTER + ")(?:"
                             + _PHONE_WORDS_RE.pattern + ")", re.I)
_ID_AFTER_RE = re.compile(r"(?:[\"'\u00bb`]?[ \t]*[(\[][ \t]*(?:[^\W\d]{1,12}[ \t]+){0,2}" + _OTHER_ID_LABEL
                          + r"[ \t]*[)\]]|" + _COMMENT_AFTER + _OTHER_ID_LABEL + ")", re.I)
_PHONE_KEY_RE = re.compile("(?:" + _PHONE_WORDS_RE.pattern + r")(?:[ _-]?(?:no|nr|num|number)\.?)?[\"']?[ \t]*(?:=>?|:|->)[ \t]*[\"']?\Z", re.I)
_KEY_END_RE = re.compile(r"[=:>][ \t\"']*\Z")
_PHONE_QUESTION_RE = re.compile("(?:" + _PHONE_WORDS_RE.pattern + r")[^?\n]{0,20}\?[ \t]*\Z", re.I)  # "what's ur cell?"
_CARD_WORDS_RE = re.compile(_W.format(
    r"card|cards|cc|pan|visa|mastercard|amex|maestro|discover|jcb|diners|unionpay|uatp|credit|debit|payment"
    r"|paid[ _]with|pay[ _]with|bezahlt[ _]mit|pagado[ _]con|pay[eé][ _]avec"
    # compounds and other languages: cardNumber, ccnum, Kreditkartennummer, carte, tarjeta, cartão, карта, カード, 卡号
    r"|card\w*|ccnum\w*|\w*kart(?:e|en)\w*|carte|carta|cart[aã]o|tarjeta|карт\w*|カード|卡号|信用卡|银行卡|카드"
    # CB (carte bancaire), kort/kortnummer, kaart, karta, kartu, kart, kortti, kártya, kadi, κάρτα, بطاقة, کارت, כרטיס,
    # कार्ड, কার্ড, บัตร, thẻ
    + normalize(r"|cb|kort\w*|kaart\w*|kart\w*|k[aá]rty\w*|kadi|κάρτ\w*|بطاق\w*|کارت|כרטיס|कार्ड|কার্ড|บัตร|thẻ|th[eẻ][ _]+(?:t[ií]n|ng[aâ]n)")), re.I)

# A card word labelling the value right after it ("Carta di credito: ", "カード番号: ", "Card #"): the label lets a
# Luhn-valid number of any issuer and length 12-19 count (issuer tables are never complete).
_CARD_LABEL_BEFORE_RE = re.compile("(?:" + _CARD_WORDS_RE.pattern + r")(?:[ \t]+(?!" + _OTHER_ID_LABEL + r")[^\W\d]{1,12}){0,2}"
                                   r"(?:[ \t_\-.]*(?:number|num|no|nr|nummer|num[eé]ro|n[uú]mero|番号|号码))?[ \t:#=.\-\"'(\[>*|]*\Z", re.I)


# ---------------------------------------------------------------- checks
def luhn_ok(number: str) -> bool:
    """True if the digit string passes the Luhn (mod 10) check."""
    total = 0
    for index, ch in enumerate(reversed(number)):
        value = int(ch)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


# The public IIN table (ISO/IEC 7812 issuer ranges, as the "payment card number" table lists them): brand,
# prefixes (a range "lo-hi" compares the number's first len(lo) digits), lengths.  First match wins.
_IIN_TABLE = tuple((brand, tuple(tuple(p.split("-") * 2)[:2] for p in prefixes.split(",")),
                    tuple(int(n) for part in lengths.split(",") for n in range(int(part.split("-")[0]),
                                                                                 int(part.split("-")[-1]) + 1)))
                   for brand, prefixes, lengths in (item.split(":") for item in (
    "visa:4:13,16,19 mastercard:51-55,2221-2720:16 amex:34,37:15 discover:6011,644-649,65:16-19 "
    "jcb:35:16-19 jcb:2131,1800:15 diners:300-305,36,38,39:14-19 enroute:2014,2149:15 "
    "unionpay:62,81:16-19 mir:2200-2204:16-19 borica:2205:16 t-union:31:19 uatp:1:15 "
    "maestro:50,56-69,0604:12-19 rupay/troy:60,82,508,9792:16 bccard:94:16 uzcard:8600:16 humo:9860:16 "
    "napas:9704:16,19 gpn:1946:16,18,19").split()))


def card_brand(number: str):
    """Issuer of a card number by prefix and length (None if no brand fits).  Generous on purpose:
    an issuer table is never complete, and the Luhn digit still has to match."""
    for brand, ranges, lengths in _IIN_TABLE:
        if len(number) in lengths and any(lo <= number[:len(lo)] <= hi for lo, hi in ranges):
            return brand
    return None


def _jcb15(number: str) -> bool:
    """A 15-digit number from 35 with a valid Luhn digit: JCB-like (generators write them 4-6-5), or an IMEI."""
    return len(number) == 15 and number[:2] == "35" and not is_card_number(number) and luhn_ok(number)


def _sim_or_handset_id(number: str) -> bool:
    """A SIM's ICCID (ITU-T E.118: 89, the telecom industry's prefix, 19-20 digits) or a handset's IMEI
    (15 digits that fit no 15-digit brand: Amex, JCB 1800/2131, enRoute and UATP are all in the table).
    No card has either shape, so a card label before one does not make it a card."""
    return len(number) in (19, 20) and number[:2] == "89" or len(number) == 15 and card_brand(number) is None


def is_card_number(number: str) -> bool:
    return 12 <= len(number) <= 19 and luhn_ok(number) and card_brand(number) is not None  # (Luhn first: cheaper
    # than a table that fits no brand, and nine times in ten it says no)


def _iban_ok(text: str) -> bool:
    """ISO 13616 mod-97 check: the digits of a valid IBAN are nobody's card or phone."""
    compact = text.replace(" ", "")
    return 15 <= len(compact) <= 34 and int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1


def _ean_ok(number: str) -> bool:
    return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(number[:-1])) % 10 == (10 - int(number[-1])) % 10


def _isbn10_ok(number: str) -> bool:
    return sum((10 - i) * int(c) for i, c in enumerate(number)) % 11 == 0


def _cnpj_ok(digits: str) -> bool:
    """A Brazilian company registration (CNPJ, 14 digits: 12.345.678/0001-95) whose two mod-11 check digits hold."""
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    for size in (12, 13):
        weights = [(i % 8) + 2 for i in range(size)][::-1]  # 5 4 3 2 9 8 7 6 5 4 3 2 (and 6 before them)
        rest = sum(int(d) * w for d, w in zip(digits, weights)) % 11
        if int(digits[size]) != (0 if rest < 2 else 11 - rest):
            return False
    return True


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: area 001-665, 667-899; group 01-99; serial 0001-9999."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


# Country calling codes and the lengths of their national numbers (min-max), derived from libphonenumber's
# metadata (every region's possible lengths, all number types).  A number dialled "00 <code> <number>"
# must fit one; the table is prefix-free, so at most one code matches.
_CC_LENGTHS = dict((cc, tuple(map(int, (lens + "-" + lens).split("-")[:2]))) for cc, lens in (
    item.split(":") for item in (
        "1:7-10 7:10-14 20:8-10 27:5-10 30:10-12 31:5-11 32:8-9 33:9 34:9 36:8-9 39:6-12 40:6-9 41:9-12 43:4-13 "
        "44:7-10 45:8 46:6-12 47:5-8 48:6-10 49:4-15 51:8-9 52:10 53:6-10 54:10-11 55:8-11 56:9-11 57:8-11 58:10 "
        "60:8-10 61:5-12 62:7-17 63:6-13 64:5-10 65:8-11 66:8-13 81:8-17 82:5-14 84:7-10 86:7-12 90:7-13 91:8-13 "
        "92:8-12 93:9 94:9 95:6-10 98:4-10 211:9 212:9 213:8-9 216:8 218:9 220:7-9 221:9 222:8 223:8 224:8-9 225:10 "
        "226:8 227:8 228:8 229:10 230:7-10 231:7-9 232:8 233:8-9 234:10-14 235:8 236:8 237:8-9 238:7 239:7 240:9 "
        "241:7-8 242:9 243:7-10 244:9 245:7-9 246:7 247:5-6 248:7 249:9 250:8-9 251:9 252:6-9 253:8 254:7-10 255:9 "
        "256:9 257:8 258:8-9 260:9 261:9 262:9 263:7-10 264:8-9 265:7-9 266:8 267:7-10 268:8-9 269:7 290:4-5 291:7 "
        "297:7 298:6 299:6 350:8 351:9 352:4-11 353:7-10 354:7-9 355:6-9 356:8 357:8 358:5-12 359:6-12 370:8 371:8 "
        "372:7-10 373:8 374:8 375:6-11 376:6-9 377:8-9 378:8-10 380:9-10 381:6-12 382:8-9 383:8-12 385:7-9 386:5-8 "
        "387:8-9 389:8 420:9-12 421:6-9 423:7-9 500:5 501:7-11 502:8-11 503:7-11 504:8-11 505:8 506:8-10 507:7-11 "
        "508:6-9 509:8 590:9 591:8-9 592:7 593:8-11 594:9 595:6-11 596:9 597:6-7 598:4-13 599:7-8 670:7-8 672:6 "
        "673:7 674:7 675:7-8 676:5-7 677:5-7 678:5-7 679:7-11 680:7 681:6-9 682:5 683:4-7 685:5-10 686:5-8 687:6 "
        "688:5-7 689:6-9 690:4-7 691:7 692:7 800:8 808:8 850:8-10 852:5-11 853:7-8 855:8-10 856:8-10 870:9-12 878:12 "
        "880:6-10 881:9-10 882:7-12 883:8-12 886:7-11 888:11 960:7-10 961:7-8 962:8-9 963:8-9 964:8-10 965:7-8 "
        "966:9-10 967:7-9 968:7-9 970:8-10 971:5-12 972:7-12 973:8 974:7-11 975:7-8 976:8-10 977:8-11 979:9 992:9 "
        "993:8 994:9 995:9 996:9-10 998:9").split()))


def _dialled_abroad(digits: str) -> bool:
    """'00' or '011' (the international prefixes), a country code and a national number of a length that
    country uses (a trunk 0 after the code, as in 0044 (0)20 ..., allowed)."""
    return _country_fits(digits[3:] if digits.startswith("011") else digits[2:] if digits.startswith("00") else "")


def _country_fits(digits: str) -> bool:
    """``digits`` start with a country code and go on with a national number of a length it uses."""
    for size in (1, 2, 3):
        lengths = _CC_LENGTHS.get(digits[:size])
        if lengths:
            national = digits[size:]
            return lengths[0] <= len(national) <= lengths[1] or national[:1] == "0" and \
                lengths[0] <= len(national) - 1 <= lengths[1]
    return False


def _check_digit_id(digits: str) -> bool:
    """A run that passes the check digit of the identifiers of its length (EAN/GTIN-13, IMEI's Luhn):
    for '00...' runs, far likelier a barcode or a device than a number dialled abroad."""
    return len(digits) == 13 and _ean_ok(digits) or len(digits) == 15 and luhn_ok(digits)


def _nanp_ok(area: str, exchange: str) -> bool:
    return area[0] not in "01" and exchange[0] not in "01"


# ---------------------------------------------------------------- context
# How far right of a value the detector reads: the rest of its line, at most RIGHT_CONTEXT characters
# after the value's end (a word after it must also start within its first WORD_AFTER characters).  Every
# rule that looks right of a value stays inside that window, so text further right never changes a
# finding; the stream masker (StreamMasker) holds a value back until its window has arrived.
RIGHT_CONTEXT = 48
WORD_AFTER = 25


def _after(pattern: re.Pattern, text: str, end: int):
    """``pattern`` matched right after a value ending at ``end``, inside its right-hand window."""
    return pattern.match(text, end, end + RIGHT_CONTEXT)


_CUSTOMER_TURN_RE = re.compile(r"[ \t>]*(?:customer|client|cliente|kunde)[ \t]*(?:\([^()\n]{0,30}\))?:[ \t]*", re.I)
_AGENT_TURN_RE = re.compile(r"^[ \t>]*(?:agent|support|operator|rep|assistant)\b", re.I | re.M)


def _line_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width):start]
    line = window[window.rfind("\n") + 1:]
    m = _CUSTOMER_TURN_RE.match(line)
    if m and (start == len(line) or text[start - len(line) - 1] == "\n"):
        entry = _PER_TEXT.turns.get(id(text))
        if entry is None or entry[0] is not text:
            entry = _PER_TEXT.turns[id(text)] = (text, bool(_AGENT_TURN_RE.search(text)))
        if entry[1]:
            return line[m.end():]  # a transcript's "Customer:" turn names who speaks, not the value
    return line


_RULE_ROW_RE = re.compile(r"[ \t|:+=-]*-[ \t|:+=-]*")
_DATA_DIGIT_RE = re.compile(r"(?<!\w)\d")  # a number's first digit (not sha1, address2)
_HEADER_LINE_RE = re.compile(r"^(?![^\n]*(?<!\w)\d)[^\n,;|\t]*[,;|\t]", re.M)  # a line with cells and no number


_SQL_VALUES_WORD_RE = re.compile(r"(?<![a-z])values[ \t]*\(", re.I)
_SQL_VALUES_RE = re.compile(r"\(([^()]{1,400})\)[ \t]*values[ \t]*\(", re.I)


def _sql_column(text: str, line_start: int, start: int) -> str:
    """The column an SQL INSERT's value goes to: INSERT INTO t (name, phone) VALUES ('Jo', '<value>')."""
    m = _SQL_VALUES_RE.search(text, max(line_start, start - 600), start)
    if not m:
        return ""
    columns = m.group(1).split(",")
    index = text.count(",", m.end(), start)
    return columns[index].strip(" \t`\"[]") + " " if index < len(columns) else ""


_QUOTED_CELL_RE = re.compile(r'"[^"\n]*"')


def _column_label(text: str, start: int) -> str:
    """The header cell above a value in a delimited table (CSV, TSV, pipes), the column of an SQL INSERT's
    value, or ''."""
    line_start = text.rfind("\n", 0, start) + 1
    if _word_in(_SQL_VALUES_WORD_RE, text, max(line_start, start - 600), start):  # positions found once per text
        return _sql_column(text, line_start, start)
    if line_start == 0 or start - line_start > 2000:
        return ""
    line_end = text.find("\n", start)
    line = text[line_start:start + RIGHT_CONTEXT if line_end < 0 else min(line_end, start + RIGHT_CONTEXT)]
    delims = [d for d in (",", ";", "|", "\t") if d in line]
    if not delims:
        return ""
    header_end = line_start - 1
    header = text[text.rfind("\n", max(0, header_end - 2000), header_end) + 1:header_end]
    if header and _RULE_ROW_RE.fullmatch(header) and header_end > len(header):  # a Markdown table's |---|---|
        # (with a line above it: a rule row on the first line would make header_end negative, and the
        # slice below would then read the text's last line, anywhere to the right, as the header)
        header_end -= len(header) + 1
        header = text[text.rfind("\n", max(0, header_end - 2000), header_end) + 1:header_end]
    if _DATA_DIGIT_RE.search(header):  # a data row or a quoted cell's last line above a row: the header is the
        # nearest row above with no number in it and two cells or more (if the line above has its delimiter too)
        top = _last_start(_HEADER_LINE_RE, text, header_end - 2000, header_end)
        far = "" if top is None else text[top:text.find("\n", top)]
        d = next((d for d in delims if d in far), None)
        if d and (d in header or header.endswith('"')) and len([c for c in far.split(d) if c.strip()]) > 1:
            header = far
    # the table's delimiter is in its header too ("5,947,889" in a ';' or tab table is one cell)
    delim = next((d for d in delims if d in header), None)
    if delim is None:
        return ""  # no table: a ';' after "waybill 6754770927;" makes the line above no header
    column = text.count(delim, line_start, start)
    if column and '"' in text[line_start:start]:  # a quoted cell's delimiters are its text ("Frączek, Czyż Corp.")
        column = _QUOTED_CELL_RE.sub("", text[line_start:start]).count(delim)
    cell = header.split(delim)[column:column + 1]
    return cell[0].strip(" \"'") + " " if cell and len(cell[0].split()) <= 4 else ""  # a header cell is a label,
    # not a sentence: prose with commas on the line above ("..., this call may be recorded.") heads no column




def _word_in(words: re.Pattern, text: str, a: int, b: int, stop: int = None) -> bool:
    """True if ``words`` matches in ``text`` starting in [a, b) and, with ``stop``, ending before it (the
    character a word's end check reads is then before ``stop`` too); a bisect in positions found once."""
    if words is _PHONE_WORDS_RE and not _phone_worded(text):
        return False  # no phone word anywhere (known once per text): no index to build
    starts, ends = _index(words, text)
    i = bisect.bisect_left(starts, max(a, 0))
    while i < len(starts) and starts[i] < b:
        if stop is None or ends[i] < stop:
            return True
        i += 1
    return False


def _index(words: re.Pattern, text: str) -> tuple:
    """Where ``words`` match in ``text`` (starts, ends): found once per text."""
    key = (id(words), id(text))
    entry = _PER_TEXT.word_index.get(key)
    if entry is None or entry[0] is not text or entry[1] is not words:
        found = [m.span() for m in words.finditer(text)]
        entry = _PER_TEXT.word_index[key] = (text, words, [m[0] for m in found], [m[1] for m in found])
    return entry[2], entry[3]


def _last_start(words: re.Pattern, text: str, a: int, b: int):
    """The last position in [a, b) where ``words`` matches, or None."""
    starts = _index(words, text)[0]
    i = bisect.bisect_left(starts, b) - 1
    return starts[i] if i >= 0 and starts[i] >= a else None


def _word_near(words: re.Pattern, text: str, start: int, end: int, column: str = "") -> bool:
    """A word of ``words`` in the value's column header, in the 80 characters before it or in the
    rest of its line after it (starting within WORD_AFTER characters, ending inside RIGHT_CONTEXT)."""
    line_end = text.find("\n", end, end + WORD_AFTER)
    return bool(column and words.search(column)) or _word_in(words, text, start - 80, start) \
        or _word_in(words, text, end, end + WORD_AFTER if line_end < 0 else line_end, end + RIGHT_CONTEXT)


def _word_before(words: re.Pattern, text: str, start: int, width: int = 40) -> bool:
    """A word of ``words`` on the value's line, in the ``width`` characters before it."""
    return _word_in(words, text, text.rfind("\n", max(0, start - width), start) + 1 or start - width, start)


# "", "> ", "Bob: ", "CALLER: uh yes, it's " before a value: who speaks and words that say nothing about it
_SPEAKER_RE = re.compile(r"[ \t>]*(?:[^\W\d][\w .'-]{0,30}:[ \t]*)?(?i:(?:uh|um|er|yes|yeah|yep|sure|ok|okay|so"
                         r"|well|it[’']?s|it is|that[’']?s|that is|here|mine is)[ \t,.!-]*){0,5}[(\[]?\Z")
# A short comment on the line above (at most three words) names the value below it: "# Passport", "// Order #"
_COMMENT_LINE_RE = re.compile(r"[ \t]*(?:#|//|--|/\*|<!--)[ \t]*\S+(?:[ \t]+\S+){0,2}[ \t]*\Z")


def _labels(text: str, start: int) -> tuple:
    """The labels just before a value: its column's header, the text before it on its line and, when
    the value opens its line (a chat answer "Bob: 452027871"), the end of the line above (or a comment line above it: "# Passport\\nvalue = <value>")."""
    line = _line_before(text, start, 40)
    line_start = start - len(line)
    if line_start > 0 and len(line) < 40:
        above = _line_before(text, line_start - 1, 80)
        if _SPEAKER_RE.match(line) and not _PHONE_LABEL_RE.search(line) or _COMMENT_LINE_RE.match(above):
            # ("Contact: <value>" is labelled on its own line: "agree to take part." above it names nothing)
            return _column_label(text, start), line, above
    return _column_label(text, start), line


# Where a label can start: a letter after a non-letter, a '#', a symbol such as a phone emoji.  The label
# patterns end in \Z and are tried only there (.match), ten times cheaper than .search trying every position.
_LABEL_START_RE = re.compile(r"(?<![A-Za-z])(?=[^\W\d_])|(?<=[a-z])(?=[A-Z])|#|[\u2600-\u27bf\U0001f300-\U0001faff]")


def _label_in(label_re: re.Pattern, label: str) -> bool:
    """label_re.search(label), for the label patterns (each starts with a letter, '#' or a symbol)."""
    return bool(label) and any(label_re.match(label, m.start()) for m in _LABEL_START_RE.finditer(label))


def _excused(labels: tuple, text: str, end: int, label_re: re.Pattern = None) -> bool:
    label_re = label_re or _OTHER_ID_LABEL_RE
    return any(_label_in(label_re, label) for label in labels) or bool(_after(_UNIT_AFTER_RE, text, end)) \
        or bool(_CURRENCY_BEFORE_RE.search(labels[1])) or bool(_after(_ID_AFTER_RE, text, end)) \
        or len(labels) > 2 and _label_in(_ID_QUESTION_RE, labels[2])  # "Q: what permit no ...?\nA: <value>"


_AFTER_LAST_DIGIT_RE = re.compile(r"[^0-9]*\Z")
_SENTENCE_END_RE = re.compile(r"(?:.*(?:[a-z]{3}\.[ \t]+(?=[A-Z])|[a-z]{4}\.[ \t]+|[?!][ \t]+))?")  # ("the site. invoice")


def _id_labelled(text: str, start: int, words: re.Pattern, column: str) -> bool:
    """An ID label right before the value and no word of ``words`` since the last number before it on its
    line ("SSN - last four 9096, passport # = <value>": the SSN word names the other number; "(order)" closes
    the label of the number before)."""
    label = _line_before(text, start, 80)
    cut = _AFTER_LAST_DIGIT_RE.search(label).start()
    label = label[cut:]
    label = label[label.rfind(")") + 1 if cut else 0:]  # ("get_order(order_id):  # e.g. <value>" keeps its label)
    label = label[_SENTENCE_END_RE.match(label).end():]  # "this call may be recorded. Case <value>": a phone
    # word in an earlier sentence names no value
    return _label_in(_ID_LABEL_RE, label) and not words.search(label) and not words.search(column)


# HL7 v2 and X12 segments: the segment id and the field's position say what a value is.  HL7: "PID|1||...",
# fields split by '|' (MSH-1 is the '|' itself), a segment per line after an MSH or another segment.  X12:
# "PER*IC*name*TE*...~", elements split by '*', each segment after an ISA or a '~'; a qualifier element names the
# next one (PER: TE/FX/CP.. a phone; REF*SY, NM1 ..*34*: an SSN).  Free text (NTE, OBX-5, MSG) is read as text.
_SEG_HEAD_RE = re.compile(r"[ \t]*([A-Z][A-Z0-9]{1,2})([|*])")
_HL7_HEAD_RE = re.compile(r"[A-Z][A-Z0-9]{2}\|")
_HL7_ROLES = {"PID13": "p", "PID14": "p", "NK15": "p", "NK16": "p", "GT16": "p", "GT17": "p", "IN17": "p",
              "ORC14": "p", "OBR17": "p", "PID19": "s", "NK137": "s", "GT112": "s", "IN22": "s",
              "NTE3": "", "OBX5": ""}
SEGMENT_BEFORE = 400  # a segment is read only when its start (and the segment before) is this close


def _segment_role(text: str, start: int):
    """'p' (a phone's field), 's' (an SSN's), 'x' (any other field: no phone, no SSN) or None (free text,
    or not in a segment)."""
    reach = max(0, start - SEGMENT_BEFORE)
    line_start = max(text.rfind("\n", reach, start), text.rfind("\r", reach, start)) + 1
    if not line_start and reach:
        return None
    head = text[line_start:start]
    m = _SEG_HEAD_RE.match(head)
    if not m or m.group(2) == "*" or len(m.group(1)) < 3:
        tail = head.rfind("~")
        m = _SEG_HEAD_RE.match(head, tail + 1)
        if not m or m.group(2) != "*" or m.group(1) != "ISA" and text[reach:line_start + tail + 1].rstrip()[-1:] != "~":
            return None
        fields = head[m.start(1):].split("*")
        seg, at = m.group(1), len(fields) - 1
        if seg == "PER" and at % 2 == 0 and fields[at - 1] in ("TE", "FX", "CP", "HP", "WP", "BN", "EX"):
            return "p"
        if seg == "REF" and at == 2 and fields[1] == "SY" or seg == "NM1" and at == 9 and fields[8] == "34":
            return "s"
        return None if seg in ("MSG", "NTE") else "x"
    seg = m.group(1)
    if seg != "MSH":  # (the segment before it starts a line too)
        above = max(text.rfind("\n", reach, line_start - 1), text.rfind("\r", reach, line_start - 1)) + 1
        if not line_start or not above and reach or not _HL7_HEAD_RE.match(text, above):
            return None
    fields = head[m.start(1):].split("|")
    role = _HL7_ROLES.get(seg + str(len(fields) - (seg != "MSH")), "x")  # ("NK15": NK1-5)
    return role or None


# The numbers before a value in a list: "RETRY_IDS = [371552919, <value>": the list's key labels each item
_LIST_ITEMS_BEFORE_RE = re.compile(r"[\[({]((?:[ \t]*[\"']?\d+[\"']?[ \t]*,)+[ \t]*)\Z")


# A structured record's field name right before its value: an SGML/XML element (OFX <BANKID>, ADIF <NAME:10>), the
# name="" of the element holding it (XFDF <field name=".."><value>), a quoted key ("key": ), an identifier before
# '=' (RADIUS, INI, key=value logs) or a code-like one before ':' (snake_case, camelCase, dotted).
_FIELD_NAME_RE = re.compile(
    r"(?:\b(?i:name|key|field)=[\"'](?P<attr>[^\"'<>\n]{1,40})[\"'][^<>\n]{0,80}>(?:[ \t]*<[\w:.\-]{1,20}>)*"
    r"|<(?P<tag>[A-Za-z][\w.:\-]{0,40}?)(?::\d{1,5}(?::[A-Za-z])?)?(?:[ \t][^<>\n]{0,200})?>"
    r"|[\"'](?P<quoted>(?![A-Z][a-z]+[\"'])[^\"'\n\t ]{1,40})[\"'][ \t]*(?:=>|:|=)[ \t]*[\"']?"  # (not "Alice": a contact list)
    r"|(?<![\w.\-])(?P<key>[A-Za-z_][\w.\-]{0,40})[ \t]*=[ \t]*[\"']?"
    r"|(?<![\w.\-])(?P<code>[A-Za-z][\w.\-]{0,40}(?:_|[a-z][A-Z]|\.)[\w.\-]{0,40})[ \t]*:[ \t]*[\"']?)[ \t]*\Z")
_NAME_PART_RE = re.compile(r"[A-Z\u00c0-\u00de]?[a-z\u00df-\u00ff]+|[A-Z\u00c0-\u00de]+(?![a-z\u00df-\u00ff])|[^\W\d_A-Za-z\u00c0-\u00ff]+")
# Parts of a field name: a generic holder's (value, text, input ...: any text goes there), a person's contact's (to,
# sender, address ...) or one starting like one of our kinds in a system's abbreviation (TELF1, STCD2 a tax number,
# crdnumber) keeps the number a candidate; "number", "no", "debug" say nothing, the name needs another part.
_HOLDER_PARTS = frozenset("value values val v valor valeur wert valore waarde "  # (value in es/pt, fr, de, it, nl: CFDI's valor=)
                          "text txt str string note notes comment body data content msg message "
                          "example examples default input output answer result memo remark remarks detail details info "
                          "desc description label title subject query payload raw line entry param arg x"
                          # and markup that holds text, not a field: <p>, <b>, <td>, a spreadsheet's <t>, <c>
                          " a p b i u s em strong span div td th tr li dd dt pre code font small sub sup mark cell t si c r"
                          .split())
_CONTACT_PARTS = frozenset("to from dst src dest destination recipient recipients sender contact contacts address addr "
                           "msisdn caller callee ani dnis cli user username login owner who whom ss name reply".split())
_NEUTRAL_PARTS = frozenset("number num numero número numéro nr no nbr nmr field debug test sample fixture".split())
_KIND_STEMS = ("ss", "soc", "tax", "tin", "itin", "stcd", "tel", "phon", "fon", "mob", "cel", "fax", "sms", "msisdn", "whats",
               "card", "crd", "cc", "pan", "visa", "master", "amex", "mail", "kart", "cart", "tarj")


_LAST_WORD_RE = re.compile(r"[^\W\d_]+[ \t]\Z")


# A generic holder's key ("value": , example: ) takes its name from the record: a sibling's label or name on the
# lines above (DocuSign's "tabLabel": "aba", a pass's "key": "gtin") or the YAML key it sits under (OpenAPI's
# routingNumber: / type: string / example: "<value>").
_HOLDER_KEY_RE = re.compile(r"(?<![\w.\-])[\"']?(?:value|example|default)[\"']?[ \t]*[:=][ \t]*[\"']?\Z", re.I)
_SIBLING_NAME_RE = re.compile(r"[\"'](?:\w*label|name|key|title|field)[\"'][ \t]*:[ \t]*[\"']([^\"'\n]{1,40})[\"']", re.I)
_YAML_PARENT_RE = re.compile(r"([ \t]*)([A-Za-z][\w.\-]{0,40}):[ \t]*\Z")
_INDENT_RE = re.compile(r"[ \t]*")


def _holders_name(text: str, line_start: int):
    indent = _INDENT_RE.match(text, line_start).end() - line_start
    end = line_start - 1
    for _ in range(3):  # the three lines above
        if end <= 0:
            return None
        above = text.rfind("\n", max(0, end - 200), end) + 1
        m = _SIBLING_NAME_RE.search(text, above, end)
        if m:
            return m.group(1)
        m = _YAML_PARENT_RE.match(text[above:end])
        if m and len(m.group(1)) < indent:
            return m.group(2)
        end = above - 1
    return None


def _field_names_other(text: str, start: int) -> bool:
    """The value's own field name in a structured record, when it names no phone, SSN, card or email and no
    person's contact, and is not a generic holder (value, text): a record's other number (ACCTID, LOGID,
    bank_routing).  Such a key, not its vocabulary, is what makes a number a field's value."""
    if _marc_control(text, start):
        return True
    if not _KEY_END_RE.search(text, max(0, start - 8), start):
        return False  # (every field name ends in '=', ':' or '>' right before its value)
    line_start = text.rfind("\n", max(0, start - 120), start) + 1
    if _HOLDER_KEY_RE.search(text, max(line_start, start - 40), start):
        name = said = _holders_name(text, line_start)
        if not name:
            return False
    else:
        m = _FIELD_NAME_RE.search(text, max(line_start, start - 120), start)
        if not m:
            return False
        name = next(filter(None, m.groups()))
        before = (m.group("key") or m.group("code")) and _LAST_WORD_RE.search(text, max(line_start, m.start() - 20), m.start())
        said = before.group(0) + name if before else name  # a key of two words: "tax id = <value>"
    if any(words.search(said) for words in (_PHONE_WORDS_RE, _SSN_WORDS_RE, _CARD_WORDS_RE)):
        return False
    parts = [p.lower() for p in _NAME_PART_RE.findall(name)]
    return not any(p in _HOLDER_PARTS or p in _CONTACT_PARTS or p.startswith(_KIND_STEMS) for p in parts) \
        and any(p not in _NEUTRAL_PARTS for p in parts)


_NUMBER_COLUMN_RE = re.compile(r"[^\W\d_][^\W\d_ .'-]*(?:[ .'-][^\W\d_]+){0,2}[ \t]*(?:#|no\.|nr\.)", re.I)  # "Attendee #"


def _column_names_other_id(column: str, words: re.Pattern) -> bool:
    """The value's column header in a table is, as a whole, another ID's label or some thing's number (Order #,
    Attendee #; not "B1: Ref", a spreadsheet's cell name) and holds no word of ``words``."""
    cell = column.strip(" \t\"'")
    return bool(cell) and bool(_ID_LABEL_RE.match(cell) or _NUMBER_COLUMN_RE.fullmatch(cell)) and not words.search(cell)


def _bare_counts(text: str, start: int, end: int, words: re.Pattern, vat_prefix: bool = True) -> bool:
    """A bare number counts unless a label names it as something else, and no word near it names it
    as this kind."""
    labels = _labels(text, start)
    if _id_labelled(text, start, words, labels[0]):
        return False
    if _column_names_other_id(labels[0], words):
        return False  # ("Order #,...,tel" above an order's number: the header's last cell names another column)
    items = _LIST_ITEMS_BEFORE_RE.search(text, max(0, start - 80), start)
    if items and _id_labelled(text, items.start(1), words, labels[0]):
        return False
    if _field_names_other(text, start):
        return False  # (its own field's name outweighs a word near it: "<TRNTYPE>DEBIT<FITID>...")
    if _word_near(words, text, start, end, labels[0]):
        return True
    if _excused(labels, text, end):
        return False
    return not (vat_prefix and _VAT_PREFIX_RE.search(labels[1]))


# ---------------------------------------------------------------- detectors
# An airline booking's contact element writes an email's '@' as '//' (and '_' as '..'): SSR CTCE JOHN..DOE//EXAMPLE.COM
_CTCE_RE = re.compile(r"CTCE[ \t]+(?:[A-Z]{2}[ \t]+[A-Z]{2}\d?/)?(\w[\w.\-]*//[\w\-]+(?:\.[\w\-]+)+)")


# UN/EDIFACT's COM segment: COM+<number or address>:<channel>' (TE telephone, FX fax, AL mobile, AJ alternate, EM mail)
_EDI_QUALIFIER_RE = re.compile(r":[A-Z]{2}(?=')")
_EDI_PHONE_RE = re.compile(r"(?<![A-Z])COM\+((?:\?.|[^:'?]){7,40}):(?:TE|FX|AL|AJ|AM)(?=')")
# A mail's own id in headers and log fields: Message-ID: <..@host>, MsgId=<..@host>, "message_id": "<..@host>"
_MSG_ID_RE = re.compile(r"(?<![a-z])(?:(?:internet[-_ ]?)?(?:message|msg)[-_ ]?id|in-reply-to|references)[\"']?[ \t]*[:=][ \t]*[\"']?"
                        r"(?:<[^<>\s]+>[ \t]*)*<\Z", re.I)
# The same header as a name/value pair (an SES notification's "headers": [{"name": "Message-ID", "value": "<..>"}])
_MSG_ID_PAIR_RE = re.compile(r"[\"']name[\"'][ \t]*:[ \t]*[\"'](?:message[-_ ]?id|in-reply-to|references)[\"'][ \t]*,\s{0,20}"
                             r"[\"']value[\"'][ \t]*:[ \t]*[\"'](?:<[^<>\s]+>[ \t]*)*<\Z", re.I)


def _emails(text: str):
    if "CTCE" in text:
        yield from (Finding(EMAIL, m.start(1), m.end(1)) for m in _CTCE_RE.finditer(text))
    if "@" not in text:
        return
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group("local") or m.group("quoted"), m.group("domain")
        if len(local) > 64 or len(m.group(0)) > 254 or _RETINA_ASSET_RE.fullmatch(domain):
            continue
        if _MSG_ID_RE.search(_line_before(text, m.start(), 80)):
            continue  # a mail's own id: Message-ID: <1716901180266@host.example>
        if m.start() and text[m.start() - 1] == "<" and _MSG_ID_PAIR_RE.search(text, max(0, m.start() - 120), m.start()):
            continue  # (the header's name on the line before its value)
        edi = text.startswith(":", m.end()) and _EDI_QUALIFIER_RE.match(text, m.end())
        path = text[m.end() + 1:m.end() + 2]  # (none at the text's end: "write to jane@example.org:" is an email)
        if text.startswith(":", m.end()) and path and not path.isspace() and not edi:
            continue  # scp/ssh remote such as git@github.com:org/repo.git (not an EDIFACT COM+<address>:EM')
        yield Finding(EMAIL, m.start() + 4 if edi and local.startswith("COM+") else m.start(), m.end())


def _phone_labelled(text: str, start: int, end: int) -> bool:
    """A phone label right before the value, after it in parentheses or its column's header, and no SSN word
    near it."""
    labels = _labels(text, start)
    return bool(_label_in(_PHONE_LABEL_BEFORE_RE, labels[1]) or _PHONE_WORDS_RE.search(labels[0])
                or _after(_PHONE_AFTER_RE, text, end)) and not (
        _SSN_WORDS_RE.search(labels[0]) or _word_before(_SSN_WORDS_RE, text, start, 80))


# A NACHA (ACH) file header: "101", the bank's routing number, the origin, date, time, id, "094101" (record size,
# blocking factor, format code) at fixed places; its numbers are routing numbers.
_NACHA_HEADER_RE = re.compile(r"101 \d{9}[ \d]\d{9}\d{10}[0-9A-Z]094101")


def _bare_ssn_counts(text: str, start: int, end: int) -> bool:
    """A bare 9-digit number is an SSN unless excused, or a phone word labels it and no SSN word does."""
    if _NACHA_HEADER_RE.match(text, text.rfind("\n", 0, start) + 1):
        return False
    if _placeholder(text[start:end]) and not _word_near(_SSN_WORDS_RE, text, start, end, _column_label(text, start)):
        return False
    if not _bare_counts(text, start, end, _SSN_WORDS_RE):
        return False
    column = _column_label(text, start)
    if _SSN_WORDS_RE.search(column) or _word_before(_SSN_WORDS_RE, text, start):
        return True
    labels = _labels(text, start)
    return not (_word_before(_PHONE_WORDS_RE, text, start) or _PHONE_WORDS_RE.search(column)
                or _after(_PHONE_AFTER_RE, text, end) or len(labels) > 2 and _label_in(_PHONE_QUESTION_RE, labels[2]))




def _phone_worded(text: str) -> bool:
    """Any phone word in the text (a cheap substring test first)."""
    entry = _PER_TEXT.worded.get(id(text))
    if entry is None or entry[0] is not text:
        lower = text.lower()
        entry = _PER_TEXT.worded[id(text)] = (text, "contact" in lower or _phone_hinted(text, lower)
                                              and bool(_PHONE_WORDS_RE.search(text)))
    return entry[1]


def _phone_hinted(text: str, lower: str = None) -> bool:
    """A part of every phone word (_PHONE_HINTS) in the text, our own phone mask left out: its PHONE is no
    phone word (_PHONE_WORDS_RE skips it, and no word reaches into its brackets), yet in a text masked once
    (mask_pii's next pass) it sent every phone word search through the whole text for nothing."""
    lower = text.lower() if lower is None else lower
    mask = redaction(US_PHONE)
    if mask.lower() in lower:  # (else the mask is not in the text either)
        lower = text.replace(mask, "[]").lower()
    return any(hint in lower for hint in _PHONE_HINTS)


_FIVE_DIGITS_RE, _NINE_DIGITS_RE = re.compile(r"\d\d{4}"), re.compile(r"\d\d{8}")  # (a digit first: see _SSN_RE)


def _apart(near, start: int, end: int) -> bool:
    """A value at start..end lies outside the span ``near`` (None: the whole text is read)."""
    return near is not None and (end <= near[0] or start >= near[1])


def _ssns(text: str, near: tuple = None):
    worded = None
    segments = "|" in text or "*" in text  # (no segment without one: _segment_role is None)
    five = _FIVE_DIGITS_RE.search(text)  # the patterns after the first need 5 or 9 digits in a row: most texts have none
    nine = five and _NINE_DIGITS_RE.search(text, five.start())
    ssr = [_SSN_AT_RE.match(text, f.end()) for f in _SSR_FIELD_RE.finditer(text)] if "SSR" in text else ()
    for m in itertools.chain(_SSN_RE.finditer(text), filter(None, ssr)):
        s1, s2 = m.group("s1"), m.group("s2")
        if bool(s1) != bool(s2) or _apart(near, m.start(), m.end()):
            continue
        if not ssn_valid(m.group("area"), m.group("group"), m.group("serial")):
            continue
        role = segments and _segment_role(text, m.start())
        if role:
            if role == "s":
                yield Finding(US_SSN, m.start(), m.end())
            continue
        if not s1 and not _bare_ssn_counts(text, m.start(), m.end()):
            continue
        if s1 == "." and _CURRENCY_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Co-pay $201.12 — 4424": a price's cents, then the next number
        if s1 and worded is None:
            worded = _phone_worded(text)
        if s1 and worded and _phone_labelled(text, m.start(), m.end()) and not (
                s1 == s2 and s1 in "-." and _label_in(_MY_NUMBER_BEFORE_RE, _labels(text, m.start())[1])):
            continue  # "tel_mobile=800 17 1238": a phone label right before it and no SSN word ("my number 384-99-4760" is one)
        yield Finding(US_SSN, m.start(), m.end())
    for m in _SSN_5_4_RE.finditer(text) if five else ():  # "SSN: 32276-5806": nine digits grouped like a ZIP+4, an SSN word right before
        d = m.group(1) + m.group(2)
        if ssn_valid(d[:3], d[3:5], d[5:]) and _word_in(_SSN_WORDS_RE, text, m.start() - 12, m.start()):
            yield Finding(US_SSN, m.start(), m.end())
    for m in _ODD_SEP_SSN_RE.finditer(text):  # any separator is one ("SSN 536+22+8726"), an SSN word right before
        start = m.start() - 3
        d = text[start:m.end()]
        if ssn_valid(d[:3], d[4:6], d[7:]) and _word_in(_SSN_WORDS_RE, text, start - 12, start):
            yield Finding(US_SSN, start, m.end())
    for m in _GLUED_SSN_RE.finditer(text) if nine else ():  # "SSN:536228726abc": only when the context says SSN
        d = m.group(0)
        if ssn_valid(d[:3], d[3:5], d[5:]) and _word_in(_SSN_WORDS_RE, text, m.start() - 40, m.start()):
            yield Finding(US_SSN, m.start(), m.end())
    for m in _GLUED_BOTH_RE.finditer(text) if nine else ():  # letters on both sides, no SSN word: "id660552468z"
        d, a, b = m.group(0), m.start(), m.end()
        head = a
        while head > 0 and head > a - 4 and text[head - 1].isascii() and text[head - 1].isalpha():
            head -= 1
        tail = b
        while tail < len(text) and text[tail].isascii() and text[tail].isalpha():
            tail += 1
        token = text[head:a] + text[b:tail]
        if head == a - 4 or head and text[head - 1].isalnum() or token.lower().strip("abcdef") == "" \
                or token[0].isupper() and text[head:a].isupper():
            continue  # a longer word, a hex string, or an uppercase prefix (VAT DE123456789X, codes)
        if ssn_valid(d[:3], d[3:5], d[5:]) and _bare_ssn_counts(text, head, b):  # labels before "id"
            yield Finding(US_SSN, a, b)
    for m in _SUFFIXED_RE.finditer(text) if nine else ():  # a bare SSN with a few letters typed after it
        d = m.group(0)
        isbn10 = text[m.end()] in "Xx" and sum((10 - i) * int(c) for i, c in enumerate(d)) % 11 == 1
        if ssn_valid(d[:3], d[3:5], d[5:]) and not isbn10 and _bare_ssn_counts(text, m.start(), m.end()):
            yield Finding(US_SSN, m.start(), m.end())


def _placeholder(digits: str) -> bool:
    """Unseparated '123456789', '0123456789', 2147483647: a counting sequence or a machine constant
    (2^31-1, 2^32-1), not somebody's number."""
    return digits in "01234567890123456789" or digits in "98765432109876543210" \
        or digits in ("2147483647", "2147483648", "4294967295")


_CNPJ_SHAPE_RE = re.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|\d{14}")


def _phone_shape(body: str) -> str:
    """'phone' when the written shape alone says phone number, 'bare' for an unseparated run that may
    be one, 'maybe' for other digit groups (a phone only if a word says so), '' for none."""
    groups = _DIGIT_GROUP_RE.findall(body)
    digits = "".join(groups)
    n = len(digits)
    if len(groups) == 4 and body.count(".") == 3 and n <= 12 and "+" not in body and _ipv4(groups):
        return ""  # an IPv4 address (192.168.1.20), whatever a word near it says
    if digits.startswith("0000") or n == 14 and _CNPJ_SHAPE_RE.fullmatch(body) and _cnpj_ok(digits):
        return ""  # no dialling prefix, trunk or area code is 0000 (a zero-padded account: 0000140000); a CNPJ
    if n == 3 and len(groups) == 1 and digits[1:] != "11" and digits not in ("000", "100", "110", "112", "119", "999"):
        return "key"  # three digits are a phone only as a phone field's value (WhatsApp=922), never a service number
    if 4 <= n <= 6 and not _placeholder(digits) and not (n == 4 and digits[:2] in ("19", "20")):
        return "short"  # a small territory's or a short local number: a phone only if a phone label is right
        # before it (not a year; three digits are a service number: 911, 112, 411, nobody's own)
    if not 7 <= n <= 17:
        return ""
    if len(groups) == 1 and _placeholder(digits):
        return "maybe"  # a phone only if a word says so
    plus = body.startswith(("+", "(+"))
    if plus:  # a country code never starts with 0; a last group of one digit is a decimal or a list
        short_ok = n == 7 and "." not in body and (len(groups) >= 2 or _country_fits(digits))  # +290 8999
        if (8 <= n <= 15 or short_ok) and digits[0] != "0":
            # a last group of one digit is a decimal or a list, unless a phone label is right before it ("short")
            return "phone" if len(groups) == 1 or len(groups[-1]) >= 2 else "short" if "." not in body or len(
                groups) >= 5 and _country_fits(digits) else ""  # (dotted in pairs: +33 61.23.45.67.8, no decimal)
        return ""
    if n > 15 and not digits.startswith("00"):
        return ""
    if len(groups) == 1:
        if n == 10 and _nanp_ok(digits[:3], digits[3:6]) or n == 11 and digits[0] == "1" and \
                _nanp_ok(digits[1:4], digits[4:7]) or digits.startswith("0") and 10 <= n <= 12 \
                or n >= 10 and _dialled_abroad(digits) and not _check_digit_id(digits):
            return "bare"
        return "maybe"
    sizes = [len(g) for g in groups]
    if sizes == [4, 4] and groups[0][:2] in ("19", "20") and " -" in body and int(groups[1][:2]) <= 14 \
            and groups[1][2:] in ("00", "15", "30", "45"):
        return ""  # a year and a time zone: "Wed Jul 20 14:24:18 2022 -0700" (git log, mail headers)
    if sizes == [5, 4] and "-" in body:
        return ""  # a US ZIP+4 code (02110-1301)
    if groups[0].startswith(("00", "011")) and groups[0][2:3] != "0" and (
            15 >= n >= 10 and min(sizes[1:]) >= 2 or n >= 8 and _dialled_abroad(digits)):
        return "phone"  # international dialling prefix: 00 44 ..., 001-..., 011 ... (longer: its country must fit,
        # 002-1297338-8306925 is an order number)
    # a date is decided here when no rule below can come first: three groups of at most 8 digits (a time after it,
    # "10-26-2019 12:07", waits for the rules of longer numbers)
    date = (sizes[0] == 4 and sizes[1:3] in ([2, 2], [1, 2], [2, 1], [1, 1]) or sizes[2:3] == [4] and max(sizes[:2]) <= 2) \
        and _looks_like_date(groups[:3])
    if date and len(groups) == 3 and n <= 8:
        return ""
    seps = {s.strip(" \t\r\n") or " " for s in _SEP_RE.findall(_PAREN_GROUP_RE.sub(" ", body) if "(" in body else body)}
    tail = sizes[-3:]
    if tail == [3, 3, 4] and (len(groups) == 3 or len(groups) == 4 and groups[0] in ("1", "01", "001")):
        return "phone" if len(seps) <= 1 or "(" in body or (len(groups) == 3 or body.startswith("1 ")) and body[-5] == "-" \
            and seps == {" ", "-"} and _nanp_ok(groups[-3], groups[-2]) else "maybe"  # (415 555-0132, 1 800 555-0132)
    if digits[0] == "0" and digits[1] != "0" and 9 <= n <= 12 and len(seps) <= 1 and min(sizes[1:]) >= 2 and (
            sizes[0] > 1 or seps != {"."} or len(groups) > 4):  # the trunk 0 may stand apart (0 800 123 456), no
        # thousands number opens with 0 (a dotted 0.12.345.67 is a version)
        return "phone"
    if "(" in body and 9 <= n <= 12 and min(sizes) >= 2:
        return "phone"
    if sizes == [3, 3, 3] and len(seps) == 1 and seps <= {" ", "."} and groups[0][0] != "0" and "  " not in body \
            and groups[2] != "000":
        return "local"  # 912 345 667, 848.123.724: nine digits in threes are a phone more often than an amount of
        # hundreds of millions (a currency or unit next to it, or a label, still says amount)
    if sizes == [1, 3, 3, 2, 2] and digits[0] in "78" and seps == {" "}:
        return "local"  # 8 945 385 92 29: a Russian or Kazakh number after its trunk 8 (or +7 without its '+')
    if 9 <= n <= 12 and len(groups) >= 4 and sizes[-3:] == [3, 2, 2] and "-" in body:
        return "local"  # 8 029 491-17-40, (912) 345-67-89: the 3-2-2 ending of Eastern European numbers
    if 8 <= n <= 11 and len(groups) >= 4 and sizes[0] <= 3 and set(sizes[1:]) == {2} and len(seps) == 1 \
            and seps <= {" ", "-", "."} and not (seps == {"."} and len(groups) == 4):
        return "local"  # pairs: 6 71 23 45 67, 06.12.34.56.78 (not a dotted IPv4 address)
    if date:
        return ""  # a date, perhaps with a time after it (10-26-2019 12:07)
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups[:2]) or len(groups) == 2 and sizes[0] == sizes[1] \
            and "-" in body and 0 < int(groups[1]) - int(groups[0]) < 1000 or set(digits) <= {"0", "1"}:
        return "maybe"  # a range (2006-2022, 2360-2363) or bits (0000 0100): a phone only if a word says so
    if n <= 12 and len(groups) <= 5 and min(sizes) >= 2 and max(sizes) <= 4 and len(seps) == 1 \
            and seps <= {" ", "-", "/", "_"} and not (sizes[0] <= 3 and set(sizes[1:]) == {3} and (seps == {"_"} or seps == {" "} and "  " not in body
                                                                and "\t" not in body)) \
            and (n >= 8 or seps == {" "}) and sizes != [3, 2, 4]:  # 3-2-4 is an SSN's shape, valid or not
        # a local number as people group it (320 1234, 98 94 24 27); not 1 234 567, not a 123-4567 postcode
        return "local"
    if seps == {"."} and 9 <= n <= 12 and 3 <= len(groups) <= 4 and min(sizes) >= 2 and max(sizes) <= 4 \
            and any(len(g) == 4 or int(g) > 255 for g in groups) and not (sizes[0] <= 3 and set(sizes[1:]) == {3}) \
            and not (sizes[:3] == [2, 2, 4] and len(groups) == 4 and digits[0] != "0"):
        return "local"  # dotted like a phone (12.345.67.89, 2240.857.826); not an IPv4 address, not 1.234.567, not a
        # four-part version, major.minor.build.revision (16.11.7143.93: no trunk 0)
    if 9 <= n <= 12 and len(groups) <= 4 and min(sizes) >= 2 and max(sizes) <= 4 and len(seps) == 2 \
            and " " in seps and seps & {"-", "/"}:
        return "local"  # a space and one other separator: 051 844/7949, 36/951 6301
    return "maybe"


def _ipv4(groups: list) -> bool:
    """Four groups of 0-255 with no leading zero, not all pairs: pairs (49.90.12.34) and groups with a leading
    0 (02.123.45.67) are phone numbers when a label says so."""
    return any(len(g) != 2 for g in groups) and all(len(g) <= 3 and int(g) <= 255 and (g == "0" or g[0] != "0")
                                                     for g in groups)


def _looks_like_date(groups: list) -> bool:
    """Day and month (either order) beside a year of 4 digits: 2024-05-17, 31.7.1999, 5/17/2024."""
    if len(groups[0]) == 4 and groups[0][0] not in "12" or len(groups[0]) != 4 and groups[2][:2] not in ("19", "20"):
        return False  # a year (2024-05-17, 31.7.1999) looks like one: 0800/01 23 38 is a phone number
    a, b = map(int, groups[1:3] if len(groups[0]) == 4 else groups[:2])  # day and month
    return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12


_ADDRESS_LINE_RE = re.compile(r"[ \t]+[^\W\d_]{2,}(?![^\n]*\d)")
_NUMBERED_LINE_RE = re.compile(r"[.)]?[ \t]+[^\W\d_]")
_LINE_BREAK_RE = re.compile(r"[ \t]*\r?\n[ \t]*|\t")  # a tab too: it ends a TSV cell


def _cut_fits(text: str, start: int, cut: int, end: int) -> bool:
    """The "+" number up to ``cut`` fits its country's lengths, and with the digits up to ``end`` it would not."""
    digits = "".join(_DIGIT_RE.findall(text, start, end))
    return _country_fits("".join(_DIGIT_RE.findall(text, start, cut))) and not _country_fits(digits)


# The visible digits of a masked number (4570********6800, **** 3938, XXXX-1234, •••• 0494) touch its mask
_MASK_BEFORE_RE = re.compile(r"(?:[*\u2022X]{2}[ \t-]?|(?<![a-z])(?:ending|ends)[ \t]+in[ \t]+)\Z")
_MASK_AFTER_RE = re.compile(r"[ \t-]?[*\u2022X]{2}")


_IPV4_HEAD_RE = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[ \t]{2,}|\t)(?=\d)")
# A group opening with the international prefix after two spaces, a tab or a line break: "  00971 4 388 9250"
_ABROAD_GROUP_RE = re.compile(r"(?:(?<=[ \t][ \t])|(?<=[\t\n]))00[1-9]")


def _cut_after_others(text: str, m):
    """A candidate, cut after an IPv4 address at its head ("host 172.22.200.89  684-009-230") and before a group
    that opens a whole number dialled abroad when the digits before it would spoil it ("total ¥508.93  00971 4 388
    9250", "MAC ..:da:61\n0048 624 334 776").  Both follow two spaces, a tab or a line break."""
    end = m.start() + len(m.group("body"))
    ip = _IPV4_HEAD_RE.match(text, m.start(), end)
    if ip and _ipv4(ip.group(1, 2, 3, 4)):  # "host 172.22.200.89  684-009-230": the address, then a number
        m = _PHONE_RE.search(text, ip.end(), m.end())
        if not m:
            return
        end = m.start() + len(m.group("body"))
    for g in _ABROAD_GROUP_RE.finditer(text, m.start() + 1, end):
        if "\n" in text[m.start():g.start()] and m.start() and text[m.start() - 1] in " \t\n":
            continue  # a grouped number going on at the next line (an IBAN's "DE93 3704\n0044 5397 ..."), unless
            # the digits before the break close another token ("MAC ..:da:61\n0048 624 334 776")
        if _dialled_abroad("".join(_DIGIT_RE.findall(text, g.start(), end))) \
                and not _dialled_abroad("".join(_DIGIT_RE.findall(text, m.start(), end))):
            yield from filter(None, (_PHONE_RE.match(text, m.start(), g.start()), _PHONE_RE.match(text, g.start(), m.end())))
            return
    yield m


def _phone_candidates(text: str):
    """_PHONE_RE's matches, a match cut at its line breaks when the digits on each side of a break
    are a whole number already (values run together: "mob 220 1234\n123-97-9700", "+16282581586<TAB>2023-01-29")."""
    for m in _PHONE_RE.finditer(text):
        yield from _match_candidates(text, m)


def _match_candidates(text: str, m):
    """The phone candidates _PHONE_RE's match ``m`` gives: itself or its pieces (each within it)."""
    body = m.group("body")
    if "\n" not in body and "\t" not in body:
        if "  " in body:
            yield from _cut_after_others(text, m)
        else:
            yield m
    else:
        yield from _cut_at_breaks(text, m, body)


def _cut_at_breaks(text: str, m, body: str):
    """``m`` whole, or cut at the line breaks (and tabs) of its body where the digits on each side make values."""
    breaks = [*_LINE_BREAK_RE.finditer(text, m.start(), m.start() + len(body))]
    cuts, pos = [], m.start()
    line_start = text.rfind("\n", 0, m.start()) + 1
    table = "\t" in text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:line_start]  # the line above has cells
    for k, br in enumerate(breaks):  # cut where 7+ digits are on each side (up to the next break)
        last = k + 1 == len(breaks)
        after_end = m.end() if last else breaks[k + 1].start()
        after = text[br.end():after_end]
        before = sum(map(str.isdigit, text[pos:br.start()]))
        if before >= 7 and sum(map(str.isdigit, after)) >= 7 or table and "\t" in br.group() \
                or _MASK_BEFORE_RE.search(text, max(0, pos - 12), pos) or _MASK_AFTER_RE.match(text, after_end) \
                or not k and text[pos] == "+" and _cut_fits(text, pos, br.start(), m.end()) \
                or last and before <= 5 and _after(_ADDRESS_LINE_RE, text, m.end()) and pos > 0 and text[pos - 1] == " " \
                or last and before >= 7 and len(after) <= 2 and _after(_NUMBERED_LINE_RE, text, m.end()):
            # (two whole numbers; a TSV cell; "+1 927 747 2616\n30 2 1 * *": a whole international number the next
            # line's digits would make too long; "street 1174\n979 27 Town": a house number, a postcode and its town;
            # "1 PHON +63 923 394 6554\n1 NOTE": the next line's number (a GEDCOM level, a list item) opens a line;
            # "4570********6800\n6536,...": a masked card's visible digits end or open a line)
            cuts.append((pos, br.start()))
            pos = br.end()
    if not cuts:
        yield from _cut_after_others(text, m)
        return
    cuts.append((pos, m.end()))
    for a, b in cuts:
        piece = _PHONE_RE.match(text, a, b)
        if piece:
            yield from _cut_after_others(text, piece)


_CALL_WORD_RE = re.compile(r"(?<![a-z])call[ \t#]*\Z", re.I)
_CELL_END_RE = re.compile(r"[ \t]*\|")
_PHONE_URL_RE = re.compile(r"wa\.me/\+?\d{7,15}(?!\d)", re.I)  # a WhatsApp link carries the number itself
_HTTP_STATUS_RE = re.compile(r'HTTP/[\d.]{1,3}"[ \t]\Z')  # an access log's status and size: "GET / HTTP/1.1" 200 59413
# A booking's flight segment: city pair, status code and seats (FRAJFK HK1), then departure and arrival (HHMM HHMM)
_SEGMENT_BEFORE_RE = re.compile(r"(?<![A-Za-z])[A-Z]{6}[ \t]+[A-Z]{2}\d{1,2}[ \t]+\Z")
_HHMM_PAIR_RE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d[ \t]{1,3}(?:[01]\d|2[0-3])[0-5]\d")
# A GS1 element string's trade measure: AI 3100-3699 in parentheses, then its six digits: (3103)726755 (net kg)
_GS1_MEASURE_RE = re.compile(r"\(3[1-6]\d\d\)\d{6}")
# An Aadhaar number as printed (12 digits in fours, never opening with 0 or 1) after an Aadhaar word on its line
_AADHAAR_SHAPE_RE = re.compile(r"[2-9]\d{3} \d{4} \d{4}")
_AADHAAR_WORD_RE = re.compile(_W.format("aadhaa?r|uidai" + normalize("|आधार")), re.I)
# A meter reading after its OBIS code (IEC 62056, A-B:C.D.E): 1-0:1.8.1(047396.023*kWh)
_OBIS_BEFORE_RE = re.compile(r"(?<![\w.:-])\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}(?:\*\d{1,3})?\(\Z")


_MIXED_HEX = r"(?=[A-Fa-f]*[0-9])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{4}"  # four hex digits, both digits and letters
_HEX_GROUP_BEFORE_RE = re.compile(r"(?<![0-9A-Za-z])" + _MIXED_HEX + "[ :]")
_HEX_GROUP_AFTER_RE = re.compile("[ :]" + _MIXED_HEX + "(?![0-9A-Za-z])")


# A hex dump's line (hexdump -C, od -x): an offset of 6-8 hex digits, then bytes as pairs of hex digits
_HEXDUMP_LINE_RE = re.compile(r"[0-9A-Fa-f]{6,8}:?(?:[ \t]{1,2}[0-9A-Fa-f]{2}){8}")


def _in_hex_groups(text: str, start: int, end: int) -> bool:
    """Digits beside a group of four hex digits that mixes digits and letters: a key fingerprint or a
    hex dump (8AA3 6115 2586 B8EF), not a phone number ("6115 2586 CAFE" still is one); or on a hex dump's line."""
    return bool(_HEX_GROUP_BEFORE_RE.match(text, max(0, start - 5), start) and start >= 5
                or _HEX_GROUP_AFTER_RE.match(text, end) or _hexdump_line(text, start)) or _in_mac(text, start, end)


# A MAC address, six hex pairs with a letter among them (RADIUS Calling-Station-Id "06-96-90-DA-30-C2"): its
# leading digits are no phone (six pairs of digits alone may be one: 00-33-61-23-45-67)
_MAC_RE = re.compile(r"(?<![0-9A-Za-z:-])(?=[0-9:-]{0,16}[A-Fa-f])[0-9A-Fa-f]{2}([-:])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z-]|:[0-9A-Fa-f]{2}(?![0-9A-Za-z]))")


def _in_mac(text: str, start: int, end: int) -> bool:
    if text[end:end + 1] not in ("-", ":") and text[start - 1:start] not in ("-", ":"):
        return False
    return any(m.start() <= start and end <= m.end() for m in _MAC_RE.finditer(text, max(0, start - 15), end + 15))


def _hexdump_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", max(0, start - 80), start) + 1  # (a dump's line is 80 characters at most)
    return (line_start > 0 or start <= 80) and bool(_HEXDUMP_LINE_RE.match(text, line_start))


# Android logcat's threadtime line: "06-07 13:44:37.178  3458  6789 I Tag: ..." (process and thread ids, a level)
_LOGCAT_BEFORE_RE = re.compile(r"(?<!\d)\d\d-\d\d[ \t]\d\d:\d\d:\d\d\.\d{3}[ \t]+\Z")
_LOGCAT_LEVEL_RE = re.compile(r"[ \t]+[VDIWEFA][ \t]")
# A MARC record's control field (=001 control number, =005 timestamp, =008 fixed data) in MarcEdit's text form
_MARC_CONTROL_RE = re.compile(r"=00\d  ")


def _marc_control(text: str, start: int) -> bool:
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    return bool(line_start and _MARC_CONTROL_RE.match(text, line_start)) and "=LDR" in text


_IMO_BEFORE_RE = re.compile(r"(?<![A-Za-z])IMO[ \t]?\Z")


def _imo_number(text: str, start: int, end: int) -> bool:
    """A ship's IMO number: "IMO" and seven digits, the last the sum of the first six weighted 7 to 2, mod 10."""
    digits = text[start:end]
    return len(digits) == 7 and digits.isdecimal() and bool(_IMO_BEFORE_RE.search(text, max(0, start - 4), start)) \
        and sum(int(d) * w for d, w in zip(digits, range(7, 1, -1))) % 10 == int(digits[6])


def _phones(text: str, near: tuple = None):
    if "wa.me/" in text.lower():
        yield from (Finding(US_PHONE, m.start() + 6, m.end()) for m in _PHONE_URL_RE.finditer(text))
    if "COM+" in text:  # (the channel names the value: no shape or label needed)
        yield from (Finding(US_PHONE, m.start(1), m.end(1)) for m in _EDI_PHONE_RE.finditer(text)
                    if len(_DIGIT_RE.findall(m.group(1))) >= 7)
    segments = "|" in text or "*" in text  # (see _ssns)
    for m in _phone_candidates(text):
        _PER_TEXT.runs.append((m.start(), m.start() + len(m.group("body"))))
        if _apart(near, m.start(), m.end()):
            continue
        role = segments and _segment_role(text, m.start())
        if role:
            if role == "p":
                yield Finding(US_PHONE, m.start(), m.end())
            continue
        shape = len(m.group("body")) >= 3 and _phone_shape(m.group("body"))
        if not shape or shape in ("maybe", "short", "key") and not _phone_worded(text):  # (once per text, on first need)
            if not (shape == "maybe" and m.group("ext")):
                continue
        start, end = m.start(), m.end()
        if shape == "key":  # (a key's '=', ':' or '->' right before it, checked first: 3-digit numbers are common)
            if _KEY_END_RE.search(text, max(0, start - 4), start) and _label_in(_PHONE_KEY_RE, _line_before(text, start, 40)):
                yield Finding(US_PHONE, start, end)
            continue
        if _in_hex_groups(text, start, end) or _HTTP_STATUS_RE.search(text, max(0, start - 12), start) \
                or _HHMM_PAIR_RE.fullmatch(text, start, end) and _SEGMENT_BEFORE_RE.search(text, max(0, start - 16), start) \
                or _GS1_MEASURE_RE.fullmatch(text, start, end) or _OBIS_BEFORE_RE.search(text, max(0, start - 24), start) \
                or _AADHAAR_SHAPE_RE.fullmatch(text, start, end) and _word_before(_AADHAAR_WORD_RE, text, start) \
                and not _word_before(_PHONE_WORDS_RE, text, start) \
                or _LOGCAT_BEFORE_RE.search(text, max(0, start - 24), start) and _LOGCAT_LEVEL_RE.match(text, end) \
                or _marc_control(text, start):
            continue
        if end - start == 15 and text[start:end].isdecimal() and _word_in(_IMEI_WORD_RE, text, start - 12, start) \
                and luhn_ok(text[start:end]):
            continue  # "phone IMEI 994700810532039": 15 digits, Luhn-valid, right after "IMEI" (a phone word before it or not)
        if _imo_number(text, start, end):
            continue  # "phone IMO 9074729": a ship's IMO number, whatever the label before it
        labels = _labels(text, start)
        if m.group("body")[0] not in "+(" and _id_labelled(text, start, _PHONE_WORDS_RE, labels[0]):
            continue
        if shape == "short":
            if text[start - 1:start] == "#":
                continue  # "Telefon: #48213": a few digits after a number sign are a reference's, not a line's
            if _CALL_WORD_RE.search(labels[1]) and _after(_CELL_END_RE, text, end):
                continue  # "Call 642871 | agent ...": a call's record number heading a log line
            if any(_label_in(_PHONE_LABEL_BEFORE_RE, label) or _PHONE_LABEL_RE.search(label) for label in labels[1:]) \
                    or _PHONE_WORDS_RE.search(labels[0]) or len(labels) > 2 and _label_in(_PHONE_QUESTION_RE, labels[2]) \
                    or _after(_PHONE_AFTER_RE, text, end):
                yield Finding(US_PHONE, start, end)
            continue
        if shape == "phone":
            ok = m.group("body")[0] in "+(" or _phone_worded(text) and _word_near(_PHONE_WORDS_RE, text, start, end,
                                                                                  labels[0]) \
                or not _excused(
                labels, text, end, _ID_LABEL_RE)  # a phone's shape yields only to a label right before it
        elif shape == "bare":
            ok = _bare_counts(text, start, end, _PHONE_WORDS_RE, vat_prefix=False) and not (
                end - start == 10 and _isbn10_ok(text[start:end]) and _word_in(_ISBN_WORD_RE, text, start - 80, start)
                and not _word_before(_PHONE_WORDS_RE, text, start, 20))  # ("ISBN ..., Cell. <value>": a phone)
        elif shape == "local":  # grouped like a local number: a phone unless a label names it otherwise
            ok = _bare_counts(text, start, end, _PHONE_WORDS_RE)
        else:  # digit groups of no telltale shape: a phone if a word or an extension says so (not a field's other
            # value: "<CALL:5>N5UNV <QSO_DATE:8>20250415")
            ok = m.group("ext") or (_PHONE_WORDS_RE.search(labels[0]) or _word_before(_PHONE_WORDS_RE, text, start, 80)
                                    or _after(_PHONE_AFTER_RE, text, end)
                                    or any(_PHONE_LABEL_RE.search(label) for label in labels)
                                    or len(labels) > 2 and _PHONE_WORDS_RE.search(labels[2])  # asked for on the line above
                                    ) and not _field_names_other(text, start)
        if ok:
            yield Finding(US_PHONE, start, end)


def _card_label_before(text: str, start: int) -> bool:
    """A card label right before the value (not followed by another ID's: "Metal Pan IMEI <value>")."""
    return _label_in(_CARD_LABEL_BEFORE_RE, _line_before(text, start, 40))


# An airline booking's form of payment: FP CC, the issuer's code (VI, CA, AX; or none), the card number, /MMYY
_FOP_CARD_RE = re.compile(r"(?<![A-Za-z])FP[ \t]+(?:PAX[ \t]+)?CC[A-Z]{0,2}(\d{12,19})(?!\d)")


def _cards(text: str, near: tuple = None):
    if "FP" in text:
        yield from (Finding(CREDIT_CARD, m.start(1), m.end(1)) for m in _FOP_CARD_RE.finditer(text) if luhn_ok(m.group(1)))
    for run in _DIGIT_RUN_RE.finditer(text):
        _PER_TEXT.runs.append(run.span())
        value = run.group(0)
        if len(value) < 12:
            continue  # (fewer than 12 digits, below)
        if _apart(near, *run.span()):
            continue  # (a run's card lies in it)
        groups = [(g.start(), g.end()) for g in _DIGIT_GROUP_RE.finditer(value)]
        if sum(b - a for a, b in groups) < 12:
            continue
        raw = [value[groups[k][1]:groups[k + 1][0]] for k in range(len(groups) - 1)]
        spaced = " " in raw  # (once per run: asked per separator it was quadratic in a run's groups, "415\n" * n)
        seps = [" " if spaced and s.strip(" \t\r") == "\n" else s for s in raw]  # a wrapped line: a space
        best = None
        for i in range(len(groups)):
            if i and "\n" not in raw[i - 1] and (seps[i - 1].strip(" \t") or i < len(seps) and seps[i] == seps[i - 1]):
                continue  # a card starts where the run or a line starts or its separator changes (not after "-", ".")
            number, first, best_before = "", groups[i][1] - groups[i][0], best
            for j in range(i, min(len(groups), i + 8)):
                if j > i and (seps[j - 1] != seps[i] and (first != 4 or "\n" in seps[j - 1] + seps[i])
                              or groups[j - 1][1] - groups[j - 1][0] < 3 or first < 3):
                    break  # one separator throughout, or any after 4 digits (3705 264072-57787); groups of 3+
                    # digits (a shorter one only last: 4329 1258 1000 1)
                number += value[groups[j][0]:groups[j][1]]
                if len(number) > 19:
                    if j > i + 1 and raw[j - 1] == raw[i] and "\n" not in raw[i]:
                        best = best_before  # one grouping past 19 digits: a tracking number (USPS: 22), not a card
                    break
                if (is_card_number(number) or _jcb15(number) or len(number) >= 12 and j == len(groups) - 1 and luhn_ok(
                        number) and not _sim_or_handset_id(number) and _card_label_before(text, run.start() + groups[i][0])) and (best is None or len(number) > best[0]):
                    # (a card label: the whole run from here, Luhn-valid, is a card of an issuer not in the table)
                    best = (len(number), run.start() + groups[i][0], run.start() + groups[j][1], i == j)
        if not best:
            continue
        _, start, end, bare = best
        if bare and (_jcb15(text[start:end]) or card_brand(text[start:end]) == "uatp") and (_word_in(
                _IMEI_WORD_RE, text, start - 12, start) or not _word_near(_CARD_WORDS_RE, text, start, end, _column_label(text, start))):
            continue  # 15 digits from 35 (or a UATP card's, from 1) are an IMEI's shape unless grouped like a card or a card
            # word is near (and "IMEI" is not right before it: "Metal Pan IMEI 354418204507053" is a product's IMEI)
        if text[max(0, start - 6):start].lower() == "wa.me/":
            continue  # a WhatsApp link's phone number
        if bare and not _bare_counts(text, start, end, _CARD_WORDS_RE, vat_prefix=end - start <= 12) or not bare and (
                _DIGIT_RE.findall(text, start, end)[12:13] == [] or max(map(len, _DIGIT_GROUP_RE.findall(text, start, end))) > 6) \
                and _id_labelled(text, start, _CARD_WORDS_RE, _column_label(text, start)):
            continue  # (12-13 digits grouped are a serial's shape as often as a card's, and so is a group of 7 digits or
            # more, which no card grouping has: a label right before decides)
        if not bare and not _DIGIT_GROUP_RE.match(text, start).end() - start == 4 and not _word_near(
                _CARD_WORDS_RE, text, start, end, _column_label(text, start)):
            continue  # every card grouping opens with 4 digits: "566 638 072 967" is an amount, unless a word says card
        if bare and end - start == 13 and _ean_ok(text[start:end]) and not _word_near(
                _CARD_WORDS_RE, text, start, end, _column_label(text, start)):
            continue  # a valid EAN-13 barcode, no word says card
        yield Finding(CREDIT_CARD, start, end)


SPLIT_BEFORE, SPLIT_AFTER = 200, 60  # the context a split's side is judged in (labels, words after it)
MAX_SPLITS = 4                       # single-space boundaries tried per run (bounded cost)
_SPLIT_SIDE_DIGITS = (7, 19)         # a side holds a whole value: 7 digits (a local phone) up to 19 (a card)
_SPLIT_POINT_RE = re.compile(r"(?<=\d)(?: | / )(?=[\d+(])")  # one space between two groups (or before a '+' or '('), or
# a spaced slash between two values ("+420 785 130 640 / 318-74-4620")


def _side_window(text: str, a: int, spans: tuple) -> tuple:
    # (the window a split's side is read in: the side with its context, the run's other side left out; where the
    # side starts in it)
    (s1, e1), (s2, e2) = spans
    return text[s1:e1] + text[s2:e2], a - s1 if a < e1 else a - s2 + e1 - s1


def _side_finding(text: str, a: int, b: int, spans: tuple, seen: dict = None):
    """The finding that is text[a:b] whole when only ``spans`` of the text are read (the side with its
    context, the run's other side left out), else None.  ``seen`` keeps the kinds found per window read (a
    text repeating itself repeats its windows)."""
    window, at = _side_window(text, a, spans)
    key = (window, at, at + b - a)
    if seen is None or key not in seen:
        kind = next((f.kind for f in _find(window, split=False, near=key[1:]) if (f.start, f.end) == key[1:]), None)
        if seen is None:
            return kind and Finding(kind, a, b)
        seen[key] = kind
    return seen[key] and Finding(seen[key], a, b)


def _may_be_card(side: str) -> bool:
    """Whether _cards can report ``side`` whole: 12-19 digits, the Luhn digit, groups of 3+ digits (a shorter
    one only last), eight groups at most."""
    groups = _DIGIT_GROUP_RE.findall(side)
    digits = "".join(groups)
    return 12 <= len(digits) <= 19 and luhn_ok(digits) and (len(groups) == 1 or len(groups) <= 8 and min(
        map(len, groups[:-1])) >= 3)


def _may_be_found(text: str, a: int, b: int, spans: tuple) -> bool:
    """False when _side_finding(text, a, b, spans) is None whatever the context says: a card as _may_be_card
    says; an SSN nine valid digits that an SSN pattern matches right there in the window; a phone a phone's
    shape (digit groups of no telltale shape: a phone word in the window) that is a phone candidate of the
    window, start and end (the match holding it, or a piece of it), unless a phone field holds it.  Cheap,
    where _side_finding reads its whole window, digits and all: in a dense run of digit groups most sides are
    no candidate of their window at all (the groups after the run run on from the side: "1234 5678" + " 9012")."""
    side = text[a:b]
    if _may_be_card(side):
        return True
    window, at = _side_window(text, a, spans)
    lower = window.lower()
    if "@" in side or "//" in side or "+" in window and "=" in window or "wa.me/" in lower or "COM+" in window \
            or "SSR" in window or _segment_role(window, at) == "p":
        return True  # (an email's shape, a query's '+' read as a space, a link's, a booking's or a segment's field)
    end = at + b - a
    digits = "".join(_DIGIT_GROUP_RE.findall(side))
    if len(digits) == 9 and ssn_valid(digits[:3], digits[3:5], digits[5:]) and any(
            (m := pattern.match(window, at + shift)) and m.end() == end for pattern, shift in (
                (_SSN_RE, 0), (_SSN_5_4_RE, 0), (_ODD_SEP_SSN_RE, 3), (_GLUED_SSN_RE, 0), (_GLUED_BOTH_RE, 0),
                (_SUFFIXED_RE, 0))):
        return True
    shape = len(side) >= 3 and _phone_shape(side)
    if not shape or shape in ("maybe", "short", "key") and "contact" not in lower and not _phone_hinted(
            window, lower):  # (what _phone_worded needs first, not cached per window)
        return False
    for m in _PHONE_RE.finditer(window):  # (_phone_candidates' pieces lie in their match: the one holding the side)
        if m.start() > at:
            break
        if m.end() >= end:
            return any(piece.span() == (at, end) for piece in _match_candidates(window, m))
    return False


def _is_date(value: str) -> bool:
    """A date on its own (2024-05-17, 5/17/2024): the side of a split that is clean by itself."""
    groups = _DIGIT_GROUP_RE.findall(value)
    return len(groups) == 3 and " " not in value and _looks_like_date(groups)


def _split_findings(text: str, found: list) -> list:
    """Two values one space apart are read as one run of digit groups that is neither ("415-555-0132
    4111 1111 1111 1111"): a run no finding covers whole is cut at a single space between its groups, and
    the cut is kept when each side is found on its own, or one is and the other is a date (a whole-run
    verdict always wins: a card's four groups are never cut into two phones)."""
    extra, (low, high), seen = [], _SPLIT_SIDE_DIGITS, {}
    spans = sorted((f.start, f.end) for f in found)
    starts, reach = [a for a, _ in spans], list(itertools.accumulate((b for _, b in spans), max))
    for start, end in sorted(set(_PER_TEXT.runs)):  # (a copy: judging a side fills _PER_TEXT.runs again)
        if text.find(" ", start, end) < 0 or not _SPLIT_POINT_RE.search(text, start, end):  # (a point is a space)
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and reach[i] >= end:  # a finding that starts before the run reaches its end: covered whole
            continue
        digits = sum(map(str.isdigit, text[start:end]))
        if digits > 2 * high:
            continue  # (so a long run costs one count: no two whole values fit in it)
        tried, left_digits, pos = 0, 0, start
        for point in _SPLIT_POINT_RE.finditer(text, start, end):
            k, k2 = point.span()
            left_digits += sum(map(str.isdigit, text[pos:k]))
            pos = k
            if tried == MAX_SPLITS or left_digits > high:
                break
            sides = (start, k), (k2, end)
            dates = [_is_date(text[a:b]) for a, b in sides]
            if not all(date or low <= n <= high for date, n in zip(dates, (left_digits, digits - left_digits))) \
                    or all(dates):
                continue
            tried += 1
            before, after = max(0, start - SPLIT_BEFORE), min(len(text), end + SPLIT_AFTER)
            windows = ((before, k), (end, after)), ((before, start), (k2, after))
            one_number = all(text[a] not in "+(" and set(_SEP_RE.findall(text, a, b)) <= {" "} for a, b in sides) \
                and not all(_phone_shape(text[a:b]) == "phone" for a, b in sides)
            # (a run of groups one space apart all through is one number, "1234 5678 9012 3456" is not two phones,
            # unless a side is a card, checksum and all, or each side has a phone's own grouping: 415 555 0132 415 555 0199)
            if not all(date or _may_be_found(text, a, b, spans) for date, (a, b), spans in zip(dates, sides, windows)) \
                    or one_number and not any(not date and _may_be_card(text[a:b]) for date, (a, b) in zip(dates, sides)):
                continue  # (the sides' cheap tests before either window is read)
            left = None if dates[0] else _side_finding(text, start, k, windows[0], seen)
            if not (left or dates[0]):
                continue
            right = None if dates[1] else _side_finding(text, k2, end, windows[1], seen)
            if not (right or dates[1]) or one_number and CREDIT_CARD not in (left and left.kind, right and right.kind):
                continue
            extra += [f for f in (left, right) if f]
            break
    return extra


# Digits read out one by one ("four one five, double five five ..."), in English, German, French, Spanish, Italian,
# Portuguese: a run of five digit words or more (no other word between them) is read as the digits it spells and
# judged in its context like a written number.  Prose with number words ("two or three", "five hundred",
# "one, two, three") has no such run: any other word ends it, and a count 1..7 is a placeholder.
_DIGIT_WORDS = dict((w, str(i % 10)) for i, words in enumerate((
    "zero oh null zéro cero", "one eins un uno um", "two zwei zwo deux dos due dois", "three drei trois tres tre três",
    "four vier quatre cuatro quattro quatro", "five fünf cinq cinco cinque", "six sechs seis sei",
    "seven sieben sept siete sette sete", "eight acht huit ocho otto oito", "nine neun neuf nueve nove")) for w in words.split())
_BY_FIRST = {}  # the words by their first letter (one alternation per letter: twice as fast as one flat list)
for _w in sorted(_DIGIT_WORDS, key=len, reverse=True):
    _BY_FIRST.setdefault(_w[0], []).append(_w[1:])
_DIGIT_WORD = "(?:(?:double|triple)[ \t]+)?(?:" + "|".join(c + "(?:" + "|".join(r) + ")" for c, r in _BY_FIRST.items()) + ")"
_SPOKEN_SEP = r"(?:[ \t]*[,.\-][ \t]*|[ \t]+)"
_SPOKEN_RE = re.compile(r"(?=[zondtfsaecuqvhpZONDTFSAECUQVHP])(?<!\w)(?i:(?:plus[ \t]+)?" + _DIGIT_WORD + "(?:" + _SPOKEN_SEP
                        + _DIGIT_WORD + r"){4,}(?!\w))")  # (the look-ahead first: a fast scan skips other characters)
_SPOKEN_TOKEN_RE = re.compile(r"(?:(double|triple)[ \t]+)?(\w+)", re.I)
# Each digit word of a run is a whole word (non-word characters around it), so an ASCII text (where the regex's
# ignore-case is plain ASCII case) with fewer than five words that are digit words has no run: counted without the
# regex, which tries nearly every letter of a text (the costliest search of a clean one)
_NOT_WORD_TABLE = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})
_ASCII_DIGIT_WORDS = frozenset(w for w in _DIGIT_WORDS if w.isascii())


def _spoken_run(text: str) -> bool:
    """_SPOKEN_RE.search(text), as a bool."""
    if text.isascii() and sum(map(_ASCII_DIGIT_WORDS.__contains__, text.lower().translate(_NOT_WORD_TABLE).split())) < 5:
        return False
    return bool(_SPOKEN_RE.search(text))
SPOKEN_BEFORE = 120  # the context a spoken run is judged in, left of it (right: RIGHT_CONTEXT)


def _spoken_digits(run: str) -> str:
    digits = "+" if run[:4].lower() == "plus" else ""
    for times, word in _SPOKEN_TOKEN_RE.findall(run[len(digits) and 4:]):
        digits += _DIGIT_WORDS[word.lower()] * (1 + (times.lower() == "double") + 2 * (times.lower() == "triple"))
    return digits


def _spoken_findings(text: str) -> list:
    found = []
    for m in _SPOKEN_RE.finditer(text):
        digits = _spoken_digits(m.group(0))
        if 7 <= len(digits.lstrip("+")) <= 19:
            before = text[max(0, m.start() - SPOKEN_BEFORE):m.start()]
            found += [Finding(f.kind, m.start(), m.end()) for f in _find(before + digits + text[m.end():m.end() + RIGHT_CONTEXT],
                      split=False) if (f.start, f.end) == (len(before), len(before) + len(digits))]
    return found


_OPEN_CTCE_RE = re.compile(r"CTCE[^\n]{0,120}\Z")  # (to the end of its line)


def _prefixes(words) -> str:
    # A pattern for every non-empty prefix of ``words``, as a tree by letter ("f(?:i(?:v(?:e)?)?|o(?:u(?:r)?)?)..."): the
    # regex engine tries one branch per letter, not every prefix in turn (three times as fast as a flat list).
    branches = {}
    for w in words:
        if w:
            branches.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(c) + ("(?:" + _prefixes(rest) + ")?" if any(rest) else "") for c, rest in sorted(branches.items()))


_OPEN_SPOKEN_RE = re.compile(r"(?<!\w)(?:plus[ \t]+)?(?:" + _DIGIT_WORD + _SPOKEN_SEP + r"?)*(?:(?:double|triple)[ \t]+)?(?:"
                             + _prefixes([*_DIGIT_WORDS, "double", "triple", "plus"]) + r")?[ \t]*\Z", re.I)


def _open_spoken(text: str) -> int:
    """Where a stream must hold back digit words at the end of ``text``: a run that may still grow, or a
    whole run whose right-hand window has not arrived; else len(text).  (The stream masker calls it.)
    An airline contact element still open is held too (its '//' would not hold the local part before it)."""
    base = max(0, len(text) - 400)
    ctce = _OPEN_CTCE_RE.search(text, base)
    if ctce:
        return ctce.start()
    m = _OPEN_SPOKEN_RE.search(text, base)
    cut = m.start() if m else len(text)
    for m in _SPOKEN_RE.finditer(text, base, cut):
        if m.end() > len(text) - RIGHT_CONTEXT and "\n" not in text[m.end():]:
            return m.start()
    return cut


# In a URL's query a '+' is a space: ?cc=4111+1111+1111+1111, ?phone=+47+21+23+45+98 (read with the same length)
_QUERY_PLUS_RE = re.compile(r"([?&;][\w.\-\[\]]{1,30}=)(\+?\d+(?:\+\d+)+)(?![\w+])")


def _find(text: str, split: bool = True, near: tuple = None) -> list:
    """The findings in ``text``; with ``near`` (a span), only those a value there may meet: the candidates that
    overlap it are judged, and the span grows to cover each finding until none reaches past it (a finding can
    only lose to one overlapping it, so the verdicts there are the whole text's)."""
    _PER_TEXT.clear()
    if "+" in text and "=" in text:
        text = _QUERY_PLUS_RE.sub(lambda m: m.group(1) + m.group(2).replace("+", " "), text)
    found = [*_emails(text)]
    if _DIGIT_RE.search(text):
        found += _digit_findings(text, near, found)
        if split:  # (after the whole text's verdicts: judging a side clears the per-text caches)
            found += _split_findings(text, found)
    if split and _spoken_run(text):  # (last: judging a run clears the per-text caches)
        found += _spoken_findings(text)
    if found:
        bank_spans = [(m.start(), m.end()) for m in _IBAN_RE.finditer(text) if _iban_ok(m.group(0))]
        if "\u2446" in text:  # (and a cheque's bank numbers)
            bank_spans += [m.span() for m in _MICR_LINE_RE.finditer(text)]
        found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in bank_spans)]
        if _HEX_LETTER_RE.search(text):
            tokens = [m.span() for m in _HEX_TOKEN_RE.finditer(text)]
            found = [f for f in found if not _inside_hex_token(text, f, tokens)]
    # Overlaps: the longest finding wins, then the kind's priority.  Characters already taken are marked
    # in a bytearray, so each finding costs its own length (a list insert per finding was quadratic in
    # the number of findings: 47,000 phone numbers in 1 MB).
    found.sort(key=lambda f: (-(f.end - f.start), _PRIORITY[f.kind], f.start))
    taken, chosen = bytearray(len(text)), []
    for f in found:
        if 1 not in taken[f.start:f.end]:
            taken[f.start:f.end] = b"\x01" * (f.end - f.start)
            chosen.append(f)
    chosen.sort(key=lambda f: f.start)
    return chosen


def _digit_findings(text: str, near: tuple, emails: list) -> list:
    while True:
        found = [*_cards(text, near), *_ssns(text, near), *_phones(text, near)]
        if near is None:
            return found
        met = [(f.start, f.end) for f in emails + found if not _apart(near, f.start, f.end)]
        reach = min(a for a, _ in met + [near]), max(b for _, b in met + [near])
        if reach == near:
            return found
        near = reach


def find_pii(text: str) -> list:
    """All PII findings in ``text``, non-overlapping, in order of position.  Detection runs on
    ``normalize(text)``; start/end are positions in ``text`` itself (a value written with full-width
    digits or zero-width spaces is reported over its raw characters)."""
    if not isinstance(text, str) or not text:
        return []
    norm, where = _normalize_map(text)
    found = _find(norm)
    if where is None:
        return found
    return [Finding(f.kind, where[f.start], _raw_end(text, norm, where, f.end)) for f in found]


def _raw_end(text: str, norm: str, where: list, end: int) -> int:
    """The end in ``text`` of a finding ending at ``end`` in its normalised text (past a percent-escape)."""
    last = where[end - 1]
    escape = _PERCENT_CHAR_RE.match(text, last) if text[last] == "%" != norm[end - 1] else None
    return escape.end() if escape else last + 1


def pii_kinds(text: str) -> list:
    """Sorted kinds found in ``text`` (normalised first, so zero-width and full-width tricks fail)."""
    return sorted({f.kind for f in find_pii(text)})


def redaction(kind: str) -> str:
    return "[REDACTED_" + kind.upper() + "]"


def mask_pii(text: str) -> str:
    """``text`` with every finding replaced by ``[REDACTED_<KIND>]`` (raw text outside findings kept).
    Masking one value can bare another that a longer run of digits hid ("mob 220 1234\n123-97-9700"),
    so it repeats until nothing is found (at most three passes)."""
    if not isinstance(text, str) or not text:
        return text
    for _ in range(3):
        found = find_pii(text)
        if not found:
            break
        out, pos = [], 0
        for f in found:
            out += [text[pos:f.start], redaction(f.kind)]
            pos = f.end
        text = "".join(out) + text[pos:]
    return text


# ================================================================ requests and answers
# Everything below is the request scan, the answer masking and the LiteLLM class.  (No dollar
# sign anywhere in this file: it travels through CloudFormation Fn::Sub.)
import asyncio
import base64
import binascii
import html
import os
import quopri
import urllib.parse


def _normalized(text: str) -> str:
    """The text the detector reads: NFKC, invisible (Cf) and combining (Mn) marks removed.
    Uses the detection half's ``normalize`` when it defines one."""
    shared = globals().get("normalize")
    if callable(shared):
        return shared(text)
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Mn")))


def _char_normalized(ch: str) -> str:
    return _normalized(ch) if not ch.isascii() else ch


def normalized_with_map(text: str):
    """(normalized text, index map): ``starts[i]`` is the offset in ``text`` of normalized character i,
    plus a final entry len(text).  Normalizes character by character so findings map back exactly."""
    if text.isascii():
        return text, None
    out, starts = [], []
    for index, ch in enumerate(text):
        piece = _char_normalized(ch)
        out.append(piece)
        starts.extend([index] * len(piece))
    starts.append(len(text))
    return "".join(out), starts


# A stream's released context, normalised once (the stream masker reads it again with every new piece); keyed by
# the function too, so a replaced normalized_with_map is never answered from the cache.
_normalized_head = functools.lru_cache(maxsize=64)(lambda normalize_with_map, head: normalize_with_map(head))
HEAD_STEP = 64  # the head kept is cut at a multiple of this: a stream's context grows piece by piece, its head stays


def _normalized_joined(head: str, tail: str):
    # normalized_with_map(head + tail), head's part kept (above): the map works character by character, so the
    # two parts join, for any split.
    (a, a_at), (b, b_at) = _normalized_head(normalized_with_map, head), normalized_with_map(tail)
    if a_at is None is b_at:
        return a + b, None
    n = len(head)  # (a map's last entry is its text's length)
    return a + b, [*(a_at or range(n + 1))[:-1], *(i + n for i in b_at or range(len(tail) + 1))]


def _read(text: str, reused: int = 0) -> list:
    # find_pii on ``text`` after normalisation, as offsets of ``text``; its first ``reused`` characters (a stream's
    # released context) come again in the calls that follow.
    norm, at = _normalized_joined(text[:reused - reused % HEAD_STEP], text[reused - reused % HEAD_STEP:])
    return [f if at is None else Finding(f.kind, at[f.start], at[f.end - 1] + 1) for f in find_pii(norm)]


def findings_in(text: str, context: str = "") -> list:
    """Findings in ``text`` as offsets of ``text``, read after normalisation and after ``context``
    (already released text the detector may use as labels, never masked again)."""
    shift = len(context)
    return [Finding(f.kind, max(0, f.start - shift), f.end - shift) for f in _read(context + text, shift) if f.end > shift]


def mask_text(text: str, context: str = "") -> str:
    """``text`` with every finding (read after normalisation) replaced by ``[REDACTED_<KIND>]``;
    everything else is returned exactly as it came."""
    if not isinstance(text, str) or not text:
        return text
    if not context and text.isascii() and not _DIGIT_OR_AT_RE.search(text) and not _spoken_run(text):
        return text  # every kind needs a digit or an @
    out, pos = [], 0
    for f in findings_in(text, context):
        if f.start < pos:
            continue
        out += [text[pos:f.start], redaction(f.kind)]
        pos = f.end
    return "".join(out) + text[pos:]


# ---------------------------------------------------------------- requests
MAX_REQUEST_BYTES = 512 * 1024     # default cap; PII_GUARDRAIL_MAX_REQUEST_BYTES (the stack parameter) overrides
THREAD_ABOVE_BYTES = 64 * 1024      # larger requests are scanned in a worker thread, off the proxy's event loop
MAX_NESTING = 32                    # JSON nesting the scan follows; deeper is refused
MAX_DECODE_DEPTH = 2                # a decoded candidate is decoded once more (double encoding), then no further
WORK_FACTOR = 8                     # characters read (decoded, joined) per byte of request text, at most
JOIN_DEPTH = 4                      # lists up to this depth are also scanned with their texts joined
MIN_PII_NUMBER = 10 ** 6            # JSON numbers this large are scanned as text (the shortest phone has 7 digits)
MAX_VALUE_NUMBERS = 19               # a JSON array of at most this many small numbers may hold one value's digits
_SAMPLING_PARAM_RE = re.compile(r"seed|n|best_of|top_[kp]|dimensions|timeout|max_\w+|\w*_tokens")  # read as numbers

# Request-level constructs that let a client change what reaches the model past the scan.
REFUSED_FIELDS = ("extra_body", "extra_headers", "extra_query", "api_base", "base_url", "custom_llm_provider")
# Fields the proxy itself adds to the request (bookkeeping, never sent to the model).
PROXY_FIELDS = frozenset(("proxy_server_request", "secret_fields", "litellm_logging_obj", "standard_logging_object",
                          "guardrail_to_apply", "user_api_key_dict", "litellm_call_id", "litellm_parent_otel_span"))
# Of those, the ones the proxy fills with Python objects but does not overwrite: a client that sends one as JSON
# has it forwarded to the model (Ollama "options"), so a JSON value there is the client's and is scanned.
PROXY_OBJECT_FIELDS = frozenset(("guardrail_to_apply", "user_api_key_dict", "litellm_parent_otel_span"))
_JSON_TYPES = (str, int, float, list, dict)


def _is_proxy_field(name, value) -> bool:
    return name in PROXY_FIELDS and not (name in PROXY_OBJECT_FIELDS and isinstance(value, _JSON_TYPES))
METADATA_FIELDS = ("metadata", "litellm_metadata")
# Inside metadata: what the proxy injects (key and team data, request headers, markers).
PROXY_METADATA_PREFIXES = ("user_api_key", "headers", "requester_", "litellm_", "_", "endpoint", "model_group",
                           "deployment", "global_max_parallel_requests", "applied_guardrails", "pre_call_",
                           "guardrail", "mcp_", "caching_groups")
# Fields whose string items the model reads in sequence, scanned joined as well.
TEXT_KEYS = ("content", "text", "parts", "input", "prompt", "messages", "contents", "system", "instructions",
             "systemInstruction", "system_instruction", "arguments", "value", "query", "documents", "suffix",
             "output", "source")  # a Responses function_call_output, an Anthropic document's content blocks
TOKEN_FIELDS = ("prompt", "input")

_DATA_URL_RE = re.compile(r"data:(?P<mime>[\w.+\-]+/[\w.+\-]+)?(?P<params>(?:;[\w.+\-]+=[^;,]*)*)(?P<b64>;base64)?,",
                          re.I)
_BASE64_RE = re.compile(r"[A-Za-z0-9+/_\-]{16,}={0,2}")
# An ASCII text with none of these has nothing to find (the scan's fast path): a digit, @, % or &, a base64-like
# token, or a run of digit words.  Searched one by one: each pattern on its own skips fast, their alternation cannot.
_MAYBE_PII_RES = [re.compile(r"[0-9@%&]"), re.compile(r"[A-Za-z0-9+/_\-]{16}")]
_DIGIT_OR_AT_RE = re.compile(r"[0-9@]")  # (with _spoken_run: what every kind needs)


def _maybe_pii(text: str) -> bool:
    """Whether an ASCII text may hold PII (False: provably nothing to find)."""
    return any(p.search(text) for p in _MAYBE_PII_RES) or _spoken_run(text)


class RequestRefused(Exception):
    """A request the guardrail refuses before any scan result: status and message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def max_request_bytes() -> int:
    value = os.environ.get("PII_GUARDRAIL_MAX_REQUEST_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_REQUEST_BYTES


def too_large_message(limit: int) -> str:
    return (f"Request refused: it is larger than the gateway's limit of {limit} bytes "
            "(stack parameter MaxRequestBytes). Send a shorter request.")


def _declared_length(data: dict) -> int:
    """Content-Length of the HTTP request as the proxy recorded it (0 when unknown)."""
    server_request = data.get("proxy_server_request")
    headers = server_request.get("headers") if isinstance(server_request, dict) else None
    if not isinstance(headers, dict):
        return 0
    value = next((str(v) for k, v in headers.items() if str(k).lower() == "content-length"), "")
    return int(value) if value.isdigit() else 0


def _decoded_candidates(text: str):
    """Texts hidden in ``text`` by an encoding: percent-encoding, HTML entities, base64 tokens,
    data: URLs with a text payload."""
    if "%" in text:
        unquoted = urllib.parse.unquote_plus(text)
        if unquoted != text:
            yield unquoted
    if "&" in text:
        unescaped = html.unescape(text)
        if unescaped != text:
            yield unescaped
    for m in _BASE64_RE.finditer(text):
        token = m.group(0)
        for decoder in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decoder(token + "=" * (-len(token) % 4))
                decoded = raw.decode("utf-8")
            except (binascii.Error, ValueError):
                continue
            if decoded.isprintable() or decoded.replace("\n", "").replace("\t", "").isprintable():
                yield decoded
                break


def _data_url_payload(text: str):
    """(is_data_url, decoded text or None) for a ``data:`` URL.  A binary payload (an image, audio,
    a file that is not UTF-8 text) gives None: nothing to scan, and nothing a text model reads."""
    m = _DATA_URL_RE.match(text)
    if not m:
        return False, None
    payload = text[m.end():]
    try:
        raw = base64.b64decode(payload + "=" * (-len(payload) % 4)) if m.group("b64") \
            else urllib.parse.unquote_to_bytes(payload)
        return True, raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return True, None


class _Scan:
    """One request's scan: kinds found.  The characters it reads (decoded and joined texts
    included) are capped at the request-size limit, which bounds the detection cost whatever
    the request's shape."""

    def __init__(self, limit: int):
        self.kinds, self.size, self.work, self.limit, self.seen = set(), 0, 0, limit, set()

    def text(self, text: str, depth: int = 0) -> None:
        if not text:
            return
        self.work += len(text)          # decoded and joined texts too
        if depth == 0:
            self.size += len(text) if text.isascii() else len(text.encode("utf-8"))
        if self.size > self.limit or self.work > WORK_FACTOR * self.limit:
            raise RequestRefused(413, too_large_message(self.limit))
        if text in self.seen:
            return
        self.seen.add(text)
        if text.isascii() and not _maybe_pii(text):
            return  # no digit, no @, nothing encoded: nothing to find (most keys and short values)
        is_data_url, payload = _data_url_payload(text) if text[:5].lower() == "data:" else (False, None)
        if is_data_url:
            if payload is not None:
                self.text(payload, depth + 1)
            return
        normalized = _normalized(text)
        self.kinds.update(f.kind for f in find_pii(normalized))
        if normalized != text:
            self.kinds.update(f.kind for f in find_pii(text))
        if not text.isascii() and _TAG_CHARS_RE.search(text):  # (normalisation dropped them: read them as they came)
            self.text(text.translate(_TAG_TABLE), max(depth, 1))
        if depth < MAX_DECODE_DEPTH:
            for decoded in _decoded_candidates(normalized):
                self.text(decoded, depth + 1)

    def value(self, value, nesting: int = 0, key: str = "") -> None:
        if nesting > MAX_NESTING:
            raise RequestRefused(400, f"Request refused: JSON nested deeper than {MAX_NESTING} levels.")
        if isinstance(value, str):
            self.text(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= MIN_PII_NUMBER \
                and not _SAMPLING_PARAM_RE.fullmatch(key):
            # a JSON number reaches the model as its digits ("seed", "stop", a schema's "default"); its key labels it
            self.text(f"{key}: {int(value) if isinstance(value, int) or value.is_integer() else value}")
        elif isinstance(value, dict):
            for name, item in value.items():
                if isinstance(name, str):
                    self.text(name)
                self.value(item, nesting + 1, name if isinstance(name, str) else "")
            if any(_is_number_list(item) for item in value.values()):
                # the model reads a tool schema or a call's arguments as JSON text: [5,3,6,...] beside its labels
                self.text(f"{key}: {json.dumps(value, separators=(',', ':'), default=str)}", 1)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.value(item, nesting + 1, key)
            if nesting <= JOIN_DEPTH and len(value) > 1:
                joined = "".join(_text_of(item) for item in value)
                if joined:
                    self.text(joined, MAX_DECODE_DEPTH)

    def container_texts(self, value, nesting: int = 0) -> None:
        """Each message's (or part list's) texts joined, as the model reads them."""
        if nesting > JOIN_DEPTH:
            return
        if isinstance(value, dict):
            for item in value.values():
                if isinstance(item, (list, dict)):
                    self.container_texts(item, nesting + 1)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (list, dict)):
                    pieces = _text_pieces(item)
                    if len(pieces) > 1:  # a single piece was scanned on its own already
                        self.text("".join(pieces), MAX_DECODE_DEPTH)
                    self.container_texts(item, nesting + 1)


def _is_number_list(value) -> bool:  # a JSON array of small numbers (the digits or digit groups of one value)
    return isinstance(value, list) and 1 < len(value) <= MAX_VALUE_NUMBERS and all(
        isinstance(item, int) and not isinstance(item, bool) and 0 <= item < MIN_PII_NUMBER for item in value)


def _text_pieces(node, nesting: int = 0) -> list:
    """The model-visible texts of a message, a part list or a part: its text fields in order."""
    if isinstance(node, str):
        return [node] if node else []
    if nesting > 2 * JOIN_DEPTH:  # a document's blocks sit four levels below its message
        return []
    if isinstance(node, list):
        return [piece for item in node for piece in _text_pieces(item, nesting + 1)]
    if isinstance(node, dict):
        return [piece for key in TEXT_KEYS if key in node for piece in _text_pieces(node[key], nesting + 1)]
    return []


def _text_of(node) -> str:
    return "".join(_text_pieces(node))


def _is_token_array(value) -> bool:
    if not isinstance(value, list) or not value:
        return False
    items = [x for v in value for x in (v if isinstance(v, list) else [v])]
    return bool(items) and all(isinstance(x, int) and not isinstance(x, bool) for x in items)


def _client_metadata(meta) -> dict:
    if not isinstance(meta, dict):
        return {}
    return {k: v for k, v in meta.items() if not (isinstance(k, str) and k.startswith(PROXY_METADATA_PREFIXES))}


def scan_request(data: dict, limit: int | None = None) -> list:
    """Kinds of PII anywhere in a proxy request body (every string, keys included, decoded and
    joined as above).  Raises RequestRefused for a body the guardrail will not read."""
    scan = _request_scan(data, limit)
    return sorted(scan.kinds) if scan else []


def _request_scan(data: dict, limit: int | None = None):
    # scan_request's _Scan (None for a body that is not a dict): scan_whole_request goes on from its texts read.
    if not isinstance(data, dict):
        return None
    limit = limit or max_request_bytes()
    if _declared_length(data) > limit:
        raise RequestRefused(413, too_large_message(limit))
    refused = sorted(field for field in REFUSED_FIELDS if data.get(field) not in (None, {}, [], ""))
    if refused:
        raise RequestRefused(400, "Request refused: " + ", ".join(refused)
                             + " would change what the model receives past the PII guardrail. Remove it.")
    for field in TOKEN_FIELDS:
        if _is_token_array(data.get(field)):
            raise RequestRefused(400, f"Request refused: `{field}` is an array of token ids, which the PII "
                                      "guardrail cannot read. Send the text instead.")
    scan = _Scan(limit)
    body = {k: v for k, v in data.items() if not _is_proxy_field(k, v) and k not in METADATA_FIELDS}
    for field in METADATA_FIELDS:
        body[field] = _client_metadata(data.get(field))
    scan.value(body)
    scan.container_texts(body)
    return scan


def approximate_size(data: dict) -> int:
    """About how many bytes of request the scan will read (the declared Content-Length when known)."""
    declared = _declared_length(data)
    if declared:
        return declared
    body = {k: v for k, v in data.items() if not _is_proxy_field(k, v) and k not in METADATA_FIELDS}
    try:
        return len(json.dumps(body, default=str))
    except (TypeError, ValueError):
        return 0


def request_pii_kinds(data: dict) -> list:
    """Kinds found anywhere in a proxy request body (see scan_request)."""
    return scan_request(data)


def iter_strings(value):
    """Every string inside nested dicts and lists, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from iter_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_strings(item)


# ---------------------------------------------------------------- what the detector does not read as written
# Shapes found by the red-team pass (tests/test_guardrail_redteam.py) that hide a value from the detector
# while a model, or a person reading the answer, still sees it.  Each is a *variant* of the text: the
# detector runs on the variant and its findings map back to the original text.  Requests scan the
# variants as extra decoded candidates; answers are masked on them too.
_LINE_SEPARATORS = "\u2028\u2029\x85\x0b\x0c"          # read as line breaks; the detector knows only \n
# Dashes and dots the detector does not fold: the katakana long-vowel mark Japanese input methods type for
# a dash (\u30fc, half-width \uff70), heavy and modifier minus, two- and three-em dashes; middle dots,
# bullets, the katakana middle dot, the hyphenation point.
_DASH_LOOKALIKES = "\u30fc\uff70\u2796\u02d7\u2e3a\u2e3b"
_DOT_LOOKALIKES = "\u00b7\u2022\u2219\u22c5\u30fb\uff65\u2027\u0387"
# Blanks NFKC keeps (ogham space mark, braille blank, Hangul fillers) and slashes (fraction, division).
_BLANK_LOOKALIKES = "\u1680\u2800\u3164\uffa0\u115f\u1160"
_SLASH_LOOKALIKES = "\u2044\u2215\u29f8"
_LINE_SEPARATOR_TABLE = str.maketrans({**dict.fromkeys(_LINE_SEPARATORS, "\n"), **dict.fromkeys(_DASH_LOOKALIKES, "-"),
                                       **dict.fromkeys(_DOT_LOOKALIKES, "."), **dict.fromkeys(_BLANK_LOOKALIKES, " "),
                                       **dict.fromkeys(_SLASH_LOOKALIKES, "/")})
_SAME_LENGTH_CHARS = _LINE_SEPARATORS + _DASH_LOOKALIKES + _DOT_LOOKALIKES + _BLANK_LOOKALIKES + _SLASH_LOOKALIKES
# Unicode tag characters (U+E0020-U+E007E): invisible, each the ASCII character 0xE0000 below it, which a model reads
# ("ASCII smuggling"). Normalisation drops them as format characters, so the text is also read with them as ASCII.
_TAG_CHARS_RE = re.compile("[\U000e0020-\U000e007e]")
_TAG_TABLE = {code: code - 0xE0000 for code in range(0xE0020, 0xE007F)}
# Markup inside a value: HTML comments or tags, markdown emphasis or code marks, next to a digit or an @.
_MARKUP = r"(?:<!--.*?-->|</?[A-Za-z][^<>\n]{0,40}>|\*+|~+|`+|_{2,}|\x24+)"
_MARKUP_RE = re.compile(r"(?<=[\d@])" + _MARKUP + r"(?=[\w@.+\-])|(?<=[\w@.+\-])" + _MARKUP + r"(?=[\d@])",
                        re.S)
# Digits written one by one with single separators, in a text that names what they are:
# "ssn 5 3 6 2 2 8 7 2 6" (without such a word, "matrix 4 0 1 2 8 8 ..." is a row of numbers).
_SPACED_DIGITS_RE = re.compile(r"(?<![\d.,])\d(?:(?: ?[.\-,/] ?| )\d){8,18}(?![\d]|[.,]\d)")  # "5 3 6 - 2 2 ..."
_SPACED_LABEL_RE = re.compile(r"(?<![a-z])(?:ssn|social|security|tax|card|credit|debit|visa|mastercard|amex|phone|"
                              r"call|tel|mobile|cell|fax|sms|text me|whatsapp|contact)(?![a-z])", re.I)
# Emails written to dodge harvesters: "jane(at)example.com", "jane [at] example [dot] com". The bare
# "jane at example dot com" is left alone: ordinary prose has that shape ("look at this dot com"), and
# our labelled corpus counts "write to us at support at example dot com" as clean.
_AT_RE = re.compile(r"[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*", re.I)
_DOT_RE = re.compile(r"[ \t]*[\[({<][ \t]*(?:dot|\.)[ \t]*[\])}>][ \t]*|(?<=[\w\-])[ \t]+dot[ \t]+(?=[\w\-])", re.I)
_MAYBE_AT_RE = re.compile(r"[\[({<][ \t]*at[ \t]*[\])}>]", re.I)
_SEPARATOR_CHARS_RE = re.compile(r"[ .\-,/]")
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
_LONE_CR_RE = re.compile(r"\r(?!\n)")
# In answers: \uXXXX / \xXX escapes (a client parsing a JSON-mode answer or tool arguments decodes them)
# and HTML character references (a browser or a markdown view shows them as the characters).
_BACKSLASH_ESCAPE = r"\\+(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2})"  # (also written twice: JSON inside JSON)
# One character above U+FFFF as JSON writes it (json.dumps: LiteLLM's tool call arguments): a UTF-16 surrogate pair,
# "\\ud835\\udfd3" (the mathematical digit 5), decoded as one character, not as two lone surrogates nothing reads.
_SURROGATE_PAIR_ESCAPE = r"\\+u[dD][89abAB][0-9A-Fa-f]{2}\\+u[dD][c-fC-F][0-9A-Fa-f]{2}"
_CODE_POINT_ESCAPE = r"\\+u\{0{0,2}(?:[0-9A-Fa-f]{1,4}|10[0-9A-Fa-f]{4}|0?[0-9A-Fa-f]{5})\}"  # JavaScript's "\u{35}"
_ANSWER_ESCAPE_RE = re.compile(_SURROGATE_PAIR_ESCAPE + "|" + _CODE_POINT_ESCAPE + "|" + _BACKSLASH_ESCAPE
                               + r"|&#[0-9]{1,7};|&#[xX][0-9A-Fa-f]{1,6};|&[A-Za-z]{2,8};")
_ESCAPE_CODE_RE = re.compile(r"[uxUX]\{?([0-9A-Fa-f]+)")


def _unescape(m) -> str:
    token = m.group(0)
    if token[0] == "\\":  # (escaped twice, "\\\\u0035": a client decoding twice)
        codes = [int(code, 16) for code in _ESCAPE_CODE_RE.findall(token)]
        if len(codes) == 2:  # a surrogate pair; a tag character is read as its ASCII (see _TAG_TABLE)
            return chr(0x10000 + ((codes[0] - 0xD800) << 10) + codes[1] - 0xDC00).translate(_TAG_TABLE)
        return chr(codes[0]).translate(_TAG_TABLE)
    return html.unescape(token)


def _rewrite(text: str, pattern: re.Pattern, replace, keep=None):
    # (text with each match of ``pattern`` (for which ``keep(match)``, if given) replaced by
    # ``replace(match)``, spans): ``spans[i]`` is the (start, end) in ``text`` of character i of the
    # result (a whole match for a replacement).
    out, spans, pos = [], [], 0
    for m in pattern.finditer(text):
        if keep is not None and not keep(m):
            continue
        out.append(text[pos:m.start()])
        spans.extend((i, i + 1) for i in range(pos, m.start()))
        new = replace(m)
        out.append(new)
        spans.extend([(m.start(), m.end())] * len(new))
        pos = m.end()
    if not pos:
        return text, None
    out.append(text[pos:])
    spans.extend((i, i + 1) for i in range(pos, len(text)))
    return "".join(out), spans


# Every variant needs one of these: most texts take a few fast searches and no variant.  (One by one: each skips
# ahead to its first character, where one alternation of them tried every position.)
_TRIGGER_CHARS = re.escape(_SAME_LENGTH_CHARS) + r"*~`<\x24\[({\x00-\x08\x0e-\x1f\x7f"
_VARIANT_TRIGGER_RE = re.compile("[" + _TRIGGER_CHARS + "]")
_ANSWER_TRIGGER_RE = re.compile("[" + _TRIGGER_CHARS + r"_\\&]")
_GROUPED_DIGITS_RE = re.compile(r"\d(?: ?[.\-,/] ?| )\d(?: ?[.\-,/] ?| )\d")


def _variant_triggered(text: str, answer: bool) -> bool:
    return bool((_ANSWER_TRIGGER_RE if answer else _VARIANT_TRIGGER_RE).search(text) or "__" in text
                or "\r" in text and _LONE_CR_RE.search(text) or _GROUPED_DIGITS_RE.search(text)
                or not text.isascii() and _TAG_CHARS_RE.search(text))


def text_variants(text: str, answer: bool = False) -> list:
    # (variant, spans as _rewrite gives them, or None for a same-length variant) of ``text`` the detector
    # must also read.
    if not _variant_triggered(text, answer):
        return []
    variants = []
    if _TAG_CHARS_RE.search(text):  # (one code point each: the same length)
        variants.append((text.translate(_TAG_TABLE), None))
    if any(ch in text for ch in _SAME_LENGTH_CHARS) or _LONE_CR_RE.search(text):  # "536\r22\r8726" too
        variants.append((_LONE_CR_RE.sub("\n", text.translate(_LINE_SEPARATOR_TABLE)), None))
    if answer and "_" in text:  # identifiers in answers (a tool's name): "ssn_536-22-8726"
        variants.append((text.replace("_", " "), None))
    if any(mark in text for mark in ("*", "~", "`", "__", "<", "\x24")):
        stripped = _rewrite(text, _MARKUP_RE, lambda m: "")
        if stripped[1] is not None:
            variants.append(stripped)
    if _CONTROL_CHARS_RE.search(text):  # "536\x0022\x008726": control characters a model reads past
        variants.append(_rewrite(text, _CONTROL_CHARS_RE, lambda m: ""))
    if _MAYBE_AT_RE.search(text):
        variants += _undodged(text, None)
    if answer and ("\\" in text or "&" in text):  # escapes a client decodes (JSON mode, HTML, markdown)
        decoded = _rewrite(text, _ANSWER_ESCAPE_RE, _unescape)
        if decoded[1] is not None:
            variants.append(decoded)
            if _MAYBE_AT_RE.search(decoded[0]):  # a dodged email with an escaped local part: "JANE&#x33;3 [at] ..."
                variants += _undodged(*decoded)
    if _SPACED_DIGITS_RE.search(text) and _SPACED_LABEL_RE.search(text):
        # the label within the detector's reach: 80 characters before the digits, the rest of their line
        # after them (at most RIGHT_CONTEXT characters)
        variants.append(_rewrite(text, _SPACED_DIGITS_RE, lambda m: _SEPARATOR_CHARS_RE.sub("", m.group(0)),
                                 lambda m: _SPACED_LABEL_RE.search(text, max(0, m.start() - 80), _line_end(
                                     text, m.end(), m.end() + RIGHT_CONTEXT))))
    return [(v, spans) for v, spans in variants if v != text]


def _composed(outer, inner):
    # The spans of a rewrite of a rewritten text, in the original text (either may be None: same length).
    if outer is None or inner is None:
        return outer if inner is None else inner
    return [(inner[a][0], inner[b - 1][1]) for a, b in outer]


def _undodged(text: str, spans) -> list:
    # [(text with "(at)" and "(dot)" read as '@' and '.', its spans)] of ``text`` whose spans are ``spans``, or [].
    at = _rewrite(text, _AT_RE, lambda m: "@")
    if at[1] is None:
        return []
    dotted, dots = _rewrite(at[0], _DOT_RE, lambda m: ".")
    return [(dotted, _composed(_composed(dots, at[1]), spans))]


def _line_end(text: str, start: int, limit: int) -> int:
    # Where the line holding ``start`` ends, at most ``limit``.
    end = text.find("\n", start, limit)
    return limit if end < 0 else end


def _merged(findings: list) -> list:
    # Findings sorted by start, overlapping ones joined (the kind of the first).
    out = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            if f.end > out[-1].end:
                out[-1] = Finding(out[-1].kind, out[-1].start, f.end)
            continue
        out.append(f)
    return out


def answer_findings(text: str, context: str = "") -> list:
    # findings_in(text, context), plus the findings on every variant of context + text (offsets of text).
    found = findings_in(text, context)
    full = context + text
    for variant, spans in text_variants(full, answer=True):
        # (the variant's part of the context normalised once: see _read)
        for f in _read(variant, len(context) if spans is None else bisect.bisect_left(spans, (len(context),))):
            start, end = (f.start, f.end) if spans is None else (spans[f.start][0], spans[f.end - 1][1])
            start, end = start - len(context), end - len(context)
            if end > 0:
                found.append(Finding(f.kind, max(0, start), end))
    for start, end, decoded in _base64_spans(full) if len(full) >= 16 else ():  # a client decodes it: masked whole
        kinds = findings_in(decoded)
        if kinds and end > len(context):
            found.append(Finding(kinds[0].kind, max(0, start - len(context)), end - len(context)))
    return _merged(found)


# base64 wrapped over lines (MIME, PEM): read joined as well
_WRAPPED_BASE64_RE = re.compile(r"[A-Za-z0-9+/_\-]{8,}(?:[ \t]*\r?\n[ \t]*(?:[A-Za-z0-9+/_\-]{8,}={0,2}|[A-Za-z0-9+/_\-]{2,}={1,2}))+")


_OPEN_BASE64_BLOCK_RE = re.compile(r"(?:^|(?<=\n))(?:[ \t]*[A-Za-z0-9+/_\-]{8,}={0,2}[ \t]*\r?\n)+[A-Za-z0-9+/_\-=]*\Z")


def _base64_spans(text: str):  # (start, end, decoded text) of each base64 token or wrapped block that decodes to text
    for pattern in (_BASE64_RE, _WRAPPED_BASE64_RE) if "\n" in text else (_BASE64_RE,):
        for m in pattern.finditer(text):
            decoded = _base64_text(re.sub(r"\s+", "", m.group(0)))
            if decoded:
                yield m.start(), m.end(), decoded


def _base64_text(token: str):
    # The text a base64 token decodes to; a few bytes that are not UTF-8 (a junk byte put first to hide it) are
    # read past as a model reads past them.
    for decoder in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decoder(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            continue
        text = raw.decode("utf-8", "replace")
        if text.count("\ufffd") * 10 <= len(text):
            return _readable(text.replace("\ufffd", " ").encode())
    return None


def mask_answer_text(text: str, context: str = "") -> str:
    # mask_text, also on the variants (markup, line separators, identifiers, dodged emails).
    if not isinstance(text, str) or not text:
        return text
    if not context and text.isascii() and not _DIGIT_OR_AT_RE.search(text) and not _MAYBE_AT_RE.search(text) \
            and not _spoken_run(text):
        return text
    out, pos = [], 0
    for f in answer_findings(text, context):
        out += [text[pos:f.start], redaction(f.kind)]
        pos = f.end
    return "".join(out) + text[pos:]


# Requests: the variants, base64 and hex payloads with control characters, and \x / \u escapes are
# extra decoded candidates of the detection half's scan (the hook: _decoded_candidates is rebound).
# (its first character, then the check that none comes before it: the regex engine skips ahead to hex digits)
_HEX_RE = re.compile(r"[0-9A-Fa-f](?<![0-9A-Fa-f].)[0-9A-Fa-f](?:[0-9A-Fa-f]{2}){7,}(?![0-9A-Fa-f])")
_ESCAPE_RE = re.compile(_SURROGATE_PAIR_ESCAPE + "|" + _CODE_POINT_ESCAPE + "|" + _BACKSLASH_ESCAPE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_detector_decoded_candidates = _decoded_candidates


_GLUED_BY_UNDERSCORE_RE = re.compile(r"(?<=[A-Za-z])_(?=\d{3})")  # (not "license_2": too short to be a value)


def _readable(raw: bytes):
    # ``raw`` as text when it is UTF-8 with at most control characters between the words.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = _CONTROL_RE.sub(" ", text).translate(_LINE_SEPARATOR_TABLE)
    return text if text.strip() and text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable() else None


def _more_candidates(text: str):
    for variant, _ in text_variants(text):
        yield variant
    if "_" in text:  # "ssn_536-22-8726", "tel_4155552671": an identifier glued to its value, read apart
        unglued = _GLUED_BY_UNDERSCORE_RE.sub(" ", text)
        if unglued != text:
            yield unglued
    for _, _, decoded in _base64_spans(text):
        yield decoded
    for m in _HEX_RE.finditer(text):
        decoded = _readable(bytes.fromhex(m.group(0)))
        if decoded is not None:
            yield decoded
    if "\\" in text and _ESCAPE_RE.search(text):
        yield _ESCAPE_RE.sub(_unescape, text)
    if "=" in text:
        decoded = _quoted_printable(text)
        if decoded is not None:
            yield decoded


# Quoted-printable (a pasted MIME body, an RFC 2047 "=?UTF-8?Q?...?=" header): "jane=40example.com", "415=2D555",
# a value cut by a soft line break ("=" at a line's end). Read only where the text shows it is quoted-printable:
# "PORT=39181" or "?utm=222542" would decode to other digits (a false alarm on every .env file and query string).
_QUOTED_PRINTABLE_RE = re.compile(r"=(?:[0-9A-F]{2}|\r?\n)")
_QUOTED_PRINTABLE_SIGN_RE = re.compile(r"^(?![ \t]*[\w.\-]+=\r?\n)[^\n]*=\r?\n"  # a soft break (not "ADMIN_EMAIL=")
                                       r"|=\?[\w.\-]+\?q\?|quoted-printable|[\w.+\-]=40[\w\-]+\.[a-z]", re.I | re.M)


def _quoted_printable(text: str):
    if not _QUOTED_PRINTABLE_SIGN_RE.search(text) or not _QUOTED_PRINTABLE_RE.search(text):
        return None
    decoded = quopri.decodestring(text.encode("utf-8")).decode("utf-8", "replace")
    return decoded if decoded != text else None


def _decoded_candidates(text: str):  # noqa: F811  (extends the detection half's decoder list)
    seen = set()
    for candidate in _detector_decoded_candidates(text):
        seen.add(candidate)
        yield candidate
    for candidate in _more_candidates(text):
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


# The scan's fast path skips texts with no digit, @, % or & (nothing the detector could find): a dodged
# email has none of them, so " at ", "(at)" and "[at]" now take the slow path too.
_MAYBE_PII_RES.append(_MAYBE_AT_RE)

# Whole-request checks the field-by-field scan does not make.
# The fields a model reads as one prompt, in the order it reads them: the system prompt (Anthropic
# ``system``, Responses ``instructions``, Gemini ``systemInstruction``), the conversation, a
# completion's ``suffix``.  A value split between them ("my SSN is 536-22-" / "8726") is one value.
MODEL_VIEW_FIELDS = ("system", "instructions", "systemInstruction", "system_instruction", "messages", "input",
                     "contents", "prompt", "suffix")
BINARY_MEDIA_OK = ("image/", "audio/")   # a model sees pixels or sound; text inside them is out of reach
REFERENCE_KEYS, REFERENCE_SOURCES = ("file_url", "file_id"), ("url", "file")  # documents by reference


MODEL_ROLES = ("assistant", "model", "function_call", "reasoning")


def _turn_texts(messages) -> dict:
    # Role -> that role's texts in order, across the whole conversation (a value may be split across
    # turns with another role's turn between; the model reads the whole conversation).
    by_role = {}
    for message in messages if isinstance(messages, list) else []:
        if isinstance(message, dict):
            role = str(message.get("role") or message.get("type") or "")
            role = "model" if role in MODEL_ROLES else "client"  # tool outputs and system turns come from the client
            by_role.setdefault(role, []).extend(_text_pieces(message))
    return by_role


# Magic numbers of the images and audio a model may be sent (their text is out of reach anyway).
_MEDIA_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"OggS", b"fLaC", b"ID3", b"\xff\xfb", b"\xff\xf3",
                b"\x00\x00\x00\x1cftyp", b"\x00\x00\x00\x20ftyp", b"\x00\x00\x00\x18ftyp", b"BM")


def _raw_file_payload(value: str):
    # 'application/octet-stream' when a raw base64 file payload (``file_data`` or Bedrock ``bytes``
    # without a data: prefix) is neither text nor an image or audio, else None.
    if value[:5].lower() == "data:" or len(value) < 16:
        return None
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=False)
    except (binascii.Error, ValueError):
        return None
    if not raw or raw.startswith(_MEDIA_MAGIC) or _readable(raw) is not None:
        return None
    return "application/octet-stream"


def _binary_documents(value, nesting: int = 0):
    # MIME types of documents the scan cannot read (a PDF, a spreadsheet): base64 ``data`` beside a
    # ``media_type`` / ``mime_type`` / ``mimeType`` field, a raw base64 ``file_data`` / ``bytes`` payload,
    # or a data: URL that is not text, image or audio.
    if nesting > MAX_NESTING:
        return
    if isinstance(value, dict):
        # a document by reference: the provider fetches it and the model reads what the scan never saw
        yield from (key for key in REFERENCE_KEYS if isinstance(value.get(key), str) and value[key])
        source = value.get("source") if value.get("type") == "document" else None
        if isinstance(source, dict) and source.get("type") in REFERENCE_SOURCES:
            yield f"{source['type']} source"
        for key in ("file_data", "bytes"):
            if isinstance(value.get(key), str):
                unreadable = _raw_file_payload(value[key])
                if unreadable:
                    yield unreadable
        mime = next((value[k] for k in ("media_type", "mime_type", "mimeType") if isinstance(value.get(k), str)), "")
        data = value.get("data")
        if mime and isinstance(data, str) and data and not mime.lower().startswith(("text/", *BINARY_MEDIA_OK)):
            try:
                readable = _readable(base64.b64decode(data + "=" * (-len(data) % 4)))
            except (binascii.Error, ValueError):
                readable = None
            if readable is None:
                yield mime
        for item in value.values():
            yield from _binary_documents(item, nesting + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _binary_documents(item, nesting + 1)
    elif isinstance(value, str) and value[:5].lower() == "data:":
        m = _DATA_URL_RE.match(value)
        mime = (m.group("mime") or "text/plain").lower() if m else ""
        if m and not mime.startswith(("text/", *BINARY_MEDIA_OK)) and _data_url_payload(value)[1] is None:
            yield mime


def _body_bytes(data: dict) -> int:
    # The request's size: its Content-Length, or, for a chunked body that has none, the client's fields
    # re-encoded compactly (the scan counts only strings: a megabyte of small numbers passed the cap).
    body = {k: v for k, v in data.items() if not _is_proxy_field(k, v) and k not in METADATA_FIELDS}
    body.update({k: _client_metadata(data.get(k)) for k in METADATA_FIELDS})
    try:
        return _declared_length(data) or len(json.dumps(body, default=str, separators=(",", ":"),
                                                        ensure_ascii=False).encode("utf-8", "replace"))
    except (TypeError, ValueError):
        return 0


def scan_whole_request(data: dict) -> list:
    # scan_request, then what only the whole request shows: each role's turns joined, and documents
    # the scan cannot read (refused with a 400 naming the type).
    if isinstance(data, dict) and _body_bytes(data) > max_request_bytes():
        raise RequestRefused(413, too_large_message(max_request_bytes()))
    first = _request_scan(data)
    if first is None:
        return []
    kinds = first.kinds
    unreadable = sorted(set(_binary_documents({k: v for k, v in data.items() if not _is_proxy_field(k, v)})))
    if unreadable:
        raise RequestRefused(400, "Request refused: the PII guardrail cannot read attached " + ", ".join(unreadable)
                             + " documents. Paste their text into the message instead.")
    scan = _Scan(max_request_bytes())
    scan.seen = first.seen  # a joined text scan_request has read already (its kinds are in `kinds`) is not read again
    fields = [field for field in MODEL_VIEW_FIELDS if data.get(field)]
    if len(fields) > 1:
        scan.text("".join(piece for field in fields for piece in _text_pieces(data[field])), MAX_DECODE_DEPTH)
    for field in ("messages", "input", "contents"):
        for pieces in _turn_texts(data.get(field)).values():
            if len(pieces) > 1:
                scan.text("".join(pieces), MAX_DECODE_DEPTH)
    return sorted(kinds | scan.kinds)


def block_message(kinds) -> str:
    return ("Request blocked by the PII guardrail: it contains " + ", ".join(sorted(kinds))
            + ". Remove the personal data and try again.")


# ---------------------------------------------------------------- answers
def _get(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _set(obj, name, value):
    if isinstance(obj, dict):
        obj[name] = value
    else:
        try:
            setattr(obj, name, value)
        except Exception:  # a frozen field: leave it
            pass


def _drop_logprobs(obj) -> None:
    # Token log-probabilities repeat the answer token by token: drop them rather than mask pieces.
    for choice in _get(obj, "choices") or []:
        if _get(choice, "logprobs") is not None:
            _set(choice, "logprobs", None)


# Numbers the proxy or the provider writes (never the model's text): not worth a detector pass per chunk.
_PROXY_NUMBER_KEY_RE = re.compile(r"created(?:_at)?|completed_at|sequence_number|\w*(?:tokens|index)")


def _masked_number(key: str, number):  # a JSON number the model wrote (a tool's input), its key as the label
    if isinstance(number, bool) or abs(number) < MIN_PII_NUMBER or _PROXY_NUMBER_KEY_RE.fullmatch(key):
        return number
    text = f"{key}: {int(number) if isinstance(number, int) or number.is_integer() else number}"
    masked = mask_answer_text(text)
    return number if masked == text else masked[len(key) + 2:]


def mask_deep(obj, _depth: int = 0, _key: str = "", table=None):
    # Mask every string inside ``obj`` (dicts, lists, pydantic models, with their extra fields), and every
    # number that reads as PII with its key, in place where possible; returns the masked object (a new one only
    # for a bare string or number).
    if isinstance(obj, str):  # (a string in table is replaced by its value first: a stream's released text)
        masked = mask_answer_text(table.get(obj, obj) if table else obj)
        return obj if masked == obj else masked
    if isinstance(obj, (int, float)) and _key:
        return _masked_number(_key, obj)
    if _depth > MAX_NESTING or obj is None or isinstance(obj, (int, float, bool, bytes)):
        return obj
    if isinstance(obj, list):
        for i, value in enumerate(obj):
            obj[i] = mask_deep(value, _depth + 1, _key, table)
    elif isinstance(obj, dict):
        for key, value in list(obj.items()):
            obj[key] = mask_deep(value, _depth + 1, key if isinstance(key, str) else "", table)
    elif hasattr(type(obj), "model_fields"):  # pydantic models (LiteLLM's response types)
        names = list(getattr(obj, "__dict__", None) or {})
        names += [n for n in getattr(obj, "__pydantic_extra__", None) or {} if n not in names]
        for key in names:
            value = getattr(obj, key, None)
            masked = mask_deep(value, _depth + 1, key, table)
            if masked is not value:
                _set(obj, key, masked)
    return obj


def mask_joined(texts: list) -> list:  # texts masked as one text (a value split between two: masked in the first)
    joined, out, a = "".join(texts), [], 0
    findings = answer_findings(joined) if len(texts) > 1 else []
    for text in texts:
        b, pos, pieces = a + len(text), a, []
        for f in findings:
            if f.end > pos and f.start < b:
                if f.start >= pos:
                    pieces += [joined[pos:f.start], redaction(f.kind)]
                pos = f.end
        out.append("".join(pieces) + joined[pos:b] if pos < b else "".join(pieces))
        a = b
    return out


def _text_slots(response) -> list:
    # The text fields of each choice, message or response, in reading order: (holder, field) pairs.
    groups = []
    for choice in _get(response, "choices") or []:
        message = _get(choice, "message")
        if message is not None:
            slots = [(message, name) for name in DELTA_TEXT_FIELDS]
            for call in _get(message, "tool_calls") or []:
                slots.append((_get(call, "function"), "arguments"))
            slots += [(_get(message, "function_call"), "arguments"), (_get(message, "audio"), AUDIO_TEXT_FIELD)]
            groups.append(slots)
    blocks = _get(response, "content")
    if isinstance(blocks, list):  # Anthropic: thinking, text
        groups.append([(block, name) for block in blocks for name in ("thinking", "text")])
    items = _get(response, "output")
    if isinstance(items, list):  # Responses API: reasoning summaries, message texts, function call arguments
        groups.append([(part, "text") for item in items for name in ("summary", "content")
                       for part in _get(item, name) or []] + [(item, "arguments") for item in items])
    return [[(h, n) for h, n in group if h is not None and isinstance(_get(h, n), str) and _get(h, n)]
            for group in groups]


def mask_response(response):
    # Mask PII anywhere in a finished answer (chat or text completion, Responses API,
    # Anthropic messages), in place; token log-probabilities are dropped.
    _drop_logprobs(response)
    for slots in _text_slots(response):
        if len(slots) > 1:
            for (holder, name), text in zip(slots, mask_joined([_get(h, n) for h, n in slots])):
                _set(holder, name, text)
    return mask_deep(response)


# What LiteLLM relays to the client from an upstream error (its message repeats what the model or
# provider answered, often the prompt itself), and what it reads from the exception to build the reply.
ERROR_FIELDS = ("message", "detail", "param", "code", "body", "litellm_debug_info", "provider_specific_fields")


def mask_exception(error: BaseException) -> BaseException:  # in place: LiteLLM builds the error reply from it
    for name in ERROR_FIELDS:
        value = getattr(error, name, None)
        if value is not None and not isinstance(value, (int, float, bool)):
            _set(error, name, mask_deep(copy.deepcopy(value)))
    error.args = tuple(mask_deep(list(error.args)))
    for name in ("headers", "litellm_response_headers"):  # relayed as llm_provider-* headers
        headers = getattr(error, name, None)
        if hasattr(headers, "items"):
            _set(error, name, {**dict(headers.items()), **mask_headers(headers)})
    return error


# Headers HTTP servers and rate limiters write themselves (dates, lengths, counters): not worth a detector pass.
_HTTP_HEADER_RE = re.compile(r"(?:^|-)(?:date|content-(?:length|type|encoding)|server|connection|transfer-encoding|"
                             r"keep-alive|retry-after|processing-ms)\Z|ratelimit-", re.I)


def mask_headers(headers) -> dict:  # the relayed headers (llm_provider-*) that carry PII, masked: they replace them
    pairs = ((str(k), str(v)) for k, v in dict(headers or {}).items())
    pairs = ((k, v, v if _HTTP_HEADER_RE.search(k) else mask_answer_text(v)) for k, v in pairs)
    return {k: masked for k, v, masked in pairs if masked != v}


# Characters the detector reads through (normalize drops them, or a variant does): they never close a
# word or a number, so a value with a soft hyphen, a bidi mark or a combining mark is still held whole.
_READ_THROUGH = (r"\u00ad\u034f\u061c\u180b-\u180f\U000e0000-\U000e007f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff"
                 r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u2028\u2029\x85\x0b\x0c"
                 + _DASH_LOOKALIKES + _DOT_LOOKALIKES + _BLANK_LOOKALIKES + _SLASH_LOOKALIKES)
# An open run of digits and separators (line breaks and markup included: the detector reads a value
# across a line break) at the end of the text, or an extension word after it: it may still grow into
# a number.
# Escapes an answer variant decodes (\u0034, &#52;, &nbsp; ...) are part of the run like the characters they
# stand for, and so is an escape not finished yet at the end of the text ("&#5", "\u00").
_HELD_ENTITY = r"&#[xX]?[0-9A-Fa-f]{1,7};"  # (looser than _ANSWER_ESCAPE_RE's: a hold may wait for more than it decodes)
_ESCAPED = _HELD_ENTITY + r"|&[A-Za-z]{2,8};|" + _CODE_POINT_ESCAPE + "|" + _BACKSLASH_ESCAPE
_PARTIAL_ESCAPE = r"(?:&(?:#[xX]?[0-9A-Fa-f]{0,7}|[A-Za-z]{1,8})?|\\+(?:u(?:[0-9A-Fa-f]{0,3}|\{[0-9A-Fa-f]{0,6})|x[0-9A-Fa-f]?)?)?"
# Tag characters standing for ASCII digits (see _TAG_TABLE): held as the digits a model reads them as
_TAG_DIGITS = "\U000e0030-\U000e0039"
# (full-width and other separators the detector folds too: "４９８－９３－３１７４" is an SSN)
_WIDE_JOINERS = "\u3000\uff08\uff09\uff0b\uff0d\uff0e\uff0f\ufe58\ufe63\u2043\u2007\u202f"
_OPEN_NUMBER_RE = re.compile(r"(?:[+(\uff08\uff0b]{1,2}[ \u00a0]?|[+(\uff08\uff0b]{0,2}(?:[\d" + _TAG_DIGITS + "]|" + _ESCAPED + r")(?:[\d \t\r\n"
                             r"\u00a0()./_\-\u2010-\u2015\u2212*~`<>!\x24" + _WIDE_JOINERS + _READ_THROUGH + r"]|" + _ESCAPED
                             + r"|,(?!\d\d))*(?:(?:e|ex|ext|exte|exten|extens|"
                             r"extensi|extensio|extension|x|#)\.?[ \t]*)?)" + _PARTIAL_ESCAPE
                             + r"\Z|\\+u\{[0-9A-Fa-f]{0,6}\Z", re.I)  # (a "\u{35" on its own: "{" ends a word)
_OPEN_NUMBER_START_RE = re.compile(r"[\d+(\uff08\uff0b&\\" + _TAG_DIGITS + "]")  # (every open number starts so)
# The unfinished last word: letters, digits and what an email holds (and invisible characters; ':' too,
# since the detector decides "jane@example.org:" by what follows the colon), but not
# the scripts written without spaces (Thai, kana, CJK, Hangul), which would otherwise be held back whole.
_NO_SPACE_SCRIPTS = r"\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD_CHAR = r"[^\W" + _NO_SPACE_SCRIPTS + r"]|[.%+\-@:\uff0e\uff20\\&#;<>/=*~`\x24" + _INDIC + _READ_THROUGH + r"]"
_OPEN_WORD_RE = re.compile(r"(?:" + _WORD_CHAR + r")+\Z")
# ... but a katakana or Hangul run written among Latin-script text ("Email: ユーザー@example.jp", "emailAddress=ユーザー",
# "Surel: ユーザー <at> ...", "or 민준.최@...") may be an email's local part: held, with what follows it, while it is
# the end of the text.  (Not inside Japanese or Korean prose, after kana, kanji, Hangul or their punctuation, nor at
# the start, nor after a sentence's end, which Korean writes with Latin punctuation: that would hold every such word,
# and the detector would read the characters before it into the local part anyway.)
_LOCAL_PART_SCRIPTS = r"\u30a0-\u30ff\uac00-\ud7af"


def _open_run_re(scripts: str) -> re.Pattern:
    # A run of ``scripts`` ending the text (not after a script written without spaces), as a local part goes on.
    return re.compile(r"(?<![" + _NO_SPACE_SCRIPTS + r"])[" + scripts + r"]+(?:" + _WORD_CHAR + r"|[" + scripts + r"])*\Z")


_OPEN_KATAKANA_RE = _open_run_re(_LOCAL_PART_SCRIPTS)
_LATIN_BEFORE_RE = re.compile(r"[^\s.,!?" + _NO_SPACE_SCRIPTS + r"\u3000-\u303f\uff01-\uff19\uff1b\uff1c\uff1e-\uff65]\s*\Z")
# ... and a Han or Thai run (a Chinese or Japanese name in kanji, a Thai one: "志强.王@example.cn") is held too, but
# Chinese and Thai prose has long runs of these after a Latin word ("用 Python 写一个函数", title="用户列表"): so
# only right after an email label ("fallback_email=", "邮箱: ", "mail "), or, after other text, while its first
# part is a name's length (HAN_NAME_CHARS, THAI_NAME_CHARS), then as a local part goes on ('.', '+', '_', '-', '@').
_HAN_THAI = r"\u0e00-\u0e7f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN_HAN_RE = _open_run_re(_HAN_THAI)
_LOCAL_LABEL_BEFORE_RE = re.compile(r"(?<![a-z])(?:e-?mail|mail|email[ _-]?address|inbox|courriel|correo|"
                                    r"\u90ae\u7bb1|\u7535\u90ae|\u30e1\u30fc\u30eb|\u0e2d\u0e35\u0e40\u0e21\u0e25)[ \t]*[:=\uff1a]?"
                                    r"[ \t]*[\"']?\Z", re.I)
HAN_NAME_CHARS = 2  # (most given names and surnames: 伟, 志强, 結衣)
# (a short run is held after a sentence's end or a comma too: "..., สมชาย.แก้วมณี+x2@", "1610. 丽刘@")
_NOT_CJK_BEFORE_RE = re.compile(r"[^\s" + _NO_SPACE_SCRIPTS + r"\u3000-\u303f\uff01-\uff65]\s*\Z")
THAI_NAME_CHARS = 6  # (code points, vowel signs and tone marks included: สมชาย, มาลี)
_HAN_NAME_RE = re.compile(r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,%d}|[\u0e00-\u0e7f]{1,%d})(?:[.+_\-@]|\Z)"
                          % (HAN_NAME_CHARS, THAI_NAME_CHARS))
MAX_VALUE_CHARS = 64     # longest non-email value (a phone with extension, a spaced card) with room to spare
MAX_EMAIL_CHARS = 254


def _open_word(text: str, before: str = "", base: int = 0, end: int = None) -> int:
    # Start of the unfinished word ending at ``end`` (the text's end), or ``end``; ``before``: the text released before.
    end = len(text) if end is None else end
    scripts = not text.isascii()  # (a katakana, Hangul, Han or Thai run needs a character outside ASCII)
    kana = _OPEN_KATAKANA_RE.search(text, max(base, end - MAX_EMAIL_CHARS), end) if scripts else None
    if kana and not _LATIN_BEFORE_RE.search(_left_of(text, before, kana.start())):
        kana = None
    if not kana and scripts:
        kana = _OPEN_HAN_RE.search(text, max(base, end - MAX_EMAIL_CHARS), end)
        if kana and not _han_local_part(text, before, kana.start(), end):
            kana = None
    start = kana.start() if kana else end
    # (with the letters glued before the katakana: "abcユーザー")
    near = max(base, start - 32)  # (most words are shorter: searched from there, then, if the word may go on, from base)
    word = _OPEN_WORD_RE.search(text, near, start)
    if word and word.start() == near > base:
        word = _OPEN_WORD_RE.search(text, base, start)
    return word.start() if word else start


def _left_of(text: str, before: str, start: int) -> str:
    # The 64 characters before text[start], reaching into the released text ``before``.
    return (before[-64:] if start < 64 else "") + text[max(0, start - 64):start]


def _han_local_part(text: str, before: str, start: int, end: int) -> bool:
    # Could the Han or Thai run text[start:end] (at the text's end) be an email's local part?  (see _OPEN_HAN_RE)
    left = _left_of(text, before, start)
    if left[-1:].isalnum():
        return False  # (the run goes on from released text, or is glued to a word: "用Python写一个函数", prose)
    if _LOCAL_LABEL_BEFORE_RE.search(left):
        return True
    return bool(_NOT_CJK_BEFORE_RE.search(left) and _HAN_NAME_RE.match(text, start, end))


# Released text kept as read-only context: labels such as "order number", "landline ... is" (the
# detector reads labels well before a value).  Read only when the new text could hold a value (see
# _MAY_HOLD_VALUE_RE), so prose pays nothing for it.  The detector reads back at most 600 characters on a
# value's line (an SQL INSERT's column list), and a table's column header: the value's line from its start
# and the line above it (two lines above past a Markdown rule row), each up to 2000 characters.  So the
# context is the last CONTEXT_CHARS characters, or more: back to the start of the current line and of the two
# lines above it, as long as each is at most LINE_CHARS long.
CONTEXT_CHARS = 640
LINE_CHARS = 2000


def _kept_context(text: str) -> str:
    # The end of the released text the detector can still read for what comes next.
    start, end = max(0, len(text) - CONTEXT_CHARS), len(text)
    for _ in range(3):  # the current line, the line above (a header), the one above that (past a rule row)
        reach = max(0, end - LINE_CHARS - 1)
        line_start = text.rfind("\n", reach, end) + 1
        if not line_start and reach:
            break  # a longer line: the detector does not read it from its start
        start, end = min(start, line_start), line_start - 1
        if end < 0:
            break
    # Never from the middle of a line (the detector would read its rest as a whole line: a CSV header cut after
    # its first cell shifts every column), and under a data row the detector takes the nearest number-free row
    # with cells in the LINE_CHARS above the value's line as the table's header (_column_label): keep from the
    # first such row (an answer variant decodes escapes, so the raw text's nearest may not be the one it takes).
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start <= LINE_CHARS:
        start = line_start
    header = _HEADER_LINE_RE.search(text, max(0, text.rfind("\n") - LINE_CHARS), start)
    if header:
        start = header.start()
    return text[start:]


# A closed value candidate: digits (or escaped digits an answer variant decodes) joined by what the
# detector and its variants read through: separators, line breaks, brackets, '+', markup, an extension
# word.  The detector reads up to RIGHT_CONTEXT characters right of a value (a label "(mobile)", a
# unit, a word), so a candidate of MIN_VALUE_DIGITS digits or more is held until that much text has
# arrived after it, its line has ended or the stream ends.
_DIGIT_LIKE = r"(?:[\d" + _TAG_DIGITS + "]|" + _HELD_ENTITY + "|" + _CODE_POINT_ESCAPE + "|" + _BACKSLASH_ESCAPE + ")"
_CANDIDATE_RE = re.compile(r"(?:[+(\uff08\uff0b]{1,2}[ \u00a0]?)?" + _DIGIT_LIKE + r"(?:(?:[ \t\r\n\u00a0()+./_\-\u2010-\u2015\u2212*~`<>!#\x24"
                           + _WIDE_JOINERS + _READ_THROUGH + r"]|<[^<>\n]{0,40}>|(?<![a-z])(?:ext|extension|x)\.?)*"
                           + _DIGIT_LIKE + r")*", re.I)
_DIGIT_LIKE_RE = re.compile(_DIGIT_LIKE)
_HELD_DIGIT_RE = re.compile("[\\d" + _TAG_DIGITS + "]")
MIN_VALUE_DIGITS = 4     # the shortest value the detector finds (a short local phone number after its label)
# The answer variants the detector also reads are shorter than the text (escapes decoded, markup, a dodged
# email's "(at)" and a spaced number's separators removed), so their window of RIGHT_CONTEXT characters can
# span more of the raw text: where the text has such constructs, the window is measured without them (as if
# each escape decoded to nothing), at most HOLD_LIMIT raw characters.
_SHRINKS_RE = re.compile(_ANSWER_ESCAPE_RE.pattern + "|" + _MARKUP + r"|[\[({<][ \t]*(?:at|@|dot|\.)[ \t]*[\])}>]"
                         r"|(?<=\d)[ .\-](?=\d)", re.I | re.S)
_SHRINK_HINT_RE = re.compile(r"[&\\<*~`_\[({]")
HOLD_LIMIT = 8 * RIGHT_CONTEXT
# Every kind needs a digit or an @ (an escaped or bracketed one included).
_MAY_HOLD_VALUE_RE = re.compile(r"[\d@\uff20\ufe6b&\\" + _TAG_DIGITS + r"\U000e0040]|//|[\[({<][ \t]*at[ \t]*[\])}>]|" + _SPOKEN_RE.pattern, re.I)


# A closed number whose window has not arrived yet is held only while text to its right could still change
# what the detector makes of it.  The masker asks the detector itself: the number with, right after it, the
# words every right-hand rule convicts with (an SSN, a phone and a card word, as _word_near reads them) and,
# on a line below another (where _column_label reads the header above), each column delimiter.  A number
# found in none of these probes is clean whatever follows: excusing rules (a unit, "(order)", a hex group)
# only ever take findings away.  A number found alike in all of them, with neutral words instead and in the
# text as it stands goes out masked once the word after it and the next character have arrived (every
# excusing rule reads right after the number).  A bracket right after the number ("(phone)", "(at)"), a
# character glued to it, or a number the probes disagree on waits for its window as before.
_PROBE_WORDS = " ssn phone card"
_PROBE_DELIMITERS = (",", ";", "|", "\t")
# What must follow a number for the probes to stand for every continuation: spaces, perhaps after closing
# punctuation, then a character that opens no bracket (a letter, '_' or an escape right after the number is
# read with it; "(phone)", "(at)" after the spaces are read as its label).
_CLEAN_CLOSE_RE = re.compile(r"(?![.,;:!?%)\]}\"'*~`]{0,3}[ \t\u00a0]+[,;]?[ \t]*(?:#|//|--))[.,;:!?%)\]}\"'*~`]{0,3}[ \t\u00a0\u2007\u202f]+[^\s(\[{<\uff08\uff3b\uff5b\uff1c]")
# ... and, for a number the probes find, the word after it, spaces and the next character.
_FIRST_WORD_RE = re.compile(r"[^ \t\n]*[ \t\u00a0]+[^ \t\n]+[ \t\u00a0]+[^ \t\n]")
# A dodged email still being written at the end: a word, then "(at)" or part of it, then labels joined by
# "(dot)", " dot " or '.', or part of one of those.  (The whole of it is held: the local part too.)  And a ':' after
# its domain, with up to two capitals after it: the detector decides by what follows (an scp remote
# "git [at] host [dot] org:repo" is no email, "x [at] y [dot] org: timeout" is, so is EDIFACT's "...:EM'").
_DODGE_AT = r"[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*"
_DODGE_DOT = r"(?:[ \t]*[\[({<][ \t]*(?:dot|\.)[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
# The local part is a word (an Indic one with its vowel signs) or quoted: '"jane doe" (at) ...' reads as "jane doe"@...
_DODGE_QUOTED = _QUOTED_LOCAL
_OPEN_DODGE_AT_RE = re.compile(r"(?:[\w.%+\-&#;\\" + _INDIC + r"]+|" + _DODGE_QUOTED + r")[ \t]*(?:[\[({<][ \t]*(?:a|at|@)?[ \t]*)?\Z",
                               re.I)
_QUOTED_LOCAL_RE = re.compile(_DODGE_QUOTED + r"\Z")
_OPEN_DODGE_DOMAIN_RE = re.compile(r"(?:[\w\-]+" + _DODGE_DOT + r")*[\w\-]*(?:[ \t]*[\[({<][ \t]*(?:d|do|dot|\.)?[ \t]*"
                                   r"|[ \t]+(?:d|do|dot)?[ \t]*|[ \t]*|:(?-i:[A-Z]{0,2}))\Z", re.I)
_DODGE_AT_RE = re.compile(_DODGE_AT, re.I)


def _open_dodged_email(text: str, before: str = "") -> int:
    # Start of a dodged email the end of ``text`` may still be writing, or len(text) (``before``: as _open_word's).
    base = max(0, len(text) - MAX_EMAIL_CHARS)
    if not any(ch in text[base:] for ch in "[({<") and not text[-1:].isspace():
        return len(text)
    word = _OPEN_DODGE_AT_RE.search(text, base)  # a word, perhaps the opening of "(at)" after it
    start = word.start() if word else len(text)
    for at in _DODGE_AT_RE.finditer(text, base):
        quoted = _QUOTED_LOCAL_RE.search(text, base, at.start())
        local = quoted.start() if quoted else _open_word(text, before, base, at.start())
        if local < at.start() and _OPEN_DODGE_DOMAIN_RE.match(text, at.end()):
            return min(start, local)
    return start


# (after the closing quote, an @ or an escape that may stand for one: "jane doe"&#64;exam, "jane doe"\u0040)
_OPEN_QUOTED_RE = re.compile(r'\\*""?[^"\\\n]{0,62}(?:\\*""?(?:[@\uff20&\\][^\s"<>]*)?|\\+)?\Z')  # "jane do, "jane doe"@exam
_OPEN_DOMAIN_RE = re.compile(r"[\w.%+\-]{1,64}@[^\s\"<>@]{0,253}\Z")  # a domain in any script: jörg@ญี่ปุ่น.t


def _open_email_tail(text: str) -> int:
    # Start of an email's quoted local part or domain the end of ``text`` may still be writing, or len(text)
    # (_OPEN_WORD_RE leaves out the scripts written without spaces, and a quoted local part has spaces).
    base = max(0, len(text) - 66)
    quoted = _OPEN_QUOTED_RE.search(text, base) if '"' in text[base:] else None
    at = text.rfind("@", max(0, len(text) - MAX_EMAIL_CHARS))
    domain = _OPEN_DOMAIN_RE.search(text, max(0, at - 64)) if at > 0 else None
    return min(quoted.start() if quoted else len(text), domain.start() if domain else len(text))


# StreamMasker holds back only what could still become part of a value or change the detector's reading
# of one: the unfinished last word (an email or a number glued to letters), a dodged email still being
# written, an open run of digits and separators, and a closed number that text to its right could still
# convict, until the detector's right-hand window after it (RIGHT_CONTEXT characters or its line's end)
# has arrived; the rest is released at once.  Released text stays as read-only context for the detector,
# so a label sent earlier still applies.
class StreamMasker:
    # Masks a text that arrives in pieces: the client gets what mask_answer_text gives on the whole text.

    def __init__(self):
        self.pending, self.context = "", ""
        self.released, self.decided = 0, {}  # characters released; (start, end) in the stream -> verdict
        # Held text another field wrote (StreamRewriter moves it here when this field starts): (owner, length)
        # of each piece at the front of ``pending``; ``parts`` is what the last feed/flush released, by owner
        # (None: this field).
        self.owners, self.parts = [], []
        self.own_context = None  # this field's own released text, while the context holds other fields' text
        self.forced = []  # findings in ``pending`` of other fields' held text read on its own, as those fields ended

    def hand_over(self, owner) -> tuple:  # (held text, its owners, context), out to the field that starts next
        held = self.pending
        owned = sum(n for _, n in self.owners)
        owners = self.owners + ([(owner, len(held) - owned)] if len(held) > owned else [])
        forced = self.forced + self._end_alone(held, owned)
        self.pending, self.owners, self.decided, self.forced = "", [], {}, []
        return held, owners, self.context, forced

    def _end_alone(self, held: str, owned: int) -> list:  # this field's held end read alone, as the field's end
        context = self.context if self.own_context is None else self.own_context
        return [Finding(f.kind, f.start + owned, f.end + owned) for f in answer_findings(held[owned:], context)]

    def give_back(self) -> list:  # the held text other fields wrote, out again: [(owner, text)]
        out, pos = [], 0
        for owner, n in self.owners:
            out.append((owner, self.pending[pos:pos + n]))
            pos += n
        self.pending, self.owners, self.released, self.decided = self.pending[pos:], [], self.released + pos, {}
        self.forced = [Finding(f.kind, f.start - pos, f.end - pos) for f in self.forced if f.start >= pos]
        return out

    def went_out(self, text: str) -> None:  # this field's text another field's masker released: context if it resumes
        self.context = _kept_context(self.context + text)

    def take_over(self, held: str, owners: list, context: str, forced=()) -> None:  # the field before's held text first
        self.pending, self.owners, self.context = held + self.pending, owners + self.owners, context
        self.forced = list(forced) + [Finding(f.kind, f.start + len(held), f.end + len(held)) for f in self.forced]
        if self.own_context is None and owners:
            self.own_context = ""

    def _cut(self, text: str) -> int:
        # Where the held-back tail starts.
        # (Most pieces arrive while the whole of the held text stays held: once the cut is 0, the holds that can only
        # move it back are not asked; the right-hand window's still is, for the verdicts it keeps in ``decided``.)
        cut = len(text)
        word = _open_word(text, self.context)
        if word < cut:
            cut = word if len(text) - word <= MAX_EMAIL_CHARS else len(text) - MAX_EMAIL_CHARS
        if cut:  # (a number written with escapes is longer: up to HOLD_LIMIT raw characters)
            reach = HOLD_LIMIT if "&" in text[-HOLD_LIMIT:] or "\\" in text[-HOLD_LIMIT:] else MAX_VALUE_CHARS
            start = max(0, cut - reach)
            number = _OPEN_NUMBER_RE.search(text, start) if _OPEN_NUMBER_START_RE.search(text, start) else None
            if number and number.start() < cut:
                cut = max(number.start(), len(text) - reach)
        if cut:
            cut = min(cut, _open_dodged_email(text, self.context), _open_spoken(text), _open_email_tail(text))
        block = _OPEN_BASE64_BLOCK_RE.search(text, max(0, cut - HOLD_LIMIT)) if cut and "\n" in text[cut - HOLD_LIMIT:] else None
        if block and block.start() < cut:  # base64 wrapped over lines: each line alone decodes to a piece of the text
            cut = block.start()
        return min(cut, self._awaiting_right_context(text))

    def _awaiting_right_context(self, text: str) -> int:
        # Start of the first closed candidate whose right-hand window (RIGHT_CONTEXT characters, or
        # the rest of its line) has not fully arrived and that text there could convict, or len(text).
        # A value ending at e has its whole window once len(text) - e >= RIGHT_CONTEXT or a line break follows
        # it; further back only when the variants' constructs are about (see _window_arrived).
        line_start = text.rfind("\n") + 1
        complete = max(len(text) - RIGHT_CONTEXT, line_start - 1, 0)
        if _SHRINK_HINT_RE.search(text, max(complete - HOLD_LIMIT, line_start)):
            complete = max(len(text) - HOLD_LIMIT, line_start - 1, 0)
        tail = text[complete:]
        if not _HELD_DIGIT_RE.search(tail) and "&#" not in tail and "\\" not in tail:
            return len(text)
        for m in _CANDIDATE_RE.finditer(text, max(0, complete - MAX_VALUE_CHARS)):
            if m.end() > complete and len(_DIGIT_LIKE_RE.findall(m.group(0))) >= MIN_VALUE_DIGITS \
                    and not StreamMasker._window_arrived(text[m.end():]) \
                    and not self._nothing_right_convicts(text, m.start(), m.end()) \
                    and not self._found_whatever_follows(text, m.start(), m.end()):
                return m.start()
        return len(text)

    def _found(self, text: str, start: int, end: int) -> list:
        # Findings over text[start:end] with each probe after it (probed once).
        key = (self.released + start, self.released + end)
        if key not in self.decided:
            self.decided[key] = [[(f.kind, f.start, f.end) for f in answer_findings(text[:end] + probe, self.context)
                                  if f.end > start and f.start < end] for probe in self._probes(text, start, end)]
        return self.decided[key]

    def _nothing_right_convicts(self, text: str, start: int, end: int) -> bool:
        # No text right of the closed number text[start:end] can make the detector find it.
        # (a number over two lines, a house number above a postcode, waits: the rest of the postcode's line,
        # a town or more, decides whether the detector excuses it)
        return "\n" not in text[start:end] and bool(_CLEAN_CLOSE_RE.match(text, end)) \
            and not any(self._found(text, start, end))

    def _found_whatever_follows(self, text: str, start: int, end: int) -> bool:
        # The detector finds text[start:end] alike whatever follows.
        # (with the convicting probes, with neutral ones, " ok" and each delimiter, and as the text stands)
        # Every right-hand rule that excuses reads right after the number (a unit, "(order)", a hex group), so
        # the word after it and the next character must have arrived (a bracket there stops this at once).
        if "\n" in text[start:end] or not _CLEAN_CLOSE_RE.match(text, end) or not _FIRST_WORD_RE.match(text, end):
            return False
        found = self._found(text, start, end)
        if not found[0] or any(f != found[0] for f in found):
            return False
        neutral = [" ok" + probe[len(_PROBE_WORDS):] for probe in self._probes(text, start, end)]
        return all([(f.kind, f.start, f.end) for f in answer_findings(t, self.context) if f.end > start and
                    f.start < end] == found[0] for t in [text] + [text[:end] + probe for probe in neutral])

    def _probes(self, text: str, start: int, end: int) -> list:
        # The right-hand texts to try after text[start:end].
        # The words; on a line below another, one per column label a delimiter can give the number (after
        # the words, inside the window _column_label reads; probes giving the same label read alike).
        if "\n" not in text[:start] and "\n" not in self.context:
            return [_PROBE_WORDS]
        full, offset = _normalized(self.context + text[:end]), len(self.context) + start
        if len(full) != len(self.context) + end:  # (normalising moved the number: no dedup)
            return [_PROBE_WORDS + d for d in _PROBE_DELIMITERS]
        if end - start + len(_PROBE_WORDS) >= RIGHT_CONTEXT:
            return [d + _PROBE_WORDS for d in _PROBE_DELIMITERS]
        labels = {}
        for d in _PROBE_DELIMITERS:
            labels.setdefault(_column_label(full + _PROBE_WORDS + d, offset), _PROBE_WORDS + d)
        return list(labels.values())

    @staticmethod
    def _window_arrived(after: str) -> bool:
        # Has the detector's whole right-hand window arrived in ``after`` (the text after a value)?
        if "\n" in after:
            return True
        if len(after) < RIGHT_CONTEXT:
            return False
        if len(after) >= HOLD_LIMIT or not _SHRINK_HINT_RE.search(after):
            return True
        return len(_SHRINKS_RE.sub("", after)) >= RIGHT_CONTEXT

    def feed(self, piece: str) -> str:
        text = self.pending + (piece or "")
        cut = self._cut(text)
        if not cut:  # all of it held back: nothing to release, so nothing to detect yet
            self.pending, self.parts = text, []
            return ""
        findings = self._findings(text) if self._may_release_a_value(text, cut) else []
        for f in findings:
            if f.start < cut < f.end:
                cut = f.start
        return self._release(text, cut, findings)

    def _may_release_a_value(self, text: str, cut: int) -> bool:
        # Could a finding overlap text[:cut]?
        # Every value holds a digit or an @ (or an escape or "(at)" standing for one) and starts with one, a
        # '+', a '(' or an email's local part: with none of those in text[:cut], only a value the cut splits
        # inside a word could.
        if _MAY_HOLD_VALUE_RE.search(text, 0, cut):
            return True
        return cut < len(text) and not text[cut - 1].isspace() and not text[cut].isspace()

    def _release(self, text: str, cut: int, findings: list) -> str:
        out, pos, pieces = [], 0, []  # pieces: (start in text, end, released text, is a redaction)
        for f in findings:
            if f.end <= cut and f.start >= pos:
                out += [text[pos:f.start], redaction(f.kind)]
                pieces += [(pos, f.start, out[-2], False), (f.start, f.end, out[-1], True)]
                pos = f.end
        out.append(text[pos:cut])
        pieces.append((pos, cut, out[-1], False))
        released = "".join(out)
        self.parts = self._by_owner(text, pieces) if self.owners else [(None, released)]
        if self.own_context is not None:
            own = sum(n for _, n in self.owners)
            self.own_context = _kept_context(self.own_context + text[own:cut]) if cut > own else self.own_context
        self._consume_owners(cut)
        self.pending = text[cut:]
        self.forced = [Finding(f.kind, f.start - cut, f.end - cut) for f in self.forced if f.end > cut]
        self.context = _kept_context(self.context + text[:cut])
        if self.own_context == self.context:
            self.own_context = None  # the other fields' text is out of the detector's reach: one reading again
        if cut:
            self.released += cut
            self.decided = {k: v for k, v in self.decided.items() if k[0] >= self.released}
        return released

    def flush(self) -> str:
        text = self.pending
        return self._release(text, len(text), self._findings(text))

    def _findings(self, text: str) -> list:
        # The findings on the text joined with the other fields', and on each field's text read alone (as a whole
        # answer masks each field too): "SSN 536-22-8726" + "42 ..." joined is one 13-digit run, "ok" + "536-22-8726"
        # a value glued to a word.
        found = answer_findings(text, self.context)
        extra = self.forced + (self._mine_alone(text) if self.own_context is not None else [])
        return _merged(found + extra) if extra else found

    def _mine_alone(self, text: str) -> list:  # this field's text read without the other fields' text before it
        own = sum(n for _, n in self.owners)
        return [Finding(f.kind, f.start + own, f.end + own) for f in answer_findings(text[own:], self.own_context)]

    def _by_owner(self, text: str, pieces: list) -> list:
        # The released pieces as (owner, text) in order: plain text split where the owners' pieces end, a
        # redaction given to the owner of its first character (a value split between two fields goes out
        # masked once, in the first).
        bounds, pos = [], 0
        for owner, n in self.owners:
            bounds.append((owner, pos, pos + n))
            pos += n
        bounds.append((None, pos, len(text)))
        parts = []
        for start, end, piece, redacted in pieces:
            spans = [(o, start, start + 1) for o, a, b in bounds if a <= start < b][:1] if redacted else \
                [(o, max(start, a), min(end, b)) for o, a, b in bounds if max(start, a) < min(end, b)]
            for owner, a, b in spans:
                chunk = piece if redacted else text[a:b]
                if parts and parts[-1][0] == owner:
                    parts[-1] = (owner, parts[-1][1] + chunk)
                elif chunk:
                    parts.append((owner, chunk))
        return parts

    def _consume_owners(self, cut: int) -> None:
        owners = []
        for owner, n in self.owners:
            taken = min(n, cut)
            cut -= taken
            if n > taken:
                owners.append((owner, n - taken))
        self.owners = owners


# Text fields of a streamed chat delta, each held back and masked like content.
DELTA_TEXT_FIELDS = ("reasoning_content", "content", "refusal")  # (in reading order)
# Delta fields a carrier chunk (held-back text sent later) does not repeat from the chunk it copies.
CARRIER_CLEARED = ("audio", "thinking_blocks", "annotations", "provider_specific_fields", "reasoning_items")


# The audio delta's field that streams text (the rest, the sound itself included, is masked whole).
AUDIO_TEXT_FIELD = "transcript"


def _mask_fields(obj, skip: str) -> None:
    # mask_deep every field of obj (a dict or a pydantic model) but skip, in place
    if isinstance(obj, dict):
        names = list(obj)
    else:
        names = list(getattr(obj, "__dict__", None) or {})
        names += [n for n in getattr(obj, "__pydantic_extra__", None) or {} if n not in names]
    for name in names:
        value = _get(obj, name)
        if name != skip and value is not None:
            masked = mask_deep(value, 1, name)
            if masked is not value:
                _set(obj, name, masked)


class StreamRewriter:
    # Rewrites a stream of answer chunks so no PII gets through, in the three shapes the
    # proxy streams: OpenAI chunks with ``choices`` (chat and text completions), Responses API
    # events (``response.*.delta`` ...) and Anthropic SSE bytes (/v1/messages).  Every text slot
    # (content, reasoning, refusal, each tool call's arguments, text deltas) has its own
    # StreamMasker; other events are masked whole.  Held-back text follows in a later chunk.
    # The slots of one choice are one text to the reader: when another slot starts, what the last one still
    # holds moves to the new slot's masker and is judged with its start (released in the slot it came from).

    def __init__(self):
        self.maskers, self.templates = {}, {}
        self.current = {}  # choice index -> the text slot that streamed last
        self.carriers = []  # chunks for held text of an earlier slot, released with a later one
        self.queue, self.stopped = [], set()  # events held behind a stopped slot's held text; those slots
        self.raw, self.out = {}, {}  # Responses API slot -> its text as streamed, as released
        self.encode = None  # str -> chunk type of an SSE stream (bytes or str)

    def _feed(self, key, piece, choice=None) -> str:
        masker = self.maskers.get(key)
        if choice is not None:
            before = self.current.get(choice)
            if before is not None and before != key and before in self.maskers and masker is None:
                masker = self.maskers[key] = StreamMasker()
                masker.take_over(*self.maskers[before].hand_over(before))
            elif before is not None and before != key and before in self.maskers:
                # A slot resumes: slots interleaved are no longer one text in arrival order, so what the last
                # masker holds of other slots goes back to their own maskers (each read on its own, as before).
                for owner, text in self.maskers[before].give_back():
                    home = self.maskers.setdefault(owner, StreamMasker())
                    home.pending, home.decided = text + home.pending, {}
            self.current[choice] = key
        if masker is None:
            masker = self.maskers[key] = StreamMasker()
        masker.feed(piece if isinstance(piece, str) else "")
        return self._own(key, masker.parts)

    def _own(self, key, parts) -> str:
        # This slot's part of what a masker released; the other slots' parts go out in carriers first.
        own = ""
        for owner, text in parts:
            if key[0] == "event":
                self.out[owner or key] = self.out.get(owner or key, "") + text
            if owner is None:
                own += text
            else:
                self.carriers.extend(self._carrier(owner, text))
                if owner in self.maskers:
                    self.maskers[owner].went_out(text)
        return own

    def _flush(self, key) -> str:
        masker = self.maskers.pop(key, None)
        if masker is None:
            return ""
        masker.flush()
        return self._own(key, masker.parts)

    def _flush_out(self, key) -> list:
        # Chunks for everything the slot key still holds (its own text and other slots').
        rest = self._flush(key)
        out, self.carriers = self.carriers, []
        return out + (self._carrier(key, rest) if rest else [])

    def rewrite(self, chunk) -> list:
        if isinstance(chunk, (bytes, str)):
            return self._sse(chunk)
        if _get(chunk, "choices") is not None:
            return self._choices(chunk)
        kind = _get(chunk, "type")
        kind = getattr(kind, "value", kind)
        if isinstance(kind, str):
            return self._event(chunk, kind)
        return [mask_deep(chunk)]  # unknown shape: at least every whole string is masked

    def finish(self) -> list:
        # Whatever is still held back when the stream ends.
        out = []
        for key in list(self.maskers):
            out.extend(self._flush_out(key))
        held = []
        self._release_held(held, True)
        return out + ([self.encode("".join(b + "\n\n" for b in held))] if self.encode and held else held)

    # -- OpenAI chunks
    def _choices(self, chunk) -> list:
        _drop_logprobs(chunk)
        carriers = []
        keep = bool(_get(chunk, "usage")) or not _get(chunk, "choices")
        for choice in _get(chunk, "choices") or []:
            index = _get(choice, "index") or 0
            delta = _get(choice, "delta")
            finished = bool(_get(choice, "finish_reason"))
            if delta is None and not isinstance(_get(choice, "text"), str):
                keep = True
                continue
            if delta is not None:  # every field but the streamed ones masked whole, before any copy is kept
                for name in CARRIER_CLEARED:
                    value = _get(delta, name)
                    if value and name != "audio":
                        mask_deep(value)
                        keep = True
            slots = [(choice, "text", ("text", index))] if delta is None else \
                [(delta, name, (name, index)) for name in DELTA_TEXT_FIELDS]
            if delta is not None and _get(delta, "role"):
                keep = True  # the first chunk names the role: it goes out even when its text is held back
            audio = _get(delta, "audio") if delta is not None else None
            if audio:
                _mask_fields(audio, AUDIO_TEXT_FIELD)
                keep = True  # (the sound goes out at once; its transcript is held like content)
                slots.append((audio, AUDIO_TEXT_FIELD, ("audio", index)))
            for holder, attr, key in slots:
                piece = _get(holder, attr)
                if isinstance(piece, str) and piece:
                    self.templates.setdefault(key, copy.deepcopy(chunk))
                    text = self._feed(key, piece, index)
                    _set(holder, attr, text if text or attr in ("text", AUDIO_TEXT_FIELD) else None)
                    keep = keep or bool(text)
            for position, call in enumerate(_get(delta, "tool_calls") or [] if delta is not None else []):
                call_index = _get(call, "index")
                key = ("tool", index, position if call_index is None else call_index)
                function = _get(call, "function")
                _mask_fields(call, "function")  # id, type and whatever else a provider adds, masked whole
                if function is None:
                    keep = True
                    continue
                _mask_fields(function, "arguments")  # the name (and any extra field), masked whole
                if _get(function, "name") or _get(call, "id"):
                    keep = True  # the call's header (id, name) goes out at once
                piece = _get(function, "arguments")
                if isinstance(piece, str) and piece:
                    self.templates.setdefault(key, copy.deepcopy(chunk))
                    text = self._feed(key, piece, index)
                    _set(function, "arguments", text)
                    keep = keep or bool(text)
            if delta is not None and _get(delta, "function_call") is not None:
                keep = self._function_call(chunk, _get(delta, "function_call"), index) or keep
            if finished:
                for key in [k for k in self.maskers if k[1] == index and k[0] != "sse" and k[0] != "event"]:
                    carriers.extend(self._flush_out(key))
                keep = True
        carriers, self.carriers = self.carriers + carriers, []
        return carriers + ([chunk] if keep else [])

    def _function_call(self, chunk, call, index) -> bool:
        # The pre-tools ``delta.function_call``: its name masked whole, its arguments held like content.
        # True when the chunk must go out.
        keep = bool(_get(call, "name"))
        _mask_fields(call, "arguments")
        piece = _get(call, "arguments")
        if isinstance(piece, str) and piece:
            key = ("function_call", index)
            self.templates.setdefault(key, copy.deepcopy(chunk))
            text = self._feed(key, piece, index)
            _set(call, "arguments", text)
            keep = keep or bool(text)
        return keep

    def _carrier(self, key, text) -> list:
        # A new chunk carrying ``text`` for the slot ``key``.
        if key[0] == "sse":
            return [self.encode(self._sse_block(key[1], key[2], text))]
        template = self.templates.get(key)
        if template is None:
            return []
        chunk = copy.deepcopy(template)
        if key[0] == "event":
            _set(chunk, "delta", text)
            return [chunk]
        if _get(chunk, "usage") is not None:
            _set(chunk, "usage", None)
        for choice in _get(chunk, "choices") or []:
            _set(choice, "finish_reason", None)
            delta = _get(choice, "delta")
            mine = (_get(choice, "index") or 0) == key[1]
            if delta is None:
                _set(choice, "text", text if mine and key[0] == "text" else "")
                continue
            for name in DELTA_TEXT_FIELDS + CARRIER_CLEARED:
                if _get(delta, name) is not None and not (name == "audio" and key[0] == "audio" and mine):
                    _set(delta, name, None)
            if key[0] == "audio" and mine:
                _set(_get(delta, "audio"), AUDIO_TEXT_FIELD, text)
                if _get(_get(delta, "audio"), "data"):
                    _set(_get(delta, "audio"), "data", "")  # (the sound went out with the chunk copied)
            if _get(delta, "role") is not None:
                _set(delta, "role", None)
            calls = _get(delta, "tool_calls") or []
            legacy = _get(delta, "function_call")
            if legacy is not None:
                if key[0] == "function_call" and mine:
                    _set(legacy, "name", None)
                    _set(legacy, "arguments", text)
                else:
                    _set(delta, "function_call", None)
            if key[0] in DELTA_TEXT_FIELDS or key[0] in ("audio", "function_call"):
                if key[0] in DELTA_TEXT_FIELDS:
                    _set(delta, key[0], text if mine else None)
                if calls:
                    _set(delta, "tool_calls", None)
            elif key[0] == "tool":
                kept = []
                for position, call in enumerate(calls):
                    call_index = _get(call, "index")
                    if mine and (position if call_index is None else call_index) == key[2]:
                        _set(call, "id", None)
                        function = _get(call, "function")
                        _set(function, "name", None)
                        _set(function, "arguments", text)
                        kept.append(call)
                _set(delta, "tool_calls", kept or None)
        return [chunk]

    # -- Responses API events
    def _event(self, chunk, kind: str) -> list:
        key = ("event", _get(chunk, "output_index") or 0, _get(chunk, "content_index") or 0,
               kind.rsplit(".", 1)[0])
        out = []
        if kind.endswith(".delta") and isinstance(_get(chunk, "delta"), str):
            self.templates.setdefault(key, copy.deepcopy(chunk))
            self.raw[key] = self.raw.get(key, "") + _get(chunk, "delta")
            text = self._feed(key, _get(chunk, "delta"), "events")
            self._release_held(out)
            if text:
                _set(chunk, "delta", text)
                out.append(chunk)
            return out
        # A slot's .done event (it repeats the slot's text), and every event after it, wait for the text the slot
        # still holds (judged with the next slot's start); the text in them is what the deltas released.
        if kind.endswith(".done"):
            self.stopped.add(key)
        self.queue.append(chunk)
        ended = kind.rsplit(".", 1)[-1] in ("completed", "incomplete", "failed") or kind == "error"
        if ended:
            self._end("event")
        self._release_held(out, ended)
        return out

    # -- Anthropic SSE
    @staticmethod
    def _sse_block(index, field, text) -> str:
        kind = {"text": "text_delta", "thinking": "thinking_delta", "partial_json": "input_json_delta"}[field]
        event = {"type": "content_block_delta", "index": index, "delta": {"type": kind, field: text}}
        return f"event: content_block_delta\ndata: {json.dumps(event)}\n\n"

    def _sse(self, chunk) -> list:
        raw = chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
        self.encode = (lambda s: s.encode("utf-8")) if isinstance(chunk, bytes) else (lambda s: s)
        blocks = []
        for block in raw.split("\n\n"):
            if not block.strip():
                continue
            lines = block.split("\n")
            at = next((i for i, line in enumerate(lines) if line.startswith("data:")), None)
            try:
                event = json.loads(lines[at][5:]) if at is not None else None
            except ValueError:
                event = None
            if not isinstance(event, dict):
                (self.queue if self.queue else blocks).append(mask_answer_text(block))
                continue
            delta = event.get("delta") if isinstance(event.get("delta"), dict) else {}
            field = next((f for f in ("text", "thinking", "partial_json") if isinstance(delta.get(f), str)), None)
            kind = event.get("type")
            if kind == "content_block_delta" and field:
                delta[field] = self._feed(("sse", event.get("index", 0), field), delta.get(field), "sse")
                self._release_held(blocks)
                if not delta[field]:
                    continue
            else:
                if kind in ("message_delta", "message_stop"):  # the message ends: nothing is held any longer
                    self._end("sse")
                    self._release_held(blocks, True)
                mask_deep(event)
                if kind == "content_block_stop":
                    # A block's held text waits for the next block's start (one text to the reader), and so do
                    # its stop event and every event after it.
                    self.stopped.update(k for k in self.maskers if k[0] == "sse" and k[1] == event.get("index", 0))
                    self._release_held(blocks)
                lines[at] = "data: " + json.dumps(event)
                if self.queue or (kind == "content_block_stop" and self._held()):
                    self.queue.append("\n".join(lines))
                    continue
            lines[at] = "data: " + json.dumps(event)
            blocks.append("\n".join(lines))
        text = "".join(block if block.endswith("\n\n") else block + "\n\n" for block in blocks)
        return [self.encode(text)] if text else []

    def _held(self) -> bool:  # text of a stopped block still held, here or in the masker it moved to
        return any(self.maskers[k].pending for k in self.stopped if k in self.maskers) or \
            any(m.owners for m in self.maskers.values())

    def _end(self, shape: str) -> None:  # the stream's message ends: every slot's held text goes out
        for key in [k for k in self.maskers if k[0] == shape]:
            rest = self._flush(key)
            self.carriers += self._carrier(key, rest) if rest else []

    def _release_held(self, out: list, force: bool = False) -> None:
        # The carriers (SSE blocks as text), then the held events once no stopped slot's text is held; the text a
        # Responses API event repeats is what the deltas released.
        out += [c.decode("utf-8") if isinstance(c, bytes) else c for c in self.carriers]
        self.carriers = []
        if self.queue and (force or not self._held()):
            table = {raw: self.out.get(k, "") for k, raw in self.raw.items()}
            out += [c if isinstance(c, str) else mask_deep(c, table=table) for c in self.queue]
            self.queue = []


async def mask_stream(chunks):
    # Re-yield streamed chunks with PII masked across chunk boundaries.
    rewriter = StreamRewriter()
    async for chunk in chunks:
        for out in rewriter.rewrite(chunk):
            yield out
    for out in rewriter.finish():
        yield out


# ---------------------------------------------------------------- LiteLLM
try:
    from fastapi import HTTPException
    from litellm.integrations.custom_guardrail import CustomGuardrail
    from litellm.types.guardrails import GuardrailEventHooks
except ModuleNotFoundError as exc:  # detection is usable without LiteLLM
    if (exc.name or "").split(".")[0] not in ("litellm", "fastapi"):
        raise
    CustomGuardrail = None


def opt_out_allowed() -> bool:
    """Keys, teams and requests may switch the guardrail off only when the stack allows it."""
    return os.environ.get("PII_GUARDRAIL_ALLOW_OPT_OUT", "false").strip().lower() == "true"


if CustomGuardrail is not None:

    class PiiGuardrail(CustomGuardrail):
        """pre_call: reject requests carrying PII (400), refuse what it cannot read (400, 413).
        post_call: mask PII in answers, streamed or not.  apply_guardrail: the same for the
        routes that call LiteLLM's unified interface.  Cannot be switched off by key, team or
        request metadata unless PII_GUARDRAIL_ALLOW_OPT_OUT=true."""

        # Our own hooks run (not LiteLLM's generic text extraction feeding apply_guardrail).
        use_native_lifecycle_hooks = True

        def __init__(self, **kwargs):
            super().__init__(**kwargs)

        def should_run_guardrail(self, data, event_type) -> bool:
            if opt_out_allowed():
                return super().should_run_guardrail(data, event_type)
            return self._event_hook_is_event_type(event_type)

        @staticmethod
        def _refuse(status: int, message: str, kinds=None):
            detail = {"error": message}
            if kinds:
                detail["pii_kinds"] = list(kinds)
            raise HTTPException(status_code=status, detail=detail)

        def check_request(self, data) -> None:
            try:
                kinds = scan_whole_request(data)
            except RequestRefused as refused:
                self._refuse(refused.status, refused.message)
            if kinds:
                self._refuse(400, block_message(kinds), kinds)

        async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
            if approximate_size(data) > THREAD_ABOVE_BYTES:
                await asyncio.to_thread(self.check_request, data)  # other requests keep being served
            else:
                self.check_request(data)
            return data

        async def async_post_call_success_hook(self, data, user_api_key_dict, response):
            return mask_response(response)

        async def async_post_call_failure_hook(self, request_data, original_exception, user_api_key_dict,
                                               traceback_str=None):
            if self.should_run_guardrail(request_data or {}, GuardrailEventHooks.post_call):
                try:
                    mask_exception(original_exception)  # the reply LiteLLM builds from it, streamed or not
                except Exception:  # LiteLLM would relay the error unmasked: replace it
                    return HTTPException(status_code=502, detail={"error": "The upstream error was withheld by the "
                                                                           "PII guardrail."})

        async def async_post_call_response_headers_hook(self, data, user_api_key_dict, response, request_headers=None,
                                                        litellm_call_info=None):
            if self.should_run_guardrail(data or {}, GuardrailEventHooks.post_call):
                return mask_headers((getattr(response, "_hidden_params", None) or {}).get("additional_headers"))

        async def async_post_call_streaming_iterator_hook(self, user_api_key_dict, response, request_data):
            async for chunk in mask_stream(response):
                yield chunk

        async def apply_guardrail(self, inputs, request_data, input_type, logging_obj=None):
            inputs = dict(inputs or {})
            if input_type == "request":
                self.check_request({"texts": inputs.get("texts") or [], "tool_calls": inputs.get("tool_calls") or [],
                                    "structured_messages": inputs.get("structured_messages") or []})
                return inputs
            inputs["texts"] = [mask_answer_text(t) if isinstance(t, str) else t for t in inputs.get("texts") or []]
            if inputs.get("tool_calls"):
                inputs["tool_calls"] = mask_deep(copy.deepcopy(inputs["tool_calls"]))
            return inputs
