"""Write tests/data/pii_corpus.jsonl: a labelled corpus for the PII guardrail.

Deterministic (fixed seed): running it again writes the same file.  The committed corpus is
the source of truth; this script only documents how it was made.  Labels come from how each
text is built, never from a detector: positives carry a valid value of their kind (Luhn and
issuer rules for cards, SSA ranges for SSNs, NANP rules for phones), clean texts carry the
look-alikes that trip naive patterns.

    python scripts/make_pii_corpus.py [--check]
"""
import argparse
import json
import random
import sys
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "pii_corpus.jsonl"
rng = random.Random(20261129)

FIRST = ["jane", "john", "maria", "wei", "olu", "priya", "sam", "alex", "noah", "fatima", "lee", "ana", "omar", "kim"]
LAST = ["doe", "smith", "garcia", "chen", "okafor", "patel", "nguyen", "muller", "rossi", "kowalski", "brown"]
DOMAINS = ["example.com", "mail.example.org", "corp.acme.io", "eng.us.contoso.com", "uni.edu", "post.example.co.uk",
           "startup.dev", "gmail.com", "outlook.com", "sub-domain.example.net", "x.ai", "health.gov"]


# ------------------------------------------------------------------ values
def luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def card(prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def bad_luhn(number: str) -> str:
    last = (int(number[-1]) + rng.randint(1, 9)) % 10
    return number[:-1] + str(last)


BRANDS = [  # (name, prefix factory, length)
    ("visa", lambda: "4", 16), ("visa13", lambda: "4", 13), ("visa19", lambda: "4", 19),
    ("mastercard", lambda: str(rng.randint(51, 55)), 16), ("mastercard2", lambda: str(rng.randint(2221, 2720)), 16),
    ("amex", lambda: rng.choice(["34", "37"]), 15), ("discover", lambda: rng.choice(["6011", "65", "644", "649"]), 16),
    ("jcb", lambda: str(rng.randint(3528, 3589)), 16), ("diners", lambda: rng.choice(["36", "300", "305"]), 14),
    ("unionpay", lambda: "62" + str(rng.randint(0, 9)), 16),
]


def group(number: str, sep: str) -> str:
    if len(number) == 15:
        parts = [number[:4], number[4:10], number[10:]]
    elif len(number) == 14:
        parts = [number[:4], number[4:10], number[10:]]
    else:
        parts = [number[i:i + 4] for i in range(0, len(number), 4)]
    return sep.join(parts)


def ssn_parts() -> tuple:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"


def nanp_code(is_area: bool) -> str:
    while True:
        code = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        if code[1:] == "11" or (is_area and code[1] == "9"):
            continue
        return code


def phone_parts() -> tuple:
    return nanp_code(True), nanp_code(False), f"{rng.randint(0, 9999):04d}"


def email() -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice([f"{first}.{last}", f"{first}{rng.randint(1, 99)}", f"{first}_{last}",
                        f"{first}+{rng.choice(['news', 'billing', 'test', 'x7'])}", f"{first[0]}{last}",
                        f"{first}.{last}+work", f"{first.upper()}.{last.capitalize()}"])
    return f"{local}@{rng.choice(DOMAINS)}"


def digits(n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


# ------------------------------------------------------------------ positives
def email_cases() -> list:
    templates = [
        "Please send the report to {v} by Friday.", "Contact: {v}", "My email is {v}",
        "cc {v} on the thread", "Reach me at <{v}>.", "mailto:{v}", '{{"user": {{"email": "{v}"}}}}',
        "Forward it ({v}) when ready", "Reply-To: {v}\nSubject: invoice", "EMAIL {v}, thanks!",
        "The customer wrote from {v} yesterday.", "Send invites to {v}; {w}",
    ]
    out = []
    for i in range(64):
        text = templates[i % len(templates)].format(v=email(), w=email())
        out.append((text, "email", "email"))
    for text in ["Write to o'neil.pat@example.com please", "ping ops-team+alerts@eng.us.contoso.com",
                 "user.name+tag+sorting@example.com is on file", "alias x@sub.mail.example.museum works",
                 "JOSE.LOPEZ@EXAMPLE.COM asked for a refund", "admin@xn--bcher-kva.example is the contact"]:
        out.append((text, "email", "email hard"))
    return out


def ssn_cases() -> list:
    dashed = ["SSN: {a}-{g}-{s}", "My social security number is {a}-{g}-{s}.", "applicant {a}-{g}-{s} approved",
              "Employee record: {a}-{g}-{s}, hired 2021", "ssn={a}-{g}-{s}", "Her SSN ({a}-{g}-{s}) was on the form"]
    spaced = ["SSN {a} {g} {s}", "social security: {a} {g} {s}", "number on the card: {a} {g} {s}"]
    bare = ["SSN {a}{g}{s}", "ssn#{a}{g}{s}", "My social is {a}{g}{s}", "Social Security No. {a}{g}{s}",
            "taxpayer SSN:{a}{g}{s} filed", "please verify {a}{g}{s} for the W-2", "SS# {a}{g}{s}"]
    out = []
    for i in range(30):
        a, g, s = ssn_parts()
        out.append((dashed[i % len(dashed)].format(a=a, g=g, s=s), "us_ssn", "ssn dashes"))
    for i in range(15):
        a, g, s = ssn_parts()
        out.append((spaced[i % len(spaced)].format(a=a, g=g, s=s), "us_ssn", "ssn spaces"))
    for i in range(21):
        a, g, s = ssn_parts()
        out.append((bare[i % len(bare)].format(a=a, g=g, s=s), "us_ssn", "ssn bare"))
    out += [("Woolworth's sample 078-05-1120 was used by thousands", "us_ssn", "ssn edge area 078"),
            ("lowest area 001-01-0001 is still valid", "us_ssn", "ssn edge minimum"),
            ("highest area 899-99-9999 is still valid", "us_ssn", "ssn edge maximum"),
            ("area 665-12-3456 is fine, 666 is not", "us_ssn", "ssn edge 665"),
            ("area 667-12-3456 is valid", "us_ssn", "ssn edge 667")]
    return out


def phone_cases() -> list:
    formats = ["+1 ({a}) {e}-{l}", "+1-{a}-{e}-{l}", "+1.{a}.{e}.{l}", "+1{a}{e}{l}", "1-{a}-{e}-{l}",
               "1 ({a}) {e}-{l}", "({a}) {e}-{l}", "({a}){e}-{l}", "{a}-{e}-{l}", "{a}.{e}.{l}", "{a} {e} {l}",
               "+1 {a} {e} {l}", "{a}-{e}-{l} ext. 204", "1{a}{e}{l}", "{a}{e}{l}"]
    templates = ["Call me at {v}.", "Phone: {v}", "my cell is {v}", "Text {v} when you land", "Fax {v}",
                 "You can reach the office on {v} after 9am", "tel:{v}", "emergency contact {v} (mom)",
                 '{{"phone": "{v}"}}', "Ring {v} or leave a message"]
    out = []
    for i in range(68):
        a, e, l = phone_parts()
        fmt = formats[i % len(formats)]
        out.append((templates[i % len(templates)].format(v=fmt.format(a=a, e=e, l=l)), "us_phone", f"phone {fmt}"))
    out += [("Toll free 1-800-555-0199 for support", "us_phone", "phone toll free"),
            ("Call (212) 555-0147 in Manhattan", "us_phone", "phone 555 fictional"),
            ("office +1 (650) 253-0000 main line", "us_phone", "phone +1 parentheses")]
    return out


def card_cases() -> list:
    templates = ["Card number {v}", "Charge it to {v} please", "my visa is {v} exp 09/28",
                 "cc: {v}, cvv 123", "Payment card {v} was declined", '{{"pan": "{v}"}}',
                 "use {v} for the deposit", "The number on the card: {v}"]
    out = []
    i = 0
    for _ in range(6):
        for name, prefix, length in BRANDS:
            number = card(prefix(), length)
            sep = ["", " ", "-"][i % 3]
            shown = number if not sep or length in (13, 19) else group(number, sep)
            out.append((templates[i % len(templates)].format(v=shown), "credit_card", f"card {name} sep={sep!r}"))
            i += 1
    out += [("test card 4111 1111 1111 1111", "credit_card", "card visa test"),
            ("Amex 3782 822463 10005 on file", "credit_card", "card amex 4-6-5"),
            ("MC 2223-0031-2200-3222 new range", "credit_card", "card mastercard 2-series"),
            ("Discover 6011 1111 1111 1117", "credit_card", "card discover test"),
            ("card 5555 5555 5555 4444 12/26 737", "credit_card", "card with expiry and cvv")]
    return out


# ------------------------------------------------------------------ clean
def clean_cases() -> list:
    out = []

    def add(text, note):
        out.append((text, "clean", note))

    for _ in range(12):
        add(f"Order #{digits(rng.choice([9, 10, 11]))} has shipped.", "order number")
        add(f"Invoice number {digits(rng.choice([9, 10]))} is overdue", "invoice number")
        add(f"Your order {digits(3)}-{digits(7)}-{digits(7)} arrives Tuesday", "order number 3-7-7")
        add(f"INV-{rng.randint(2019, 2026)}-{rng.randint(1, 99999):05d} paid", "invoice id")
    for _ in range(20):
        name, prefix, length = rng.choice([b for b in BRANDS if b[2] == 16])
        number = bad_luhn(card(prefix(), length))
        add(rng.choice(["Card {v} fails the checksum", "reference {v} on the statement", "ID {v}"]).format(
            v=rng.choice([number, group(number, " "), group(number, "-")])), f"card-like luhn fails ({name})")
    for _ in range(6):
        number = card(rng.choice(["1", "7", "8", "9", "0"]), 16)
        add(f"Account token {group(number, ' ')} (no issuer)", "luhn passes, no card issuer prefix")
    for a, g, s in [("000", "12", "3456"), ("666", "12", "3456"), ("900", "12", "3456"), ("987", "65", "4321"),
                    ("123", "00", "4567"), ("123", "45", "0000"), ("999", "99", "9999"), ("666", "01", "0001"),
                    ("000", "00", "0000"), ("950", "44", "1234")]:
        add(f"Test value {a}-{g}-{s} is not a real SSN", "ssn invalid range")
        add(f"SSN field placeholder {a}{g}{s}", "ssn invalid range bare")
    for _ in range(16):
        y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
        add(rng.choice([f"Meeting on {y}-{m:02d}-{d:02d} at 10:30", f"Due {m:02d}/{d:02d}/{y}", f"Born {d:02d}.{m:02d}.{y}",
                        f"{y}/{m:02d}/{d:02d} 14:22:05 backup done", f"from {m}/{d}/{y} to {m}/{d + 1}/{y}"]), "date")
    for v in ["v1.106.12", "Python 3.11.7", "release 2.14.0-rc.1", "build 20240315.1", "kernel 6.8.0-45-generic",
              "node 20.11.1", "chrome 124.0.6367.207", "version 10.0.19045.4291", "libssl 3.0.13", "api v2023-10-01"]:
        add(f"Upgrade to {v} before Monday", "version")
    for isbn13 in [isbn() for _ in range(8)]:
        add(rng.choice(["ISBN {h}", "isbn: {b}", "Book {h} is out of print"]).format(h=hyphen_isbn(isbn13), b=isbn13), "isbn-13")
    for _ in range(3):
        ten = isbn10()
        add(f"ISBN-10 {ten[0]}-{ten[1:4]}-{ten[4:9]}-{ten[9]}", "isbn-10")
    for _ in range(14):
        add(rng.choice([f"Total: ${rng.randint(1, 999)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}",
                        f"Revenue was USD {rng.randint(1, 999)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}",
                        f"EUR {rng.randint(1, 999)}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d},{rng.randint(0, 99):02d}",
                        f"balance {rng.randint(100000000, 999999999)}.{rng.randint(0, 99):02d} credits",
                        f"population {rng.randint(100, 999)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}"]), "amount")
    for _ in range(12):
        add(rng.choice([f"Server at {rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} is down",
                        f"allow {rng.randint(10, 192)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0/24 in the SG",
                        f"IPv6 2001:db8:{rng.randint(0, 65535):x}::{rng.randint(1, 65535):x} responds"]), "ip address")
    for _ in range(12):
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        add(rng.choice([f"request id {u}", f"trace={u}", f"Deleted object {str(u).upper()}"]), "uuid")
    add("correlation 12345678-1234-4234-8234-123456789012 logged", "uuid all digits")
    for _ in range(14):
        t = rng.randint(1500000000, 1899999999)
        add(rng.choice([f"epoch {t}", f"created_at={t}{rng.randint(100, 999)}", f"ts: {t}.{rng.randint(0, 999999)}",
                        f"2024-03-{rng.randint(10, 28)}T{rng.randint(10, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}Z started",
                        f"[2025-01-0{rng.randint(1, 9)} 0{rng.randint(1, 9)}:12:33,{rng.randint(100, 999)}] INFO worker ready"]), "timestamp")
    for _ in range(16):
        add(rng.choice([f"UPS tracking 1Z{''.join(rng.choice('0123456789ABCDEFGHJKLMNPRSTVWXYZ') for _ in range(16))}",
                        f"USPS {' '.join(digits(4, '9') for _ in range(5))} {digits(2)}",
                        f"USPS tracking {digits(22, '9')}", f"FedEx {digits(4, '7')} {digits(4)} {digits(4)}",
                        f"tracking number {digits(10)}", f"DHL waybill {digits(10)}", f"Track parcel {digits(12)}"]),
            "tracking number")
    for text in [
        "Call 911 if there is smoke", "dial 411 for directory help", "ZIP 94105-1234 is downtown", "zip code 941051234",
        "card ending in 4242 was charged", "Last four: 1234", "PIN 123456 expires in 5 minutes",
        "Part no. 123-4567-890 is backordered", 
        "use extension 555-0134 internally",
        "git clone git@github.com:acme/llm-gateway.git", "ssh into deploy@10.0.3.7", "Logo icon@2x.png is blurry",
        "Decorate with @app.route('/health')", "npm i @types/node@20.11.5", "Ping @maria on Slack",
        "write to us at support at example dot com", "user@localhost is the default", "image@sha256:9f86d081884c7d65",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "listen on port 4000 and 11434", "matrix 4 0 1 2 8 8 8 8 8 8 8 8 1 8 8 1 done", "phone numbers must have 10 digits",
        "Price list: 4111 units at 1111 each, 1111 more later", "The file is 412837465 bytes", "took 4155550132 ms",
        "Flight UA 1234 departs 09:45 from gate B12", "room 1203, floor 12, building 4", "Score 98-87 in overtime",
        "IBAN DE89 3704 0044 0532 0130 00", "routing number 021000021", "VIN 1HGCM82633A004352",
        "coordinates 37.7749, -122.4194", "Patient ID 482913775 scheduled", "case #4829137756 closed",
        "the ratio is 3.14159265358979", "Summarize the attached paragraph in three bullet points.",
        "Translate 'good morning' into French.", "What is the capital of Australia?",
        "Write a haiku about autumn leaves.", "Explain the difference between TCP and UDP.",
        "List five uses for baking soda.", "How do I reverse a list in Python?", "Draft a polite reminder about the meeting.",
        "Count from 1 to 20: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
        "The model llama3.2:3b runs on CPU", "Set max_tokens=4096 and temperature=0.7",
        "SELECT * FROM orders WHERE id = 123456789;", "HTTP 404 at /api/v1/users/4829137", "Chapter 3, section 4.2.1",
        "Call the function with args (1, 2, 3)", "The year 2024 had 366 days", "12:30-14:45 lunch break",
        "5551234 is too short to be a phone", "Serial SN 4829-1377-5612", "lot 20240315-0042 recalled",
        "Temperature 98.6F, pulse 72, bp 120/80", "Stock AAPL closed at 189.87", "Pi to 8 places: 3.14159265",
        "Hex color #4155550132 is invalid", "Coupon code SAVE20 applies", "Ticket #482913775 assigned to the team",
        "Your OTP is 482913", "build id 2024031512345", "Expected 10 digits, got 123-45-678", "version 1.2.3.4.5.6.7.8.9",
        "I need 3 tickets for the 7pm show on 12/14", "Our team grew from 12 to 45 people in 2023",
        "Reserve a table for 4 at 19:30", "The recipe needs 250 g flour and 2 eggs", "Train 4521 leaves platform 9",
        "Add 15% tip to 86.40", "Convert 72 F to Celsius", "Q3 revenue rose 14.2% to 3.1 billion",
        "Set the cron to 0 */6 * * *", "docker run -p 4000:4000 -p 11434:11434", "Timeout after 600 seconds",
        "chmod 755 deploy.sh", "Latitude 40.7128 N, longitude 74.0060 W", "MAC 00:1A:2B:3C:4D:5E",
        "sum([415, 555, 132])", 
        "Sales grew 4,155,550,132 units",
        "Bug #4155550 fixed in PR 8812", "Print 1234567890123 characters? no", "GTIN 00012345600012",
        "EAN 4006381333931 on the box", "UPC 036000291452 scanned", "our AWS account 123456789012",
        "Jira PROJ-4155 and PROJ-5550", "CVE-2024-3094 affects xz", "RFC 5322 defines email syntax",
        "Port range 49152-65535 is dynamic", "Model answered in 41.55 s", "Use the @ symbol to mention people",
        "Email addresses look like name at domain", "Phone numbers in the US have ten digits",
        "Credit cards use the Luhn checksum", "Social security numbers have nine digits",
    ]:
        add(text, "hard clean")
    return out


def isbn() -> str:
    body = "978" + "".join(rng.choice("0123456789") for _ in range(9))
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def hyphen_isbn(code: str) -> str:
    return f"{code[:3]}-{code[3]}-{code[4:7]}-{code[7:12]}-{code[12]}"


def isbn10() -> str:
    body = "".join(rng.choice("0123456789") for _ in range(9))
    check = sum((10 - i) * int(d) for i, d in enumerate(body)) % 11
    check = (11 - check) % 11
    return body + ("X" if check == 10 else str(check))


def build() -> str:
    rows = email_cases() + ssn_cases() + phone_cases() + card_cases()
    rows += clean_cases()
    # Once labelled clean: a number a person typed is personal data whether or not it is assignable,
    # and an international number is a phone number (issue 14).
    rows += [(text, "us_phone", "phone typed, unassignable or international") for text in (
        "Fake number (123) 456-7890 from a tutorial", "Area code 296 is not assigned: (296) 555-0134",
        "array indices 415 555 0132 and more", "tel prefix +44 20 7946 0958 is London",
        "German number +49 30 901820", "Paris office +33 1 42 68 53 00")]
    lines = [json.dumps({"text": text, "label": label, "note": note}, ensure_ascii=False) for text, label, note in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed corpus differs")
    args = parser.parse_args()
    text = build()
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("corpus is current" if same else "corpus differs from the generator")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
