"""Templates of the heldout12 set (scripts/make_heldout12.py): 50 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from
``fill``) and, in their place when a kind is absent, a substitute that is not PII. Every shape always carries
numbers that are not PII (look-alikes with their own check digits, ids, timestamps, amounts...)."""
import json
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(none given)", "N/A", "declined", "[redacted]", "see chart", "--", "unknown", "pending", "null"]


def shape(fn):
    SHAPES[fn.__name__] = fn
    return fn


def fill(g, kinds):
    """A person and the PII values for ``kinds``; details name the locale, phone country, SSN form, brand."""
    p = g.person()
    v, det = {}, [f"locale={p['locale']}"]
    if "email" in kinds:
        v["email"] = g.email(p)
    if "us_phone" in kinds:
        country, v["us_phone"] = g.phone(p)
        det.append(f"phone={country}")
    if "us_ssn" in kinds:
        v["us_ssn"], form = g.ssn()
        det.append(f"ssn={form}")
    if "credit_card" in kinds:
        v["credit_card"], brand = g.card()
        det.append(f"card={brand}")
    return p, v, " ".join(det)


def alt(g, v, kind):
    return v.get(kind) or g.r.choice(SUBSTITUTES)


def name(p):
    return f"{p['first']} {p['last']}"


MARKUP = ("**", "<b>", "</b>", "`", "\\")


def done(text, det, v):
    """Guard: every placed value is in the text (markup used to split a value removed)."""
    plain = text
    for m in MARKUP:
        plain = plain.replace(m, "")
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1].replace("\\", ""), urllib.parse.quote(value, safe="@"))
        assert any(form in plain for form in forms), (value, text)
    return text, det


def opt(v, kind, fmt):
    return fmt.format(v[kind]) if kind in v else ""


def split_bold(value):
    """A value split by markdown bold in the middle (what a chat renderer or a copy from a rich editor leaves)."""
    k = len(value) // 2
    return f"{value[:k]}**{value[k:]}**"


def _tlv(tag, value):
    return f"{tag}{len(value):02d}{value}"


@shape
def emv_qr(g, kinds):
    p, v, det = fill(g, kinds)
    merchant = _tlv("00", "com.example.pay") + _tlv("01", g.hexid(12).upper())
    payload = (_tlv("00", "01") + _tlv("01", "12") + _tlv("26", merchant) + _tlv("52", "5812") + _tlv("53", "840") +
               _tlv("54", f"{g.r.randint(1, 300)}.{g.r.randint(10, 99)}") + _tlv("58", "US") + _tlv("59", p["last"][:20]) +
               _tlv("60", p["city"][:15]) + "6304" + g.hexid(4).upper())
    text = f"decoded the QR on the table tent, is this payload well-formed?\n{payload}\n"
    if "us_phone" in v:
        text += f"tag 62 subtag 02 (mobile) should be {v['us_phone']} but the scanner drops it\n"
    if "email" in v:
        text += f"merchant support contact: {v['email']}\n"
    if "credit_card" in v:
        text += f"the test PAN I used to pay it: {v['credit_card']}\n"
    if "us_ssn" in v:
        text += f"merchant onboarding asked for owner SSN {v['us_ssn']}, normal?\n"
    return done(text + f"CRC reported {g.hexid(4).upper()}, terminal {g.imei()}", det, v)


@shape
def kubectl_events(g, kinds):
    p, v, det = fill(g, kinds)
    pod = f"checkout-{g.hexid(10)}-{g.hexid(5)}"
    rows = ["LAST SEEN   TYPE      REASON      OBJECT              MESSAGE",
            f"{g.r.randint(1, 59)}s         Normal    Pulled      pod/{pod}   Container image \"registry.local/checkout:{g.version()}\" already present",
            f"{g.r.randint(1, 9)}m          Warning   BackOff     pod/{pod}   Back-off restarting failed container"]
    msg = []
    if "email" in v:
        msg.append(f"smtp auth failed for {v['email']}")
    if "us_phone" in v:
        msg.append(f"sms to {v['us_phone']} rejected")
    if "credit_card" in v:
        msg.append(f"panic: test charge {v['credit_card']}")
    if "us_ssn" in v:
        msg.append(f"validation error ssn={v['us_ssn']}")
    if msg:
        rows.append(f"{g.r.randint(1, 9)}m          Warning   Failed      pod/{pod}   " + "; ".join(msg))
    rows.append(f"{g.r.randint(10, 59)}m         Normal    Scheduled   pod/{pod}   Successfully assigned prod/{pod} to ip-{g.ip().replace('.', '-')}.ec2.internal")
    return done("why does this keep crashlooping?\n" + "\n".join(rows), det, v)


@shape
def git_blame(g, kinds):
    p, v, det = fill(g, kinds)
    who = f"{p['last'][:10]:<10}"
    rows = [f"^{g.hexid(7)} ({who} 2024-0{g.r.randint(1, 9)}-1{g.r.randint(0, 9)} 10:2{g.r.randint(0, 9)}:11 +0200 {n}) {code}" for n, code in
            [(41, "def charge(order):"), (42, f"    assert order.total > 0, 'order {g.order_no()}'")]]
    if "credit_card" in v:
        rows.append(f"{g.hexid(8)} ({who} 2025-11-02 18:04:55 +0100 43)     TEST_CARD = \"{v['credit_card']}\"  # TODO remove")
    if "us_ssn" in v:
        rows.append(f"{g.hexid(8)} ({who} 2025-11-02 18:04:55 +0100 44)     FIXTURE_SSN = '{v['us_ssn']}'")
    if "email" in v:
        rows.append(f"{g.hexid(8)} ({who} 2025-11-03 09:12:01 +0100 45)     NOTIFY = ['{v['email']}']")
    if "us_phone" in v:
        rows.append(f"{g.hexid(8)} ({who} 2025-11-03 09:12:01 +0100 46)     SUPPORT_LINE = '{v['us_phone']}'")
    rows.append(f"{g.hexid(8)} ({who} 2026-01-0{g.r.randint(1, 9)} 14:00:00 +0000 47)     return gateway.capture(order.id, idem='{g.uuid()}')")
    return done("git blame -L41,47 billing/charge.py — who added these lines?\n" + "\n".join(rows), det, v)


