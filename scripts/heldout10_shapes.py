"""Templates of the heldout10 set (scripts/make_heldout10.py): 49 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from
``fill``) and, in their place when a kind is absent, a substitute that is not PII. Every shape always carries
numbers that are not PII (look-alikes with their own check digits, ids, timestamps, amounts...)."""
import json
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(not provided)", "n/a", "on file", "[withheld]", "see CRM", "—", "ask front desk", "null"]


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


def company(g, p):
    return p.get("company") or g.r.choice(["Nordwind Logistik", "Sakura Trading", "Atlas Medical", "Blue Fern Ltd"])


def done(text, det, v):
    """Guard: every placed value is in the text (markup used to split a value removed)."""
    plain = text.replace("**", "").replace("<span>", "").replace("</span>", "")
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1], urllib.parse.quote(value, safe="@"))
        assert any(form in plain for form in forms), (value, text)
    return text, det


def opt(v, kind, fmt):
    return fmt.format(v[kind]) if kind in v else ""


@shape
def exchange_trace(g, kinds):
    p, v, det = fill(g, kinds)
    sender = v.get("email", f"noreply-{g.hexid(6)}@relay.invalid-host")
    if "email" not in v:
        sender = "MAILER-DAEMON (system)"
    rows = [f"{g.iso_time()}  RECEIVE  SMTP  MsgId=<{g.uuid()}@EUR03.prod>  Size={g.r.randint(2000, 900000)}",
            f"{g.iso_time()}  DELIVER  STOREDRIVER  Sender={sender}  Recipients=1  Subject='Facture {g.order_no()}'",
            f"ClientIP={g.ip()}  ServerHost=AM{g.r.randint(100, 999)}MB{g.r.randint(1000, 9999)}  ConnectorId=Default"]
    if "us_phone" in v:
        rows.append(f"Subject2='Rückruf an {v['us_phone']}'")
    if "us_ssn" in v:
        rows.append(f"DLP hit: body contains SSN {v['us_ssn']} (policy US-PII, action=Audit)")
    if "credit_card" in v:
        rows.append(f"DLP hit: body contains card {v['credit_card']} (policy PCI, action=Audit)")
    return done("\n".join(rows), det, v)


@shape
def zendesk_export(g, kinds):
    p, v, det = fill(g, kinds)
    row = {"id": g.r.randint(100000, 999999), "created_at": g.iso_time(), "requester": {"name": name(p),
           "email": v.get("email"), "phone": v.get("us_phone")}, "subject": f"Refund for {g.order_no()}",
           "description": f"Charged {g.amount()} twice. Tracking {g.tracking()}." +
           opt(v, "credit_card", " Card used: {}.") + opt(v, "us_ssn", " Tax ID on file {}."),
           "tags": ["refund", g.r.choice(["vip", "tier2", "es", "jp"])], "via": {"channel": "web"}}
    return done(json.dumps(row, ensure_ascii=False), det, v)


@shape
def salesforce_csv(g, kinds):
    p, v, det = fill(g, kinds)
    head = '"Account Name","Contact","Email","Phone","Opportunity ID","Amount","Close Date","Stage"'
    line = (f'"{company(g, p)}","{name(p)}","{v.get("email", "")}","{v.get("us_phone", "")}",'
            f'"006{g.hexid(12).upper()}","{g.amount()}","2026-{g.r.randint(1, 12):02d}-15","Negotiation"')
    extra = f'\n"Notes: {v["us_ssn"]} SSN verified by KYC"' if "us_ssn" in v else ""
    extra += f'\n"Notes: deposit card {v["credit_card"]}"' if "credit_card" in v else ""
    return done(f"{head}\n{line}{extra}\nReport generated {g.iso_time()} | rows: 1 | id 00O{g.hexid(12)}", det, v)


@shape
def hubspot_json(g, kinds):
    p, v, det = fill(g, kinds)
    props = {"firstname": p["first"], "lastname": p["last"], "hs_object_id": g.r.randint(10**9, 10**10),
             "lifecyclestage": "lead", "hubspotscore": g.r.randint(0, 100), "city": p["city"],
             "createdate": g.epoch_ms()}
    if "email" in v:
        props["email"] = v["email"]
    if "us_phone" in v:
        props["mobilephone"] = v["us_phone"]
    if "us_ssn" in v:
        props["ssn__c"] = v["us_ssn"]
    if "credit_card" in v:
        props["payment_note"] = f"paid with {v['credit_card']}"
    return done(json.dumps({"id": str(g.r.randint(10**9, 10**10)), "properties": props, "archived": False},
                           ensure_ascii=False), det, v)


@shape
def mailchimp_csv(g, kinds):
    p, v, det = fill(g, kinds)
    head = "Email Address,First Name,Last Name,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,LEID,EUID"
    first = v.get("email", "") if "email" in v else "(deleted)"
    row = (f"{first},{p['first']},{p['last']},{v.get('us_phone', '')},{g.r.randint(1, 5)},"
           f"2026-0{g.r.randint(1, 9)}-1{g.r.randint(0, 9)} 0{g.r.randint(0, 9)}:12:44,{g.ip()},{g.r.randint(10**8, 10**9)},{g.hexid(10)}")
    tail = opt(v, "us_ssn", "\n# import warning: column X contained {}") + opt(v, "credit_card", "\n# import warning: column Y contained {}")
    return done(f"{head}\n{row}{tail}", det, v)


@shape
def stripe_dispute(g, kinds):
    p, v, det = fill(g, kinds)
    card_line = (f"Card number provided by the customer: {v['credit_card']}" if "credit_card" in v else
                 f"Card: {g.masked_card()} (fingerprint {g.hexid(16)})")
    body = [f"Subject: [Action required] Dispute dp_{g.hexid(24)} on charge ch_{g.hexid(24)}",
            f"A customer ({name(p)}) disputed {g.amount()} — reason: product_not_received.", card_line,
            f"Evidence due by {g.iso_time()}. Order {g.order_no()}, shipment {g.tracking()}."]
    if "email" in v:
        body.append(f"Customer email on the charge: {v['email']}")
    if "us_phone" in v:
        body.append(f"Customer phone on the charge: {v['us_phone']}")
    if "us_ssn" in v:
        body.append(f"Cardholder wrote: my SSN is {v['us_ssn']}, please verify me")
    return done("\n".join(body), det, v)


