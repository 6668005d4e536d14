"""The message templates of the heldout8 set (scripts/make_heldout8.py): one function per shape.

Each takes the generator ``g`` and ``slots`` ({kind: formatted value} for the PII kinds to place, empty for a
clean message) and returns (text, locale). Every slot given must appear verbatim in the text; where a slot is
absent the template writes something that is not PII (a masked value, a placeholder, a look-alike id)."""
import json

NATIVE_DIGITS = {"ar_SY": "٠١٢٣٤٥٦٧٨٩", "fa_IR": "۰۱۲۳۴۵۶۷۸۹", "hi_IN": "०१२३४५६७८९"}


def to_native(text: str, locale: str) -> str:
    """The same text with ASCII digits written in the locale's own digits."""
    digits = NATIVE_DIGITS[locale]
    return "".join(digits[int(c)] if c.isascii() and c.isdigit() else c for c in text)


EMAIL, PHONE, CARD, SSN = "email", "us_phone", "credit_card", "us_ssn"
ALL = {EMAIL, PHONE, CARD, SSN}


def cdr(g, s):
    r, lk = g.r, g.look()
    callee = s.get(PHONE) or f"IVR-{g.n(4)}"
    rows = ["call_id,start_utc,duration_s,trunk,caller,callee,cause,bytes"]
    for _ in range(r.randint(2, 4)):
        rows.append(f"{g.n(10)},{g.date()}T{g.time()}Z,{r.randint(1, 3600)},TRK{g.n(2)},ANON,VM-{g.n(3)},"
                    f"{r.choice([16, 17, 18, 31])},{r.randint(1000, 999999)}")
    rows.insert(r.randint(1, len(rows)), f"{g.n(10)},{g.date()}T{g.time()}Z,{r.randint(1, 900)},TRK{g.n(2)},"
                f"QUEUE{g.n(2)},{callee},16,{r.randint(1000, 99999)}")
    head = r.choice(["Why do these CDR rows show cause 16 but zero bytes?", "Can you sum duration per trunk here?",
                     "parse this CDR export from the SBC (node " + lk["ip"] + ") please"])
    return head + "\n" + "\n".join(rows), "en"


def sip(g, s):
    r, lk = g.r, g.look()
    to = f"<tel:{s[PHONE]}>" if PHONE in s else f"<sip:conf-bridge@{lk['ip']}>"
    frm = f"<sip:pbx@{g.look()['ip']}>;tag={g.n(8)}"
    acct = f"\nX-Account-Email: {s[EMAIL]}" if EMAIL in s else ""
    return (f"SIP trace, why 488 Not Acceptable Here?\nINVITE sip:{lk['ip']}:{lk['port']} SIP/2.0\n"
            f"Via: SIP/2.0/UDP {g.look()['ip']}:5060;branch=z9hG4bK{g.n(9)}\nFrom: {frm}\nTo: {to}\n"
            f"Call-ID: {lk['uuid']}\nCSeq: {r.randint(1, 999)} INVITE\nUser-Agent: {lk['semver']} softswitch\n"
            f"Content-Length: {r.randint(200, 900)}{acct}"), "en"


def smtp(g, s):
    lk, p = g.look(), g.person()
    frm = s.get(EMAIL) or "MAILER-DAEMON"
    extra = f"\nX-Callback-Number: {s[PHONE]}" if PHONE in s else ""
    return (f"Our mail bounced, here are the headers:\nReturn-Path: <{frm}>\nReceived: from mx{g.n(2)}.relay "
            f"([{lk['ip']}]) by smtp-in with ESMTPS id {g.n(6)}{lk['sha'][:10]}; {g.date()} {g.time()} +0000\n"
            f"Message-ID: <{lk['uuid']}@mail.internal>\nX-Spam-Score: {g.r.randint(0, 9)}.{g.n(1)}\n"
            f"Subject: {g.words()['product']} order {g.order()}{extra}\nDKIM-Signature: v=1; a=rsa-sha256; "
            f"bh={lk['sha'][:20]}="), "en"


