"""Templates of the heldout13 set (scripts/make_heldout13.py): 50 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from
``fill``) and, in their place when a kind is absent, a substitute that is not PII. Every shape always carries
numbers that are not PII (look-alikes with their own check digits, ids, timestamps, amounts...)."""
import csv
import io
import json
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(not provided)", "N/A", "withheld", "[removed]", "on file", "--", "none", "TBD", "null"]


def shape(fn):
    SHAPES[fn.__name__] = fn
    return fn


def fill(g, kinds, locales=None):
    """A person and the PII values for ``kinds``; details name the locale, phone country, SSN form, brand."""
    p = g.person(locales)
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


# markup that may split a value: Word's run boundary, RTF bold groups
RUN_BREAK = "</w:t></w:r><w:r><w:t>"
MARKUP = (RUN_BREAK, "{\\b ", "}", "\\")


def done(text, det, v):
    """Guard: every placed value is in the text (in plain, JSON-, CSV- or URL-escaped form, markup removed)."""
    plain = text
    for m in MARKUP:
        plain = plain.replace(m, "")
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1].replace("\\", ""), value.replace('"', '""'), xml(value, True),
                 urllib.parse.quote(value, safe="@"), urllib.parse.quote_plus(value, safe="@"))
        assert any(form in plain or form in text for form in forms), (value, text)
    return text, det


def split_at(value, sep):
    k = len(value) // 2
    return value[:k] + sep + value[k:]


def to_csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def xml(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


@shape
def wallet_pass_json(g, kinds):
    p, v, det = fill(g, kinds)
    back = [{"key": "ticket", "label": "Ticket", "value": g.order_no()}, {"key": "gtin", "label": "Item", "value": g.gtin()}]
    user_info = {"tier": g.r.choice(["gold", "standard"])}
    if "email" in v and g.r.random() < 0.5:  # the pass's free userInfo dictionary, keyed by the holder's address
        user_info = {v["email"]: user_info}
    elif "email" in v:
        back.append({"key": "holder_email", "label": "Sent to", "value": v["email"]})
    if "us_phone" in v:
        back.append({"key": "support", "label": "Questions? Text us", "value": v["us_phone"]})
    if "credit_card" in v:
        back.append({"key": "paid", "label": "Paid with", "value": v["credit_card"]})
    if "us_ssn" in v:
        back.append({"key": "member", "label": "Member ID (SSN)", "value": v["us_ssn"]})
    doc = {"formatVersion": 1, "passTypeIdentifier": "pass.com.example.events", "serialNumber": g.uuid(),
           "teamIdentifier": g.hexid(10).upper(), "organizationName": "Example Arena",
           "barcodes": [{"format": "PKBarcodeFormatQR", "message": g.hexid(24), "messageEncoding": "iso-8859-1"}],
           "eventTicket": {"primaryFields": [{"key": "event", "value": f"Concert {p['city']}"}],
                           "secondaryFields": [{"key": "name", "label": "Holder", "value": name(p)}], "backFields": back},
           "userInfo": user_info, "relevantDate": g.iso_time()}
    return done("my pass.json won't install on the iPhone, the signature is fine — what's wrong with this?\n" +
                json.dumps(doc, ensure_ascii=False, indent=1), det, v)


def _adif(tag, value):
    return f"<{tag}:{len(value.encode('utf-8'))}>{value}"


@shape
def adif_log(g, kinds):
    p, v, det = fill(g, kinds)
    call = f"{g.r.choice(['K', 'W', 'N', 'DL', 'F', 'JA', 'VK'])}{g.r.randint(1, 9)}{''.join(g.r.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}"
    head = "ADIF export from logger " + g.version() + "\n" + _adif("ADIF_VER", "3.1.4") + " " + _adif("PROGRAMID", "QLog") + " <EOH>\n"
    recs = []
    for i in range(2):
        f = [_adif("CALL", call if i == 0 else call[::-1]), _adif("QSO_DATE", f"2025{g.r.randint(1, 12):02d}{g.r.randint(1, 28):02d}"),
             _adif("TIME_ON", f"{g.r.randint(0, 23):02d}{g.r.randint(0, 59):02d}"), _adif("BAND", g.r.choice(["20m", "40m", "2m"])),
             _adif("FREQ", f"{g.r.uniform(7, 14.35):.4f}"), _adif("MODE", g.r.choice(["FT8", "SSB", "CW"])), _adif("RST_SENT", "59")]
        if i == 0:
            f.append(_adif("NAME", name(p)))
            f.append(_adif("QTH", p["city"]))
            if "email" in v:
                f.append(_adif("EMAIL", v["email"]))
            if "us_phone" in v:
                f.append(_adif("COMMENT", f"sked by phone {v['us_phone']}"))
            if "us_ssn" in v:
                f.append(_adif("NOTES", f"club membership form SSN {v['us_ssn']}"))
            if "credit_card" in v:
                f.append(_adif("QSLMSG", f"QSL fee paid card {v['credit_card']}"))
        f.append(_adif("APP_QRZLOG_LOGID", str(g.r.randint(10**8, 10**10))))
        f.append(_adif("GRIDSQUARE", g.r.choice("FJKLMN") + g.r.choice("LMNOP") + str(g.r.randint(10, 99)) + g.r.choice("abcdef")))
        recs.append(" ".join(f) + " <EOR>")
    return done("LoTW rejects this ADIF file, can you spot it?\n" + head + "\n".join(recs), det, v)


@shape
def marc_record(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["=LDR  00000cam a2200000 i 4500", f"=001  {g.r.randint(10**8, 10**9)}", f"=005  2025{g.r.randint(10**9, 10**10 - 1)}.0",
            f"=020  \\\\$a{g.isbn()}$q(paperback)", f"=100  1\\$a{p['last']}, {p['first']},$eauthor.",
            f"=245  10$aNotes from {p['city']} /$c{name(p)}.", f"=264  \\1$a{p['city']} :$bSmall Press,$c{g.r.randint(1990, 2025)}.",
            f"=300  \\\\$a{g.r.randint(90, 600)} pages ;$c{g.r.randint(18, 28)} cm"]
    if "email" in v:
        rows.append(f"=500  \\\\$aAuthor contact supplied by publisher: {v['email']}.")
    if "us_phone" in v:
        rows.append(f"=500  \\\\$aDonor phone {v['us_phone']}.")
    if "us_ssn" in v:
        rows.append(f"=541  \\\\$aSource of acquisition: estate; donor SSN {v['us_ssn']} for tax receipt.")
    if "credit_card" in v:
        rows.append(f"=541  \\\\$aPurchased with card {v['credit_card']}.")
    rows.append(f"=852  \\\\$aMAIN$hPS3602$i.{p['last'][:1].upper() if p['last'].isascii() else 'X'}{g.r.randint(10, 99)} {g.r.randint(1990, 2025)}$p{g.r.randint(30000000000000, 39999999999999)}")
    return done("Cataloguer here — MarcEdit says field 541 shouldn't be in the OPAC display, ok to keep?\n" + "\n".join(rows), det, v)


@shape
def property_deed(g, kinds):
    p, v, det = fill(g, kinds)
    text = (f"RECORDING REQUESTED BY: Title Co.   Order No. {g.order_no()}\nDOC # {g.r.randint(2023, 2026)}-{g.r.randint(100000, 999999)}  "
            f"APN: {g.r.randint(100, 999)}-{g.r.randint(100, 999)}-{g.r.randint(10, 99)}\n\nGRANT DEED\n"
            f"The undersigned grantor declares documentary transfer tax is {g.amount()}.\n"
            f"FOR A VALUABLE CONSIDERATION, receipt of which is acknowledged, {name(p).upper()} hereby GRANT(S) to the trustee "
            f"the real property in the City of {p['city']}, Lot {g.r.randint(1, 80)}, Tract {g.r.randint(1000, 99999)}.\n")
    if "us_ssn" in v:
        text += f"Grantee SSN (for 1099-S): {v['us_ssn']}\n"
    text += f"MAIL TAX STATEMENTS TO: {name(p)}, {g.r.randint(10, 9999)} Ridge Rd, {p['city']}"
    if "us_phone" in v:
        text += f"  Tel {v['us_phone']}"
    if "email" in v:
        text += f"\nNotary e-mail: {v['email']}"
    if "credit_card" in v:
        text += f"\nRecording fees charged to {v['credit_card']}"
    return done("OCR of the deed we got back from the county recorder, can you fix the OCR errors?\n" + text, det, v)


@shape
def zoom_chat_save(g, kinds):
    p, v, det = fill(g, kinds)
    t = [f"{g.r.randint(9, 17):02d}:{m:02d}:{g.r.randint(10, 59)}" for m in sorted(g.r.sample(range(60), 6))]
    rows = [f"{t[0]} From {name(p)} to Everyone:\n\tHi all, slides are at the link, meeting ID {g.r.randint(100, 999)} {g.r.randint(1000, 9999)} {g.r.randint(1000, 9999)}",
            f"{t[1]} From Host to Everyone:\n\tRecording started; passcode {g.hexid(6)}"]
    if "email" in v:
        rows.append(f"{t[2]} From {name(p)} to Everyone:\n\tsend the deck to {v['email']} please")
    if "us_phone" in v:
        rows.append(f"{t[3]} From {name(p)} to Host (Direct Message):\n\tmy audio died, call me at {v['us_phone']}")
    if "credit_card" in v:
        rows.append(f"{t[4]} From {name(p)} to Host (Direct Message):\n\tfor the workshop fee: {v['credit_card']} exp 0{g.r.randint(1, 9)}/2{g.r.randint(6, 9)}")
    if "us_ssn" in v:
        rows.append(f"{t[4]} From {name(p)} to Host (Direct Message):\n\tHR form asks SSN, it's {v['us_ssn']}")
    rows.append(f"{t[5]} From Host to Everyone:\n\tthanks! webinar id {g.r.randint(10**10, 10**11)}, replay in 24h")
    return done("saved Zoom chat from today, make action items:\n" + "\n".join(rows), det, v)


@shape
def google_contacts_csv(g, kinds):
    p, v, det = fill(g, kinds)
    head = ["Name", "Given Name", "Family Name", "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
            "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name"]
    notes = []
    if "us_ssn" in v:
        notes.append(f"SSN {v['us_ssn']}")
    if "credit_card" in v:
        notes.append(f"card {v['credit_card']}")
    notes.append(f"cust {g.order_no()}")
    rows = [head, [name(p), p["first"], p["last"], "; ".join(notes), "* myContacts ::: Imported " + g.date(),
                   "* Home" if "email" in v else "", v.get("email", ""), "Mobile" if "us_phone" in v else "", v.get("us_phone", ""), "Globex"],
            ["Pharmacy", "", "", f"Rx {g.ndc()}", "* myContacts", "", "", "", "", "CVS"]]
    return done("Google Takeout contacts.csv won't import into Outlook, row 2 breaks:\n" + to_csv(rows), det, v)


@shape
def logcat(g, kinds):
    p, v, det = fill(g, kinds)
    pid, tid = g.r.randint(1000, 32000), g.r.randint(1000, 32000)
    ts = f"{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} {g.r.randint(0, 23):02d}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}"
    rows = [f"{ts}  {pid}  {tid} I ActivityManager: Start proc {pid}:com.example.wallet/u0a{g.r.randint(100, 400)}",
            f"{ts}  {pid}  {tid} D OkHttp  : --> POST https://api.example.com/v2/profile ({g.r.randint(100, 900)}-byte body)"]
    body = {"deviceId": g.imei(), "sim": g.iccid()}
    for k, key in (("email", "email"), ("us_phone", "msisdn"), ("us_ssn", "ssn"), ("credit_card", "pan")):
        if k in v:
            body[key] = v[k]
    rows.append(f"{ts}  {pid}  {tid} D OkHttp  : {json.dumps(body, ensure_ascii=False)}")
    rows.append(f"{ts}  {pid}  {tid} E AndroidRuntime: FATAL EXCEPTION: OkHttp Dispatcher, build {g.version()}")
    return done("adb logcat from the crash, what's going on?\n" + "\n".join(rows), det, v)


@shape
def nmap_scan(g, kinds):
    p, v, det = fill(g, kinds)
    ip = g.ip()
    rows = [f"Starting Nmap 7.9{g.r.randint(2, 5)} at {g.date()} 10:{g.r.randint(10, 59)} UTC", f"Nmap scan report for {ip}",
            "Host is up (0.0" + str(g.r.randint(10, 99)) + "s latency).", "PORT     STATE SERVICE  VERSION",
            "22/tcp   open  ssh      OpenSSH 9.6p1 Ubuntu", "25/tcp   open  smtp     Postfix smtpd"]
    banner = ["|_smtp-commands: mail.example.net, PIPELINING, SIZE 10240000, 8BITMIME"]
    if "email" in v:
        banner.append(f"| http-title: Router admin — contact {v['email']}")
    if "us_phone" in v:
        banner.append(f"| snmp-sysdescr: rack B4; on-call {v['us_phone']}")
    if "us_ssn" in v:
        banner.append(f"| http-comments: <!-- test user ssn {v['us_ssn']} -->")
    if "credit_card" in v:
        banner.append(f"| http-form: default value card={v['credit_card']}")
    rows += ["80/tcp   open  http     nginx 1.2" + str(g.r.randint(4, 7))] + banner
    rows.append(f"MAC Address: {g.mac().upper()} (Ubiquiti)")
    rows.append(f"Nmap done: 1 IP address (1 host up) scanned in {g.r.uniform(5, 90):.2f} seconds")
    return done("pentest scope check on my own box — is anything here a problem?\n" + "\n".join(rows), det, v)


@shape
def tcp_stream_follow(g, kinds):
    p, v, det = fill(g, kinds)
    form = {"first": p["first"], "last": p["last"], "csrf": g.hexid(32)}
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "cc_number")):
        if k in v:
            form[key] = v[k]
    body = urllib.parse.urlencode(form, safe="@")
    text = (f"POST /signup HTTP/1.1\r\nHost: {g.ip()}:8080\r\nUser-Agent: Mozilla/5.0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: sid={g.hexid(40)}\r\n\r\n{body}\nHTTP/1.1 302 Found\r\nLocation: /welcome?ref={g.order_no()}\r\n"
            f"Date: {g.iso_time()}\r\n\r\n")
    return done("Wireshark Follow TCP Stream (tcp.stream eq " + str(g.r.randint(0, 80)) + "), why is the form submitted in clear?\n" + text, det, v)