@shape
def hexdump_debug(g, kinds):
    p, v, det = fill(g, kinds)
    lines = []
    for off in range(3):
        raw = bytes(g.r.choice([b for b in range(256) if b != 64]) for _ in range(16))  # no "@" column noise
        asc = "".join(chr(b) if 32 <= b < 127 else "." for b in raw)
        lines.append(f"{off * 16:08x}  {raw[:8].hex(' ')}  {raw[8:].hex(' ')}  |{asc}|")
    fields = [f"field[{i}]='{val}'" for i, val in enumerate([v.get("email"), v.get("us_phone"), v.get("us_ssn"), v.get("credit_card")]) if val]
    text = (f"parser chokes on this record (crc32 {g.hexid(8)}):\n" + "\n".join(lines) + "\n")
    text += "decoded: " + (", ".join(fields) if fields else f"field[0]='{g.uuid()}'") + f"\nframe len {g.r.randint(48, 512)} seq {g.epoch()}"
    return done(text, det, v)


@shape
def postman_collection(g, kinds):
    p, v, det = fill(g, kinds)
    body = {"name": name(p), "locale": p["locale"]}
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "taxId"), ("credit_card", "pan")):
        if k in v:
            body[key] = v[k]
    item = {"info": {"_postman_id": g.uuid(), "name": "KYC API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Create applicant", "request": {"method": "POST", "header": [{"key": "X-Request-Id", "value": g.uuid()}],
                      "body": {"mode": "raw", "raw": json.dumps(body, ensure_ascii=False)}, "url": "{{baseUrl}}/v2/applicants"}}]}
    return done(json.dumps(item, ensure_ascii=False), det, v)


@shape
def har_entry(g, kinds):
    p, v, det = fill(g, kinds)
    qs = [{"name": "utm_source", "value": "newsletter"}, {"name": "cid", "value": g.epoch_ms()}]
    if "email" in v:
        qs.append({"name": "email", "value": v["email"]})
    post = {"mimeType": "application/json", "text": json.dumps({k: v[k] for k in ("us_phone", "us_ssn", "credit_card") if k in v} or {"sku": g.gtin()}, ensure_ascii=False)}
    entry = {"startedDateTime": g.iso_time(), "time": round(g.r.uniform(20, 900), 3), "request": {"method": "POST",
             "url": f"https://shop.example.test/api/cart?cid={qs[1]['value']}", "queryString": qs, "postData": post},
             "response": {"status": 200, "headers": [{"name": "etag", "value": f'W/"{g.hexid(16)}"'}]}, "serverIPAddress": g.ip()}
    return done(json.dumps({"log": {"version": "1.2", "entries": [entry]}}, ensure_ascii=False), det, v)


@shape
def compose_env(g, kinds):
    p, v, det = fill(g, kinds)
    envs = [f"      - TZ=Europe/{g.r.choice(['Berlin', 'Madrid', 'Paris'])}", f"      - BUILD_SHA={g.hexid(40)}", f"      - REDIS_URL=redis://{g.ip()}:6379/0"]
    envs += [f"      - {k}={v[kk]}" for kk, k in (("email", "ADMIN_EMAIL"), ("us_phone", "TWILIO_TO"), ("us_ssn", "SEED_SSN"), ("credit_card", "TEST_PAN")) if kk in v]
    text = ("services:\n  app:\n    image: ghcr.io/example/app:" + g.version() + "\n    ports:\n      - \"8080:8080\"\n    environment:\n" + "\n".join(envs) +
            f"\n    healthcheck:\n      interval: {g.r.randint(5, 60)}s")
    return done("docker compose up says 'invalid interpolation', file below\n" + text, det, v)


@shape
def plist_xml(g, kinds):
    p, v, det = fill(g, kinds)
    items = [("CFBundleIdentifier", "com.example.wallet"), ("CFBundleVersion", g.version()), ("DeviceIMEI", g.imei())]
    items += [(k, v[kk]) for kk, k in (("email", "SupportEmail"), ("us_phone", "SupportPhone"), ("us_ssn", "DebugSSN"), ("credit_card", "DebugCard")) if kk in v]
    body = "\n".join(f"\t<key>{k}</key>\n\t<string>{val}</string>" for k, val in items)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            f'<plist version="1.0">\n<dict>\n{body}\n</dict>\n</plist>')
    return done("Xcode rejects Info.plist:\n" + text, det, v)


@shape
def meeting_invite_body(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"________________________________________________________________________________\nMicrosoft Teams meeting\nJoin on your computer or mobile app\n"
            f"Meeting ID: {g.r.randint(100, 999)} {g.r.randint(100, 999)} {g.r.randint(100, 999)} {g.r.randint(100, 999)}\nPasscode: {g.hexid(6)}\n")
    text += opt(v, "us_phone", "Dial in by phone\n{},,{}# United States\n".replace("{}#", str(g.r.randint(10**8, 10**9)) + "#"))
    text += f"Phone conference ID: {g.r.randint(100, 999)} {g.r.randint(100, 999)} {g.r.randint(100, 999)}#\n"
    text += opt(v, "email", "Organizer: {}\n") + opt(v, "us_ssn", "HR note: bring SSN card ({}) for I-9\n") + opt(v, "credit_card", "Catering charged to {}\n")
    return done(text + f"Learn More | Meeting options | {g.uuid()}\n________________________________________________________________________________", det, v)