def dns_zone(g, s):
    r, lk = g.r, g.look()
    txt = f'contact="{s[EMAIL]}"' if EMAIL in s else f'"v=spf1 ip4:{g.look()["ip"]} -all"'
    txt2 = f'\n@ IN TXT "noc-phone={s[PHONE]}"' if PHONE in s else ""
    return (f"$TTL {r.choice([300, 3600, 86400])}\n@ IN SOA ns1.zone. hostmaster.zone. ({g.date().replace('-', '')}"
            f"{g.n(2)} 7200 3600 1209600 300)\n@ IN A {lk['ip']}\nwww IN AAAA {lk['ipv6']}\n@ IN TXT {txt}{txt2}\n"
            f"_sip._tcp IN SRV 10 60 {lk['port']} sip.zone.\nWhy does dig return SERVFAIL for this zone?"), "en"


def crontab(g, s):
    r = g.r
    mailto = f"MAILTO={s[EMAIL]}\n" if EMAIL in s else 'MAILTO=""\n'
    page = f" --page {s[PHONE]}" if PHONE in s else ""
    return (f"Is this crontab right? jobs overlap at night\n{mailto}{r.randint(0, 59)} {r.randint(0, 23)} * * "
            f"{r.randint(0, 6)} /opt/backup/run.sh --keep {r.randint(3, 30)} --bucket {g.look()['branch']}\n"
            f"*/{r.choice([5, 10, 15])} * * * * /usr/bin/flock -n /tmp/sync.lock python3 sync.py{page}\n"
            f"30 2 1 * * find /var/log -mtime +{r.randint(7, 90)} -delete"), "en"


def dockerfile(g, s):
    lk = g.look()
    label = f'LABEL maintainer="{s[EMAIL]}"\n' if EMAIL in s else f'LABEL org.opencontainers.image.revision="{lk["sha"]}"\n'
    env = f"ENV SUPPORT_PHONE=\"{s[PHONE]}\"\n" if PHONE in s else ""
    return (f"Why is this image 1.2 GB?\nFROM python:3.{g.r.randint(9, 13)}.{g.r.randint(0, 9)}-slim\n{label}{env}"
            f"ARG BUILD={g.n(5)}\nRUN pip install --no-cache-dir app=={lk['semver']}\nEXPOSE {lk['port']}\n"
            f"HEALTHCHECK --interval={g.r.randint(10, 60)}s CMD curl -f http://localhost:{lk['port']}/health"), "en"


def ci_yaml(g, s):
    lk = g.look()
    env = f"      NOTIFY: {s[EMAIL]}\n" if EMAIL in s else ""
    env += f"      ONCALL_SMS: '{s[PHONE]}'\n" if PHONE in s else ""
    return (f"my workflow fails on the cache step:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    timeout-minutes: "
            f"{g.r.randint(10, 90)}\n    env:\n      BUILD_NUMBER: {g.n(4)}\n{env}    steps:\n      - uses: "
            f"actions/checkout@{lk['sha']}\n      - uses: actions/cache@{g.look()['sha']}\n        with:\n"
            f"          key: deps-{lk['uuid']}\n      - run: make test -j{g.r.randint(2, 8)}"), "en"


def manifest(g, s):
    p, lk = g.person(), g.look()
    doc = {"name": lk["branch"], "version": lk["semver"], "description": g.words()["catch"],
           "dependencies": {g.look()["branch"]: "^" + g.look()["semver"]}}
    if EMAIL in s:
        doc["author"] = f"{p['name']} <{s[EMAIL]}>"
    if PHONE in s:
        doc["support"] = {"phone": s[PHONE]}
    return "npm says my package.json is invalid, why?\n" + json.dumps(doc, indent=2, ensure_ascii=False), "en"


def issue_json(g, s):
    p, lk, w = g.person(), g.look(), g.words()
    body = w["sentence"]
    if PHONE in s:
        body += f" Customer asked for a callback on {s[PHONE]}."
    if CARD in s:
        body += f" Payment with {s[CARD]} failed twice."
    if SSN in s:
        body += f" Verification field showed {s[SSN]} in the log."
    doc = {"key": f"OPS-{g.n(4)}", "fields": {"summary": w["phrase"][:60], "description": body,
           "reporter": {"displayName": p["name"], "emailAddress": s.get(EMAIL, f"{p['user']} (sso)")},
           "created": f"{g.date()}T{g.time()}.000+0000", "customfield_10016": g.r.randint(1, 13)}}
    return "Summarise this Jira issue for the standup:\n" + json.dumps(doc, ensure_ascii=False), "en"