@shape
def openapi_example(g, kinds):
    p, v, det = fill(g, kinds)
    props = [("id", "string", g.uuid()), ("name", "string", name(p)), ("created", "string", g.iso_time()),
             ("routingNumber", "string", g.aba()), ("payoutIban", "string", g.iban().replace(" ", ""))]
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "taxId"), ("credit_card", "cardNumber")):
        if k in v:
            props.append((key, "string", v[k]))
    lines = ["openapi: 3.1.0", f"info: {{title: Customers API, version: {g.version()}}}", "components:", "  schemas:", "    Customer:",
             "      type: object", "      properties:"]
    for key, typ, ex in props:
        lines += [f"        {key}:", f"          type: {typ}", f"          example: {json.dumps(ex, ensure_ascii=False)}"]
    lines.append(f"      x-checksum: sha256:{g.hexid(64)}")
    return done("Swagger UI renders the example wrong, here's the spec part:\n" + "\n".join(lines), det, v)


@shape
def mail_merge(g, kinds):
    p, v, det = fill(g, kinds)
    tmpl = ("Dear «FirstName»,\nYour policy «PolicyNo» renews on «RenewalDate». Premium: «Premium».\n"
            "Questions? Reply to «AgentEmail» or call «AgentPhone».\n")
    head = ["FirstName", "LastName", "PolicyNo", "RenewalDate", "Premium", "AgentEmail", "AgentPhone", "SSN", "CardOnFile", "PayToIBAN", "MailPiece"]
    row = [p["first"], p["last"], f"POL-{g.r.randint(10**7, 10**8)}", g.date(), g.amount(), alt(g, v, "email"),
           alt(g, v, "us_phone"), alt(g, v, "us_ssn"), v.get("credit_card", g.masked_card()), g.iban(), g.tracking()]
    return done("Word mail merge prints «AgentPhone» literally, template and data source below:\n" + tmpl + "\n--- data.csv ---\n" +
                to_csv([head, row]), det, v)