@shape
def sublet_agreement(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"SUBLEASE AGREEMENT\n1. Parties. {name(p)} (\"Sublessor\") and the undersigned Sublessee agree as follows.\n"
            f"2. Premises. Unit {g.r.randint(1, 40)}{g.r.choice('ABCD')}, {p['street']}, {p['city']} {p['zip']}.\n"
            f"3. Rent. {g.amount()} per month, due on the {g.r.randint(1, 5)}th; deposit to {g.iban()}.\n4. Notices.")
    text += opt(v, "email", " By e-mail to {}.") + opt(v, "us_phone", " Urgent matters: {}.")
    text += opt(v, "us_ssn", "\n5. Credit check. Sublessee SSN {}.") + opt(v, "credit_card", "\n6. Autopay card {}.")
    return done(text + f"\nInitials: ____  Lease ref {g.order_no()}", det, v)


@shape
def insurance_card_ocr(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"BlueShield PPO\nMember: {name(p).upper()}\nID: {g.hexid(3).upper()}{g.r.randint(10**8, 10**9)}   Group: {g.r.randint(10**5, 10**6)}\n"
            f"RxBIN {g.r.randint(100000, 999999)}  RxPCN {g.hexid(4).upper()}  RxGrp {g.hexid(5).upper()}\nPCP copay $25 / ER $250\n")
    text += f"Member services: {v['us_phone']}\n" if "us_phone" in v else f"Member services: see back of card\n"
    text += opt(v, "email", "portal login {}\n") + opt(v, "us_ssn", "Subscriber SSN {}\n") + opt(v, "credit_card", "HSA card {}\n")
    return done("front and back of my insurance card (scanned), which is the member id?\n" + text + f"Issued {g.date()}", det, v)


@shape
def marketplace_chat(g, kinds):
    p, v, det = fill(g, kinds)
    text = f"{p['first']}: is the bike still available? listing {g.r.randint(10**14, 10**15)}\nSeller: yes, {g.amount()} firm\n"
    text += opt(v, "us_phone", "{}: text me {}\n".replace("{}: ", f"{p['first']}: ", 1))
    text += opt(v, "email", "Seller: send the zelle to {}\n") + opt(v, "credit_card", f"{p['first']}: can I just give you my card {{}}?\n")
    text += opt(v, "us_ssn", "Seller: for the escrow thing they asked my ssn {} lol\n")
    return done(text + f"Seller: pickup at {g.coords()} after 6, or I ship it (label {g.tracking()})", det, v)


@shape
def pr_description(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"## Summary\nFix masking of PII in the export job (closes #{g.r.randint(100, 9999)}).\n\n## Repro\nRan `make export` on commit {g.hexid(40)}; "
            f"the CSV still had:\n")
    text += opt(v, "us_ssn", "- `{}` in column ssn\n") + opt(v, "credit_card", "- {} in column pan\n")
    text += opt(v, "email", "- {} in `contact`\n") + opt(v, "us_phone", "- {} in `phone`\n")
    text += f"\n## Checklist\n- [x] tests\n- [ ] changelog ({g.version()})\n\nCo-authored-by: {name(p)}"
    return done(text, det, v)


@shape
def so_question(g, kinds):
    p, v, det = fill(g, kinds)
    sample = "\n".join(f"    {v[k]}" for k in ("email", "us_phone", "us_ssn", "credit_card") if k in v) or f"    {g.uuid()}\n    {g.gtin()}"
    text = (f"Regex to validate input works in Python but not in JS\n\nI have these sample strings:\n\n{sample}\n    {g.ip()}\n\n"
            f"and `re.fullmatch(pattern, s)` returns None for the last one. Python {g.version()}, node {g.version()}.\n"
            f"asked {g.date()} · viewed {g.r.randint(10, 9000)} times")
    return done(text, det, v)


@shape
def java_log(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"{g.iso_time()} INFO  [http-nio-8080-exec-{g.r.randint(1, 20)}] c.e.o.OrderController - order={g.order_no()} traceId={g.hexid(32)}"]
    for k, tag in (("email", "customer.email"), ("us_phone", "customer.phone"), ("us_ssn", "kyc.ssn"), ("credit_card", "payment.pan")):
        if k in v:
            rows.append(f"{g.iso_time()} DEBUG [http-nio-8080-exec-{g.r.randint(1, 20)}] c.e.o.OrderMapper - {tag}={v[k]}")
    rows.append(f"{g.iso_time()} WARN  [pool-2-thread-1] o.h.e.j.s.SqlExceptionHelper - SQL Error: 0, SQLState: 23505 key=({g.gtin()})")
    return done("\n".join(rows), det, v)


@shape
def rails_fixture(g, kinds):
    p, v, det = fill(g, kinds)
    key = p["first"].lower().replace(" ", "_")
    text = f"# test/fixtures/users.yml\n{key}_{g.r.randint(1, 99)}:\n  id: {g.r.randint(1, 10**6)}\n  name: {name(p)}\n"
    text += opt(v, "email", "  email: {}\n") + opt(v, "us_phone", '  phone: "{}"\n') + opt(v, "us_ssn", '  ssn: "{}"\n') + opt(v, "credit_card", '  card: "{}"\n')
    text += f"  confirmed_at: <%= {g.r.randint(1, 30)}.days.ago %>\n  api_token: {g.hexid(32)}"
    return done("ActiveRecord::Fixture::FormatError on this fixture:\n" + text, det, v)


@shape
def beancount_ledger(g, kinds):
    p, v, det = fill(g, kinds)
    d = f"2025-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}"
    text = (f'{d} * "{p["last"]}" "Rent {p["city"]}"\n  ref: "{g.order_no()}"\n')
    text += opt(v, "credit_card", '  card: "{}"\n') + opt(v, "email", '  payee-email: "{}"\n') + opt(v, "us_phone", '  payee-phone: "{}"\n')
    text += opt(v, "us_ssn", '  tax-id: "{}"\n')
    text += f"  Expenses:Housing:Rent   {g.r.randint(300, 3000)}.00 EUR\n  Assets:Bank:Checking  ; {g.iban()}\n"
    return done("bean-check says 'unbalanced', what am I missing?\n" + text, det, v)