def helpdesk_macro(g, s):
    p = g.person()
    phone = s.get(PHONE, "{{ticket.requester.phone}}")
    email = s.get(EMAIL, "{{ticket.requester.email}}")
    card = f"\nThe card on the ticket ({s[CARD]}) was declined." if CARD in s else ""
    return (f"Rewrite this Zendesk macro to sound friendlier:\nHi {p['first']}, thanks for reaching {p['company']}. "
            f"Ticket #{g.n(7)} is now {g.r.choice(['pending', 'on-hold', 'open'])}. We will call {phone} or write to "
            f"{email} within {g.r.randint(2, 72)} hours.{card}\n-- {g.words()['casualTitle']}"), "en"


def paging_alert(g, s):
    lk = g.look()
    who = s.get(PHONE) or "primary rotation"
    mail = f", cc {s[EMAIL]}" if EMAIL in s else ""
    return (f"PagerDuty incident #{g.n(6)} TRIGGERED: {lk['awsRegion']} p99 latency {g.r.randint(300, 9000)} ms > "
            f"500 ms for {g.r.randint(5, 30)} min on {lk['ip']}:{lk['port']}. Escalation: notify {who}{mail}. "
            f"Dedup key {lk['uuid']}. What should I check first?"), "en"


def audit_event(g, s):
    lk = g.look()
    ident = {"type": "AssumedRole", "arn": lk["arn"], "accountId": g.n(12),
             "principalId": f"AROA{g.n(12)}:{s.get(EMAIL, 'deploy-bot')}"}
    doc = {"eventVersion": "1.09", "eventTime": f"{g.date()}T{g.time()}Z", "eventName": "PutObject",
           "awsRegion": lk["awsRegion"], "sourceIPAddress": lk["ip"], "userIdentity": ident,
           "requestID": lk["awsRequestId"], "eventID": lk["uuid"]}
    if PHONE in s:
        doc["requestParameters"] = {"tagging": f"owner-phone={s[PHONE]}"}
    return "Who did this? CloudTrail event:\n" + json.dumps(doc), "en"


def payment_webhook(g, s):
    lk = g.look()
    card = {"brand": "visa", "last4": g.n(4), "exp_month": g.r.randint(1, 12), "exp_year": 2027}
    if CARD in s:
        card["number_debug"] = s[CARD]
    billing = {"email": s.get(EMAIL), "phone": s.get(PHONE), "address": {"postal_code": lk["zip"]}}
    doc = {"id": f"evt_{lk['sha'][:24]}", "type": "charge.failed", "created": int(g.epoch_ms()) // 1000,
           "data": {"object": {"amount": g.r.randint(100, 99999), "currency": "usd", "payment_method_details":
                    {"card": card}, "billing_details": billing, "failure_code": "card_declined"}}}
    return "Why did this charge fail? webhook body:\n" + json.dumps(doc), "en"


def message_log(g, s):
    lk = g.look()
    to = s.get(PHONE) or "[redacted]"
    return (f"SID SM{lk['sha'][:32]} | {g.date()} {g.time()} UTC | from: MG{g.n(6)} | to: {to} | status: "
            f"undelivered | error 30003 | segments {g.r.randint(1, 4)} | price -0.00{g.n(2)} USD\n"
            f"Twilio says 30003 for this message, what does that mean?"), "en"


def minutes(g, s):
    p1, p2, w = g.person(), g.person(), g.words()
    items = [f"- {p1['name']} to follow up on {w['product']} (budget {g.look()['amount']} EUR)",
             f"- Next review {g.date()} at {g.time()[:5]}, room {g.n(3)}"]
    if PHONE in s:
        items.append(f"- Vendor contact: {p2['name']}, {s[PHONE]}")
    if EMAIL in s:
        items.append(f"- Send deck to {s[EMAIL]}")
    return (f"Turn these minutes into an email:\nMinutes {g.date()} ({p2['company']})\nAttendees: {p1['first']}, "
            f"{p2['first']} + {g.r.randint(2, 9)}\n" + "\n".join(items) + f"\nNotes: {w['casualSentence']}"), "en"


def discharge(g, s):
    r = g.r
    ids = f"MRN {g.n(8)}"
    if SSN in s:
        ids += f", SSN {s[SSN]}"
    contact = f"\nFollow-up: call {s[PHONE]}" if PHONE in s else "\nFollow-up in clinic."
    return (f"Simplify this discharge summary for the patient:\nPatient: {g.person()['name']} ({ids})\nAdmitted "
            f"{g.date()}, discharged {g.date()}. BP {r.randint(100, 160)}/{r.randint(60, 100)}, HR {r.randint(55, 110)}, "
            f"SpO2 {r.randint(90, 99)}%. Metformin {r.choice([500, 850, 1000])} mg BID; HbA1c {r.randint(55, 99) / 10}%."
            f"{contact}"), "en"