@shape
def shopify_webhook(g, kinds):
    p, v, det = fill(g, kinds)
    order = {"id": g.snowflake(), "name": f"#{g.r.randint(1001, 99999)}", "total_price": g.amount(),
             "email": v.get("email", ""), "phone": v.get("us_phone"), "created_at": g.iso_time(),
             "line_items": [{"sku": f"SKU-{g.r.randint(1000, 9999)}", "barcode": g.ean(), "quantity": g.r.randint(1, 4)}],
             "shipping_address": {"name": name(p), "city": p["city"], "zip": str(g.r.randint(10000, 99999))},
             "note": opt(v, "credit_card", "backup card {}") + opt(v, "us_ssn", " ssn {}")}
    return done("X-Shopify-Topic: orders/create\nX-Shopify-Hmac-Sha256: " + g.hexid(44) + "\n\n" +
                json.dumps(order, ensure_ascii=False), det, v)


@shape
def pnr_screen(g, kinds):
    p, v, det = fill(g, kinds)
    rec = "".join(g.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
    lines = [f"RP/{g.r.choice(['PAR', 'FRA', 'NRT'])}1A0{g.r.randint(100, 999)}/  {rec}",
             f"  1.{p['last'].upper()}/{p['first'].upper()} MR",
             f"  2  LH{g.r.randint(100, 999)} Y 12DEC 3 FRAJFK HK1  1035 1310  *1A/E*",
             f"  3 AP {alt(g, v, 'us_phone')}", f"  4 TK OK0{g.r.randint(1, 9)}DEC/FRA1A0980",
             f"  5 FA PAX 220-{g.r.randint(10**9, 10**10 - 1)}/ETLH/EUR{g.r.randint(200, 1900)}.{g.r.randint(10, 99)}"]
    if "email" in v:
        lines.append(f"  6 APE {v['email']}")
    if "credit_card" in v:
        v["credit_card"] = "".join(c for c in v["credit_card"] if c.isdigit())  # GDS screens write it unbroken
        lines.append(f"  7 FP CC{v['credit_card']}/1227")
    if "us_ssn" in v:
        lines.append(f"  8 SSR DOCO YY HK1 /K/{v['us_ssn']}")
    return done("\n".join(lines), det, v)


@shape
def hotel_folio(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"GRAND HOTEL {p['city'].upper()}  — FOLIO {g.r.randint(100000, 999999)}  Room {g.r.randint(101, 1520)}",
             f"Guest: {name(p)}   Arr 0{g.r.randint(1, 9)}.12.2026  Dep 1{g.r.randint(0, 9)}.12.2026",
             f"Room charge  {g.amount()}", f"City tax     {g.amount()}", f"Minibar      {g.amount()}",
             f"VAT reg. {g.r.choice(['DE', 'FR', 'IT'])}{g.r.randint(10**8, 10**9)}  | {g.iban()}"]
    lines.append(f"Payment: {v['credit_card']}" if "credit_card" in v else f"Payment: {g.masked_card()} AUTH {g.r.randint(100000, 999999)}")
    if "us_phone" in v:
        lines.insert(2, f"Tel.: {v['us_phone']}")
    if "email" in v:
        lines.insert(2, f"E-Mail: {v['email']}")
    if "us_ssn" in v:
        lines.append(f"Guest ID (US SSN): {v['us_ssn']}")
    return done("\n".join(lines), det, v)


@shape
def car_rental(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"RENTAL AGREEMENT RA{g.r.randint(10**7, 10**8)} · Vehicle {g.plate()} · VIN WDD{g.hexid(14).upper()}\n"
           f"Renter {name(p)}; licence {g.licence()}; odometer out {g.r.randint(1000, 90000)} km; fuel 8/8\n"
           f"Pick-up {g.iso_time()} — return {g.iso_time()}; deposit {g.amount()}\n")
    txt += f"Deposit card {v['credit_card']}\n" if "credit_card" in v else f"Deposit card {g.masked_card()}\n"
    txt += opt(v, "us_phone", "Emergency contact: {}\n") + opt(v, "email", "Send invoice to {}\n")
    txt += opt(v, "us_ssn", "Insurance waiver signed, SSN {}\n")
    return done(txt.strip(), det, v)


@shape
def rideshare_receipt(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"Thanks for riding, {p['first']}! Trip {g.uuid()[:13]}\n{g.coords()} → {g.coords()}\n"
           f"Distance {g.r.uniform(1, 40):.2f} km · {g.r.randint(4, 80)} min · Fare {g.amount()} · Tip {g.amount()}\n"
           f"Driver: {g.r.choice(['Ahmed', 'Lucía', 'Kenji', 'Olu'])} · {g.plate()}\n")
    txt += opt(v, "credit_card", "Charged to {}\n") or f"Charged to {g.masked_card()}\n"
    txt += opt(v, "us_phone", "Lost an item? The driver will call {}\n") + opt(v, "email", "Receipt sent to {}\n")
    txt += opt(v, "us_ssn", "Tax form requested for SSN {}\n")
    return done(txt.strip(), det, v)


@shape
def food_delivery_chat(g, kinds):
    p, v, det = fill(g, kinds)
    msgs = [f"[{g.r.randint(10, 23)}:{g.r.randint(10, 59)}] rider: at the gate, order {g.order_no()}, code {g.r.randint(1000, 9999)}",
            f"[{g.r.randint(10, 23)}:{g.r.randint(10, 59)}] {p['first']}: bldg 3, floor {g.r.randint(2, 40)}, flat {g.r.randint(1, 40)}{g.r.choice('ABC')}"]
    if "us_phone" in v:
        msgs.append(f"[21:0{g.r.randint(0, 9)}] {p['first']}: call me {v['us_phone']} if lost")
    if "email" in v:
        msgs.append(f"[21:1{g.r.randint(0, 9)}] {p['first']}: receipt pls to {v['email']}")
    if "credit_card" in v:
        msgs.append(f"[21:2{g.r.randint(0, 9)}] {p['first']}: app failed, take this card {v['credit_card']}")
    if "us_ssn" in v:
        msgs.append(f"[21:3{g.r.randint(0, 9)}] {p['first']}: wrong chat lol that was my ssn {v['us_ssn']}")
    msgs.append(f"[21:4{g.r.randint(0, 9)}] rider: delivered 👍 total {g.amount()}")
    return done("\n".join(msgs), det, v)


@shape
def wristband_reg(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"FESTIVAL WRISTBAND ACTIVATION\nRFID UID: {g.hexid(14).upper()}  Wristband #{g.r.randint(100000, 999999)}\n"
           f"Holder: {name(p)} ({p['locale']})  Ticket EAN {g.ean()}  Gate {g.r.choice('ABCD')}{g.r.randint(1, 9)}\n"
           f"Cashless top-up: {g.amount()}")
    txt += opt(v, "credit_card", " from {}") + "\n"
    txt += opt(v, "email", "Account: {}\n") + opt(v, "us_phone", "ICE: {}\n") + opt(v, "us_ssn", "Age check doc: SSN {}\n")
    return done(txt.strip(), det, v)


@shape
def church_newsletter(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"St. {g.r.choice(['Anne', 'Mark', 'Olaf', 'Brigid'])} Parish Bulletin — Vol. {g.r.randint(10, 60)}, No. {g.r.randint(1, 52)}\n"
           f"Collections last Sunday: {g.amount()}. Building fund now at {g.amount()} of our goal.\n"
           f"Hymns: {g.r.randint(1, 700)}, {g.r.randint(1, 700)}, {g.r.randint(1, 700)}. Readings: Isaiah {g.r.randint(1, 66)}:{g.r.randint(1, 20)}-{g.r.randint(21, 30)}.\n"
           f"The bake sale is organised by {name(p)}")
    txt += opt(v, "us_phone", " — sign up on {}") + opt(v, "email", " or write to {}") + ".\n"
    txt += opt(v, "credit_card", "Donations by card accepted at the office (e.g. {} was tested by our treasurer).\n")
    txt += opt(v, "us_ssn", "For the tax receipt, {} was given by a donor; please never put SSNs in the basket envelope.\n")
    txt += f"Giving account: {g.iban()}"
    return done(txt, det, v)


@shape
def alumni_directory(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"Class of {g.r.randint(1970, 2024)} · {name(p)} · {p['city']} · member #{g.r.randint(10000, 99999)}"]
    if "email" in v:
        rows.append(f"  ✉ {v['email']}")
    if "us_phone" in v:
        rows.append(f"  ☎ {v['us_phone']}")
    if "us_ssn" in v:
        rows.append(f"  (legacy records field SSN: {v['us_ssn']})")
    if "credit_card" in v:
        rows.append(f"  dues autopay {v['credit_card']}")
    rows.append(f"  Thesis: doi:10.{g.r.randint(1000, 9999)}/{g.hexid(8)}  ISBN {g.isbn()}")
    return done("\n".join(rows), det, v)


@shape
def badge_list(g, kinds):
    p, v, det = fill(g, kinds)
    contact = " / ".join(v[k] for k in ("email", "us_phone") if k in v) or "—"
    notes = (opt(v, "us_ssn", "ssn {} ") + opt(v, "credit_card", "paid {}")).strip() or f"dietary: {g.r.choice(['vegan', 'halal', 'none'])}"
    rows = [f"B{g.r.randint(10000, 99999)}|{g.hexid(20)}|{name(p)}|{company(g, p)}|{g.r.choice(['AI', 'Ops', 'Sec'])}|{contact}|{notes}",
            f"B{g.r.randint(10000, 99999)}|{g.hexid(20)}|Speaker {g.r.randint(1, 40)}|—|Keynote|—|room {g.r.randint(100, 400)}, slot {g.r.randint(9, 17)}:00",
            f"B{g.r.randint(10000, 99999)}|{g.hexid(20)}|Sponsor booth {g.r.randint(1, 60)}|—|Expo|—|badge printer {g.mac()}, stock EAN {g.ean()}"]
    g.r.shuffle(rows)
    return done("badge_id|qr|name|company|track|contact|notes\n" + "\n".join(rows), det, v)


@shape
def room_booking(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"Subject: Room booked: {g.r.choice(['Fjord', 'Sakura', 'Atlas'])}-{g.r.randint(1, 9)}.{g.r.randint(10, 40)} "
           f"({g.r.randint(4, 20)} seats)\nOrganizer: {name(p)}\nWhen: 2026-12-0{g.r.randint(1, 9)} {g.r.randint(8, 17)}:00–{g.r.randint(8, 17)}:30 CET\n"
           f"Meeting code {g.hexid(3)}-{g.hexid(4)}-{g.hexid(3)}, passcode {g.r.randint(100000, 999999)}, room panel firmware {g.version()}\n")
    txt += opt(v, "us_phone", "Host's mobile: {}\n") + opt(v, "email", "Reply to {}\n") + opt(v, "credit_card", "Catering charged to {}\n")
    txt += opt(v, "us_ssn", "Visitor badge (SSN {}) pre-registered\n")
    return done(txt.strip(), det, v)


@shape
def jira_wiki(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"h2. {g.r.choice(['PAY', 'OPS', 'CRM'])}-{g.r.randint(100, 9999)} Customer data in logs\n"
           f"||Field||Value||\n|build|{g.version()}|\n|trace|{g.hexid(32)}|\n|reporter|[~{p['first'].lower()}]|\n")
    txt += opt(v, "email", "|leaked email|{{{{{}}}}}|\n") + opt(v, "us_phone", "|leaked phone|*{}*|\n")
    txt += opt(v, "credit_card", "{{code}}card={}{{code}}\n") + opt(v, "us_ssn", "{{noformat}}ssn: {}{{noformat}}\n")
    txt += f"Fix version: {g.version()} — see commit {g.hexid(40)}"
    return done(txt, det, v)


@shape
def notion_md(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"# Onsite {p['city']} 🗓️\n\n> [!note] Budget {g.amount()} · PO-{g.r.randint(10000, 99999)}\n\n"
           f"- [ ] Book venue (quote {g.order_no()})\n- [x] Lat/long {g.coords()}\n- [ ] Owner: @{p['first']}\n")
    if "us_phone" in v:
        ph = v["us_phone"]
        cut = len(ph) // 2
        txt += f"- Venue contact: **{ph[:cut]}**{ph[cut:]}\n"
    txt += opt(v, "email", "- Invoices → [{0}](mailto:{0})\n") + opt(v, "credit_card", "- Corporate card `{}`\n")
    txt += opt(v, "us_ssn", "- Contractor W-9: SSN {}\n")
    return done(txt.strip(), det, v)


@shape
def sheets_api_json(g, kinds):
    p, v, det = fill(g, kinds)
    row = [name(p), p["city"], g.order_no(), g.amount(), g.iso_time()]
    for kind in ("email", "us_phone", "us_ssn", "credit_card"):
        if kind in v:
            row.append(v[kind])
    body = {"range": f"Leads!A{g.r.randint(2, 900)}:J{g.r.randint(900, 1900)}", "majorDimension": "ROWS",
            "values": [["Name", "City", "Order", "Total", "Updated"], row]}
    return done(json.dumps(body, ensure_ascii=False), det, v)


@shape
def airtable_csv(g, kinds):
    p, v, det = fill(g, kinds)
    head = "Record ID,Name,Status,Attachments,Contact,Created"
    contact = " / ".join(v[k] for k in ("email", "us_phone") if k in v)
    row = (f"rec{g.hexid(14)},{name(p)},In review,\"photo.jpg (https://dl.airtable.net/.attachments/{g.hexid(32)}/{g.hexid(8)}/photo.jpg)\","
           f"\"{contact}\",{g.iso_time()}")
    extra = opt(v, "us_ssn", "\nrec{0},SSN check,Done,,\"{{}}\",".format(g.hexid(14))) + opt(v, "credit_card", "\nrec{0},Payment,Done,,\"{{}}\",".format(g.hexid(14)))
    return done(head + "\n" + row + extra, det, v)


@shape
def sap_idoc(g, kinds):
    p, v, det = fill(g, kinds)
    segs = [f"EDI_DC40  {g.r.randint(100, 999)}000000000{g.r.randint(100000, 999999)}740 3012  DEBMAS07",
            f"E1KNA1M   005 KUNNR={g.r.randint(10**7, 10**8)} NAME1={name(p)} ORT01={p['city']} STCD1={g.cnpj()}",
            f"E1KNB1M   005 BUKRS=1000 AKONT=0000140000 ZTERM=Z030"]
    if "us_phone" in v:
        segs.append(f"E1KNA1M   005 TELF1={v['us_phone']}")
    if "email" in v:
        segs.append(f"E1ADR6    005 SMTP_ADDR={v['email']}")
    if "credit_card" in v:
        segs.append(f"E1KNBKM   005 CCNUM={v['credit_card']}")
    if "us_ssn" in v:
        segs.append(f"E1KNA1M   005 STCD2={v['us_ssn']}")
    segs.append(f"E1KNVVM   005 VKORG=1000 VTWEG=10 SPART=00 WAERS=EUR BANK={g.iban()}")
    return done("\n".join(segs), det, v)


@shape
def edifact(g, kinds):
    p, v, det = fill(g, kinds)
    segs = ["UNA:+.? '", f"UNB+UNOC:3+{g.r.randint(10**12, 10**13)}:14+{g.r.randint(10**12, 10**13)}:14+261202:{g.r.randint(1000, 2359)}+{g.r.randint(1, 99999)}'",
            f"UNH+1+ORDERS:D:96A:UN'", f"BGM+220+{g.order_no()}+9'", f"NAD+BY+{g.ean()}::9++{name(p)}+{p['city']}'",
            f"LIN+1++{g.ean()}:EN'", f"QTY+21:{g.r.randint(1, 500)}'"]
    if "us_phone" in v:
        segs.append(f"COM+{v['us_phone']}:TE'")
    if "email" in v:
        segs.append(f"COM+{v['email']}:EM'")
    if "credit_card" in v:
        segs.append(f"PAI+::ZZZ'FTX+AAI+++CARD {v['credit_card']}'")
    if "us_ssn" in v:
        segs.append(f"RFF+SSN:{v['us_ssn']}'")
    segs.append(f"UNT+{len(segs)}+1'")
    return done("".join(segs), det, v)


@shape
def gs1_text(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"Scan log (GS1-128): (00){g.sscc()} (01)0{g.ean()} (10)LOT{g.r.randint(100, 999)} (17)27{g.r.randint(10, 12)}{g.r.randint(10, 28)}\n"
           f"Pallet for {company(g, p)}, {p['city']}; weight (3103){g.r.randint(100000, 999999)}\n")
    txt += opt(v, "us_phone", "Consignee tel {}\n") + opt(v, "email", "ASN to {}\n")
    txt += opt(v, "credit_card", "COD paid by card {}\n") + opt(v, "us_ssn", "Customs broker ref SSN {}\n")
    return done(txt.strip(), det, v)


@shape
def rfid_log(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"{g.epoch_ms()} reader=DOCK-{g.r.randint(1, 9)} ant={g.r.randint(1, 4)} epc=3034{g.hexid(20).upper()} rssi=-{g.r.randint(40, 80)}"
            for _ in range(g.r.randint(2, 4))]
    if "email" in v:
        rows.append(f"{g.epoch_ms()} reader=DOCK-2 event=badge_in holder_email={v['email']}")
    if "us_phone" in v:
        rows.append(f"{g.epoch_ms()} reader=DOCK-2 event=alert sms_to={v['us_phone']}")
    if "credit_card" in v:
        rows.append(f"{g.epoch_ms()} reader=POS-1 event=nfc_tap pan={v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"{g.epoch_ms()} reader=HR-1 event=enrol employee_ssn={v['us_ssn']}")
    return done("\n".join(rows), det, v)


@shape
def gps_tracker(g, kinds):
    p, v, det = fill(g, kinds)
    imei = g.imei()
    rows = [f"*HQ,{imei},V1,{g.r.randint(100000, 235959)},A,{g.coords()},{g.r.randint(0, 120)}.{g.r.randint(0, 9)},{g.r.randint(0, 359)},021226,FFFFFBFF#",
            f"IMEI {imei} battery {g.r.randint(5, 100)}% sats {g.r.randint(3, 14)} hdop {g.r.uniform(0.5, 3):.1f}"]
    rows += [f"SOS number set to {v['us_phone']}"] if "us_phone" in v else [f"SOS number set to {alt(g, v, 'us_phone')}"]
    rows += [f"geofence alerts → {v['email']}"] if "email" in v else []
    rows += [f"subscription renewal card {v['credit_card']}"] if "credit_card" in v else []
    rows += [f"owner verification SSN {v['us_ssn']}"] if "us_ssn" in v else []
    return done("\n".join(rows), det, v)


@shape
def smart_meter(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"/ISK5MT{g.r.randint(100, 999)}-{g.r.randint(1000, 9999)}", f"1-0:1.8.1({g.r.randint(0, 99999):06d}.{g.r.randint(0, 999):03d}*kWh)",
            f"1-0:2.8.1({g.r.randint(0, 9999):06d}.{g.r.randint(0, 999):03d}*kWh)", f"0-0:96.1.1({g.hexid(34)})",
            f"0-0:1.0.0({g.r.randint(10, 28)}1202{g.r.randint(100000, 235959)}W)", f"!{g.hexid(4).upper()}",
            f"# meter at {p['city']}, customer {name(p)}, EAN {g.ean()}"]
    if "email" in v:
        rows.append(f"# monthly report → {v['email']}")
    if "us_phone" in v:
        rows.append(f"# outage SMS → {v['us_phone']}")
    if "credit_card" in v:
        rows.append(f"# prepay card {v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"# account holder SSN {v['us_ssn']}")
    return done("\n".join(rows), det, v)


@shape
def webrtc_stats(g, kinds):
    p, v, det = fill(g, kinds)
    stats = {"type": "inbound-rtp", "id": f"IT01V{g.r.randint(10**8, 10**9)}", "ssrc": g.r.randint(10**8, 4 * 10**9),
             "timestamp": float(g.epoch_ms()) + 0.123, "packetsLost": g.r.randint(0, 300),
             "jitter": round(g.r.uniform(0, 0.05), 4), "bytesReceived": g.r.randint(10**5, 10**9),
             "remoteCandidate": f"{g.ip()}:{g.r.randint(1024, 65535)} typ srflx"}
    if "us_phone" in v:
        stats["sipCallee"] = f"tel:{v['us_phone']}"
    if "email" in v:
        stats["displayName"] = v["email"]
    if "credit_card" in v:
        stats["dtmfCollected"] = v["credit_card"]
    if "us_ssn" in v:
        stats["ivrInput"] = v["us_ssn"]
    return done(json.dumps(stats, ensure_ascii=False), det, v)


@shape
def ios_ips(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f'{{"app_name":"Wallet{g.r.randint(1, 9)}","app_version":"{g.version()}","bundleID":"com.{p["first"].lower()}.app",'
           f'"os_version":"iPhone OS 18.{g.r.randint(0, 6)} (22A{g.r.randint(100, 999)})","incident_id":"{g.uuid().upper()}"}}\n'
           f"Exception Type: EXC_BAD_ACCESS (SIGSEGV) at 0x{g.hexid(16)}\n"
           f"0  libswiftCore.dylib  0x{g.hexid(16)} swift_retain + {g.r.randint(10, 99)}\n")
    txt += opt(v, "email", "Last log: login user={}\n") + opt(v, "us_phone", "Last log: otp sent to {}\n")
    txt += opt(v, "credit_card", "Last log: tokenising {}\n") + opt(v, "us_ssn", "Last log: kyc ssn={}\n")
    return done(txt.strip(), det, v)


@shape
def android_tombstone(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***\n"
           f"Build fingerprint: 'google/husky/husky:15/AP4A.{g.r.randint(240000, 250000)}.{g.r.randint(1, 99):03d}/{g.r.randint(10**7, 10**8)}:user/release-keys'\n"
           f"pid: {g.r.randint(1000, 32000)}, tid: {g.r.randint(1000, 32000)}, name: RenderThread  >>> com.shop.app <<<\n"
           f"signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x{g.hexid(12)}\n"
           f"    x0  {g.hexid(16)}  x1  {g.hexid(16)}\n")
    txt += opt(v, "us_phone", "logcat: I/Dialer: placing call to {}\n") + opt(v, "email", "logcat: D/Auth: account {}\n")
    txt += opt(v, "credit_card", "logcat: W/Pay: raw pan {}\n") + opt(v, "us_ssn", "logcat: W/Form: ssn field {}\n")
    return done(txt.strip(), det, v)


@shape
def firebase_event(g, kinds):
    p, v, det = fill(g, kinds)
    params = [{"key": "firebase_screen", "value": {"string_value": "Checkout"}},
              {"key": "ga_session_id", "value": {"int_value": g.r.randint(10**9, 2 * 10**9)}},
              {"key": "value", "value": {"double_value": round(g.r.uniform(1, 900), 2)}}]
    for kind, key in (("email", "user_email"), ("us_phone", "phone"), ("credit_card", "card_entered"), ("us_ssn", "ssn_entered")):
        if kind in v:
            params.append({"key": key, "value": {"string_value": v[kind]}})
    ev = {"event_date": "20261202", "event_timestamp": g.r.randint(10**15, 2 * 10**15), "event_name": "purchase",
          "event_params": params, "user_pseudo_id": f"{g.r.randint(10**9, 2 * 10**9)}.{g.r.randint(10**9, 2 * 10**9)}",
          "geo": {"city": p["city"]}, "app_info": {"version": g.version()}}
    return done(json.dumps(ev, ensure_ascii=False), det, v)


@shape
def segment_track(g, kinds):
    p, v, det = fill(g, kinds)
    props = {"order_id": g.order_no(), "revenue": round(g.r.uniform(5, 500), 2), "currency": "EUR",
             "products": [{"sku": g.ean(), "price": round(g.r.uniform(1, 99), 2)}]}
    traits = {"name": name(p)}
    if "email" in v:
        traits["email"] = v["email"]
    if "us_phone" in v:
        traits["phone"] = v["us_phone"]
    if "credit_card" in v:
        props["debug_card"] = v["credit_card"]
    if "us_ssn" in v:
        traits["ssn"] = v["us_ssn"]
    call = f"analytics.track('Order Completed', {json.dumps(props, ensure_ascii=False)}, {{context: {{traits: {json.dumps(traits, ensure_ascii=False)}}}, messageId: 'ajs-next-{g.hexid(32)}'}})"
    return done(call, det, v)


@shape
def otel_span(g, kinds):
    p, v, det = fill(g, kinds)
    attrs = [{"key": "http.route", "value": {"stringValue": "/api/v2/checkout"}},
             {"key": "net.peer.ip", "value": {"stringValue": g.ip()}},
             {"key": "service.version", "value": {"stringValue": g.version()}}]
    query = urllib.parse.urlencode({k: v[k] for k in ("email", "us_phone") if k in v}, safe="@",
                                   quote_via=urllib.parse.quote)
    if query:
        attrs.append({"key": "http.url", "value": {"stringValue": f"https://shop.internal/api/v2/checkout?{query}&step=2"}})
    for kind, key in (("credit_card", "app.card"), ("us_ssn", "app.ssn")):
        if kind in v:
            attrs.append({"key": key, "value": {"stringValue": v[kind]}})
    span = {"traceId": g.hexid(32), "spanId": g.hexid(16), "name": "POST /checkout", "kind": 2,
            "startTimeUnixNano": g.epoch_ns(), "endTimeUnixNano": g.epoch_ns(), "attributes": attrs}
    return done(json.dumps(span, ensure_ascii=False), det, v)


@shape
def prometheus_alert(g, kinds):
    p, v, det = fill(g, kinds)
    labels = {"alertname": "HighErrorRate", "instance": f"{g.ip()}:9100", "job": "checkout", "severity": "page"}
    ann = {"summary": f"5xx ratio {g.r.uniform(1, 30):.2f}% for 10m", "runbook": "https://wiki.internal/rb/checkout"}
    if "us_phone" in v:
        ann["oncall"] = f"escalate to {v['us_phone']}"
    if "email" in v:
        ann["owner"] = v["email"]
    if "credit_card" in v:
        ann["sample_log"] = f"payment failed pan={v['credit_card']}"
    if "us_ssn" in v:
        ann["sample_log2"] = f"kyc failed ssn={v['us_ssn']}"
    alert = {"status": "firing", "labels": labels, "annotations": ann, "startsAt": g.iso_time(),
             "fingerprint": g.hexid(16)}
    return done(json.dumps({"receiver": "pagerduty", "alerts": [alert]}, ensure_ascii=False), det, v)


@shape
def pagerduty(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"[#{g.r.randint(10000, 99999)}] TRIGGERED: Disk {g.r.randint(90, 99)}% on db-{g.r.randint(1, 30)} ({g.ip()})\n"
           f"Service: Payments · Urgency: high · Incident key {g.hexid(32)}\nAssigned to {name(p)}\n")
    txt += opt(v, "us_phone", "Conference bridge: {}\n") + opt(v, "email", "Stakeholder: {}\n")
    txt += opt(v, "credit_card", "Customer impact example: card {} declined\n") + opt(v, "us_ssn", "Payload excerpt: ssn={}\n")
    txt += f"Acknowledge: https://acme.pagerduty.com/incidents/Q{g.hexid(12).upper()}"
    return done(txt, det, v)


@shape
def splunk_results(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["_time                     host      status  bytes   uri"]
    rows += [f"{g.iso_time()}  web-{g.r.randint(1, 9):02d}    {g.r.choice([200, 404, 500])}     {g.r.randint(100, 99999):<7} /cart/{g.r.randint(1000, 9999)}"
             for _ in range(2)]
    for kind, q in (("email", "login?user="), ("us_phone", "sms?to="), ("credit_card", "pay?pan="), ("us_ssn", "kyc?ssn=")):
        if kind in v:
            rows.append(f"{g.iso_time()}  web-0{g.r.randint(1, 9)}    200     {g.r.randint(100, 9999):<7} /{q}{v[kind]}")
    rows.append(f"{len(rows) - 1} events ({g.iso_time()} to {g.iso_time()}) sid={g.epoch_ms()[:10]}.{g.r.randint(1000, 9999)}")
    return done("\n".join(rows), det, v)


@shape
def es_hits(g, kinds):
    p, v, det = fill(g, kinds)
    src = {"@timestamp": g.iso_time(), "customer": {"full_name": name(p), "city": p["city"]},
           "order": {"id": g.order_no(), "total": g.amount()}, "geo": g.coords()}
    for kind, key in (("email", "email"), ("us_phone", "phone"), ("credit_card", "card"), ("us_ssn", "ssn")):
        if kind in v:
            src["customer"][key] = v[kind]
    res = {"took": g.r.randint(1, 90), "hits": {"total": {"value": 1}, "hits": [{"_index": "orders-2026.12",
           "_id": g.hexid(20), "_score": round(g.r.uniform(1, 12), 4), "_source": src}]}}
    return done(json.dumps(res, ensure_ascii=False), det, v)


@shape
def mongo_shell(g, kinds):
    p, v, det = fill(g, kinds)
    fields = [f"_id: ObjectId('{g.hexid(24)}')", f"name: '{name(p)}'", f"createdAt: ISODate('{g.iso_time()}')",
              f"balance: NumberDecimal('{g.r.randint(0, 99999)}.{g.r.randint(10, 99)}')", f"loc: [ {g.coords().replace(',', ', ')} ]"]
    for kind, key in (("email", "email"), ("us_phone", "tel"), ("credit_card", "cc"), ("us_ssn", "ssn")):
        if kind in v:
            fields.append(f"{key}: '{v[kind]}'")
    g.r.shuffle(fields)
    return done("rs0 [primary] crm> db.users.findOne({ plan: 'gold' })\n{\n  " + ",\n  ".join(fields) + "\n}", det, v)


@shape
def redis_monitor(g, kinds):
    p, v, det = fill(g, kinds)
    ts = lambda: f"{g.epoch_ms()[:10]}.{g.r.randint(100000, 999999)}"  # noqa: E731
    rows = [f'{ts()} [0 {g.ip()}:{g.r.randint(1024, 65535)}] "GET" "session:{g.hexid(32)}"',
            f'{ts()} [0 {g.ip()}:{g.r.randint(1024, 65535)}] "INCRBY" "cart:{g.r.randint(10**5, 10**6)}:total" "{g.r.randint(1, 999)}"',
            f'{ts()} [0 {g.ip()}:{g.r.randint(1024, 65535)}] "ZADD" "leaderboard" "{g.r.randint(1, 99999)}" "user:{g.snowflake()}"',
            f'{ts()} [0 unix:/run/redis.sock] "HSET" "device:{g.imei()}" "fw" "{g.version()}" "mac" "{g.mac()}"']
    for kind, key in (("email", "user:email"), ("us_phone", "otp:phone"), ("credit_card", "tmp:pan"), ("us_ssn", "kyc:ssn")):
        if kind in v:
            rows.append(f'{ts()} [0 {g.ip()}:{g.r.randint(1024, 65535)}] "SET" "{key}:{g.r.randint(1000, 9999)}" "{v[kind]}" "EX" "300"')
    return done("\n".join(rows), det, v)


@shape
def grpc_status(g, kinds):
    p, v, det = fill(g, kinds)
    fields = []
    for kind, fld in (("email", "contact.email"), ("us_phone", "contact.phone"), ("credit_card", "payment.pan"), ("us_ssn", "tax.ssn")):
        if kind in v:
            fields.append(f'  field_violations {{ field: "{fld}" description: "rejected value \\"{v[kind]}\\"" }}')
    if not fields:
        fields.append(f'  field_violations {{ field: "items[{g.r.randint(0, 9)}].sku" description: "unknown sku {g.ean()}" }}')
    txt = (f"ERROR: code = InvalidArgument desc = request {g.uuid()} failed validation\n"
           f"details: google.rpc.BadRequest {{\n" + "\n".join(fields) + "\n}\n"
           f"grpc-status-details-bin: {g.hexid(48)}  retry-after-ms: {g.r.randint(100, 5000)}")
    return done(txt, det, v)


@shape
def jwt_payload(g, kinds):
    p, v, det = fill(g, kinds)
    iat = int(g.epoch_ms()) // 1000
    claims = {"iss": "https://login.acme.io/", "sub": f"auth0|{g.hexid(24)}", "aud": g.hexid(32), "iat": iat,
              "exp": iat + 3600, "name": name(p), "locale": p["locale"], "sid": g.hexid(16)}
    if "email" in v:
        claims["email"], claims["email_verified"] = v["email"], True
    if "us_phone" in v:
        claims["phone_number"] = v["us_phone"]
    if "us_ssn" in v:
        claims["https://acme.io/ssn"] = v["us_ssn"]
    if "credit_card" in v:
        claims["https://acme.io/pan"] = v["credit_card"]
    return done("decoded payload:\n" + json.dumps(claims, ensure_ascii=False, indent=1), det, v)


@shape
def saml_assertion(g, kinds):
    p, v, det = fill(g, kinds)
    attrs = [("displayName", name(p)), ("employeeNumber", str(g.r.randint(10000, 99999)))]
    for kind, attr in (("email", "mail"), ("us_phone", "telephoneNumber"), ("us_ssn", "ssn"), ("credit_card", "corpCard")):
        if kind in v:
            attrs.append((attr, v[kind]))
    body = "".join(f'<saml:Attribute Name="{a}"><saml:AttributeValue>{val}</saml:AttributeValue></saml:Attribute>' for a, val in attrs)
    xml = (f'<saml:Assertion ID="_{g.hexid(40)}" IssueInstant="{g.iso_time()}" Version="2.0">'
           f'<saml:Issuer>https://idp.acme.io/{g.uuid()}</saml:Issuer><saml:AttributeStatement>{body}</saml:AttributeStatement></saml:Assertion>')
    return done(xml, det, v)


@shape
def password_reset(g, kinds):
    p, v, det = fill(g, kinds)
    token = g.hexid(40)
    link = f"https://account.acme.io/reset?token={token}" + opt(v, "email", "&login={}")
    txt = (f"Hi {p['first']},\nSomeone asked to reset your password from {g.ip()} ({p['city']}) at {g.iso_time()}.\n"
           f"Reset link (valid 30 min): {link}\nRequest id {g.uuid()}.\n")
    txt += opt(v, "us_phone", "We also texted a code to {}.\n") + opt(v, "us_ssn", "To confirm identity you entered SSN {}.\n")
    txt += opt(v, "credit_card", "Your saved card {} stays linked.\n")
    return done(txt.strip(), det, v)


@shape
def otp_sms(g, kinds):
    p, v, det = fill(g, kinds)
    code = g.r.randint(100000, 999999)
    lead = opt(v, "us_phone", "To: {}\n")
    txt = (f"{lead}<#> {code} is your verification code. Don't share it. Ref {g.hexid(6).upper()}\n"
           f"{g.r.choice(['Bank', 'Banco', 'Sparkasse', '銀行'])}: purchase of {g.amount()} at {company(g, p)} approved.")
    txt += opt(v, "credit_card", " Card {}.") + opt(v, "email", " Statement sent to {}.") + opt(v, "us_ssn", " ID {} verified.")
    return done(txt, det, v)


@shape
def fnol_call(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"FNOL call {g.uuid()[:8]} · policy AU-{g.r.randint(10**6, 10**7)} · claim CLM{g.r.randint(10**7, 10**8)}\n"
           f"Agent: please tell me what happened.\nCaller ({name(p)}): rear-ended at {g.coords()}, other car plate {g.plate()}.\n")
    txt += opt(v, "us_phone", "Agent: best callback number? Caller: {}.\n")
    txt += opt(v, "email", "Agent: and email for the photos? Caller: {}.\n")
    txt += opt(v, "us_ssn", "Caller: my social is {}.\n") + opt(v, "credit_card", "Caller: deductible on card {}.\n")
    txt += f"Agent: reserve set at {g.amount()}; adjuster visit in {g.r.randint(1, 9)} days."
    return done(txt, det, v)


@shape
def tax_letter_iberian(g, kinds):
    p, v, det = fill(g, kinds)
    pt = g.r.random() < 0.5
    if pt:
        txt = (f"Receita Federal — Notificação nº {2026}/{g.r.randint(10**6, 10**7)}\nContribuinte: {name(p)}, CPF {g.cpf()}\n"
               f"Empresa: CNPJ {g.cnpj()}. Valor devido: R$ {g.r.randint(100, 99999)},{g.r.randint(10, 99)}. Vencimento 3{g.r.randint(0, 1)}/12/2026.\n")
        txt += opt(v, "us_phone", "Dúvidas: ligue {}.\n") + opt(v, "email", "Responda para {}.\n")
        txt += opt(v, "us_ssn", "Para residentes nos EUA, informe o SSN: {}.\n") + opt(v, "credit_card", "Pagamento com cartão {} autorizado.\n")
    else:
        txt = (f"Agencia Tributaria — Requerimiento {g.r.randint(10**9, 10**10)}\nObligado: {name(p)}. Referencia catastral {g.r.randint(10**6, 10**7)}DF{g.r.randint(1000, 9999)}S\n"
               f"Importe: {g.amount()}. Cuenta para el cargo: {g.iban()}.\n")
        txt += opt(v, "us_phone", "Atención: llame al {}.\n") + opt(v, "email", "Escriba a {}.\n")
        txt += opt(v, "us_ssn", "Número SSN declarado (EE. UU.): {}.\n") + opt(v, "credit_card", "Pago con tarjeta {} recibido.\n")
    return done(txt.strip(), det + (" lang=pt" if pt else " lang=es"), v)


@shape
def hanko_form(g, kinds):
    p, v, det = fill(g, kinds)
    txt = (f"【届出書】受付番号 第{g.r.randint(10**5, 10**6)}号　令和8年12月{g.r.randint(1, 28)}日\n"
           f"氏名：{name(p)}　㊞\n郵便番号：〒{g.r.randint(100, 999)}-{g.r.randint(1000, 9999)}\n"
           f"口座：普通 {g.r.randint(10**6, 10**7)}（支店 {g.r.randint(100, 999)}）　金額 ¥{g.r.randint(1000, 999999):,}\n")
    txt += opt(v, "us_phone", "電話番号：{}\n") + opt(v, "email", "メール：{}\n")
    txt += opt(v, "us_ssn", "米国社会保障番号：{}\n") + opt(v, "credit_card", "クレジットカード番号：{}\n")
    return done(txt.strip(), det, v)


@shape
def romanised_chat(g, kinds):
    p, v, det = fill(g, kinds)
    style = g.r.choice(["hinglish", "arabizi"])
    if style == "hinglish":
        lines = [f"{p['first']}: yaar order {g.order_no()} abhi tak nahi aaya, {g.amount()} kat gaye",
                 f"support: sorry ji, tracking {g.tracking()} check karo"]
        lines += [f"{p['first']}: mera number {v['us_phone']} pe call karo"] if "us_phone" in v else []
        lines += [f"{p['first']}: mail bhejo {v['email']} pe"] if "email" in v else []
        lines += [f"{p['first']}: card {v['credit_card']} se payment kiya tha"] if "credit_card" in v else []
        lines += [f"{p['first']}: US wala SSN {v['us_ssn']} bhi chahiye kya??"] if "us_ssn" in v else []
        lines.append(f"support: Aadhaar mat bhejo ({g.aadhaar_like()} jaisa kuch bhi), bas order id kaafi hai")
    else:
        lines = [f"{p['first']}: salam, el 6alab {g.order_no()} ma wasal, daf3t {g.amount()}",
                 f"support: 3afwan, raqam el shahna {g.tracking()}"]
        lines += [f"{p['first']}: etasel 3ala {v['us_phone']} law sama7t"] if "us_phone" in v else []
        lines += [f"{p['first']}: ib3at el fatoura 3ala {v['email']}"] if "email" in v else []
        lines += [f"{p['first']}: dafa3t bel card {v['credit_card']}"] if "credit_card" in v else []
        lines += [f"{p['first']}: el SSN taba3i {v['us_ssn']} 3ashan el tax"] if "us_ssn" in v else []
        lines.append(f"support: tamam, 7atet note 3al IBAN {g.iban()}")
    return done("\n".join(lines), det + f" style={style}", v)


@shape
def lookalike_registry(g, kinds):
    """National-ID look-alikes next to the values: Korean RRN-shaped (impossible month), Aadhaar-like
    (Verhoeff), CPF (mod 11) — none of them one of our four kinds."""
    p, v, det = fill(g, kinds)
    txt = (f"KYC worksheet {g.uuid()[:8]} — {name(p)} ({p['locale']})\n"
           f"KR 주민등록번호 sample (test, invalid month): {g.rrn_like()}\nIN Aadhaar-like test value: {g.aadhaar_like()}\n"
           f"BR CPF: {g.cpf()} · device IMEI {g.imei()} · ISBN {g.isbn()}\n")
    txt += opt(v, "us_ssn", "US SSN (customer): {}\n") + opt(v, "us_phone", "Phone (customer): {}\n")
    txt += opt(v, "email", "Email (customer): {}\n") + opt(v, "credit_card", "Card (customer): {}\n")
    return done(txt.strip(), det, v)
