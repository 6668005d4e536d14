"""The message templates of the heldout7 evaluation set (scripts/make_heldout7.py).

Each shape is ``shape(c, P) -> str``: ``c`` holds the drawn surroundings (a seeded ``random.Random`` as
``c["r"]``, the locale, a person ``p`` and another ``other``, look-alikes ``lk``/``lk2``, faker filler
``fill``/``fill2``, a locale sentence ``sent``); ``P`` maps each PII kind to place to its written value.
A shape places every value in ``P`` (once, or twice where the format repeats it, as a mailto: link does)
and no other PII; everything else it writes is clean by
construction (look-alike numbers, amounts, dates, ids), which is what makes the labels true.
"""
import base64
import quopri
import random

SHAPES = {}


def shape(fn):
    SHAPES[fn.__name__] = fn
    return fn


def join(*lines) -> str:
    return "\n".join(line for line in lines if line is not None)


def pick(r: random.Random, *options):
    return r.choice(options)


def day(c) -> str:
    return c["p"]["date"][:10]


def hhmm(r) -> str:
    return f"{r.randint(7, 20):02d}:{r.choice(['00', '15', '30', '45'])}"


def isin(r: random.Random, lk: dict) -> str:
    """An ISIN (country, nine characters, Luhn digit over the letters-as-numbers): a security, not a card."""
    body = pick(r, "US", "DE", "GB", "FR", "JP") + lk["alnum"][:9]
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = sum(d - 9 if d > 9 else d for d in
                (int(ch) * (2 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(digits))))
    return body + str((10 - total % 10) % 10)


def hard_negative(r: random.Random, lk: dict) -> str:
    """A number or word that looks like PII and is not, by construction (what makes clean messages hard)."""
    return pick(
        r, f"IMEI {lk['imei']}", f"tracking 1Z{lk['alnum'][:6]}{lk['num10']}", f"IBAN {lk['iban']}",
        f"BIC {lk['bic']}", f"ISBN {lk['isbn']}", f"EAN {lk['ean13']}", f"account {lk['account']}",
        f"routing {lk['routing']}", f"ts {lk['epoch_ms']}", f"order #{lk['num10']}", f"invoice {lk['num12']}",
        f"VIN {lk['vin']}", f"licence plate {lk['vrm']}", f"card ending in {lk['pin']}", "SSN: [redacted]",
        "phone: n/a", "card: on file", f"ISIN {isin(r, lk)}", "no SSN needed for this one",
        "I'll pay by card at the counter", "my phone died, reply here", f"duration {lk['port'] % 97}m{lk['port'] % 60:02d}s", f"driver's license {lk['alnum'][0]}{lk['num8'][:7]}",
        f"passport {lk['alnum'][:2]}{lk['num8'][:7]}", f"ticket {lk['num16'][:9]}", f"PIN reset ref {lk['num8']}",
        f"serial no. {lk['num16']}", f"MAC {lk['mac']}", f"uuid {lk['uuid']}", f"{lk['ipv6']}",
        f"loyalty no. {lk['num12']}", f"IMEI {lk['imei'].replace('-', '')}", f"ref {lk['alnum'][:3]}-{lk['num10'][3:5]}-{lk['num10'][5:9]}")


def order_no(r) -> str:
    return pick(r, "SO-", "ORD-", "INV-", "PO#", "") + str(r.randint(10_000, 9_999_999))