def incident_report(g, s):
    p = g.person()
    witness = f"Witness {p['name']}, phone {s[PHONE]}" if PHONE in s else f"Witness {p['name']} declined to give details"
    ssn = f", SSN {s[SSN]}" if SSN in s else ""
    return (f"Proofread this incident report:\nCase {g.n(2)}-{g.n(6)}, Officer badge {g.n(4)}, {g.date()} "
            f"{g.time()[:5]}. Vehicle plate {g.look()['bic'][:3]}-{g.n(4)} at {p['street']}, {p['city']} {p['zip']}. "
            f"{witness}{ssn}. Damage est. ${g.look()['amount']}."), "en"


def customs(g, s):
    lk, p = g.look(), g.person()
    contact = "; ".join(x for x in (s.get(PHONE), s.get(EMAIL)) if x) or "see EORI"
    return (f"Check this customs declaration (CN23):\nSender: {p['company']}, EORI DE{g.n(12)}\nHS code "
            f"{g.n(4)}.{g.n(2)}.{g.n(2)}, {g.r.randint(1, 20)} pcs {g.words()['product']}, {g.r.randint(1, 900) / 10} kg, "
            f"value {lk['amount']} USD\nTracking {g.tracking()}, EAN {g.ean()}\nImporter contact: {contact}"), "en"


def utility_bill(g, s):
    r = g.r
    autopay = f"Autopay card: {s[CARD]}" if CARD in s else f"Autopay card: {g.masked_card()}"
    phone = s.get(PHONE, "the number on the back of this bill")
    return (f"Is this bill wrong? Account {g.n(10)}-{g.n(1)}\nMeter {g.n(8)}: {r.randint(10000, 99999)} -> "
            f"{r.randint(10000, 99999)} kWh, {r.randint(28, 33)} days, rate $0.{g.n(4)}/kWh, due {g.date()}\n"
            f"{autopay}\nQuestions? Call {phone}."), "en"


def pay_stub(g, s):
    r, p = g.r, g.person()
    ssn = s.get(SSN, f"XXX-XX-{g.n(4)}")
    return (f"Explain the deductions on my pay stub:\n{p['company']} | Employee {p['name']} | ID {g.n(6)} | SSN "
            f"{ssn}\nPeriod {g.date()} - {g.date()} | Gross {r.randint(1500, 9000)}.{g.n(2)} | Fed {r.randint(100, 900)}"
            f".{g.n(2)} | FICA {r.randint(80, 600)}.{g.n(2)} | 401k {r.randint(2, 10)}% | Net {r.randint(1000, 7000)}."
            f"{g.n(2)} | YTD {r.randint(10000, 90000)}.{g.n(2)}"), "en"


def eob(g, s):
    r = g.r
    member = f"Subscriber SSN {s[SSN]}" if SSN in s else f"Member ID W{g.n(9)}"
    return (f"What do I owe per this EOB?\nClaim {g.n(13)} | {member} | Group {g.n(6)}\nCPT 99{g.n(3)} billed "
            f"${r.randint(100, 2000)}.00 allowed ${r.randint(50, 900)}.00 plan paid ${r.randint(20, 800)}.{g.n(2)}\n"
            f"NPI {g.n(10)} | service {g.date()}"), "en"


def rental_app(g, s):
    p = g.person()
    lines = [f"Applicant: {p['name']}", f"Current address: {p['street']}, {p['city']} {p['zip']}",
             f"Employer: {p['company']} ({p['job']}), income ${g.r.randint(30, 200)}k"]
    for kind, label in ((SSN, "SSN"), (PHONE, "Phone"), (EMAIL, "Email"), (CARD, "Application fee card")):
        if kind in s:
            lines.append(f"{label}: {s[kind]}")
    if not s:
        lines.append(f"Driver's licence: {g.look()['bic'][:1]}{g.n(7)} | Passport {g.n(9)}")
    return "Fill the gaps in this rental application:\n" + "\n".join(lines), "en"