@shape
def payslip_cjk(g, kinds):
    p, v, det = fill(g, kinds, ("ja", "ko", "zh"))
    loc = p["locale"]
    labels = {"ja": ("給与明細書", "氏名", "基本給", "健康保険", "差引支給額", "社員番号", "連絡先", "メール", "振込カード"),
              "ko": ("급여명세서", "성명", "기본급", "건강보험", "실지급액", "사번", "연락처", "이메일", "급여카드"),
              "zh": ("工资条", "姓名", "基本工资", "医疗保险", "实发工资", "工号", "联系电话", "邮箱", "工资卡")}[loc]
    cur = {"ja": "円", "ko": "원", "zh": "元"}[loc]
    rows = [f"{labels[0]}  {g.r.randint(2024, 2026)}年{g.r.randint(1, 12)}月", f"{labels[1]}: {p['last']}{p['first']}   {labels[5]}: {g.r.randint(100000, 999999)}",
            f"{labels[2]}: {g.r.randint(200000, 600000):,}{cur}", f"{labels[3]}: {g.r.randint(5000, 40000):,}{cur}",
            f"{labels[4]}: {g.r.randint(150000, 500000):,}{cur}"]
    if "us_phone" in v:
        rows.append(f"{labels[6]}: {v['us_phone']}")
    if "email" in v:
        rows.append(f"{labels[7]}: {v['email']}")
    if "credit_card" in v:
        rows.append(f"{labels[8]}: {v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"US SSN (海外赴任/해외/海外): {v['us_ssn']}")
    iban, bic, bank = g.bank()
    rows.append(f"IBAN: {iban}   BIC: {bic or 'n/a'}   {bank}   Ref {g.r.randint(10**9, 10**10)}")
    return done("translate this payslip into English and check the totals:\n" + "\n".join(rows), det, v)


@shape
def gdb_backtrace(g, kinds):
    p, v, det = fill(g, kinds)
    frames = [f"#0  0x{g.hexid(12)} in __strlen_avx2 () at ../sysdeps/x86_64/multiarch/strlen-avx2.S:{g.r.randint(60, 90)}",
              f"#1  0x{g.hexid(12)} in format_record (rec=0x{g.hexid(12)}) at record.c:{g.r.randint(100, 400)}", "        rec = {"]
    fields = [f"id = {g.r.randint(10**6, 10**7)}", f'name = 0x{g.hexid(12)} "{name(p)}"']
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "pan")):
        if k in v:
            fields.append(f'{key} = "{v[k]}", \'\\000\' <repeats {g.r.randint(5, 40)} times>')
    fields += [f"session_ms = {g.epoch_ms()}", f'imei = "{g.imei()}"', "next = 0x0"]
    frames += ["          " + f for f in fields] + ["        }", f"#2  0x{g.hexid(12)} in main (argc=2, argv=0x7ffd{g.hexid(8)}) at main.c:{g.r.randint(20, 80)}"]
    return done("segfault, bt full below, why strlen?\n(gdb) bt full\n" + "\n".join(frames), det, v)