@shape
def fixed_width_record(g, kinds):
    p, v, det = fill(g, kinds)
    rec = (f"{'01':<2}{p['last'][:15].upper():<15}{p['first'][:12].upper():<12}{g.date():<10}{digits(v.get('us_ssn')) or '000000000':<11}"
           f"{g.aba():<9}{g.r.randint(10**9, 10**10):<12}{g.r.randint(100, 99999):>9}")
    extra = opt(v, "us_ssn", "\n(the SSN column above is {} with the dashes stripped)")
    extra += opt(v, "us_phone", "\nPHONE-FIELD {}") + opt(v, "email", "\nEMAIL-FIELD {}") + opt(v, "credit_card", "\nCARD-FIELD {}")
    return done("COBOL copybook layout PIC X(15)... record from the mainframe:\n" + rec + extra, det, v)


def digits(value):
    return "".join(c for c in value if c.isdigit()) if value else ""


@shape
def w9_request(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"Hi {p['first']},\nTo release the payment of {g.amount()} we need a W-9. Part I — Taxpayer Identification Number:\n"
            f"Social security number: {v.get('us_ssn', '[ ][ ][ ]-[ ][ ]-[ ][ ][ ][ ]')}\nEmployer identification number: {g.ein()}\n")
    text += opt(v, "email", "Return it to {} ") + opt(v, "us_phone", "or fax/call {}")
    text += opt(v, "credit_card", "\nP.S. the card you gave for fees: {}")
    return done(text + f"\nVendor # {g.r.randint(10**5, 10**6)}, PO {g.order_no()}", det, v)


@shape
def zpl_label(g, kinds):
    p, v, det = fill(g, kinds)
    lines = ["^XA", f"^FO50,50^A0N,40,40^FD{name(p)}^FS", f"^FO50,100^A0N,30,30^FD{p['street']}^FS", f"^FO50,140^A0N,30,30^FD{p['city']} {p['zip']}^FS"]
    lines += [f"^FO50,{180 + 40 * i}^A0N,25,25^FD{v[k]}^FS" for i, k in enumerate(k for k in ("us_phone", "email", "us_ssn", "credit_card") if k in v)]
    lines += [f"^FO50,400^BCN,100,Y,N,N^FD>;{g.sscc()}^FS", f"^FO400,50^BQN,2,4^FDQA,{g.tracking()}^FS", "^XZ"]
    return done("Zebra printer prints this label blank, ZPL below\n" + "\n".join(lines), det, v)


@shape
def ndef_dump(g, kinds):
    p, v, det = fill(g, kinds)
    recs = [f"  record 0: TNF=well-known type=U uri=https://example.test/t/{g.hexid(10)}"]
    if "us_phone" in v:
        recs.append(f"  record 1: TNF=well-known type=U uri=tel:{v['us_phone']}")
    if "email" in v:
        recs.append(f"  record 2: TNF=well-known type=U uri=mailto:{v['email']}")
    if "us_ssn" in v or "credit_card" in v:
        recs.append("  record 3: TNF=well-known type=T lang=en text=" + opt(v, "us_ssn", "ssn {} ") + opt(v, "credit_card", "pan {}"))
    text = (f"NFC tag UID {':'.join(g.hexid(2).upper() for _ in range(7))} (NTAG215, {g.r.randint(100, 504)} bytes)\nNDEF message:\n" + "\n".join(recs) +
            f"\nlock bytes 0x{g.hexid(4)}  read at {g.iso_time()}")
    return done("reading my business-card NFC tag, why does record 1 not open?\n" + text, det, v)


@shape
def airbnb_message(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"Reservation {g.hexid(10).upper()} · {g.date()} – {g.date()} · {g.r.randint(1, 6)} guests\n{p['first']} (guest): "
            f"Hi! Arriving around {g.r.randint(13, 23)}:00 from {p['city']}.")
    text += opt(v, "us_phone", " WhatsApp me at {} for the door code.") + opt(v, "email", " Invoice to {} please.")
    text += opt(v, "credit_card", " The app fails, can I pay with {} directly?") + opt(v, "us_ssn", " Your form asks for ssn, it is {}.")
    return done(text + f"\nHost: Welcome! Lockbox at {g.coords()}, wifi pass {g.hexid(10)}", det, v)