def recipe(g, s):
    r = g.r
    note = f"\n(Questions: text me at {s[PHONE]})" if PHONE in s else ""
    return (f"Scale this recipe to {r.randint(2, 12)} servings:\n{r.randint(200, 800)} g flour, {r.randint(2, 4)} eggs, "
            f"{r.randint(50, 300)} ml milk, {r.randint(1, 3)}.5 tsp salt. Bake at {r.choice([180, 200, 220])} C "
            f"({r.choice([350, 390, 425])} F) for {r.randint(20, 55)} min. Serves {r.randint(2, 8)}.{note}"), "en"


def box_score(g, s):
    r = g.r
    rows = [f"{g.person()['name']:<24} {r.randint(10, 40)} {r.randint(0, 35)} {r.randint(1, 15)}-{r.randint(15, 25)} "
            f"{r.randint(0, 12)} {r.randint(0, 15)} {r.randint(-20, 20):+d}" for _ in range(4)]
    extra = f"\nTickets: {s[EMAIL]}" if EMAIL in s else ""
    return ("Who was the best player? MIN PTS FG REB AST +/-\n" + "\n".join(rows) +
            f"\nAttendance {r.randint(8000, 20000)}, {g.date()}{extra}"), "en"


def lab_table(g, s):
    rows = [f"{g.cas()}\t{g.r.randint(10, 999)}.{g.n(2)} g/mol\t{g.look()['lat']}, {g.look()['lon']}\t"
            f"{g.r.randint(1, 99)}.{g.n(1)} %" for _ in range(3)]
    author = f"\nCorresponding author: {s[EMAIL]}" if EMAIL in s else ""
    return "Format this table for the paper (CAS, MW, site, yield):\n" + "\n".join(rows) + author, "en"


def fasta(g, s):
    seq = "".join(g.r.choice("ACGT") for _ in range(60))
    sub = f" submitter={s[EMAIL]}" if EMAIL in s else ""
    return (f"Why does BLAST reject this?\n>seq{g.n(5)} len={g.r.randint(500, 3000)} taxid={g.n(4)} "
            f"date={g.date()}{sub}\n{seq}\n{seq[::-1]}"), "en"


def forwarded(g, s):
    p1, p2 = g.person(), g.person()
    frm = s.get(EMAIL) or "[sender address removed]"
    body = g.words()["sentence"]
    if PHONE in s:
        body += f" Reach me on {s[PHONE]}."
    if CARD in s:
        body += f" I paid with {s[CARD]}."
    return (f"Reply politely to this:\n---------- Forwarded message ---------\nFrom: {p1['name']} <{frm}>\nDate: "
            f"{g.date()} {g.time()[:5]}\nSubject: Re: {g.words()['product']} {g.order()}\nTo: {p2['first']}\n\n{body}"), "en"


def business_card(g, s):
    p, lk = g.person(), g.look()
    lines = [p["name"].upper(), p["job"], p["company"]]
    lines += [f"T {s[PHONE]}"] if PHONE in s else [f"{p['street']}"]
    lines += [s[EMAIL]] if EMAIL in s else [lk["url"]]
    return "OCR of a business card, put it in a table:\n" + "\n".join(lines), "en"


def mecard(g, s):
    p = g.person()
    parts = [f"N:{p['name'].replace(' ', ',')}"]
    if PHONE in s:
        parts.append(f"TEL:{s[PHONE]}")
    if EMAIL in s:
        parts.append(f"EMAIL:{s[EMAIL]}")
    parts.append(f"URL:{g.look()['url']}")
    return f"decode this QR payload: MECARD:{';'.join(parts)};;", "en"


def deep_link(g, s):
    lk = g.look()
    q = [f"utm_campaign={g.n(6)}", f"ref={lk['uuid']}"]
    if EMAIL in s:
        q.append(f"email={s[EMAIL]}")
    if PHONE in s:
        q.append(f"phone={s[PHONE]}")
    return f"what does this link open? myapp://checkout/{g.n(8)}?{'&'.join(q)}&ts={g.epoch_ms()}", "en"


def notification_dump(g, s):
    lk = g.look()
    title = s.get(PHONE) or g.person()["first"]
    text = g.words()["casualSentence"]
    if CARD in s:
        text = f"Your card {s[CARD]} was charged {lk['amount']}"
    return (f"adb shell dumpsys notification excerpt, why no sound?\nNotificationRecord(0x{lk['sha'][:8]}: pkg=com."
            f"messaging user=UserHandle{{0}} id={g.n(4)} importance=4)\n  android.title=String ({title})\n  "
            f"android.text=String ({text})\n  when={g.epoch_ms()}"), "en"