@shape
def cisco_running_config(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["Building configuration...", f"! Last configuration change at {g.r.randint(0, 23):02d}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)} UTC",
            f"version {g.r.randint(15, 17)}.{g.r.randint(1, 9)}", f"hostname SW-{p['city'][:3].upper() if p['city'].isascii() else 'BR'}-{g.r.randint(1, 9)}",
            f"username netops privilege 15 secret 9 $9${g.hexid(14)}${g.hexid(43)}", f"snmp-server location Rack {g.r.randint(1, 40)}, {p['city']}"]
    if "email" in v or "us_phone" in v:
        rows.append("snmp-server contact " + " ".join(x for x in (name(p), v.get("email"), v.get("us_phone")) if x))
    rows.append("banner motd ^C")
    rows.append("Authorized access only. Asset " + g.order_no())
    if "us_ssn" in v:
        rows.append(f"Old note: badge ssn {v['us_ssn']}")
    if "credit_card" in v:
        rows.append(f"Support contract paid with {v['credit_card']}")
    rows += ["^C", f"interface Vlan{g.r.randint(2, 400)}", f" ip address {g.ip()} 255.255.255.0", f" mac-address {g.hexid(4)}.{g.hexid(4)}.{g.hexid(4)}", "end"]
    return done("show running-config — is there anything I should scrub before posting to the forum?\n" + "\n".join(rows), det, v)


@shape
def sieve_script(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ['require ["fileinto", "vacation", "body"];', f'if header :contains "subject" "{g.tracking()}" {{ fileinto "Parcels"; }}', 'if header :contains "list-id" "dev.lists.example.org" { fileinto "Lists/dev"; stop; }']
    if "email" in v:
        rows.append(f'if address :is "from" {json.dumps(v["email"], ensure_ascii=False)} {{ fileinto "Family"; stop; }}')
    if "credit_card" in v:
        rows.append(f'if body :contains "{v["credit_card"]}" {{ fileinto "Receipts"; }}')
    reason = f"Out until {g.date()}. Ticket ref {g.order_no()}."
    if "us_phone" in v:
        reason += f" Urgent: {v['us_phone']}."
    if "us_ssn" in v:
        rows.append(f'if body :contains "{v["us_ssn"]}" {{ fileinto "Tax"; }}')
    rows.append(f'vacation :days {g.r.randint(1, 14)} :subject "Away" "{reason}";')
    return done("my Sieve filter in Roundcube gives a syntax error at line 3:\n" + "\n".join(rows), det, v)


@shape
def ofx_statement(g, kinds):
    p, v, det = fill(g, kinds)
    memo = [f"POS {p['city'].upper()} {g.r.randint(1000, 9999)}"]
    if "us_phone" in v:
        memo.append(f"ZELLE TO {p['last'].upper()} {v['us_phone']}")
    if "email" in v:
        memo.append(f"ZELLE FROM {v['email']}")
    if "us_ssn" in v:
        memo.append(f"IRS TREAS 310 TAX REF {v['us_ssn']}")
    if "credit_card" in v:
        memo.append(f"CARD PMT {v['credit_card']}")
    trns = "".join(f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>2025{g.r.randint(1, 12):02d}{g.r.randint(1, 28):02d}<TRNAMT>-{g.r.randint(1, 999)}.{g.r.randint(10, 99)}"
                   f"<FITID>{g.r.randint(10**14, 10**15)}<NAME>{m[:32]}<MEMO>{m}</STMTTRN>\n" for m in memo)
    text = (f"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD\n"
            f"<BANKACCTFROM><BANKID>{g.aba()}<ACCTID>{g.r.randint(10**9, 10**10)}<ACCTTYPE>CHECKING</BANKACCTFROM>\n<BANKTRANLIST>\n{trns}"
            f"</BANKTRANLIST><LEDGERBAL><BALAMT>{g.r.randint(100, 9999)}.{g.r.randint(10, 99)}<DTASOF>{g.epoch()}</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>")
    return done("GnuCash won't import this .qfx from my bank, what's malformed?\n" + text, det, v)


@shape
def docusign_envelope(g, kinds):
    p, v, det = fill(g, kinds)
    signer = {"name": name(p), "recipientId": str(g.r.randint(1, 9)), "routingOrder": "1", "clientUserId": g.uuid()}
    if "email" in v:
        signer["email"] = v["email"]
    tabs = [{"tabLabel": "loan_no", "value": g.order_no()}, {"tabLabel": "vin", "value": g.vin()}, {"tabLabel": "aba", "value": g.aba()}]
    if "us_phone" in v:
        signer["smsAuthentication"] = {"senderProvidedNumbers": [v["us_phone"]]}
    if "us_ssn" in v:
        tabs.append({"tabLabel": "borrower_ssn", "value": v["us_ssn"]})
    if "credit_card" in v:
        tabs.append({"tabLabel": "card_on_file", "value": v["credit_card"]})
    signer["tabs"] = {"textTabs": tabs}
    env = {"envelopeId": g.uuid(), "status": "sent", "emailSubject": "Please sign: auto loan", "recipients": {"signers": [signer]}}
    return done("DocuSign API returns INVALID_TAB for this envelope definition:\n" + json.dumps(env, ensure_ascii=False, indent=2), det, v)


@shape
def i9_section1(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["Form I-9 Section 1. Employee Information and Attestation", f"Last Name: {p['last']}   First Name: {p['first']}   MI: {g.r.choice('ABCDEJKLM')}",
            f"Address: {g.r.randint(10, 9999)} Main St Apt {g.r.randint(1, 40)}  City: {p['city']}  ZIP: {g.r.randint(10000, 99999)}",
            f"Date of Birth: {g.date()}", f"U.S. Social Security Number: {alt(g, v, 'us_ssn')}",
            f"Employee's E-mail Address: {alt(g, v, 'email')}", f"Employee's Telephone Number: {alt(g, v, 'us_phone')}",
            f"[x] A noncitizen authorized to work until {g.date()}  USCIS A-Number: A{g.r.randint(10**8, 10**9)}",
            f"Form I-94 Admission Number: {g.r.randint(10**10, 10**11)}"]
    if "credit_card" in v:
        rows.append(f"Note from HR: uniform deposit charged to {v['credit_card']}")
    return done("new hire I-9, does Section 1 look complete?\n" + "\n".join(rows), det, v)


@shape
def dmv_renewal(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["VEHICLE REGISTRATION RENEWAL NOTICE", f"Plate: {g.r.choice('ABCDEFGH')}{g.r.randint(100, 999)}{g.r.choice('KLMNP')}{g.r.choice('RSTUV')}   VIN: {g.vin()}",
            f"Make/Model: {g.r.choice(['TOYT', 'HOND', 'FORD', 'SUBA'])} {g.r.randint(2008, 2025)}   Expires: {g.date()}",
            f"Registered owner: {name(p).upper()}", f"Fees due: {g.amount()}   Smog certificate #{g.r.randint(10**6, 10**7)}{g.r.choice('ABC')}",
            f"Renewal ID: {g.r.randint(10**11, 10**12)}"]
    if "credit_card" in v:
        rows.append(f"Paid online with {v['credit_card']}, confirmation {g.hexid(8).upper()}")
    if "us_phone" in v:
        rows.append(f"Text reminders to {v['us_phone']}")
    if "email" in v:
        rows.append(f"E-notice address {v['email']}")
    if "us_ssn" in v:
        rows.append(f"Owner ID verified (SSN {v['us_ssn']})")
    return done("Is this DMV notice legit or a scam text?\n" + "\n".join(rows), det, v)


@shape
def vault_kv_get(g, kinds):
    p, v, det = fill(g, kinds)
    meta = ["====== Secret Path ======", f"secret/data/apps/{p['city'].lower() if p['city'].isascii() else 'crm'}/customer", "",
            "======= Metadata =======", "Key                Value", "---                -----", f"created_time       {g.iso_time()}",
            f"version            {g.r.randint(1, 40)}", "", "====== Data ======", "Key                Value", "---                -----",
            f"api_token          hvs.{g.hexid(24)}"]
    for k, key in (("credit_card", "card_number"), ("email", "contact_email"), ("us_phone", "contact_phone"), ("us_ssn", "owner_ssn")):
        if k in v:
            meta.append(f"{key:<19}{v[k]}")
    meta += [f"iban               {g.iban()}", f"routing_number     {g.aba()}", f"account_number     {g.r.randint(10**9, 10**12)}"]
    return done("vault kv get output — should any of these even be in Vault vs our DB?\n" + "\n".join(meta), det, v)


@shape
def sms_backup_xml(g, kinds):
    p, v, det = fill(g, kinds)
    addr = v.get("us_phone") or g.r.choice(["AMAZON", "32665", "BANKALRT", "Verify"])
    bodies = [f"Your code is {g.r.randint(100000, 999999)}. Do not share it."]
    if "email" in v:
        bodies.append(f"new email is {v['email']}")
    if "credit_card" in v:
        bodies.append(f"card for the booking: {v['credit_card']}")
    if "us_ssn" in v:
        bodies.append(f"mom's ssn for the form {v['us_ssn']}")
    rows = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", f'<smses count="{len(bodies)}" backup_date="{g.epoch_ms()}" type="full">']
    for b in bodies:
        rows.append(f'  <sms protocol="0" address="{xml(addr, True)}" date="{g.epoch_ms()}" type="{g.r.choice([1, 2])}" body="{xml(b, True)}" '
                    f'contact_name="{xml(name(p), True)}" sc_toa="null" service_center="null" read="1" status="-1" />')
    rows.append("</smses>")
    return done("SMS Backup & Restore file — how do I get just the bodies into a spreadsheet?\n" + "\n".join(rows), det, v)


@shape
def line_chat_export(g, kinds):
    p, v, det = fill(g, kinds, ("ja",))
    day = f"{g.r.randint(2023, 2026)}/{g.r.randint(1, 12):02d}/{g.r.randint(1, 28):02d}({g.r.choice('月火水木金土日')})"
    rows = [f"[LINE] {p['last']}{p['first']}とのトーク履歴", f"保存日時：{day} {g.r.randint(10, 23)}:{g.r.randint(10, 59)}", "", day,
            f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t{p['last']}{p['first']}\t荷物届いた？追跡番号 {g.tracking()}"]
    if "us_phone" in v:
        rows.append(f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t{p['last']}{p['first']}\t新しい番号→{v['us_phone']}")
    if "email" in v:
        rows.append(f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t{p['last']}{p['first']}\tメールはこっち {v['email']} でお願い")
    if "credit_card" in v:
        rows.append(f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t{p['last']}{p['first']}\tカード番号{v['credit_card']}で払っといて")
    if "us_ssn" in v:
        rows.append(f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t{p['last']}{p['first']}\tアメリカの社会保障番号は{v['us_ssn']}だよ")
    rows.append(f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}\t自分\t了解、{g.amount()}送金済み（予約番号 {g.r.randint(10**9, 10**10)}）")
    return done("このLINEトーク履歴を英語に訳して要約して\n" + "\n".join(rows), det, v)


@shape
def kakaotalk_csv(g, kinds):
    p, v, det = fill(g, kinds, ("ko",))
    who = p["last"] + p["first"]
    msgs = [f"주문번호 {g.order_no()} 배송 언제 와요?"]
    if "us_phone" in v:
        msgs.append(f"제 번호 {v['us_phone']} 로 연락 주세요")
    if "email" in v:
        msgs.append(f"영수증은 {v['email']} 로 보내주세요")
    if "credit_card" in v:
        msgs.append(f"카드 {v['credit_card']} 결제 취소 부탁드려요")
    if "us_ssn" in v:
        msgs.append(f"미국 SSN {v['us_ssn']} 입니다")
    msgs.append(f"계좌 {g.iban()} 로 환불 가능?")
    rows = [["Date", "User", "Message"]] + [[f"{g.r.randint(2024, 2026)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} {g.r.randint(10, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}",
                                             who if i % 2 == 0 else "상담원", m] for i, m in enumerate(msgs)]
    return done("카카오톡 대화 내보내기 CSV인데 고객 요청만 정리해줘\n" + to_csv(rows), det, v)


@shape
def boleto_text(g, kinds):
    p, v, det = fill(g, kinds, ("pt-BR",) if g.r.random() < 0.7 else None)
    rows = ["Banco 237-2  |  Recibo do Pagador", f"Linha digitável: {g.boleto()}", f"Beneficiário: Condomínio Edifício {p['city']}   CNPJ {g.r.randint(10, 99)}.{g.r.randint(100, 999)}.{g.r.randint(100, 999)}/0001-{g.r.randint(10, 99)}",
            f"Pagador: {name(p)}", f"Vencimento: {g.date()}   Valor do documento: {g.amount()}", f"Nosso número: {g.r.randint(10**10, 10**11)}-{g.r.randint(0, 9)}"]
    if "email" in v:
        rows.append(f"Enviar 2ª via para: {v['email']}")
    if "us_phone" in v:
        rows.append(f"WhatsApp do síndico: {v['us_phone']}")
    if "credit_card" in v:
        rows.append(f"Pago via cartão {v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"Pagador estrangeiro, SSN {v['us_ssn']}")
    return done("esse boleto é verdadeiro? o código de barras não confere\n" + "\n".join(rows), det, v)


_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(g):
    """China's unified social credit code: 17 characters and a GB 32100 mod-31 check character."""
    body = "91" + str(g.r.randint(110000, 659999)) + "".join(g.r.choice(_USCC) for _ in range(9))
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(_USCC.index(c) * w for c, w in zip(body, weights))
    return body + _USCC[(31 - total % 31) % 31]


@shape
def fapiao_ocr(g, kinds):
    p, v, det = fill(g, kinds, ("zh",) if g.r.random() < 0.7 else None)
    rows = ["电子发票（普通发票）", f"发票号码：{g.r.randint(10**19, 10**20 - 1)}   开票日期：{g.r.randint(2024, 2026)}年{g.r.randint(1, 12):02d}月{g.r.randint(1, 28):02d}日",
            f"购买方 名称：{p['last']}{p['first']}   统一社会信用代码/纳税人识别号：{uscc(g)}", f"销售方 名称：{p['city']}某某科技有限公司  纳税人识别号：{uscc(g)}",
            f"项目名称 *信息技术服务*软件服务费  金额 {g.r.randint(100, 99999)}.{g.r.randint(10, 99)}  税率 6%", f"价税合计（小写）¥{g.r.randint(100, 99999)}.00"]
    if "us_phone" in v:
        rows.append(f"购买方电话：{v['us_phone']}")
    if "email" in v:
        rows.append(f"交付邮箱：{v['email']}")
    if "credit_card" in v:
        rows.append(f"付款卡号：{v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"备注：外籍人员 SSN {v['us_ssn']}")
    return done("帮我把这张发票OCR结果整理成报销表格：\n" + "\n".join(rows), det, v)


@shape
def rirekisho(g, kinds):
    p, v, det = fill(g, kinds, ("ja",))
    rows = ["履 歴 書", f"{g.r.randint(2024, 2026)}年{g.r.randint(1, 12)}月{g.r.randint(1, 28)}日現在", f"氏名　{p['last']}　{p['first']}",
            f"生年月日　{g.r.randint(1970, 2004)}年{g.r.randint(1, 12)}月{g.r.randint(1, 28)}日生（満{g.r.randint(20, 54)}歳）",
            f"現住所　〒{g.r.randint(100, 999)}-{g.r.randint(1000, 9999)}　{p['city']}市中央区{g.r.randint(1, 9)}-{g.r.randint(1, 30)}-{g.r.randint(1, 20)}",
            f"電話　{alt(g, v, 'us_phone')}", f"E-mail　{alt(g, v, 'email')}", "学歴・職歴",
            f"{g.r.randint(1995, 2020)}年4月　{p['city']}大学 工学部 入学", f"資格　TOEIC {g.r.randint(500, 990)}点（受験番号 {g.r.randint(10**11, 10**12)}）　基本情報技術者（登録番号 FE-{g.r.randint(10**6, 10**7)}）"]
    if "us_ssn" in v:
        rows.append(f"本人希望記入欄　米国勤務経験あり（SSN {v['us_ssn']}）")
    if "credit_card" in v:
        rows.append(f"備考　交通費精算カード {v['credit_card']}")
    return done("この履歴書を英文レジュメにしてください\n" + "\n".join(rows), det, v)


@shape
def geojson_feature(g, kinds):
    p, v, det = fill(g, kinds)
    lat, lon = (float(x) for x in g.coords().split(", "))
    props = {"name": f"{p['city']} pickup point", "store_id": g.r.randint(1000, 9999), "gtin_sample": g.gtin(), "updated": g.iso_time()}
    for k, key in (("us_phone", "phone"), ("email", "manager_email"), ("us_ssn", "manager_ssn"), ("credit_card", "petty_card")):
        if k in v:
            props[key] = v[k]
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                                                     "properties": props}]}
    return done("Leaflet puts this marker in the ocean, is lat/lon swapped?\n" + json.dumps(fc, ensure_ascii=False), det, v)


@shape
def whois_record(g, kinds):
    p, v, det = fill(g, kinds)
    dom = f"{p['user'].split('.')[0]}-{g.r.choice(['studio', 'bakery', 'dental', 'law'])}.{g.r.choice(['com', 'net', 'io', 'shop'])}"
    rows = [f"Domain Name: {dom.upper()}", f"Registry Domain ID: {g.r.randint(10**9, 10**10)}_DOMAIN_COM-VRSN", f"Registrar IANA ID: {g.r.randint(100, 4000)}",
            "Registrar: Example Registrar, LLC", f"Registry Registrant ID: C{g.r.randint(10**9, 10**11)}-LROR",
            f"Updated Date: {g.iso_time()}", f"Registrant Name: {name(p) if v else 'REDACTED FOR PRIVACY'}", f"Registrant City: {p['city']}"]
    if "us_phone" in v:
        ph = v["us_phone"]
        rows.append(f"Registrant Phone: {ph}")
    else:
        rows.append("Registrant Phone: REDACTED FOR PRIVACY")
    rows.append(f"Registrant Email: {v['email']}" if "email" in v else "Registrant Email: Please query the RDDS service of the Registrar of Record")
    if "us_ssn" in v:
        rows.append(f"Registrant Organization: sole proprietor, tax id {v['us_ssn']}")
    if "credit_card" in v:
        rows.append(f"Registrant Street: PAID {v['credit_card']}")
    rows += [f"Name Server: NS{g.r.randint(1, 4)}.EXAMPLEDNS.NET", "DNSSEC: signedDelegation", f"DS Key Tag: {g.r.randint(1000, 65535)}"]
    return done("whois says this about the domain that phished me, who owns it?\n" + "\n".join(rows), det, v)


@shape
def gpg_list_keys(g, kinds):
    p, v, det = fill(g, kinds)
    fpr = g.hexid(40).upper()
    uid = f"{name(p)} <{v['email']}>" if "email" in v else f"{name(p)} ({g.r.choice(['laptop', 'work', 'signing only'])})"
    rows = ["/root/.gnupg/pubring.kbx", "------------------------", f"pub   ed25519 {g.date()} [SC] [expires: {g.date()}]", f"      {fpr}",
            f"uid           [ultimate] {uid}", f"sub   cv25519 {g.date()} [E]"]
    notes = []
    if "us_phone" in v:
        notes.append(f"verified the fingerprint by phone with {v['us_phone']}")
    if "us_ssn" in v:
        notes.append(f"the notary asked for SSN {v['us_ssn']} to sign the key ceremony form")
    if "credit_card" in v:
        notes.append(f"yubikey ordered on {v['credit_card']}")
    return done("gpg --list-keys shows my new key twice?\n" + "\n".join(rows) + ("\n" + "; ".join(notes) if notes else f"\nkeygrip {g.hexid(40).upper()}"), det, v)


@shape
def cms1500_claim(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["HEALTH INSURANCE CLAIM FORM (NUCC 02/12)", f"1a. INSURED'S I.D. NUMBER  {g.r.choice('WXYZ')}{g.r.randint(10**8, 10**9)}",
            f"2. PATIENT'S NAME  {p['last'].upper()}, {p['first'].upper()}", f"5. PATIENT'S ADDRESS  {g.r.randint(10, 999)} OAK ST  {p['city']}",
            f"   TELEPHONE  {alt(g, v, 'us_phone')}", f"21. DIAGNOSIS  A. J06.9  B. R05.9", f"24A. DOS {g.date()}  24D. CPT 99213  24F. {g.amount()}  24J. NPI {g.npi()}",
            f"25. FEDERAL TAX I.D. NUMBER  {v['us_ssn'] + '  [x] SSN' if 'us_ssn' in v else g.ein() + '  [x] EIN'}",
            f"26. PATIENT'S ACCOUNT NO.  {g.r.randint(10**5, 10**6)}", f"33. BILLING PROVIDER  Clinic  NPI {g.npi()}  DEA {g.dea()}"]
    if "email" in v:
        rows.append(f"Remarks: send EOB copy to {v['email']}")
    if "credit_card" in v:
        rows.append(f"Remarks: patient paid {g.amount()} by {v['credit_card']}")
    return done("claim got rejected by the clearinghouse, which box is wrong?\n" + "\n".join(rows), det, v)


@shape
def xlsx_shared_strings(g, kinds):
    p, v, det = fill(g, kinds)
    strings = ["Name", "Email", "Phone", "Notes", name(p), alt(g, v, "email"), alt(g, v, "us_phone"),
               f"SSN {v['us_ssn']}" if "us_ssn" in v else f"lot {g.gtin()}", v.get("credit_card", g.masked_card()), f"ref {g.order_no()}"]
    body = "".join(f"<si><t>{xml(s)}</t></si>" for s in strings)
    text = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings) + 4}" uniqueCount="{len(strings)}">{body}</sst>')
    return done("unzipped the .xlsx, xl/sharedStrings.xml looks like this — why does openpyxl show shifted columns?\n" + text, det, v)


@shape
def docx_xml_runs(g, kinds):
    p, v, det = fill(g, kinds)
    runs = [f"Client: {name(p)}", f"Matter {g.r.randint(1000, 9999)}-{g.r.randint(100, 999)}"]
    for k, label in (("email", "E-mail"), ("us_phone", "Tel."), ("us_ssn", "SSN"), ("credit_card", "Retainer card")):
        if k in v:
            # Word splits text into runs where spell-check or formatting changed, often inside a number
            runs.append(f"{label}: " + (split_at(v[k], RUN_BREAK) if g.r.random() < 0.5 else v[k]))
    runs += [f"ISBN {g.isbn()}", f"Shipment SSCC {g.sscc()}"]
    paras = "".join(f'<w:p><w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">{r}</w:t></w:r></w:p>' for r in runs)
    return done("python-docx find/replace misses text in word/document.xml, excerpt:\n<w:body>" + paras + "</w:body>", det, v)


@shape
def rtf_snippet(g, kinds):
    p, v, det = fill(g, kinds)
    parts = [f"{{\\rtf1\\ansi\\deff0{{\\fonttbl{{\\f0 Calibri;}}}}\\f0\\fs22 ", f"Dear {name(p)},\\par ",
             f"Invoice {g.order_no()} of {g.date()} totals {g.amount()}.\\par "]
    for k, label in (("email", "Reply to"), ("us_phone", "Call"), ("us_ssn", "TIN on file"), ("credit_card", "Charged to")):
        if k in v:
            val = f"{{\\b {v[k]}}}" if g.r.random() < 0.5 else v[k]
            parts.append(f"{label}: {val}\\par ")
    iban, bic, bank = g.bank()
    parts.append(f"Bank: {bank}, IBAN {iban}, BIC {bic or '-'}\\par Pallet {g.sscc()}\\par }}")
    return done("this came out of WordPad as .rtf, how do I turn it into plain text in Python?\n" + "".join(parts), det, v)


@shape
def xfdf_form_data(g, kinds):
    p, v, det = fill(g, kinds)
    fields = [("applicant_name", name(p)), ("city", p["city"]), ("form_id", g.uuid()), ("case_no", g.order_no()), ("bank_routing", g.aba())]
    for k, key in (("us_ssn", "ssn"), ("email", "email"), ("us_phone", "day_phone"), ("credit_card", "payment_card")):
        fields.append((key, v.get(k, "")))
    body = "\n".join(f'    <field name="{k}"><value>{xml(val)}</value></field>' for k, val in fields)
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">\n  <f href="application_{g.r.randint(100, 999)}.pdf"/>\n'
            f"  <fields>\n{body}\n  </fields>\n  <ids original=\"{g.hexid(32).upper()}\" modified=\"{g.hexid(32).upper()}\"/>\n</xfdf>")
    return done("exported the PDF form data as XFDF; how do I fill a second PDF with it using pdftk?\n" + text, det, v)


@shape
def citation_cff(g, kinds):
    p, v, det = fill(g, kinds)
    lines = ["cff-version: 1.2.0", 'message: "If you use this software, please cite it as below."', "authors:",
             f'  - family-names: "{p["last"]}"', f'    given-names: "{p["first"]}"', f'    orcid: "https://orcid.org/{g.orcid()}"']
    if "email" in v:
        lines.append(f"    email: {json.dumps(v['email'], ensure_ascii=False)}")
    if "us_phone" in v:
        lines.append(f'    tel: "{v["us_phone"]}"')
    lines += [f'  - name: "{p["city"]} Lab"', f'title: "toolkit"', f"version: {g.version()}", f"doi: 10.5281/zenodo.{g.r.randint(10**6, 10**7)}", "identifiers:", "  - type: swh", f'    value: "swh:1:dir:{g.hexid(40)}"',
              f'date-released: "{g.r.randint(2020, 2026)}-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}"']
    if "us_ssn" in v:
        lines.append(f"# grant paperwork: PI SSN {v['us_ssn']} (remove before release!)")
    if "credit_card" in v:
        lines.append(f"# zenodo fee card {v['credit_card']}")
    return done("GitHub says my CITATION.cff is invalid:\n" + "\n".join(lines), det, v)


@shape
def baggage_pir(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"PROPERTY IRREGULARITY REPORT  File Ref: {g.r.choice(['FRA', 'CDG', 'IST', 'ORD'])}{g.r.choice(['LH', 'AF', 'TK', 'UA'])}{g.r.randint(10000, 99999)}",
            f"Name: {p['last'].upper()}/{p['first'].upper()}", f"Bag tag: {g.bag_tag()}   Colour/Type: BK22X   Flight {g.r.choice(['LH', 'AF', 'TK', 'UA'])}{g.r.randint(100, 9999)} SEQ {g.r.randint(1, 400):03d}", f"Routing: {g.r.choice(['MUC', 'JFK', 'NRT'])}/{g.r.choice(['LHR', 'GRU', 'DXB'])}",
            f"Permanent address: {p['city']}", f"Temporary address: Hotel until {g.date()}"]
    rows.append(f"Contact phone: {alt(g, v, 'us_phone')}")
    rows.append(f"Email: {alt(g, v, 'email')}")
    if "credit_card" in v:
        rows.append(f"Interim expenses card: {v['credit_card']}")
    if "us_ssn" in v:
        rows.append(f"Passenger ID: SSN {v['us_ssn']}")
    rows.append(f"Ticket: {g.r.randint(100, 999)}-{g.r.randint(10**9, 10**10)}")
    return done("my suitcase is lost, this is the PIR they gave me, what should I claim?\n" + "\n".join(rows), det, v)


@shape
def powershell_aduser(g, kinds):
    p, v, det = fill(g, kinds)
    sam = (p["user"].split(".")[0])[:12]
    rows = [f"PS C:\\> Get-ADUser {sam} -Properties * | Select Name,EmailAddress,OfficePhone,EmployeeID,info", "",
            f"Name         : {name(p)}", f"EmailAddress : {v.get('email', '')}", f"OfficePhone  : {v.get('us_phone', '')}",
            f"EmployeeID   : {v.get('us_ssn', g.r.randint(100000, 999999))}", f"info         : {('P-card ' + v['credit_card']) if 'credit_card' in v else 'migrated ' + g.date()}",
            f"ObjectGUID   : {g.uuid()}", f"SID          : S-1-5-21-{g.r.randint(10**9, 4 * 10**9)}-{g.r.randint(10**9, 4 * 10**9)}-{g.r.randint(1000, 99999)}"]
    return done("why does EmployeeID show this value? AD output:\n" + "\n".join(rows), det, v)


@shape
def windows_event_xml(g, kinds):
    p, v, det = fill(g, kinds)
    data = [("SubjectUserSid", f"S-1-5-21-{g.r.randint(10**9, 4 * 10**9)}-{g.r.randint(1000, 9999)}"), ("TargetUserName", p["user"].split(".")[0]),
            ("IpAddress", g.ip()), ("LogonGuid", "{" + g.uuid().upper() + "}")]
    for k, key in (("email", "TargetUserPrincipalName"), ("us_phone", "CallbackNumber"), ("us_ssn", "Comment"), ("credit_card", "ProcessCommandLine")):
        if k in v:
            data.append((key, v[k] if k != "credit_card" else f"pay.exe --card {v[k]}"))
    ed = "".join(f'<Data Name="{k}">{xml(val)}</Data>' for k, val in data)
    text = (f'<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing" '
            f'Guid="{{{g.uuid()}}}"/><EventID>{g.r.choice([4624, 4688, 4738])}</EventID><TimeCreated SystemTime="{g.iso_time()}"/>'
            f"<EventRecordID>{g.r.randint(10**6, 10**8)}</EventRecordID><Computer>WS-{g.r.randint(100, 999)}.corp.local</Computer></System>"
            f"<EventData>{ed}</EventData></Event>")
    return done("SIEM flagged this event, is it suspicious?\n" + text, det, v)


@shape
def radius_detail(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"{g.r.choice(['Mon', 'Tue', 'Wed'])} Mar {g.r.randint(1, 28)} {g.r.randint(10, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)} 2025",
            f'\tUser-Name = "{v.get("email", p["user"].split(".")[0] + "@realm") if "email" in v else p["user"].split(".")[0]}"',
            "\tAcct-Status-Type = Start", f'\tAcct-Session-Id = "{g.hexid(16).upper()}"', f"\tFramed-IP-Address = {g.ip()}",
            f'\tCalled-Station-Id = "{g.mac().upper().replace(":", "-")}:CorpWiFi"',
            f'\tCalling-Station-Id = "{v["us_phone"] if "us_phone" in v else g.mac().upper().replace(":", "-")}"',
            f"\tNAS-IP-Address = {g.ip()}", f"\tEvent-Timestamp = {g.epoch()}"]
    if "us_ssn" in v:
        rows.append(f'\tClass = "emp-ssn:{v["us_ssn"]}"')
    if "credit_card" in v:
        rows.append(f'\tReply-Message = "billing {v["credit_card"]}"')
    return done("FreeRADIUS detail file, why is accounting stopping after Start?\n" + "\n".join(rows), det, v)


@shape
def cloudtrail_event(g, kinds):
    p, v, det = fill(g, kinds)
    params = {"topicArn": f"arn:aws:sns:us-east-1:{g.r.randint(10**11, 10**12 - 1)}:alerts"}
    if "us_phone" in v:
        params["phoneNumber"] = v["us_phone"]
    if "email" in v:
        params["endpoint"] = v["email"]
    if "us_ssn" in v:
        params["message"] = f"verify ssn {v['us_ssn']}"
    if "credit_card" in v:
        params["messageAttributes"] = {"card": {"dataType": "String", "stringValue": v["credit_card"]}}
    rec = {"eventVersion": "1.09", "userIdentity": {"type": "AssumedRole", "principalId": f"AROA{g.hexid(16).upper()}:session"},
           "eventTime": g.iso_time(), "eventSource": "sns.amazonaws.com", "eventName": "Publish" if len(params) > 1 else "ListSubscriptions",
           "sourceIPAddress": g.ip(), "requestParameters": params, "requestID": g.uuid(), "eventID": g.uuid()}
    return done("CloudTrail record from our account, what did this role do?\n" + json.dumps(rec, ensure_ascii=False, indent=1), det, v)


@shape
def strace_output(g, kinds):
    p, v, det = fill(g, kinds)
    pid = g.r.randint(1000, 60000)
    rows = [f'{pid}  openat(AT_FDCWD, "/var/lib/app/cache/{g.hexid(8)}.db", O_RDWR|O_CLOEXEC) = 3',
            f'{pid}  connect(4, {{sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("{g.ip()}")}}, 16) = 0']
    payload = f"INSERT INTO users(name) VALUES('{name(p)}')"
    extra = [v[k] for k in ("email", "us_phone", "us_ssn", "credit_card") if k in v]
    if extra:
        payload = f"UPDATE users SET contact='{extra[0]}'" + "".join(f", note='{x}'" for x in extra[1:]) + f" WHERE id={g.r.randint(1, 99999)}"
    rows.append(f'{pid}  sendto(4, "Q\\0\\0\\0{len(payload):03o}{payload}\\0", {len(payload) + 6}, MSG_NOSIGNAL, NULL, 0) = {len(payload) + 6}')
    rows.append(f'{pid}  read(3, "imei={g.imei()};iccid={g.iccid()}\\n", 4096) = {g.r.randint(40, 60)}')
    rows.append(f'{pid}  recvfrom(4, "C\\0\\0\\0\\rUPDATE 1\\0", 16384, 0, NULL, NULL) = {g.r.randint(14, 40)}')
    rows.append(f"{pid}  futex(0x{g.hexid(12)}, FUTEX_WAIT_PRIVATE, 0, NULL) = -1 EAGAIN (Resource temporarily unavailable)")
    return done("strace -f -s 256 of the hung worker, what is it waiting on?\n" + "\n".join(rows), det, v)


@shape
def parquet_schema_dump(g, kinds):
    p, v, det = fill(g, kinds)
    cols = [("customer_id", "INT64", g.r.randint(10**6, 10**7)), ("full_name", "BYTE_ARRAY (STRING)", name(p)), ("created_at", "INT96", g.iso_time()),
            ("payout_iban", "BYTE_ARRAY (STRING)", g.iban()), ("device_imei", "BYTE_ARRAY (STRING)", g.imei())]
    for k, key in (("email", "email"), ("us_phone", "phone"), ("us_ssn", "ssn"), ("credit_card", "card_number")):
        if k in v:
            cols.append((key, "BYTE_ARRAY (STRING)", v[k]))
    schema = "message spark_schema {\n" + "\n".join(f"  optional {t.split()[0].lower()} {c}{' (STRING)' if 'STRING' in t else ''};" for c, t, _ in cols) + "\n}"
    head = "\n".join(f"{c} = {val}" for c, _, val in cols)
    return done(f"parquet-tools schema + head -n 1 of part-{g.r.randint(0, 199):05d}-{g.uuid()}.snappy.parquet:\n{schema}\n\n{head}\n"
                f"row group 0: RC:{g.r.randint(1000, 99999)} TS:{g.r.randint(10**5, 10**7)}", det, v)


@shape
def mediawiki_infobox(g, kinds):
    p, v, det = fill(g, kinds)
    lines = ["{{Infobox person", f"| name        = {name(p)}", f"| birth_place = [[{p['city']}]]", f"| occupation  = Sculptor",
             f"| website     = {{{{URL|{p['user'].replace('.', '')}.art}}}}"]
    if "email" in v:
        lines.append(f"| email       = {v['email']}")
    if "us_phone" in v:
        lines.append(f"| phone       = {v['us_phone']}")
    lines.append("}}")
    lines.append(f"'''{name(p)}''' is a sculptor from {p['city']}.<ref>{{{{cite book |isbn={g.isbn()} |year={g.r.randint(1990, 2024)}}}}}</ref>")
    if "us_ssn" in v:
        lines.append(f"<!-- for the grant: SSN {v['us_ssn']} -->")
    if "credit_card" in v:
        lines.append(f"<!-- commission paid by {v['credit_card']} -->")
    lines.append(f"[[Category:Living people]] <!-- rev {g.r.randint(10**9, 2 * 10**9)} -->")
    return done("my draft article was declined, what in the wikitext is against the rules?\n" + "\n".join(lines), det, v)


@shape
def typeform_response(g, kinds):
    p, v, det = fill(g, kinds)
    answers = [{"type": "text", "text": name(p), "field": {"id": g.hexid(12), "ref": "full_name", "type": "short_text"}},
               {"type": "choice", "choice": {"label": p["city"]}, "field": {"id": g.hexid(12), "ref": "city", "type": "dropdown"}}]
    if "email" in v:
        answers.append({"type": "email", "email": v["email"], "field": {"id": g.hexid(12), "ref": "email", "type": "email"}})
    if "us_phone" in v:
        answers.append({"type": "phone_number", "phone_number": v["us_phone"], "field": {"id": g.hexid(12), "ref": "phone", "type": "phone_number"}})
    if "us_ssn" in v:
        answers.append({"type": "text", "text": v["us_ssn"], "field": {"id": g.hexid(12), "ref": "ssn_last_or_full", "type": "short_text"}})
    if "credit_card" in v:
        answers.append({"type": "text", "text": v["credit_card"], "field": {"id": g.hexid(12), "ref": "payment", "type": "short_text"}})
    ev = {"event_id": g.hexid(26).upper(), "event_type": "form_response", "form_response": {"form_id": g.hexid(8), "token": g.hexid(32),
          "submitted_at": g.iso_time(), "hidden": {"utm_campaign": f"spring{g.r.randint(20, 26)}", "order_id": g.order_no(), "gtin": g.gtin()}, "answers": answers}}
    return done("Typeform webhook payload; my Zapier step can't find the phone field:\n" + json.dumps(ev, ensure_ascii=False), det, v)


@shape
def bitwarden_export(g, kinds):
    p, v, det = fill(g, kinds)
    items = [{"id": g.uuid(), "type": 1, "name": "router admin", "login": {"username": "admin", "password": g.hexid(16),
                                                                        "totp": None, "uris": [{"uri": f"http://{g.ip()}"}]}}]
    if "credit_card" in v:
        items.append({"id": g.uuid(), "type": 3, "name": "Everyday card", "card": {"cardholderName": name(p), "brand": det.split("card=")[-1],
                                                                               "number": v["credit_card"], "expMonth": str(g.r.randint(1, 12)),
                                                                               "expYear": str(g.r.randint(2026, 2031)), "code": None}})
    ident = {k: v[kk] for k, kk in (("email", "email"), ("phone", "us_phone"), ("ssn", "us_ssn")) if kk in v}
    if ident:
        items.append({"id": g.uuid(), "type": 4, "name": "Me", "identity": {"firstName": p["first"], "lastName": p["last"], "city": p["city"], **ident}})
    items.append({"id": g.uuid(), "type": 2, "name": "wifi", "notes": f"WPA2 key {g.hexid(20)}, serial {g.imei()}", "secureNote": {"type": 0}})
    doc = {"encrypted": False, "folders": [{"id": g.uuid(), "name": "Home"}], "items": items}
    return done("Bitwarden JSON export won't import into KeePassXC, what field is wrong? (I'll delete it after)\n" +
                json.dumps(doc, ensure_ascii=False, indent=1), det, v)


@shape
def apex_debug_log(g, kinds):
    p, v, det = fill(g, kinds)
    t = f"{g.r.randint(10, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}"
    rec = f"003{g.hexid(12).upper()}"
    rows = [f"{g.r.randint(55, 62)}.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO;DB,INFO", f"{t} ({g.r.randint(10**7, 10**8)})|EXECUTION_STARTED",
            f"{t} ({g.r.randint(10**7, 10**8)})|CODE_UNIT_STARTED|[EXTERNAL]|01p{g.hexid(12).upper()}|ContactTrigger on Contact trigger event BeforeUpdate"]
    for k, label in (("email", "Email"), ("us_phone", "MobilePhone"), ("us_ssn", "SSN__c"), ("credit_card", "Card_Number__c")):
        if k in v:
            rows.append(f"{t} ({g.r.randint(10**7, 10**8)})|USER_DEBUG|[{g.r.randint(10, 99)}]|DEBUG|{label} => {v[k]}")
    rows.append(f"{t} ({g.r.randint(10**7, 10**8)})|VARIABLE_ASSIGNMENT|[{g.r.randint(10, 99)}]|acct.Routing__c|\"{g.aba()}\"")
    rows.append(f"{t} ({g.r.randint(10**7, 10**8)})|USER_DEBUG|[{g.r.randint(10, 99)}]|DEBUG|Device_IMEI__c => {g.imei()}")
    rows += [f"{t} ({g.r.randint(10**7, 10**8)})|SOQL_EXECUTE_BEGIN|[{g.r.randint(10, 99)}]|Aggregations:0|SELECT Id FROM Contact WHERE Id = '{rec}'",
             f"{t} ({g.r.randint(10**7, 10**8)})|FATAL_ERROR|System.LimitException: Too many SOQL queries: 101",
             f"{t} ({g.r.randint(10**7, 10**8)})|CUMULATIVE_LIMIT_USAGE|Number of SOQL queries: 101 out of 100 ******* CLOSE TO LIMIT"]
    return done(f"Apex debug log for {name(p)}'s record update, why the limit exception?\n" + "\n".join(rows), det, v)


def _influx_tag(value):
    return value.replace(" ", "\\ ").replace(",", "\\,").replace("=", "\\=")


@shape
def influx_line_protocol(g, kinds):
    p, v, det = fill(g, kinds)
    ts = g.epoch() + "000000000"
    rows = [f"cpu,host=web-{g.r.randint(1, 40)},region=eu-west usage_idle={g.r.uniform(10, 99):.2f},usage_user={g.r.uniform(0, 60):.2f} {ts}",
            f"http_requests,route=/checkout,status=200 count={g.r.randint(1, 9999)}i,p99_ms={g.r.uniform(50, 900):.1f} {ts}"]
    tags = [f"user_id={g.r.randint(10**5, 10**6)}"]
    fields = [f"amount={g.r.randint(1, 999)}.{g.r.randint(10, 99)}", f'order="{g.order_no()}"']
    if "email" in v:
        if " " not in v["email"]:
            tags.append(f"email={_influx_tag(v['email'])}")
        fields.append(f"contact={json.dumps(v['email'], ensure_ascii=False)}")
    if "us_phone" in v:
        fields.append(f'phone="{v["us_phone"]}"')
    if "us_ssn" in v:
        fields.append(f'ssn="{v["us_ssn"]}"')
    if "credit_card" in v:
        fields.append(f'pan="{v["credit_card"]}"')
    rows.append(f"checkout_event,{','.join(tags)} {','.join(fields)} {ts}")
    return done("Telegraf writes these lines to InfluxDB but the last one is rejected (partial write). Why?\n" + "\n".join(rows), det, v)


@shape
def org_contacts(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["#+TITLE: contacts", "#+STARTUP: overview", f"* {name(p)}", ":PROPERTIES:"]
    if "email" in v:
        rows.append(f":EMAIL:    {v['email']}")
    if "us_phone" in v:
        rows.append(f":PHONE:    {v['us_phone']}")
    rows += [f":ADDRESS:  {p['city']}", f":BIRTHDAY: {g.date()}", f":ID:       {g.uuid()}", ":END:",
             f"** TODO return the book ISBN {g.isbn()} SCHEDULED: <{g.r.randint(2025, 2026)}-{g.r.randint(1, 12):02d}-{g.r.randint(10, 28)} Mon>"]
    if "us_ssn" in v:
        rows.append(f"** note: for the 529 plan form, SSN {v['us_ssn']}")
    if "credit_card" in v:
        rows.append(f"** note: shared Costco card {v['credit_card']}")
    rows.append(f"** gift budget {g.amount()}")
    lead = next((v[k] for k in ("us_phone", "email") if k in v), None)
    if lead and g.r.random() < 0.5:  # the value the question is about comes first
        return done(f"{lead} never shows up in org-contacts completion, is the drawer wrong?\n" + "\n".join(rows), det, v)
    return done("org-contacts doesn't pick up this entry in completion, is the drawer wrong?\n" + "\n".join(rows), det, v)


@shape
def gha_run_log(g, kinds):
    p, v, det = fill(g, kinds)
    ts = g.iso_time()[:19] + "."
    rows = [f"{ts}0000000Z ##[group]Run ./scripts/seed_staging.sh", f"{ts}1000000Z shell: /usr/bin/bash -e {{0}}",
            f"{ts}1000000Z env:", f"{ts}1000000Z   RUN_ID: {g.r.randint(10**9, 10**10)}", f"{ts}1000000Z ##[endgroup]",
            f"{ts}2000000Z seeding {g.r.randint(10, 500)} rows, commit {g.hexid(40)}"]
    for k, label in (("email", "admin user"), ("us_phone", "sms sender"), ("us_ssn", "fixture ssn"), ("credit_card", "test card")):
        if k in v:
            rows.append(f"{ts}3000000Z {label}: {v[k]}")
    rows += [f"{ts}4000000Z ##[error]Process completed with exit code {g.r.choice([1, 2, 127])}.",
             f"{ts}5000000Z Post job cleanup. Artifact {g.uuid()} ({g.r.randint(1, 900)} kB)"]
    return done("our GitHub Actions job fails, raw log (download log archive):\n" + "\n".join(rows), det, v)


@shape
def adaptive_card(g, kinds):
    p, v, det = fill(g, kinds)
    facts = [{"title": "Requester", "value": name(p)}, {"title": "Ticket", "value": g.order_no()}, {"title": "Asset", "value": g.imei()}]
    for k, label in (("email", "Email"), ("us_phone", "Callback"), ("us_ssn", "Employee SSN"), ("credit_card", "Corporate card")):
        if k in v:
            facts.append({"title": label, "value": v[k]})
    card = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.5",
            "body": [{"type": "TextBlock", "text": f"New access request from {p['city']}", "weight": "Bolder"},
                     {"type": "FactSet", "facts": facts}],
            "actions": [{"type": "Action.OpenUrl", "title": "Open", "url": f"https://itsm.example.com/req/{g.uuid()}"}]}
    return done("Teams shows 'card could not be rendered' for this Adaptive Card from our Power Automate flow:\n" +
                json.dumps(card, ensure_ascii=False, indent=1), det, v)