@shape
def dicom_header_dump(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["# Dicom-Meta-Information-Header", f"(0002,0003) UI [1.2.840.{g.r.randint(10**5, 10**6)}.{g.r.randint(1, 9)}.{g.epoch()}]  # MediaStorageSOPInstanceUID",
            f"(0008,0020) DA [{g.r.randint(2015, 2026)}{g.r.randint(1, 12):02d}{g.r.randint(1, 28):02d}]  # StudyDate",
            f"(0010,0010) PN [{p['last']}^{p['first']}]  # PatientName", f"(0010,0020) LO [MRN{g.r.randint(10**6, 10**7)}]  # PatientID", f"(0008,0096) SQ [NPI {g.npi()}]  # ReferringPhysicianIdentificationSequence"]
    if "us_ssn" in v:
        rows.append(f"(0010,1000) LO [{v['us_ssn']}]  # OtherPatientIDs")
    if "us_phone" in v:
        rows.append(f"(0010,2154) SH [{v['us_phone']}]  # PatientTelephoneNumbers")
    if "email" in v:
        rows.append(f"(0008,0092) ST [{v['email']}]  # ReferringPhysicianAddress")
    if "credit_card" in v:
        rows.append(f"(0010,4000) LT [self-pay card {v['credit_card']}]  # PatientComments")
    rows.append(f"(0020,000d) UI [1.3.6.1.4.1.{g.r.randint(10**4, 10**5)}.{g.epoch_ms()}]  # StudyInstanceUID")
    return done("dcmdump before I anonymise — which tags still need blanking?\n" + "\n".join(rows), det, v)


@shape
def cloudevents_json(g, kinds):
    p, v, det = fill(g, kinds)
    data = {"customerName": name(p), "plan": g.r.choice(["pro", "team"]), "amount": g.amount(), "payoutWallet": g.btc(),
            "cardHint": g.masked_card()}
    for k, key in (("email", "contactEmail"), ("us_phone", "contactPhone"), ("us_ssn", "taxpayerId"), ("credit_card", "cardNumber")):
        if k in v:
            data[key] = v[k]
    ev = {"specversion": "1.0", "type": "com.example.billing.subscription.created", "source": f"/billing/{g.hexid(8)}",
          "id": g.uuid(), "time": g.iso_time(), "datacontenttype": "application/json", "data": data}
    return done("our consumer rejects this CloudEvent, schema issue?\n" + json.dumps(ev, ensure_ascii=False, indent=2), det, v)


@shape
def fix_protocol_msg(g, kinds):
    p, v, det = fill(g, kinds)
    tags = [("8", "FIX.4.4"), ("35", "D"), ("49", "BUYSIDE"), ("56", "BROKER"), ("34", str(g.r.randint(1, 9999))),
            ("52", f"2026{g.r.randint(1000, 1231)}-{g.r.randint(10, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}"),
            ("11", g.hexid(12).upper()), ("55", g.r.choice(["AAPL", "SAP", "7203"])), ("54", "1"), ("38", str(g.r.randint(1, 5000))), ("40", "2"),
            ("44", f"{g.r.randint(10, 900)}.{g.r.randint(10, 99)}")]
    notes = [f"client {v[k]}" for k in ("email", "us_phone") if k in v] + [f"kyc {v['us_ssn']}" for _ in [0] if "us_ssn" in v]
    notes += [f"fees to {v['credit_card']}" for _ in [0] if "credit_card" in v]
    if notes:
        tags.append(("58", "; ".join(notes)))
    tags.append(("10", f"{g.r.randint(0, 255):03d}"))
    return done("broker says tag 58 too long, raw NewOrderSingle:\n" + "|".join(f"{t}={x}" for t, x in tags) + "|", det, v)


@shape
def mutt_alias(g, kinds):
    p, v, det = fill(g, kinds)
    nick = p["last"].lower().replace(" ", "")[:8] or "contact"
    lines = ["# ~/.mutt/aliases", f"alias team-ops ops-list (distribution, {g.r.randint(3, 40)} members)"]
    lines.append(f"alias {nick} {name(p)} <{v['email']}>" if "email" in v else f"alias {nick} {name(p)} (address not set)")
    lines += [f"# {k}: {v[kk]}" for kk, k in (("us_phone", "phone"), ("us_ssn", "ssn for payroll"), ("credit_card", "card for the shared account")) if kk in v]
    lines.append(f"set signature=~/.sig-{g.hexid(6)}  # pgp key {g.hexid(40).upper()}")
    return done("why does mutt say 'bad alias'?\n" + "\n".join(lines), det, v)


@shape
def php_var_dump(g, kinds):
    p, v, det = fill(g, kinds)
    items = [("id", f"int({g.r.randint(1, 10**6)})"), ("name", f'string({len(name(p).encode())}) "{name(p)}"')]
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "cc")):
        if k in v:
            items.append((key, f'string({len(v[k].encode())}) "{v[k]}"'))
    items.append(("token", f'string(40) "{g.hexid(40)}"'))
    body = "\n".join(f'  ["{k}"]=>\n  {x}' for k, x in items)
    return done(f"var_dump($_POST) gives this, why is csrf missing?\narray({len(items)}) {{\n{body}\n}}", det, v)


@shape
def asciidoc_table(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"|Name |{name(p)}", f"|City |{p['city']}"]
    rows += [f"|{label} |{split_bold(v[k]) if k == 'us_phone' else v[k]}" for k, label in
             (("email", "E-mail"), ("us_phone", "Phone"), ("us_ssn", "SSN"), ("credit_card", "Card")) if k in v]
    rows += [f"|Ticket |{g.order_no()}", f"|ISBN of manual |{g.isbn()}"]
    return done('asciidoctor renders this table wrong:\n[cols="1,3",options="header"]\n|===\n|Field |Value\n' + "\n".join(rows) + "\n|===", det, v)


@shape
def systemd_unit(g, kinds):
    p, v, det = fill(g, kinds)
    envs = [f'Environment="RELEASE={g.version()}"', f'Environment="LISTEN={g.ip()}:{g.r.randint(1024, 65000)}"']
    envs += [f'Environment="{k}={v[kk]}"' for kk, k in (("email", "ALERT_MAIL"), ("us_phone", "ALERT_SMS"), ("us_ssn", "SEED_SSN"), ("credit_card", "QA_PAN")) if kk in v]
    text = ("[Unit]\nDescription=Invoice worker\nAfter=network-online.target\n\n[Service]\nUser=invoice\n" + "\n".join(envs) +
            f"\nExecStart=/opt/invoice/bin/worker --shard {g.r.randint(0, 63)}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target")
    return done("systemctl status shows 'bad unit file setting', file:\n" + text, det, v)


@shape
def rust_panic(g, kinds):
    p, v, det = fill(g, kinds)
    fields = ", ".join(f'{k}: "{v[kk]}"' for kk, k in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "card")) if kk in v)
    fields = fields or f"id: {g.r.randint(1, 10**6)}"
    text = (f"thread 'tokio-runtime-worker' panicked at src/billing.rs:{g.r.randint(10, 400)}:{g.r.randint(5, 40)}:\n"
            f"called `Result::unwrap()` on an `Err` value: Validation(Customer {{ {fields} }})\n"
            f"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n[{g.iso_time()} ERROR worker] job {g.uuid()} aborted")
    return done(text, det, v)