def native_digit_chat(g, s):
    locale = g.r.choice(["ar_SY", "fa_IR", "hi_IN"])
    name = g.local_person(locale)
    native = g.r.random() < 0.7
    conv = (lambda t: to_native(t, locale)) if native else (lambda t: t)
    for kind in list(s):
        s[kind] = conv(s[kind])
    amount = conv(str(g.r.randint(10, 9000)))
    order = conv(g.n(7))
    val = " ".join(s.values())
    greet = {"ar_SY": f"مرحبا، أنا {name}. الطلب {order} بمبلغ {amount}", "fa_IR": f"سلام، {name} هستم. سفارش {order} مبلغ {amount}",
             "hi_IN": f"नमस्ते, मैं {name}. ऑर्डर {order}, राशि {amount}"}[locale]
    tail = {"ar_SY": " رقمي ", "fa_IR": " شماره من ", "hi_IN": " मेरा नंबर "}[locale] + val if s else ""
    return f"Translate to English: {greet}.{tail}", locale + ("-native" if native else "-latin")


def locale_contact(g, s):
    locale = g.r.choice(["bg_BG", "ru_RU", "uk_UA", "ja_JP", "ar_SY", "ko_KR", "el_GR", "he_IL", "th_TH", "sv_SE",
                         "nb_NO", "it_IT", "nl_NL", "ro_RO", "pt_BR", "da_DK"])
    name = g.local_person(locale)
    label = {PHONE: "\u260e", EMAIL: "\u2709", CARD: "card", SSN: "SSN"}
    bits = [f"{label[k]} {v}" for k, v in s.items()]
    ids = f"Reservation {g.look()['flight']} seat {g.r.randint(1, 40)}{g.r.choice('ABCDEF')}, IBAN {g.look()['iban']}"
    return (f"Write a short reply in the sender's language. Sender: {name}. {ids}. " + " | ".join(bits)).strip(), locale


def device_inventory(g, s):
    rows = []
    for _ in range(g.r.randint(2, 4)):
        lk = g.look()
        rows.append(f"{g.words()['product'][:18]:<18} IMEI {g.imei()}  MAC {lk['mac']}  fw {lk['semver']}  "
                    f"enrolled {g.epoch_ms()}")
    owner = [f"assigned to {v}" for v in (s.get(EMAIL), s.get(PHONE)) if v]
    return ("Which of these devices are out of date? MDM export:\n" + "\n".join(rows) +
            ("\n" + ", ".join(owner) if owner else "")), "en"


def book_order(g, s):
    r = g.r
    lines = [f"ISBN {g.isbn()}  x{r.randint(1, 5)}  {r.randint(5, 80)}.{g.n(2)} EUR" for _ in range(r.randint(2, 4))]
    pay = f"Paid with {s[CARD]}" if CARD in s else f"Paid with {r.choice(['Visa', 'Mastercard', 'PayPal'])} {g.masked_card()}"
    ship = f", ship-to phone {s[PHONE]}" if PHONE in s else ""
    return (f"Order {g.order()} from the bookshop, did they overcharge me?\n" + "\n".join(lines) +
            f"\nShipping {r.randint(3, 9)}.{g.n(2)}, tracking {g.tracking()}\n{pay}{ship}"), "en"


def securities(g, s):
    r = g.r
    rows = []
    for _ in range(r.randint(2, 4)):
        cc = r.choice(["US", "DE", "GB", "FR", "JP"])
        rows.append(f"{cc}{g.n(9)}{r.randint(0, 9)}  qty {r.randint(1, 900)}  px {r.randint(5, 900)}.{g.n(2)}  "
                    f"settle {g.date()}")
    tax = f"\nTax id on the account: {s[SSN]}" if SSN in s else f"\nW-8BEN on file, account {g.look()['account']}"
    return "Compute my unrealised P&L (ISIN, qty, price, settlement):\n" + "\n".join(rows) + tax, "en"