@shape
def vcard(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    return join(
        pick(r, "can you merge these two contacts? the export looks like this:", "Convert this vCard to CSV please",
             "why does my phone reject this .vcf?"),
        "BEGIN:VCARD", "VERSION:" + pick(r, "3.0", "4.0"),
        f"N:{p['last']};{p['first']};;;", f"FN:{p['full']}", f"ORG:{p['company']}", f"TITLE:{p['job']}",
        f"TEL;TYPE={pick(r, 'CELL', 'WORK,VOICE', 'HOME')}:{P['us_phone']}" if "us_phone" in P else None,
        f"EMAIL;TYPE=INTERNET:{P['email']}" if "email" in P else None,
        f"ADR;TYPE=WORK:;;{p['street']};{p['city']};{p['state']};{p['zip']};{p['country']}",
        f"NOTE:card on file {P['credit_card']}" if "credit_card" in P else f"NOTE:{c['fill']['catch']}; {c['hard']}",
        f"X-SSN:{P['us_ssn']}" if "us_ssn" in P else None,
        f"X-DEVICE-IMEI:{lk['imei']}" if not P else None,
        f"BDAY:{p['birth']}", f"UID:urn:uuid:{lk['uuid']}", f"REV:{lk['iso']}", "END:VCARD")


@shape
def icalendar(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    start = c["p"]["future"].replace("-", "").replace(":", "")[:15]
    desc = [c["fill"]["buzz"]]
    if "us_phone" in P:
        desc.append(f"Dial-in: {P['us_phone']}")
    if "credit_card" in P:
        desc.append(f"Deposit paid with {P['credit_card']}")
    if "us_ssn" in P:
        desc.append(f"Bring form with SSN {P['us_ssn']}")
    desc.append(c["hard"])
    desc.append(f"Meeting ID {lk['num10'][:3]} {lk['num10'][3:6]} {lk['num10'][6:]} passcode {lk['pin']}")
    return join(
        pick(r, "This invite won't import into Outlook, what's wrong:", "Summarize this calendar invite:"),
        "BEGIN:VCALENDAR", "PRODID:-//Example Corp//Cal 2.4//EN", "BEGIN:VEVENT", f"UID:{lk['uuid']}",
        f"DTSTAMP:{start}Z", f"DTSTART;TZID=Europe/Berlin:{start}", f"SUMMARY:{c['fill']['hacker'][:60]}",
        f"ORGANIZER;CN={p['full']}:mailto:{P['email']}" if "email" in P else f"ORGANIZER;CN={p['full']}:",
        f"LOCATION:{p['street']}, {p['city']}",
        "DESCRIPTION:" + "\\n".join(desc), f"SEQUENCE:{r.randint(0, 9)}", "END:VEVENT", "END:VCALENDAR")


@shape
def ldif(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    dc = lk["domain"].split(".")
    return join(
        pick(r, "ldapadd fails with 'invalid syntax' on this entry:", "Explain each attribute in this LDIF:"),
        f"dn: uid={p['username'].lower()},ou=people,dc={dc[0]},dc={dc[-1]}",
        "objectClass: inetOrgPerson", f"cn: {p['full']}", f"sn: {p['last']}", f"givenName: {p['first']}",
        f"mail: {P['email']}" if "email" in P else None,
        f"telephoneNumber: {P['us_phone']}" if "us_phone" in P else None,
        f"employeeNumber: {lk['num8']}", f"uidNumber: {r.randint(1000, 65000)}",
        f"gidNumber: {r.randint(100, 9999)}", f"title: {p['job']}",
        f"description: ssn {P['us_ssn']}" if "us_ssn" in P else None,
        f"x-billingCard: {P['credit_card']}" if "credit_card" in P else None,
        f"userPassword:: {base64.b64encode(lk['hex'].encode()).decode()}")


@shape
def mbox_qp(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    # one short line per sentence, so no soft line break of quoted-printable cuts a value in two
    body = f"Hi {o['first']},\n\n{c['fill']['desc']}.\nTotal {p['amount']} {p['currency']}, {c['hard']}."
    if "us_phone" in P:
        body += f"\nCall me back on {P['us_phone']}."
    if "credit_card" in P:
        body += f"\nCharge it to {P['credit_card']} like last time."
    if "us_ssn" in P:
        body += f"\nMy SSN for the form is {P['us_ssn']}."
    body += f"\n\n-- \n{p['full']} · {p['company']}"
    qp = quopri.encodestring(body.encode("utf-8")).decode("ascii")
    sender = f'"{p["full"]}" <{P["email"]}>' if "email" in P else f'"{p["full"]}" <[redacted]>'
    # a Message-ID has an address's syntax and is no mailbox: only some pasted headers keep it
    msg_id = f"Message-ID: <{lk['hex']}.{lk['epoch_ms']}@{lk['domain']}>" if r.random() < 0.35 else None
    return join(
        pick(r, "Decode this raw message for me, what does the body say?", "Why is the body of this mail garbled?"),
        f"From MAILER-DAEMON {lk['iso'][:19]}", msg_id,
        f"Date: {p['date']}", f"From: {sender}", f"Subject: Re: {c['fill']['catch']}",
        "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable",
        f"X-Mailer-Queue-Id: {lk['alnum']}", "", qp)


@shape
def hl7_v2(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    ts = lk["iso"][:19].replace("-", "").replace(":", "").replace("T", "")
    pid_phone = P.get("us_phone", "")
    pid_ssn = P.get("us_ssn", "")
    email = P.get("email", "")
    segs = [
        f"MSH|^~\\&|EPIC|{p['company'][:10].upper()}|LAB|HOSP|{ts}||ADT^A04|{lk['num10']}|P|2.5.1",
        f"PID|1||{lk['num8']}^^^MRN||{p['last']}^{p['first']}||{p['birth'].replace('-', '')}|{pick(r, 'F', 'M', 'U')}|||"
        f"{p['street']}^^{p['city']}^^{p['zip']}||{pid_phone}^PRN^PH^{email}|||||{lk['account']}|{pid_ssn}",
        f"PV1|1|O|CLINIC^{r.randint(100, 499)}^{r.randint(1, 9)}||||{lk['num8'][:6]}^{c['other']['last']}",
        f"OBX|1|NM|2345-7^Glucose^LN||{r.randint(70, 180)}|mg/dL|70-99|H|||F",
    ]
    if "credit_card" in P:
        segs.append(f"NTE|1||copay card {P['credit_card']}")
    sep = "\r" if r.random() < 0.2 else "\n"     # the wire form (CR) now and then, as pasted from a raw dump
    return join(pick(r, "Parse this HL7 message into JSON:", "Which field is the MRN in this ADT?"), sep.join(segs))


@shape
def fhir_json(c, P):
    import json
    p, r, lk = c["p"], c["r"], c["lk"]
    telecom = []
    if "us_phone" in P:
        telecom.append({"system": "phone", "value": P["us_phone"], "use": pick(r, "mobile", "home", "work")})
    if "email" in P:
        telecom.append({"system": "email", "value": P["email"]})
    ident = [{"system": "urn:oid:2.16.840.1.113883.4.3." + str(r.randint(1, 56)), "value": lk["alnum"]}]
    if "us_ssn" in P:
        ident.append({"system": "http://hl7.org/fhir/sid/us-ssn", "value": P["us_ssn"]})
    res = {"resourceType": "Patient", "id": lk["uuid"], "meta": {"versionId": str(r.randint(1, 12)),
           "lastUpdated": lk["iso"]}, "identifier": ident,
           "name": [{"family": p["last"], "given": [p["first"]]}], "birthDate": p["birth"],
           "address": [{"line": [p["street"]], "city": p["city"], "postalCode": p["zip"]}]}
    if telecom:
        res["telecom"] = telecom
    if "credit_card" in P:
        res["extension"] = [{"url": "http://example.org/payment-card", "valueString": P["credit_card"]}]
    return join(pick(r, "Validate this FHIR Patient resource:", "Map this FHIR resource to our SQL schema:"),
                json.dumps(res, ensure_ascii=False, indent=pick(r, 2, None)))


@shape
def edi_x12(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    ctl = f"{r.randint(1, 999999999):09d}"
    segs = [f"ISA*00*          *00*          *ZZ*{lk['alnum'][:8]:<15}*ZZ*{lk['vrm']:<15}*{day(c)[2:].replace('-', '')}*"
            f"{hhmm(r).replace(':', '')}*U*00401*{ctl}*0*P*>", f"GS*PO*SENDER*RECEIVER*{day(c).replace('-', '')}*1200*{r.randint(1, 9999)}*X*004010",
            f"ST*850*{r.randint(1000, 9999)}", f"BEG*00*SA*{order_no(r)}**{day(c).replace('-', '')}",
            f"N1*ST*{p['company']}", f"N3*{p['street']}", f"N4*{p['city']}**{p['zip']}"]
    per = f"PER*IC*{p['full']}"
    if "us_phone" in P:
        per += f"*TE*{P['us_phone']}"
    if "email" in P:
        per += f"*EM*{P['email']}"
    segs.append(per)
    if "credit_card" in P:
        segs.append(f"REF*CT*{P['credit_card']}")
    if "us_ssn" in P:
        segs.append(f"REF*SY*{P['us_ssn']}")
    segs += [f"PO1*1*{r.randint(1, 50)}*EA*{p['price']}**VP*{lk['sku']}*UP*{lk['ean13'][:12]}", f"CTT*1",
             f"SE*{len(segs) + 2}*{r.randint(1000, 9999)}", f"GE*1*{r.randint(1, 9999)}", f"IEA*1*{ctl}"]
    return join(pick(r, "What does this 850 say, line by line?", "Our EDI partner rejected this, can you spot it?"),
                "~\n".join(segs) + "~")


@shape
def sql_insert(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    cols = ["id", "full_name", "city", "created_at", "balance"]
    vals = [str(r.randint(1, 99999)), f"'{p['full']}'", f"'{p['city']}'", f"'{lk['iso'][:19].replace('T', ' ')}'",
            p["amount"]]
    for kind, col in (("email", "email"), ("us_phone", "phone"), ("credit_card", "card_number"), ("us_ssn", "ssn")):
        if kind in P:
            cols.append(col)
            vals.append(f"'{P[kind]}'")
    cols.append("external_ref")
    vals.append(f"'{lk['uuid']}'")
    return join(pick(r, "Why does this insert fail on Postgres 16?", "Rewrite this as an upsert:",
                     "-- from pg_dump, need it in mysql syntax"),
                f"INSERT INTO {pick(r, 'customers', 'crm.contacts', 'public.members')} ({', '.join(cols)})",
                f"VALUES ({', '.join(vals)});",
                f"SELECT setval('customers_id_seq', {r.randint(100000, 999999)});")


@shape
def psql_table(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    head = ["id", "name", "plan", "mrr", "signup"]
    row1 = [str(r.randint(10, 9999)), p["full"], pick(r, "pro", "team", "free"), p["price"], day(c)]
    row2 = [str(r.randint(10, 9999)), o["full"], pick(r, "pro", "team"), o["price"], o["date"][:10]]
    for kind, col in (("email", "email"), ("us_phone", "phone"), ("credit_card", "pan"), ("us_ssn", "ssn")):
        if kind in P:
            head.append(col)
            row1.append(P[kind])
            row2.append("")
    widths = [max(len(a), len(b), len(h)) for a, b, h in zip(row1, row2, head)]
    fmt = lambda row: " " + " | ".join(v.ljust(w) for v, w in zip(row, widths))  # noqa: E731
    return join(pick(r, "psql output, why are there two rows for the same plan?", "Turn this into a chart:"),
                f"app=> SELECT * FROM accounts WHERE signup > '{lk['iso'][:10]}' LIMIT 2;", fmt(head),
                "-" + "-+-".join("-" * w for w in widths) + "-", fmt(row1), fmt(row2), "(2 rows)", "",
                f"Time: {r.randint(1, 900)}.{r.randint(100, 999)} ms")


@shape
def mysql_table(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    head = ["order_id", "sku", "qty", "total", "tracking"]
    row = [order_no(r), lk["sku"], str(r.randint(1, 9)), p["price"], "1Z" + lk["alnum"] + lk["num8"]]
    for kind, col in (("email", "contact_email"), ("us_phone", "contact_phone"), ("credit_card", "card_no"),
                      ("us_ssn", "tax_ssn")):
        if kind in P:
            head.append(col)
            row.append(P[kind])
    widths = [max(len(a), len(b)) for a, b in zip(row, head)]
    bar = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    return join("mysql> SELECT * FROM orders ORDER BY created DESC LIMIT 1;", bar, line(head), bar, line(row), bar,
                f"1 row in set ({r.randint(0, 3)}.{r.randint(0, 99):02d} sec)", "",
                pick(r, "is the total including VAT here?", "why is tracking empty for some rows?",
                     "explain the schema please"))


@shape
def yaml_config(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    return join(
        pick(r, "My app won't start with this config, YAML error on line 9?", "Convert this config to TOML:"),
        "app:", f"  name: {c['fill']['noun']}-{c['fill']['verb']}", f"  version: {lk['semver']}",
        f"  listen: {lk['ipv4']}:{lk['port']}", "  db:", f"    host: db-{r.randint(1, 9)}.internal",
        f"    port: {pick(r, 5432, 3306, 6543)}", f"    pool_size: {r.randint(2, 64)}", "  alerts:",
        f"    oncall_email: {P['email']}" if "email" in P else "    oncall_email: ${ONCALL_EMAIL}",
        f"    sms_to: \"{P['us_phone']}\"" if "us_phone" in P else "    sms_to: []",
        "  billing:", f"    test_card: \"{P['credit_card']}\"" if "credit_card" in P else f"    plan_id: {lk['alnum']}",
        f"    owner_ssn: '{P['us_ssn']}'" if "us_ssn" in P else f"    vat_id: {lk['iban'][:2]}{lk['num10'][:9]}",
        f"  build: {r.randint(1000, 99999)}", f"  commit: {lk['short_sha']}", f"  timeout_ms: {r.randint(100, 60000)}")


@shape
def dotenv(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    return join(
        pick(r, "docker compose ignores my .env, here it is (keys redacted):", "which of these vars does Django read?"),
        f"APP_ENV={pick(r, 'staging', 'production', 'dev')}", f"PORT={lk['port']}", f"RELEASE={lk['semver']}",
        f"DATABASE_URL=postgres://app:***@{lk['ipv4']}:5432/app", f"SENTRY_RELEASE={lk['sha']}",
        f"ADMIN_EMAIL={P['email']}" if "email" in P else "ADMIN_EMAIL=",
        f"TWILIO_FROM=\"{P['us_phone']}\"" if "us_phone" in P else f"TWILIO_ACCOUNT_INDEX={r.randint(1, 9)}",
        f"STRIPE_TEST_CARD={P['credit_card']}" if "credit_card" in P else f"STRIPE_PRICE_ID=price_{lk['alnum']}",
        f"PAYROLL_OWNER_SSN={P['us_ssn']}" if "us_ssn" in P else f"PAYROLL_BATCH={lk['num8']}",
        f"CACHE_TTL={r.randint(30, 86400)}", f"FEATURE_FLAGS={c['fill']['adj']},{c['fill']['verb']}")


@shape
def graphql(c, P):
    import json
    p, r, lk = c["p"], c["r"], c["lk"]
    var = {"id": lk["uuid"], "input": {"displayName": p["full"], "locale": c["loc"], "zip": p["zip"]}}
    for kind, key in (("email", "email"), ("us_phone", "phone"), ("credit_card", "cardNumber"), ("us_ssn", "ssn")):
        if kind in P:
            var["input"][key] = P[kind]
    return join(pick(r, "Apollo returns 400 for this mutation, why?", "Write the resolver for this mutation:"),
                "mutation UpdateProfile($id: ID!, $input: ProfileInput!) {",
                "  updateProfile(id: $id, input: $input) { id updatedAt version }", "}", "variables:",
                json.dumps(var, ensure_ascii=False))


@shape
def soap_xml(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    body = [f"      <ns:CustomerId>{lk['num10']}</ns:CustomerId>", f"      <ns:Name>{p['full']}</ns:Name>"]
    if "email" in P:
        body.append(f"      <ns:Email>{P['email']}</ns:Email>")
    if "us_phone" in P:
        body.append(f"      <ns:Phone type=\"{pick(r, 'mobile', 'work')}\">{P['us_phone']}</ns:Phone>")
    if "credit_card" in P:
        body.append(f"      <ns:Pan>{P['credit_card']}</ns:Pan>")
    if "us_ssn" in P:
        body.append(f"      <ns:TaxId scheme=\"SSN\">{P['us_ssn']}</ns:TaxId>")
    body.append(f"      <ns:Amount currency=\"{p['currency']}\">{p['amount']}</ns:Amount>")
    return join(pick(r, "The WSDL says this envelope is invalid:", "Generate a zeep call for this request:"),
                '<?xml version="1.0" encoding="UTF-8"?>',
                '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
                'xmlns:ns="urn:example:billing:v3">',
                f"  <soapenv:Header><ns:RequestId>{lk['uuid']}</ns:RequestId></soapenv:Header>",
                "  <soapenv:Body>", "    <ns:CreateInvoice>", *body, "    </ns:CreateInvoice>", "  </soapenv:Body>",
                "</soapenv:Envelope>")


@shape
def protobuf_text(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    return join(
        pick(r, "protoc --decode gave me this, what message is it?", "Convert this textproto to JSON:"),
        f"user_id: {lk['num12']}", f"display_name: \"{p['full']}\"", f"created_ms: {lk['epoch_ms']}",
        "contact {", f"  email: \"{P['email']}\"" if "email" in P else "  email_verified: false",
        f"  phone_e164: \"{P['us_phone']}\"" if "us_phone" in P else None, "}",
        f"payment {{ pan: \"{P['credit_card']}\" exp_month: {r.randint(1, 12)} }}" if "credit_card" in P else
        f"payment {{ token: \"tok_{lk['hex']}\" }}",
        f"tax_id: \"{P['us_ssn']}\"" if "us_ssn" in P else None,
        f"device {{ imei: \"{lk['imei'].replace('-', '')}\" os_build: \"{lk['semver']}\" }}",
        f"score: {r.random():.4f}")


@shape
def http_dump(c, P):
    import json
    p, r, lk = c["p"], c["r"], c["lk"]
    body = {"orderId": order_no(r), "amount": p["amount"], "currency": p["currency"]}
    for kind, key in (("email", "receipt_email"), ("us_phone", "phone"), ("credit_card", "card"), ("us_ssn", "ssn")):
        if kind in P:
            body[key] = P[kind]
    payload = json.dumps(body, ensure_ascii=False)
    return join(pick(r, "From the HAR export, why does this POST get a 422?", "Turn this request into curl:"),
                f"POST /api/v2/checkout?session={lk['hex']} HTTP/1.1", f"Host: {lk['domain']}",
                f"User-Agent: {lk['ua']}", "Content-Type: application/json", f"Content-Length: {len(payload)}",
                f"X-Request-Id: {lk['uuid']}", f"X-Forwarded-For: {lk['ipv4']}", "", payload, "",
                "HTTP/1.1 422 Unprocessable Entity", f"Date: {lk['iso']}",
                f"Server-Timing: app;dur={r.randint(3, 900)}")


@shape
def traceback_locals(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    local = [f"    order_id = {r.randint(100000, 99999999)}", f"    retries = {r.randint(0, 5)}",
             f"    customer = <Customer id={lk['num8']} name='{p['full']}'>"]
    for kind, name in (("email", "to_addr"), ("us_phone", "sms_number"), ("credit_card", "pan"), ("us_ssn", "ssn")):
        if kind in P:
            local.append(f"    {name} = '{P[kind]}'")
    return join(pick(r, "What causes this? (traceback with locals from better-exceptions)", "fix this crash pls"),
                f"$ {p['username'].lower()}@build-{r.randint(1, 40)}:~/app$ python -m worker" if r.random() < 0.3 else None,
                "Traceback (most recent call last):",
                f"  File \"/srv/app/{lk['file'].split('.')[0]}.py\", line {r.randint(10, 900)}, in handle",
                "    result = gateway.charge(customer, amount)  # @retry(times=3) on gateway.charge",
                f"  File \"/srv/app/gateway.py\", line {r.randint(10, 400)}, in charge",
                "    raise PaymentError(resp.status_code)",
                f"PaymentError: {lk['status']}", "", "Locals at frame 'charge':", *local,
                f"    amount = Decimal('{p['amount']}')", f"    started = {lk['epoch_ms'] / 1000:.3f}")


@shape
def sentry_event(c, P):
    import json
    p, r, lk = c["p"], c["r"], c["lk"]
    user = {"id": lk["num8"], "ip_address": lk["ipv4"], "username": p["username"]}
    if "email" in P:
        user["email"] = P["email"]
    extra = {"build": r.randint(1000, 99999), "region": pick(r, "eu-west-1", "us-east-2", "ap-south-1")}
    if "us_phone" in P:
        extra["callback_number"] = P["us_phone"]
    if "credit_card" in P:
        extra["form.card"] = P["credit_card"]
    if "us_ssn" in P:
        extra["form.ssn"] = P["us_ssn"]
    ev = {"event_id": lk["uuid"].replace("-", ""), "timestamp": lk["epoch_ms"] / 1000, "platform": "javascript",
          "release": f"web@{lk['semver']}", "user": user, "extra": extra,
          "exception": {"values": [{"type": "TypeError", "value": f"Cannot read properties of undefined (reading '{c['fill']['noun']}')"}]}}
    return join(pick(r, "Sentry event JSON below, what's the root cause?", "Group these errors, first event:"),
                json.dumps(ev, ensure_ascii=False))


@shape
def spreadsheet(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    rows = [f"A1: Name\tB1: City\tC1: Amount\tD1: Due", f"A2: {p['full']}\tB2: {p['city']}\tC2: {p['amount']}\tD2: {day(c)}",
            f"A3: {o['full']}\tB3: {o['city']}\tC3: {o['amount']}\tD3: {o['date'][:10]}"]
    extra = []
    col = "E"
    for kind, head in (("email", "Email"), ("us_phone", "Phone"), ("credit_card", "Card"), ("us_ssn", "SSN")):
        if kind in P:
            extra.append(f"{col}1: {head}\t{col}2: {P[kind]}")
            col = chr(ord(col) + 1)
    return join(pick(r, "Google Sheets formula help: I need the total per city", "Why does SUMIF return 0 here?"),
                *rows, *extra, f"C4: =SUMIF(B2:B3;\"{p['city']}\";C2:C3)", f"C5: =ROUND(C4*1.{r.randint(5, 25)};2)",
                f"F7: =VLOOKUP({lk['num8']};Orders!A:F;{r.randint(2, 6)};FALSE)")


@shape
def latex(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    contact = []
    if "email" in P:
        contact.append(f"\\href{{mailto:{P['email']}}}{{{P['email']}}}")
    if "us_phone" in P:
        contact.append(f"\\faPhone\\ {P['us_phone']}")
    return join(pick(r, "My CV template won't compile, error at line 4:", "make this LaTeX header look nicer:"),
                "\\documentclass[11pt]{moderncv}", f"\\name{{{p['first']}}}{{{p['last']}}}",
                f"\\address{{{p['street']}}}{{{p['zip']} {p['city']}}}",
                ("\\extrainfo{" + " \\quad ".join(contact) + "}") if contact else f"\\title{{{p['job']}}}",
                f"\\newcommand{{\\ssn}}{{{P['us_ssn']}}}" if "us_ssn" in P else None,
                f"% payment: {P['credit_card']}" if "credit_card" in P else f"% rev {lk['short_sha']} {lk['iso'][:10]}",
                "\\begin{document}", "\\makecvtitle", f"\\section{{Experience}}\\cventry{{20{r.randint(10, 24)}--now}}"
                f"{{{p['job']}}}{{{p['company']}}}{{}}{{}}{{}}{{{c['fill']['catch']}}}", "\\end{document}")


@shape
def markdown_table(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    head, r1, r2 = ["Member", "Role", "Since"], [p["full"], p["job"], p["birth"][:4]], [o["full"], o["job"], o["birth"][:4]]
    for kind, h in (("email", "Contact"), ("us_phone", "Phone"), ("credit_card", "Card"), ("us_ssn", "SSN")):
        if kind in P:
            head.append(h)
            r1.append(P[kind])
            r2.append("—")
    md = lambda row: "| " + " | ".join(row) + " |"  # noqa: E731
    return join(f"## {c['fill']['catch']}", "", c["fill"]["desc"] + ".", "", md(head), "|" + "---|" * len(head),
                md(r1), md(r2), "", f"Build `{lk['short_sha']}` · v{lk['semver']} · port {lk['port']}", "",
                pick(r, "can you sort this README table by year?", "fix the markdown, the table doesn't render"))


@shape
def property_ad(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    rooms, area = r.randint(1, 6), r.randint(28, 260)
    contact = []
    if "us_phone" in P:
        contact.append(pick(r, "Call", "Viewings:", "WhatsApp") + f" {P['us_phone']}")
    if "email" in P:
        contact.append(f"or write to {P['email']}")
    lines = [pick(r, "Polish this listing for Zillow:", "Translate this apartment ad to English:", "Make this ad shorter:"),
             f"{rooms}-room flat, {area} m², {p['street']}, {p['zip']} {p['city']}",
             f"Rent {r.randint(4, 40) * 100} {p['currency']}/month + {r.randint(50, 400)} utilities, deposit 3 months.",
             f"Floor {r.randint(0, 12)}/{r.randint(12, 20)}, built {r.randint(1950, 2023)}, energy class {pick(r, 'A', 'B', 'C', 'D')}. "
             f"GPS {p['lat']}, {p['lon']}. Listing #{lk['num8']}.",
             " ".join(contact) if contact else pick(r, "Contact via the platform only, no phone calls.", "Agency fee 2.38 months.")]
    if "credit_card" in P:
        lines.append(f"Holding fee paid by card {P['credit_card']}, receipt attached.")
    if "us_ssn" in P:
        lines.append(f"Applicant SSN for the credit check: {P['us_ssn']}")
    return join(*lines)


@shape
def classified_ad(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    item = c["fill"]["desc"]
    parts = [f"FOR SALE: {p['product']} – {p['price']} {p['currency']} obo", item + ".",
             f"Serial {lk['alnum']}, bought {lk['iso'][:10]}, {pick(r, 'barely used', 'minor scratches', 'like new')}.",
             f"Pickup near {p['city']} {p['zip']}."]
    if "us_phone" in P:
        parts.append(pick(r, "text", "call", "txt or call") + f" {P['us_phone']} after {hhmm(r)}")
    if "email" in P:
        parts.append(f"email {P['email']}")
    if "credit_card" in P:
        parts.append(f"(seller paid listing w/ {P['credit_card']})")
    if "us_ssn" in P:
        parts.append(f"[verified seller, ssn {P['us_ssn']} on file]")
    if not ({"us_phone", "email"} & set(P)):
        parts.append("No phone number here, message me through the site.")
    parts.append(c["hard"])
    return join(pick(r, "Rewrite my Craigslist ad so it sells faster:", "Is this price fair? my ad:"), " ".join(parts))


@shape
def cv_application(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    head = [p["full"], f"{p['street']}, {p['city']} {p['zip']}"]
    if "email" in P:
        head.append(P["email"])
    if "us_phone" in P:
        head.append(f"{pick(r, 'Mobile', 'Tel', 'Phone')}: {P['us_phone']}")
    if "us_ssn" in P:
        head.append(f"SSN: {P['us_ssn']} (for the background check)")
    body = [f"Objective: {c['fill']['buzz']}.",
            f"{p['job']}, {p['company']} ({r.randint(2008, 2018)}–{r.randint(2019, 2025)})",
            f"  - cut p95 latency from {r.randint(200, 900)} ms to {r.randint(20, 190)} ms; {c['fill']['hacker']}",
            f"  - led a team of {r.randint(3, 14)}; budget {r.randint(1, 90) * 10000} {p['currency']}",
            f"Languages: {c['loc']}, English · GitHub: github.com/{p['username']}", f"References: {c['hard']}"]
    if "credit_card" in P:
        body.append(f"Application fee paid with card {P['credit_card']}")
    return join(pick(r, "Please tailor my CV for a senior role:", "Proofread my resume:"), " | ".join(head), *body)


@shape
def school_message(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    lines = [pick(r, "Help me reply politely to this school message:", "Translate this note from the school:"),
             f"Dear parents of class {r.randint(1, 12)}{pick(r, 'A', 'B', 'C')},",
             f"the trip to {o['city']} on {p['future'][:10]} leaves at {hhmm(r)} from gate {r.randint(1, 6)}. "
             f"The fee is {p['price']} {p['currency']} (ref {lk['num8']}).",
             c["sent"]]
    if "us_phone" in P:
        lines.append(f"Questions: {p['full']}, {P['us_phone']}")
    if "email" in P:
        lines.append(f"Replies to {P['email']} by {p['future'][:10]}")
    if "credit_card" in P:
        lines.append(f"(Parent reply: I paid the fee online with {P['credit_card']}, can you confirm?)")
    if "us_ssn" in P:
        lines.append(f"For the insurance form the district asks the student's SSN: {P['us_ssn']}")
    lines.append(f"Kind regards, {p['full']} — room {r.randint(100, 350)} (bus {c['hard']})")
    return join(*lines)


@shape
def prescription(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    drug = pick(r, "Amoxicillin 500 mg", "Metformin 850 mg", "Lisinopril 10 mg", "Atorvastatin 20 mg", "Ibuprofen 600 mg")
    return join(
        pick(r, "Can I take this with coffee? Here's the label:", "What does 'sig' mean on my prescription?"),
        f"Rx #{lk['num8']}  Refills: {r.randint(0, 5)}  Filled {day(c)}",
        f"Patient: {p['full']}  DOB {p['birth']}",
        f"Phone: {P['us_phone']}" if "us_phone" in P else None,
        f"SSN: {P['us_ssn']}" if "us_ssn" in P else f"Member ID {lk['alnum']}  Group {r.randint(10000, 99999)}",
        f"{drug}  #{r.randint(14, 90)}  Sig: 1 tab PO q{pick(r, 8, 12, 24)}h x {r.randint(5, 30)} days",
        f"NDC {r.randint(10000, 99999)}-{r.randint(100, 999)}-{r.randint(10, 99)}  Lot {lk['alnum'][:6]}  Exp {lk['iso'][:7]}",
        f"Prescriber DEA {pick(r, 'A', 'B', 'F')}{pick(r, 'S', 'M', 'K')}{lk['num8'][:7]}  NPI {lk['num10']}",
        f"Copay {r.randint(0, 60)}.{r.randint(0, 99):02d} paid by {P['credit_card']}" if "credit_card" in P else
        f"Copay {r.randint(0, 60)}.{r.randint(0, 99):02d} paid",
        f"e-receipt sent to {P['email']}" if "email" in P else None)


@shape
def court_filing(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    lines = [pick(r, "Summarize this filing in plain language:", "Is this notice legit? it says:"),
             f"IN THE SUPERIOR COURT OF {p['state'] or p['city']}".upper(),
             f"Case No. {r.randint(2019, 2025)}-CV-{r.randint(10000, 99999)}   Dept. {r.randint(1, 40)}",
             f"{p['full']}, Plaintiff, v. {o['company']}, Defendant.",
             f"NOTICE OF MOTION. Hearing {p['future'][:10]} at {hhmm(r)}, Courtroom {r.randint(100, 999)}.",
             f"Plaintiff seeks {p['amount']} {p['currency']} under § {r.randint(100, 9999)}.{r.randint(1, 99)} and costs."]
    if "us_ssn" in P:
        lines.append(f"Plaintiff's SSN (unredacted in error): {P['us_ssn']}")
    if "us_phone" in P:
        lines.append(f"Counsel for plaintiff, {o['full']}, tel. {P['us_phone']}")
    if "email" in P:
        lines.append(f"Service by e-mail to {P['email']} accepted.")
    if "credit_card" in P:
        lines.append(f"Filing fee charged to {P['credit_card']}.")
    lines.append(f"Bar No. {lk['num8'][:6]}  Docket entry {r.randint(1, 300)}; exhibit {c['hard']}")
    return join(*lines)


@shape
def tax_form(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    wages = r.randint(18000, 240000)
    lines = [pick(r, "Check my W-2 numbers before I file:", "Which box on this 1099 goes where on the 1040?"),
             f"Form W-2 Wage and Tax Statement {r.randint(2021, 2024)}",
             f"a Employee's social security number: {P['us_ssn']}" if "us_ssn" in P else
             "a Employee's social security number: (see copy B)",
             f"b EIN {r.randint(10, 99)}-{r.randint(1000000, 9999999)}   c {p['company']}",
             f"e {p['full']}  f {p['street']}, {p['city']} {p['zip']}",
             f"1 Wages {wages:,}.00   2 Federal tax withheld {wages // r.randint(5, 9):,}.00",
             f"3 SS wages {wages:,}.00   4 SS tax {wages * 0.062:,.2f}   5 Medicare wages {wages:,}.00",
             f"12a D {r.randint(1000, 23000)}.00   Control number {lk['num10']}"]
    if "us_phone" in P:
        lines.append(f"Payroll contact {P['us_phone']}")
    if "email" in P:
        lines.append(f"Electronic copy sent to {P['email']}")
    if "credit_card" in P:
        lines.append(f"Estimated tax payment by card {P['credit_card']}, confirmation {lk['alnum']}")
    return join(*lines)


@shape
def wedding_rsvp(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    guests = r.randint(1, 4)
    lines = [pick(r, "Help me answer this RSVP nicely:", "make a reply card out of this:"),
             f"RSVP – the {o['last']} wedding, {p['future'][:10]}, {o['city']}",
             f"Name(s): {p['full']} +{guests - 1}", f"Attending: {pick(r, 'Joyfully accepts', 'Regretfully declines')}",
             f"Meal: {c['fill']['food']} x{guests}   Table {r.randint(1, 30)}",
             f"Song request: \"{c['fill']['song']}\""]
    if "email" in P:
        lines.append(f"Send the photos link to {P['email']}")
    if "us_phone" in P:
        lines.append(f"Text me if the shuttle changes: {P['us_phone']}")
    if "credit_card" in P:
        lines.append(f"Gift registry paid with {P['credit_card']} – gift #{lk['num8']}")
    if "us_ssn" in P:
        lines.append(f"(oops, the hotel form also asked my SSN {P['us_ssn']}?)")
    return join(*lines)


def typo(r: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 6)):
        i = r.randrange(len(words))
        w = words[i]
        if len(w) > 3 and w.isalpha():
            j = r.randrange(len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


@shape
def forum_post(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    body = typo(r, f"hi all, my {c['fill']['noun']} keeps dropping after the {lk['semver']} update. "
                   f"tried {c['fill']['verb']}ing it, rebooted, even reset to factory. {c['fill']['hacker']}")
    extra = []
    if "us_phone" in P:
        extra.append(f"support told me to call {P['us_phone']} but noone picks up")
    if "email" in P:
        extra.append(f"pls dm or mail me {P['email']}")
    if "credit_card" in P:
        extra.append(f"they charged {P['credit_card']} twice for the repair wtf")
    if "us_ssn" in P:
        extra.append(f"they even asked for my ssn {P['us_ssn']} to verify warranty??")
    return join(pick(r, "Reply to this forum post with troubleshooting steps:", "summarize this thread start:"),
                f"[{c['fill']['dept']}] Re: {typo(r, c['fill']['catch'])}  (posted {lk['iso'][:16].replace('T', ' ')})",
                body + (" " + ". ".join(extra) if extra else ""),
                f"firmware {lk['hex'][:8]} / serial {lk['alnum']} / {c['hard']}",
                f"-- {p['username']}  | posts: {r.randint(1, 4000)}" + (f" | cc @{c['other']['username']}" if r.random() < 0.4 else ""))


@shape
def po_catalogue(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    entries = [("Your order {order} ships in {n} days", c["sent"] + " {order} {n}"),
               ("Card ending in {last4}", c["p"]["word"] + " {last4}"),
               ("Call us", c["fill"]["word"])]
    out = [pick(r, "Are these gettext translations consistent?", "Fix the msgstr placeholders:"),
           f"# {c['loc']} translation, {lk['iso'][:10]}", "msgid \"\"", "msgstr \"\"",
           f"\"Language: {c['loc']}\\n\"", "\"Content-Type: text/plain; charset=UTF-8\\n\"",
           f"\"Last-Translator: {p['full']} <{P['email']}>\\n\"" if "email" in P else
           f"\"Last-Translator: {p['full']}\\n\"", ""]
    for msgid, msgstr in entries:
        out += [f"#: src/{lk['file']}:{r.randint(1, 400)}", f"msgid \"{msgid}\"", f"msgstr \"{msgstr}\"", ""]
    if "us_phone" in P:
        out += ["msgid \"Support hotline\"", f"msgstr \"{P['us_phone']}\"", ""]
    if "credit_card" in P:
        out += ["#. test fixture left in by mistake", f"msgid \"{P['credit_card']}\"", "msgstr \"\"", ""]
    if "us_ssn" in P:
        out += ["#. translator note: ssn from the sample form", f"msgid \"SSN {P['us_ssn']}\"", "msgstr \"\"", ""]
    return join(*out).rstrip()


def srt_time(r: random.Random, sec: int) -> str:
    return f"{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d},{r.randint(0, 999):03d}"


@shape
def srt_subtitles(c, P):
    p, r = c["p"], c["r"]
    cues = [c["sent"], c["fill"]["hacker"], c["fill"]["catch"] + "!"]
    if "us_phone" in P:
        cues.append(f"Call now: {P['us_phone']}")
    if "email" in P:
        cues.append(f"Write to us: {P['email']}")
    if "credit_card" in P:
        cues.append(f"— Read me the card. — {P['credit_card']}.")
    if "us_ssn" in P:
        cues.append(f"— And your social? — {P['us_ssn']}.")
    r.shuffle(cues)
    t, out = r.randint(0, 5000), [pick(r, "Fix the timing of these subtitles (+2s):", "Translate these subtitles:")]
    for i, cue in enumerate(cues, 1):
        out += [str(i), f"{srt_time(r, t)} --> {srt_time(r, t + 3)}", cue, ""]
        t += r.randint(3, 9)
    return join(*out).rstrip()


@shape
def nonlatin_chat(c, P):
    p, r, lk, o = c["p"], c["r"], c["lk"], c["other"]
    sent = c["sent"]
    lines = [f"[{lk['iso'][11:16]}] {p['full']}: {sent}",
             f"[{lk['iso'][11:16]}] {o['full']}: {c['fill']['lorem']} {r.randint(2, 99)} × {p['price']}"]
    for kind in ("email", "us_phone", "credit_card", "us_ssn"):
        if kind in P:
            lines.append(f"[{lk['iso'][11:16]}] {p['full']}: {P[kind]} {pick(r, '👍', '?', '!!', '')}".rstrip())
    lines.append(f"[{lk['iso'][11:16]}] {o['full']}: {c['hard']} {c['fill']['adj']} ✅")
    return join(pick(r, "Translate this group chat to English:", "Who agreed to what in this chat?",
                     "Summarize this conversation:"), *lines)


@shape
def rtl_note(c, P):
    p, r, lk = c["p"], c["r"], c["lk"]
    rle, pdf = "\u202b", "\u202c"
    parts = [f"{rle}{c['sent']}{pdf}", f"{p['full']} — {p['city']} {p['zip']}",
             f"{rle}{c['fill']['word']} {p['amount']} {p['currency']}{pdf}"]
    for kind in ("email", "us_phone", "credit_card", "us_ssn"):
        if kind in P:
            parts.append(f"\u200f{P[kind]}\u200f" if r.random() < 0.3 else P[kind])
    parts.append(f"#{lk['num8']} · {lk['iso'][:10]} · {c['hard']}")
    return join(pick(r, "This note renders backwards in our app, why?", "Translate:"), " · ".join(parts))