@shape
def notary_journal_entry(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"NOTARY JOURNAL — entry {g.r.randint(100, 9999)}\nDate/time: {g.date()} {g.r.randint(9, 17)}:{g.r.randint(10, 59)}\n"
            f"Document: {g.r.choice(['Grant deed', 'Affidavit', 'POA'])}, {g.r.randint(1, 30)} pp.\nSigner: {name(p)}, {p['street']}, {p['city']}\n"
            f"ID presented: DL {g.hexid(2).upper()}{g.r.randint(10**6, 10**7)} exp {g.date()}\nFee: {g.amount()}\n")
    text += opt(v, "us_phone", "Signer phone: {}\n") + opt(v, "email", "Signer email: {}\n") + opt(v, "us_ssn", "(signer wrote SSN {} in margin)\n")
    text += opt(v, "credit_card", "Fee paid card {}\n")
    return done(text + f"Thumbprint: yes  Seal no. {g.r.randint(10**6, 10**8)}", det, v)


@shape
def feature_flag_context(g, kinds):
    p, v, det = fill(g, kinds)
    ctx = {"kind": "multi", "user": {"key": g.uuid(), "name": name(p), "country": p["locale"], "_meta": {"privateAttributes": ["email"]}},
           "device": {"key": g.imei(), "os": g.r.choice(["iOS 17.4", "Android 14"])}}
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn_last_lookup"), ("credit_card", "card_on_file")):
        if k in v:
            ctx["user"][key] = v[k]
    return done(f"flag 'new-checkout' evaluates false for this context, why?\n{json.dumps(ctx, ensure_ascii=False)}\nsdk {g.version()}", det, v)


@shape
def cqlsh_select(g, kinds):
    p, v, det = fill(g, kinds)
    cols = ["user_id", "name"] + [c for k, c in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "pan")) if k in v] + ["created"]
    vals = [g.uuid(), name(p)] + [v[k] for k in ("email", "us_phone", "us_ssn", "credit_card") if k in v] + [g.iso_time()]
    text = (f"cqlsh:shop> SELECT {', '.join(cols)} FROM users WHERE user_id = {vals[0]};\n\n " + " | ".join(cols) + "\n" +
            "-" * 60 + "\n " + " | ".join(vals) + f"\n\n(1 rows)\n\nTracing session: {g.uuid()}")
    return done(text, det, v)


@shape
def potluck_signup_sheet(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"Block party potluck — sign up!\n1. {p['first']} — lasagna (serves {g.r.randint(6, 20)})\n2. (open) — drinks\n")
    text += opt(v, "us_phone", "   text {} if you're bringing chairs\n") + opt(v, "email", "   photos go to {}\n")
    text += opt(v, "credit_card", "   I paid the tent rental on my card {}, venmo me back\n") + opt(v, "us_ssn", "   (permit form asked for organizer SSN: {})\n")
    return done(text + f"Permit #{g.r.randint(10**5, 10**6)}, street closure {g.coords()}, budget {g.amount()}", det, v)


@shape
def mattermost_webhook(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"#### Deploy {g.version()} finished", f"| build | {g.hexid(7)} |", f"requested by {name(p)}"]
    lines += [f"{label}: {split_bold(v[k]) if k == 'credit_card' else v[k]}" for k, label in
              (("email", "contact"), ("us_phone", "on-call"), ("us_ssn", "ssn in failing fixture"), ("credit_card", "card in failing fixture")) if k in v]
    payload = {"channel": "town-square", "username": "deploybot", "icon_emoji": ":rocket:", "text": "\n".join(lines),
               "props": {"card": f"run {g.r.randint(10**5, 10**7)} took {g.r.randint(30, 900)}s"}}
    return done(f"curl -X POST -H 'Content-Type: application/json' -d '{json.dumps(payload, ensure_ascii=False)}' $MM_HOOK", det, v)


@shape
def gitconfig_user(g, kinds):
    p, v, det = fill(g, kinds)
    text = f"[user]\n\tname = {name(p)}\n"
    text += f"\temail = {v['email']}\n" if "email" in v else "\t# email set per repo\n"
    text += f"\tsigningkey = {g.hexid(16).upper()}\n[core]\n\teditor = vim\n[sendemail]\n\tsmtpserverport = 587\n"
    text += opt(v, "us_phone", "# 2FA backup number {}\n") + opt(v, "us_ssn", "# note to self, HR form: {}\n") + opt(v, "credit_card", "# github sponsors card {}\n")
    return done("git commit says 'Author identity unknown' even with this ~/.gitconfig:\n" + text + f"[includeIf \"gitdir:~/work/\"]\n\tpath = ~/.gitconfig-{g.hexid(4)}", det, v)


@shape
def access_db_report(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"rptMembers                                       Page {g.r.randint(1, 40)} of {g.r.randint(41, 90)}\n"
            f"Member No:   {g.r.randint(10**4, 10**5)}          Joined: {g.date()}\nName:        {name(p)}\nAddress:     {p['street']}, {p['city']}\n"
            f"Home phone:  {alt(g, v, 'us_phone')}\nE-mail:      {alt(g, v, 'email')}\n")
    text += opt(v, "us_ssn", "SSN:         {}\n") + opt(v, "credit_card", "Dues card:   {}\n")
    return done("printed from our old Access database, can you turn it into columns?\n" + text + f"Dues paid:   {g.amount()}   Printed {g.date()}", det, v)