def bank_transfer(g, s):
    lk = g.look()
    ref = s.get(SSN)
    lines = [f"Beneficiary IBAN: {lk['iban']}", f"BIC: {lk['bic']}", f"ABA routing: {lk['routing']}",
             f"Account: {lk['account']}", f"Amount: {lk['amount']} USD, value date {g.date()}"]
    if ref:
        lines.append(f"Beneficiary SSN (for the 1099): {ref}")
    if PHONE in s:
        lines.append(f"Confirm by phone: {s[PHONE]}")
    return "Is this wire instruction complete?\n" + "\n".join(lines), "en"


def terminal_session(g, s):
    lk, p = g.look(), g.person()
    user = p["user"].lower().replace(".", "").replace("_", "")[:10] or "dev"
    host = f"build-{g.n(2)}"
    cfg = f"\n{user}@{host}:~/app$ git config user.email\n{s[EMAIL]}" if EMAIL in s else ""
    return (f"why does my decorator run twice?\n{user}@{host}:~/app$ python3 -m pytest -k cache -q\n"
            f"@functools.lru_cache(maxsize={g.r.choice([32, 128, 1024])})\n@app.route('/v{g.r.randint(1, 3)}/items')\n"
            f"{g.r.randint(1, 40)} passed, {g.r.randint(1, 3)} failed in {g.r.randint(1, 90)}.{g.n(2)}s (pid {g.n(5)})"
            f"{cfg}\n{user}@{host}:~/app$ ssh -p {lk['port']} deploy@{lk['ip']}"), "en"


SHAPES = {
    "terminal_session": {"make": terminal_session, "kinds": {EMAIL}},
    "device_inventory": {"make": device_inventory, "kinds": {EMAIL, PHONE}},
    "book_order": {"make": book_order, "kinds": {CARD, PHONE}},
    "securities": {"make": securities, "kinds": {SSN}},
    "bank_transfer": {"make": bank_transfer, "kinds": {SSN, PHONE}},
    "cdr": {"make": cdr, "kinds": {PHONE}},
    "sip": {"make": sip, "kinds": {PHONE, EMAIL}},
    "smtp": {"make": smtp, "kinds": {EMAIL, PHONE}},
    "dns_zone": {"make": dns_zone, "kinds": {EMAIL, PHONE}},
    "crontab": {"make": crontab, "kinds": {EMAIL, PHONE}},
    "dockerfile": {"make": dockerfile, "kinds": {EMAIL, PHONE}},
    "ci_yaml": {"make": ci_yaml, "kinds": {EMAIL, PHONE}},
    "manifest": {"make": manifest, "kinds": {EMAIL, PHONE}},
    "issue_json": {"make": issue_json, "kinds": ALL},
    "helpdesk_macro": {"make": helpdesk_macro, "kinds": {PHONE, EMAIL, CARD}},
    "paging_alert": {"make": paging_alert, "kinds": {PHONE, EMAIL}},
    "audit_event": {"make": audit_event, "kinds": {EMAIL, PHONE}},
    "payment_webhook": {"make": payment_webhook, "kinds": {CARD, EMAIL, PHONE}},
    "message_log": {"make": message_log, "kinds": {PHONE}},
    "minutes": {"make": minutes, "kinds": {PHONE, EMAIL}},
    "discharge": {"make": discharge, "kinds": {SSN, PHONE}},
    "incident_report": {"make": incident_report, "kinds": {PHONE, SSN}},
    "customs": {"make": customs, "kinds": {PHONE, EMAIL}},
    "utility_bill": {"make": utility_bill, "kinds": {CARD, PHONE}},
    "pay_stub": {"make": pay_stub, "kinds": {SSN}},
    "eob": {"make": eob, "kinds": {SSN}},
    "rental_app": {"make": rental_app, "kinds": ALL},
    "recipe": {"make": recipe, "kinds": {PHONE}},
    "box_score": {"make": box_score, "kinds": {EMAIL}},
    "lab_table": {"make": lab_table, "kinds": {EMAIL}},
    "fasta": {"make": fasta, "kinds": {EMAIL}},
    "forwarded": {"make": forwarded, "kinds": {EMAIL, PHONE, CARD}},
    "business_card": {"make": business_card, "kinds": {PHONE, EMAIL}},
    "mecard": {"make": mecard, "kinds": {PHONE, EMAIL}},
    "deep_link": {"make": deep_link, "kinds": {EMAIL, PHONE}},
    "notification_dump": {"make": notification_dump, "kinds": {PHONE, CARD}},
    "native_digit_chat": {"make": native_digit_chat, "kinds": ALL},
    "locale_contact": {"make": locale_contact, "kinds": ALL},
}