@shape
def usenet_post(g, kinds):
    p, v, det = fill(g, kinds)
    frm = f"{v['email']} ({name(p)})" if "email" in v else f"{name(p)} <see .sig>"
    text = (f"Path: news.example.net!feeder.{g.hexid(4)}!not-for-mail\nFrom: {frm}\nNewsgroups: comp.lang.python,alt.test\nSubject: Re: parsing phone numbers\n"
            f"Message-ID: {g.msgid()}\nLines: {g.r.randint(5, 60)}\n\nOn {g.date()} someone wrote:\n> what about extensions?\n\n")
    text += opt(v, "us_phone", "Here is mine as a test case: {}\n") + opt(v, "us_ssn", "> > and ssn-like ones: {}\n") + opt(v, "credit_card", "> > > or card ones {}\n")
    return done(text + f"-- \nposted via slrn {g.version()}", det, v)


@shape
def sepa_pain001_xml(g, kinds):
    p, v, det = fill(g, kinds)
    info = "; ".join([f"Ref {g.order_no()}"] + [v[k] for k in ("email", "us_phone") if k in v] + [f"SSN {v['us_ssn']}" for _ in [0] if "us_ssn" in v]
                     + [f"card {v['credit_card']}" for _ in [0] if "credit_card" in v])
    text = (f"<CstmrCdtTrfInitn><GrpHdr><MsgId>{g.hexid(16).upper()}</MsgId><CreDtTm>{g.iso_time()}</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>\n"
            f"<PmtInf><DbtrAcct><Id><IBAN>{g.iban().replace(' ', '')}</IBAN></Id></DbtrAcct>\n<CdtTrfTxInf><Amt><InstdAmt Ccy=\"EUR\">{g.r.randint(10, 9000)}.{g.r.randint(10, 99)}</InstdAmt></Amt>"
            f"<Cdtr><Nm>{name(p)}</Nm></Cdtr><CdtrAcct><Id><IBAN>{g.iban().replace(' ', '')}</IBAN></Id></CdtrAcct>\n<RmtInf><Ustrd>{info}</Ustrd></RmtInf></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn>")
    return done("bank rejects our pain.001 with 'invalid Ustrd', snippet:\n" + text, det, v)


@shape
def atm_journal(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"*{g.r.randint(100, 999)}*{g.date()}*{g.r.randint(10, 23)}:{g.r.randint(10, 59)}*", "     *TRANSACTION START*",
            f" CARD INSERTED   {v.get('credit_card', g.masked_card())}", f" PIN ENTERED", f" WITHDRAWAL {g.amount()}  TSN {g.r.randint(1000, 9999)}",
            f" DEVICE {g.hexid(8).upper()}  RESP 000  STAN {g.r.randint(10**5, 10**6)}"]
    rows += [f" NOTE: {label} {v[k]}" for k, label in (("us_phone", "customer called from"), ("email", "receipt emailed to"), ("us_ssn", "branch verified SSN")) if k in v]
    rows.append("     *TRANSACTION END*")
    return done("dispute: customer says no cash came out, EJ extract:\n" + "\n".join(rows), det, v)


@shape
def kindle_clippings(g, kinds):
    p, v, det = fill(g, kinds)
    book = g.r.choice(["Atomic Habits (James Clear)", "Der Process (Kafka, Franz)", "百年孤独 (加西亚·马尔克斯)"])
    entries = [f"{book}\n- Your Highlight on page {g.r.randint(1, 300)} | Location {g.r.randint(100, 5000)}-{g.r.randint(5001, 6000)} | Added on {g.date()}\n\n"
               f"You do not rise to the level of your goals.\n=========="]
    notes = [v[k] for k in ("us_phone", "email", "us_ssn", "credit_card") if k in v]
    if notes:
        entries.append(f"{book}\n- Your Note on page {g.r.randint(1, 300)} | Added on {g.date()}\n\n{' / '.join(notes)}  (wrote this down, don't lose)\n==========")
    return done("My Clippings.txt — make a study summary:\n" + "\n".join(entries) + f"\nISBN {g.isbn()} ASIN B0{g.hexid(8).upper()}", det, v)


@shape
def blood_donor_card(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"DONOR CARD · {name(p)} · Blood group {g.r.choice(['O+', 'A-', 'B+', 'AB+'])}\nDonor ID {g.hexid(2).upper()}{g.r.randint(10**6, 10**7)}  Donations: {g.r.randint(1, 60)}\n"
            f"Last: {g.date()} (whole blood, Hb {g.r.randint(120, 170) / 10} g/dL)\nUnit barcode (ISBT 128): =W{g.r.randint(1000, 9999)}{g.r.randint(10, 26)}{g.r.randint(10**5, 10**6)}\n")
    text += opt(v, "us_phone", "Reminder SMS: {}\n") + opt(v, "email", "E-news: {}\n") + opt(v, "us_ssn", "Registry SSN: {}\n") + opt(v, "credit_card", "Parking paid with {}\n")
    return done(text + f"Centre {p['city']} · next eligible {g.date()}", det, v)


@shape
def pulumi_preview(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["Previewing update (prod)", "", "     Type                       Name            Plan       Info",
            f" ~   aws:lambda:Function        notifier        update     [diff: ~environment]", f" +   aws:sns:Topic              alerts-{g.hexid(4)}    create"]
    envs = [f"       + {k}: \"{v[kk]}\"" for kk, k in (("email", "ALERT_EMAIL"), ("us_phone", "ALERT_PHONE"), ("us_ssn", "TEST_SSN"), ("credit_card", "TEST_CARD")) if kk in v]
    rows += ["", "Diff for notifier:", "     ~ environment: {", f"       ~ RELEASE: \"{g.version()}\" => \"{g.version()}\""] + envs + ["       }"]
    rows.append(f"\nResources:\n    + 1 to create\n    ~ 1 to update\n    {g.r.randint(3, 90)} unchanged   (stack version {g.r.randint(10, 999)}, {g.uuid()})")
    return done("\n".join(rows), det, v)


@shape
def r_console_output(g, kinds):
    p, v, det = fill(g, kinds)
    cols = [("id", "int", str(g.r.randint(1, 9999))), ("name", "chr", f'"{name(p)}"')]
    cols += [(c, "chr", f'"{v[k]}"') for k, c in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "card")) if k in v]
    cols.append(("score", "num", f"{g.r.random():.3f}"))
    body = "\n".join(f" $ {c:<6}: {t}  {x} ..." for c, t, x in cols)
    return done(f"> str(df[1, ])\n'data.frame':\t1 obs. of  {len(cols)} variables:\n{body}\n> nrow(df)\n[1] {g.r.randint(100, 90000)}\n> set.seed({g.r.randint(1, 999)})", det, v)


@shape
def imessage_sqlite_row(g, kinds):
    p, v, det = fill(g, kinds)
    handle = v.get("us_phone") or v.get("email") or f"chat{g.r.randint(10**17, 10**18)}"
    body = "ok see u" + opt(v, "us_ssn", " — btw my ssn for the lease app is {}") + opt(v, "credit_card", " and card {}")
    if "us_phone" in v and "email" in v:
        body += f" (my apple id is {v['email']})"
    text = (f"sqlite> SELECT m.ROWID, h.id, m.date, m.text FROM message m JOIN handle h ON m.handle_id=h.ROWID LIMIT 1;\n"
            f"{g.r.randint(1000, 99999)}|{handle}|{g.r.randint(6 * 10**17, 8 * 10**17)}|{body}\nsqlite> -- date is ns since 2001-01-01, guid {g.uuid().upper()}")
    return done(text, det, v)


@shape
def unemployment_claim_confirmation(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"Your weekly certification was received.\nConfirmation number: {g.r.randint(10**9, 10**10)}\nClaimant: {name(p)}\n"
            f"Claimant ID / SSN: {v.get('us_ssn', g.masked_ssn())}\nWeek ending: {g.date()}   Weekly benefit amount: {g.amount()}\n")
    text += opt(v, "us_phone", "We will call {} if we need more information.\n") + opt(v, "email", "A copy was sent to {}.\n")
    text += opt(v, "credit_card", "Payment method: debit card {}\n")
    return done("is this confirmation enough proof for my landlord?\n" + text + f"Employer account {g.ein()}", det, v)


@shape
def direct_deposit_form(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"DIRECT DEPOSIT AUTHORIZATION\nEmployee: {name(p)}   Employee #: {g.r.randint(10**4, 10**6)}\nBank routing (ABA): {g.aba()}\n"
            f"Account no.: {g.r.randint(10**7, 10**12)}   [x] Checking [ ] Savings\nAmount: 100% of net pay\n")
    text += opt(v, "us_ssn", "SSN: {}\n") + opt(v, "us_phone", "Phone: {}\n") + opt(v, "email", "Pay stub e-mail: {}\n")
    text += opt(v, "credit_card", "Or pay card (if no bank): {}\n")
    return done("payroll returned my form, is something missing?\n" + text + f"Signed {g.date()}  ref {g.hexid(8).upper()}", det, v)


@shape
def cloud_init_userdata(g, kinds):
    p, v, det = fill(g, kinds)
    gecos = ",".join([name(p)] + [v[k] for k in ("us_phone", "email") if k in v])
    text = (f"#cloud-config\nhostname: web-{g.hexid(4)}\nusers:\n  - name: {p['first'].lower()[:8] or 'ops'}\n    gecos: \"{gecos}\"\n"
            f"    ssh_authorized_keys:\n      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.hexid(40)} deploy\nwrite_files:\n  - path: /etc/motd\n    content: |\n"
            f"      build {g.version()} ({g.hexid(12)})\n")
    text += opt(v, "us_ssn", "      owner ssn {} (remove!)\n") + opt(v, "credit_card", "      billing card {}\n")
    return done("cloud-init fails to create the user, userdata:\n" + text + f"runcmd:\n  - [sh, -c, 'echo {g.epoch()} > /var/lib/boot-ts']", det, v)


@shape
def websocket_frames(g, kinds):
    p, v, det = fill(g, kinds)
    frames = [f"↑ {{\"op\":\"auth\",\"token\":\"{g.hexid(24)}\"}}\t{g.r.randint(20, 90)}\t{g.r.randint(10, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}",
              f"↓ {{\"op\":\"ready\",\"session\":\"{g.uuid()}\",\"hw\":\"{g.mac()}\"}}\t{g.r.randint(20, 90)}"]
    payload = {key: v[k] for k, key in (("email", "email"), ("us_phone", "mobile"), ("us_ssn", "ssn"), ("credit_card", "cardNumber")) if k in v}
    if payload:
        frames.append(f"↑ {json.dumps({'op': 'profile.update', 'data': payload}, ensure_ascii=False)}\t{g.r.randint(60, 300)}")
    frames.append(f"↓ {{\"op\":\"ack\",\"seq\":{g.r.randint(1, 9999)},\"ts\":{g.epoch_ms()}}}\t{g.r.randint(20, 90)}")
    return done("DevTools > Network > WS > Messages (copied), the server never acks the update:\n" + "\n".join(frames), det, v)


@shape
def lost_and_found_log(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"LOST & FOUND — Terminal {g.r.choice('ABCDE')}\nItem {g.r.randint(1000, 99999)}: black backpack, found gate {g.r.randint(1, 60)} at {g.r.randint(10, 23)}:{g.r.randint(10, 59)}\n"
            f"Contents: laptop (serial {g.hexid(10).upper()}), phone IMEI {g.imei()}, SIM {g.iccid()}\nOwner (per boarding pass): {name(p)}\n")
    text += opt(v, "credit_card", "Wallet card: {}\n") + opt(v, "us_ssn", "SS card in wallet: {}\n") + opt(v, "us_phone", "Called owner at {}\n") + opt(v, "email", "Emailed {}\n")
    return done(text + f"Stored shelf {g.r.randint(1, 40)}, tag {g.hexid(6).upper()}", det, v)
